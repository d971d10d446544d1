"""Near-duplicate detection at scale: short, similar records (deputies' biographies, 30-50 words, one
template) imported from WARCs; the rate per thousand must not fall as the archive grows.

    .venv/bin/python bench/near_duplicates.py [--records 4000] [--more 300]

Prints docs/s per WARC of 1,000 records, then for `--more` records imported into the full archive: time,
candidate comparisons (calls of `dedupe.titles_agree`, the check every short candidate gets) per record, and
the planted reposts found (a repost of a deputy's page is a duplicate; another deputy's page never is).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import dedupe
from archive.config import Settings
from archive.importer import import_paths
from archive.store import Store

SURNAMES = (
    "Ахметов Жумабаев Садыков Омаров Бекетов Касымов Нургалиев Серикбаев Толеубеков Мукашев Абдрахманов"
    " Ибраимов Кенжебаев Шаймерденов Утегенов Байжанов Сулейменов Жаксыбеков Исмаилов Карабаев"
).split()
FIRST = (
    "Серик Айдар Марат Ержан Асхат Бауыржан Нурлан Ерлан Канат Даурен Арман Бахыт Жанат Тимур Алмас".split()
)
PATRONYMIC = (
    "Болатович Маратович Канатович Асхатович Нурланович Ерланович Серикович Талгатович Аскарович".split()
)
CITIES = (
    "Караганда Актобе Шымкент Павлодар Костанай Атырау Тараз Семей Кокшетау Уральск Актау Туркестан".split()
)
SPECIALTY = "юрист экономист инженер педагог врач агроном историк журналист".split()
COMMITTEE = ("законодательству", "финансам и бюджету", "аграрным вопросам", "социально-культурному развитию",
             "международным делам", "экологии и природопользованию")  # fmt: skip


def deputy(n: int) -> tuple[str, str]:
    """Deputy n (title, text): distinct names and facts in one template of three short paragraphs."""
    name = (f"{SURNAMES[n % len(SURNAMES)]} {FIRST[n // len(SURNAMES) % len(FIRST)]}"
            f" {PATRONYMIC[n // (len(SURNAMES) * len(FIRST)) % len(PATRONYMIC)]}")  # fmt: skip
    year, city = 1950 + n % 40, CITIES[n % len(CITIES)]
    text = "\n\n".join([
        f"Родился {1 + n % 28} марта {year} года в городе {city}.",
        f"Окончил университет в {year + 22} году по специальности {SPECIALTY[n % len(SPECIALTY)]},"
        f" работал в акимате города {CITIES[(n // 7) % len(CITIES)]}.",
        f"Избран депутатом Мажилиса Парламента Республики Казахстан в {2004 + n % 20} году,"
        f" член комитета по {COMMITTEE[n % len(COMMITTEE)]}.",
    ])  # fmt: skip
    return name, text


def html(title: str, text: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode()  # fmt: skip


def records(start: int, count: int, repost_every: int = 50) -> list[tuple[str, bytes]]:
    """(url, page) of deputies start..start+count; every `repost_every`-th is a repost of an earlier deputy's
    page under another URL (the same biography, one word changed: a near-duplicate, not an exact one)."""
    out = []
    for n in range(start, start + count):
        if n % repost_every == repost_every - 1:
            original = n // 2 - (n // 2 % repost_every == repost_every - 1)  # a deputy's own page, no repost
            title, text = deputy(original)
            out.append(
                (f"http://deputies.test/ru/repost/{n}", html(title, text.replace("работал", "трудился")))
            )
        else:
            title, text = deputy(n)
            out.append((f"http://deputies.test/ru/deputy/{n}", html(title, text)))
    return out


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, page in pages:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=http)
            )


class Counted:
    """dedupe.titles_agree, counting its calls."""

    def __init__(self) -> None:
        self.calls, self.inner = 0, dedupe.titles_agree

    def __call__(self, a: str | None, b: str | None) -> bool:
        self.calls += 1
        return self.inner(a, b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=4000)
    ap.add_argument("--more", type=int, default=300)
    args = ap.parse_args()
    counted = Counted()
    dedupe.titles_agree = counted  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        warcs = []
        for i, start in enumerate(range(0, args.records, 1000)):
            warcs.append(root / f"part{i:02d}.warc.gz")
            write_warc(warcs[-1], records(start, min(1000, args.records - start)))
        more = root / "more.warc.gz"
        write_warc(more, records(args.records, args.more))
        print(f"{'records':>9} {'docs/s':>7} {'titles_agree/record':>20}")
        with Store(root / "archive.sqlite3") as store:
            done = 0
            for path in warcs:
                calls, t = counted.calls, time.perf_counter()
                report = import_paths(store, [path], warc_root=root, settings=Settings.from_env())
                n = report.new + report.updated + report.unchanged
                done += n
                print(f"{done:>9} {n / (time.perf_counter() - t):>7.1f} {(counted.calls - calls) / n:>20.1f}")
            calls, t = counted.calls, time.perf_counter()
            report = import_paths(store, [more], warc_root=root, settings=Settings.from_env())
            elapsed = time.perf_counter() - t
            n = report.new + report.updated + report.unchanged
            print(f"{args.more} more into {done}: {elapsed:.1f} s, {n / elapsed:.1f} docs/s,"
                  f" titles_agree {counted.calls - calls} calls ({(counted.calls - calls) / n:.0f} per record)")  # fmt: skip
            rows = store.conn.execute("SELECT url, duplicate_of FROM documents").fetchall()
        planted = [r for r in rows if "/repost/" in r[0]]
        found = sum(1 for r in planted if r[1])
        wrong = sum(1 for r in rows if "/deputy/" in r[0] and r[1])
        print(
            f"reposts found {found}/{len(planted)}; deputies wrongly marked duplicates {wrong}/{len(rows) - len(planted)}"
        )


if __name__ == "__main__":
    main()
