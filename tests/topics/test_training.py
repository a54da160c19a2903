"""zhnews train / evaluate: metrics, determinism, model card, labelled files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from zhnews.topics.model import label_matrix
from zhnews.topics.training import metrics_from, read_labelled, train
from zhnews.corpus import load_corpus
from zhnews.errors import InputError


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    """A corpus folder of 200 real corpus records (their splits kept)."""
    folder = tmp_path_factory.mktemp("corpus")
    rows = []
    for a in load_corpus()[::5][:200]:
        rows.append(json.dumps({
            "id": a.id, "title": a.title, "text": a.text, "labels": list(a.labels), "subject": a.subject,
            "brief": a.brief, "kind": a.kind, "hard": a.hard, "split": a.split,
        }, ensure_ascii=False))
    (folder / "batch-01.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "splits.tsv").write_text("".join(f"{json.loads(r)['id']}\t{json.loads(r)['split']}\n" for r in rows))
    return folder


def test_training_is_deterministic_and_writes_a_card(small_corpus, tmp_path):
    dev = tmp_path / "dev.jsonl"
    dev.write_text(json.dumps({"text": "社区开展消防演练。", "labels": ["safety"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    _, report_a = train(small_corpus, tmp_path / "a", name="mini-model", dev_sets={"mini": dev})
    train(small_corpus, tmp_path / "b", name="mini-model", dev_sets={"mini": dev})
    files_a = {p.name: p.read_bytes() for p in sorted((tmp_path / "a").iterdir())}
    files_b = {p.name: p.read_bytes() for p in sorted((tmp_path / "b").iterdir())}
    assert files_a == files_b
    assert set(report_a) == {"test", "mini"} and report_a["mini"]["n"] == 1
    card = (tmp_path / "a" / "MODEL.md").read_text(encoding="utf-8")
    assert "corpus test split" in card and "mini (real, never trained on)" in card
    assert "at half the best out-of-fold F1" in card and "a little optimistic" in card
    meta = json.loads((tmp_path / "a" / "model.json").read_text(encoding="utf-8"))
    assert meta["name"] == "mini-model" and meta["corpus"]["trained_on"] + meta["corpus"]["test"] == 200


def test_metrics_by_hand():
    truth = label_matrix([("safety",), ("other",), ("rule_of_law", "safety"), ("party_building",)])
    predicted = label_matrix([("safety",), ("safety",), ("rule_of_law",), ("party_building",)])
    probabilities = predicted.astype(float)
    m = metrics_from(truth, predicted, probabilities)
    safety = m.per_label["safety"]
    assert safety["precision"] == 0.5 and safety["recall"] == 0.5 and safety["f1"] == 0.5
    assert safety["brier"] == pytest.approx(0.5)
    assert m.per_label["civilization_campaign"]["f1"] == 1.0  # nothing to find, nothing found
    assert m.exact_match == 0.5
    assert m.micro_f1 == pytest.approx(2 * 3 / (4 + 4))
    assert m.macro_f1 == pytest.approx(np.mean([1.0, 1.0, 1.0, 0.5]))
    assert "| safety | 0.500 |" in m.table()


def test_read_labelled_names_file_and_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "a", "labels": ["safety"]}\n{"text": "b"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.jsonl:2"):
        read_labelled(path)
    path.write_text('{"text": "a", "labels": ["sport"]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown label"):
        read_labelled(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no labelled articles"):
        read_labelled(path)


def test_the_name_defaults_to_the_folder(small_corpus, tmp_path):
    train(small_corpus, tmp_path / "my-model")
    assert json.loads((tmp_path / "my-model" / "model.json").read_text(encoding="utf-8"))["name"] == "my-model"
    card = (tmp_path / "my-model" / "MODEL.md").read_text(encoding="utf-8")
    assert "a little optimistic" not in card  # no development set was reported
    assert json.loads((tmp_path / "my-model" / "model.json").read_text(encoding="utf-8"))["classifier"]["threshold_rule"] == "half-f1"
