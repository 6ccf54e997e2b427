"""A combo box of a draft's versions ("2. Rewrite: shorten · 14:02"), the one shown selected.

Labels are stored in English (``QT_TRANSLATE_NOOP("draft", …)``) or in the user's own words, and shown
translated; choosing another version emits ``versionChosen`` with its message id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from desk_assistant.tasks.draft_store import DraftVersion
from desk_assistant.ui.conversation_model import local_day
from desk_assistant.ui.locale_format import date_time_text, number, time_text


class VersionBox(QComboBox):
    versionChosen = Signal(int)  # a version's message id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumContentsLength(6)  # labels are elided; the list shows them whole
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setToolTip(self.tr("Saved versions of this draft; choose one to show it again"))
        self.activated.connect(self._chosen)
        self._versions: tuple[DraftVersion, ...] = ()
        self.set_versions(())

    def versions(self) -> tuple[DraftVersion, ...]:
        return self._versions

    def set_versions(self, versions: Sequence[DraftVersion]) -> None:
        self._versions = tuple(versions)
        self.blockSignals(True)
        self.clear()
        if not self._versions:
            self.addItem(self.tr("No versions yet"), None)
        for version in self._versions:
            self.addItem(self.version_text(version), version.message_id)
            if version.status == "stopped":
                self.setItemData(
                    self.count() - 1, self.tr("This text was not finished"), Qt.ItemDataRole.ToolTipRole
                )
        current = next((i for i, v in enumerate(self._versions) if v.active), None)
        if current is not None:
            self.setCurrentIndex(current)
        self.blockSignals(False)

    def show_active(self) -> None:
        """Select the version shown again (a switch was cancelled)."""
        self.set_versions(self._versions)

    def version_text(self, version: DraftVersion) -> str:
        label = QCoreApplication.translate("draft", version.label) if version.label else ""
        moment = version.created_at
        today = datetime.now().astimezone().date()
        when = time_text(moment) if local_day(moment) == today else date_time_text(moment)
        if label:
            return self.tr("{number}. {label} · {time}").format(
                number=number(version.number), label=label, time=when
            )
        return self.tr("{number}. {time}").format(number=number(version.number), time=when)

    def _chosen(self, index: int) -> None:
        message_id = self.itemData(index)
        if message_id is not None:
            self.versionChosen.emit(int(message_id))
