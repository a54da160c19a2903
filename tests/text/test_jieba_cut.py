"""zhnews's loops for jieba's segmentation give jieba's tokens, every one of them.

Each test compares :class:`zhnews.text._jieba_cut.Cutter` with ``jieba.Tokenizer.lcut``
on the same private tokenizer: the corpus, the real development sets and the seed page
(when ``../shared`` is there), text made to hit the edges (ties, unknown characters,
Latin and numbers, whitespace), and random strings from hypothesis.
"""

from __future__ import annotations

import json

import pytest
from conftest import shared_path, skip_optional
from hypothesis import given, settings
from hypothesis import strategies as st

import zhnews
from zhnews.corpus import load_corpus
from zhnews.text import _backends, _jieba_cut


@pytest.fixture(scope="module")
def jieba():
    return _backends.import_jieba()


@pytest.fixture(scope="module")
def private(jieba):
    """A private jieba tokenizer with the domain terms, as the engine builds it."""
    return zhnews.Tokenizer(backend="jieba")._engine().library_tokenizer


@pytest.fixture(scope="module")
def cutter(jieba, private):
    return _jieba_cut.Cutter(jieba, private)


def assert_same(private, cutter, texts, hmm=True):
    differ = [t for t in texts if cutter.cut(t, hmm) != private.lcut(t, HMM=hmm)]
    assert not differ, f"{len(differ)} of {len(texts)} texts cut otherwise than jieba, e.g. {differ[0][:80]!r}"


def test_the_installed_jieba_is_the_one_checked(jieba):
    # When jieba changes, the engine falls back to lcut; this says the fast path runs here.
    assert _jieba_cut.supported(jieba)
    assert zhnews.Tokenizer(backend="jieba")._engine()._cutter is not None


@pytest.mark.parametrize("hmm", [True, False], ids=["hmm", "no-hmm"])
def test_the_corpus_is_cut_as_jieba_cuts_it(private, cutter, hmm):
    assert_same(private, cutter, [f"{a.title}\n{a.text}" for a in load_corpus()], hmm)


@pytest.mark.parametrize("name", ["local_news.jsonl", "news_topics.jsonl", "news_briefs.jsonl"])
def test_real_news_is_cut_as_jieba_cuts_it(private, cutter, name):
    path = shared_path("realdev", name)
    if not path.exists():
        skip_optional(f"{path} is not here (../shared is the project's development data)")
    texts = [f"{r.get('title') or ''}\n{r['text']}" for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]
    assert_same(private, cutter, texts)


def test_the_seed_page_is_cut_as_jieba_cuts_it(private, cutter):
    path = shared_path("pages", "langya-2020-08.txt")
    if not path.exists():
        skip_optional(f"{path} is not here (../shared is the project's development data)")
    text = path.read_text(encoding="utf-8")
    assert_same(private, cutter, [text], True)
    assert_same(private, cutter, [text], False)


EDGES = [
    "",
    " ",
    "\r\n\r\n",
    "。",
    "的",
    "鱻",  # a character no word of the dictionary holds
    "鱻龘靐齉",  # unknown characters only: the HMM alone
    "王小明和李大强在北京市海淀区中关村大街工作",  # names: the HMM joins them
    "3.5%的居民，1.2万人，GDP增长6.5%，iPhone15和5G",
    "abc123 def_456 a+b#c&d-e.f%g",
    "研究生命起源",  # a classic route ambiguity
    "结婚的和尚未结婚的",
    "上海市浦东新区张江高科技园区",
    "新时代文明实践站开展“三会一课”和枫桥经验学习",
    "\t第一行\n第二行\r\n第三行\u3000全角空格",
    "ｆｕｌｌｗｉｄｔｈ１２３和半角",
    "\ud800孤立代理项",
]


@pytest.mark.parametrize("hmm", [True, False], ids=["hmm", "no-hmm"])
def test_the_edges_are_cut_as_jieba_cuts_them(private, cutter, hmm):
    assert_same(private, cutter, EDGES, hmm)


def test_a_word_added_after_the_cutter_was_made_counts_at_once(jieba):
    tk = jieba.Tokenizer()
    with _backends.quiet_loggers(["jieba"]):
        tk.initialize()
    cutter = _jieba_cut.Cutter(jieba, tk)
    assert "龘靐齉" not in cutter.cut("龘靐齉鱻")
    tk.add_word("龘靐齉")
    assert cutter.cut("龘靐齉鱻") == tk.lcut("龘靐齉鱻")
    assert "龘靐齉" in cutter.cut("龘靐齉鱻")


def test_force_split_words_of_finalseg_are_split_as_jieba_splits_them(jieba, private, cutter, monkeypatch):
    # add_word(w, freq=0) puts w in finalseg's (module-wide) set of words the HMM must not make.
    text = "张晓岚同志说"
    joined = [w for w in private.lcut(text) if len(w) > 1 and not private.FREQ.get(w)]
    assert joined, "the HMM joined no unknown word in the sample"
    monkeypatch.setattr(jieba.finalseg, "Force_Split_Words", set(joined))
    assert cutter.cut(text) == private.lcut(text)
    assert not set(joined) & set(cutter.cut(text))


# Han characters common and rare, Latin, digits, the punctuation jieba keeps in a block
# (+#&._%-) and some it does not, spaces and line breaks.
_ALPHABET = st.sampled_from(
    list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经")
    + list("鱻龘靐齉爨癵驫麤")
    + list("abcXYZ0123456789+#&._%-")
    + list("，。！？、；：“”《》（）,.!? \n\r\t\u3000")
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=40), hmm=st.booleans())
def test_random_text_is_cut_as_jieba_cuts_it(private, cutter, text, hmm):
    assert cutter.cut(text, hmm) == private.lcut(text, HMM=hmm)


def test_on_a_jieba_release_not_checked_the_engine_cuts_with_jiebas_own_lcut(jieba, monkeypatch):
    monkeypatch.setattr(jieba, "__version__", "0.43.0")
    assert not _jieba_cut.supported(jieba)
    tokenizer = zhnews.Tokenizer(backend="jieba")
    assert tokenizer._engine()._cutter is None
    assert tokenizer.cut("社区开展三会一课") == ["社区", "开展", "三会一课"]
