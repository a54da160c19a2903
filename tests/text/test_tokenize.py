"""The tokenizer: domain dictionary, user words, pickling, and jieba left untouched."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

import pytest

import zhnews
from zhnews.errors import InputError
from zhnews.text.tokenize import _import_jieba, _quiet_jieba, domain_terms, stopwords

TOPIC_WORDS = ["安全", "文明", "党员", "党委", "法院", "消防", "调解", "志愿", "普法", "隐患", "检察院", "派出所"]


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


def test_every_domain_term_is_kept_whole_by_zhnews():
    tok = zhnews.Tokenizer()
    split = [t for t in domain_terms() if tok.cut(t) != [t]]
    assert split == []


def test_domain_terms_can_be_switched_off():
    assert zhnews.Tokenizer(domain_terms=False).cut("三会一课") != ["三会一课"]


def test_stopwords_hold_function_words_but_no_topic_words():
    stop = stopwords()
    assert {"的", "了", "本报讯", "记者"} <= stop
    assert not stop & set(TOPIC_WORDS)
    assert not stop & set(domain_terms())


def test_user_words_are_kept_whole():
    word = "梧桐湾议事厅"
    assert zhnews.Tokenizer().cut(word) != [word]
    assert zhnews.Tokenizer(user_words=[word]).cut(f"居民来到{word}商量事情") == ["居民", "来到", word, "商量", "事情"]


def test_user_dict_file_utf8_and_gb18030(tmp_path):
    path = tmp_path / "words.txt"
    path.write_bytes("# 本地词\n梧桐湾议事厅 10 n\n\n青溪河长廊\n".encode("gb18030"))
    tok = zhnews.Tokenizer(user_dict=path)
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


def test_cut_normalises_and_drops_punctuation():
    assert zhnews.Tokenizer().cut("ＧＤＰ增长３.５％，\u200b好！") == ["gdp", "增长", "3.5%", "好"]


def test_cut_lines_keeps_one_list_per_line():
    tok = zhnews.Tokenizer()
    lines = ["社区开展消防演练。", "", "居民参加", "!!!"]
    out = tok.cut_lines(lines)
    assert len(out) == 4
    assert out[0] == tok.cut(lines[0]) and out[1] == [] and out[3] == []
    assert tok.cut_lines([]) == []
    assert tok.cut_lines(["第一行\n第二行"]) == [tok.cut("第一行 第二行")]  # a line break inside a line does not add a line


def test_pickle_round_trip_rebuilds_the_same_tokenizer():
    tok = zhnews.Tokenizer(user_words=["梧桐湾议事厅"], hmm=False)
    tok.cut("预热")  # the jieba instance exists now, and must not be pickled
    clone = pickle.loads(pickle.dumps(tok))
    assert clone == tok and clone._backend is None
    text = "梧桐湾议事厅里，网格员和居民商量三会一课的安排。"
    assert clone.cut(text) == tok.cut(text)


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_import_and_first_use_print_nothing_and_log_to_a_null_handler():
    result = _run(
        """
        import logging, sys
        import zhnews
        assert "jieba" not in sys.modules, "jieba imported at import time"
        handlers = logging.getLogger("zhnews").handlers
        assert [type(h).__name__ for h in handlers] == ["NullHandler"], handlers
        zhnews.summarize("本报讯 社区开展消防演练。居民踊跃参加。")
        zhnews.keywords("社区开展消防演练。")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_the_host_programs_jieba_is_left_as_it_was():
    result = _run(
        """
        import logging, warnings
        warnings.simplefilter("ignore")
        import jieba
        jieba.initialize()
        logger = logging.getLogger("jieba")
        logger.setLevel(logging.INFO)
        before = (len(jieba.dt.FREQ), jieba.dt.total, logger.level, list(logger.handlers), jieba.lcut("三会一课和枫桥经验"))
        import zhnews
        zhnews.summarize("党支部落实三会一课，推广枫桥经验。", title="三会一课")
        zhnews.Tokenizer(user_words=["枫桥经验新解"]).cut("枫桥经验新解")
        after = (len(jieba.dt.FREQ), jieba.dt.total, logger.level, list(logger.handlers), jieba.lcut("三会一课和枫桥经验"))
        assert before == after, (before, after)
        print("same")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "same"


def test_word_probability_answers_from_the_dictionary_only():
    tok = zhnews.Tokenizer(user_words=["梧桐湾议事厅"])
    assert tok.word_probability("工作") > tok.word_probability("对接") > 0.0
    assert tok.word_probability("梧桐湾议事厅") > 0.0  # the caller's words count
    assert tok.word_probability("三会一课") > 0.0  # and the domain terms
    assert tok.word_probability("调解工") == 0.0 == tok.word_probability("")
    assert tok.word_probability("ＡＢ") == tok.word_probability("ab")  # normalised first
    with pytest.raises(TypeError, match="word must be a str"):
        tok.word_probability(None)
