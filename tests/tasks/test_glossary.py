"""tasks/glossary.py: reading term pairs in the forms people have them, finding and checking terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_assistant.core.errors import InputError
from desk_assistant.tasks.glossary import (
    CONFLICT,
    EMPTY_TERM,
    EMPTY_TRANSLATION,
    NO_SEPARATOR,
    Glossary,
    GlossaryEntry,
    load_glossary,
    parse_glossary,
    problems_error,
)

MIXED = """\
# a comment, then a blank line

API\t接口
"Smith, John",约翰·史密斯
model = 模型
token => 词元
prompt -> 提示词
context → 上下文
C++ = C++
no separator here
= lonely translation
empty translation =
API = 应用程序接口
model = 模型
token\t词元\tnote column ignored
"""


def test_every_form_is_read_and_bad_lines_are_reported() -> None:
    glossary, problems = parse_glossary(MIXED)
    assert glossary.to_dict() == {
        "API": "接口",
        "Smith, John": "约翰·史密斯",
        "model": "模型",
        "token": "词元",
        "prompt": "提示词",
        "context": "上下文",
        "C++": "C++",
    }
    assert [(p.line, p.reason) for p in problems] == [
        (10, NO_SEPARATOR),
        (11, EMPTY_TERM),
        (12, EMPTY_TRANSLATION),
        (13, CONFLICT),  # API given again with another translation; the same pair again is fine
    ]
    assert problems[0].text == "no separator here"


def test_header_row_and_bom_are_skipped() -> None:
    glossary, problems = parse_glossary("\ufeffsource,target\nkernel,内核\n")
    assert glossary.to_dict() == {"kernel": "内核"}
    assert problems == []


def test_problems_are_one_sentence_naming_the_lines() -> None:
    glossary, problems = parse_glossary(MIXED)
    error = problems_error(problems, len(glossary))
    assert error is not None
    sentence = str(error)
    assert "10, 11, 12, 13" in sentence and "other 7 pairs" in sentence
    assert sentence.count(".") == 1 and sentence.endswith(".")
    assert problems_error([], 3) is None


def test_terms_match_whole_words_case_insensitively_in_latin_scripts() -> None:
    glossary = Glossary([("cat", "chat"), ("API", "API"), ("C++", "C++"), ("模型", "model")])
    assert [e.term for e in glossary.relevant("The Cat sat on a catalogue.")] == ["cat"]
    assert glossary.relevant("concatenate categories") == []
    assert [e.term for e in glossary.relevant("Use the api from C++ code.")] == ["API", "C++"]
    assert [e.term for e in glossary.relevant("这个模型很小")] == ["模型"]  # CJK: no word boundaries


def test_check_flags_terms_whose_translation_is_missing() -> None:
    glossary = Glossary([GlossaryEntry("model", "模型"), GlossaryEntry("token", "词元"), ("API", "接口")])
    missed = glossary.check("The model reads every token.", "这个模型读取每个标记。")
    assert missed == [GlossaryEntry("token", "词元")]
    assert glossary.check("Nothing relevant.", "无关") == []
    french = Glossary([("file", "Fichier")])
    assert french.check("Open the file.", "Ouvrez le fichier.") == []  # case-insensitive in the output


def test_duplicates_in_code_keep_the_first() -> None:
    glossary = Glossary([("Term", "A"), ("term", "B"), ("", "x"), ("y", " ")])
    assert glossary.to_dict() == {"Term": "A"}


def test_load_glossary_reads_gbk_files_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "terms.txt"
    path.write_bytes("模型\t模型翻译\n上下文 = context window\n坏行\n".encode("gbk"))
    glossary, problems = load_glossary(path)
    assert glossary.to_dict() == {"模型": "模型翻译", "上下文": "context window"}
    assert [(p.line, p.reason) for p in problems] == [(3, NO_SEPARATOR)]


def test_load_glossary_refuses_missing_empty_and_useless_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="was not found"):
        load_glossary(tmp_path / "missing.tsv")
    with pytest.raises(InputError, match="folder"):
        load_glossary(tmp_path)
    (tmp_path / "empty.tsv").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load_glossary(tmp_path / "empty.tsv")
    (tmp_path / "bad.tsv").write_text("just words\nmore words\n", encoding="utf-8")
    with pytest.raises(InputError, match="no usable term pairs"):
        load_glossary(tmp_path / "bad.tsv")
    (tmp_path / "binary.tsv").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError):
        load_glossary(tmp_path / "binary.tsv")
