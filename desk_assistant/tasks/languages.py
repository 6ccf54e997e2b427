"""Languages the panes offer, and detecting which one a text is in.

Detection uses py3langid (langid.py's maintained fork: a 4.5 MB naive-Bayes model over byte n-grams,
~1 ms per paragraph, loaded once on first use in ~0.5 s), limited to the languages offered here, which
makes it more accurate on short text. langid says only "zh" for Chinese; the script is told apart by
characters that exist in one script only (这/這, 们/們, …).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from desk_assistant.core.i18n import QT_TRANSLATE_NOOP, LocalText


@dataclass(frozen=True)
class Language:
    code: str  # "en", "zh_CN", "zh_TW", "ja", …
    name: str  # English name, for prompts ("Simplified Chinese") and as the translatable label
    native: str  # the language's own name, shown beside the translated one ("简体中文")


LANGUAGES: tuple[Language, ...] = (
    Language("en", QT_TRANSLATE_NOOP("languages", "English"), "English"),
    Language("zh_CN", QT_TRANSLATE_NOOP("languages", "Simplified Chinese"), "简体中文"),
    Language("zh_TW", QT_TRANSLATE_NOOP("languages", "Traditional Chinese"), "繁體中文"),
    Language("ja", QT_TRANSLATE_NOOP("languages", "Japanese"), "日本語"),
    Language("ko", QT_TRANSLATE_NOOP("languages", "Korean"), "한국어"),
    Language("fr", QT_TRANSLATE_NOOP("languages", "French"), "Français"),
    Language("de", QT_TRANSLATE_NOOP("languages", "German"), "Deutsch"),
    Language("es", QT_TRANSLATE_NOOP("languages", "Spanish"), "Español"),
    Language("pt", QT_TRANSLATE_NOOP("languages", "Portuguese"), "Português"),
    Language("it", QT_TRANSLATE_NOOP("languages", "Italian"), "Italiano"),
    Language("ru", QT_TRANSLATE_NOOP("languages", "Russian"), "Русский"),
    Language("ar", QT_TRANSLATE_NOOP("languages", "Arabic"), "العربية"),
    Language("nl", QT_TRANSLATE_NOOP("languages", "Dutch"), "Nederlands"),
    Language("pl", QT_TRANSLATE_NOOP("languages", "Polish"), "Polski"),
    Language("tr", QT_TRANSLATE_NOOP("languages", "Turkish"), "Türkçe"),
    Language("uk", QT_TRANSLATE_NOOP("languages", "Ukrainian"), "Українська"),
    Language("vi", QT_TRANSLATE_NOOP("languages", "Vietnamese"), "Tiếng Việt"),
    Language("th", QT_TRANSLATE_NOOP("languages", "Thai"), "ไทย"),
    Language("id", QT_TRANSLATE_NOOP("languages", "Indonesian"), "Bahasa Indonesia"),
    Language("hi", QT_TRANSLATE_NOOP("languages", "Hindi"), "हिन्दी"),
)
_BY_CODE = {lang.code: lang for lang in LANGUAGES}
_ALIASES = {"zh": "zh_CN", "zh-cn": "zh_CN", "zh-hans": "zh_CN", "zh-tw": "zh_TW", "zh-hant": "zh_TW"}


def language(code: str) -> Language | None:
    """The language for a code ("zh_CN", "zh-Hant", "EN"), or None when it is not offered."""
    key = code.strip()
    if key in _BY_CODE:
        return _BY_CODE[key]
    lowered = key.lower().replace("_", "-")
    if lowered in _ALIASES:
        return _BY_CODE[_ALIASES[lowered]]
    return next((lang for lang in LANGUAGES if lang.code.lower() == lowered), None)


def language_name(code: str) -> str:
    """The English name for prompts; an unknown code is passed through as given."""
    found = language(code)
    return found.name if found else code


def display_name(code: str) -> LocalText:
    """The language's name for a sentence the user reads (an error's argument): English below the
    UI, translated by the UI ("法语")."""
    return LocalText("languages", language_name(code))


# Characters common in running text that exist in only one of the two scripts.
_SIMPLIFIED_ONLY = set("这们说为个来时会后对国发与过还没么样经觉应该门问间开关长现实点头见话东车")
_TRADITIONAL_ONLY = set("這們說為個來時會後對國發與過還沒麼樣經覺應該門問間開關長現實點頭見話東車")
_CJK = re.compile(r"[\u3400-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_IDEOGRAPHIC = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
MIN_CONFIDENCE = 0.3  # below this langid is guessing (e.g. "OK")


def chinese_script(text: str) -> str:
    """ "zh_TW" when traditional-only characters outnumber simplified-only ones, else "zh_CN"."""
    simplified = sum(1 for ch in text if ch in _SIMPLIFIED_ONLY)
    traditional = sum(1 for ch in text if ch in _TRADITIONAL_ONLY)
    return "zh_TW" if traditional > simplified else "zh_CN"


@dataclass(frozen=True)
class Detection:
    code: str | None  # None: no letters, or too little text to tell
    confidence: float  # 0..1
    mixture: tuple[tuple[str, float], ...] = ()  # (code, share of the letters), largest first

    @property
    def mixed(self) -> bool:
        """More than one language with a real share (at least 15 % of the text)."""
        return sum(1 for _code, share in self.mixture if share >= 0.15) > 1


_identifier: Any = None
_identifier_lock = threading.Lock()


def _langid() -> Any:
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(sorted({c.split("_")[0] for c in _BY_CODE}))
            _identifier = identifier
        return _identifier


SAMPLE_CHARS = 20_000  # enough to tell a language; classifying a whole book would cost seconds


def _classify(text: str) -> tuple[str | None, float]:
    letters = len(_LETTER.findall(text))
    if letters < 2:
        return None, 0.0
    # scripts that decide on their own (langid is weakest on very short CJK text)
    if _KANA.search(text):
        return "ja", 1.0
    if len(_HANGUL.findall(text)) > letters / 3:
        return "ko", 1.0
    code, confidence = _langid().classify(text)
    if confidence < MIN_CONFIDENCE:
        return None, float(confidence)
    if code == "zh":
        return chinese_script(text), float(confidence)
    if _CJK.search(text) and len(_CJK.findall(text)) > letters / 2:
        return chinese_script(text), float(confidence)
    return (code if code in _BY_CODE else None), float(confidence)


def _words(text: str) -> float:
    """About how many words: Latin-script words, plus CJK characters (about 1.5 to a word)."""
    ideographs = len(_IDEOGRAPHIC.findall(text))
    return len(_WORD.findall(_IDEOGRAPHIC.sub(" ", text))) + ideographs / 1.5


def detect_language(text: str) -> Detection:
    """The main language of ``text`` (the one with the most words, paragraph by paragraph) and the
    mix of languages in it."""
    sample = text[:SAMPLE_CHARS]
    shares: Counter[str] = Counter()
    paragraphs = [p for p in re.split(r"\n\s*\n", sample) if p.strip()]
    for paragraph in paragraphs[:200]:
        found, _ = _classify(paragraph)
        if found is not None:
            shares[found] += _words(paragraph)
    code, confidence = _classify(sample)
    total = sum(shares.values())
    if not total:
        return Detection(code, confidence)
    mixture = tuple((c, n / total) for c, n in shares.most_common())
    main, share = mixture[0]
    return Detection(main, confidence if main == code else share, mixture)


def same_language(a: str | None, b: str | None) -> bool:
    """Whether two codes name the same language ("zh_CN" and "zh-Hans" do; "zh_CN" and "zh_TW" not)."""
    if a is None or b is None:
        return False
    la, lb = language(a), language(b)
    return la is not None and la == lb
