"""Newspaper furniture around an article's sentences: datelines, bylines, photo credits.

A brief quotes the article's sentences, but not its furniture: the leading
dateline (本报讯, 本报讯(记者 X), 新华社北京5月8日电（记者 X）, 央视网消息（新闻联播）：),
the trailing bracketed byline ((李昌霞 吴立龙), （本报记者 张三 通讯员 李四）) and the
photo credit (孙海摄, 记者 王某 摄). :func:`content_span` finds what is left of a
sentence without them. The patterns are deliberately narrow (role words, 2–4
character names, bracket forms) so that ordinary sentences are never cut.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["content_span", "is_furniture"]

# A name of 2-5 characters; a two-character name is often printed with spaces inside
# to fill the width of a three-character one (梁  斌).
_NAME = r"(?:[\u4e00-\u9fff][\u4e00-\u9fff·•]{1,4}|[\u4e00-\u9fff][ \u3000]{1,3}[\u4e00-\u9fff])"
_ROLE = r"(?:本报|本台|本刊)?(?:特约记者|见习记者|摄影记者|记者|通讯员|实习生|撰稿|编辑|校对|文字|摄影|文|图|摄)"
_NAMES = rf"(?:{_ROLE}\s*[:：/／]?\s*)?{_NAME}(?:[\s、，,]+(?:{_ROLE}\s*[:：/／]?\s*)?{_NAME})*"

_OUTLET = (
    r"(?:新华社|中新社|中新网|人民网|新华网|光明网|央广网|央视网|国际在线|澎湃新闻|"
    r"中国新闻网|人民日报|法治日报|经济日报|工人日报|中国青年报|[\u4e00-\u9fff]{2,6}(?:日报|晚报|电视台|广播电视台))"
)
_BRACKETED = r"[（(][^（()）\n]{0,40}[）)]"

_DATELINE = rf"""^\s*(?:
        本报(?:[\u4e00-\u9fff]{{0,6}}?)?(?:\d{{1,2}}月\d{{1,2}}日)?讯
      | 本报[\u4e00-\u9fff]{{0,6}}?\d{{1,2}}月\d{{1,2}}日电
      | 本报[\u4e00-\u9fff]{{2,6}}电
      | {_OUTLET}[\u4e00-\u9fff]{{0,8}}?\d{{1,2}}月\d{{1,2}}日电
      | {_OUTLET}消息
      | [\u4e00-\u9fff]{{1,6}}(?:网|社|台)消息
    )\s*(?:{_BRACKETED})?\s*[：:]?\s*"""
_TERMINAL_BEFORE = r"(?:^|(?<=[。！？!?…”’」』）)\s.]))"
_BYLINE = rf"{_TERMINAL_BEFORE}\s*[（(]\s*(?:{_NAMES}|完|来源\s*[:：][^（()）]{{1,30}})\s*[）)]\s*$"
_CREDIT = rf"{_TERMINAL_BEFORE}\s*(?:{_NAMES})\s*[/／]?\s*(?<![拍航抓偷跟自])摄(?:影)?\s*$"
_AUTHOR_LINE = rf"^\s*{_ROLE}\s*[:：/／]?\s*{_NAME}(?:[\s、，,]+(?:{_ROLE}\s*[:：/／]?\s*)?{_NAME})*\s*$"


class _Patterns(NamedTuple):
    dateline: re.Pattern[str]
    author_line: re.Pattern[str]
    tails: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, the characters a match ends in)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The compiled patterns, on first use: compiling them takes about 20 ms, which
    ``import zhnews`` would otherwise pay in every process, summarizing or not."""
    return _Patterns(
        re.compile(_DATELINE, re.VERBOSE),
        re.compile(_AUTHOR_LINE),
        ((re.compile(_BYLINE), "）)"), (re.compile(_CREDIT), "摄影")),
    )


def content_span(sentence: str) -> tuple[int, int]:
    """Offsets (within ``sentence``) of what remains without dateline, byline or credit.

    Returns ``(k, k)`` when nothing remains (the sentence is all furniture).

    Examples
    --------
    >>> s = "本报讯(记者 王明)3月2日，社区举行消防演练。"
    >>> a, b = content_span(s); s[a:b]
    '3月2日，社区举行消防演练。'
    >>> content_span("孙海摄")
    (0, 0)
    """
    patterns = _patterns()
    start, end = 0, len(sentence)
    m = patterns.dateline.match(sentence)
    if m:
        start = m.end()
    if patterns.author_line.match(sentence, start):
        return (start, start)
    # Both patterns are anchored at the end: a byline ends in a closing bracket, a credit
    # in 摄 or 摄影 (then only white space), so a sentence ending otherwise needs no search.
    last = sentence.rstrip()[-1:]
    for pattern, enders in patterns.tails:
        if not last or last not in enders:
            continue
        m = pattern.search(sentence, start, end)
        if m:
            end = m.start()
            break
    while start < end and sentence[start].isspace():
        start += 1
    while end > start and sentence[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else (start, start)


def is_furniture(sentence: str) -> bool:
    """Whether ``sentence`` is nothing but a dateline, byline, author line or credit."""
    start, end = content_span(sentence)
    return start == end
