"""How fast the exports stream, and in how much memory, beside PostgreSQL's own COPY of the same rows.

Fills a throwaway database with 100,000 annotations (bulk_create; 90% approved,
with their approval decisions, tags and evidence) over 500 articles, then for
each format streams the workspace's default export (approved work) the way a
download does, and prints rows per second (best of --runs) and the peak of
Python's memory (tracemalloc, measured in a separate pass because tracing
slows the code). Beside it, `COPY (<the export's own SELECT>) TO STDOUT` runs
through psycopg 3's `cursor.copy` in the same run, and the ratio compares the
two. Targets: JSON Lines and CSV at least 25% of COPY's throughput; peak
memory under 150 MB for every format.

    .venv/bin/python bench/export.py [--annotations 100000] [--articles 500] [--runs 3]
"""

import argparse
import random
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import bench_database  # noqa: E402

SENTENCE = "Minister {i} said on Tuesday that the port handled {n} containers, up {d}.{e}% on last year."
SENTENCES_PER_ARTICLE = 40
THROUGHPUT_TARGET = 0.25
MEMORY_TARGET_MB = 150
BATCH = 10_000


def fill(*, annotations: int, articles: int) -> None:
    """Create the workspace, its people, articles with claims and quotes, and the annotations."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from annotations import services
    from annotations.models import (
        Annotation,
        Article,
        Claim,
        Evidence,
        Label,
        Membership,
        Quote,
        Rating,
        ReviewDecision,
        Source,
    )

    rng = random.Random(7)
    users = get_user_model().objects
    workspace = services.workspace_create(name="Bench newsroom", slug="bench")
    authors = [users.create_user(f"reviewer{i}") for i in range(5)]
    editor = users.create_user("editor")
    Membership.objects.bulk_create([Membership(workspace=workspace, user=u, role="reviewer") for u in authors]
                                   + [Membership(workspace=workspace, user=editor, role="editor")])
    labels = list(Label.objects.filter(workspace=workspace))
    ratings = list(Rating.objects.filter(workspace=workspace))
    source = Source.objects.create(workspace=workspace, name="Minister Bench", role="minister")
    now = timezone.now()

    with transaction.atomic():
        texts = []
        for a in range(articles):
            parts = [SENTENCE.format(i=a * 100 + i, n=rng.randrange(10**6), d=rng.randrange(10), e=i % 10)
                     for i in range(SENTENCES_PER_ARTICLE)]
            texts.append(parts)
        Article.objects.bulk_create(
            Article(workspace=workspace, title=f"Port report {a}", source_url=f"https://news.example/{a}",
                    byline="Bench Writer", raw_text=" ".join(parts), clean_text=" ".join(parts),
                    content_hash=Article.hash_text(" ".join(parts)), status="ready", analysed_at=now)
            for a, parts in enumerate(texts)
        )
        article_rows = list(Article.objects.filter(workspace=workspace).order_by("pk"))
        claims, quotes, spans = [], [], {}
        for article, parts in zip(article_rows, texts):
            offset = 0
            bounds = []
            for i, sentence in enumerate(parts):
                bounds.append((offset, offset + len(sentence)))
                claims.append(Claim(article=article, ordinal=i, start=offset, end=offset + len(sentence),
                                    text=sentence))
                offset += len(sentence) + 1
            for s, e in bounds[::8]:
                q = article.clean_text.index("the port", s)
                quotes.append(Quote(article=article, start=q, end=e - 1, text=article.clean_text[q:e - 1],
                                    kind="indirect", source=source))
            spans[article.pk] = bounds
        Claim.objects.bulk_create(claims, batch_size=BATCH)
        Quote.objects.bulk_create(quotes, batch_size=BATCH)
    claim_ids = {}
    for pk, article_id in Claim.objects.values_list("pk", "article_id").order_by("pk"):
        claim_ids.setdefault(article_id, []).append(pk)
    quote_ids = {}
    for pk, article_id in Quote.objects.values_list("pk", "article_id").order_by("pk"):
        quote_ids.setdefault(article_id, []).append(pk)
    text_of = dict(Article.objects.filter(workspace=workspace).values_list("pk", "clean_text"))

    for first in range(0, annotations, BATCH):
        with transaction.atomic():
            rows, contents = [], []
            for n in range(first, min(first + BATCH, annotations)):
                article = article_rows[n % articles]
                approved = n % 10 != 0
                kind = n % 4
                tags = rng.sample(labels, rng.randrange(3))
                verdict = rng.choice(ratings) if kind != 3 else None
                evidence = ([{"url": f"https://evidence.example/{n}", "title": f"Source {n}", "publisher": "Wire",
                              "stance": "supports"}] if n % 3 == 0 else [])
                note = f"Checked against the port's figures, item {n}; see the annual report."
                target = {}
                if kind in (0, 1):
                    target["claim_id"] = rng.choice(claim_ids[article.pk])
                elif kind == 2:
                    target["quote_id"] = rng.choice(quote_ids[article.pk])
                else:
                    s, e = rng.choice(spans[article.pk])
                    s += 9
                    text = text_of[article.pk]
                    target |= {"start": s, "end": e, "exact": text[s:e], "prefix": text[max(0, s - 32):s],
                               "suffix": text[e:e + 32]}
                snapshot = {"tags": sorted(t.name for t in tags), "verdict": verdict.name if verdict else None,
                            "verdict_value": verdict.value if verdict else None, "note": note, "correction": "",
                            "correction_data": {}, "evidence": evidence, "version": 1}
                rows.append(Annotation(article=article, author=authors[n % len(authors)], note=note,
                                       verdict=verdict, state="approved" if approved else "submitted",
                                       approved_snapshot=snapshot if approved else None, **target))
                contents.append((tags, evidence, approved))
            Annotation.objects.bulk_create(rows)
            Annotation.tags.through.objects.bulk_create(
                Annotation.tags.through(annotation_id=a.pk, label_id=t.pk)
                for a, (tags, _, _) in zip(rows, contents) for t in tags)
            Evidence.objects.bulk_create(
                Evidence(annotation_id=a.pk, **e) for a, (_, evidence, _) in zip(rows, contents) for e in evidence)
            ReviewDecision.objects.bulk_create(
                ReviewDecision(annotation_id=a.pk, annotation_version=1, editor=editor, decision="approve")
                for a, (_, _, approved) in zip(rows, contents) if approved)
    ReviewDecision.objects.update(created=now - timedelta(days=30))
    # Autovacuum would gather the statistics of freshly loaded tables soon; the planner needs them now.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Sink:
    """Stands for the socket: takes the bytes a download would send, and counts them."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self.bytes += len(data)


def run_export(fmt, scope, context) -> tuple[int, int]:
    """Stream one export as a download does; return (records, bytes)."""
    from annotations.exports.stream import chunked, export_text

    sink, count = Sink(), [0]

    def counted(records):
        for record in records:
            count[0] += 1
            yield record

    for chunk in chunked(export_text(fmt=fmt, scope=scope, context=context, progress=counted)):
        sink.write(chunk.encode())
    return count[0], sink.bytes


def run_copy(fmt, scope) -> tuple[int, int]:
    """COPY the export's own SELECT to stdout as CSV; return (rows, bytes)."""
    from django.db import connection
    from psycopg import ClientCursor

    from annotations import selectors

    rows = selectors.annotations_for_export(scope=scope, verdicts_only=fmt.verdicts_only, speaker=fmt.speaker,
                                            context=fmt.context)
    sql, params = rows.query.sql_with_params()
    connection.ensure_connection()
    raw = connection.connection
    # COPY takes no server-side parameters, so they are bound into the statement on the client.
    statement = ClientCursor(raw).mogrify(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params)
    sink, lines = Sink(), 0
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for block in copy:
            sink.write(block)
            lines += bytes(block).count(b"\n")
    return lines, sink.bytes


def best_time(fn, runs: int):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with bench_database():
        from annotations import selectors
        from annotations.exports import FORMATS
        from annotations.exports.stream import export_context

        start = time.perf_counter()
        fill(annotations=args.annotations, articles=args.articles)
        print(f"filled {args.annotations:,} annotations over {args.articles} articles "
              f"in {time.perf_counter() - start:.1f} s")
        scope = selectors.export_scope(workspace_slug="bench")
        context = export_context(scope=scope, absolute=lambda path: "https://axis.example.org" + path)

        print(f"{'format':<14}{'rows':>8}{'MB':>7}{'export s':>10}{'rows/s':>10}{'COPY s':>8}{'COPY rows/s':>13}"
              f"{'ratio':>7}{'peak MB':>9}")
        verdicts = []
        for fmt in FORMATS.values():
            copy_s, (copy_rows, _) = best_time(lambda: run_copy(fmt, scope), args.runs)
            export_s, (rows, size) = best_time(lambda: run_export(fmt, scope, context), args.runs)
            tracemalloc.start()
            run_export(fmt, scope, context)
            peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            if copy_rows != rows:
                raise SystemExit(f"{fmt.name}: COPY gave {copy_rows} rows, the export {rows}")
            ratio = (rows / export_s) / (copy_rows / copy_s)
            print(f"{fmt.name:<14}{rows:>8,}{size / 2**20:>7.1f}{export_s:>10.2f}{rows / export_s:>10,.0f}"
                  f"{copy_s:>8.2f}{copy_rows / copy_s:>13,.0f}{ratio:>7.0%}{peak_mb:>9.1f}")
            if fmt.name in ("csv", "jsonl"):
                verdicts.append(f"{fmt.name} throughput {ratio:.0%} of COPY (target >= {THROUGHPUT_TARGET:.0%}): "
                                f"{'met' if ratio >= THROUGHPUT_TARGET else 'MISSED'}")
            verdicts.append(f"{fmt.name} peak memory {peak_mb:.1f} MB (target < {MEMORY_TARGET_MB} MB): "
                            f"{'met' if peak_mb < MEMORY_TARGET_MB else 'MISSED'}")
        print("\n".join(verdicts))


if __name__ == "__main__":
    main()
