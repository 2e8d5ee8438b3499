# boucle - two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)
STAGE ?= prod

.PHONY: venv run test lint bench package deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "boucle needs Python 3.11+")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

## run: the whole stack locally (moto, chalice local, event pump, SMTP drop); Ctrl-C stops it
run: venv
	$(PY) -m infra.local.run

## test: lint, then every test (unit, handlers, local stack end to end)
test: venv
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

## bench: every benchmark script; one JSON object per line
bench: venv
	@for script in bench/bench_*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
