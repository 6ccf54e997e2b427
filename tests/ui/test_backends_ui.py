"""Remote backends in the window: the Tools → Remote backends dialog (add / edit / remove, keys kept in
the keyring or the private file, Test connection on a thread) and the model picker's server rows,
against a real OpenAI-compatible HTTP server on 127.0.0.1 and a refused port."""

from __future__ import annotations

import json
import os
import stat

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QDialogButtonBox

from desk_assistant.core import backends, network, secrets
from desk_assistant.core.settings import RemoteBackend, Settings, load_settings, settings_path
from desk_assistant.inference.types import ModelInfo
from desk_assistant.ui.dialogs.backends_dialog import BackendForm, BackendsDialog
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.widgets.model_picker import ModelPicker
from tests.keyrings import LockedKeyring, MemoryKeyring
from tests.ui.openai_fake import FakeOpenAIServer, refused_url
from tests.ui.pane_helpers import Heartbeat

KEY = "sk-test-0123456789"


# each test starts with no keyring again (tests/conftest.py): these fixtures only set one


@pytest.fixture
def memory_keyring():
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    return ring


@pytest.fixture
def no_keyring():
    keyring.set_keyring(fail.Keyring())


@pytest.fixture(autouse=True)
def online():
    network.set_offline(False)
    yield
    network.set_offline(False)


@pytest.fixture
def server():
    with FakeOpenAIServer() as fake:
        yield fake


def open_dialog(qtbot, settings: Settings) -> BackendsDialog:
    dialog = BackendsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.background_done)  # where keys are kept comes from a thread
    return dialog


def fill(form: BackendForm, name: str | None = None, url: str | None = None, key: str | None = None) -> None:
    if name is not None:
        form.name_edit.setText(name)
    if url is not None:
        form.url_edit.setText(url)
    if key is not None:
        form.key_edit.setText(key)


def save(qtbot, form: BackendForm) -> bool:
    """Click Save and wait for the key to be stored (on a thread): True when the form closed saved
    (the dialog then deletes it), False when it stays, showing why."""
    closed: list[int] = []
    form.finished.connect(closed.append)
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: bool(closed) or not form.saving())
    return bool(closed)


def settings_file_text() -> str:
    return settings_path().read_text("utf-8")


# ---- the dialog -----------------------------------------------------------------------------------------


def test_add_edit_remove_with_the_keyring(qtbot, memory_keyring: MemoryKeyring, monkeypatch) -> None:
    settings = load_settings()
    dialog = open_dialog(qtbot, settings)
    assert dialog.storage_label.text() == "API keys are kept in the system keyring (Test keyring)."
    assert dialog.names() == [] and dialog.empty_label.isVisibleTo(dialog)
    assert not dialog.edit_button.isEnabled() and not dialog.remove_button.isEnabled()

    form = dialog.add()
    assert form.key_edit.echoMode() == form.key_edit.EchoMode.Password
    form.show_key_button.click()
    assert form.key_edit.echoMode() == form.key_edit.EchoMode.Normal
    form.show_key_button.click()
    assert form.key_edit.echoMode() == form.key_edit.EchoMode.Password
    fill(form, "lab", "http://lab.example:8080/v1/", KEY)
    assert save(qtbot, form)
    assert dialog.names() == ["lab"] and dialog.selected_name() == "lab"
    assert settings.backends == [RemoteBackend("lab", "http://lab.example:8080")]
    assert memory_keyring.secrets[(secrets.SERVICE, "backend:lab")] == KEY
    assert KEY not in settings_file_text()
    assert json.loads(settings_file_text())["backends"] == [
        {"name": "lab", "base_url": "http://lab.example:8080"}
    ]

    # editing leaves the key alone unless one is typed
    form = dialog.edit_selected()
    assert form is not None and form.name_edit.text() == "lab" and form.key_edit.text() == ""
    assert form.key_edit.placeholderText() == "Leave empty to keep the saved key"
    fill(form, "workstation", "http://10.0.0.5:8000")
    assert save(qtbot, form)
    assert dialog.names() == ["workstation"]
    assert memory_keyring.secrets == {(secrets.SERVICE, "backend:workstation"): KEY}
    form = dialog.edit_selected()
    fill(form, key="sk-new")
    assert save(qtbot, form)
    assert backends.connection(settings, "workstation").api_key == "sk-new"
    form = dialog.edit_selected()
    form.remove_key.setChecked(True)
    assert save(qtbot, form)
    assert backends.connection(settings, "workstation").api_key == ""
    assert "sk-new" not in settings_file_text()

    monkeypatch.setattr(BackendsDialog, "confirm_remove", lambda self, name: name == "workstation")
    dialog.remove_button.click()
    assert dialog.names() == [] and settings.backends == []
    qtbot.waitUntil(dialog.background_done)  # the key is deleted on a thread
    assert memory_keyring.secrets == {}
    assert load_settings().backends == [] and dialog.changed


def test_keys_in_the_private_file_without_a_keyring(qtbot, no_keyring) -> None:
    settings = load_settings()
    dialog = open_dialog(qtbot, settings)
    path = secrets.storage_note().where
    assert path.endswith("secrets.json")
    assert dialog.storage_label.text() == f"No system keyring: keys are kept in {path}, readable only by you."
    form = dialog.add()
    fill(form, "vllm", "https://gpu.example.org", KEY)
    assert save(qtbot, form)
    assert dialog.names() == ["vllm"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path, encoding="utf-8") as fh:
        assert json.load(fh) == {"backend:vllm": KEY}
    assert KEY not in settings_file_text()


def test_backend_errors_are_sentences_and_the_form_stays(qtbot, no_keyring) -> None:
    settings = load_settings()
    dialog = open_dialog(qtbot, settings)
    form = dialog.add()
    fill(form, "lab", "ftp://lab")
    assert not save(qtbot, form)
    assert (
        form.error_label.text()
        == "'ftp://lab' is not a server address (it should look like http://host:8080)."
    )
    fill(form, url="http://lab:8080")
    assert save(qtbot, form) and dialog.names() == ["lab"]
    form = dialog.add()
    fill(form, "lab", "http://other:8080")
    assert not save(qtbot, form)
    assert form.error_label.text() == "There is already a backend named 'lab'."
    fill(form, "a/b")
    assert not save(qtbot, form)
    assert "must be 1 to 64 characters" in form.error_label.text()
    form.reject()
    assert [b.name for b in settings.backends] == ["lab"]


@pytest.fixture
def locked_keyring():
    ring = LockedKeyring()
    keyring.set_keyring(ring)
    yield ring
    ring.unlock()  # a thread still waiting on it ends


def test_a_keyring_waiting_for_its_unlock_prompt_never_blocks_the_window(qtbot, locked_keyring) -> None:
    settings = load_settings()
    dialog = open_dialog(qtbot, settings)
    form = dialog.add()
    fill(form, "lab", "http://lab.example:8080", KEY)
    closed: list[int] = []
    form.finished.connect(closed.append)
    with Heartbeat() as beat:
        form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        qtbot.waitUntil(lambda: locked_keyring.calls == 1)
        assert (
            form.saving() and form.saving_label.isVisible() and form.saving_label.text() == "Saving the key…"
        )
        assert not form.name_edit.isEnabled() and not form.key_edit.isEnabled()
        cancel = form.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert not cancel.isEnabled()
        form.reject()  # Esc: half a save could lose a renamed key, so the form waits for the keyring
        qtbot.wait(300)
        assert form.isVisible() and settings.backends == []
    assert beat.longest < 0.25, beat.longest  # the window kept painting while the keyring waited
    locked_keyring.unlock()
    qtbot.waitUntil(lambda: bool(closed))
    assert dialog.names() == ["lab"] and settings.backends == [
        RemoteBackend("lab", "http://lab.example:8080")
    ]
    assert locked_keyring.secrets == {(secrets.SERVICE, "backend:lab"): KEY}
    assert dialog.storage_label.text() == "API keys are kept in the system keyring (Test keyring)."


def test_removing_then_adding_the_same_name_keeps_the_new_key(qtbot, locked_keyring, monkeypatch) -> None:
    """The removed backend's key is deleted on a thread while the keyring waits; the new backend of the
    same name saves its key on another, which waits for the first (core/secrets' lock): the new key
    is not deleted."""
    locked_keyring.unlock()
    settings = load_settings()
    backends.add_backend(settings, "lab", "http://old.example:8080", "sk-old")
    locked_keyring.unlocked.clear()
    locked_keyring.calls = 0
    dialog = open_dialog(qtbot, settings)
    monkeypatch.setattr(BackendsDialog, "confirm_remove", lambda self, name: True)
    dialog.select("lab")
    dialog.remove_button.click()
    form = dialog.add()
    fill(form, "lab", "http://new.example:8080", "sk-new")
    closed: list[int] = []
    form.finished.connect(closed.append)
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: locked_keyring.calls >= 1)
    qtbot.wait(100)
    assert locked_keyring.calls == 1  # the save waits for the delete before it
    locked_keyring.unlock()
    qtbot.waitUntil(lambda: bool(closed) and dialog.background_done())
    assert locked_keyring.secrets == {(secrets.SERVICE, "backend:lab"): "sk-new"}
    assert backends.connection(settings, "lab") == backends.Connection(
        "lab", "http://new.example:8080", "sk-new"
    )


def test_a_key_the_keyring_refuses_is_a_sentence_and_the_form_stays(
    qtbot, memory_keyring, monkeypatch
) -> None:
    settings = load_settings()
    dialog = open_dialog(qtbot, settings)
    form = dialog.add()
    fill(form, "lab", "http://lab.example:8080", KEY)

    def locked(*_args: object) -> None:
        raise keyring.errors.PasswordSetError("the keyring is locked")

    def full_disk(fd: int, *_args: object, **_kwargs: object) -> None:
        os.close(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(MemoryKeyring, "set_password", locked)  # the keyring fails: the file is used
    monkeypatch.setattr(secrets.os, "fdopen", full_disk)  # and the file cannot be written either
    assert not save(qtbot, form)
    assert form.error_label.text().startswith("Could not save the key to ")
    assert "No space left on device" in form.error_label.text()
    assert form.name_edit.isEnabled() and settings.backends == [] and load_settings().backends == []
    monkeypatch.undo()
    keyring.set_keyring(memory_keyring)
    assert save(qtbot, form) and dialog.names() == ["lab"]


# ---- Test connection --------------------------------------------------------------------------------------


def run_test(qtbot, form: BackendForm) -> str:
    form.test_button.click()
    assert not form.test_button.isEnabled()
    assert form.test_result.text() == "Asking the server for its models…"
    qtbot.waitUntil(form.test_button.isEnabled, timeout=15000)
    return form.test_result.text()


def test_connection_lists_the_models_and_asks_for_the_key(qtbot, no_keyring, server) -> None:
    dialog = open_dialog(qtbot, load_settings())
    form = dialog.add()
    fill(form, "lab", server.url)
    assert run_test(qtbot, form) == "Connected. Models on the server: qwen/Qwen3-8B, llama-3.1-70b"
    server.key = KEY
    text = run_test(qtbot, form)
    assert text == f"The server at {server.url} asks for an API key (401). Add the key to this backend."
    fill(form, key="wrong")
    assert "refused the API key (401)" in run_test(qtbot, form)
    fill(form, key=KEY)
    assert run_test(qtbot, form).startswith("Connected. Models on the server: qwen/")
    assert save(qtbot, form)
    # editing with the key field empty tests with the saved key
    form = dialog.edit_selected()
    assert run_test(qtbot, form).startswith("Connected. Models on the server: qwen/")
    form.reject()


def test_a_refused_connection_never_blocks_the_window(qtbot, no_keyring) -> None:
    dialog = open_dialog(qtbot, load_settings())
    form = dialog.add()
    url = refused_url()
    fill(form, "down", url)
    with Heartbeat() as beat:
        text = run_test(qtbot, form)
        qtbot.wait(50)
    assert text == f"Nothing answers at {url}: the connection was refused. Is the server running?"
    assert form.test_result.property("level") == "error"
    assert beat.longest < 0.1, f"the UI stalled {beat.longest * 1000:.0f} ms"
    fill(form, url="not a url")
    assert "is not a server address" in run_test(qtbot, form)
    form.reject()


def test_offline_asks_nothing(qtbot, no_keyring, server) -> None:
    dialog = open_dialog(qtbot, load_settings())
    form = dialog.add()
    fill(form, "lab", server.url)
    network.set_offline(True)
    text = run_test(qtbot, form)
    assert "set to work offline" in text
    assert server.hits == []
    form.reject()


# ---- the model picker --------------------------------------------------------------------------------


@pytest.fixture
def picker_with_backends(qtbot, no_keyring, server):
    settings = load_settings()
    backends.add_backend(settings, "lab", server.url)
    backends.add_backend(settings, "down", refused_url())
    service = InferenceService(lambda: None)
    picker = ModelPicker(service, settings)
    qtbot.addWidget(picker)
    yield picker, settings
    service.shutdown()


def open_menu(qtbot, picker: ModelPicker) -> None:
    """Open the picker's menu as a click does, without the modal loop of QToolButton.showMenu."""
    picker.menu().popup(picker.mapToGlobal(picker.rect().bottomLeft()))
    qtbot.waitUntil(picker.menu().isVisible)


@pytest.fixture(autouse=True)
def close_menus(qapp):
    yield
    for widget in qapp.topLevelWidgets():
        if widget.isVisible() and widget.inherits("QMenu"):
            widget.hide()


def test_picker_lists_server_models_below_local_ones(qtbot, picker_with_backends, server) -> None:
    picker, _settings = picker_with_backends
    with Heartbeat() as beat:
        open_menu(qtbot, picker)
        rows = [text for text, _enabled, _tip in picker.menu_rows()]
        assert "lab: asking for its models…" in rows and "down: asking for its models…" in rows
        qtbot.waitUntil(lambda: not picker.remote_models("down").pending, timeout=15000)
        qtbot.waitUntil(lambda: not picker.remote_models("lab").pending, timeout=15000)
    assert beat.longest < 0.1, f"the UI stalled {beat.longest * 1000:.0f} ms"
    rows = picker.menu_rows()
    texts = [t for t, _e, _tip in rows]
    local_names = [name for _path, name in picker.local_models()]
    assert texts.index("Models on lab") > max((texts.index(n) for n in local_names), default=-1)
    lab = texts.index("Models on lab")
    assert texts[lab + 1 : lab + 3] == ["qwen/Qwen3-8B", "llama-3.1-70b"]
    assert rows[lab][1] is False and rows[lab + 1][1] is True
    down = next(r for r in rows if r[0] == "down: not reachable")
    assert down[1] is False and "the connection was refused" in down[2]
    assert texts[-3:] == ["Open a model file…", "Manage models…", "Remote backends…"]

    action = next(a for a in picker.menu().actions() if a.text() == "llama-3.1-70b")
    with qtbot.waitSignal(picker.loadRequested) as chosen:
        action.trigger()
    assert chosen.args == ["remote:lab/llama-3.1-70b"]

    # the lists are kept: opening again within a minute asks nothing
    asked = picker.remote_models("lab").fetched_at
    open_menu(qtbot, picker)
    assert not picker.remote_models("lab").pending and picker.remote_models("lab").fetched_at == asked


def test_picker_offline_rows(qtbot, picker_with_backends, server) -> None:
    picker, _settings = picker_with_backends
    network.set_offline(True)
    open_menu(qtbot, picker)
    rows = picker.menu_rows()
    offline = [r for r in rows if r[0] in ("lab: offline", "down: offline")]
    assert len(offline) == 2 and not any(enabled for _t, enabled, _tip in offline)
    assert "set to work offline" in offline[0][2]
    assert not next(r for r in rows if r[0] == "Ask the servers again")[1]
    qtbot.wait(100)
    assert server.hits == [] and picker.remote_models("lab") is None  # nothing was asked


def test_picker_status_names_the_backend(qtbot, picker_with_backends, server) -> None:
    picker, _settings = picker_with_backends
    info = ModelInfo(
        path="remote:lab/qwen/Qwen3-8B",
        name="qwen/Qwen3-8B",
        architecture="remote",
        context_length=32768,
        context_size=8192,
        quantization="",
        chat_format="server",
        has_template=True,
        gpu_layers=0,
        total_layers=0,
        size_bytes=0,
    )
    info.token_counts_estimated = True  # type: ignore[attr-defined]
    picker._on_loaded(1, info)
    assert picker.text() == "qwen/Qwen3-8B · lab"
    assert "CPU" not in picker.text() and "GPU" not in picker.toolTip()
    assert picker.toolTip().startswith(f"qwen/Qwen3-8B on the server lab ({server.url})")
    assert "Ready · context 8,192 tokens" in picker.toolTip()
    assert "estimates (≈)" in picker.toolTip()


def test_a_big_server_is_a_submenu_and_a_long_list_is_cut(qtbot, no_keyring) -> None:
    models = [f"model-{i:02d}" for i in range(30)]
    with FakeOpenAIServer(models=models) as big:
        settings = load_settings()
        backends.add_backend(settings, "gateway", big.url)
        service = InferenceService(lambda: None)
        picker = ModelPicker(service, settings)
        qtbot.addWidget(picker)
        open_menu(qtbot, picker)
        qtbot.waitUntil(lambda: not picker.remote_models("gateway").pending, timeout=15000)
        submenu = next(a for a in picker.menu().actions() if a.data() == "submenu")
        assert submenu.text() == "Models on gateway (30 models)" and submenu.toolTip() == big.url
        assert [a.text() for a in submenu.menu().actions()] == models
        assert "model-05" not in [t for t, _e, _tip in picker.menu_rows()]
        with qtbot.waitSignal(picker.loadRequested) as chosen:
            submenu.menu().actions()[5].trigger()
        assert chosen.args == ["remote:gateway/model-05"]
        picker.menu().hide()
        service.shutdown()

        dialog = open_dialog(qtbot, settings)
        form = dialog.edit_selected()
        assert run_test(qtbot, form) == (
            "Connected. Models on the server: " + ", ".join(models[:8]) + " and 22 more"
        )
        form.reject()
