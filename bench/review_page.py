"""How the review page scales: server time at 100, 1,000 and 2,000 claims, and time to interactive.

Builds articles with N claims, N*3/20 quotes and N*5/2 annotations (2,000 claims:
300 quotes, 5,000 annotations) in a throwaway database, then prints the median
server time of GET /articles/<id>/ over several runs, and the time headless
Chromium takes from navigation until the page's script has set it up (a reviewer
can select and annotate). Targets: under 300 ms server time and 1.5 s in the
browser at 2,000 claims.

    .venv/bin/python bench/review_page.py [--sizes 100,1000,2000] [--runs 7] [--no-browser]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import bench_database  # noqa: E402

SENTENCE = "Minister {i} said on Tuesday that the port handled {i} containers, up 4.{d}% on last year."
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def build(size: int, workspace, author):
    from annotations.models import Annotation, Article, Claim, Quote, Source

    parts, claims, quotes = [], [], []
    offset = 0
    for i in range(size):
        sentence = SENTENCE.format(i=i, d=i % 10)
        parts.append(sentence)
        claims.append((offset, offset + len(sentence)))
        offset += len(sentence) + (2 if i % 5 == 4 else 1)
    text = "".join(p + ("\n\n" if i % 5 == 4 else " ") for i, p in enumerate(parts)).rstrip()
    article = Article.objects.create(workspace=workspace, title=f"Bench {size}", raw_text=text, clean_text=text,
                                     content_hash=Article.hash_text(text), status="ready",
                                     analysed_at="2026-01-01T00:00:00Z")
    Claim.objects.bulk_create(Claim(article=article, ordinal=i, start=s, end=e, text=text[s:e],
                                    checkworthiness=(i % 100) / 100) for i, (s, e) in enumerate(claims))
    source = Source.objects.get_or_create(workspace=workspace, name="Minister Bench")[0]
    for i in range(0, size, max(1, size // (size * 3 // 20 or 1))):
        s, e = claims[i]
        q = text.index("the port", s)
        quotes.append(Quote(article=article, start=q, end=e - 1, text=text[q:e - 1], kind="indirect", source=source))
    Quote.objects.bulk_create(quotes[: size * 3 // 20])
    claim_ids = list(article.claims.order_by("ordinal").values_list("pk", flat=True))
    Annotation.objects.bulk_create(
        Annotation(article=article, claim_id=claim_ids[i % size], author=author, note=f"note {i}",
                   state="submitted" if i % 2 else "approved")
        for i in range(size * 5 // 2)
    )
    return article


def server_times(client, url: str, runs: int) -> float:
    client.get(url)  # warm templates and caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(samples)


def browser_time(live_url: str, session_cookie: str, url: str, runs: int) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        context.add_cookies([{"name": "sessionid", "value": session_cookie, "url": live_url}])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            page.goto(live_url + url)
            try:
                page.wait_for_selector("#article-text[data-ready]", state="attached", timeout=15000)
            except Exception:
                raise SystemExit(f"the page at {page.url} never became ready: {errors or page.title()}") from None
            samples.append((time.perf_counter() - start) * 1000)
        browser.close()
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,2000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with bench_database():
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.test.testcases import LiveServerThread

        from annotations import services
        from annotations.models import Membership

        workspace = services.workspace_create(name="Bench", slug="bench")
        author = get_user_model().objects.create_user("bench-author")
        reader = get_user_model().objects.create_user("bench-reader")
        Membership.objects.create(workspace=workspace, user=author, role="reviewer")
        Membership.objects.create(workspace=workspace, user=reader, role="editor")
        client = Client()
        client.force_login(reader)

        server = None
        if not args.no_browser:
            from django.contrib.staticfiles.handlers import StaticFilesHandler
            from django.db import connections

            # Shares this thread's connection, so the server sees the rows built here.
            connections["default"].inc_thread_sharing()
            server = LiveServerThread("127.0.0.1", StaticFilesHandler,
                                      connections_override={"default": connections["default"]}, port=0)
            server.daemon = True
            server.start()
            server.is_ready.wait()
            live_url = f"http://127.0.0.1:{server.port}"

        print(f"{'claims':>7} {'quotes':>7} {'annotations':>12} {'server ms':>10} {'ms/claim':>9} {'browser ms':>11}")
        results = []
        for size in sizes:
            article = build(size, workspace, author)
            url = f"/articles/{article.pk}/"
            ms = server_times(client, url, args.runs)
            browser_ms = browser_time(live_url, client.cookies["sessionid"].value, url, max(3, args.runs // 2)) \
                if server else float("nan")
            results.append((size, ms, browser_ms))
            print(f"{size:>7} {article.quotes.count():>7} {article.annotations.count():>12} {ms:>10.1f} "
                  f"{ms / size:>9.3f} {browser_ms:>11.0f}")
        if server:
            server.terminate()
        largest = results[-1]
        first = results[0]
        growth = (largest[1] / first[1]) / (largest[0] / first[0])
        print(f"time grows {growth:.2f}x as fast as the page (1.00 = linear)")
        verdicts = [f"server {largest[1]:.0f} ms at {largest[0]} claims (target < 300 ms): "
                    f"{'met' if largest[1] < 300 else 'MISSED'}"]
        if server:
            verdicts.append(f"browser {largest[2]:.0f} ms (target < 1500 ms): {'met' if largest[2] < 1500 else 'MISSED'}")
        print("\n".join(verdicts))


if __name__ == "__main__":
    main()
