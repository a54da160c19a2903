"""zhnews: topic tagging and extractive briefs for Chinese news.

The public names are re-exported here; everything else is reached by its
module path. Importing zhnews does no work: the dictionary and jieba load on
first use, and the library logs to the ``zhnews`` logger, which has only a
``NullHandler`` until the host program configures logging.
"""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from . import report  # the archive report (zhnews.report.aggregate); imports no matplotlib
from .errors import InputError
from .pages import Article, PageSplit, split_page
from .summarize import Brief, BriefSentence, keywords, summarize
from .text import Document, Sentence, Tokenizer, decode_bytes, read_text, split_sentences

logging.getLogger("zhnews").addHandler(logging.NullHandler())

try:
    __version__ = version("zhnews")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "Article",
    "Brief",
    "BriefSentence",
    "Document",
    "InputError",
    "PageSplit",
    "Sentence",
    "Tokenizer",
    "__version__",
    "decode_bytes",
    "keywords",
    "read_text",
    "report",
    "split_page",
    "split_sentences",
    "summarize",
]
