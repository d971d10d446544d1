"""Import under hostile input and faults: plain and damaged WARCs, size bombs, unreadable paths, hostile
names and bytes, deep nesting, control characters, a full disk; each generated here, none stored."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.config import Settings
from archive.importer import ImportReport, find_files, import_paths
from archive.paths import DataDir
from archive.store import Store
from tests.helpers import ROOT, cli_process, file_size_limit

MIB = 1 << 20
SETTINGS = Settings()
BOMB_MIB = 256  # inflated size of each generated bomb: 25 times the page limit (the report measured 3 GiB)
PEAK_RSS_LIMIT_MIB = 200
NOBODY = 65534

_PARAGRAPH = (
    "Депутаты Мажилиса обсудили законопроект о республиканском бюджете на следующий год "
    "и одобрили его в первом чтении после долгого обсуждения поправок."
)


def story(n: int, extra: str = "") -> bytes:
    """A small Russian news page, distinct per n."""
    return (
        f"<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>Новость номер {n}</title></head>"
        f"<body><article><h1>Новость номер {n}</h1><p>{_PARAGRAPH} Заседание {n}.</p>"
        f"<p>{extra}{_PARAGRAPH[::-1]} {n}</p></article></body></html>"
    ).encode()


def warc(records: list[tuple[str, bytes, list[tuple[str, str]]]], *, gz: bool = True) -> bytes:
    """A WARC of response records (url, payload, HTTP headers), one gzip member per record when gz."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, payload, headers in records:
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http)
        writer.write_record(record)
    return buf.getvalue()


def pages(*numbers: int) -> list[tuple[str, bytes, list[tuple[str, str]]]]:
    html = [("Content-Type", "text/html; charset=utf-8")]
    return [(f"http://news.test/ru/news/{n}", story(n), html) for n in numbers]


def zeros_gzip(prefix: bytes, mib: int, suffix: bytes = b"") -> bytes:
    """One gzip member of prefix + `mib` MiB of NULs + suffix, built in milliseconds: a fully flushed
    deflate block of 1 MiB of NULs is independent of what precedes it, so it is repeated, not recomputed."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(bytes(MIB)) + deflate.flush(zlib.Z_FULL_FLUSH)
    assert deflate.compress(bytes(MIB)) + deflate.flush(zlib.Z_FULL_FLUSH) == block
    end = deflate.compress(suffix) + deflate.flush()
    crc = zlib.crc32(prefix)
    zero_mib = bytes(MIB)
    for _ in range(mib):
        crc = zlib.crc32(zero_mib, crc)
    crc = zlib.crc32(suffix, crc)
    size = (len(prefix) + mib * MIB + len(suffix)) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + start + block * mib + end + struct.pack("<II", crc, size)


def bomb_record(url: str, mib: int) -> bytes:
    """A .warc.gz member whose response payload inflates to `mib` MiB."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    block_length = len(http) + mib * MIB
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {block_length}\r\n\r\n"
    ).encode()
    return zeros_gzip(head + http, mib, b"\r\n\r\n")


# Prelude of a child that drops root: `warm_up()` runs first, as root, since the interpreter's own files
# (and the modules the work imports lazily) are readable by root alone.
_DROP_ROOT = """
import os, tempfile
from pathlib import Path
def drop_root(uid, warm_up):
    if uid is None:
        return
    with tempfile.TemporaryDirectory() as warm:
        (Path(warm) / "warm.html").write_text(STORY)
        warm_up(Path(warm))
    os.setgroups([]); os.setgid(uid); os.setuid(uid)
"""


def import_in_child(data: Path, *paths: Path, uid: int | None = None) -> dict:
    """Import through the importer in a fresh Python process (as `uid`, if given): the report and the
    process's peak resident memory."""
    script = f"""{_DROP_ROOT}
import json, resource, sys
from archive.config import Settings
from archive.importer import ImportReport, find_files, import_paths
from archive.store import Store
SETTINGS = Settings.from_env()
STORY = {story(0).decode()!r}
def warm_up(warm):
    with Store(warm / "warm.sqlite3") as store:
        import_paths(store, [warm / "warm.html"], settings=SETTINGS)
drop_root({uid!r}, warm_up)
report = ImportReport()
files = find_files(sys.argv[2:], report)
with Store(sys.argv[1]) as store:
    done = import_paths(store, (), files=files, settings=SETTINGS)
done.failed[:0] = report.failed
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (a big pytest)
peak_kib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"report": done.as_json(), "peak_kib": peak_kib}}))
"""
    run = subprocess.run(
        [sys.executable, "-c", script, str(data / "archive.sqlite3"), *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def cli_import_as(uid: int, data: Path, *paths: Path) -> subprocess.CompletedProcess:
    """`parlarchive --data DATA import PATHS --json` in a child that runs it as `uid`."""
    script = f"""{_DROP_ROOT}
import contextlib, io, sys
from parlarchive.cli import main
STORY = {story(0).decode()!r}
def warm_up(warm):
    with contextlib.redirect_stdout(io.StringIO()):
        main(["--data", str(warm / "data"), "import", str(warm / "warm.html")], standalone_mode=False)
drop_root({uid!r}, warm_up)
main(["--data", *sys.argv[1:], "--json"])
"""
    args = [sys.executable, "-c", script, str(data), "import", *map(str, paths)]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def import_here(data: Path, *paths: Path) -> ImportReport:
    report = ImportReport()
    files = find_files(paths, report)
    with Store(data / "archive.sqlite3") as store:
        done = import_paths(store, (), files=files, settings=SETTINGS)
    done.failed[:0] = report.failed
    return done


def stored(data: Path) -> dict[str, dict]:
    with Store(data / "archive.sqlite3") as store:
        return {doc["url"]: doc for doc in store.documents()}


# --- 5. plain WARC ------------------------------------------------------------------------------------


def test_plain_warc_imports_like_its_gzip_twin(tmp_path: Path) -> None:
    gz = tmp_path / "crawl.warc.gz"
    gz.write_bytes(warc(pages(1, 2, 3)))
    plain = tmp_path / "crawl.warc"
    plain.write_bytes(_gunzip_all(gz.read_bytes()))
    written = tmp_path / "written.warc"
    written.write_bytes(warc(pages(4, 5), gz=False))
    for name, path, count in (("gz", gz, 3), ("zcat", plain, 3), ("plain", written, 2)):
        data = tmp_path / f"data-{name}"
        done = import_here(data, path)
        assert (done.new, done.failed) == (count, []), name
    assert {d["title"] for d in stored(tmp_path / "data-zcat").values()} == {
        d["title"] for d in stored(tmp_path / "data-gz").values()
    }


def _gunzip_all(data: bytes) -> bytes:
    """`zcat`: every member of a multi-member gzip file, concatenated."""
    out = []
    while data:
        inflater = zlib.decompressobj(31)
        out.append(inflater.decompress(data))
        data = inflater.unused_data
    return b"".join(out)


# --- 6. untrusted sizes --------------------------------------------------------------------------------


def _huge_length(member: bytes) -> bytes:
    return member.replace(b"\r\nContent-Length: ", b"\r\nContent-Length: 99999999999999\r\nX-Was: ", 1)


def test_a_record_longer_than_its_file_is_reported_cut_short(tmp_path: Path) -> None:
    plain = tmp_path / "tail.warc"
    good, bad = warc(pages(1), gz=False), _huge_length(warc(pages(2), gz=False))
    plain.write_bytes(good + bad)
    members = tmp_path / "middle.warc.gz"
    members.write_bytes(warc(pages(3)) + zlib_member(_huge_length(warc(pages(4), gz=False))) + warc(pages(5)))
    done = import_here(tmp_path / "data", plain, members)
    assert done.new == 3, done.as_json()
    assert len(done.failed) == 2, done.failed
    for path, reason in done.failed:
        assert "news.test/ru/news/" in path and "#" in path
        assert reason.startswith("record cut short (") and reason.endswith(
            "of its declared 99999999999999 bytes)"
        )
    assert {d["url"].rsplit("/", 1)[1] for d in stored(tmp_path / "data").values()} == {"1", "3", "5"}


def zlib_member(raw: bytes) -> bytes:
    deflate = zlib.compressobj(6, zlib.DEFLATED, 31)
    return deflate.compress(raw) + deflate.flush()


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    member = folder / "member-bomb.warc.gz"  # a record whose gzip member inflates to 1 GiB, then a story
    member.write_bytes(
        warc(pages(1)) + bomb_record("http://news.test/ru/news/bomb", BOMB_MIB) + warc(pages(2))
    )
    encoded = folder / "encoded-bomb.warc.gz"  # Content-Encoding: gzip payload of 1 GiB, then a story
    payload = zeros_gzip(b"<html><body>", BOMB_MIB)
    gzip_html = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    encoded.write_bytes(warc([("http://news.test/ru/news/enc", payload, gzip_html)]) + warc(pages(3)))
    zeros = folder / "zeros.warc.gz"  # not a WARC at all: 1 GiB of NULs
    zeros.write_bytes(zeros_gzip(b"", BOMB_MIB))
    return {"member": member, "encoded": encoded, "zeros": zeros}


@pytest.mark.parametrize("kind", ["member", "encoded"])
def test_a_compressed_bomb_is_one_line_and_bounded_memory(
    bombs: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    got = import_in_child(tmp_path / "data", bombs[kind])
    report, peak_mib = got["report"], got["peak_kib"] / 1024
    print(
        f"{kind} bomb ({bombs[kind].stat().st_size / MIB:.1f} MB file, {BOMB_MIB} MiB inflated): peak RSS {peak_mib:.0f} MiB"
    )
    assert report["new"] == 1 + (kind == "member"), report
    assert len(report["failed"]) == 1, report
    assert "record too large" in report["failed"][0]["reason"]
    assert "#" in report["failed"][0]["path"] and "news.test" in report["failed"][0]["path"]
    assert peak_mib < PEAK_RSS_LIMIT_MIB


def test_gzip_of_zeros_is_refused_at_once(bombs: dict[str, Path], tmp_path: Path) -> None:
    done = import_here(tmp_path / "data", bombs["zeros"])
    assert [r for _p, r in done.failed] == ["broken WARC zeros.warc.gz at the start: not a WARC record"]


# --- 7. unreadable paths -------------------------------------------------------------------------------


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's tmp_path sits in root's private folder)."""
    with tempfile.TemporaryDirectory(prefix="parlarchive-") as name:
        folder = Path(name)
        os.chmod(folder, 0o755)
        yield folder


def _give(path: Path) -> None:
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files, ""]:
            os.chown(Path(root, name), NOBODY, NOBODY)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to start a child as another user")
def test_unreadable_paths_are_reported_and_the_rest_imported(shared_tmp: Path) -> None:
    saved = shared_tmp / "saved"
    (saved / "locked").mkdir(parents=True)
    (saved / "ok.html").write_bytes(story(1))
    (saved / "locked" / "hidden.html").write_bytes(story(2))
    secret = shared_tmp / "secret.html"
    secret.write_bytes(story(3))
    other = shared_tmp / "other.html"
    other.write_bytes(story(4))
    data = shared_tmp / "data"
    data.mkdir()
    (shared_tmp / "cli-data").mkdir()
    _give(shared_tmp)
    os.chmod(saved / "locked", 0)
    os.chmod(secret, 0)
    want = {str(saved / "locked"): "cannot read folder: Permission denied", str(secret): "Permission denied"}
    got = import_in_child(data, saved, secret, other, uid=NOBODY)["report"]
    assert got["new"] == 2, got
    assert {f["path"]: f["reason"] for f in got["failed"]} == want
    # The command line imports the rest too, and prints a line per unreadable path.
    run = cli_import_as(NOBODY, shared_tmp / "cli-data", saved, secret, other)
    assert run.returncode == 2 and run.stdout, run.stderr
    report = json.loads(run.stdout)
    assert report["new"] == 2 and {f["path"]: f["reason"] for f in report["failed"]} == want
    assert sorted(run.stderr.splitlines()) == sorted(f"error: {p}: {r}" for p, r in want.items())


# --- 8. names and bytes --------------------------------------------------------------------------------


def test_hostile_names_give_valid_json_and_one_line_errors(tmp_path: Path, data: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    bad_utf8 = os.fsencode(saved) + b"/bad\xff\xfe.html"
    with open(bad_utf8, "wb"):
        pass  # empty: a failure, so the name is printed
    (saved / "two\nlines.html").write_bytes(b"")
    (saved / "esc\x1b]0;pwned\x07.html").write_bytes(b"")
    (saved / "good.html").write_bytes(story(1))
    proc = cli_process(data, "import", str(saved), "--json")
    out, err = proc.communicate(timeout=60)
    report = json.loads(out)
    assert report["new"] == 1
    assert sorted(f["path"].rsplit("/", 1)[1] for f in report["failed"]) == [
        "bad\\xff\\xfe.html",
        "esc\\x1b]0;pwned\\x07.html",
        "two\\nlines.html",
    ]
    errors = err.splitlines()
    assert len(errors) == 3 and all(line.startswith("error: ") for line in errors), err
    assert "\x1b" not in err


def test_a_few_bad_bytes_are_replaced_and_counted(tmp_path: Path) -> None:
    raw = story(1, extra="Бюджет " * 50)
    damaged = raw.replace("бюджете".encode(), "бюдж".encode() + b"\xff\xfe" + "те".encode(), 1)
    page = tmp_path / "damaged.html"
    page.write_bytes(damaged)
    from archive.normalize.core import normalize

    doc = normalize(damaged, page.as_uri())
    assert doc.replaced == 2 and "бюдж\ufffd\ufffdте" in doc.text
    assert import_here(tmp_path / "data", page).new == 1
    with Store(tmp_path / "data" / "archive.sqlite3") as store:
        (rec,) = list(store.documents())
        assert [c["replaced"] for c in store.get(rec["id"])["captures"]] == [2], "kept as provenance"
    cp1251 = story(2).decode().replace("utf-8", "windows-1251").encode("cp1251")
    assert normalize(cp1251, "http://x.test/a.html").replaced == 0, "a legacy encoding is not damage"


def test_deeply_nested_page_falls_back_to_its_text() -> None:
    from archive.normalize.core import normalize

    depth = 100_000
    html = f"<html><head><title>Глубокая страница</title></head><body>{'<div>' * depth}<p>{_PARAGRAPH}</p>"
    doc = normalize((html + "</div>" * depth + "</body></html>").encode(), "http://x.test/deep.html")
    assert doc.title == "Глубокая страница" and doc.text == _PARAGRAPH and doc.lang == "ru"


def test_control_characters_are_stripped_from_stored_text() -> None:
    from archive.normalize.core import normalize

    hostile = (
        f"<p>Депутаты\x1b]0;pwned\x07 Мажилиса \x1b[31mобсудили\x1b[0m\x01 бюджет\x9b.\x0b{_PARAGRAPH}</p>"
        "<p>Итоги: \u202eтеджюб&#x2067; принят\u2069.</p>"  # bidi override and isolates ("Trojan Source")
    )
    html = f"<html><head><title>Заголовок\x1b[2J</title></head><body><article><h1>Заголовок&#x202e;</h1>{hostile}"
    doc = normalize((html + "</article></body></html>").encode(), "http://x.test/esc.html")
    assert doc.title == "Заголовок"
    assert doc.text.startswith("Депутаты Мажилиса обсудили бюджет.")
    assert doc.text.endswith("Итоги: теджюб принят.")
    unsafe = [ch for ch in doc.text if ord(ch) < 32 and ch not in "\n\t" or 0x7F <= ord(ch) <= 0x9F]
    assert not unsafe and not {"\u202e", "\u2067", "\u2069"} & set(doc.text + doc.title)


# --- 9. a full disk ------------------------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_a_rerun_completes(tmp_path: Path, data: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    total = 200
    for n in range(total):
        (saved / f"story-{n:03d}.html").write_bytes(story(n, extra=f"Номер {n} " * 40))
    proc = cli_process(data, "import", str(saved), preexec_fn=file_size_limit(256 * 1024))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("error: ") and "disk" in err
    rerun = cli_process(data, "import", str(saved), "--json")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    report = json.loads(out)
    assert report["failed"] == [] and report["new"] + report["unchanged"] == total
    assert len(stored(data)) == total


# --- 12. a rebuild from WARC stores what the crawl stored ---------------------------------------------

# The newest stories of the institute snapshot, served with odd types (None: no Content-Type header).
HOSTILE_TYPES = {
    0: "application/octet-stream",
    1: None,
    2: "text/plain",
    3: "text/html; charset=windows-1251",  # the bytes are UTF-8
    4: "application/x-unknown-junk",
}


def _hostile_server(paths: dict[str, str | None]):  # a started SiteServer
    from parlarchive.demo import mirror

    class Hostile(mirror._Handler):  # the mirror's handler, with other Content-Types
        def send_header(self, keyword: str, value: str) -> None:
            path = urlsplit(self.path).path
            if keyword == "Content-Type" and path in paths:
                if paths[path] is None:
                    return
                value = paths[path]
            super().send_header(keyword, value)

    server = mirror.start_site(mirror.CORPUS / "institute")
    server.RequestHandlerClass = Hostile
    return server


def test_a_rebuild_from_the_crawls_warcs_stores_every_record_the_crawl_stored(tmp_path: Path) -> None:
    from crawler.run import crawl
    from parlarchive.demo.mirror import CORPUS

    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    stories = sorted(
        (s for s in manifest["institute"]["stories"] if "ru" in s["versions"]), key=lambda s: s["date"]
    )  # in the list's order, oldest first (a republished story is not the newest)
    ru_paths = [s["versions"]["ru"]["path"] for s in stories]
    hostile = {ru_paths[-1 - i]: ctype for i, ctype in HOSTILE_TYPES.items()}  # the newest: list page 1
    server = _hostile_server(hostile)
    try:
        crawled = DataDir((tmp_path / "crawled").resolve())
        stats = crawl(
            crawled, "institute", base_url=server.base_url, langs=["ru"], max_pages=1, progress=False
        )
    finally:
        server.shutdown()
    assert not stats.failed, stats
    rebuilt = tmp_path / "rebuilt"
    done = import_here(rebuilt, crawled.root / "warc")
    assert done.failed == [], done.failed

    def fields(data: Path) -> dict[str, tuple]:
        return {u: (d["title"], d["text"], d["lang"], d["date"]) for u, d in stored(data).items()}

    want, got = fields(crawled.root), fields(rebuilt)
    assert {server.base_url + p for p in hostile} <= set(want), "the crawl stores the oddly typed stories"
    assert set(got) == set(want)
    for url in want:
        assert got[url] == want[url], url


def _stored_member(url: str, pad: int) -> bytes:
    """One WARC response record as an uncompressed ("stored") gzip member, its size set by `pad`."""
    import gzip

    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + story(1) + b" " * pad
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n", compresslevel=0, mtime=0)


def test_a_record_starting_at_the_last_byte_of_a_read_is_read(tmp_path: Path) -> None:
    """The reader takes 64 KiB at a time: a member starting at byte 65,535 of a read once ended the file
    there ("the last record is cut off"), and `valid_prefix` would have cut a sound WARC short."""
    from archive.warc import valid_prefix

    first = next(
        m for pad in range(65_000, 0, -1) if len(m := _stored_member("http://news.test/ru/1", pad)) == 65_535
    )
    path = tmp_path / "boundary.warc.gz"
    path.write_bytes(first + _stored_member("http://news.test/ru/2", 10))
    assert valid_prefix(path) == path.stat().st_size
    done = import_here(tmp_path / "data", path)
    assert (done.new, done.failed) == (2, [])
