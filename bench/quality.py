"""Measure the text pipeline against the gold articles in tests/data/articles/.

Run from the repository root: `python bench/quality.py [-v] [DIR]`. DIR defaults to
tests/data/articles/; tests/data/heldout/ holds articles written without sight of the
pipeline, to see how it does on text it was not developed against.

Metrics, summed over all articles:
- Quote attribution precision / recall / F1. A predicted quote matches a gold quote
  (one-to-one, greedy in gold order) when the texts match AND the speaker names are
  equal after case-folding and dropping a leading "the". Direct quotes: texts equal
  after collapsing whitespace, case-folding and stripping edge punctuation and quote
  marks. Indirect quotes: the predicted span and the gold span (found in the clean
  text) overlap by at least 50% of the shorter one, or start at the same word.
- Role/organization accuracy over matched quotes: both role and organization equal
  after case-folding and dropping a leading "the" (None must match None).
- Segmentation faults: gold sentences not reproduced exactly as a claim.
- Not-quote violations: predicted quotes whose normalised text equals a gold not-quote.
- Check-worthiness ROC AUC over the gold pairs: fraction of pairs where the claim with
  the "higher" substring scores above the one with the "lower" substring, ties half.

Per-article failure lines follow the totals. Always exits 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.nlp import analyze  # noqa: E402
from bench._articles import TARGETS, Result, evaluate, load_articles  # noqa: E402


def main(argv: list[str]) -> int:
    """Print the quality figures of the pipeline over the gold set."""
    folders = [Path(arg) for arg in argv if not arg.startswith("-")]
    articles = load_articles(*folders[:1])
    if not articles:
        print(f"no gold articles found in {folders[0] if folders else 'tests/data/articles/'}")
        return 0
    total = Result()
    per_article: list[tuple[str, Result]] = []
    for art in articles:
        res = evaluate(art, analyze(art.raw, content_type=art.content_type).to_dict())
        total.add(res)
        per_article.append((art.name, res))
    print(f"articles: {len(articles)}  gold quotes: {total.gold}  predicted: {total.predicted}  matched: {total.matched}")
    print(f"quote attribution precision: {total.precision:.3f}")
    print(f"quote attribution recall:    {total.recall:.3f}")
    print(f"quote attribution F1:        {total.f1:.3f}   (target >= {TARGETS['f1']})")
    print(f"role/organization accuracy:  {total.role_org:.3f}   (target >= {TARGETS['role_org']})")
    print(f"segmentation faults:         {total.segmentation_faults}       (target {TARGETS['segmentation_faults']})")
    print(f"not-quote violations:        {total.not_quote_violations}")
    print(f"check-worthiness ROC AUC:    {total.auc:.3f}   (target >= {TARGETS['auc']}, {total.pairs} pairs)")
    verbose = "-v" in argv
    for name, res in per_article:
        if res.failures:
            print(f"\n[{name}] P={res.precision:.2f} R={res.recall:.2f} seg_faults={res.segmentation_faults}")
            for line in res.failures if verbose else res.failures[:25]:
                print(f"  - {line}")
    missed = total.missed()
    print()
    print("targets met" if not missed else "targets missed: " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
