"""lexicon: cue terms counted longest first, without overlap, per topic."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews.labels import TOPICS
from zhnews.topics.lexicon import CueCounter, _trie_pattern, topic_cues


def test_the_longest_term_counts_once_and_shared_terms_count_for_both():
    counter = CueCounter({"safety": ("隐患", "隐患排查", "消防"), "rule_of_law": ("消防", "执法")})
    assert counter.count("开展隐患排查，消防执法，隐患") == {"safety": 3, "rule_of_law": 2}
    assert counter.count("") == {} and counter.count("天气晴") == {}
    assert CueCounter({label: () for label in TOPICS}).count("消防") == {}


TERMS = ["隐患", "隐患排查", "排查", "查处", "消防", "消防安全", "安全", "a.b", "(c)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TERMS + ["x", "隐", "查", "患", "安"]), max_size=30))
def test_the_trie_matches_what_longest_first_alternation_matches(pieces):
    text = "".join(pieces)
    alternation = re.compile("|".join(map(re.escape, sorted(TERMS, key=lambda t: (-len(t), t)))))
    assert re.compile(_trie_pattern(TERMS)).findall(text) == alternation.findall(text)


def test_the_shipped_cues_by_trie_and_by_alternation_agree_on_their_own_terms():
    terms = sorted({t for ts in topic_cues().values() for t in ts}, key=lambda t: (-len(t), t))
    text = "，".join(terms) + "".join(terms[::-1])
    alternation = re.compile("|".join(map(re.escape, terms)))
    assert re.compile(_trie_pattern(terms)).findall(text) == alternation.findall(text)
