"""Text from outside (a paste, a file, an argument) made safe to store, tokenize and show.

Some Windows programs put UTF-16 surrogates on the clipboard: a pair is one real character, a lone
one is no character at all and makes every UTF-8 encode raise. NUL bytes end C strings early.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with surrogate pairs joined, lone surrogates as U+FFFD and NUL bytes removed."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text
