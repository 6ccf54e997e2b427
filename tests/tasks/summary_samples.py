"""Varied, seeded sample documents for the Summarize tests and benchmark (English and Chinese).

Real prose is not needed to test chunking and passes, but one repeated sentence is too easy: these
mix headings, list items, short and long sentences, questions, quotes, numbers and names, so
paragraph, sentence and line boundaries all occur at uneven places. The same seed gives the same text.
"""

from __future__ import annotations

import random
from collections.abc import Callable

_NAMES = ["Ada Moreau", "Ravi Patel", "Lena Kowalski", "Tomás Ortega", "Mei Chen", "Jonas Berg", "Amara Osei"]
_PLACES = ["Lisbon", "Harbour Town", "the northern valley", "Kraków", "the old port", "Nairobi", "Sendai"]
_TOPICS = [
    "the new tram line",
    "the flood barrier",
    "the school meal program",
    "the solar farm",
    "the library renovation",
    "the water treatment plant",
    "the bicycle lanes",
    "the hospital wing",
]
_VERBS = ["approved", "delayed", "questioned", "praised", "revised", "funded", "postponed", "expanded"]
_EN_SENTENCES = [
    "{name} said that {topic} would cost {n} million euros by {year}.",
    "The council {verb} {topic} after a long debate in {place}.",
    "Why did {topic} take {n} months longer than planned?",
    "Residents of {place} were asked to comment before {year}.",
    "According to {name}, about {n} percent of the budget went to {topic}!",
    '"We cannot wait until {year}," {name} told reporters in {place}.',
    "Engineers {verb} the design twice; the second version saved {n} thousand euros.",
    "In {year}, {topic} served roughly {n} thousand people each week.",
    "Critics in {place} argued that {topic} was {verb} too quickly (some say by {n} weeks).",
    "The report, written by {name}, lists {n} open questions about {topic}.",
]

_ZH_NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静", "赵磊", "孙悦"]
_ZH_PLACES = ["杭州", "成都", "海港新区", "北部山区", "老城区", "苏州", "青岛"]
_ZH_TOPICS = [
    "地铁扩建工程",
    "防洪堤坝",
    "学校午餐计划",
    "太阳能电站",
    "图书馆改造",
    "污水处理厂",
    "自行车道",
    "医院新楼",
]
_ZH_SENTENCES = [
    "{name}表示，{topic}预计将在{year}年前完成，总投资约{n}亿元。",
    "经过长时间的讨论，{place}议会终于批准了{topic}！",
    "为什么{topic}比原计划晚了{n}个月？",
    "{place}的居民被邀请在{year}年之前提交意见；截至目前已收到{n}份。",
    "{name}说：「我们不能再等到{year}年了。」",
    "据{name}介绍，大约{n}%的预算用于{topic}……",
    "工程师两次修改了设计方案，第二版节省了约{n}万元。",
    "报告指出，“{topic}每周服务约{n}千人。”",
    "批评者认为{topic}推进得太快（有人说快了{n}周）；支持者则不同意。",
    "{name}撰写的报告列出了关于{topic}的{n}个待解决问题。",
]


def _fill(rng: random.Random, template: str, chinese: bool) -> str:
    return template.format(
        name=rng.choice(_ZH_NAMES if chinese else _NAMES),
        place=rng.choice(_ZH_PLACES if chinese else _PLACES),
        topic=rng.choice(_ZH_TOPICS if chinese else _TOPICS),
        verb=rng.choice(_VERBS),
        n=rng.randint(2, 950),
        year=rng.randint(2024, 2040),
    )


def _paragraphs(rng: random.Random, n: int, chinese: bool) -> list[str]:
    sentences = _ZH_SENTENCES if chinese else _EN_SENTENCES
    joiner = "" if chinese else " "
    out: list[str] = []
    for i in range(n):
        kind = rng.random()
        if i % 9 == 0:
            topic = rng.choice(_ZH_TOPICS if chinese else _TOPICS)
            out.append(f"## {topic}" if chinese else f"## {topic.capitalize()}")
        elif kind < 0.15:
            out.append(
                "\n".join(f"- {_fill(rng, rng.choice(sentences), chinese)}" for _ in range(rng.randint(2, 5)))
            )
        else:
            count = rng.randint(1, 3) if kind < 0.3 else rng.randint(3, 9)
            out.append(joiner.join(_fill(rng, rng.choice(sentences), chinese) for _ in range(count)))
    return out


def english_document(paragraphs: int, seed: int = 0) -> str:
    return "\n\n".join(_paragraphs(random.Random(seed), paragraphs, chinese=False))


def chinese_document(paragraphs: int, seed: int = 0) -> str:
    return "\n\n".join(_paragraphs(random.Random(seed), paragraphs, chinese=True))


def english_sentences(n: int, seed: int = 0) -> str:
    """One paragraph of ``n`` sentences (no paragraph break anywhere)."""
    rng = random.Random(seed)
    return " ".join(_fill(rng, rng.choice(_EN_SENTENCES), False) for _ in range(n))


def chinese_sentences(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return "".join(_fill(rng, rng.choice(_ZH_SENTENCES), True) for _ in range(n))


def document_of_tokens(
    count_tokens: Callable[[str], int], tokens: int, seed: int = 0, chinese: bool = False
) -> str:
    """A document of about ``tokens`` tokens on the tokenizer given (grown paragraph by paragraph)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < tokens:
        batch = _paragraphs(rng, 20, chinese)
        paragraphs += batch
        total += sum(count_tokens(p) + 1 for p in batch)
    text = "\n\n".join(paragraphs)
    while count_tokens(text) > tokens * 1.02 and len(paragraphs) > 1:
        paragraphs.pop()
        text = "\n\n".join(paragraphs)
    return text
