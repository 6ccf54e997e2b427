"""Screenshots for the language and accessibility review: the main window, each pane and the model manager
in Chinese at 150% of the system font size, then the same in English at 100% (to see nothing broke).

    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_a11y_screenshots
    xvfb-run -a -s "-screen 0 1600x1000x24" python -m tests.ui.make_a11y_screenshots --xvfb

Writes screenshots/a11y-<what>-<language>-<percent>.png. The app runs as a user starts it (DeskApp, its
own data folder), with stored chats; the real SmolLM2 starter writes the summary, the translation and the
draft (in the Chinese pass; the English pass opens what was stored). Keyboard focus sits on a control in
each shot, to show its focus ring.
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

ARTICLE = """# The river town

The town of Alder sits where two rivers meet. For three hundred years its people lived from the water:
fishing, ferrying goods and milling grain. When the railway came in 1871, the mills closed one by one,
and half of the young people left for the cities.

In 2004 the council turned the old mill into a museum and a library. Tourists began to arrive in
summer, and a small school for boat building opened beside the harbour. Today the town has 4,200
people, two hotels and a market every Saturday.
"""

TRANSLATE_TEXT = """# Opening hours

The library opens at nine and closes at five.

- Monday: closed
- Saturday: ten to two
"""

BRIEF = "Why our city should plant more street trees"


def seed_chats() -> dict[str, int]:
    """Chats of several days (English and Chinese), written through the real store."""
    from desk_assistant.core import paths
    from desk_assistant.storage.store import ConversationStore
    from tests.ui.chat_samples import ANSWER_EN, ANSWER_ZH, QUESTION_EN, QUESTION_ZH
    from tests.ui.window_fixtures import age_conversation

    store = ConversationStore(paths.database_path())
    ids: dict[str, int] = {}
    stats = {"prompt_tokens": 41, "completion_tokens": 187, "tokens_per_second": 58.3}
    for title, question, answer in [
        ("京都三日游计划", "帮我计划三天的京都行程。", "第一天：清晨去伏见稻荷大社……"),
        ("周报提纲", "帮我写周报提纲", "1. 本周完成\n2. 下周计划"),
        ("Email to the landlord", "Draft a polite email about the heating.", "Dear Ms. Li, …"),
        ("Sum a CSV column in Python", QUESTION_EN, ANSWER_EN),
        ("用 Python 对 CSV 列求和", QUESTION_ZH, ANSWER_ZH),
    ]:
        conv = store.create_conversation(title=title)
        store.append_message(conv.id, "user", question)
        store.append_message(conv.id, "assistant", answer, stats=stats)
        ids[title] = conv.id
    store.set_pinned(ids["京都三日游计划"], True)
    store.close()
    for title, days in [("京都三日游计划", 40), ("周报提纲", 1.3), ("Email to the landlord", 4)]:
        age_conversation(paths.database_path(), ids[title], days)
    return ids


def main() -> int:
    xvfb = "--xvfb" in sys.argv
    if not xvfb:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="da-a11y-shots-"))
    os.environ["DESK_ASSISTANT_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QWidget

    from desk_assistant.core.settings import load_settings
    from desk_assistant.inference.types import GenerationStats, SamplingParams
    from desk_assistant.library.starter import STARTER
    from desk_assistant.ui.app import DeskApp
    from desk_assistant.ui.i18n_build import compile_translations
    from desk_assistant.ui.main_window import PANE_CHAT, PANE_DRAFT, PANE_SUMMARIZE, PANE_TRANSLATE

    compile_translations()
    model = str(STARTER.ensure())
    ids = seed_chats()
    (home / "config").mkdir(parents=True, exist_ok=True)
    settings = {
        "first_run_done": True,
        "default_model": model,
        "ui_language": "zh_CN",
        "theme": "light",
        "models": {model: {"context_size": 2048}},
    }
    (home / "config" / "settings.json").write_text(json.dumps(settings), "utf-8")
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Desk Assistant")
    base_font = QFont(app.font())

    def set_font_scale(scale: float) -> None:
        font = QFont(base_font)
        font.setPointSizeF(base_font.pointSizeF() * scale)
        app.setFont(font)

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

    def shoot(widget: QWidget, name: str, focus: QWidget | None = None) -> None:
        if widget is desk.window:  # the conversation shown is the one selected, as after a click
            widget.sidebar.select_conversation(widget.current_conversation_id())
        if focus is not None:  # as after a Tab: the focus ring shows
            widget.activateWindow()
            focus.setFocus(Qt.FocusReason.TabFocusReason)
        wait(400)
        path = out / f"a11y-{name}.png"
        (widget.screen().grabWindow(widget.winId()) if xvfb else widget.grab()).save(str(path))
        print(path, flush=True)

    def run(pane: Any, start: Callable[[], bool], seconds: float = 600) -> None:
        ended: list[object] = []
        pane.runner.finished.connect(ended.append)
        pane.runner.failed.connect(ended.append)
        if not start():
            raise SystemExit(f"could not start: {pane.note.text()}")
        wait_until(lambda: bool(ended), seconds)
        print("  ->", type(ended[0]).__name__ if ended else "still running", flush=True)

    set_font_scale(1.5)
    desk = DeskApp(app, show_welcome=False)
    assert desk.start()
    wait_until(lambda: desk.window.model_picker.state() in ("ready", "error"), 120)
    stored: dict[int, int | None] = {}

    def shoot_all(suffix: str, write: bool) -> None:
        window = desk.window
        window.resize(1366, 860)
        # the main window: a Chinese chat with code and a table, figures in the status bar
        window.open_conversation(
            ids["用 Python 对 CSV 列求和" if "zh" in suffix else "Sum a CSV column in Python"]
        )
        window.status_bar.show_stats(
            GenerationStats(
                prompt_tokens=41, completion_tokens=187, tokens_per_second=58.3, time_to_first_token=0.21
            )
        )
        window.status_bar.show_context(1228, 2048)
        shoot(window, f"main-{suffix}", focus=window.chat.input.edit)
        shoot(window, f"main-switcher-{suffix}", focus=window.switcher.button(PANE_SUMMARIZE))

        window.show_pane(PANE_SUMMARIZE)
        pane = window.summarize
        if write:
            pane.source.set_text(ARTICLE)
            pane.length_box.setCurrentIndex(pane.length_box.findData("short"))
            wait_until(lambda: "·" in pane.plan_label.text(), 60)
            run(pane, pane.run)
            stored[PANE_SUMMARIZE] = pane.current_conversation_id()
        else:
            window.open_conversation(stored[PANE_SUMMARIZE])
        shoot(window, f"summarize-{suffix}", focus=pane.run_button)

        window.show_pane(PANE_TRANSLATE)
        pane = window.translate
        if write:
            pane.source.set_text(TRANSLATE_TEXT)
            pane.source_box.set_code("en")
            pane.target_box.set_code("fr")
            run(pane, pane.run)
            stored[PANE_TRANSLATE] = pane.current_conversation_id()
        else:
            window.open_conversation(stored[PANE_TRANSLATE])
            wait_until(lambda: pane.stack.currentIndex() == 1, 60)  # the rows come from a worker thread
        shoot(window, f"translate-{suffix}", focus=pane.swap_button)

        window.show_pane(PANE_DRAFT)
        pane = window.draft
        if write:
            pane.sampling = SamplingParams(temperature=0.2, seed=4)
            pane.token_limits = {"outline": 256, "section": 120, "whole": None}
            form = pane.form
            form.kind_box.setCurrentIndex(form.kind_box.findData("article"))
            form.length_box.setCurrentIndex(form.length_box.findData("short"))
            form.language_box.set_code("en")  # the starter model writes English best
            form.brief_edit.setPlainText(BRIEF)
            form.audience_edit.setText("city council members")
            run(pane, pane.write_outline)
            editor = pane.outline_editor
            for section_id in editor.outline().ids[4:]:
                editor.delete_section(section_id)
            first = editor.outline().ids[:1]
            for section_id in first:
                editor.select(section_id)
                run(pane, lambda s=section_id: pane.regenerate_section(s))
            stored[PANE_DRAFT] = pane.current_conversation_id()
        else:
            window.open_conversation(stored[PANE_DRAFT])
        shoot(window, f"draft-{suffix}", focus=pane.export_button)

        window.show_pane(PANE_CHAT)
        desk.open_model_manager()
        dialog = desk.model_manager
        dialog.resize(1200, 640)
        dialog.installed_table.selectRow(0)
        shoot(dialog, f"models-installed-{suffix}", focus=dialog.import_button)
        dialog.tabs.setCurrentIndex(1)
        dialog.catalog_table.selectRow(0)
        shoot(dialog, f"models-catalog-{suffix}", focus=dialog.catalog_table)
        dialog.close()

    shoot_all("zh_CN-150", write=True)
    set_font_scale(1.0)
    new = load_settings()
    new.ui_language = "en"
    desk.apply_settings(new)  # a new window, built at the new font size
    shoot_all("en-100", write=False)
    desk.shutdown()
    desk.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
