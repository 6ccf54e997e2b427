"""tasks/prompts.py: the prompt library's files, strict rendering, and the user's own templates
(saved only when they parse, copies that leave the shipped file alone, deletes that bring it back)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from desk_assistant.core import paths
from desk_assistant.tasks.prompts import PromptError, PromptLibrary

MY_GROUPS = ("persona", "chat")  # the groups this part of the app ships


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A shipped folder of our own, so the tests do not depend on the app's prompt wording."""
    root = tmp_path / "shipped"
    (root / "demo").mkdir(parents=True)
    (root / "demo" / "hello.en.toml").write_text(
        "# Variables: who (a name), polite (true/false)\n"
        'title = "Say hello"\n'
        "headings = false\n"
        "system = '''\nYou greet people.\n'''\n"
        "user = '''\n{% if polite %}Good day{% else %}Hi{% endif %}, {{ who }}!\n'''\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def library(shipped: Path, tmp_path: Path) -> PromptLibrary:
    return PromptLibrary(shipped=shipped, user=tmp_path / "user")


def test_every_persona_and_chat_template_ships_in_english_and_chinese_and_parses() -> None:
    library = PromptLibrary()
    mine = [t for t in library.templates() if t.group in MY_GROUPS]
    by_id: dict[str, set[str]] = {}
    for template in mine:
        template.check()
        assert template.read_only and template.title and template.title != template.id
        by_id.setdefault(template.id, set()).add(template.language)
    assert {"chat/profile", "chat/continue", "persona/assistant", "persona/programmer"} <= set(by_id)
    assert all(languages == {"en", "zh_CN"} for languages in by_id.values()), by_id
    for template_id in by_id:  # the same variables and sampling in both languages
        en, zh = library.get(template_id, "en"), library.get(template_id, "zh_CN")
        assert en.variables == zh.variables and en.sampling == zh.sampling, template_id


def test_the_user_folder_is_in_the_config_folder_of_the_app_home(app_home: Path) -> None:
    assert PromptLibrary().user == paths.config_dir() / "prompts"
    assert str(PromptLibrary().user).startswith(str(app_home))


def test_a_missing_variable_is_an_error_naming_it(library: PromptLibrary) -> None:
    template = library.get("demo/hello")
    assert template.variables == {"who", "polite"}
    assert template.render(who="Ann", polite=True).user == "Good day, Ann!"
    with pytest.raises(PromptError) as caught:
        template.render(polite=False)
    assert str(caught.value) == "The prompt template “Say hello” needs a value for “who”."
    with pytest.raises(PromptError, match="“language”"):  # the app's own profile template too
        PromptLibrary().get("chat/profile").render(name="Ann", style="", remember="")


def test_saving_a_template_with_a_syntax_error_is_refused_and_nothing_is_written(
    library: PromptLibrary,
) -> None:
    target = library.user_path("persona/mine", "en")
    with pytest.raises(PromptError) as caught:
        library.save_user_template("persona/mine", "en", "Mine", "Fine line\n{% if x %}never closed")
    assert "has an error on line 2" in str(caught.value) and "Mine" in str(caught.value)
    assert not target.exists()

    good = library.save_user_template("persona/mine", "en", "Mine", "You are {{ 'kind' }}.")
    assert good.render().system == "You are kind."
    before = target.read_bytes()
    with pytest.raises(PromptError, match="line 1"):
        library.save_user_template("persona/mine", "en", "Mine", "{{ broken ")
    assert target.read_bytes() == before  # the saved version is untouched
    assert not list(target.parent.glob("*.tmp"))


def test_unusable_sampling_and_names_are_refused(library: PromptLibrary) -> None:
    with pytest.raises(PromptError, match="sampling value for “top_k”"):
        library.save_user_template("persona/x", "en", "X", "Hi", sampling={"top_k": 0.5})
    with pytest.raises(PromptError, match="sampling value for “temperature”"):
        library.save_user_template("persona/x", "en", "X", "Hi", sampling={"temperature": "hot"})
    with pytest.raises(PromptError, match="cannot be the name"):
        library.save_user_template("../outside", "en", "X", "Hi")
    with pytest.raises(PromptError, match="needs a title"):
        library.save_user_template("persona/x", "en", "  ", "Hi")
    assert not library.user.exists() or not list(library.user.rglob("*.toml"))
    # a hand-edited file with a bad value: left out of the list, a clear error when asked for
    bad = library.user_path("persona/hand", "en")
    bad.parent.mkdir(parents=True)
    bad.write_text('title = "Hand"\nsystem = "x"\n[sampling]\nmax_tokens = "many"\n', encoding="utf-8")
    assert "persona/hand" not in {t.id for t in library.templates()}
    with pytest.raises(PromptError, match="“max_tokens”"):
        library.get("persona/hand")


def test_texts_with_quotes_backslashes_and_newlines_survive_a_save(library: PromptLibrary) -> None:
    system = "Line one\n'''quoted''' and \"\"\"double\"\"\" \\ backslash\n\ttabbed\n\n中文也行"
    saved = library.save_user_template(
        "persona/tricky", "zh_CN", "Tricky “one”", system, "", {"temperature": 0.3, "max_tokens": 200}
    )
    assert (saved.system, saved.title, dict(saved.sampling)) == (
        system,
        "Tricky “one”",
        {"temperature": 0.3, "max_tokens": 200},
    )
    assert saved.path == library.user / "persona" / "tricky.zh_CN.toml" and not saved.read_only
    assert tomllib.loads(saved.path.read_text(encoding="utf-8"))["system"] == system


def test_copy_to_edit_leaves_the_shipped_file_untouched_and_the_copy_wins(
    library: PromptLibrary, shipped: Path
) -> None:
    source = shipped / "demo" / "hello.en.toml"
    original = source.read_bytes()
    stamp = source.stat().st_mtime_ns
    shipped_template = library.get("demo/hello")
    assert shipped_template.read_only and not library.user_path("demo/hello", "en").exists()

    copy = library.copy_to_user(shipped_template)
    assert (copy.id, copy.language, copy.read_only) == ("demo/hello", "en", False)
    assert copy.path is not None and copy.path.read_bytes() == original  # comments and all
    edited = library.save_user_template(
        copy.id, "en", "Say hello (mine)", copy.system, "Hey {{ who }}!", {"temperature": 0.9}
    )
    assert source.read_bytes() == original and source.stat().st_mtime_ns == stamp
    assert library.get("demo/hello").render(who="Bo").user == "Hey Bo!"
    assert library.get("demo/hello").title == "Say hello (mine)"
    text = edited.path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert text.startswith("# Variables: who (a name)")  # the file's notes are kept
    assert tomllib.loads(text)["headings"] is False  # and keys the library does not know
    assert [t.title for t in library.templates() if t.id == "demo/hello"] == ["Say hello (mine)"]
    assert library.has_shipped("demo/hello", "en")

    library.delete_user_template("demo/hello", "en")
    back = library.get("demo/hello")
    assert back.read_only and back.title == "Say hello" and back.path == source
    library.delete_user_template("demo/hello", "en")  # nothing left to delete: no error


def test_a_failed_write_is_one_sentence(library: PromptLibrary) -> None:
    library.user.parent.mkdir(parents=True, exist_ok=True)
    library.user.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(PromptError, match="Could not save the prompt template"):
        library.save_user_template("persona/x", "en", "X", "Hi")


def test_free_id_skips_names_in_use(library: PromptLibrary) -> None:
    assert library.free_id("persona", "custom") == "persona/custom-1"
    library.save_user_template("persona/custom-1", "zh_CN", "One", "")
    assert library.free_id("persona", "custom") == "persona/custom-2"


def test_delete_that_fails_is_one_sentence(library: PromptLibrary) -> None:
    library.user_path("persona/odd", "en").mkdir(parents=True)  # a folder where the file would be
    with pytest.raises(PromptError, match="Could not delete the prompt template"):
        library.delete_user_template("persona/odd", "en")
