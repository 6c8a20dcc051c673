"""Measure a bulk import end to end against the text pipeline alone on the same texts.

Run from the repository root: `python bench/import.py [--articles N] [--seed S]`.

Generates N articles (default 10,000) of 300 to 3,000 words and, in one process
and one run, measures on the same texts (1) the pipeline alone and (2) the import
with `manage.py import_articles --now` into a throwaway database: read JSON Lines,
hash, store in batches, analyse, store claims, quotes and sources. Both use one
core, so the ratio of the two rates is what storage costs. The two alternate over
the articles in rounds (default 10), so that a machine whose speed drifts during
the run (shared hosts do) slows both alike. Target: end to end at least half the
pipeline's rate (ratio >= 0.5).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import bench_database  # noqa: E402

RATIO_TARGET = 0.5
FIRST = ["Maria", "John", "Aisha", "Wei", "Olga", "Pedro", "Fatima", "Tom", "Ines", "Kofi"]
LAST = ["Lopez", "Smith", "Khan", "Chen", "Ivanova", "Silva", "Haddad", "Brown", "Moreau", "Mensah"]
ROLES = ["director of the Roads Department", "a spokeswoman for the city council", "chief economist at Northbank",
         "professor of public health at Leeds University", "minister of finance", "head of the teachers' union"]
TOPICS = ["bridges", "schools", "clinics", "bus lines", "water mains", "housing units", "power lines"]
SENTENCES = [
    "The council spent ${n}.{d} million on {topic} in {year}, up {p} percent on the year before.",
    "Officials said {n} {topic} had been repaired since {year}.",
    "Residents have complained about the state of the {topic} for years.",
    "The budget for {topic} rose to ${n} million, according to figures published in {year}.",
    "Unemployment in the district fell to {p} percent in {year}, the lowest rate in a decade.",
    "Critics argue that the plan does too little, too late.",
    "The report, published on Tuesday, covers {n} districts and {m} towns.",
    "Since {year}, the number of {topic} has grown by {p} percent.",
    "Nobody at the ministry would say when the work will be finished.",
    "The contract was awarded to a firm that had donated to the governing party.",
]
QUOTES = [
    "“We fixed {n} {topic} this year and we will fix more,” said {name}, {role}.",
    "“The figures speak for themselves,” {name}, {role}, told reporters.",
    "{name}, {role}, said the city would spend ${n} million on {topic} by {year}.",
    "According to {name}, {role}, {p} percent of the {topic} are in poor condition.",
]


def generate(count: int, seed: int) -> list[dict]:
    """Return `count` distinct articles of 300 to 3,000 words, each with quotes and figures."""
    rng = random.Random(seed)
    articles = []
    for i in range(count):
        target = rng.randint(300, 3000)
        paragraphs, words = [], 0
        while words < target:
            sentences = []
            for _ in range(rng.randint(2, 5)):
                template = rng.choice(QUOTES if rng.random() < 0.2 else SENTENCES)
                sentences.append(template.format(
                    n=rng.randint(2, 900), d=rng.randint(1, 9), m=rng.randint(2, 60), p=rng.randint(2, 80),
                    year=rng.randint(1995, 2025), topic=rng.choice(TOPICS), role=rng.choice(ROLES),
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}"))
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        title = f"Report {i}: the {rng.choice(TOPICS)} of district {rng.randint(1, 99)}"
        articles.append({"title": title, "text": f"{title}\n\n" + "\n\n".join(paragraphs),
                         "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "published": "2025-06-01"})
    return articles


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles to generate (default 10,000)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=10, help="alternations of the two measurements (default 10)")
    parser.add_argument("--explain", action="store_true",
                        help="then print EXPLAIN ANALYZE of the hot pages' slowest queries on the imported data")
    args = parser.parse_args(argv)

    articles = generate(args.articles, args.seed)
    words = sum(len(a["text"].split()) for a in articles)
    print(f"{len(articles):,} generated articles, {words:,} words "
          f"({min(len(a['text'].split()) for a in articles):,}-{max(len(a['text'].split()) for a in articles):,} "
          "words each)")

    with bench_database(), tempfile.TemporaryDirectory() as folder:
        from django.core.management import call_command
        from django.db import connection

        from annotations import services
        from annotations.models import Article, Claim, Quote, Source
        from annotations.nlp import analyze

        workspace = services.workspace_create(name="Bench", slug="bench")
        analyze(articles[0]["text"])  # load spaCy before either clock starts

        alone = end_to_end = 0.0
        rounds = max(1, min(args.rounds, len(articles)))
        size = -(-len(articles) // rounds)
        for number, first in enumerate(range(0, len(articles), size), start=1):
            part = articles[first:first + size]
            start = time.perf_counter()
            for article in part:
                analyze(article["text"])
            part_alone = time.perf_counter() - start

            path = Path(folder) / f"articles-{number}.jsonl"
            path.write_text("".join(json.dumps(a) + "\n" for a in part), encoding="utf-8")
            start = time.perf_counter()
            call_command("import_articles", str(path), "--workspace", "bench", "--now",
                         "--batch-size", str(args.batch_size), stdout=StringIO(), stderr=sys.stderr)
            part_end_to_end = time.perf_counter() - start
            print(f"round {number}: {len(part):,} articles, pipeline alone {len(part) / part_alone:.1f}/s, "
                  f"end to end {len(part) / part_end_to_end:.1f}/s, ratio {part_alone / part_end_to_end:.2f}",
                  flush=True)
            alone += part_alone
            end_to_end += part_end_to_end

        stored = Article.objects.filter(workspace=workspace)
        counts = (stored.filter(status="ready").count(), Claim.objects.count(), Quote.objects.count(),
                  Source.objects.count())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        plans = explain_hot_queries(workspace) if args.explain else ""

    print(f"stored: {counts[0]:,} ready articles, {counts[1]:,} claims, {counts[2]:,} quotes, "
          f"{counts[3]:,} sources; database {size}")
    print(f"{'':24}{'seconds':>9}{'articles/s':>12}{'words/s':>12}")
    for name, seconds in (("pipeline alone", alone), ("import end to end", end_to_end)):
        print(f"{name:<24}{seconds:>9.1f}{len(articles) / seconds:>12.1f}{words / seconds:>12,.0f}")
    ratio = alone / end_to_end
    verdict = "meets" if ratio >= RATIO_TARGET else "misses"
    print(f"ratio end to end / pipeline alone: {ratio:.2f} ({verdict} the target of {RATIO_TARGET})")
    if plans:
        print(plans)
    return 0


def explain_hot_queries(workspace) -> str:
    """Return EXPLAIN ANALYZE of the slowest queries behind each hot page, on the imported data."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from annotations import services
    from annotations.models import Article, Claim, Membership
    from annotations.services.imports_bulk import ImportRecord, article_import_batch

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The import filled the query log to its limit, where capturing sees no new entries.
    connection.queries_log.clear()
    user = get_user_model().objects.create_user(username="explainer")
    services.membership_set(workspace=workspace, user=user, role=Membership.Role.REVIEWER)
    article = Article.objects.filter(workspace=workspace, status="ready").order_by("-pk").first()
    for claim in Claim.objects.filter(article=article)[:20]:
        services.annotation_create(article=article, by=user, claim=claim, note="checked")
    browser = Client()
    browser.force_login(user)
    pages = [
        ("review page", f"/articles/{article.pk}/"),
        ("article list", "/"),
        ("annotations API", f"/api/v1/annotations/?article={article.pk}"),
        ("status poll", f"/articles/{article.pk}/status/"),
    ]
    out = []
    for name, path in pages:
        with CaptureQueriesContext(connection) as captured:
            browser.get(path, headers={"host": "127.0.0.1"})
        timed = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            runtime = float(plan[-1].split(":")[1].split()[0])
            timed.append((runtime, sql, plan))
        out.append(f"\n=== {name} {path}: {len(captured.captured_queries)} queries, "
                   f"{sum(t[0] for t in timed):.2f} ms of SELECTs in all; the slowest two:")
        for runtime, sql, plan in sorted(timed, key=lambda t: -t[0])[:2]:
            out.append(f"-- {sql[:300]}{'…' if len(sql) > 300 else ''}")
            out.extend(plan)
    # The import's duplicate check and the worker's poll for the next task.
    records = [ImportRecord(origin="x", text="An article that is new.")]
    with CaptureQueriesContext(connection) as captured:
        article_import_batch(workspace=workspace, records=records, queue_analysis=False)
    for label, sql in (("import: texts already present", captured.captured_queries[0]["sql"]),):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
            out.append(f"\n=== {label}\n-- {sql[:300]}")
            out.extend(row[0] for row in cursor.fetchall())
    from django_tasks_db.models import DBTaskResult

    poll = DBTaskResult.objects.ready().filter(backend_name="default", queue_name__in=["default"])
    out.append("\n=== worker: next task to run\n" + poll.explain(analyze=True))
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
