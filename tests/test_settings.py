"""Settings come from the environment and fail loudly; production passes Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_KEY = "x7Hq2-production-key-for-tests-only-3fJ9kLmN0pQrStUvWxYz_a1b2c3d4e5"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a real deployment has none of these.
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_refuses_to_start_with_one_line():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Axis: set SECRET_KEY (DEBUG is off, and a production server needs its own secret key);"
        " for a development checkout, `make install` writes .env with DEBUG=1."
    ]


def test_bad_boolean_setting_is_refused():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    DEBUG="0", SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="axis.example.org")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_unknown_spacy_model_refuses_to_start_with_one_line(tmp_path):
    for value in ("no_such_pipeline", str(tmp_path / "missing")):
        result = manage("check", DEBUG="1", AXIS_SPACY_MODEL=value)
        assert result.returncode != 0
        assert result.stderr.strip().splitlines() == [
            f"Axis: AXIS_SPACY_MODEL={value!r} is neither an installed spaCy pipeline package nor a pipeline directory."
        ]
