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

.PHONY: install run test lint format bench clean

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
	$(VENV)/bin/aegis runserver $(ADDRESS)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	@for script in bench/bench_*.py; do \
		echo "== $$script"; $(VENV)/bin/python $$script --quick || exit 1; \
	done

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache var
