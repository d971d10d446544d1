"""Benchmark: near-duplicate settings (shingles, threshold, LSH bands) on the labelled pairs; speed."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from archive import dedupe
from archive.models import Capture, Extracted
from archive.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "archive" / "data" / "dedupe_pairs.jsonl"
SETTINGS = [("word", k) for k in (1, 2, 3, 4, 5)] + [("char", k) for k in (4, 5, 7, 9)]
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]
LSH = [(16, 8), (21, 6), (32, 4), (42, 3), (64, 2)]  # (bands, rows) for 128 permutations (42x3 uses 126)


def load_pairs(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def prf(sims: list[float], labels: list[bool], t: float) -> tuple[float, float, float]:
    tp = sum(s >= t and y for s, y in zip(sims, labels, strict=True))
    fp = sum(s >= t and not y for s, y in zip(sims, labels, strict=True))
    fn = sum(s < t and y for s, y in zip(sims, labels, strict=True))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def collides(a: bytes, b: bytes, bands: int, rows: int) -> bool:
    va, vb = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    eq = va[: bands * rows] == vb[: bands * rows]
    return bool(eq.reshape(bands, rows).all(axis=1).any())


def fact_ok(conf: tuple[int, int], rate: float) -> bool:
    shared, differ = conf
    return differ <= rate * shared


def through_store(pairs: list[dict]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the archive's own candidate search and rule (Store.save) on the pairs."""
    texts = list(dict.fromkeys(t for p in pairs for t in (p["a"], p["b"])))
    canonical = {}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "archive.sqlite3") as store:
        for i, text in enumerate(texts):
            doc = Extracted(title=f"Text {i}", lang="ru", text=text, url=f"http://pairs.test/{i}")
            result = store.save(
                doc, Capture(url=doc.url, fetched_at="2024-01-01T00:00:00Z", sha256=str(i)), "pairs"
            )
            canonical[text] = result.duplicate_of or result.id
    judged = [1.0 if canonical[p["a"]] == canonical[p["b"]] else 0.0 for p in pairs]
    return prf(judged, [bool(p["duplicate"]) for p in pairs], 0.5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--full", action="store_true", help="print P/R/F1 for every threshold of every setting")
    args = ap.parse_args()
    pairs = load_pairs()
    labels = [bool(p["duplicate"]) for p in pairs]
    kinds = sorted({p["kind"] for p in pairs})
    print(
        f"labelled pairs: {len(pairs)} ({sum(labels)} duplicates, {len(labels) - sum(labels)} not); "
        f"languages {sorted({p['lang'] for p in pairs})}"
    )
    print(
        f"NUM_PERM={dedupe.NUM_PERM}; similarity = MinHash estimate (exact Jaccard alongside);"
        f" facts rule: at most {dedupe.MAX_CONFLICT_RATE:.0%} of shared fact slots may differ\n"
    )
    full = [(dedupe.signature(p["a"]), dedupe.signature(p["b"])) for p in pairs]
    conf = [dedupe.conflicts(a, b) for a, b in full]
    ok = [fact_ok(c, dedupe.MAX_CONFLICT_RATE) for c in conf]
    print(
        f"{'shingles':9} {'facts':5} {'best t':>6} {'P':>6} {'R':>6} {'F1':>6}  {'min dup':>7} {'max non':>7}"
        f" {'gap':>6}  {'exact min dup':>13} {'exact max non':>13}  F1-optimal thresholds"
    )
    results = {}
    for unit, k in SETTINGS:
        sh = [(dedupe.shingles(p["a"], k, unit), dedupe.shingles(p["b"], k, unit)) for p in pairs]
        exact = [jaccard(a, b) for a, b in sh]
        sigs = [(dedupe.minhash(a), dedupe.minhash(b)) for a, b in sh]
        est = [dedupe.similarity(a, b) for a, b in sigs]
        results[(unit, k)] = (est, sigs)
        for use_facts in (False, True):
            # With the facts rule, a pair whose facts conflict scores 0: it can never be judged duplicate.
            e = [x if (ok[i] or not use_facts) else 0.0 for i, x in enumerate(est)]
            ex = [x if (ok[i] or not use_facts) else 0.0 for i, x in enumerate(exact)]
            scored = [(prf(e, labels, t), t) for t in THRESHOLDS]
            best_f1 = max(sc[2] for sc, _ in scored)
            best_ts = [t for sc, t in scored if sc[2] == best_f1]
            (p, r, f1), t = next(x for x in scored if x[1] == best_ts[len(best_ts) // 2])
            mind = min(x for x, y in zip(e, labels, strict=True) if y)
            maxn = max(x for x, y in zip(e, labels, strict=True) if not y)
            emind = min(x for x, y in zip(ex, labels, strict=True) if y)
            emaxn = max(x for x, y in zip(ex, labels, strict=True) if not y)
            print(
                f"{unit}-{k:<4} {'yes' if use_facts else 'no':5} {t:6.2f} {p:6.3f} {r:6.3f} {f1:6.3f}"
                f"  {mind:7.3f} {maxn:7.3f} {mind - maxn:6.3f}  {emind:13.3f} {emaxn:13.3f}"
                f"  {best_ts[0]:.2f}..{best_ts[-1]:.2f}"
            )
            if args.full:
                for th in THRESHOLDS:
                    pp, rr, ff = prf(e, labels, th)
                    print(f"    t={th:.2f} P={pp:.3f} R={rr:.3f} F1={ff:.3f}")

    unit, k, t = "word", dedupe.SHINGLE, dedupe.THRESHOLD
    est, sigs = results[(unit, k)]
    judged = [dedupe.is_near_duplicate(a, b) for a, b in full]
    print(
        f"\nchosen (archive/dedupe.py): {unit}-{k} shingles, THRESHOLD={t}, MAX_CONFLICT_RATE="
        f"{dedupe.MAX_CONFLICT_RATE}, BANDS={dedupe.BANDS} x ROWS={dedupe.ROWS}, MIN_WORDS={dedupe.MIN_WORDS}"
    )
    print(f"{'threshold':>9} {'P':>6} {'R':>6} {'F1':>6}   {'P+facts':>7} {'R+facts':>7} {'F1+facts':>8}")
    for th in THRESHOLDS:
        pp, rr, ff = prf(est, labels, th)
        fp, fr, ffa = prf([x if ok[i] else 0.0 for i, x in enumerate(est)], labels, th)
        mark = "  <- chosen" if abs(th - t) < 1e-9 else ""
        print(f"{th:9.2f} {pp:6.3f} {rr:6.3f} {ff:6.3f}   {fp:7.3f} {fr:7.3f} {ffa:8.3f}{mark}")
    p, r, f1 = prf([1.0 if j else 0.0 for j in judged], labels, 0.5)
    print(f"archive.dedupe.is_near_duplicate on all pairs: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    print("\nper kind with the shipped rule (judged duplicate; similarity min..max; fact slots differing):")
    for kind in kinds:
        idx = [i for i, p in enumerate(pairs) if p["kind"] == kind]
        lo, hi = min(est[i] for i in idx), max(est[i] for i in idx)
        rates = [conf[i][1] / conf[i][0] if conf[i][0] else 0.0 for i in idx]
        dup = pairs[idx[0]]["duplicate"]
        print(
            f"  {kind:26} duplicate={str(dup):5} n={len(idx):3}  judged dup {sum(judged[i] for i in idx):3}/"
            f"{len(idx):<3} sim {lo:.3f}..{hi:.3f}  differing {min(rates):.2f}..{max(rates):.2f}"
        )
    for rate in (0.0, 0.05, 0.1, 0.15, 0.2, 1.0):
        e = [x if fact_ok(conf[i], rate) else 0.0 for i, x in enumerate(est)]
        pp, rr, ff = prf(e, labels, t)
        print(f"  MAX_CONFLICT_RATE={rate:<4}: P {pp:.3f} R {rr:.3f} F1 {ff:.3f}")
    print(
        "\nLSH banding: P(collide in >=1 band) = 1-(1-s^r)^b at s=threshold and at the lowest duplicate;"
        "\nempirical share of duplicate pairs that collide, and of non-duplicates that collide (extra checks)"
    )
    mind = min(s for s, y in zip(est, labels, strict=True) if y)
    print(f"lowest duplicate similarity: {mind:.3f}")
    print(f"{'bands x rows':>12} {'P@t':>7} {'P@min dup':>9} {'dup collide':>11} {'non collide':>11}")
    for b, r in LSH:
        pt, pm = 1 - (1 - t**r) ** b, 1 - (1 - mind**r) ** b
        dc = [collides(x, y, b, r) for (x, y), lab in zip(sigs, labels, strict=True) if lab]
        nc = [collides(x, y, b, r) for (x, y), lab in zip(sigs, labels, strict=True) if not lab]
        mark = "  <- chosen" if (b, r) == (dedupe.BANDS, dedupe.ROWS) else ""
        print(f"{b:5} x {r:<4} {pt:7.3f} {pm:9.3f} {sum(dc) / len(dc):11.3f} {sum(nc) / len(nc):11.3f}{mark}")
    shipped = [
        any(ka == kb for ka, kb in zip(dedupe.band_keys(a), dedupe.band_keys(b), strict=True))
        for a, b in full
    ]
    dups = [c for c, lab in zip(shipped, labels, strict=True) if lab]
    print(f"shipped band_keys: {sum(dups)}/{len(dups)} duplicate pairs share a bucket")

    p, r, f1 = through_store(pairs)
    print(
        f"\nthrough the store (each distinct text saved once, in order; a pair is judged duplicate when both"
        f" end in one cluster): precision {p:.3f} recall {r:.3f} F1 {f1:.3f}"
    )

    texts = [p["a"] for p in pairs] + [p["b"] for p in pairs]
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < 2.0:
        for text in texts:
            dedupe.signature(text)
        n += len(texts)
    dt = time.perf_counter() - start
    words = sum(len(dedupe.words(x)) for x in texts) / len(texts)
    print(f"\nspeed: {n / dt:,.0f} signatures/s (texts of {words:.0f} words on average)")


if __name__ == "__main__":
    main()
