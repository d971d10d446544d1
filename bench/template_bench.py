"""How much text the learned site template removes and keeps: deputy pages of three skins of our own (a sidebar
with a schedule widget and a poll beside a short biography, kk and ru), imported from a WARC, then re-extracted.

    .venv/bin/python bench/template_bench.py [--deputies 20]

Per skin: the characters of sidebar (template) and biography (story) lines that extraction alone leaves in
the text; the share of the sidebar removed at import and after `reextract`; the share of the story kept; the
share kept of a sidebar line that only one page has (its deputy's next reception: no count can learn it);
and the records marked duplicates of another deputy's page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import template
from archive.config import Settings
from archive.importer import import_paths
from archive.models import paragraphs
from archive.normalize.core import normalize
from archive.reextract import reextract
from archive.store import Store
from tests.archive.skins import SIDEBAR, SKINS, deputy

SETTINGS = Settings.from_env()


def pages(deputies: int) -> dict[str, tuple[str, str, int, str]]:
    """{url: (skin, lang, deputy, html)}, kk and ru interleaved as a crawl meets them."""
    out = {}
    for skin, render in SKINS.items():
        for i in range(deputies):
            for lang in ("ru", "kk"):
                title, paragraphs = deputy(i, lang)
                html = render(lang, title, paragraphs, f"/deputies/{i + 1}", own=(own_line(i, lang),))
                out[f"http://{skin}.example/{lang}/deputies/{i + 1}"] = (skin, lang, i, html)
    return out


def own_line(i: int, lang: str) -> str:
    """A sidebar line of one page only (the deputy's next reception): a widget no count can learn."""
    if lang == "ru":
        return f"Ближайший приём граждан: {1 + i % 28} апреля, {12 + i % 6}:00"
    return f"Азаматтарды келесі қабылдау: сәуірдің {1 + i % 28}-і, {12 + i % 6}:00"


def write_warc(path: Path, pages: dict[str, str]) -> None:
    """The pages in a WARC file as a crawl writes them (crawler.warc.WarcFile)."""
    from scrapy import Request
    from scrapy.http import Response

    from archive.warc import PAGE_HEADER
    from crawler.warc import WarcFile

    warc = WarcFile(path, path.parent, software="bench/template_bench.py")
    for url, html in pages.items():
        response = Response(url, body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
        warc.write(Request(url), response, "2024-01-01T00:00:00Z", {PAGE_HEADER: "story"})
    warc.close()


def measure(texts: dict[str, str], site: dict) -> dict[str, dict[str, int]]:
    """Per skin: characters of template and of story lines in the texts."""
    out: dict[str, dict[str, int]] = {}
    for url, text in texts.items():
        skin, lang, i, _html = site[url]
        lines = set(paragraphs(text))
        story = set(deputy(i, lang)[1])
        row = out.setdefault(skin, {"template": 0, "story": 0, "own": 0})
        row["template"] += sum(len(x) for x in lines if x in SIDEBAR[lang] or _is_sidebar(x, lang))
        row["story"] += sum(len(x) for x in lines if x in story)
        row["own"] += sum(len(x) for x in lines if x == own_line(i, lang))
    return out


def _is_sidebar(line: str, lang: str) -> bool:
    """The poll's options come out joined on one line in some skins."""
    return any(option in line for option in SIDEBAR[lang][5:8]) and len(line) < 80


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deputies", type=int, default=20, help="deputies per skin (each in kk and ru)")
    args = parser.parse_args()
    site = pages(args.deputies)
    extracted = {url: normalize(html.encode(), url).text for url, (*_rest, html) in site.items()}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_warc(root / "sites.warc.gz", {url: html for url, (*_rest, html) in site.items()})
        with Store(root / "archive.sqlite3") as store:
            import_paths(store, [root / "sites.warc.gz"], warc_root=root, settings=SETTINGS)
            imported = {d["url"]: d["text"] for d in store.documents()}
            reextract(store, root, settings=SETTINGS)
            final = {d["url"]: d for d in store.documents()}
            by_id = {d["id"]: d for d in final.values()}
            wrong = sum(
                1
                for d in final.values()
                if d["duplicate_of"] and by_id[d["duplicate_of"]]["title"] != d["title"]
            )
    base, at_import = measure(extracted, site), measure(imported, site)
    after = measure({u: d["text"] for u, d in final.items()}, site)
    print(f"template rule: a line on >= {template.MIN_PAGES} pages and >= {template.MIN_SHARE:.0%} of a host's"
          f" pages in one language; {len(site)} pages, {args.deputies} deputies x kk/ru x {len(SKINS)} skins")  # fmt: skip
    print("chars that extraction alone leaves in the text, and the share of them removed or kept:")
    header = (
        "skin",
        "pages",
        "sidebar",
        "removed@import",
        "removed@reextract",
        "story",
        "kept",
        "page's own",
        "kept",
    )
    print("{:<10} {:>5} {:>8} {:>14} {:>17} {:>7} {:>7} {:>10} {:>7}".format(*header))
    rows = [(skin, sum(1 for v in site.values() if v[0] == skin), [base[skin], at_import[skin], after[skin]])
            for skin in SKINS]  # fmt: skip
    total = [{k: sum(r[2][i][k] for r in rows) for k in base[next(iter(SKINS))]} for i in range(3)]
    for name, n, (b, i, a) in [*rows, ("all", len(site), total)]:
        print(
            f"{name:<10} {n:>5} {b['template']:>8} {1 - i['template'] / b['template']:>14.1%}"
            f" {1 - a['template'] / b['template']:>17.1%} {b['story']:>7} {a['story'] / b['story']:>7.1%}"
            f" {b['own']:>10} {a['own'] / b['own']:>7.1%}"
        )
    print(f"records marked duplicates of another deputy's page: {wrong}")


if __name__ == "__main__":
    main()
