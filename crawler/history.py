"""What the last crawls of a source found, per language, and the judgement of a run against it.

Kept in `jobs/{spider}-history.json` of the data folder (written by the one process that holds the
spider's crawl lock): per language, the stories found per list page by the last run that found any, and
whether the archive holds the language's whole list (a walk reached its end, or met stored stories after
a complete one). A language whose list is not known to be whole is walked to its end: the first crawl, the
crawl after a kill, a run cut short by `--since` or `--max-pages` — so that a daily update, which stops
where the stored stories begin, never leaves a gap behind it.

A run is judged so that a crawl that finds nothing says so: a language whose lists yield no story is a
failure; far fewer stories per list page than the last run (under `DROP`, e.g. 4 where there were 10) is a
warning naming the list and the figure expected.
"""

from __future__ import annotations

import json
from pathlib import Path

from archive.paths import DataDir

DROP = 0.5  # a run finding under half the last run's stories per list page is warned about
MIN_PER_PAGE = 2.0  # … when the last run found at least this many (a list of one or two stories varies)
_WHOLE = ("end", "repeat")  # stops that mean the walk saw the whole list


def history_path(data: DataDir, spider: str) -> Path:
    return data.jobs / f"{spider}-history.json"


def load(data: DataDir, spider: str) -> dict[str, dict]:
    try:
        history = json.loads(history_path(data, spider).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return history if isinstance(history, dict) else {}


def save(data: DataDir, spider: str, history: dict[str, dict]) -> None:
    path = history_path(data, spider)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(history, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def walk_all(history: dict[str, dict], langs: list[str], *, full: bool) -> list[str]:
    """The languages to walk to the end of their lists: all with `full`, else those not known whole."""
    return [lang for lang in langs if full or not history.get(lang, {}).get("whole")]


def judge(spider: str, langs: dict[str, dict], history: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(warnings, languages that yielded no story) of a finished run's walks (`Walk.report()` by language)."""
    warnings, empty = [], []
    for lang, walk in sorted(langs.items()):
        if walk["stories"] == 0:
            empty.append(lang)
            warnings.append(
                f"{walk['first']}: {spider} found no {lang} story on {walk['list_pages']} list page(s); "
                "expected links to stories in the list's items"
            )
            continue
        per_page = walk["stories"] / max(1, walk["list_pages"])
        last = history.get(lang, {}).get("per_page")
        if last and last >= MIN_PER_PAGE and per_page < DROP * last:
            warnings.append(
                f"{walk['first']}: {per_page:.1f} {lang} stories per list page, the last run found {last:.1f}; "
                "the site's markup or URLs may have changed"
            )
    if langs and len(empty) == len(langs) > 1:
        warnings.append(f"{spider}: no story found in any language")
    return warnings, empty


def update(history: dict[str, dict], langs: dict[str, dict], *, recovered: bool = False) -> dict[str, dict]:
    """The history after a run: its yield per list page (when it found any), and whether each list is whole."""
    out = {lang: dict(entry) for lang, entry in history.items()}
    for lang, walk in langs.items():
        entry = out.setdefault(lang, {})
        if walk["stories"]:
            entry["per_page"] = round(walk["stories"] / max(1, walk["list_pages"]), 2)
        was_whole = bool(entry.get("whole")) and not recovered
        entry["whole"] = walk["stop"] in _WHOLE or (was_whole and walk["all_known"] > 0)
    return out
