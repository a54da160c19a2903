"""The accounting check of a page split: nothing invented, nothing lost, nothing twice."""

from __future__ import annotations

from zhnews.pages import PageSplit
from zhnews.text.normalize import is_blank_char

__all__ = ["check_accounting"]


def check_accounting(page: str, split: PageSplit) -> None:
    """Assert that every character of the page's non-blank lines is in exactly one part.

    Parts are an article's title, subtitle, byline and text spans, a section label,
    or a dropped repeat. Each part's text must be the page's text at its spans, the
    spans must not overlap, and together they must cover every non-whitespace
    character of the page (blank ones — spaces, controls, format characters — excepted).
    """
    owners: dict[int, str] = {}

    def claim(span: tuple[int, int] | None, what: str, expected: str | None = None) -> None:
        if span is None:
            assert not expected, f"{what}: text {expected!r} without a span"
            return
        a, b = span
        assert 0 <= a < b <= len(page), f"{what}: bad span {span}"
        if expected is not None:
            assert page[a:b] == expected, f"{what}: {expected!r} is not the page's {page[a:b]!r}"
        for k in range(a, b):
            assert k not in owners, f"character {k} ({page[k]!r}) is in {owners[k]} and {what}"
            owners[k] = what

    for n, art in enumerate(split):
        claim(art.title_span, f"article {n} title", art.title)
        claim(art.subtitle_span, f"article {n} subtitle", art.subtitle)
        claim(art.byline_span, f"article {n} byline", art.byline)
        rebuilt = "\n".join("".join(page[a:b] for a, b in para) for para in art.paragraph_spans)
        assert rebuilt == art.text, f"article {n}: text differs from its spans"
        for span in art.text_spans:
            claim(span, f"article {n} text")
        assert art.kind in ("article", "photo")
    for seg in split.section_labels:
        claim((seg.start, seg.end), "label", seg.text)
    for seg in split.dropped:
        claim((seg.start, seg.end), "dropped", seg.text)
    lost = [k for k, ch in enumerate(page) if not is_blank_char(ch) and k not in owners]
    assert not lost, f"{len(lost)} characters in no part, from {page[lost[0]:lost[0] + 20]!r}"
