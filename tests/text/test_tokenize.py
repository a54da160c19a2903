"""The tokenizer: domain dictionary, user words, pickling, and jieba left untouched.

Every test of the tokenizer's behaviour runs on each backend (``backend`` fixture);
the jieba-fast one skips where jieba-fast-dat is not installed, and fails for want of
it under ``ZHNEWS_STRICT_OPTIONAL=1``. Backend choice and agreement: ``test_backends.py``.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from conftest import run_python
from text.backends import BACKEND_PARAMS, require_backend

import zhnews
from zhnews.errors import InputError
from zhnews.text.tokenize import _import_jieba, _quiet_jieba, domain_terms, stopwords

TOPIC_WORDS = ["安全", "文明", "党员", "党委", "法院", "消防", "调解", "志愿", "普法", "隐患", "检察院", "派出所"]


@pytest.fixture(params=BACKEND_PARAMS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend's name in turn (skipped when it cannot run here)."""
    return require_backend(request.param)


@pytest.fixture(scope="module")
def default_jieba():
    """A fresh jieba tokenizer with only jieba's default dictionary."""
    jieba = _import_jieba()
    tok = jieba.Tokenizer()
    with _quiet_jieba():
        tok.initialize()
    return tok


def test_domain_dictionary_has_at_least_300_terms_and_no_duplicates():
    terms = domain_terms()
    assert len(terms) >= 300
    assert len(set(terms)) == len(terms)


def test_every_domain_term_is_split_by_jiebas_default_dictionary(default_jieba):
    kept_whole = [t for t in domain_terms() if len(default_jieba.lcut(t, HMM=False)) <= 1 or len(default_jieba.lcut(t, HMM=True)) <= 1]
    assert kept_whole == [], f"jieba already keeps these whole; they do not belong in the domain dictionary: {kept_whole}"


def test_every_domain_term_is_kept_whole_by_zhnews(backend):
    tok = zhnews.Tokenizer(backend=backend)
    split = [t for t in domain_terms() if tok.cut(t) != [t]]
    assert split == []


def test_domain_terms_can_be_switched_off(backend):
    assert zhnews.Tokenizer(domain_terms=False, backend=backend).cut("三会一课") != ["三会一课"]


def test_stopwords_hold_function_words_but_no_topic_words():
    stop = stopwords()
    assert {"的", "了", "本报讯", "记者"} <= stop
    assert not stop & set(TOPIC_WORDS)
    assert not stop & set(domain_terms())


def test_user_words_are_kept_whole(backend):
    word = "梧桐湾议事厅"
    assert zhnews.Tokenizer(backend=backend).cut(word) != [word]
    tok = zhnews.Tokenizer(user_words=[word], backend=backend)
    assert tok.cut(f"居民来到{word}商量事情") == ["居民", "来到", word, "商量", "事情"]


def test_user_dict_file_utf8_and_gb18030(tmp_path, backend):
    path = tmp_path / "words.txt"
    path.write_bytes("# 本地词\n梧桐湾议事厅 10 n\n\n青溪河长廊\n".encode("gb18030"))
    tok = zhnews.Tokenizer(user_dict=path, backend=backend)
    assert tok.user_words == ("梧桐湾议事厅", "青溪河长廊")
    assert "青溪河长廊" in tok.cut("沿着青溪河长廊散步")


def test_user_dict_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="missing.txt"):
        zhnews.Tokenizer(user_dict=tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty.txt.*no words"):
        zhnews.Tokenizer(user_dict=empty)


@pytest.mark.parametrize("bad", ["", "  ", "两个 词", 3])
def test_bad_user_words_are_refused(bad):
    with pytest.raises(ValueError, match="user_words"):
        zhnews.Tokenizer(user_words=[bad])


def test_cut_normalises_and_drops_punctuation(backend):
    assert zhnews.Tokenizer(backend=backend).cut("ＧＤＰ增长３.５％，\u200b好！") == ["gdp", "增长", "3.5%", "好"]


@pytest.mark.parametrize(
    ("text", "hmm", "words"),
    [
        ("增长3.5%左右", True, ["增长", "3.5%", "左右"]),
        ("第1.5版", True, ["第", "1.5", "版"]),
        ("ip是10.0.0.1", True, ["ip", "是", "10.0", "0.1"]),  # jieba's number pattern, not an IP rule
        ("增长3.5%%", True, ["增长", "3.5%"]),
        ("3.14159米", True, ["3.14159", "米"]),
        ("c#和3.5", True, ["c#", "和", "3.5"]),
        ("增长3.5%", False, ["增长", "3", "5"]),  # without the HMM jieba splits numbers too
    ],
)
def test_numbers_are_cut_as_jieba_cuts_them(backend, text, hmm, words):
    assert zhnews.Tokenizer(hmm=hmm, backend=backend).cut(text) == words


_NUMBERISH = list("abcxyzABC0123456789.%+#&_- ,。") + ["社区", "增长", "版", "米", "c#", "u盘", "3.5", "\ud800"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(_NUMBERISH), min_size=1, max_size=12), hmm=st.booleans())
def test_the_fast_engine_cuts_numbers_letters_and_symbols_as_jieba(fast_and_jieba_engines, pieces, hmm):
    # Where the two differ by design of their HMM (rare characters) or a tie of the
    # route (第第第第) is left out; every number, symbol and Latin mix must match.
    fast, slow = fast_and_jieba_engines
    text = "".join(pieces)
    assert fast.cut(text, hmm) == slow.cut(text, hmm)


@pytest.fixture(scope="module")
def fast_and_jieba_engines():
    require_backend("jieba-fast")
    return zhnews.Tokenizer(backend="jieba-fast")._engine(), zhnews.Tokenizer(backend="jieba")._engine()


def test_lone_surrogates_are_tokens_of_their_own(backend):
    # json.loads('"\\ud800"') makes such strings; jieba-fast-dat's C++ cannot take them.
    tok = zhnews.Tokenizer(backend=backend)
    assert tok.cut("社区\ud800开展3.5%\udfff") == ["社区", "开展", "3.5%"]
    assert tok.cut_lines(["\ud800", "居民参加"]) == [[], ["居民", "参加"]]


def test_cut_lines_keeps_one_list_per_line(backend):
    tok = zhnews.Tokenizer(backend=backend)
    lines = ["社区开展消防演练。", "", "居民参加", "!!!"]
    out = tok.cut_lines(lines)
    assert len(out) == 4
    assert out[0] == tok.cut(lines[0]) and out[1] == [] and out[3] == []
    assert tok.cut_lines([]) == []
    assert tok.cut_lines(["第一行\n第二行"]) == [tok.cut("第一行 第二行")]  # a line break inside a line does not add a line


def test_cut_lines_with_carriage_returns(backend):
    # A title read from a CRLF file ends in "\r"; jieba cuts "\r" + the joining "\n"
    # as one token "\r\n", which used to lose a line (RuntimeError).
    tok = zhnews.Tokenizer(backend=backend)
    lines = ["消防演练\r", "居民\r\n参加\r", "\r"]
    assert tok.cut_lines(lines) == [tok.cut(line) for line in lines] == [["消防演练"], ["居民", "参加"], []]
    brief = zhnews.summarize("社区开展消防演练。居民踊跃参加。", title="消防演练\r", tokenizer=tok)
    assert brief.text


class _LineBreakMovingEngine:
    """An engine that glues every line break to the word before it, as no real one does."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.calls: list[str] = []

    def cut(self, text: str, hmm: bool) -> list[str]:
        self.calls.append(text)
        out: list[str] = []
        for tok in self.engine.cut(text, hmm):
            if tok == "\n" and out:
                out[-1] += tok
            else:
                out.append(tok)
        return out


def test_cut_lines_falls_back_to_one_line_at_a_time_when_an_engine_moves_a_line_break(backend, caplog):
    tok = zhnews.Tokenizer(backend=backend)
    lines = ["社区开展消防演练。", "居民参加", "", "三会一课"]
    expected = [tok.cut(line) for line in lines]
    tok._backend = moving = _LineBreakMovingEngine(tok._engine())
    with caplog.at_level("DEBUG", logger="zhnews"):
        assert tok.cut_lines(lines) == expected
    assert len(moving.calls) == 1 + len(lines)  # the one pass, then each line
    assert any("one by one" in r.getMessage() for r in caplog.records)


def test_pickle_round_trip_rebuilds_the_same_tokenizer(backend):
    tok = zhnews.Tokenizer(user_words=["梧桐湾议事厅"], hmm=False, backend=backend)
    tok.cut("预热")  # the engine exists now, and must not be pickled
    clone = pickle.loads(pickle.dumps(tok))
    assert clone == tok and clone._backend is None and clone.backend_name == backend
    text = "梧桐湾议事厅里，网格员和居民商量三会一课的安排。"
    assert clone.cut(text) == tok.cut(text)


def test_backend_property_is_the_libraries_own_tokenizer(backend):
    lib = zhnews.Tokenizer(backend=backend).backend
    assert type(lib).__module__.split(".")[0] == {"jieba": "jieba", "jieba-fast": "jieba_fast_dat"}[backend]


def test_import_and_first_use_print_nothing_and_log_to_a_null_handler(backend):
    result = run_python(
        """
        import logging, sys
        import zhnews
        assert "jieba" not in sys.modules, "jieba imported at import time"
        assert "jieba_fast_dat" not in sys.modules, "jieba_fast_dat imported at import time"
        handlers = logging.getLogger("zhnews").handlers
        assert [type(h).__name__ for h in handlers] == ["NullHandler"], handlers
        zhnews.summarize("本报讯 社区开展消防演练。居民踊跃参加。")
        zhnews.keywords("社区开展消防演练。")
        from zhnews.text.tokenize import default_tokenizer
        assert default_tokenizer().backend_name == sys.argv[1], default_tokenizer()
        """,
        backend,
        env={"ZHNEWS_TOKENIZER": backend},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_loading_logs_nothing_when_the_host_logs_everything(backend):
    # A host with DEBUG logging on the root would show the libraries' "Building prefix
    # dict…" records, were they not silenced while the dictionary loads.
    result = run_python(
        """
        import logging, sys
        logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, format="%(name)s: %(message)s")
        import zhnews
        zhnews.Tokenizer(backend=sys.argv[1]).cut("社区开展消防演练")
        """,
        backend,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_the_host_programs_jieba_is_left_as_it_was(backend):
    result = run_python(
        """
        import logging, sys, warnings
        warnings.simplefilter("ignore")
        import jieba
        jieba.initialize()
        logger = logging.getLogger("jieba")
        logger.setLevel(logging.INFO)
        before = (len(jieba.dt.FREQ), jieba.dt.total, logger.level, list(logger.handlers), jieba.lcut("三会一课和枫桥经验"))
        import zhnews
        zhnews.summarize("党支部落实三会一课，推广枫桥经验。", title="三会一课")
        zhnews.Tokenizer(user_words=["枫桥经验新解"], backend=sys.argv[1]).cut("枫桥经验新解")
        after = (len(jieba.dt.FREQ), jieba.dt.total, logger.level, list(logger.handlers), jieba.lcut("三会一课和枫桥经验"))
        assert before == after, (before, after)
        print("same")
        """,
        backend,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "same"


def test_the_host_programs_jieba_fast_dat_is_left_as_it_was():
    require_backend("jieba-fast")
    result = run_python(
        """
        import logging
        import jieba_fast_dat as jf
        import jieba_fast_dat.finalseg as finalseg
        jf.initialize()
        jf.lcut("预热")  # loads its HMM, which is the library's own shared constant
        logger, inner = logging.getLogger("jieba_fast_dat"), logging.getLogger("jieba_fast_dat.core.tokenizer")
        logger.setLevel(logging.INFO)
        inner.addHandler(logging.NullHandler())

        def state():
            return (
                jf.dt.total, jf.dt.dat.num_keys(), jf.dt.dictionary, dict(jf.dt.user_word_tag_tab),
                set(finalseg.Force_Split_Words), jf.cut is jf.dt.cut, jf.pool,
                logger.level, list(logger.handlers), inner.level, list(inner.handlers),
                jf.lcut("党支部落实三会一课，推广枫桥经验新解，增长3.5%"), jf.get_FREQ("三会一课"),
            )

        before = state()
        import zhnews
        zhnews.summarize("党支部落实三会一课，推广枫桥经验。", title="三会一课", tokenizer=zhnews.Tokenizer(backend="jieba-fast"))
        zhnews.Tokenizer(user_words=["枫桥经验新解"], backend="jieba-fast").cut("枫桥经验新解")
        after = state()
        assert before == after, (before, after)
        assert "jieba" not in __import__("sys").modules, "the fast backend imported jieba"
        print("same")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "same"


def test_word_probability_answers_from_the_dictionary_only(backend):
    tok = zhnews.Tokenizer(user_words=["梧桐湾议事厅"], backend=backend)
    assert tok.word_probability("工作") > tok.word_probability("对接") > 0.0
    assert tok.word_probability("梧桐湾议事厅") > 0.0  # the caller's words count
    assert tok.word_probability("三会一课") > 0.0  # and the domain terms
    assert tok.word_probability("调解工") == 0.0 == tok.word_probability("")
    assert tok.word_probability("ＡＢ") == tok.word_probability("ab")  # normalised first
    with pytest.raises(TypeError, match="word must be a str"):
        tok.word_probability(None)


def test_word_spans_are_the_substrings_with_a_probability(backend):
    tok = zhnews.Tokenizer(user_words=["梧桐湾议事厅"], backend=backend)
    for text in ("调解工作对接会", "社区物业小区", "梧桐湾议事厅开会", "b超检查3d打印", "工", "的的的"):
        brute = [(i, j) for i in range(len(text)) for j in range(i + 2, len(text) + 1) if tok.word_probability(text[i:j]) > 0.0]
        assert tok.word_spans(text) == brute, text
    assert tok.word_spans("") == []
    with pytest.raises(TypeError, match="text must be a str"):
        tok.word_spans(None)


def test_word_probability_is_the_same_on_both_backends():
    require_backend("jieba-fast")
    slow, fast = (zhnews.Tokenizer(user_words=["梧桐湾议事厅"], backend=name) for name in ("jieba", "jieba-fast"))
    words = ["工作", "对接", "的", "梧桐湾议事厅", "三会一课", "枫桥经验", "调解工", "中华人民", "工", "ab", "3.5%"]
    assert [fast.word_probability(w) for w in words] == pytest.approx([slow.word_probability(w) for w in words], rel=1e-6)


def test_one_character_is_a_word_exactly_when_it_is_alphanumeric():
    # is_word and cut_lines skip the search for one-character tokens on this ground
    from zhnews.text.tokenize import _WORD_CHAR, is_word

    differ = [cp for cp in range(0x110000) if chr(cp).isalnum() != (_WORD_CHAR.search(chr(cp)) is not None)]
    assert differ == []
    assert not is_word("_") and not is_word("，") and is_word("新") and is_word("_a") and not is_word("")


def test_cut_lines_keeps_one_list_per_line_when_a_line_holds_line_breaks():
    tok = zhnews.Tokenizer()
    lines = ["社区\n消防", "居民\r\n参加", "", "演练。"]
    assert tok.cut_lines(lines) == [tok.cut(line) for line in lines]
