"""Set up Django for a benchmark on a throwaway database of its own."""

import os
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def bench_database():
    """Yield with Django set up on a fresh, migrated database that is dropped afterwards.

    DEBUG is on only so that settings load without a SECRET_KEY; the code under
    measure runs with it off, as in production (no query log kept).
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "axis.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("AXIS_TEST_DATABASE", "axis_bench")
    import django
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    django.setup()
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
