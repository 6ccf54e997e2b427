"""Screenshots of the chat pane (light/dark, English/Chinese) with code and a table, written to
screenshots/ (git-ignored) for people to look at; the test checks what a picture can show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from desk_assistant.core.settings import Settings
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui.i18n import install_translators
from desk_assistant.ui.i18n_build import compile_translations
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.panes.chat_pane import ChatPane
from desk_assistant.ui.theme import apply_theme
from tests.ui import chat_samples
from tests.ui.scripted_engine import ScriptedEngine

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def restore_look(qapp) -> Iterator[None]:
    yield
    install_translators("en")
    apply_theme("light")


def _mean_lightness(image: QImage) -> float:
    total = count = 0
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            total += QColor(image.pixel(x, y)).lightness()
            count += 1
    return total / count


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_chat_pane_screenshot(qtbot, restore_look, theme: str, language: str) -> None:
    compile_translations()
    apply_theme(theme)
    assert install_translators(language) == language
    store = ConversationStore()
    zh = language == "zh_CN"
    conv = store.create_conversation(title="CSV")
    store.append_message(conv.id, "user", chat_samples.QUESTION_ZH if zh else chat_samples.QUESTION_EN)
    first = store.append_message(conv.id, "assistant", "…")
    store.append_message(
        conv.id,
        "assistant",
        chat_samples.ANSWER_ZH if zh else chat_samples.ANSWER_EN,
        parent_id=first.parent_id,  # a regenerated answer: the ‹ 2/2 › arrows show
    )
    service = InferenceService(lambda: ScriptedEngine())
    pane = ChatPane(service, store, Settings())
    qtbot.addWidget(pane)
    try:
        pane.resize(900, 900)
        pane.show()
        pane.open_conversation(conv.id)
        qtbot.waitUntil(pane.view.prerender_done, timeout=5000)
        qtbot.wait(50)
        image = pane.grab().toImage()
        SHOTS.mkdir(exist_ok=True)
        image.save(str(SHOTS / f"chat_{theme}_{language}.png"))

        lightness = _mean_lightness(image)
        assert lightness < 90 if theme == "dark" else lightness > 200, lightness
        answer = pane.view.message_model().items[-1]
        text = "\n".join(doc.toPlainText() for doc in answer.cache["docs"])
        assert ("复制代码" if zh else "Copy code") in text
        assert ("重新生成" if zh else "Regenerate") in text
        assert "2/2" in text
        assert pane.input.send_button.text() == ("发送" if zh else "Send")
    finally:
        pane.close()
        service.shutdown()
        store.close()
