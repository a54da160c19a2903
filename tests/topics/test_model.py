"""TopicClassifier: the scikit-learn contract, labels, thresholds, calibration, explanations."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline

import zhnews
from zhnews.topics import NewsFeaturizer, TopicClassifier
from zhnews.topics.model import THRESHOLD_GRID, label_matrix, macro_f1
from zhnews.labels import TOPICS

FIRE = ("社区开展消防演练", "本报讯 星湖社区开展高层住宅消防应急演练，消防救援站5分钟到场扑灭明火，居民学习使用灭火器和逃生技能。")


def test_predict_gives_label_tuples_and_other_when_none_fires(small_model, small_set):
    X, _ = small_set
    predicted = small_model.predict(X[:20])
    assert len(predicted) == 20 and all(isinstance(p, tuple) and p for p in predicted)
    for labels in predicted:
        assert labels == ("other",) or set(labels) <= set(TOPICS)
    strict = clone(small_model).set_params(thresholds=0.99).fit(*small_set)
    assert ("other",) in strict.predict(X[:20])


def test_it_learns_the_topics(small_model):
    assert "safety" in small_model.predict([FIRE])[0]
    assert "rule_of_law" in small_model.predict([("法院审理诈骗案件", "区人民法院公开开庭审理一起电信诈骗案件，被告人当庭认罪，法官向旁听群众普法。")])[0]


def test_probabilities_and_scores(small_model, small_set):
    X, _ = small_set
    probabilities = small_model.predict_proba(X[:10])
    scores = small_model.decision_function(X[:10])
    assert probabilities.shape == scores.shape == (10, 4)
    assert np.all((probabilities >= 0) & (probabilities <= 1))
    order = np.argsort(scores[:, 0])
    assert np.all(np.diff(probabilities[order, 0]) >= -1e-12)  # calibration is monotone
    assert list(small_model.classes_) == list(TOPICS)


def test_thresholds_are_tuned_by_cross_validation_within_the_grid(small_model):
    assert small_model.thresholds_.shape == (4,)
    assert np.all((small_model.thresholds_ >= 0.05) & (small_model.thresholds_ <= 0.95))
    assert small_model.oof_probabilities_.shape[1] == 4


def test_default_thresholds_are_half_the_best_out_of_fold_f1(small_set, small_model):
    truth = label_matrix(small_set[1])
    for j in range(len(TOPICS)):
        probabilities = small_model.oof_probabilities_[:, j]
        best = max(
            2 * np.sum((probabilities >= t) & (truth[:, j] == 1)) / (np.sum(probabilities >= t) + truth[:, j].sum())
            for t in THRESHOLD_GRID
        )
        assert small_model.thresholds_[j] == pytest.approx(best / 2, abs=1e-4)
    assert np.all(small_model.thresholds_ <= 0.5)


def test_best_f1_rule_takes_the_threshold_where_out_of_fold_f1_peaks(small_set, small_model):
    model = clone(small_model).set_params(threshold_rule="best-f1").fit(*small_set)
    truth = label_matrix(small_set[1])
    np.testing.assert_array_equal(model.oof_probabilities_, small_model.oof_probabilities_)  # same folds, same scores
    for j in range(len(TOPICS)):
        probabilities = model.oof_probabilities_[:, j]
        assert model.thresholds_[j] in THRESHOLD_GRID
        f1 = [macro_f1(truth[:, [j]], (probabilities >= t).astype(int).reshape(-1, 1)) for t in THRESHOLD_GRID]
        assert f1[list(THRESHOLD_GRID).index(model.thresholds_[j])] == pytest.approx(max(f1))


@pytest.mark.parametrize("thresholds", [0.3, [0.3, 0.4, 0.5, 0.6], {"safety": 0.2}])
def test_thresholds_parameter_sets_them(small_set, small_model, thresholds):
    model = clone(small_model).set_params(thresholds=thresholds).fit(*small_set)
    if isinstance(thresholds, dict):
        assert model.thresholds_[3] == 0.2
        np.testing.assert_array_equal(model.thresholds_[:3], small_model.thresholds_[:3])
    else:
        np.testing.assert_allclose(model.thresholds_, np.broadcast_to(thresholds, 4))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"thresholds": 1.5}, "in \\(0, 1\\)"),
        ({"thresholds": {"sports": 0.5}}, "unknown topic"),
        ({"thresholds": [0.5, 0.5]}, "thresholds must be"),
        ({"C": 0}, "C must be"),
        ({"class_weight": "heavy"}, "class_weight"),
        ({"cv": 1}, "cv must be"),
        ({"threshold_rule": "argmax"}, "threshold_rule must be"),
    ],
)
def test_invalid_settings_fail_in_fit_naming_them(small_set, params, message):
    X, y = small_set
    with pytest.raises(ValueError, match=message):
        TopicClassifier(**params).fit(X, y)


def test_bad_labels_are_refused(small_set):
    X, y = small_set
    with pytest.raises(ValueError, match="unknown label"):
        TopicClassifier(cv=2).fit(X[:4], [("sports",)] * 4)
    with pytest.raises(ValueError, match="'other' cannot be combined"):
        TopicClassifier(cv=2).fit(X[:2], [("other", "safety"), ("safety",)])
    with pytest.raises(ValueError, match="label sets"):
        TopicClassifier(cv=2).fit(X[:5], y[:4])
    with pytest.raises(ValueError, match="needs articles with and without it"):
        TopicClassifier(cv=2).fit(X[:6], [("safety",)] * 6)


def test_fit_is_deterministic(small_set):
    X, y = small_set
    a = TopicClassifier(cv=2).fit(X[:120], y[:120])
    b = TopicClassifier(cv=2).fit(X[:120], y[:120])
    np.testing.assert_array_equal(a.coef_, b.coef_)
    np.testing.assert_array_equal(a.thresholds_, b.thresholds_)
    np.testing.assert_array_equal(a.calibration_, b.calibration_)


def test_sklearn_contract_params_clone_pipeline_and_grid_search(small_set):
    X, y = small_set
    model = TopicClassifier(NewsFeaturizer(char_ngram_range=None), C=3.0, cv=2)
    params = model.get_params()
    assert params["C"] == 3.0 and params["featurizer__char_ngram_range"] is None
    model.set_params(featurizer__min_df=1, C=5.0)
    assert clone(model).get_params()["featurizer__min_df"] == 1 and clone(model).C == 5.0
    pipeline = Pipeline([("topics", TopicClassifier(NewsFeaturizer(char_ngram_range=None), cv=2))]).fit(X[:120], y[:120])
    assert len(pipeline.predict(X[:3])) == 3
    search = GridSearchCV(
        TopicClassifier(NewsFeaturizer(char_ngram_range=None), cv=2),
        {"C": [1.0, 10.0]},
        cv=KFold(2, shuffle=True, random_state=0),
    ).fit(X[:160], y[:160])
    assert search.best_params_["C"] in (1.0, 10.0) and 0 <= search.best_score_ <= 1


def test_score_is_macro_f1(small_model, small_set):
    X, y = small_set
    expected = macro_f1(label_matrix(y[:60]), label_matrix(small_model.predict(X[:60])))
    assert small_model.score(X[:60], y[:60]) == pytest.approx(expected)


def test_topics_explain_the_chosen_labels_with_terms_of_the_article(small_model):
    [topics] = small_model.topics([FIRE])
    assert "safety" in topics.labels and set(topics.probabilities) == set(TOPICS)
    explained = topics.explain(top_k=3)
    assert set(explained) == set(topics.labels) - {"other"}
    terms = explained["safety"]
    assert 1 <= len(terms) <= 3
    weights = [w for _, w in terms]
    assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
    words = [t.split(" (")[0].strip("“”") for t, _ in terms]
    assert any(w in FIRE[0] + FIRE[1] or w.endswith("cue words") for w in words)
    with pytest.raises(ValueError, match="top_k"):
        topics.explain(top_k=0)


def test_other_articles_have_nothing_to_explain(small_model, small_set):
    model = clone(small_model).set_params(thresholds=0.999).fit(*small_set)
    [topics] = model.topics(["今天天气晴，最高气温25度。"])
    assert topics.labels == ("other",) and topics.explain() == {}


def test_label_matrix_and_macro_f1():
    y = label_matrix([("safety",), ("other",), ("party_building", "rule_of_law")])
    assert y.tolist() == [[0, 0, 0, 1], [0, 0, 0, 0], [1, 1, 0, 0]]
    assert macro_f1(y, y) == 1.0
    assert macro_f1(y, np.zeros_like(y)) == pytest.approx(0.25)  # civilization: no article either way counts 1


def test_top_level_names_are_lazy_and_public():
    assert zhnews.TopicClassifier is TopicClassifier and "TopicClassifier" in zhnews.__all__
    with pytest.raises(AttributeError):
        zhnews.no_such_name  # noqa: B018
