"""NewsFeaturizer: the features, their TF-IDF arithmetic, settings and inputs."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

from zhnews import Document, Tokenizer
from zhnews.topics import NewsFeaturizer
from zhnews.topics.features import feature_label
from zhnews.topics.lexicon import CueCounter, topic_cues
from zhnews.labels import TOPICS

TEXTS = [
    ("消防演练进社区", "本报讯 社区开展消防演练。居民学习使用灭火器。"),
    ("法院开展普法宣传", "区法院法官走进社区开展普法宣传。居民咨询法律问题。"),
    ("", "志愿者在文明实践站开展志愿服务。社区开展消防演练。"),
    ("党支部开展主题党日", "社区党支部开展主题党日活动。党员学习党章。"),
]


def _names(featurizer: NewsFeaturizer) -> list[str]:
    return list(featurizer.get_feature_names_out())


def test_same_matrix_as_scikit_learn_tfidf_on_the_same_features():
    featurizer = NewsFeaturizer(min_df=1)
    matrix = featurizer.fit_transform(TEXTS)
    encoded = featurizer.encode(featurizer.documents(TEXTS))
    offset = 0
    for block, keys in (("words", featurizer.word_keys_), ("chars", featurizer.char_keys_)):
        reference = TfidfVectorizer(analyzer=lambda keys: keys, sublinear_tf=True, min_df=1, lowercase=False)
        expected = reference.fit_transform([[int(k) for k in getattr(e, block)] for e in encoded])
        order = [reference.vocabulary_[int(k)] for k in keys]
        ours = matrix[:, offset:offset + len(keys)].toarray()
        np.testing.assert_allclose(ours, expected[:, order].toarray(), atol=1e-12)
        offset += len(keys)
    assert offset == matrix.shape[1] == featurizer.n_features_out_


def test_rows_are_unit_length_per_block():
    featurizer = NewsFeaturizer(min_df=1)
    matrix = featurizer.fit_transform(TEXTS).toarray()
    words = len(featurizer.word_keys_)
    np.testing.assert_allclose(np.linalg.norm(matrix[:, :words], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(matrix[:, words:], axis=1), 1.0)


def test_feature_kinds_words_bigrams_title_cues_and_characters():
    featurizer = NewsFeaturizer(min_df=1).fit(TEXTS)
    names = set(_names(featurizer))
    assert {"word:消防演练", "word:学习 使用", "title:法院", "cue:safety", "title-cue:rule_of_law", "chars:演练"} <= names
    assert feature_label("title:法院") == "法院 (title)" and feature_label("cue:safety") == "safety cue words"


def test_bigrams_do_not_cross_sentences():
    featurizer = NewsFeaturizer(min_df=1, char_ngram_range=None, cues=False).fit(["社区居民观看演练。消防队员示范灭火。"])
    names = set(_names(featurizer))
    assert "word:观看 演练" in names and "word:消防队员 示范" in names
    assert "word:演练 消防队员" not in names


def test_stopwords_and_numbers_are_left_out():
    featurizer = NewsFeaturizer(min_df=1, char_ngram_range=None).fit(["我们的社区在2023年开展了演练。"])
    names = set(_names(featurizer))
    assert "word:的" not in names and "word:2023" not in names and "word:演练" in names


def test_switches_turn_blocks_off():
    featurizer = NewsFeaturizer(min_df=1, title=False, cues=False, char_ngram_range=None, ngram_range=(1, 1)).fit(TEXTS)
    names = _names(featurizer)
    assert names and all(n.startswith("word:") and " " not in n for n in names)
    assert featurizer.char_keys_.size == 0


def test_char_weight_scales_the_character_block():
    one = NewsFeaturizer(min_df=1).fit(TEXTS)
    two = NewsFeaturizer(min_df=1, char_weight=2.0).fit(TEXTS)
    words = len(one.word_keys_)
    a, b = one.transform(TEXTS).toarray(), two.transform(TEXTS).toarray()
    np.testing.assert_allclose(a[:, :words], b[:, :words])
    np.testing.assert_allclose(2 * a[:, words:], b[:, words:])


def test_min_df_drops_rare_features_and_is_capped_by_the_sample():
    featurizer = NewsFeaturizer(min_df=2, char_ngram_range=None).fit(TEXTS)
    names = set(_names(featurizer))
    assert "word:社区" in names and "word:灭火器" not in names
    assert NewsFeaturizer(min_df=50).fit(TEXTS[:1]).n_features_out_ > 0  # capped at 1 article


def test_unknown_words_give_an_empty_but_valid_row():
    featurizer = NewsFeaturizer(min_df=1, char_ngram_range=None, cues=False).fit(TEXTS)
    row = featurizer.transform(["量子计算机"])
    assert row.shape == (1, featurizer.n_features_out_) and row.nnz == 0


@pytest.mark.parametrize(
    "item",
    [
        "社区开展消防演练。",
        ("消防演练", "社区开展消防演练。"),
        {"title": "消防演练", "text": "社区开展消防演练。"},
        Document.from_text("社区开展消防演练。", title="消防演练"),
    ],
    ids=["str", "pair", "mapping", "document"],
)
def test_inputs_of_every_shape(item):
    featurizer = NewsFeaturizer(min_df=1).fit(TEXTS)
    assert featurizer.transform([item]).nnz > 0


def test_title_of_pair_mapping_and_document_agree():
    featurizer = NewsFeaturizer(min_df=1).fit(TEXTS)
    rows = [
        featurizer.transform([x]).toarray()
        for x in (
            ("消防演练", "社区开展消防演练。"),
            {"title": "消防演练", "text": "社区开展消防演练。"},
            Document.from_text("社区开展消防演练。", title="消防演练"),
        )
    ]
    np.testing.assert_array_equal(rows[0], rows[1])
    np.testing.assert_array_equal(rows[0], rows[2])


def test_bad_inputs_are_type_errors():
    featurizer = NewsFeaturizer(min_df=1).fit(TEXTS)
    with pytest.raises(TypeError, match="sequence of articles"):
        featurizer.transform("社区开展消防演练。")
    with pytest.raises(TypeError, match="got int"):
        featurizer.transform([42])


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"ngram_range": (1, 3)}, "ngram_range"),
        ({"ngram_range": (0, 1)}, "ngram_range"),
        ({"char_ngram_range": (1, 4)}, "char_ngram_range"),
        ({"char_ngram_range": "abc"}, "char_ngram_range"),
        ({"min_df": 0}, "min_df"),
        ({"char_weight": 0}, "char_weight"),
    ],
)
def test_invalid_settings_fail_in_fit_naming_the_setting(setting, message):
    with pytest.raises(ValueError, match=message):
        NewsFeaturizer(**setting).fit(TEXTS)


def test_fitting_on_nothing_is_refused():
    with pytest.raises(ValueError, match="no articles"):
        NewsFeaturizer().fit([])


def test_clone_and_pickle_keep_settings_and_state():
    featurizer = NewsFeaturizer(min_df=1, tokenizer=Tokenizer(user_words=["星湖社区"])).fit(TEXTS)
    assert clone(featurizer).get_params()["min_df"] == 1
    copy = pickle.loads(pickle.dumps(featurizer))
    np.testing.assert_array_equal(copy.transform(TEXTS).toarray(), featurizer.transform(TEXTS).toarray())


def test_fit_is_deterministic():
    a = NewsFeaturizer(min_df=1).fit(TEXTS)
    b = NewsFeaturizer(min_df=1).fit(list(TEXTS))
    assert a.tokens_ == b.tokens_
    np.testing.assert_array_equal(a.word_keys_, b.word_keys_)
    np.testing.assert_array_equal(a.char_idf_, b.char_idf_)


def test_cue_counter_counts_longest_terms_once():
    counter = CueCounter({"safety": ("隐患", "隐患排查"), "rule_of_law": ("普法",)})
    assert counter.count("开展隐患排查，发现隐患3处。普法") == {"safety": 2, "rule_of_law": 1}
    assert counter.count("") == {}


def test_shipped_cues_cover_every_topic_and_leave_ambiguous_words_out():
    cues = topic_cues()
    assert set(cues) == set(TOPICS) and all(len(terms) >= 20 for terms in cues.values())
    every = {t for terms in cues.values() for t in terms}
    assert not every & {"安全", "文明", "志愿", "党"}
