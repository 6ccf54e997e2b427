"""Sample chat content (code, tables, hostile HTML) shared by the chat pane tests, bench and screenshots."""

from __future__ import annotations

from typing import Any

QUESTION_EN = "How do I read a CSV file in Python and sum a column?\nShow a short example."
ANSWER_EN = """Use the standard **`csv`** module. Here is a small example:

```python
import csv

def total(path: str, column: str) -> float:
    with open(path, newline="", encoding="utf-8") as f:
        return sum(float(row[column]) for row in csv.DictReader(f))

print(total("sales.csv", "amount"))  # 1234.5
```

| Approach | Speed | Needs install |
|:---------|------:|:-------------:|
| `csv` module | fast | no |
| pandas | fastest for big files | yes |

1. Open the file with `newline=""`.
2. Read rows with `DictReader`.

> Tip: see [the csv docs](https://docs.python.org/3/library/csv.html) for dialects.
"""

QUESTION_ZH = "如何用 Python 读取 CSV 文件并对某一列求和？"
ANSWER_ZH = """可以使用标准库中的 **`csv`** 模块，例如：

```python
import csv

def total(path: str, column: str) -> float:
    # 逐行读取并累加
    with open(path, newline="", encoding="utf-8") as f:
        return sum(float(row[column]) for row in csv.DictReader(f))
```

| 方法 | 速度 | 需要安装 |
|:-----|-----:|:--------:|
| `csv` 模块 | 快 | 否 |
| pandas | 大文件最快 | 是 |

1. 用 `newline=""` 打开文件。
2. 用 `DictReader` 逐行读取。
"""

HOSTILE = (
    "Here is an answer with raw HTML: <script>alert('x')</script> and an image "
    '<img src="http://evil.example/track.png"> and markdown image ![tracker](http://evil.example/pixel.gif) '
    "and a [link](http://example.com/page) and a [bad link](javascript:alert(1))."
)


def filler_turn(i: int) -> tuple[str, str]:
    """A user question and an answer with code and a table (for 500-message conversations)."""
    question = f"Question {i}: how do I compute item {i} of the series and show it in a table?"
    answer = (
        f"Answer {i}. You can compute it with a loop; the result depends on **n = {i}**.\n\n"
        "```python\n"
        f"def series(n: int = {i}) -> list[int]:\n"
        "    out = [0, 1]\n"
        "    while len(out) < n:\n"
        "        out.append(out[-1] + out[-2])\n"
        "    return out[:n]\n"
        "```\n\n"
        "| n | value | note |\n|---|------:|------|\n"
        f"| {i} | {i * 7} | computed |\n| {i + 1} | {i * 7 + 3} | next |\n\n"
        "That is all: the function is O(n) in time and memory."
    )
    return question, answer


def fill_conversation(store: Any, conversation_id: int, messages: int) -> None:
    """Append ``messages`` messages (alternating user/assistant) to a conversation."""
    for i in range(messages // 2):
        question, answer = filler_turn(i)
        store.append_message(conversation_id, "user", question)
        store.append_message(conversation_id, "assistant", answer)
