"""Axis settings. Everything that differs between machines comes from the environment."""

import importlib.util
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from dotenv import load_dotenv

from axis import embedded_db
from axis.env import envbool, envint, envlist, local_secret

BASE_DIR = Path(__file__).resolve().parent.parent
# A development checkout is marked by the `.env` that `make install` writes (DEBUG=1); a
# production deployment has none and sets DEBUG=0 and SECRET_KEY itself. The environment wins.
load_dotenv(BASE_DIR / ".env", override=False)
# Machine-local state: the embedded database, the generated secret key, the demo password.
STATE_DIR = Path(os.environ.get("AXIS_STATE_DIR", BASE_DIR / ".axis"))

DEBUG = envbool("DEBUG", False)

NO_SECRET_KEY = (
    "Axis: set SECRET_KEY (DEBUG is off, and a production server needs its own secret key);"
    " for a development checkout, `make install` writes .env with DEBUG=1."
)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A shared default key would let anyone forge sessions, so there is none.
        sys.exit(NO_SECRET_KEY)
    SECRET_KEY = local_secret(STATE_DIR / "secret_key")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "axes",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, API answers and exports are gzipped here (static files come pre-compressed from
    # whitenoise). BREACH: Django masks the CSRF token afresh in every response and this
    # middleware pads each gzip stream with up to 100 random bytes ("Heal The Breach").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL in the path, query string or form fields is a 400 naming it (PostgreSQL stores none).
    "annotations.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into axis.signin's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "axis.urls"
WSGI_APPLICATION = "axis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# DATABASE_URL when given (any PostgreSQL 14+); otherwise an embedded server in .axis/pgdata.
if os.environ.get("DATABASE_URL"):
    # Health checks: a connection the server dropped is replaced rather than failing one request.
    DATABASES = {
        "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("Axis runs on PostgreSQL only: DATABASE_URL must be a postgres:// URL.")
else:
    DATABASES = {"default": embedded_db.settings_for(STATE_DIR / "pgdata")}
# Two test runs on one server at once (e.g. two checkouts) each need their own test database.
if os.environ.get("AXIS_TEST_DATABASE"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["AXIS_TEST_DATABASE"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks (article analysis), queued once the transaction commits. "database" keeps
# the queue in PostgreSQL and needs `manage.py db_worker` running; "immediate" runs each task
# in the process that queues it, right after the commit (tests choose it in tests/conftest.py).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
AXIS_TASKS_BACKEND = os.environ.get("AXIS_TASKS_BACKEND", "database")
if AXIS_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"AXIS_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}; got {AXIS_TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[AXIS_TASKS_BACKEND], "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins are counted per account and, separately, per address (django-axes): either
# reaching the limit refuses that account, or everyone at that address, until the cool-off ends
# or a site administrator deletes the attempt in the admin ("Access attempts") or runs
# `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`. A newsroom behind one address
# shares its count, hence a limit above a person's typos. API tokens have their own throttle.
AUTHENTICATION_BACKENDS = [
    "axis.signin.SigninThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXIS_SIGNIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXIS_SIGNIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "axis.signin.signin_locked_out"
AXES_CLIENT_IP_CALLABLE = "axis.signin.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "annotations:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# "fragments" holds built HTML keyed by a digest of what it shows (the review page's text and
# claim list, the article list's rows), so it is never stale and each process keeps its own:
# at most 64 entries, about 330 KB each for a 500-claim article.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 64},
    },
}

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Without collectstatic (local runs, tests) whitenoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Largest article a person may paste or upload.
AXIS_MAX_UPLOAD_BYTES = envint("AXIS_MAX_UPLOAD_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = AXIS_MAX_UPLOAD_BYTES + 1024 * 1024


def _spacy_model(name: str) -> str:
    """Return the spaCy pipeline named, exiting unless it is an installed package or a pipeline directory."""
    if name and not Path(name, "config.cfg").is_file() and not (name.isidentifier() and importlib.util.find_spec(name)):
        sys.exit(f"Axis: AXIS_SPACY_MODEL={name!r} is neither an installed spaCy pipeline package nor a pipeline directory.")
    return name


# A trained spaCy pipeline whose entities add name candidates to the rules (never remove
# any). A bad name fails here, at start-up, not at the first analysis.
AXIS_SPACY_MODEL = _spacy_model(os.environ.get("AXIS_SPACY_MODEL", ""))

REST_FRAMEWORK = {
    # Token first: an anonymous call then gets 401 with a WWW-Authenticate header, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON with a NUL character or nested too deep is a 400 (annotations/input_checks.py).
    "DEFAULT_PARSER_CLASSES": [
        "annotations.api.parsers.CheckedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "annotations.api.pagination.IdCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["annotations.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("AXIS_API_RATE", "1200/min")},
    "DEFAULT_SCHEMA_CLASS": "annotations.api.schema.AxisAutoSchema",
    "EXCEPTION_HANDLER": "annotations.api.exceptions.exception_handler",
}
# Personal API tokens: knox keeps only a hash of each.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=envint("AXIS_TOKEN_DAYS", 365)),
    "AUTO_REFRESH": False,
    # Recognisable in a leaked config file or a secret scanner.
    "TOKEN_PREFIX": "axis_",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Axis API",
    "DESCRIPTION": "Claims, quotes, sources and reviewed annotations of your newsroom's articles.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page's assets are served from this server, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Operations are grouped (tagged) by the resource after /api/v1/, not all under "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "TAGS": [
        {"name": "workspaces", "description": "The newsrooms you belong to, and your role in each."},
        {"name": "articles", "description": "Articles added to a workspace, and their analysis."},
        {"name": "claims", "description": "Check-worthy sentences the analysis cut from the articles."},
        {"name": "quotes", "description": "Direct and indirect quotes, with their speakers."},
        {"name": "sources", "description": "The people and institutions quoted."},
        {"name": "annotations", "description": "Reviewers' tags, verdicts, notes, evidence and corrections."},
        {"name": "decisions", "description": "Editors' approvals, rejections and requests for changes."},
        {"name": "audit-events", "description": "Who changed what, for editors and admins."},
        {"name": "exports", "description": "Approved work as ClaimReview, Web Annotation, CSV or JSON Lines."},
        {"name": "search", "description": "Full-text search over your workspaces: articles, claims, quotes, sources "
                                         "and notes."},
    ],
}

# No inline scripts or styles anywhere: every script and stylesheet is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    # Production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    # Load balancers and systemd probe the app server directly over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Django's check asks for a key of 50+ characters with 5+ distinct ones.
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        sys.exit("Axis: SECRET_KEY must be at least 50 random characters.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
