"""The demo: the snapshot of the three sites (`corpus/`), its generator and the loopback mirror serving it."""

from __future__ import annotations

from pathlib import Path

DEMO_PORT = 8101  # fixed: the stored URLs stay the same from one demo run to the next (nothing stored twice)
CORPUS = Path(__file__).resolve().parents[2] / "corpus"  # the snapshot in a source checkout


def demo_corpus(data_root: Path) -> Path:
    """The snapshot to serve: the checkout's `corpus/`, else (an installed package, which has no corpus/)
    the same snapshot generated into the data folder — the generator is deterministic, byte for byte."""
    if (CORPUS / "manifest.json").exists():
        return CORPUS
    built = data_root / "corpus"
    if not (built / "manifest.json").exists():
        from parlarchive.demo.sitegen import build_corpus  # `python -m` runs these modules: no import here

        build_corpus(built)
    return built


def deliberate_failures(failed: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Of an import's failures (path, reason), those that are the demo corpus's pages broken on purpose (the
    empty page each site links, as the demo's crawl stored it), and the others."""
    from parlarchive.demo.sitegen import broken_urls  # `python -m` runs the demo's modules: no import here

    broken = broken_urls(DEMO_PORT)
    ours = [(path, reason) for path, reason in failed if path.rsplit(" ", 1)[-1] in broken]
    return ours, [failure for failure in failed if failure not in ours]
