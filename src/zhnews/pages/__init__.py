"""Newspaper pages: split the text exported from a page's layout into its articles.

Stages, one module each: :mod:`~zhnews.pages.layout` (lines and their shape
cues), :mod:`~zhnews.pages.repair` (column cuts, pieces out of order, repeats)
and :mod:`~zhnews.pages.split` (:func:`split_page` and its result types).
"""

from .layout import DEFAULT_SECTION_LABELS
from .split import Article, PageSplit, Segment, Span, split_page

__all__ = ["DEFAULT_SECTION_LABELS", "Article", "PageSplit", "Segment", "Span", "split_page"]
