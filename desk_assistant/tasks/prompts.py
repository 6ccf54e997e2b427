"""Prompt templates: data in ``resources/prompts/``, rendered with named variables (DESIGN.md §4).

A template is one TOML file, ``<group>/<name>.<language>.toml`` (``summarize/map.en.toml``,
``summarize/map.zh_CN.toml``), with a ``title``, a ``system`` text and a ``user`` text. The texts are
Jinja templates (the same sandboxed Jinja llama-cpp-python renders chat templates with):
``{{ document }}`` inserts a variable, ``{% if glossary %}…{% endif %}`` includes a part only when it
applies. Rendering is strict: a variable the caller did not give is a ``PromptError`` naming it, and
so is a syntax error (with its line), so a template that fails to render never reaches the model.

Shipped templates are read-only; the user's own live in the config folder (``prompts/``) with the
same layout and win over a shipped one with the same id. ``get(id, language)`` falls back to English
when a template has no file in that language.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from desk_assistant.core import paths
from desk_assistant.core.errors import DeskAssistantError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import ChatMessage

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
SUFFIX = ".toml"

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

    @cached_property
    def variables(self) -> frozenset[str]:
        """Every variable the texts use (``{{ name }}``, ``{% if name %}``)."""
        names: set[str] = set()
        for part in (self.system, self.user):
            names |= meta.find_undeclared_variables(self._parse(part))
        return frozenset(names)

    def _parse(self, text: str) -> Any:
        try:
            return _ENV.parse(text)
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


def read_template(path: Path, relative: Path, *, read_only: bool) -> PromptTemplate:
    template_id, language = _split_name(relative)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(
            QT_TRANSLATE_NOOP("errors", "The prompt template file {path} cannot be read: {reason}"),
            detail=repr(exc),
            path=str(path),
            reason=getattr(exc, "strerror", None) or str(exc),
        ) from exc
    return PromptTemplate(
        id=template_id,
        language=language,
        title=str(data.get("title") or template_id),
        system=str(data.get("system") or ""),
        user=str(data.get("user") or ""),
        path=path,
        read_only=read_only,
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


def prompt_language(output_language: str | None) -> str:
    """Which language a task's instructions are written in: Chinese for Chinese output (small models
    follow an instruction in the language they must write better), else English."""
    return "zh_CN" if output_language and output_language.startswith("zh") else DEFAULT_LANGUAGE
