# The two commands of the README: `make run` and `make test`. Both create .venv on first use and
# are quick when it is already set up (stamp files record what was installed from which inputs).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test test-ckan lint data docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/publisher demo

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

# The conformance suite against the embedded portal and a real CKAN (../shared/ckan), and every
# other test that runs against the real CKAN too (sync, publish): those marked `ckan`.
test-ckan: $(VENV)/.test-installed
	bash .ci/with-ckan.sh $(BIN)/python -m pytest -p no:cacheprovider tests/conformance $(PYTEST_ARGS)
	bash .ci/with-ckan.sh $(BIN)/python -m pytest -p no:cacheprovider -m ckan tests \
	  --ignore=tests/conformance $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check publisher harvest tests bench datasets
	$(BIN)/mypy
	$(BIN)/lint-imports

data: $(VENV)/.test-installed
	$(BIN)/python -m publisher.generate

docs: $(VENV)/.run-installed
	$(BIN)/publisher docs

clean:
	rm -rf var .pytest_cache
