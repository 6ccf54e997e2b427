"""Render the main window with a real conversation (code + table) to screenshots/*.png.

    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_screenshots        # offscreen, widget grab()
    xvfb-run -s "-screen 0 1400x900x24" python -m tests.ui.make_screenshots --xvfb   # a real X server

Light and dark, English and Chinese. The model is the real Gemma 3 270M (loaded by the app as usual).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def seed(home: Path, model: Path) -> dict[str, int]:
    import json

    from desk_assistant.core import paths
    from desk_assistant.storage.store import ConversationStore
    from tests.ui.chat_samples import ANSWER_EN, ANSWER_ZH, QUESTION_EN, QUESTION_ZH
    from tests.ui.window_fixtures import age_conversation

    store = ConversationStore(paths.database_path())
    ids: dict[str, int] = {}
    for title, _days, q, a in [
        ("Trip plan for Kyoto", 40, "Plan three days in Kyoto.", "Day 1: Fushimi Inari early…"),
        ("周报提纲", 0.1, "帮我写周报提纲", "1. 本周完成\n2. 下周计划"),
        ("Sum a CSV column in Python", 0, QUESTION_EN, ANSWER_EN),
        ("用 Python 对 CSV 列求和", 0, QUESTION_ZH, ANSWER_ZH),
        ("Email to the landlord", 1.3, "Draft a polite email about the heating.", "Dear Ms. Li, …"),
        ("Explain SQLite WAL mode", 3, "What is WAL mode?", "Write-ahead logging keeps…"),
        ("翻译：产品说明", 5, "把这段话翻译成英文", "Here is the translation…"),
        ("Book notes: Dune", 20, "Summarize chapter 1.", "Paul Atreides…"),
    ]:
        conv = store.create_conversation(title=title)
        store.append_message(conv.id, "user", q)
        store.append_message(
            conv.id,
            "assistant",
            a,
            stats={
                "prompt_tokens": 41,
                "completion_tokens": 187,
                "tokens_per_second": 58.3,
                "time_to_first_token": 0.21,
                "finish_reason": "stop",
            },
        )
        ids[title] = conv.id
    store.set_pinned(ids["Trip plan for Kyoto"], True)
    store.close()
    for title, days in [
        ("Trip plan for Kyoto", 40),
        ("Email to the landlord", 1.3),
        ("Explain SQLite WAL mode", 3),
        ("翻译：产品说明", 5),
        ("Book notes: Dune", 20),
    ]:
        age_conversation(paths.database_path(), ids[title], days)
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text(
        json.dumps({"first_run_done": True, "default_model": str(model)}), "utf-8"
    )
    return ids


def main() -> int:
    xvfb = "--xvfb" in sys.argv
    if not xvfb:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="da-shots-"))
    os.environ["DESK_ASSISTANT_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk_assistant.core.settings import load_settings
    from desk_assistant.ui.app import DeskApp
    from desk_assistant.ui.i18n_build import compile_translations
    from tests.model_fixtures import gemma_model_path

    compile_translations()
    ids = seed(home, gemma_model_path())
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

    desk = DeskApp(app, show_welcome=False)
    assert desk.start()
    for _ in range(600):  # the model loads in the background (Gemma: a second or two)
        if desk.window.model_picker.state() in ("ready", "error"):
            break
        wait(100)
    suffix = "xvfb" if xvfb else "offscreen"
    for lang in ("en", "zh_CN"):
        for theme in ("light", "dark"):
            new = load_settings()
            new.ui_language, new.theme = lang, theme
            desk.apply_settings(new)
            window = desk.window
            window.resize(1280, 820)
            window.open_conversation(
                ids["Sum a CSV column in Python" if lang == "en" else "用 Python 对 CSV 列求和"]
            )
            window.sidebar.select_conversation(window.chat.current_conversation_id())
            window.chat.statsChanged.emit(_stats())
            window.chat.contextUsageChanged.emit(228, 4096)
            wait(400)
            path = out / f"main-{lang}-{theme}-{suffix}.png"
            (window.screen().grabWindow(window.winId()) if xvfb else window.grab()).save(str(path))
            print(path)
    # the search view and the undo banner, once each (English, light)
    new = load_settings()
    new.ui_language, new.theme = "en", "light"
    desk.apply_settings(new)
    window = desk.window
    window.resize(1280, 820)
    window.sidebar.search_edit.setText("csv")
    window.sidebar.run_search()
    window.sidebar.delete_conversation(ids["Book notes: Dune"])
    wait(300)
    path = out / f"search-and-undo-en-light-{suffix}.png"
    window.grab().save(str(path))
    print(path)
    window.sidebar.search_edit.clear()
    new.ui_language, new.theme = "zh_CN", "dark"
    desk.apply_settings(new)
    window = desk.window
    window.resize(1280, 820)
    window.sidebar.search_edit.setText("求和")
    window.sidebar.run_search()
    desk.show_welcome()
    wait(400)
    path = out / f"search-and-welcome-zh_CN-dark-{suffix}.png"
    (window.screen().grabWindow(window.winId()) if xvfb else window.grab()).save(str(path))
    desk.welcome.grab().save(str(out / f"welcome-zh_CN-dark-{suffix}.png"))
    print(path)
    desk.welcome.close()
    desk.shutdown()
    window.close()
    return 0


def _stats():
    from desk_assistant.inference.types import GenerationStats

    return GenerationStats(
        prompt_tokens=41, completion_tokens=187, tokens_per_second=58.3, time_to_first_token=0.21
    )


if __name__ == "__main__":
    sys.exit(main())
