"""Render the remote-backend parts of the window to screenshots/backends-*.png (offscreen, widget grab()).

    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_backends_screenshots

English (light) and Chinese (dark): the Remote backends dialog (keys in the private file), the add form
after a successful and a refused Test connection, the model picker's open menu with a reachable server,
one that refuses and one with a Chinese name, the window chatting with the remote model (the picker
naming the backend, "≈" on the context in the status bar), and working offline (the picker's rows, the
message when a remote model is chosen). The server is tests/ui/openai_fake.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DESK_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="da-backends-")
    sys.path.insert(0, str(ROOT))
    import keyring
    from keyring.backends import fail
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

    from desk_assistant.core import backends
    from desk_assistant.core.settings import load_settings, save_settings
    from desk_assistant.ui.app import DeskApp
    from desk_assistant.ui.dialogs.backends_dialog import BackendsDialog
    from desk_assistant.ui.i18n import install_translators
    from desk_assistant.ui.i18n_build import compile_translations
    from desk_assistant.ui.inference_service import InferenceService
    from desk_assistant.ui.theme import apply_theme
    from desk_assistant.ui.widgets.model_picker import ModelPicker
    from tests.ui.openai_fake import FakeOpenAIServer, refused_url

    keyring.set_keyring(fail.Keyring())  # the "no system keyring" line, as in a bare session
    compile_translations()
    out = Path(os.environ.get("SHOTS", ROOT / "screenshots"))
    out.mkdir(exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Desk Assistant")

    def wait(ms: int) -> None:
        end = QTimer()
        end.setSingleShot(True)
        end.start(ms)
        while end.isActive():
            app.processEvents()

    def wait_until(check, ms: int = 10000) -> None:
        for _ in range(ms // 20):
            if check():
                return
            wait(20)
        raise TimeoutError(check)

    def save(widget, name: str) -> None:
        path = out / f"backends-{name}.png"
        widget.grab().save(str(path))
        print(path)

    with FakeOpenAIServer(
        models=["qwen/Qwen3-8B", "llama-3.1-70b-instruct", "deepseek-r1-distill-qwen-32b"],
        answer="Hello from the server! 你好。",
    ) as server:
        settings = load_settings()
        backends.add_backend(settings, "lab", server.url, "sk-secret")
        backends.add_backend(settings, "gpu-cluster", refused_url())
        backends.add_backend(settings, "办公室服务器", server.url)
        for lang, theme in (("en", "light"), ("zh_CN", "dark")):
            install_translators(lang)
            apply_theme(theme, app)
            settings = load_settings()

            dialog = BackendsDialog(settings)
            dialog.show()
            wait(200)
            save(dialog, f"dialog-{lang}")
            form = dialog.add()
            form.name_edit.setText("workstation")
            form.url_edit.setText(server.url + "/v1")
            form.key_edit.setText("sk-0123456789")
            form.test_connection()
            wait_until(form.test_button.isEnabled)
            wait(100)
            save(form, f"test-ok-{lang}")
            form.url_edit.setText(refused_url())
            form.test_connection()
            wait_until(form.test_button.isEnabled)
            form.url_edit.setText("ftp://workstation")
            form.save()
            wait(100)
            save(form, f"test-refused-{lang}")
            form.reject()
            dialog.close()

            holder = QWidget()
            row = QHBoxLayout(holder)
            service = InferenceService(lambda: None)
            picker = ModelPicker(service, settings)
            row.addStretch(1)
            row.addWidget(picker)
            holder.resize(700, 60)
            holder.show()
            wait(100)
            menu = picker.menu()
            menu.popup(picker.mapToGlobal(picker.rect().bottomLeft()))
            wait_until(lambda p=picker: all(not p.remote_models(n).pending for n in p.backend_names()))
            wait(200)
            save(menu, f"picker-menu-{lang}")
            menu.hide()
            service.shutdown()
            holder.close()

        # the window on the remote model, in both languages
        settings = load_settings()
        settings.default_model = "remote:lab/qwen/Qwen3-8B"
        settings.first_run_done = True
        save_settings(settings)
        desk = DeskApp(app, show_welcome=False)
        assert desk.start()
        for lang, theme in (("en", "light"), ("zh_CN", "dark")):
            new = load_settings()
            new.ui_language, new.theme = lang, theme
            desk.apply_settings(new)
            window = desk.window
            window.resize(1100, 680)
            wait_until(lambda w=window: w.model_picker.state() == "ready")
            window.chat.new_chat()
            window.chat._on_submit("Say hello" if lang == "en" else "打个招呼")  # as Enter in the box does
            wait_until(lambda w=window: not w.chat.is_generating())
            wait(300)
            save(window, f"window-{lang}")
        # working offline: the picker's server rows, and a remote model that cannot be loaded
        install_translators("en")
        new = load_settings()
        new.ui_language, new.theme = "en", "light"
        desk.apply_settings(new)
        window = desk.window
        window.set_offline(True)
        window.resize(1100, 680)
        picker = window.model_picker
        picker.menu().popup(picker.mapToGlobal(picker.rect().bottomLeft()))
        wait(300)
        save(picker.menu(), "picker-menu-offline-en")
        picker.menu().hide()
        window.load_model("remote:lab/llama-3.1-70b-instruct")
        wait(300)
        save(window, "window-offline-en")
        desk.shutdown()
        desk.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
