"""zhnews: topic tagging and extractive briefs for Chinese news.

The public names are re-exported here; everything else is reached by its
module path. Importing zhnews does no work: the dictionary, jieba and the model
load on first use, the classifier's names (which need scikit-learn) are imported
when first touched, and the library logs to the ``zhnews`` logger, which has only
a ``NullHandler`` until the host program configures logging.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ._lazy import lazy_names
from .errors import InputError, MissingExtraError
from .summarize import Brief, BriefSentence, keywords, summarize
from .text import Document, Sentence, Tokenizer, decode_bytes, read_text, split_sentences

if TYPE_CHECKING:  # pragma: no cover
    from . import report
    from ._version import __version__
    from .pages import Article, PageSplit, split_page
    from .topics import NewsFeaturizer, TopicClassifier, Topics
    from .topics.persistence import ModelError, load_model
    from .batch.engine import analyze_many
    from .pipeline import Analysis, analyze, classify

logging.getLogger("zhnews").addHandler(logging.NullHandler())

# Names loaded on first access (PEP 562): those whose modules import scikit-learn, so
# that `import zhnews` stays light for programs that only summarize; and the page
# splitter, the archive report and the version (importlib.metadata), so that a batch
# worker and a program that only classifies start without what they do not use.
_LAZY = {
    "__version__": "zhnews._version",
    "Article": "zhnews.pages",
    "PageSplit": "zhnews.pages",
    "report": "zhnews.report",
    "split_page": "zhnews.pages",
    "Analysis": "zhnews.pipeline",
    "analyze": "zhnews.pipeline",
    "analyze_many": "zhnews.batch.engine",
    "classify": "zhnews.pipeline",
    "ModelError": "zhnews.topics.persistence",
    "load_model": "zhnews.topics.persistence",
    "NewsFeaturizer": "zhnews.topics.features",
    "TopicClassifier": "zhnews.topics.model",
    "Topics": "zhnews.topics.linear",
}


__getattr__, __dir__ = lazy_names("zhnews", _LAZY, globals())


__all__ = [
    "Analysis",
    "Article",
    "Brief",
    "BriefSentence",
    "Document",
    "InputError",
    "MissingExtraError",
    "ModelError",
    "NewsFeaturizer",
    "PageSplit",
    "Sentence",
    "Tokenizer",
    "TopicClassifier",
    "Topics",
    "__version__",
    "analyze",
    "analyze_many",
    "classify",
    "decode_bytes",
    "keywords",
    "load_model",
    "read_text",
    "report",
    "split_page",
    "split_sentences",
    "summarize",
]
