"""Measure the speed of the whole text pipeline against pySBD's sentence splitting alone.

Run from the repository root: `python bench/pipeline.py [--words N] [--runs R]`.

Both run over the same text: the gold articles repeated until at least N words
(default 1,000,000). The pipeline analyzes each article; pySBD
(`Segmenter(language="en", clean=False, char_span=False)`) segments the same
article's clean text, so both see the same number of words. Also prints the
demo article's warm analysis time (median of R runs, default 20).
Targets: pipeline at least 2x faster than pySBD alone; demo under 20 ms warm.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.nlp import analyze  # noqa: E402
from annotations.nlp.clean import clean  # noqa: E402
from bench._articles import ROOT, load_articles  # noqa: E402

DEMO = ROOT / "annotations" / "demo" / "cracks-in-the-axis.txt"
SPEEDUP_TARGET = 2.0
DEMO_TARGET_MS = 20.0


def main(argv: list[str]) -> int:
    """Print words per second for the pipeline and pySBD, their ratio, and the demo latency."""
    import pysbd

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="words to process (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=20, help="warm runs of the demo article (default 20)")
    args = parser.parse_args(argv)

    articles = load_articles()
    if not articles:
        print("no articles found in tests/data/articles/")
        return 0
    pages = [(a.raw, a.content_type, clean(a.raw, content_type=a.content_type).text) for a in articles]
    batch: list[tuple[str, str | None, str]] = []
    words = 0
    while words < args.words:
        for page in pages:
            batch.append(page)
            words += len(page[2].split())
            if words >= args.words:
                break

    analyze(pages[0][0], content_type=pages[0][1])  # load spaCy before timing
    t0 = time.perf_counter()
    for raw, ctype, _ in batch:
        analyze(raw, content_type=ctype)
    pipeline_s = time.perf_counter() - t0

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    t0 = time.perf_counter()
    for _, _, text in batch:
        segmenter.segment(text)
    pysbd_s = time.perf_counter() - t0

    demo_path = DEMO
    demo = demo_path.read_text(encoding="utf-8")
    analyze(demo)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        analyze(demo)
        times.append((time.perf_counter() - t0) * 1000)
    demo_ms = statistics.median(times)

    pipe_wps = words / pipeline_s
    sbd_wps = words / pysbd_s
    ratio = pipe_wps / sbd_wps
    print(f"words: {words:,} ({len(batch)} articles)")
    print(f"pipeline:    {pipe_wps:12,.0f} words/s  ({pipeline_s:.2f} s)")
    print(f"pySBD alone: {sbd_wps:12,.0f} words/s  ({pysbd_s:.2f} s)")
    print(f"speed ratio (pipeline / pySBD): {ratio:.2f}x   (target >= {SPEEDUP_TARGET}x)")
    print(f"demo article warm analysis: {demo_ms:.2f} ms median of {args.runs}   (target < {DEMO_TARGET_MS} ms)")
    missed = []
    if ratio < SPEEDUP_TARGET:
        missed.append("speed ratio")
    if demo_ms >= DEMO_TARGET_MS:
        missed.append("demo latency")
    print("targets met" if not missed else "targets missed: " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
