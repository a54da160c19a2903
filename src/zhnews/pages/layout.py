"""Lines of an exported page and the shape cues a reader uses to tell them apart.

Text exported from a newspaper's print layout keeps no structure but line breaks:
a headline, a subtitle ("——…"), an author line, a section label and a
paragraph are all just lines, usually between blank lines. What still tells them
apart is their *shape*: how long a line is, whether it ends a sentence, whether it
opens with a dateline (本报讯), ends with a bracketed byline ((李昌霞 吴立龙)) or a
photo credit (孙海摄), consists of names only, or is one of the page's section
labels. This module computes those cues line by line; :mod:`zhnews.pages.split`
decides with them, and with the neighbouring lines, what each line is.

Nothing here is keyed to a particular page: the cues are the conventions of
Chinese newspaper layout (GB/T 15834 punctuation, 本报讯 datelines, bracketed
bylines, "XXX摄" credits), and the section labels are a list the caller can
extend.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..text.markers import content_span

__all__ = [
    "DEFAULT_SECTION_LABELS",
    "Line",
    "Tail",
    "author_names",
    "clause_marks",
    "has_dateline",
    "is_closed",
    "is_label_shape",
    "label_key",
    "page_lines",
    "trailing_tail",
    "unbalanced",
]

#: Section labels (栏目) that stand as lines of their own and head no article.
#: Pass ``section_labels=(*DEFAULT_SECTION_LABELS, "乡村振兴")`` to add a paper's own.
DEFAULT_SECTION_LABELS: tuple[str, ...] = (
    "新闻进行时",
    "通讯",
    "图片新闻",
    "图片报道",
    "图片故事",
    "要闻",
    "综合新闻",
    "综合",
    "本地新闻",
    "社会新闻",
    "时政要闻",
    "时政新闻",
    "基层动态",
    "基层传真",
    "一线传真",
    "新闻速递",
    "新闻快讯",
    "简讯",
    "短讯",
    "专题",
    "专版",
    "评论",
    "言论",
    "特别报道",
    "深度报道",
    "视点",
    "聚焦",
    "关注",
    "副刊",
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Sentence ends (GB/T 15834 and their ASCII twins); a paragraph ends with one of them,
# a semicolon (list items) or a colon (a salutation or a lead-in to a list).
_TERMINAL = frozenset("。！？!?…；;：:")
_CLOSERS = frozenset("”’」』）)】]》〉\"'")
_CLAUSE = re.compile(r"[，,；;、：:]")
_ROLE = (
    r"(?:(?:本报|新华社|中新社|人民日报|央视|央广)?(?:特约|见习|实习|摄影|首席)?记者|特约通讯员|通讯员|"
    r"实习生|撰稿|编辑|文/图|文／图|图/文|图／文|文|图|摄影|摄)"
)
_ROLE_RE = re.compile(_ROLE)
_HAN_RUN = re.compile(rf"[{_HAN}]{{2,}}")
_NAME_PART = re.compile(rf"[{_HAN}][{_HAN}]{{1,3}}|[{_HAN}]{{1,6}}[·•][{_HAN}·•]{{1,10}}")
_SPLIT_NAMES = re.compile(r"[\s、，,/／]+")
_BRACKET_TAIL = re.compile(r"[（(]([^（()）。，,；;！？!?\n]{1,40})[）)]$")
# Datelines that text.markers leaves to the summarizer's narrower needs: 本报北京电, 据…消息.
_DATELINE_EXTRA = re.compile(
    rf"^(?:本报[{_HAN}]{{0,6}}?(?:\d{{1,2}}月\d{{1,2}}日)?[讯电][\s（(:：]|据[{_HAN}]{{2,16}}(?:网站)?消息[\s,，:：]"
    # a dateline cut at a column end: 新华社 / 新华社长春1月14
    rf"|(?:新华社|中新社)(?:[{_HAN}]{{1,6}}\d[\d月日]*)?$)"
)
_SOURCE = re.compile(rf"[{_HAN}]{{2,10}}(?:办|局|委|院|部|处|厅|所|队|中心|站|会|室|社|台|网|报|组)")
# 拍摄, 抓摄, … are verbs, not credits (航 is left out: 周航摄 is a name).
_CREDIT_END = re.compile(r"(?:(?<![拍抓偷跟自])摄影?|供图|/图|／图)$")
_EDITOR = re.compile(
    r"^(?:本版)?(?:责任编辑|责编|编辑|校对|美编|组版|版式|审读|值班主任|主编)\s*[:：]?\s*"
    rf"[{_HAN}·\s]{{2,12}}(?:\s+(?:责任编辑|责编|编辑|校对|美编|组版|版式|审读)\s*[:：]?\s*[{_HAN}·\s]{{2,12}})*$"
)
_PAGE_HEADER = re.compile(
    r"^(?:第\s*[0-9一二三四五六七八九十]{1,3}\s*版|[A-Z]\s?\d{1,2}\s*版?|"
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*星期[一二三四五六日天])?|星期[一二三四五六日天])"
    r"(?:\s*[·|｜/／]\s*[^\s]{1,8})?$"
)
# The most common Chinese surnames (single and compound) cover nearly every name
# printed in a byline; a names-only line without a role word must start with one.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠"
    "豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰"
    "赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富"
    "尧闭由"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of a page, as printed.

    Attributes
    ----------
    index : int
        Position among the page's non-blank lines, from 0.
    start, end : int
        Offsets of the line's text in the page, without its leading and trailing
        whitespace: ``page[start:end] == text``.
    text : str
        The line without leading and trailing whitespace.
    gap : int
        Blank lines before this one (from the previous non-blank line, or from
        the start of the page). Layout keeps related lines closer together than
        unrelated ones, so a caption is nearer its own headline.
    """

    index: int
    start: int
    end: int
    text: str
    gap: int

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Tail:
    """A byline or photo credit at the end of a line.

    Attributes
    ----------
    offset : int
        Where the tail starts within the line's text (after any space before it).
    kind : str
        ``"byline"`` for a bracketed byline ((李昌霞 吴立龙)), ``"credit"`` for a
        photo credit (孙海摄, 记者 王某 摄).
    names : str
        The names alone, space-separated, roles such as 记者 left out.
    """

    offset: int
    kind: str
    names: str


def page_lines(page: str) -> tuple[Line, ...]:
    """Split a page into its non-blank lines, with their spans and the blank lines before.

    Any Unicode line break ends a line (``str.splitlines``). A line holding only
    whitespace, control or format characters is blank.
    """
    lines: list[Line] = []
    pos = 0
    gap = 0
    for raw in page.splitlines(keepends=True):
        body = raw.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        if not stripped or all(unicodedata.category(ch) in ("Cc", "Cf") or ch.isspace() for ch in stripped):
            gap += 1
        else:
            start = pos + lead
            lines.append(Line(index=len(lines), start=start, end=start + len(stripped), text=stripped, gap=gap))
            gap = 0
        pos += len(raw)
    return tuple(lines)


def label_key(text: str) -> str:
    """The form in which section labels are compared: NFKC, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_label_shape(text: str, labels: Iterable[str] | frozenset[str]) -> bool:
    """Whether a whole line is page furniture that heads no article.

    True for a line that is one of ``labels`` (compared by :func:`label_key`), an
    editor's line (本版责编：王某 校对：李某) or a page header (第3版, A2, a date
    with its weekday).
    """
    key = label_key(text)
    if key in labels:
        return True
    return bool(_EDITOR.match(text) or _PAGE_HEADER.match(text))


def _strip_closers(text: str) -> str:
    end = len(text)
    while end and (text[end - 1] in _CLOSERS or text[end - 1].isspace()):
        end -= 1
    return text[:end]


def is_closed(text: str) -> bool:
    """Whether a line ends a paragraph: a sentence end, with any closing quotes after it.

    A line cut at a column end stops mid-sentence and so is not closed. A closing
    quote or bracket alone does not close a line (``…“十大党建品牌项目”`` may go on),
    nor does a comma.
    """
    core = _strip_closers(text)
    if not core:
        return False
    if core[-1] in _TERMINAL:
        return True
    # "……" and ASCII "." that is not a decimal point (2.5) end a sentence too.
    return core[-1] == "." and not (len(core) > 1 and core[-2].isdigit())


_PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"), ("(", ")"), ("「", "」"), ("『", "』"), ("【", "】"))


def unbalanced(text: str) -> bool:
    """Whether a quote, book title or bracket opened on the line is still open at its end.

    A headline closes what it opens; a line cut at a column end often does not.
    An ASCII ``"`` counts as open when the line holds an odd number of them.
    """
    for left, right in _PAIRS:
        if text.count(left) > text.count(right):
            return True
    return text.count('"') % 2 == 1


def clause_marks(text: str) -> int:
    """How many clause punctuation marks (，,；;、：:) the line holds."""
    return len(_CLAUSE.findall(text))


def has_dateline(text: str) -> bool:
    """Whether the line opens with a dateline (本报讯, 新华社北京5月8日电, …)."""
    return content_span(text)[0] > 0 or _DATELINE_EXTRA.match(text) is not None


def _names_only(text: str, *, surnames: bool = True, longest: int = 4) -> str | None:
    """The names of a names-and-roles string (本报记者 张三 通讯员 李四), or None.

    Without a role word every name must begin with a common surname, so that a
    short headline is not taken for a name; ``surnames=False`` drops that check
    where the context already says names follow (a bracket after a sentence end,
    a credit ending in 摄). ``longest`` is the most Han characters of a name without
    a middle dot; credits allow transliterated names of five or six (巴合提别克摄).
    """
    parts = [p for p in _SPLIT_NAMES.split(text.strip()) if p]
    if not parts or len(parts) > 8:
        return None
    names: list[str] = []
    roles = 0
    for part in parts:
        m = _ROLE_RE.match(part)
        while m and m.end() > 0:
            roles += 1
            part = part[m.end():].lstrip(":：")
            m = _ROLE_RE.match(part) if part else None
        if not part:
            continue
        if not (_NAME_PART.fullmatch(part) or (len(part) <= longest and _HAN_RUN.fullmatch(part))):
            return None  # a name is 2-4 Han characters, or longer with a middle dot (古丽孜巴·艾则孜)
        names.append(part)
    if not names or len(names) > 4:
        return None
    if roles == 0 and surnames:
        for name in names:
            if not (name[0] in _SURNAMES or name.startswith(_COMPOUND_SURNAMES)):
                return None
    return " ".join(names)


def author_names(text: str) -> str | None:
    """The names of an author line (王世明; 本报记者 顾春燕 通讯员 杨敏), or None.

    A line of one to four names, each of two to four Han characters, with or
    without role words. Whether such a line *is* an author line depends on its
    position (right after a headline or subtitle); that is decided by the caller.
    """
    if len(text) > 40:
        return None
    return _names_only(text)


def _credit_names(tail: str, *, longest: int = 6) -> str | None:
    core = _CREDIT_END.sub("", tail).strip()
    # "福州地铁供图 陈鹭琳摄": an organisation's credit before the photographer's.
    core = re.sub(rf"^[{_HAN}]{{2,12}}供图\s*", "", core)
    core = re.sub(r"\s+", " ", core)
    joined = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff](?:\s|$))", "", core)  # 梁  斌 → 梁斌
    for candidate in (core, joined):
        names = _names_only(candidate, surnames=False, longest=longest)
        if names is not None:
            return names
    return None


def trailing_tail(text: str) -> Tail | None:
    """The bracketed byline or photo credit that ends a line, if any.

    A byline is a bracket of names and roles ((李昌霞 吴立龙), (本报记者 张三)) after a
    sentence end; a credit is names ending in 摄 (孙海摄, 记者 王某 摄) after a
    sentence end. A line that is nothing but a byline or credit has a tail at
    offset 0. ``(完)`` is not a byline: it names nobody, and stays in the text.
    """
    m = _BRACKET_TAIL.search(text)
    if m:
        before = _strip_closers(text[: m.start()])
        names = _names_only(m.group(1), surnames=False)
        if names is None and _SOURCE.fullmatch(m.group(1).strip()):
            names = m.group(1).strip()  # a source rather than names: (市委巡察办)
        if names is not None and (not before or is_closed(before)):
            offset = m.start()
            return Tail(offset=offset, kind="byline", names=names)
    if _CREDIT_END.search(text):
        # The credit runs back from the end to the last sentence end before it.
        cut = max((i + 1 for i, ch in enumerate(text) if ch in "。！？!?…”’」』）)"), default=0)
        tail = text[cut:]
        if 2 <= len(tail.strip()) <= 26 and not _CLAUSE.search(tail.replace("、", " ")):
            # Alone on a line, a credit names people of the usual length only.
            names = _credit_names(tail, longest=6 if cut else 4)
            if names is not None:
                offset = cut + (len(tail) - len(tail.lstrip()))
                return Tail(offset=offset, kind="credit", names=names)
    return None
