# Axis: `make run` serves the demo, `make test` runs the suite. Both install first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
AXIS_PORT ?= 8000

# First Python >= 3.12 among $(PYTHON), python3.13, python3.12, python3, then pyenv's.
define find_python
for c in $(PYTHON) python3.13 python3.12 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: install run test browser clean-db

install: $(VENV)/.installed .env

# Marks this checkout as a development one, for every command run in it (settings read it;
# the environment wins). Written once and then left alone: edit it freely.
.env:
	@printf '%s\n' '# Development checkout (written by make install). Production has no .env: it sets DEBUG=0 and SECRET_KEY.' 'DEBUG=1' > $@

$(VENV)/.installed: requirements.txt
	@py=$$($(find_python)) || { echo "Axis needs Python 3.12 or newer: install it or set PYTHON=/path/to/python3.12" >&2; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV); "$$py" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# One analysis worker runs beside the web server and stops with it (Ctrl-C, or make being stopped).
# Whatever the worker was analysing when a previous `make run` was killed is queued again first.
# Last, the embedded PostgreSQL server stops too, unless another Axis process still uses it.
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py analysis_requeue --worker-id make-run-$(AXIS_PORT)
	@echo "Axis: http://127.0.0.1:$(AXIS_PORT)/"
	@$(PY) manage.py db_worker --worker-id make-run-$(AXIS_PORT) --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; $(PY) manage.py embedded_db_stop' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(AXIS_PORT)

test: install browser
	$(PY) -m ruff check --quiet annotations axis tests bench
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# The browser tests drive Debian's Chromium; install it where this machine lets us (root and apt).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing chromium for the browser tests"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; }) \
	      || echo "Could not install chromium: the browser tests will be skipped"; \
	  else echo "No chromium (apt-get install chromium): the browser tests will be skipped"; fi; }

clean-db:
	rm -rf .axis/pgdata
