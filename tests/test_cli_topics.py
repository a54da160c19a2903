"""zhnews classify / analyze / evaluate / train on the command line."""

from __future__ import annotations

import json

from conftest import ROOT

from zhnews.cli import main
from zhnews.records import FIELDS

ARTICLE = ROOT / "examples" / "article.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_classify_prints_labels_and_probabilities(capsys):
    code, out, err = run(capsys, "classify", str(ARTICLE))
    assert code == 0 and err == ""
    first, *rest = out.splitlines()
    assert set(first.split()) <= {"party_building", "rule_of_law", "civilization_campaign", "safety", "other"}
    assert len(rest) == 4


def test_classify_json_with_explanations(capsys):
    code, out, _ = run(capsys, "classify", str(ARTICLE), "--json", "--explain", "--title", "社区节前安全检查")
    payload = json.loads(out)
    assert code == 0 and payload["labels"] and set(payload["probabilities"]) == {"party_building", "rule_of_law", "civilization_campaign", "safety"}
    assert set(payload["explain"]) == set(payload["labels"]) - {"other"}


def test_analyze_prints_one_batch_record(capsys):
    code, out, _ = run(capsys, "analyze", str(ARTICLE))
    record = json.loads(out)
    assert code == 0 and list(record) == list(FIELDS)
    assert record["status"] == "ok" and record["brief"] and record["keywords"]
    assert record["model"]["name"] == "news-topics"


def test_evaluate_on_the_corpus_test_split(capsys):
    code, out, _ = run(capsys, "evaluate", "--split", "test")
    assert code == 0 and "macro-F1" in out and "| safety |" in out


def test_evaluate_json_on_a_labelled_file(capsys, tmp_path):
    data = tmp_path / "dev.jsonl"
    data.write_text(json.dumps({"title": "", "text": "区消防救援大队开展消防安全检查，督促企业整改火灾隐患。", "labels": ["safety"]}, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "evaluate", "--data", str(data), "--json")
    assert code == 0 and json.loads(out)["per_label"]["safety"]["recall"] == 1.0


def test_a_bad_model_path_is_one_line_and_exit_1(capsys, tmp_path):
    code, out, err = run(capsys, "classify", str(ARTICLE), "--model", str(tmp_path / "nope"))
    assert code == 1 and out == "" and err.count("\n") == 1 and "no such model folder" in err


def test_train_refuses_a_bad_dev_set_option(capsys, tmp_path):
    code, _, err = run(capsys, "train", "--out", str(tmp_path / "m"), "--dev-set", "nonsense")
    assert code == 2 and "NAME=FILE" in err
