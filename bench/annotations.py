"""Annotations in bulk: the Web Annotation import of 3, 300 and 2,000 spans on one long article.

Builds two articles per size (2,000+ sentences, each a unique quote) in a throwaway
database, times one `webannotation_import` of N span annotations onto the first,
each with a tag, a note and an evidence link (as one request of the API sends them),
and counts the queries (COPY included) of the same import onto the second.
Targets (issue 20): a fixed number of queries whatever N, the time for 300 at most
15x the time for 3, and 2,000 spans in under 1 s.

    .venv/bin/python bench/annotations.py [--sizes 3,300,2000]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import bench_database  # noqa: E402

SENTENCE = "Minister {i} said on Tuesday that the port handled {i} containers, up 4.{d}% on last year."


def build_article(workspace, sentences: int, name: str):
    from annotations.models import Article

    text = " ".join(SENTENCE.format(i=i, d=i % 10) for i in range(sentences)) + f" {name}."
    return Article.objects.create(workspace=workspace, title=f"Bench {name}", raw_text=text, clean_text=text,
                                  content_hash=Article.hash_text(text), status="ready",
                                  analysed_at="2026-01-01T00:00:00Z")


def web_annotations(article, count: int, tag: str) -> dict:
    """An AnnotationPage of `count` W3C annotations on the first sentences: a quote, a tag, a note, a link."""
    text, items, at = article.clean_text, [], 0
    for i in range(count):
        exact = SENTENCE.format(i=i, d=i % 10)
        start = text.index(exact, at)
        at = start + len(exact)
        items.append({
            "type": "Annotation", "id": f"urn:bench:{i}",
            "body": [{"type": "TextualBody", "value": f"Check the figure {i}."},
                     {"type": "TextualBody", "purpose": "tagging", "value": tag},
                     {"type": "SpecificResource", "purpose": "linking", "source": f"https://port.example/{i}"}],
            "target": {"source": "https://example.org/story", "selector": [
                {"type": "TextPositionSelector", "start": start, "end": at},
                {"type": "TextQuoteSelector", "exact": exact, "prefix": text[max(0, start - 32):start],
                 "suffix": text[at:at + 32]}]},
        })
    return {"type": "AnnotationPage", "items": items}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3,300,2000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with bench_database():
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from annotations import services
        from annotations.models import Label, Membership

        workspace = services.workspace_create(name="Bench", slug="bench")
        author = get_user_model().objects.create_user("bench-author")
        Membership.objects.create(workspace=workspace, user=author, role="reviewer")
        tag = Label.objects.filter(workspace=workspace).order_by("ordinal", "pk").first().name

        print(f"{'spans':>6} {'created':>8} {'seconds':>9} {'ms/span':>8} {'queries':>8}")
        results = {}
        for size in sizes:
            # Timed without the query log, as in production; counted on a twin article with it
            # (the log is the one count that includes COPY statements).
            timed, counted = (build_article(workspace, max(sizes), f"size {size} {twin}") for twin in (1, 2))
            data = web_annotations(timed, size, tag)
            began = time.perf_counter()
            result = services.webannotation_import(article=timed, data=data, by=author)
            seconds = time.perf_counter() - began
            with CaptureQueriesContext(connection) as queries:
                services.webannotation_import(article=counted, data=web_annotations(counted, size, tag), by=author)
            results[size] = seconds
            print(f"{size:>6} {len(result.created):>8} {seconds:>9.3f} {1000 * seconds / size:>8.2f} "
                  f"{len(queries):>8}")
        if 3 in results and 300 in results:
            ratio = results[300] / results[3]
            print(f"300 spans take {ratio:.1f}x the time of 3 (target <= 15x): {'met' if ratio <= 15 else 'MISSED'}")
        if 2000 in results:
            print(f"2,000 spans in {results[2000]:.2f} s (target < 1 s): {'met' if results[2000] < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
