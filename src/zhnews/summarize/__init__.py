"""Briefs and keywords: TextRank over the shared tokens of a Document."""

from .keywords import keywords
from .textrank import Brief, BriefSentence, summarize

__all__ = ["Brief", "BriefSentence", "keywords", "summarize"]
