"""Normalisation for matching: one spelling per character, original text kept.

Exported pages mix full-width and ASCII forms (``，`` and ``,``, ``２０２０`` and
``2020``) and carry invisible characters (zero-width spaces, soft hyphens, stray
control bytes). Tokens and features are computed on the normalised form so that
both spellings match; sentences and briefs always show the original text, with
offsets into it (see :mod:`zhnews.text.sentences`).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "is_blank_char"]

# Characters with no visible form that break words apart when left in:
# zero-width space / non-joiner / joiner, word joiner, BOM, soft hyphen,
# invisible operators, and the C0/C1 controls other than tab and line breaks.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064"
_DELETE = {ord(ch): None for ch in _INVISIBLE}
_DELETE.update({cp: None for cp in range(0x00, 0x20) if cp not in (0x09, 0x0A, 0x0D)})
_DELETE.update({cp: None for cp in range(0x7F, 0xA0)})
_DELETE[0x09] = " "
_DELETE_RUN = re.compile("[" + "".join(chr(cp) for cp, to in _DELETE.items() if to is None) + "]+")
# The full-width forms Chinese news prints all the time, each with its compatibility
# decomposition (NFKD). Replacing a character by its NFKD before NFKC changes nothing
# (NFKC decomposes it to exactly that first), but afterwards most news text passes
# NFKC's quick check, which is ten times cheaper than normalising.
_COMMON_FOLDS = tuple((ch, unicodedata.normalize("NFKD", ch)) for ch in "，：；（）！？％　…")


def normalize(text: str) -> str:
    """Return ``text`` in its matching form.

    Invisible and control characters are removed (tab becomes a space), then
    Unicode NFKC folds full-width forms to ASCII (``（`` → ``(``, ``２`` → ``2``)
    and compatibility characters to their plain form, and Latin letters are
    case-folded. The result is for matching only: it can be shorter than the
    input and is never shown to a user.

    Examples
    --------
    >>> normalize("ＡＢＣ２０２０年\u200b新闻，")
    'abc2020年新闻,'
    """
    # Same as unicodedata.normalize("NFKC", text.translate(_DELETE)).casefold(), in a
    # few fast scans instead of a per-character table lookup and a full NFKC pass.
    if "\t" in text:
        text = text.replace("\t", " ")
    if _DELETE_RUN.search(text):
        text = _DELETE_RUN.sub("", text)
    for ch, folded in _COMMON_FOLDS:
        if ch in text:
            text = text.replace(ch, folded)
    return unicodedata.normalize("NFKC", text).casefold()


def is_blank_char(ch: str) -> bool:
    """Whether ``ch`` carries nothing to read: whitespace, control or format characters."""
    # Cc and Cf characters are not printable: a printable one (nearly every one) needs no
    # category lookup.
    return ch.isspace() or (not ch.isprintable() and unicodedata.category(ch) in ("Cc", "Cf"))
