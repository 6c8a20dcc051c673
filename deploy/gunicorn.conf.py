"""Gunicorn settings for Axis: `gunicorn -c deploy/gunicorn.conf.py axis.wsgi`.

Every value can be overridden from the environment, so one file serves every machine.
"""

import multiprocessing
import os
import sys

bind = os.environ.get("AXIS_BIND", "127.0.0.1:8000")
# Pages are CPU-bound Python (template rendering), so processes, not threads, use the cores;
# two threads each let a process overlap one request's database wait with another's work.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("AXIS_WORKER_CLASS", "gthread")
threads = int(os.environ.get("AXIS_THREADS", 2))
# Not preloaded: `systemctl reload axis-web` (HUP) then starts workers on the new code.
preload_app = False
timeout = int(os.environ.get("AXIS_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then so that a slow leak cannot grow without end.
max_requests = 2000
max_requests_jitter = 200
# Only the local proxy may say a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("AXIS_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("AXIS_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "axis-web"


def post_worker_init(worker):
    """Refuse to serve in development mode: gunicorn is the production server.

    A checkout where `make install` ran has a `.env` with DEBUG=1; a production server that
    forgot DEBUG=0 would otherwise serve debug pages with a generated key. Exit code 3 is
    gunicorn's "worker failed to boot", which stops the whole server rather than retrying.
    """
    from django.conf import settings

    if settings.DEBUG:
        worker.log.error("Axis: DEBUG is on (from the environment or .env); gunicorn serves production: set DEBUG=0.")
        sys.exit(3)
