# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# llama-cpp-python builds from source; skipping LLaVA saves ~1.5 min. Add -DGGML_CUDA=on for NVIDIA GPUs.
export CMAKE_ARGS ?= -DLLAVA_BUILD=OFF

.PHONY: run test bench lint translations clean install install-dev

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip wheel

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PIP) install -e '.[starter]'
	touch $@

$(VENV)/.installed-dev: $(VENV)/bin/activate pyproject.toml
	$(PIP) install -e '.[dev,starter]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

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
