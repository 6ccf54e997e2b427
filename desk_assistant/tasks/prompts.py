"""Prompt templates: data in ``resources/prompts/``, rendered with named variables (DESIGN.md §4).

A template is one TOML file, ``<group>/<name>.<language>.toml`` (``summarize/map.en.toml``,
``summarize/map.zh_CN.toml``), with a ``title``, a ``system`` text, a ``user`` text and, optionally, a
``[sampling]`` table (temperature, top_p, top_k, min_p, repeat_penalty, max_tokens: a persona's own
sampling; other templates leave it out). The texts are Jinja templates (the same sandboxed Jinja
llama-cpp-python renders chat templates with):
``{{ document }}`` inserts a variable, ``{% if glossary %}…{% endif %}`` includes a part only when it
applies. Rendering is strict: a variable the caller did not give is a ``PromptError`` naming it, and
so is a syntax error (with its line), so a template that fails to render never reaches the model.

Shipped templates are read-only; the user's own live in the config folder (``prompts/``) with the
same layout and win over a shipped one with the same id. ``get(id, language)`` falls back to English
when a template has no file in that language. ``copy_to_user`` copies a shipped file under the SAME id
(the copy replaces the shipped text everywhere it is used, and deleting it brings the shipped one back);
``save_user_template`` checks the texts first and never writes a template that fails to parse;
``delete_user_template`` removes the user's file. Writes are atomic (temp file + rename).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import tomli_w
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from desk_assistant.core import paths
from desk_assistant.core.errors import DeskAssistantError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import ChatMessage

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
SUFFIX = ".toml"
# the sampling a template may carry (a persona's), and the type each must have
SAMPLING_KEYS: dict[str, type] = {
    "temperature": float,
    "top_p": float,
    "top_k": int,
    "min_p": float,
    "repeat_penalty": float,
    "max_tokens": int,
}
_TEXT_KEYS = ("title", "system", "user", "sampling")
_ID = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(_[A-Za-z]{2,4})?")

_ENV = ImmutableSandboxedEnvironment(
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=False,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,
)


class PromptError(DeskAssistantError):
    """A prompt template is missing, unreadable, or cannot be rendered with the values given."""


@dataclass(frozen=True)
class RenderedPrompt:
    system: str
    user: str

    def messages(self) -> list[ChatMessage]:
        """System (when not empty) then user: what a task sends the engine."""
        out = [ChatMessage("system", self.system)] if self.system.strip() else []
        out.append(ChatMessage("user", self.user))
        return out


@dataclass(frozen=True)
class PromptTemplate:
    id: str  # "summarize/map"
    language: str  # "en", "zh_CN"
    title: str
    system: str
    user: str
    path: Path | None = None
    read_only: bool = True  # shipped templates; the user edits a copy
    sampling: Mapping[str, float | int] = field(default_factory=dict)  # a persona's sampling

    @property
    def group(self) -> str:
        """The first part of the id: "persona", "summarize", "draft"."""
        return self.id.partition("/")[0]

    def check(self) -> None:
        """Raise PromptError (with the line) if a text does not parse: done before saving."""
        self._parse(self.system)
        self._parse(self.user)

    @cached_property
    def variables(self) -> frozenset[str]:
        """Every variable the texts use (``{{ name }}``, ``{% if name %}``)."""
        names: set[str] = set()
        for part in (self.system, self.user):
            names |= meta.find_undeclared_variables(self._parse(part))
        return frozenset(names)

    def _parse(self, text: str) -> Any:
        try:
            tree = _ENV.parse(text)
            _ENV.compile(tree)  # an unknown filter or test is found here, not at render time
            return tree
        except jinja2.TemplateSyntaxError as exc:
            raise PromptError(
                QT_TRANSLATE_NOOP(
                    "errors", "The prompt template “{name}” has an error on line {line}: {reason}"
                ),
                detail=f"{self.path}: {exc}",
                name=self.title or self.id,
                line=exc.lineno,
                reason=exc.message or "syntax error",
            ) from exc

    def render(self, **values: Any) -> RenderedPrompt:
        """Both texts with ``values`` filled in; raises PromptError if one is missing or unusable."""
        missing = sorted(self.variables - values.keys())
        if missing:
            raise PromptError(
                QT_TRANSLATE_NOOP("errors", "The prompt template “{name}” needs a value for “{variable}”."),
                detail=f"{self.path}: missing {missing}",
                name=self.title or self.id,
                variable=missing[0],
            )
        return RenderedPrompt(self._render(self.system, values), self._render(self.user, values))

    def _render(self, text: str, values: Mapping[str, Any]) -> str:
        self._parse(text)  # syntax errors as PromptError
        try:
            return _ENV.from_string(text).render(**values).strip()
        except jinja2.UndefinedError as exc:  # e.g. an attribute of a value that is not there
            raise PromptError(
                QT_TRANSLATE_NOOP("errors", "The prompt template “{name}” cannot be filled in: {reason}"),
                detail=f"{self.path}: {exc}",
                name=self.title or self.id,
                reason=exc.message or "undefined value",
            ) from exc
        except (jinja2.TemplateError, TypeError, ValueError) as exc:
            raise PromptError(
                QT_TRANSLATE_NOOP("errors", "The prompt template “{name}” cannot be filled in: {reason}"),
                detail=f"{self.path}: {exc!r}",
                name=self.title or self.id,
                reason=str(exc) or type(exc).__name__,
            ) from exc

    def messages(self, **values: Any) -> list[ChatMessage]:
        return self.render(**values).messages()


def shipped_dir() -> Path:
    return paths.resources_dir() / "prompts"


def user_dir() -> Path:
    return paths.config_dir() / "prompts"


def _split_name(relative: Path) -> tuple[str, str]:
    """``summarize/map.zh_CN.toml`` -> ("summarize/map", "zh_CN")."""
    stem = relative.with_suffix("").as_posix()
    template_id, _, language = stem.rpartition(".")
    if not template_id:
        return stem, DEFAULT_LANGUAGE
    return template_id, language


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(
            QT_TRANSLATE_NOOP("errors", "The prompt template file {path} cannot be read: {reason}"),
            detail=repr(exc),
            path=str(path),
            reason=getattr(exc, "strerror", None) or str(exc),
        ) from exc


def check_sampling(sampling: Any, where: str) -> dict[str, float | int]:
    """The sampling table with known keys only; a value of the wrong type is a PromptError naming it.

    Unknown keys (a typo, or ``seed``, which stays per request) are left out with a log line."""
    if sampling is None:
        return {}
    if not isinstance(sampling, Mapping):
        raise PromptError(
            QT_TRANSLATE_NOOP("errors", "The sampling of the prompt template “{name}” is not a table."),
            name=where,
        )
    out: dict[str, float | int] = {}
    for key, value in sampling.items():
        kind = SAMPLING_KEYS.get(key)
        if kind is None:
            log.warning("%s: unknown sampling key %r left out", where, key)
            continue
        usable = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
        if kind is int and not (isinstance(value, int) or (usable and float(value).is_integer())):
            usable = False
        if not usable:
            raise PromptError(
                QT_TRANSLATE_NOOP(
                    "errors", "The prompt template “{name}” has an unusable sampling value for “{key}”."
                ),
                detail=f"{key} = {value!r}",
                name=where,
                key=key,
            )
        out[key] = int(value) if kind is int else float(value)
    return out


def read_template(path: Path, relative: Path, *, read_only: bool) -> PromptTemplate:
    template_id, language = _split_name(relative)
    data = _read_toml(path)
    return PromptTemplate(
        id=template_id,
        language=language,
        title=str(data.get("title") or template_id),
        system=str(data.get("system") or ""),
        user=str(data.get("user") or ""),
        path=path,
        read_only=read_only,
        sampling=check_sampling(data.get("sampling"), str(data.get("title") or template_id)),
    )


class PromptLibrary:
    """The shipped templates and the user's own (which win for the same id and language)."""

    def __init__(self, shipped: Path | None = None, user: Path | None = None) -> None:
        self.shipped = shipped or shipped_dir()
        self.user = user or user_dir()

    def _files(self) -> Iterator[tuple[Path, Path, bool]]:
        for root, read_only in ((self.shipped, True), (self.user, False)):
            if root.is_dir():
                for path in sorted(root.rglob(f"*{SUFFIX}")):
                    yield path, path.relative_to(root), read_only

    def templates(self) -> list[PromptTemplate]:
        """Every readable template (unreadable files are logged and left out), user ones last."""
        found: dict[tuple[str, str], PromptTemplate] = {}
        for path, relative, read_only in self._files():
            try:
                template = read_template(path, relative, read_only=read_only)
            except PromptError as exc:
                log.warning("%s (%s)", exc, exc.detail)
                continue
            found[(template.id, template.language)] = template
        return list(found.values())

    def get(self, template_id: str, language: str = DEFAULT_LANGUAGE) -> PromptTemplate:
        """The template in ``language``, else in English; PromptError if there is neither."""
        for lang in dict.fromkeys((language, DEFAULT_LANGUAGE)):
            for root, read_only in ((self.user, False), (self.shipped, True)):
                relative = Path(f"{template_id}.{lang}{SUFFIX}")
                path = root / relative
                if path.is_file():
                    return read_template(path, relative, read_only=read_only)
        raise PromptError(
            QT_TRANSLATE_NOOP("errors", "There is no prompt template “{name}”."), name=template_id
        )

    # ---- the user's own templates -----------------------------------------------------------------
    def user_path(self, template_id: str, language: str) -> Path:
        """Where the user's file for this id and language is (or would be); PromptError for an id or
        language that cannot be a file name."""
        if not _ID.fullmatch(template_id) or not _LANGUAGE.fullmatch(language):
            raise PromptError(
                QT_TRANSLATE_NOOP("errors", "“{name}” cannot be the name of a prompt template."),
                name=f"{template_id}.{language}",
            )
        return self.user / f"{template_id}.{language}{SUFFIX}"

    def has_shipped(self, template_id: str, language: str) -> bool:
        """Whether the app ships this id in this language (a user file of that id replaces it)."""
        return (self.shipped / f"{template_id}.{language}{SUFFIX}").is_file()

    def free_id(self, group: str, stem: str) -> str:
        """``group/stem-N`` with the lowest N that neither folder uses, in any language."""
        taken = {t.id for t in self.templates()}
        n = 1
        while f"{group}/{stem}-{n}" in taken:
            n += 1
        return f"{group}/{stem}-{n}"

    def save_user_template(
        self,
        template_id: str,
        language: str,
        title: str,
        system: str,
        user: str = "",
        sampling: Mapping[str, Any] | None = None,
    ) -> PromptTemplate:
        """Write the user's template (new, or replacing their earlier version) and return it as read
        back. Refused with a PromptError, and nothing written, when a text does not parse or a sampling
        value is unusable. Other keys and the leading comments of an earlier version are kept (a draft
        kind's ``headings``, the variables a shipped file documents)."""
        path = self.user_path(template_id, language)
        title = title.strip()
        if not title:
            raise PromptError(QT_TRANSLATE_NOOP("errors", "The prompt template needs a title."))
        checked = check_sampling(sampling, title)
        PromptTemplate(template_id, language, title, system, user, path=path, read_only=False).check()
        data: dict[str, Any] = {}
        comments = ""
        if path.is_file():
            data = {k: v for k, v in _read_toml(path).items() if k not in _TEXT_KEYS}
            comments = _leading_comments(path)
        body: dict[str, Any] = {"title": title, "system": system, "user": user, **data}
        if checked:
            body["sampling"] = checked
        _write_atomic(path, comments + tomli_w.dumps(body, multiline_strings=True))
        return read_template(path, path.relative_to(self.user), read_only=False)

    def copy_to_user(self, template: PromptTemplate) -> PromptTemplate:
        """The user's editable copy of ``template`` under the same id (it replaces the shipped one;
        deleting it brings the shipped one back). The shipped file is copied as it is, comments and
        all; the shipped file itself is never written."""
        path = self.user_path(template.id, template.language)
        if path.is_file():
            return read_template(path, path.relative_to(self.user), read_only=False)
        if template.path is not None and template.path.is_file():
            try:
                text = template.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise PromptError(
                    QT_TRANSLATE_NOOP("errors", "The prompt template file {path} cannot be read: {reason}"),
                    detail=repr(exc),
                    path=str(template.path),
                    reason=getattr(exc, "strerror", None) or str(exc),
                ) from exc
            _write_atomic(path, text)
            return read_template(path, path.relative_to(self.user), read_only=False)
        return self.save_user_template(
            template.id, template.language, template.title, template.system, template.user, template.sampling
        )

    def delete_user_template(self, template_id: str, language: str) -> None:
        """Remove the user's file for this id and language (nothing happens when there is none)."""
        path = self.user_path(template_id, language)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise PromptError(
                QT_TRANSLATE_NOOP("errors", "Could not delete the prompt template {path}: {reason}"),
                detail=repr(exc),
                path=str(path),
                reason=exc.strerror or str(exc),
            ) from exc


def _leading_comments(path: Path) -> str:
    """The ``#`` lines a file starts with (what its variables mean), to keep them on save."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def _write_atomic(path: Path, text: str) -> None:
    """Temp file + rename: a full disk or a crash never leaves half a template."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # e.g. the folder could not be made: there is no temp file
            tmp.unlink(missing_ok=True)
        raise PromptError(
            QT_TRANSLATE_NOOP("errors", "Could not save the prompt template to {path}: {reason}"),
            detail=repr(exc),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from exc


def prompt_language(output_language: str | None) -> str:
    """Which language a task's instructions are written in: Chinese for Chinese output (small models
    follow an instruction in the language they must write better), else English."""
    return "zh_CN" if output_language and output_language.startswith("zh") else DEFAULT_LANGUAGE
