"""Screenshots of the work panes mid-run and done, English and Chinese UI, on the real SmolLM2 starter.

    xvfb-run -s "-screen 0 1400x900x24" python -m tests.ui.make_pane_screenshots --xvfb
    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_pane_screenshots

Writes screenshots/<pane>-<moment>-<language>.png. The app runs as a user would start it (DeskApp with
its own data folder), the documents are typed into the panes and the real model does the work.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = """# The river town

The town of Alder sits where two rivers meet. For three hundred years its people lived from the
water: fishing, ferrying goods and milling grain. When the railway came in 1871, the mills closed
one by one, and half of the young people left for the cities.

## A new start

In 2004 the council turned the old mill into a museum and a library. Tourists began to arrive in
summer, and a small school for boat building opened beside the harbour. Today the town has 4,200
people, two hotels and a market every Saturday.

## What comes next

The council wants a cycle path along the river and a ferry to the island. Critics say the money
would be better spent on the clinic, which has one doctor for the whole valley. A vote is planned
for next spring.
"""

TRANSLATE_TEXT = """# Opening hours

The library opens at nine and closes at five.

- Monday: closed
- Saturday: ten to two

Questions? Write to https://example.org/contact and we answer within a day.
"""


def main() -> int:
    xvfb = "--xvfb" in sys.argv
    if not xvfb:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="da-pane-shots-"))
    os.environ["DESK_ASSISTANT_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk_assistant.core.settings import load_settings
    from desk_assistant.library.starter import STARTER
    from desk_assistant.ui.app import DeskApp
    from desk_assistant.ui.i18n_build import compile_translations
    from desk_assistant.ui.main_window import PANE_SUMMARIZE, PANE_TRANSLATE

    compile_translations()
    model = str(STARTER.ensure())
    (home / "config").mkdir(parents=True, exist_ok=True)
    settings = {
        "first_run_done": True,
        "default_model": model,
        "models": {model: {"context_size": 1024}},
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

    desk = DeskApp(app, show_welcome=False)
    assert desk.start()
    wait_until(lambda: desk.window.model_picker.state() in ("ready", "error"), 120)
    for lang in ("en", "zh_CN"):
        new = load_settings()
        new.ui_language, new.theme = lang, "light"
        desk.apply_settings(new)
        window = desk.window
        window.resize(1280, 820)

        # Summarize: mid-run (parts being written), then done
        window.set_pane(PANE_SUMMARIZE)
        pane = window.summarize
        pane.new_document()
        pane.source.set_text("\n\n".join([ARTICLE] * 8))  # several parts at a 1,024-token context
        pane.length_box.setCurrentIndex(pane.length_box.findData("short"))
        wait_until(lambda p=pane: "·" in p.plan_label.text(), 60)
        seen: list[object] = []
        pane.runner.progress.connect(seen.append)
        ended: list[object] = []
        pane.runner.finished.connect(ended.append)
        pane.runner.failed.connect(ended.append)
        pane.run()
        wait_until(lambda s=seen, e=ended: any(p.stage == "map" and p.done >= 2 for p in s) or bool(e), 300)
        wait(1500)  # part 2's notes under way
        shoot(f"summarize-running-{lang}")
        wait_until(lambda e=ended: bool(e), 600)
        shoot(f"summarize-done-{lang}")

        # Translate: rows filling in, then done
        window.set_pane(PANE_TRANSLATE)
        pane = window.translate
        pane.new_document()
        pane.source.set_text(TRANSLATE_TEXT)
        pane.source_box.set_code("en")
        pane.target_box.set_code("fr")
        done: list[object] = []
        pane.runner.finished.connect(done.append)
        pane.runner.failed.connect(done.append)
        pane.run()
        wait_until(
            lambda p=pane, d=done: sum(1 for x in p.table.table_model.rows if x.translation) >= 2 or bool(d),
            300,
        )
        shoot(f"translate-running-{lang}")
        wait_until(lambda d=done: bool(d), 600)
        shoot(f"translate-done-{lang}")
    desk.shutdown()
    desk.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
