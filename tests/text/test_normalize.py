"""normalize: blank characters, told apart without a category lookup for printable ones."""

from __future__ import annotations

import sys
import unicodedata

from zhnews.text.normalize import is_blank_char


def test_is_blank_char_is_white_space_control_or_format_over_all_of_unicode():
    # The fast path (a printable character is neither control nor format) must not
    # change a single answer.
    chars = map(chr, range(sys.maxunicode + 1))
    assert [c for c in chars if is_blank_char(c) != (c.isspace() or unicodedata.category(c) in ("Cc", "Cf"))] == []
    assert is_blank_char("\u200b") and is_blank_char("\u3000") and is_blank_char("\x00")
    assert not is_blank_char("。") and not is_blank_char("党")
