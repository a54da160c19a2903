"""An article tokenized once: sentences with offsets, and their words.

Every later stage — summarizer, keywords, classifier — reads the same
:class:`Document`, so an article is segmented by jieba exactly once however
many stages look at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .sentences import Sentence, split_sentences
from .tokenize import Tokenizer, default_tokenizer, stopwords

__all__ = ["Document"]


@dataclass(frozen=True, slots=True)
class Document:
    """A tokenized article.

    Attributes
    ----------
    text : str
        The article as given.
    title : str or None
        Its headline, when known.
    sentences : tuple of Sentence
        Sentences of ``text`` with offsets (:func:`zhnews.split_sentences`).
    tokens : tuple of tuple of str
        The words of each sentence, normalised (``tokens[i]`` belongs to
        ``sentences[i]``).
    title_tokens : tuple of str
        The words of the title (empty without one).

    Examples
    --------
    >>> doc = Document.from_text("社区开展消防演练。居民踊跃参加。", title="消防演练")
    >>> len(doc.sentences), doc.title_tokens
    (2, ('消防演练',))
    """

    text: str
    title: str | None
    sentences: tuple[Sentence, ...]
    tokens: tuple[tuple[str, ...], ...]
    title_tokens: tuple[str, ...]
    _content: tuple[tuple[tuple[str, ...], ...], tuple[str, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _content_ids: tuple[tuple[str, ...], tuple[list[int], ...], list[int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def from_text(cls, text: str, *, title: str | None = None, tokenizer: Tokenizer | None = None) -> "Document":
        """Split and tokenize ``text`` (and ``title``) in one segmentation pass.

        Parameters
        ----------
        text : str
            The article body.
        title : str, optional
            The headline; it is tokenized with the body.
        tokenizer : Tokenizer, optional
            Defaults to the shared default tokenizer.

        Raises
        ------
        TypeError
            When ``text`` or ``title`` is not a string.
        """
        if not isinstance(text, str):
            raise TypeError(f"expected the article text as a str, not {type(text).__name__}")
        if title is not None and not isinstance(title, str):
            raise TypeError(f"title must be a str or None, not {type(title).__name__}")
        tokenizer = tokenizer or default_tokenizer()
        sentences = tuple(split_sentences(text))
        if not sentences and not (title and title.strip()):
            return cls(text, title, (), (), ())
        lines = [title or ""] + [s.text for s in sentences]
        words = tokenizer.cut_lines(lines)
        return cls(
            text=text,
            title=title,
            sentences=sentences,
            tokens=tuple(tuple(w) for w in words[1:]),
            title_tokens=tuple(words[0]),
        )

    def content_words(self) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
        """The words that carry content, of each sentence and of the title.

        Not stopwords, not one character, not bare numbers: the nodes of the brief's
        sentence graph and of the keyword graph. Read off :meth:`content_ids` (which
        both stages use) on first call and kept with the Document.

        Examples
        --------
        >>> Document.from_text("社区开展了消防演练。").content_words()
        ((('社区', '消防演练'),), ())
        """
        if self._content is None:
            vocabulary, sentence_ids, title_ids = self.content_ids()
            content = (tuple(tuple([vocabulary[i] for i in ids]) for ids in sentence_ids), tuple([vocabulary[i] for i in title_ids]))
            object.__setattr__(self, "_content", content)  # a memo: the Document is frozen
        return self._content

    def content_ids(self) -> tuple[tuple[str, ...], tuple[list[int], ...], list[int]]:
        """:meth:`content_words` as ids: the vocabulary, and each sentence's and the title's ids.

        A word's id is its position in the vocabulary, which lists the content words
        in order of first occurrence, the title's first. The sentence graph and the
        keyword graph are both built on these ids (kept with the Document, as
        :meth:`content_words`), so an article's words are numbered once. Do not
        modify the lists.

        Examples
        --------
        >>> Document.from_text("消防演练开始。居民参加消防演练。", title="社区消防").content_ids()
        (('社区', '消防', '消防演练', '居民'), ([2], [3, 2]), [0, 1])
        """
        if self._content_ids is None:
            # One pass filters and numbers each token: this runs for every article of a
            # batch, and filtering into a copy of the tokens first costs a third more.
            # The length test goes first: a third of the tokens are one character, and
            # it spares them the stopword lookup.
            stop = stopwords()
            vocabulary: dict[str, int] = {}
            number = vocabulary.setdefault
            title_ids = [number(w, len(vocabulary)) for w in self.title_tokens if len(w) > 1 and w not in stop and not w.isdigit()]
            sentence_ids = tuple(
                [number(w, len(vocabulary)) for w in words if len(w) > 1 and w not in stop and not w.isdigit()] for words in self.tokens
            )
            object.__setattr__(self, "_content_ids", (tuple(vocabulary), sentence_ids, title_ids))
        return self._content_ids

    @property
    def words(self) -> list[str]:
        """All words of the body, in order."""
        return [w for sent in self.tokens for w in sent]

