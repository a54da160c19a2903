"""The labelled corpus: the real corpus's invariants, the loader, splits and stats.

The first group of tests checks the real ``corpus/`` folder at every commit.
Set ``ZHNEWS_CORPUS`` to check another folder instead (a snapshot copy, for
instance, while writers are still appending to the real files). The other
tests build small corpora in ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import ROOT

from zhnews.corpus import (
    KINDS,
    LABELS,
    OTHER,
    SPLITS,
    Article,
    assign_splits,
    check_targets,
    corpus_hash,
    corpus_stats,
    default_corpus_path,
    load_corpus,
    load_splits,
    main,
)
from zhnews.errors import InputError

CORPUS = Path(os.environ.get("ZHNEWS_CORPUS") or ROOT / "corpus")

BRIEF_MIN, BRIEF_MAX = 40, 120
MAX_SHARED_5GRAMS = 0.35


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def record(ident: str, labels: Sequence[str] = ("safety",), **fields: object) -> dict:
    """A valid corpus record; override any field by keyword."""
    first = labels[0] if isinstance(labels, (list, tuple)) and labels and isinstance(labels[0], str) else "safety"
    subject = fields.pop("subject", "economy" if first == OTHER else first)
    base = {
        "id": ident,
        "title": f"标题{ident}",
        "text": f"正文{ident}。" * 20,
        "labels": list(labels) if isinstance(labels, (list, tuple)) else labels,
        "subject": subject,
        "brief": "某地某部门某日开展某项工作并取得了某种结果，这是一条写给新闻摘要的简讯，长度在四十字以上。",
        "kind": "article",
        "hard": False,
    }
    base.update(fields)
    return base


def write_jsonl(path: Path, records: Sequence[dict | str]) -> Path:
    """Write records (dicts, or raw lines as str) one per line."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def article(ident: str, labels: Sequence[str] = ("safety",), split: str | None = None) -> Article:
    return Article(ident, "t", "x" * 100, tuple(labels), labels[0], "b", "article", False, split)


def grams5(text: str) -> set[str]:
    s = "".join(text.split())
    return {s[i:i + 5] for i in range(len(s) - 4)}


def most_similar_pair(articles: Sequence[Article]) -> tuple[float, str, str]:
    """The pair of articles sharing the largest share of 5-grams (Jaccard).

    An inverted index from 5-gram to the articles seen so far finds, for each
    article, every earlier article sharing at least one 5-gram, with the size
    of the intersection; pairs sharing nothing are never looked at.
    """
    index: dict[str, list[int]] = {}
    sets: list[set[str]] = []
    worst = (0.0, "", "")
    for i, a in enumerate(articles):
        grams = grams5(a.text)
        sets.append(grams)
        shared: Counter[int] = Counter()
        for g in grams:
            postings = index.get(g)
            if postings:
                shared.update(postings)
        for j, n in shared.items():
            jaccard = n / (len(grams) + len(sets[j]) - n)
            if jaccard > worst[0]:
                worst = (jaccard, articles[j].id, a.id)
        for g in grams:
            index.setdefault(g, []).append(i)
    return worst


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- #
# The real corpus
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return load_corpus(CORPUS)


def test_corpus_loads_with_known_labels_and_kinds(corpus):
    assert corpus, f"{CORPUS} holds no articles"
    for a in corpus:
        assert a.labels and set(a.labels) <= {*LABELS, OTHER}, a.id
        assert OTHER not in a.labels or a.labels == (OTHER,), f"{a.id}: 'other' combined with a topic"
        assert a.kind in KINDS, a.id


def test_every_record_has_its_locked_split(corpus):
    locked = load_splits(CORPUS)
    unassigned = [a.id for a in corpus if a.split is None]
    assert not unassigned, f"{len(unassigned)} record(s) without split, e.g. {unassigned[:5]}: run 'python -m zhnews.corpus assign-splits'"
    not_locked = [a.id for a in corpus if a.id not in locked]
    assert not not_locked, f"{len(not_locked)} record(s) missing from splits.tsv, e.g. {not_locked[:5]}"
    changed = [(a.id, a.split, locked[a.id]) for a in corpus if a.split != locked[a.id]]
    assert not changed, f"split differs from splits.tsv (id, record, lock): {changed[:5]}"


def test_every_row_of_splits_tsv_names_a_record(corpus):
    ids = {a.id for a in corpus}
    orphans = [i for i in load_splits(CORPUS) if i not in ids]
    assert not orphans, f"splits.tsv rows without a record: {orphans[:5]}"


def test_briefs_are_40_to_120_characters_and_shorter_than_the_text(corpus):
    bad = [
        (a.id, len(a.brief), len(a.text))
        for a in corpus
        if not BRIEF_MIN <= len(a.brief) <= BRIEF_MAX or len(a.brief) >= len(a.text)
    ]
    assert not bad, f"briefs out of range (id, brief length, text length): {bad[:10]}"


def test_no_two_articles_share_many_5grams(corpus):
    jaccard, first, second = most_similar_pair(corpus)
    assert jaccard <= MAX_SHARED_5GRAMS, (
        f"{first} and {second} share {jaccard:.0%} of their character 5-grams "
        f"(limit {MAX_SHARED_5GRAMS:.0%}): a copy or a template variant?"
    )


def test_size_and_balance_targets(corpus):
    missed = [f"{t.name}: {t.current} (target {t.target})" for t in check_targets(corpus) if not t.met]
    assert not missed, "corpus targets missed:\n" + "\n".join(missed)


# --------------------------------------------------------------------------- #
# The near-duplicate check itself
# --------------------------------------------------------------------------- #


def test_most_similar_pair_finds_a_near_copy():
    base = "市应急管理局今天组织全市危险化学品企业开展隐患排查，检查组深入生产车间和仓库逐项核对。"
    arts = [
        Article("a", "", base, ("safety",), "safety", "b", "article", False),
        Article("b", "", "区法院今天公开审理一起合同纠纷案件，邀请人大代表旁听庭审。", ("rule_of_law",), "rule_of_law", "b", "article", False),
        Article("c", "", base.replace("今天", "昨天"), ("safety",), "safety", "b", "article", False),
    ]
    jaccard, first, second = most_similar_pair(arts)
    assert (first, second) == ("a", "c") and jaccard > MAX_SHARED_5GRAMS


def test_most_similar_pair_of_unrelated_texts_is_zero():
    arts = [article("a"), Article("b", "", "完全不同的内容在这里出现", ("safety",), "safety", "b", "article", False)]
    assert most_similar_pair(arts)[0] == 0.0


# --------------------------------------------------------------------------- #
# Loader
# --------------------------------------------------------------------------- #


def test_load_reads_files_in_name_order_and_records_in_file_order(tmp_path):
    write_jsonl(tmp_path / "b.jsonl", [record("b1"), record("b2")])
    write_jsonl(tmp_path / "a.jsonl", [record("a2"), record("a1", [OTHER])])
    (tmp_path / "notes.txt").write_text("not a corpus file", encoding="utf-8")
    arts = load_corpus(tmp_path)
    assert [a.id for a in arts] == ["a2", "a1", "b1", "b2"]
    a1 = arts[1]
    assert a1.labels == (OTHER,) and a1.subject == "economy" and a1.split is None and a1.hard is False


def test_load_builds_articles_with_every_field(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [record("x", ["safety", "rule_of_law"], title="", kind="photo", hard=True, split="dev")])
    (a,) = load_corpus(tmp_path)
    assert a == Article("x", "", "正文x。" * 20, ("safety", "rule_of_law"), "safety", a.brief, "photo", True, "dev")
    assert a.label_set == ("rule_of_law", "safety")
    with pytest.raises(AttributeError):
        a.split = "train"  # type: ignore[misc]


def test_load_tolerates_blank_lines_and_a_missing_final_newline(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("a")) + "\n\n" + json.dumps(record("b")), encoding="utf-8")
    assert [a.id for a in load_corpus(tmp_path)] == ["a", "b"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "title"', "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (record("x", text=None), "field 'text' must be a string, not null"),
        (record("x", hard="yes"), "field 'hard' must be true or false"),
        (record("x", hard=1), "field 'hard' must be true or false"),
        (record("x", labels="safety"), "field 'labels' must be a list"),
        (record("x", labels=[1]), "a label must be a string"),
        (record("x", labels=["sports"]), "unknown label 'sports'"),
        (record("x", labels=["other", "safety"], subject="safety"), "'other' combined with a topic"),
        (record("x", labels=[]), "empty labels"),
        (record("x", labels=["safety", "safety"]), "repeated label"),
        (record("x", kind="essay"), "unknown kind 'essay'"),
        (record("x", split="validation"), "unknown split 'validation'"),
        (record("x", split=None), "field 'split' must be a string, not null"),
        (record("x", text="  "), "field 'text' is empty"),
        (record("x", id="a b"), "contains whitespace"),
        (record("x", ["safety"], subject="rule_of_law"), "subject 'rule_of_law' is not one of its labels"),
        (record("x", [OTHER], subject="safety"), "needs its field as subject"),
        (record("x", source="web"), "unknown field(s): source"),
        ({k: v for k, v in record("x").items() if k not in ("brief", "kind")}, "missing field(s): brief, kind"),
    ],
)
def test_load_names_file_and_line_of_a_bad_record(tmp_path, line, message):
    path = write_jsonl(tmp_path / "c.jsonl", [record("ok1"), record("ok2"), line])
    with pytest.raises(InputError, match="c.jsonl:3") as info:
        load_corpus(tmp_path)
    assert message in str(info.value)
    assert info.value.source == f"{path}:3"


def test_load_hints_at_a_half_written_last_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("a")) + "\n" + json.dumps(record("b"))[:40], encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.jsonl:2: not valid JSON.*half-written"):
        load_corpus(tmp_path)


def test_load_refuses_bytes_that_are_not_utf8(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(json.dumps(record("a"), ensure_ascii=False).encode("gb18030") + b"\n")
    with pytest.raises(InputError, match=r"a\.jsonl:1: not UTF-8"):
        load_corpus(tmp_path)


def test_load_refuses_a_duplicate_id_naming_both_places(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [record("x")])
    write_jsonl(tmp_path / "b.jsonl", [record("y"), record("x")])
    with pytest.raises(InputError, match=r"b\.jsonl:2: duplicate id 'x' \(first at .*a\.jsonl:1\)"):
        load_corpus(tmp_path)


def test_load_refuses_a_missing_folder_or_one_without_jsonl(tmp_path):
    with pytest.raises(InputError, match="no such corpus folder"):
        load_corpus(tmp_path / "absent")
    with pytest.raises(InputError, match=r"no \*\.jsonl files"):
        load_corpus(tmp_path)
    write_jsonl(tmp_path / "a.jsonl", [record("a")])
    with pytest.raises(InputError, match="not a folder"):
        load_corpus(tmp_path / "a.jsonl")


def test_default_path_is_the_repository_corpus():
    assert default_corpus_path() == (ROOT / "corpus").resolve()


def test_default_path_error_says_where_it_looked(monkeypatch, tmp_path):
    import zhnews.corpus as module

    monkeypatch.setattr(module, "__file__", str(tmp_path / "src" / "zhnews" / "corpus.py"))
    with pytest.raises(InputError, match="pass path=") as info:
        load_corpus()
    assert info.value.source == str(tmp_path / "corpus")


def test_split_filter(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl",
        [record("a", split="train"), record("b", split="dev"), record("c", split="test"), record("d")],
    )
    assert [a.id for a in load_corpus(tmp_path, split="dev")] == ["b"]
    assert [a.id for a in load_corpus(tmp_path, split=("train", "test"))] == ["a", "c"]
    assert [a.id for a in load_corpus(tmp_path)] == ["a", "b", "c", "d"]
    with pytest.raises(ValueError, match="split='validation'"):
        load_corpus(tmp_path, split="validation")
    with pytest.raises(ValueError, match="split= is empty"):
        load_corpus(tmp_path, split=())


def test_split_filter_still_validates_the_whole_corpus(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [record("a", split="dev"), record("b", kind="essay")])
    with pytest.raises(InputError, match="unknown kind"):
        load_corpus(tmp_path, split="dev")


def test_corpus_hash_covers_names_and_bytes_of_jsonl_files_only(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [record("a")])
    first = corpus_hash(tmp_path)
    assert len(first) == 64 and first == corpus_hash(tmp_path)
    (tmp_path / "splits.tsv").write_text("a\ttrain\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# corpus\n", encoding="utf-8")
    assert corpus_hash(tmp_path) == first
    (tmp_path / "a.jsonl").rename(tmp_path / "b.jsonl")
    renamed = corpus_hash(tmp_path)
    assert renamed != first
    write_jsonl(tmp_path / "b.jsonl", [record("a", hard=True)])
    assert corpus_hash(tmp_path) not in (first, renamed)


# --------------------------------------------------------------------------- #
# assign_splits
# --------------------------------------------------------------------------- #


def test_assign_splits_golden_sequence_of_one_label_set():
    arts = [article(f"a{i}") for i in range(10)]
    got = assign_splits(arts)
    assert list(got) == [a.id for a in arts]
    assert list(got.values()) == ["train", "train", "dev", "train", "test", "train", "train", "train", "dev", "train"]


def test_assign_splits_is_deterministic():
    arts = [article(f"a{i}", [LABELS[i % 3]] if i % 5 else [OTHER]) for i in range(60)]
    assert assign_splits(arts) == assign_splits(list(arts))


def test_assign_splits_hits_70_15_15_in_every_label_set():
    sets = [("safety",), (OTHER,), ("party_building", "rule_of_law"), ("rule_of_law", "party_building")]
    arts = [article(f"a{i}", sets[i % 4]) for i in range(400)]
    got = assign_splits(arts)
    by_set: dict[tuple[str, ...], Counter[str]] = {}
    for a in arts:
        by_set.setdefault(a.label_set, Counter())[got[a.id]] += 1
    assert by_set[("safety",)] == Counter(train=70, dev=15, test=15)
    assert by_set[(OTHER,)] == Counter(train=70, dev=15, test=15)
    # Label order does not matter: both orders are one stratum of 200.
    assert by_set[("party_building", "rule_of_law")] == Counter(train=140, dev=30, test=30)


def test_assign_splits_stays_close_to_target_at_every_prefix():
    arts = [article(f"a{i}") for i in range(137)]
    counts: Counter[str] = Counter()
    for n, split in enumerate(assign_splits(arts).values(), start=1):
        counts[split] += 1
        for s, share in (("train", 0.70), ("dev", 0.15), ("test", 0.15)):
            assert abs(counts[s] - share * n) < 1, (n, counts)


def test_assign_splits_never_changes_assigned_and_counts_them():
    old = [article(f"old{i}", split="test") for i in range(3)]
    new = [article(f"new{i}") for i in range(7)]
    got = assign_splits([*old, *new])
    assert set(got) == {a.id for a in new}
    # Three tests are already there: of the ten, train lacks seven and dev one.
    assert Counter(got.values()) == Counter(train=6, dev=1)
    assert all(got[a.id] != "test" for a in new)
    # Assigned records later in the corpus count too.
    got = assign_splits([article("n1"), article("o1", split="train")])
    assert got == {"n1": "train"}  # 2 * 0.7 - 1 = 0.4 > 0.3
    got = assign_splits([article("n1"), *(article(f"o{i}", split="train") for i in range(2))])
    assert got == {"n1": "dev"}


def test_assign_splits_strata_are_independent():
    arts = [article("s1"), article("o1", [OTHER]), article("s2"), article("o2", [OTHER]), article("s3")]
    got = assign_splits(arts)
    assert [got[i] for i in ("s1", "s2", "s3")] == ["train", "train", "dev"]
    assert [got[i] for i in ("o1", "o2")] == ["train", "train"]


# --------------------------------------------------------------------------- #
# assign-splits command and the lock file
# --------------------------------------------------------------------------- #


def test_assign_splits_command_writes_records_and_lock(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record(f"a{i}") for i in range(5)])
    write_jsonl(tmp_path / "b.jsonl", [record("b0", [OTHER], split="dev")])
    before_b = (tmp_path / "b.jsonl").read_bytes()
    before_lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    code, out, err = run(capsys, "assign-splits", str(tmp_path))
    assert code == 0 and err == ""
    assert "assigned 5 split(s) (train 3, dev 1, test 1); 6 row(s) added" in out
    after = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    for old, new in zip(before_lines, after, strict=True):
        assert new.startswith(old[:-1]) and list(json.loads(new)) == [*json.loads(old), "split"]
    assert [json.loads(line)["split"] for line in after] == ["train", "train", "dev", "train", "test"]
    assert (tmp_path / "b.jsonl").read_bytes() == before_b  # nothing to add there: untouched
    lock = (tmp_path / "splits.tsv").read_text(encoding="utf-8")
    assert lock.startswith("#") and "never changes" in lock
    assert load_splits(tmp_path) == {"a0": "train", "a1": "train", "a2": "dev", "a3": "train", "a4": "test", "b0": "dev"}
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind


def test_assign_splits_command_is_idempotent_and_only_adds(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record(f"a{i}") for i in range(4)])
    assert run(capsys, "assign-splits", str(tmp_path))[0] == 0
    snapshot = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, out, _ = run(capsys, "assign-splits", str(tmp_path))
    assert code == 0 and "assigned 0 split(s)" in out
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == snapshot
    first = {a.id: a.split for a in load_corpus(tmp_path)}
    # More records arrive, in a new file and at the end of the old one.
    with open(tmp_path / "a.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record("a4"), ensure_ascii=False) + "\n")
    write_jsonl(tmp_path / "c.jsonl", [record("c0", [OTHER])])
    assert run(capsys, "assign-splits", str(tmp_path))[0] == 0
    second = {a.id: a.split for a in load_corpus(tmp_path)}
    assert {k: second[k] for k in first} == first
    assert second["a4"] == "test" and second["c0"] == "train"
    assert (tmp_path / "splits.tsv").read_text(encoding="utf-8").endswith("a4\ttest\nc0\ttrain\n")
    assert load_splits(tmp_path) == second


def test_assign_splits_command_restores_a_locked_split(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record("a0"), record("a1")])
    (tmp_path / "splits.tsv").write_text("# lock\na1\ttest\n", encoding="utf-8")
    assert run(capsys, "assign-splits", str(tmp_path))[0] == 0
    assert {a.id: a.split for a in load_corpus(tmp_path)} == {"a0": "train", "a1": "test"}
    assert (tmp_path / "splits.tsv").read_text(encoding="utf-8") == "# lock\na1\ttest\na0\ttrain\n"


def test_assign_splits_command_refuses_a_conflict_with_the_lock(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record("a0"), record("a1", split="train")])
    (tmp_path / "splits.tsv").write_text("# lock\na1\tdev\n", encoding="utf-8")
    snapshot = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, out, err = run(capsys, "assign-splits", str(tmp_path))
    assert code == 1 and out == ""
    assert "a.jsonl:2" in err and "disagrees with splits.tsv line 2" in err and "'dev'" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == snapshot


def test_assign_splits_command_refuses_a_lock_row_without_record(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record("a0")])
    (tmp_path / "splits.tsv").write_text("gone\ttrain\n", encoding="utf-8")
    code, _, err = run(capsys, "assign-splits", str(tmp_path))
    assert code == 1 and "splits.tsv:1" in err and "'gone'" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [("a0 train\n", "expected 'id<TAB>split'"), ("a0\tval\n", "unknown split 'val'"), ("a0\ttrain\na0\ttrain\n", "appears twice")],
)
def test_a_bad_lock_file_is_refused(tmp_path, content, message):
    write_jsonl(tmp_path / "a.jsonl", [record("a0")])
    (tmp_path / "splits.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="splits.tsv:") as info:
        load_splits(tmp_path)
    assert message in str(info.value)


def test_assign_splits_command_refuses_a_file_that_grows_meanwhile(tmp_path, capsys, monkeypatch):
    import zhnews.corpus as module

    path = write_jsonl(tmp_path / "a.jsonl", [record("a0")])
    read = module._read_records

    def read_then_append(folder):
        records = read(folder)
        with open(path, "a", encoding="utf-8") as fh:  # a writer appends a line meanwhile
            fh.write(json.dumps(record("a1")) + "\n")
        return records

    monkeypatch.setattr(module, "_read_records", read_then_append)
    code, _, err = run(capsys, "assign-splits", str(tmp_path))
    assert code == 1 and "changed while splits were being assigned" in err
    monkeypatch.undo()
    assert [a.split for a in load_corpus(tmp_path)] == [None, None]
    assert not (tmp_path / "splits.tsv").exists() and not list(tmp_path.glob(".*tmp"))


def test_assign_splits_command_refuses_an_invalid_corpus(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("a0")) + "\n" + '{"id": "a1", "ti', encoding="utf-8")
    before = path.read_bytes()
    code, _, err = run(capsys, "assign-splits", str(tmp_path))
    assert code == 1 and "a.jsonl:2" in err
    assert path.read_bytes() == before and not (tmp_path / "splits.tsv").exists()


# --------------------------------------------------------------------------- #
# stats command
# --------------------------------------------------------------------------- #


def target_corpus(folder: Path) -> None:
    """A synthetic corpus that meets every target once splits are assigned."""
    records = []
    n = 0

    def add(labels, **fields):
        nonlocal n
        n += 1
        records.append(record(f"r{n:04d}", labels, text=f"第{n}篇。" + "字" * 420, **fields))

    for label in LABELS:
        for _ in range(150):
            add([label])
    for i in range(120):
        add([LABELS[i % 4], LABELS[(i + 1) % 4]])
    for i in range(250):
        add([OTHER], subject=f"subject{i % 12}")
    for i, r in enumerate(records):
        r["hard"] = i % 9 == 0
        r["kind"] = "photo" if i % 10 == 0 else KINDS[i % len(KINDS)]
    write_jsonl(folder / "a.jsonl", records)


def test_stats_prints_counts(tmp_path, capsys):
    write_jsonl(
        tmp_path / "a.jsonl",
        [
            record("a", ["safety", "rule_of_law"], hard=True),
            record("b", [OTHER], subject="weather", kind="photo", split="dev"),
            record("c", ["safety"], text="长" * 500),
        ],
    )
    code, out, err = run(capsys, "stats", str(tmp_path))
    assert code == 0 and err == ""
    assert "articles: 3" in out and "rule_of_law+safety" in out and "weather" in out
    assert "unassigned" in out and "hard: 1" in out and "two or more topics: 1" in out and "photo: 1" in out
    assert "targets" not in out


def test_stats_json(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record("a", ["safety", "rule_of_law"]), record("b", [OTHER], subject="weather", split="dev")])
    code, out, _ = run(capsys, "stats", str(tmp_path), "--json")
    payload = json.loads(out)
    assert code == 0 and "targets" not in payload
    assert payload["articles"] == 2 and payload["per_label"]["safety"] == 1
    assert payload["per_other_subject"] == {"weather": 1}
    assert payload["per_split"] == {"dev": 1, "unassigned": 1}
    assert payload == corpus_stats(load_corpus(tmp_path)).as_dict()


def test_stats_markdown(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record("a", ["safety", "rule_of_law"]), record("b", [OTHER], subject="weather")])
    code, out, _ = run(capsys, "stats", str(tmp_path), "--markdown")
    assert code == 0 and out.startswith("2 articles; 1 with two or more topics")
    assert "| rule_of_law+safety | 1 |" in out and "| weather | 1 |" in out and "| unassigned | 2 |" in out
    with pytest.raises(SystemExit):
        main(["stats", str(tmp_path), "--json", "--markdown"])


def test_stats_targets_exit_1_while_one_is_missed(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record("a")])
    code, out, _ = run(capsys, "stats", str(tmp_path), "--targets")
    assert code == 1
    assert "MISSING  articles" in out and "ok       every kind present" not in out
    code, out, _ = run(capsys, "stats", str(tmp_path), "--targets", "--json")
    targets = {t["name"]: t for t in json.loads(out)["targets"]}
    assert code == 1 and targets["articles"] == {"name": "articles", "current": "1", "target": ">= 800", "met": False}


def test_stats_targets_exit_0_when_all_are_met(tmp_path, capsys):
    target_corpus(tmp_path)
    code, out, _ = run(capsys, "stats", str(tmp_path), "--targets")
    assert code == 1 and "MISSING  splits" in out and out.count("MISSING") == 1
    assert run(capsys, "assign-splits", str(tmp_path))[0] == 0
    code, out, _ = run(capsys, "stats", str(tmp_path), "--targets")
    assert code == 0 and "MISSING" not in out
    assert all(t.met for t in check_targets(load_corpus(tmp_path)))


def test_stats_targets_catch_lengths_and_kinds(tmp_path):
    target_corpus(tmp_path)
    arts = load_corpus(tmp_path)
    short = [*arts[:-1], Article("z", "", "短" * 59, (OTHER,), "weather", "b", "article", False)]
    missed = {t.name for t in check_targets(short) if not t.met}
    assert "lengths within 60-2500" in missed
    no_notice = [a for a in arts if a.kind != "notice"]
    missed = {t.name: t for t in check_targets(no_notice) if not t.met}
    assert missed["every kind present"].current == "missing notice"


def test_stats_of_an_invalid_corpus_is_an_error(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record("a", labels=["sport"])])
    code, out, err = run(capsys, "stats", str(tmp_path))
    assert code == 1 and out == "" and err.startswith("zhnews.corpus: error: ") and "a.jsonl:1" in err


def test_stats_of_an_empty_corpus_is_an_error(tmp_path, capsys):
    (tmp_path / "a.jsonl").write_text("\n", encoding="utf-8")
    code, _, err = run(capsys, "stats", str(tmp_path))
    assert code == 1 and "hold no articles" in err


def test_assign_splits_command_keeps_a_bom(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(record("a0")).encode() + b"\r\n")
    assert run(capsys, "assign-splits", str(tmp_path))[0] == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b', "split": "train"}\r\n')
    assert load_corpus(tmp_path)[0].split == "train"


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["stats", "--bogus"])
    assert info.value.code == 2


def test_module_runs_as_a_command(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [record("a")])
    proc = subprocess.run(
        [sys.executable, "-m", "zhnews.corpus", "stats", str(tmp_path), "--json"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["articles"] == 1
    assert SPLITS == ("train", "dev", "test")
