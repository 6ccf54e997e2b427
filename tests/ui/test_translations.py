"""The Chinese translation is complete, current and consistent, and its .qm is built, never committed.

The .ts file is checked against the code the way a developer refreshes it: ``pyside6-lupdate`` (the
command ``i18n_build --update`` runs) into a copy, whose messages must be exactly the committed ones.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from desk_assistant.core.paths import resources_dir
from desk_assistant.library.catalog import load_catalog
from desk_assistant.ui import i18n_build

ROOT = Path(__file__).resolve().parents[2]
# Python's str.format fields ({name}, {count:,}; not {{ escaped braces }}) and Qt's %1 / %L1 / %n
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)(?:[:!][^{}]*)?\}(?!\})|(%L?\d|%n)")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translation: str
    unfinished: bool


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    comment=message.findtext("comment") or "",
                    translation=translation.text or "",
                    unfinished=translation.get("type") in ("unfinished", "vanished", "obsolete"),
                )
            )
    return messages


def ts_files() -> list[Path]:
    return [resources_dir() / "i18n" / f"desk_assistant_{lang}.ts" for lang in i18n_build.LANGUAGES]


@pytest.fixture(params=i18n_build.LANGUAGES)
def ts_path(request: pytest.FixtureRequest) -> Path:
    return resources_dir() / "i18n" / f"desk_assistant_{request.param}.ts"


def describe(message: Message) -> str:
    return f"{message.context}: {message.source!r}"


def test_every_message_is_translated(ts_path: Path) -> None:
    missing = [describe(m) for m in read_ts(ts_path) if m.unfinished or not m.translation.strip()]
    assert not missing, (
        f"{len(missing)} untranslated in {ts_path.name} (translate them, then run "
        f"python -m desk_assistant.ui.i18n_build):\n" + "\n".join(missing)
    )


def test_the_ts_file_has_every_string_of_the_code(ts_path: Path, tmp_path: Path) -> None:
    """lupdate over the sources into a copy adds what the code has and the file lacks, and drops (with
    -no-obsolete) what the code no longer has: the copy must hold the same messages."""
    copy = tmp_path / ts_path.name
    shutil.copy(ts_path, copy)
    lupdate = i18n_build._tool("pyside6-lupdate")
    subprocess.run(
        [lupdate, *i18n_build.source_files(), "-no-obsolete", "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    committed = {(m.context, m.source, m.comment) for m in read_ts(ts_path)}
    current = {(m.context, m.source, m.comment) for m in read_ts(copy)}
    new = sorted(current - committed)
    gone = sorted(committed - current)
    assert not new and not gone, (
        "resources/i18n is out of date with the code; run python -m desk_assistant.ui.i18n_build --update "
        f"and translate.\nnew in the code: {new}\nno longer in the code: {gone}"
    )


def placeholders(text: str) -> Counter[str]:
    """{name} (its format spec aside) and %1 fields of a text, with how often each occurs."""
    return Counter(f"{{{field}}}" if field else qt for field, qt in PLACEHOLDER.findall(text))


def test_translations_keep_the_placeholders_of_their_source(ts_path: Path) -> None:
    wrong = [
        f"{describe(m)} -> {m.translation!r}"
        for m in read_ts(ts_path)
        if m.translation and placeholders(m.source) != placeholders(m.translation)
    ]
    assert not wrong, "placeholders differ between source and translation:\n" + "\n".join(wrong)


def test_placeholder_pattern() -> None:
    assert placeholders("{name} of {count:,} · %1 and %L2, %n items, {{literal}}") == Counter(
        ["{name}", "{count}", "%1", "%L2", "%n"]
    )
    assert placeholders("Loading model… %1") != placeholders("正在加载模型…")


def test_qm_files_are_built_from_the_ts_and_never_committed(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked source archive): nothing is committed here")
    tracked = subprocess.run(
        ["git", "ls-files", "*.qm"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked == [], f"built translations are committed: {tracked}"
    for ts in ts_files():
        qm = ts.with_suffix(".qm")
        ignored = subprocess.run(["git", "check-ignore", "-q", str(qm)], cwd=ROOT)
        assert ignored.returncode == 0, f"{qm.name} is not covered by .gitignore"
        built = tmp_path / qm.name
        lrelease = i18n_build._tool("pyside6-lrelease")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(built)], check=True)
        translator = QTranslator()
        assert translator.load(str(built))
        sample = next(m for m in read_ts(ts) if m.translation and not m.comment)
        assert translator.translate(sample.context, sample.source) == sample.translation
    assert all(path.suffix == ".qm" for path in i18n_build.compile_translations())


def test_the_catalog_describes_every_model_in_every_ui_language() -> None:
    """The model manager shows catalog descriptions in the UI language (catalog.json "descriptions")."""
    for entry in load_catalog():
        for language in i18n_build.LANGUAGES:
            assert entry.description_in(language) != entry.description, (entry.id, language)
        assert entry.description_in("en") == entry.description
