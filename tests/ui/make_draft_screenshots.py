"""Screenshots of the Draft pane, English and Chinese UI, on the real SmolLM2 starter: with an outline the
model wrote, and with a rewrite of a selection shown as a diff to accept or reject.

    xvfb-run -a -s "-screen 0 1400x900x24" python -m tests.ui.make_draft_screenshots --xvfb
    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_draft_screenshots

Writes screenshots/draft-outline-<language>.png and screenshots/draft-rewrite-<language>.png. The app
runs as a user would start it (DeskApp with its own data folder); the brief is typed into the pane and
the real model does the work. Until the window builds the Draft pane itself, the script puts one in
the place of the placeholder, wired as the window wires its work panes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

BRIEF = "Why our city should plant more street trees"
AUDIENCE = "city council members"
SEED = 4  # SmolLM2 135M writes a usable outline of this brief with it (most seeds give one section)


def draft_pane_of(window: Any) -> Any:
    """The window's Draft pane, or one put in place of the placeholder (before the window has one)."""
    from desk_assistant.ui.main_window import PANE_DRAFT
    from desk_assistant.ui.panes.draft_pane import DraftPane

    existing = window.panes.widget(PANE_DRAFT)
    if isinstance(existing, DraftPane):
        return existing
    pane = DraftPane(window._service, window._store, window._settings)
    window.panes.removeWidget(existing)
    existing.deleteLater()
    window.panes.insertWidget(PANE_DRAFT, pane)
    pane.conversationChanged.connect(window._on_conversation_changed)
    pane.statsChanged.connect(window._on_stats)
    pane.errorRaised.connect(window.show_error)
    pane.sendToChat.connect(window.send_to_chat)
    return pane


def main() -> int:
    xvfb = "--xvfb" in sys.argv
    if not xvfb:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="da-draft-shots-"))
    os.environ["DESK_ASSISTANT_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk_assistant.core.settings import load_settings
    from desk_assistant.inference.types import SamplingParams
    from desk_assistant.library.starter import STARTER
    from desk_assistant.ui.app import DeskApp
    from desk_assistant.ui.i18n_build import compile_translations
    from desk_assistant.ui.main_window import PANE_DRAFT
    from desk_assistant.ui.widgets.draft_editor import utf16_length

    compile_translations()
    model = str(STARTER.ensure())
    (home / "config").mkdir(parents=True, exist_ok=True)
    settings = {
        "first_run_done": True,
        "default_model": model,
        "models": {model: {"context_size": 2048}},
    }
    (home / "config" / "settings.json").write_text(json.dumps(settings), "utf-8")
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Desk Assistant")

    def wait(ms: int) -> None:
        end = QTimer()
        end.setSingleShot(True)
        end.start(ms)
        while end.isActive():
            app.processEvents()

    def wait_until(check: Callable[[], bool], seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not check() and time.monotonic() < deadline:
            wait(50)

    def shoot(name: str) -> None:
        window = desk.window
        wait(300)
        path = out / f"{name}.png"
        (window.screen().grabWindow(window.winId()) if xvfb else window.grab()).save(str(path))
        print(path, flush=True)

    def run(pane: Any, start: Callable[[], bool], seconds: float = 600) -> object:
        ended: list[object] = []
        pane.runner.finished.connect(ended.append)
        pane.runner.failed.connect(ended.append)
        if not start():
            raise SystemExit(f"could not start: {pane.note.text()}")
        wait_until(lambda: bool(ended), seconds)
        pane.runner.finished.disconnect(ended.append)
        pane.runner.failed.disconnect(ended.append)
        return ended[0] if ended else None

    desk = DeskApp(app, show_welcome=False)
    assert desk.start()
    wait_until(lambda: desk.window.model_picker.state() in ("ready", "error"), 120)
    for lang in ("en", "zh_CN"):
        new = load_settings()
        new.ui_language, new.theme = lang, "light"
        desk.apply_settings(new)
        window = desk.window
        window.resize(1280, 820)
        pane = draft_pane_of(window)
        window.set_pane(PANE_DRAFT)
        pane.new_document()
        pane.sampling = SamplingParams(temperature=0.2, seed=SEED)
        pane.token_limits = {"outline": 256, "section": 160, "whole": None}
        form = pane.form
        form.kind_box.setCurrentIndex(form.kind_box.findData("article"))
        form.length_box.setCurrentIndex(form.length_box.findData("short"))
        form.language_box.set_code("en")  # the starter model writes English best
        form.brief_edit.setPlainText(BRIEF)
        form.audience_edit.setText(AUDIENCE)

        # an outline written by the model, the first sections written into the text
        outlined = run(pane, pane.write_outline)
        print("outline:", getattr(outlined, "outline", outlined), flush=True)
        editor = pane.outline_editor
        for section_id in editor.outline().ids[4:]:
            editor.delete_section(section_id)
        pane.token_limits["section"] = 120
        first_two = pane.outline_editor.outline().ids[:2]
        for section_id in first_two:
            editor.select(section_id)
            run(pane, lambda p=pane, s=section_id: p.regenerate_section(s))
        editor.select(first_two[0])
        shoot(f"draft-outline-{lang}")

        # a rewrite of a selection, shown as a diff
        text = pane.text()
        paragraph = max((p for p in text.split("\n\n") if not p.startswith("#")), key=len, default="")
        before = text[: text.find(paragraph)]
        pane.editor.select_range(utf16_length(before), utf16_length(before + paragraph))
        run(pane, lambda p=pane: p.rewrite_selection("grammar"))
        shoot(f"draft-rewrite-{lang}")
        pane.reject_rewrite()
    desk.shutdown()
    desk.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
