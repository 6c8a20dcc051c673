"""How three queries grow: the review page's claim digest, the span-check trigger, the article list.

Each part builds its rows in a throwaway database and prints what it measured:

- `claims`: `claims_summary` on the article bench/review_page.py builds (N claims,
  N*3/20 quotes, N*5/2 annotations, none with a verdict unless `--verdict-every`) just
  stored, while the statistics describe the tables as they were before it (analysed
  after the previous size; autovacuum is off for the bench's tables), then after `ANALYZE`;
- `trigger`: one COPY of claims across N articles, with the span-check trigger and
  without it; the difference per row is what the trigger costs;
- `list`: the home page's article list (first page, then a page deep in the list)
  for a member of a workspace of N articles.

    .venv/bin/python bench/queries.py [--claims 1000,2000,5000] [--trigger 250,4000] [--list 1000,10000]
                                      [--runs 5] [--verdict-every N] [--explain] [--only claims,trigger,list]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import bench_database  # noqa: E402

SENTENCE = "Minister {i} said on Tuesday that the port handled {i} containers, up 4.{d}% on last year."
TABLES = ["annotations_article", "annotations_claim", "annotations_annotation", "annotations_quote"]
CLAIMS_PER_ARTICLE = 5


def text_of(size: int, seed: int = 0) -> tuple[str, list[tuple[int, int]]]:
    """Return a text of `size` sentences and the span of each."""
    parts, spans, offset = [], [], 0
    for i in range(size):
        sentence = SENTENCE.format(i=i + seed, d=i % 10)
        parts.append(sentence)
        spans.append((offset, offset + len(sentence)))
        offset += len(sentence) + 1
    return " ".join(parts), spans


def article(workspace, text: str, title: str):
    from annotations.models import Article

    return Article(workspace=workspace, title=title, raw_text=text, clean_text=text,
                   content_hash=Article.hash_text(text), status="ready", analysed_at="2026-01-01T00:00:00Z")


def timed(call, runs: int) -> float:
    """Return the median milliseconds of `call` over `runs` calls after one warm-up."""
    call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
        return "\n".join("    " + row[0] for row in cursor.fetchall())


def bench_claims(workspace, author, sizes: list[int], runs: int, show_plans: bool, verdict_every: int) -> None:
    from django.db import connection
    from django.db.models.expressions import RawSQL

    from annotations.models import Annotation, Rating
    from annotations.selectors.review import _claim_rows, claims_summary
    from bench.review_page import build

    ratings = list(Rating.objects.filter(workspace=workspace).values_list("pk", flat=True))
    print(f"{'claims':>7} {'annotations':>12} {'fresh ms':>9} {'analysed ms':>12}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(TABLES))
    for size in sizes:
        # The tables' statistics describe them as they were before this article: "fresh"
        # is its rows not yet analysed, as after a load that autovacuum has not caught up with.
        stored = build(size, workspace, author)  # the review page bench's article, as issue 20 measured it
        if verdict_every:
            Annotation.objects.filter(article=stored, id__in=RawSQL(
                "SELECT id FROM annotations_annotation WHERE article_id = %s AND id %% %s = 0",
                [stored.pk, verdict_every])).update(verdict_id=ratings[0])
        fresh = timed(lambda: claims_summary(article=stored), runs)
        plan = ""
        if show_plans:
            sql, params = _claim_rows(stored).order_by().values("row_digest", "has_verdict").query.sql_with_params()
            plan = explain(sql, params)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(TABLES))
        analysed = timed(lambda: claims_summary(article=stored), runs)
        print(f"{size:>7} {size * 5 // 2:>12} {fresh:>9.1f} {analysed:>12.1f}", flush=True)
        if plan:
            print("  plan before ANALYZE:\n" + plan)


def bench_trigger(workspace, sizes: list[int]) -> None:
    from django.db import connection, transaction

    from annotations.models import Article, Claim
    from annotations.services.bulk import copy_rows

    text, spans = text_of(40)
    print(f"{'articles':>9} {'rows':>7} {'with trigger ms':>16} {'without ms':>11} {'trigger µs/row':>15}")
    for size in sizes:
        results = []
        for enabled in (True, False):
            Article.objects.filter(title__startswith="Trigger ").delete()
            stored = Article.objects.bulk_create(article(workspace, f"{text} {n} {enabled}", f"Trigger {n}")
                                                 for n in range(size))
            rows = [(a.pk, i, s, e, text[s:e], 0.5, [], "machine")
                    for a in stored for i, (s, e) in enumerate(spans[:CLAIMS_PER_ARTICLE])]
            with connection.cursor() as cursor:
                if not enabled:
                    cursor.execute("ALTER TABLE annotations_claim DISABLE TRIGGER claim_span_matches_insert")
                try:
                    with transaction.atomic():
                        start = time.perf_counter()
                        copy_rows(Claim, ["article", "ordinal", "start", "end", "text", "checkworthiness",
                                          "reasons", "origin"], rows)
                        results.append((time.perf_counter() - start) * 1000)
                finally:
                    cursor.execute("ALTER TABLE annotations_claim ENABLE TRIGGER claim_span_matches_insert")
        with_ms, without_ms = results
        print(f"{size:>9} {len(rows):>7} {with_ms:>16.1f} {without_ms:>11.1f} "
              f"{(with_ms - without_ms) * 1000 / len(rows):>15.1f}", flush=True)
    Article.objects.filter(title__startswith="Trigger ").delete()


def bench_list(workspace, reader, sizes: list[int], runs: int, show_plans: bool) -> None:
    from django.db import connection
    from django.test import Client

    from annotations.models import Article

    client = Client()
    client.force_login(reader)
    print(f"{'articles':>9} {'first page ms':>14} {'page 20 ms':>11}")
    stored = 0
    for size in sizes:
        for first in range(stored, size, 1000):
            Article.objects.bulk_create(article(workspace, f"List article {n}.", f"List {n}")
                                        for n in range(first, min(size, first + 1000)))
        stored = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(TABLES))
        first_page = timed(lambda: client.get("/"), runs)
        deep = deep_page_url(client, 20)
        deep_ms = timed(lambda: client.get(deep), runs)
        print(f"{size:>9} {first_page:>14.1f} {deep_ms:>11.1f}", flush=True)
        if show_plans:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                client.get("/")
            digest = next(q for q in queries.captured_queries if "string_agg(summed.row_digest" in q["sql"])
            print("  the page's digest query:\n" + explain(digest["sql"], None))


def deep_page_url(client, number: int) -> str:
    """Return the URL of the list's page `number`, found by following its "Older" links."""
    import re

    url = "/"
    for _ in range(number - 1):
        found = re.search(r'href="([^"]*)" rel="next"', client.get(url).content.decode())
        if found is None:
            break
        url = "/" + found.group(1).replace("&amp;", "&")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default="1000,2000,5000")
    parser.add_argument("--trigger", default="250,4000")
    parser.add_argument("--list", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verdict-every", type=int, default=0,
                        help="give one annotation in N a verdict (default 0: none, as on a page not yet reviewed)")
    parser.add_argument("--only", default="claims,trigger,list")
    parser.add_argument("--explain", action="store_true", help="print the plans of the claim digest and the list")
    args = parser.parse_args()
    parts = set(args.only.split(","))

    def sizes(value: str) -> list[int]:
        return [int(s) for s in value.split(",") if s]

    with bench_database():
        from django.contrib.auth import get_user_model
        from django.db import connection

        from annotations import services
        from annotations.models import Membership

        with connection.cursor() as cursor:
            for table in TABLES:  # fresh rows stay without statistics until the bench analyses them
                cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
        author = get_user_model().objects.create_user("bench-author")
        reader = get_user_model().objects.create_user("bench-reader")
        if "claims" in parts:
            workspace = services.workspace_create(name="Claims", slug="claims")
            print("claims_summary, median of", args.runs)
            bench_claims(workspace, author, sizes(args.claims), args.runs, args.explain, args.verdict_every)
        if "trigger" in parts:
            workspace = services.workspace_create(name="Trigger", slug="trigger")
            print(f"one COPY of {CLAIMS_PER_ARTICLE} claims per article")
            bench_trigger(workspace, sizes(args.trigger))
        if "list" in parts:
            workspace = services.workspace_create(name="List", slug="list")
            Membership.objects.create(workspace=workspace, user=reader, role="editor")
            # Another workspace's articles, which the reader does not see, in the same table.
            elsewhere = services.workspace_create(name="Elsewhere", slug="elsewhere")
            from annotations.models import Article

            Article.objects.bulk_create(article(elsewhere, f"Elsewhere {n}.", f"Elsewhere {n}") for n in range(2000))
            print("GET / (the article list), median of", args.runs)
            bench_list(workspace, reader, sizes(args.list), args.runs, args.explain)


if __name__ == "__main__":
    main()
