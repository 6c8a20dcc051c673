"""How search scales: server time of a phrase search at 1,000 and 10,000 articles.

Builds N articles from the gold articles' texts (tests/data/articles), each copy with its own
numbers and edition line, with five claims each, in a throwaway database; then prints p50 and
p95 server time of the results page (every kind, grouped) and of GET /api/v1/search/ (one kind)
for a common phrase (found in about one article in twenty) and a rare one (one article).
Target: under 100 ms at 10,000 articles.

    .venv/bin/python bench/search.py [--sizes 1000,10000] [--runs 30]
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._articles import load_articles  # noqa: E402
from bench._django import bench_database  # noqa: E402

BATCH = 1000
CLAIMS_PER_ARTICLE = 5
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def texts() -> list[tuple[str, str]]:
    """Return (title, text) of each gold article: its first line, and the rest."""
    out = []
    for gold in load_articles():
        raw = gold.raw if "<" not in gold.raw[:200] else re.sub(r"<[^>]+>", " ", gold.raw)
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        out.append((lines[0][:200], "\n\n".join(lines[1:]) or lines[0]))
    return out


def build(target: int, done: int, workspace, sources) -> None:
    from annotations.models import Article, Claim

    base = texts()
    for first in range(done, target, BATCH):
        articles = []
        for i in range(first, min(first + BATCH, target)):
            title, text = base[i % len(base)]
            text = f"{text}\n\nEdition {i}: {i * 7 % 1000} readers wrote in about item {i}."
            articles.append(Article(workspace=workspace, title=f"{title} ({i})", raw_text=text, clean_text=text,
                                    content_hash=Article.hash_text(text), status="ready", language="en",
                                    analysed_at="2026-01-01T00:00:00Z"))
        Article.objects.bulk_create(articles)
        claims = []
        for article in articles:
            offset = 0
            for n, sentence in enumerate(SENTENCE_END.split(article.clean_text)[:CLAIMS_PER_ARTICLE]):
                start = article.clean_text.index(sentence, offset)
                offset = start + len(sentence)
                claims.append(Claim(article=article, ordinal=n, start=start, end=offset, text=sentence))
        Claim.objects.bulk_create(claims)


def server_times(client, url: str, params: dict, runs: int) -> tuple[float, float]:
    client.get(url, params)  # warm templates and caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, params)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:300]
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(len(samples) * 0.95) - 1)]


def phrase_of(text: str) -> str:
    """Return a quoted four-word phrase from the middle of a text's longest sentence."""
    sentence = max(SENTENCE_END.split(text), key=len)
    words = sentence.split()
    middle = len(words) // 2
    return '"' + " ".join(w.strip(",;:()\"“”") for w in words[middle:middle + 4]) + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="print the plan of the article query")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    with bench_database():
        from django.db import connection
        from django.test import Client

        from annotations import services
        from annotations.models import Membership
        from tests.factories import UserFactory

        workspace = services.workspace_create(name="Bench", slug="bench")
        user = UserFactory(username="bench")
        Membership.objects.create(user=user, workspace=workspace, role="editor")
        client = Client()
        client.force_login(user)
        common = phrase_of(texts()[0][1])
        done = 0
        print(f"common phrase: {common}; rare phrase: \"readers wrote in about item 77\"")
        print(f"{'articles':>9} {'search':<28} {'p50 ms':>8} {'p95 ms':>8}")
        for size in sizes:
            started = time.perf_counter()
            build(size, done, workspace, None)
            done = size
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"# built {size:,} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            cases = [
                ("page, common phrase", "/search/", {"q": common}),
                ("page, rare phrase", "/search/", {"q": '"readers wrote in about item 77"'}),
                ("api articles, common", "/api/v1/search/", {"q": common, "kind": "article"}),
                ("api claims, common", "/api/v1/search/", {"q": common, "kind": "claim"}),
            ]
            if args.explain:
                from annotations.selectors import search

                roles = {workspace.pk: "editor"}
                found = search.search_kind(user=user, roles=roles, kind="article", q=common)[:50]
                print(found.explain(analyze=True), file=sys.stderr)
            for name, url, params in cases:
                p50, p95 = server_times(client, url, params, args.runs)
                print(f"{size:>9,} {name:<28} {p50:>8.1f} {p95:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
