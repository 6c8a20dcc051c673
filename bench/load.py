"""Measure the production server under load from a second process.

Run from the repository root: `python bench/load.py [--seconds S] [--clients C]`.

Sets up a throwaway database with a 500-claim article (with annotations), 60 more
articles and C reviewers, collects the static files, then starts gunicorn with
production settings (deploy/gunicorn.conf.py, DEBUG=0) and one analysis worker,
exactly as deploy/ runs them. A second process on 127.0.0.1 then runs C concurrent
signed-in clients (each with its own session) for S seconds (default 30) against each
of: the review page of the 500-claim article, the article list, the annotations API,
and a static file. The load is bounded and arrives as readers' clicks do, at random: each
client waits a random time (exponential, mean --pace seconds, default 1; seeded, so runs
compare) from one request's start to the next, so 32 requests a second are offered in all
and bursts happen; a client whose answer is late sends the next request at once, never two
at a time. `--pace 0` is a closed loop that measures capacity instead. Before measuring, the database is vacuumed and analysed (as autovacuum
keeps a live one) and each page gets --warmup seconds of unmeasured load. `--pages`
picks which pages to load. Prints requests per second, p50/p95/p99 latency and errors for each.
Targets: zero errors; p95 under 250 ms on every page.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

P95_TARGET_MS = 250.0
CLAIMS = 500


# What each phase loads: its name in the figures and its path.
PHASES = {
    "review": lambda data, manifest: [f"review page ({CLAIMS} claims)", f"/articles/{data['article']}/"],
    "list": lambda data, manifest: ["article list", "/"],
    "api": lambda data, manifest: ["annotations API", f"/api/v1/annotations/?article={data['article']}"],
    "static": lambda data, manifest: ["static file", f"/static/{manifest['annotations/css/review.css']}"],
}


def yardstick_ms() -> float:
    """Time a fixed piece of pure Python, best of three: this machine's speed at the moment.

    Its speed drifts by up to 2x within minutes here; printed beside the figures, this
    says which runs met a slow machine.
    """
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        sum(i * i % 7 for i in range(300_000))
        best = min(best, time.perf_counter() - start)
    return best * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """Return a DATABASE_URL for the database Django is using (TCP, or the embedded server's socket)."""
    host = settings_dict["HOST"] or "localhost"
    host = quote(host, safe="") if host.startswith("/") else host
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict.get("PASSWORD") else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{quote(settings_dict['USER'] or '', safe='')}{password}@{host}{port}/{settings_dict['NAME']}"


def seed(clients: int) -> dict:
    """Create the data and one signed-in session per client; return what the load needs."""
    import importlib.util

    from django.contrib.auth import get_user_model
    from django.test import Client

    from annotations import services
    from annotations.models import Article, Claim, Membership
    from annotations.tasks import articles_analyse

    # bench/import.py's generator; "import" is a keyword, so it is loaded by path.
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    bench_import = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_import)
    generate = bench_import.generate

    workspace = services.workspace_create(name="Load newsroom", slug="load")
    # ~500 sentences, one claim each: short declaratives with figures.
    sentences = [f"The council spent ${i}.5 million on repairs to bridge number {i} in {1900 + i % 120}."
                 for i in range(CLAIMS)]
    text = "Bridges under strain\n\n" + "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, CLAIMS, 5))
    article, _ = services.article_create(workspace=workspace, raw_text=text, by=None, analyse=False)
    articles_analyse.call(article_ids=[article.pk])
    article.refresh_from_db()
    users = get_user_model().objects
    readers = []
    for i in range(clients):
        user = users.create_user(username=f"reviewer{i}", password=secrets.token_urlsafe(16))
        services.membership_set(workspace=workspace, user=user, role=Membership.Role.REVIEWER)
        readers.append(user)
    claims = list(Claim.objects.filter(article=article).order_by("ordinal")[:200])
    for i, claim in enumerate(claims):
        services.annotation_create(article=article, by=readers[i % len(readers)], claim=claim,
                                   note=f"Checked against the budget, item {i}.")
    # More articles for the list, queued for the worker that starts with the server.
    for item in generate(60, seed=3):
        services.article_create(workspace=workspace, raw_text=item["text"], by=None, title=item["title"])
    sessions = []
    for user in readers:
        browser = Client()
        browser.force_login(user)
        sessions.append(browser.cookies["sessionid"].value)
    return {"article": article.pk, "claims": Claim.objects.filter(article=article).count(),
            "sessions": sessions, "queued": Article.objects.filter(status="queued").count()}


async def _phase(base: str, path: str, sessions: list[str], seconds: float, pace: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    statuses: dict = {}
    # Built before the clock starts: each client builds an SSL context (~20 ms), and 32 of them built
    # inside the loop would hold up the first requests and bunch the clients' slots for the whole run.
    https = [httpx.AsyncClient(base_url=base, timeout=30, headers={
        "X-Forwarded-Proto": "https", "Cookie": f"sessionid={session}", "Accept-Encoding": "gzip"})
        for session in sessions]
    started = time.perf_counter()
    deadline = started + seconds

    async def client(index: int, http) -> None:
        nonlocal errors
        async with http:
            # Independent readers: random gaps, so the requests of all clients form a Poisson stream.
            rng = random.Random(index)
            await asyncio.sleep(rng.uniform(0, pace))
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    response = await http.get(path)
                    await response.aread()
                    ok = response.status_code == 200
                    if not ok:
                        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                except httpx.HTTPError as exc:
                    ok = False
                    statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                latencies.append(time.perf_counter() - start)
                errors += not ok
                gap = rng.expovariate(1 / pace) if pace else 0.0
                await asyncio.sleep(max(0.0, min(start + gap, deadline) - time.perf_counter()))

    await asyncio.gather(*(client(index, http) for index, http in enumerate(https)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": cuts[49] * 1000,
            "p95": cuts[94] * 1000, "p99": cuts[98] * 1000, "errors": errors,
            "error_kinds": {str(k): v for k, v in statuses.items()}}


def client_main(config: dict) -> None:
    """The load process: run each phase in turn and print the results as JSON."""
    results = {}
    # Unmeasured: each gunicorn worker loads its templates and opens its database connections.
    for name, path in config["phases"]:
        asyncio.run(_phase(config["base"], path, config["sessions"], config["warmup"], 0.0))
    for name, path in config["phases"]:
        results[name] = asyncio.run(_phase(config["base"], path, config["sessions"], config["seconds"],
                                           config["pace"]))
    print(json.dumps(results))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="seconds of load per page (default 30)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent signed-in clients (default 32)")
    parser.add_argument("--pace", type=float, default=1.0,
                        help="mean seconds between one client's requests, at random (default 1; 0 for a closed loop)")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="unmeasured seconds of load on each page first (default 2)")
    parser.add_argument("--pages", default="review,list,api,static",
                        help="which of review, list, api, static to load, in order (default all four)")
    parser.add_argument("--client", help=argparse.SUPPRESS)  # the load process's JSON config
    args = parser.parse_args(argv)
    if unknown := set(args.pages.split(",")) - set(PHASES):
        parser.error(f"--pages: no page called {', '.join(sorted(unknown))} (choose from {', '.join(PHASES)})")
    if args.client:
        client_main(json.loads(args.client))
        return 0

    from bench._django import bench_database

    # A database of its own, so that bench/import.py can run at the same time.
    os.environ.setdefault("AXIS_TEST_DATABASE", "axis_bench_load")
    with bench_database(), tempfile.TemporaryDirectory() as static_root:
        from django.db import connection

        data = seed(args.clients)
        connection.ensure_connection()
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "AXIS_TEST_DATABASE", "AXIS_TASKS_BACKEND"}}
        from django.conf import settings

        # The sessions were signed in here, so the server needs the same key to accept them.
        env.update(DEBUG="0", SECRET_KEY=settings.SECRET_KEY, ALLOWED_HOSTS="127.0.0.1",
                   STATIC_ROOT=static_root, DATABASE_URL=database_url(connection.settings_dict))
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env,
                       check=True)
        manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())["paths"]
        port = free_port()
        web_env = dict(env, AXIS_BIND=f"127.0.0.1:{port}", AXIS_ACCESS_LOG="/dev/null")
        web = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "axis.wsgi"],
                               cwd=ROOT, env=web_env, stderr=subprocess.DEVNULL)
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload", "--worker-id", "load",
                                   "--verbosity", "0"], cwd=ROOT, env=env)
        try:
            _wait_for(port)
            from annotations.models import Article

            # The worker analyses the queued articles first; the load then meets an idle, polling worker.
            deadline = time.monotonic() + 300
            while Article.objects.filter(status__in=["queued", "analysing"]).exists() and time.monotonic() < deadline:
                time.sleep(0.5)
            # A live database has been through autovacuum: planner statistics, visibility map and hint
            # bits set. Freshly seeded tables have none of that, and every first read pays for it.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
            config = {
                "base": f"http://127.0.0.1:{port}",
                "sessions": data["sessions"],
                "seconds": args.seconds,
                "pace": args.pace,
                "warmup": args.warmup,
                "phases": [PHASES[key](data, manifest) for key in args.pages.split(",")],
            }
            yardstick = [yardstick_ms()]
            load = subprocess.run([sys.executable, __file__, "--client", json.dumps(config)], cwd=ROOT,
                                  capture_output=True, text=True, check=True)
            yardstick.append(yardstick_ms())
            results = json.loads(load.stdout)
            ready = Article.objects.filter(status="ready").count()
        finally:
            for process in (web, worker):
                process.terminate()
            for process in (web, worker):
                process.wait(timeout=60)

    workers = os.environ.get("WEB_CONCURRENCY") or f"{os.cpu_count() * 2 + 1} (2 x {os.cpu_count()} cores + 1)"
    print(f"gunicorn: deploy/gunicorn.conf.py, DEBUG=0, {workers} workers x 2 threads; one db_worker "
          f"(analysed {data['queued']} queued articles first; {ready} ready)")
    offered = (f"one request per client every {args.pace:g} s on average, at random "
               f"({args.clients / args.pace:g} req/s offered)"
               if args.pace else "closed loop (capacity)")
    print(f"load: {args.clients} signed-in clients, {offered}, {args.seconds:g} s per page, from a second process")
    print(f"review page article: {data['claims']} claims, 200 annotations")
    print(f"machine yardstick (fixed pure-Python loop, smaller is faster): {yardstick[0]:.0f} ms before the load, "
          f"{yardstick[1]:.0f} ms after")
    print(f"{'':26}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>7}")
    for name, r in results.items():
        print(f"{name:<26}{r['requests']:>9}{r['rps']:>8.1f}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['p99']:>8.1f}"
              f"{r['errors']:>7}{'  ' + str(r['error_kinds']) if r['errors'] else ''}")
    pages = {k: v for k, v in results.items() if k != "static file"}
    met = all(r["errors"] == 0 and r["p95"] < P95_TARGET_MS for r in pages.values())
    print(f"target (zero errors, p95 < {P95_TARGET_MS:g} ms on every page): {'met' if met else 'missed'}")
    return 0


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start within 30 s")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
