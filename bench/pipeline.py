"""Measure the speed of the whole text pipeline against pySBD and spaCy's bare tokenizer.

Run from the repository root: `python bench/pipeline.py [--words N] [--runs R] [--seed S]`.

Texts: the gold articles of every read set under tests/data/ (unseen2, the one set
nobody has read, is left out), copied until at least N words (default 300,000). Every copy
has its people renamed with generated names, so each analysed article is new to the
process: a pattern built per name at run time is compiled again, as it is on a desk's
unseen articles, instead of being served by Python's regex cache from the last copy.

Per article, interleaved so a shared machine's drift slows all three alike:
- the pipeline analyzes the raw page;
- pySBD (`Segmenter(language="en", clean=False, char_span=False)`) segments its clean text;
- spaCy's bare tokenizer (`spacy.blank("en").tokenizer`) tokenizes the same clean text.

Regex compiles per article: `re._compiler.compile` is wrapped while the pipeline runs and
counts every stdlib pattern that missed `re`'s cache and was compiled. Module-level
patterns are compiled at import; a literal in a function is compiled once per process and
then served by the cache. What remains per article is a pattern built from the article's
own words. Also prints the demo article's warm analysis time (median of R runs, default 20).

Targets: pipeline at least 3x pySBD, at least 0.4 of the bare tokenizer, no regex compiled
per article, demo under 20 ms warm.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.nlp import analyze  # noqa: E402
from annotations.nlp.clean import clean  # noqa: E402
from bench._articles import ROOT, load_articles  # noqa: E402

DEMO = ROOT / "annotations" / "demo" / "cracks-in-the-axis.txt"
SETS = ("articles", "heldout", "blind", "final", "unseen3", "unseen4")
PYSBD_TARGET = 3.0
TOKENIZER_TARGET = 0.4
DEMO_TARGET_MS = 20.0
_SYLLABLES = "ba be bo da de di ka ke ko la li lo ma me mi na no ra re ri sa se so ta te to va vi zo".split()


class CompileCounter:
    """Count the stdlib regexes compiled (cache misses of `re`) while it is installed."""

    def __init__(self) -> None:
        self.count = 0
        self._original = re._compiler.compile

    def __enter__(self) -> "CompileCounter":
        original = self._original

        def counting(pattern, flags=0):
            self.count += 1
            return original(pattern, flags)

        re._compiler.compile = counting
        return self

    def __exit__(self, *exc) -> None:
        re._compiler.compile = self._original


def _fresh_name(rng: random.Random, used: set[str]) -> str:
    """Return a capitalised made-up word not handed out before."""
    while True:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if word not in used:
            used.add(word)
            return word


def _name_words(gold: dict) -> list[str]:
    """Return the capitalised words of the gold speakers' names, longest first."""
    words = set()
    for q in gold.get("quotes", []):
        for w in re.findall(r"[A-Z][a-z]{2,}", q.get("speaker") or ""):
            words.add(w)
    return sorted(words, key=lambda w: (-len(w), w))


def renamed(raw: str, names: list[str], rng: random.Random, used: set[str]) -> str:
    """Return the page with each speaker name word replaced by a fresh made-up one."""
    if not names:
        return raw
    table = {w: _fresh_name(rng, used) for w in names}
    return re.sub(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", lambda m: table[m.group()], raw)


def main(argv: list[str]) -> int:
    """Print words per second for the pipeline, pySBD and the bare tokenizer, their ratios and compiles."""
    import pysbd
    import spacy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=300_000, help="words to process (default 300,000)")
    parser.add_argument("--runs", type=int, default=20, help="warm runs of the demo article (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated names (default 1)")
    args = parser.parse_args(argv)

    articles = [a for s in SETS for a in load_articles(ROOT / "tests" / "data" / s)]
    if not articles:
        print("no articles found under tests/data/")
        return 0
    rng = random.Random(args.seed)
    used: set[str] = set()
    batch: list[tuple[str, str | None, str]] = []
    words = 0
    while words < args.words:
        for art in articles:
            raw = renamed(art.raw, _name_words(art.gold), rng, used)
            text = clean(raw, content_type=art.content_type).text
            batch.append((raw, art.content_type, text))
            words += len(text.split())
            if words >= args.words:
                break

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    tokenizer = spacy.blank("en").tokenizer
    # Before timing: load spaCy and trafilatura, and compile the patterns written as literals in
    # functions (once per process), so that the count below is what each new article costs.
    for art in articles:
        analyze(art.raw, content_type=art.content_type)
    segmenter.segment(articles[0].raw)
    tokenizer(articles[0].raw)

    pipeline_s = pysbd_s = tok_s = 0.0
    compiles = 0
    for raw, ctype, text in batch:
        with CompileCounter() as counter:
            t0 = time.perf_counter()
            analyze(raw, content_type=ctype)
            pipeline_s += time.perf_counter() - t0
        compiles += counter.count
        t0 = time.perf_counter()
        segmenter.segment(text)
        pysbd_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        tokenizer(text)
        tok_s += time.perf_counter() - t0

    demo = DEMO.read_text(encoding="utf-8")
    analyze(demo)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        analyze(demo)
        times.append((time.perf_counter() - t0) * 1000)
    demo_ms = statistics.median(times)

    pipe_wps, sbd_wps, tok_wps = words / pipeline_s, words / pysbd_s, words / tok_s
    vs_sbd, vs_tok = pipe_wps / sbd_wps, pipe_wps / tok_wps
    per_article = compiles / len(batch)
    print(f"words: {words:,} ({len(batch)} articles, people renamed in each)")
    print(f"pipeline:        {pipe_wps:12,.0f} words/s  ({pipeline_s:.2f} s)")
    print(f"pySBD alone:     {sbd_wps:12,.0f} words/s  ({pysbd_s:.2f} s)")
    print(f"bare tokenizer:  {tok_wps:12,.0f} words/s  ({tok_s:.2f} s)")
    print(f"pipeline / pySBD:          {vs_sbd:.2f}x   (target >= {PYSBD_TARGET}x)")
    print(f"pipeline / bare tokenizer: {vs_tok:.2f}    (target >= {TOKENIZER_TARGET})")
    print(f"regex compiles per article: {per_article:.2f} ({compiles} in all)   (target 0)")
    print(f"demo article warm analysis: {demo_ms:.2f} ms median of {args.runs}   (target < {DEMO_TARGET_MS} ms)")
    missed = []
    if vs_sbd < PYSBD_TARGET:
        missed.append("pySBD ratio")
    if vs_tok < TOKENIZER_TARGET:
        missed.append("tokenizer ratio")
    if compiles:
        missed.append("regex compiles")
    if demo_ms >= DEMO_TARGET_MS:
        missed.append("demo latency")
    print("targets met" if not missed else "targets missed: " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
