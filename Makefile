# The two commands: `make run` (the demo on http://127.0.0.1:8000) and `make test`.
# Needs only python3 (3.11+) and make: uv is bootstrapped into .cache/ when absent.

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
UV_BOOT := .cache/uv-boot
UV := $(or $(shell command -v uv 2>/dev/null),$(UV_BOOT)/bin/uv)
ADDRESS ?= 127.0.0.1:8000

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: install run test lint audit format bench clean

$(UV_BOOT)/bin/uv:
	$(PYTHON) -m venv $(UV_BOOT)
	$(UV_BOOT)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/aegis migrate --noinput
	$(VENV)/bin/aegis demo --if-empty
	@echo "Aegis is serving on http://$(ADDRESS)/ — stop with Ctrl-C."
	@if [ -n "$$AEGIS_BROKER_URL" ]; then \
		echo "Background tasks: aegis worker on $${AEGIS_TASK_QUEUE:-aegis.tasks}."; \
		$(VENV)/bin/aegis worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
		$(VENV)/bin/aegis runserver $(ADDRESS); \
	else \
		echo "Background tasks: in the web process (set AEGIS_BROKER_URL for a worker)."; \
		$(VENV)/bin/aegis runserver $(ADDRESS); \
	fi

# In parallel (pytest-xdist), one process per core; each module stays on one process so its
# module-wide fixtures are built once. TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto
test: install
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/aegis makemigrations --check --dry-run
	@$(MAKE) --no-print-directory audit

# pip-audit of the exact versions in uv.lock, against the first advisory database that answers:
# PyPI's per-release JSON (pip-audit's default service), else OSV. Neither reachable (a machine
# that reaches only a package mirror): one line says the audit was skipped, and lint passes.
AUDIT_REQUIREMENTS := var/audit-requirements.txt
PYPI_PROBE := https://pypi.org/pypi/pip/24.0/json
OSV_PROBE := https://api.osv.dev/v1/query
audit: install
	@mkdir -p var
	@$(UV) export --frozen --format requirements-txt --no-emit-project --all-groups --quiet -o $(AUDIT_REQUIREMENTS)
	@if $(VENV)/bin/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' $(PYPI_PROBE) 2>/dev/null; then \
		$(VENV)/bin/pip-audit --strict --disable-pip --progress-spinner off -s pypi -r $(AUDIT_REQUIREMENTS); \
	elif $(VENV)/bin/python -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"{\"package\": {\"name\": \"pip\", \"ecosystem\": \"PyPI\"}, \"version\": \"24.0\"}"), timeout=5)' $(OSV_PROBE) 2>/dev/null; then \
		$(VENV)/bin/pip-audit --strict --disable-pip --progress-spinner off -s osv -r $(AUDIT_REQUIREMENTS); \
	else \
		echo "pip-audit skipped: no advisory database reachable (neither PyPI's release JSON nor OSV)."; \
	fi

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	@for script in bench/bench_*.py; do \
		echo "== $$script"; $(VENV)/bin/python $$script --quick || exit 1; \
	done

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache var
