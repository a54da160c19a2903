"""The labelled corpus: loading, validation, split assignment and statistics.

The corpus is a folder of JSON Lines files (``corpus/*.jsonl`` in the
repository), one article per line, written for this project and labelled by
the rules of ``TOPICS.md``. It is the training and evaluation data of the topic
classifier and the reference briefs of the summarizer, so a malformed record
must stop everything that reads it: every error names the file and the line.

Splits are assigned once and never change, so that a score on ``test`` today
and a score on ``test`` after the corpus has grown measure the same articles.
The lock file ``splits.tsv`` beside the ``.jsonl`` files records every
assignment; ``python -m zhnews.corpus assign-splits`` gives a split to the
records that lack one and refuses to run when a record and the lock file
disagree.

The command line of this module (``python -m zhnews.corpus --help``)::

    python -m zhnews.corpus stats [PATH] [--targets] [--json | --markdown]
    python -m zhnews.corpus assign-splits [PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

from .errors import InputError
from .labels import OTHER, TOPICS

__all__ = [
    "KINDS",
    "LABELS",
    "OTHER",
    "SPLITS",
    "SPLIT_TARGETS",
    "Article",
    "CorpusStats",
    "Target",
    "assign_splits",
    "check_targets",
    "corpus_hash",
    "corpus_stats",
    "default_corpus_path",
    "load_corpus",
    "load_splits",
    "main",
]

#: The four topics, in the order of TOPICS.md (the same as :data:`zhnews.labels.TOPICS`).
LABELS: tuple[str, ...] = TOPICS
#: What kind of newspaper item a record is; a photo is a caption ending in "XXX摄".
KINDS: tuple[str, ...] = ("article", "feature", "photo", "brief", "notice")
#: The splits, in tie-break order of :func:`assign_splits`.
SPLITS: tuple[str, ...] = ("train", "dev", "test")
#: Target share of each split within every label set.
SPLIT_TARGETS: Mapping[str, float] = {"train": 0.70, "dev": 0.15, "test": 0.15}

#: The name of the lock file of split assignments, beside the ``.jsonl`` files.
SPLITS_FILE = "splits.tsv"

_REQUIRED: dict[str, type] = {
    "id": str,
    "title": str,
    "text": str,
    "labels": list,
    "subject": str,
    "brief": str,
    "kind": str,
    "hard": bool,
}
_OPTIONAL: dict[str, type] = {"split": str}
_TYPE_NAMES = {str: "a string", list: "a list", bool: "true or false"}

_SPLITS_HEADER = (
    "# Split lock file of the zhnews corpus: one 'id<TAB>split' row per article.\n"
    "# A split, once assigned, never changes, so that scores on dev and test stay\n"
    "# comparable as the corpus grows. Rows are appended by\n"
    "# 'python -m zhnews.corpus assign-splits'; do not edit or reorder them by hand.\n"
)


@dataclass(frozen=True, slots=True)
class Article:
    """One labelled article of the corpus.

    Attributes
    ----------
    id : str
        Unique identifier, such as ``"b01-0001"``.
    title : str
        The headline; empty for items that have none (photo captions, some
        short items).
    text : str
        The article body, paragraphs separated by newlines.
    labels : tuple of str
        The topics that are a substantial part of the article (see
        :data:`LABELS`), or ``("other",)``.
    subject : str
        The article's main subject: for a topic article, the main one of its
        labels; for an ``other`` article, its field (``"economy"``,
        ``"weather"``, ...), which keeps the ``other`` class varied.
    brief : str
        The reference brief (简讯), written by an editor, 40–120 characters.
    kind : str
        One of :data:`KINDS`.
    hard : bool
        Whether the article is a deliberate boundary case (a cue word of a
        topic it does not carry, or a topic carried without its usual cues).
    split : str or None
        ``"train"``, ``"dev"`` or ``"test"``; ``None`` until assigned.
    """

    id: str
    title: str
    text: str
    labels: tuple[str, ...]
    subject: str
    brief: str
    kind: str
    hard: bool
    split: str | None = None

    @property
    def label_set(self) -> tuple[str, ...]:
        """The labels as a sorted tuple: the stratum of split assignment."""
        return tuple(sorted(self.labels))


@dataclass(frozen=True, slots=True)
class _Record:
    """An article with where it was read: for error messages and rewriting."""

    path: Path
    line: int
    article: Article


# --------------------------------------------------------------------------- #
# Locating and reading
# --------------------------------------------------------------------------- #


def default_corpus_path() -> Path:
    """The repository's ``corpus/`` folder, found relative to this package.

    Works from a source checkout and from an editable install
    (``src/zhnews/corpus.py`` → ``../../corpus``). A wheel does not ship the
    corpus, so there the folder must be given explicitly.

    Raises
    ------
    InputError
        When no such folder exists; the message says where it looked.
    """
    candidate = Path(__file__).resolve().parent.parent.parent / "corpus"
    if not candidate.is_dir():
        raise InputError(
            str(candidate),
            "no corpus folder here (the corpus ships with a checkout of the repository, "
            "not with the installed package); pass path= (or PATH on the command line)",
        )
    return candidate


def _corpus_dir(path: str | os.PathLike[str] | None) -> Path:
    if path is None:
        return default_corpus_path()
    folder = Path(path)
    if not folder.exists():
        raise InputError(str(folder), "no such corpus folder")
    if not folder.is_dir():
        raise InputError(str(folder), "is not a folder (the corpus is a folder of .jsonl files)")
    return folder


def _jsonl_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.glob("*.jsonl") if p.is_file())
    if not files:
        raise InputError(str(folder), "no *.jsonl files in this folder")
    return files


def _check_record(data: Any, where: str) -> Article:
    """Validate one decoded JSON line and build its :class:`Article`."""
    if not isinstance(data, dict):
        raise InputError(where, f"a record must be a JSON object, not {type(data).__name__}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise InputError(where, f"missing field(s): {', '.join(missing)}")
    extra = [k for k in data if k not in _REQUIRED and k not in _OPTIONAL]
    if extra:
        allowed = ", ".join([*_REQUIRED, *_OPTIONAL])
        raise InputError(where, f"unknown field(s): {', '.join(extra)} (allowed: {allowed})")
    for key, kind in {**_REQUIRED, **_OPTIONAL}.items():
        if key in data and not isinstance(data[key], kind):
            got = "null" if data[key] is None else type(data[key]).__name__
            raise InputError(where, f"field {key!r} must be {_TYPE_NAMES[kind]}, not {got}")
    # A title may be empty: photo captions and short items have none.
    for key in ("id", "text", "subject", "brief"):
        if not data[key].strip():
            raise InputError(where, f"field {key!r} is empty")
    ident = data["id"]
    if any(ch.isspace() for ch in ident):
        raise InputError(where, f"id {ident!r} contains whitespace")
    labels = data["labels"]
    if not labels:
        raise InputError(where, f"{ident}: empty labels (an article with no topic is labelled [\"{OTHER}\"])")
    for label in labels:
        if not isinstance(label, str):
            raise InputError(where, f"{ident}: a label must be a string, not {type(label).__name__}")
        if label not in LABELS and label != OTHER:
            raise InputError(where, f"{ident}: unknown label {label!r} (known: {', '.join([*LABELS, OTHER])})")
    if len(set(labels)) != len(labels):
        raise InputError(where, f"{ident}: repeated label in {labels}")
    if OTHER in labels and len(labels) > 1:
        raise InputError(where, f"{ident}: {OTHER!r} combined with a topic in {labels}; '{OTHER}' stands alone")
    subject = data["subject"]
    if OTHER in labels:
        if subject in LABELS or subject == OTHER:
            raise InputError(where, f"{ident}: an '{OTHER}' article needs its field as subject, not {subject!r}")
    elif subject not in labels:
        raise InputError(where, f"{ident}: subject {subject!r} is not one of its labels {labels}")
    if data["kind"] not in KINDS:
        raise InputError(where, f"{ident}: unknown kind {data['kind']!r} (known: {', '.join(KINDS)})")
    split = data.get("split")
    if split is not None and split not in SPLITS:
        raise InputError(where, f"{ident}: unknown split {split!r} (known: {', '.join(SPLITS)})")
    return Article(
        id=ident,
        title=data["title"],
        text=data["text"],
        labels=tuple(labels),
        subject=subject,
        brief=data["brief"],
        kind=data["kind"],
        hard=data["hard"],
        split=split,
    )


def _iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The lines of a file with their numbers, line endings kept."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    yield from enumerate(data.splitlines(keepends=True), start=1)


def _parse_line(path: Path, number: int, raw: bytes) -> Article | None:
    """The article of one line, ``None`` for a blank line."""
    where = f"{path}:{number}"
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 (undecodable byte at column {exc.start + 1})") from None
    if not line.strip():
        return None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        hint = " (a half-written last line?)" if not raw.endswith(b"\n") else ""
        raise InputError(where, f"not valid JSON: {exc.msg} at column {exc.colno}{hint}") from None
    return _check_record(data, where)


def _read_records(folder: Path) -> list[_Record]:
    records: list[_Record] = []
    seen: dict[str, str] = {}
    for path in _jsonl_files(folder):
        for number, raw in _iter_lines(path):
            article = _parse_line(path, number, raw)
            if article is None:
                continue
            where = f"{path}:{number}"
            if article.id in seen:
                raise InputError(where, f"duplicate id {article.id!r} (first at {seen[article.id]})")
            seen[article.id] = where
            records.append(_Record(path, number, article))
    return records


def _split_filter(split: str | Iterable[str] | None) -> frozenset[str] | None:
    if split is None:
        return None
    names = (split,) if isinstance(split, str) else tuple(split)
    if not names:
        raise ValueError("split= is empty; give one or more of 'train', 'dev', 'test', or None for all")
    for name in names:
        if name not in SPLITS:
            raise ValueError(f"split={name!r} is not a split name; expected one of {', '.join(SPLITS)}")
    return frozenset(names)


def load_corpus(
    path: str | os.PathLike[str] | None = None,
    *,
    split: str | Iterable[str] | None = None,
) -> list[Article]:
    """Load and validate every ``*.jsonl`` file of the corpus folder.

    The whole corpus is validated even when ``split`` selects a part of it,
    so that a bad record is never skipped silently by a reader that does not
    happen to ask for its split.

    Parameters
    ----------
    path : str or path-like, optional
        The corpus folder. Default: the repository's ``corpus/`` folder
        (:func:`default_corpus_path`).
    split : str or iterable of str, optional
        Keep only the articles of this split (``"train"``, ``"dev"``,
        ``"test"``) or of these splits; articles without a split are then
        left out. Default: all articles.

    Returns
    -------
    list of Article
        In file-name order, then line order.

    Raises
    ------
    InputError
        A missing folder, a folder without ``.jsonl`` files, or an invalid
        record: bad JSON or UTF-8, a missing, extra or mistyped field, an
        unknown label, kind or split, empty labels, ``other`` combined with a
        topic, or a duplicate id. The message names the file and the line.
    ValueError
        An unknown split name in ``split``.

    Examples
    --------
    >>> train = load_corpus(split="train")                 # doctest: +SKIP
    >>> evaluation = load_corpus(split=("dev", "test"))    # doctest: +SKIP
    """
    wanted = _split_filter(split)
    articles = [r.article for r in _read_records(_corpus_dir(path))]
    if wanted is None:
        return articles
    return [a for a in articles if a.split in wanted]


def corpus_hash(path: str | os.PathLike[str] | None = None) -> str:
    """SHA-256 of the corpus: the sorted ``.jsonl`` files' names and bytes.

    A model card records it so that a model can say which corpus it was
    trained on. Each file contributes its name, its size and its bytes (the
    size keeps file boundaries unambiguous); ``splits.tsv`` and other files
    are not included, but the ``split`` field of every record is.

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    digest = hashlib.sha256()
    for file in _jsonl_files(_corpus_dir(path)):
        data = file.read_bytes()
        digest.update(file.name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        digest.update(data)
    return digest.hexdigest()


# --------------------------------------------------------------------------- #
# Splits
# --------------------------------------------------------------------------- #


def assign_splits(articles: Sequence[Article]) -> dict[str, str]:
    """Choose a split for every article that has none, stratified by label set.

    Articles are taken in corpus order. For an article whose sorted label set
    already has ``n`` assigned articles (those with a split, and those given
    one earlier in this call), the split chosen is the one furthest below its
    target share of ``n + 1``: the largest ``target[s] * (n + 1) - count[s]``
    with targets 0.70 / 0.15 / 0.15; ties go to train, then dev, then test.
    Every label set, rare combinations included, is thus spread over the
    splits as evenly as its size allows, and the result depends only on the
    corpus order, never on chance. Assigned splits are never changed.

    Parameters
    ----------
    articles : sequence of Article
        The corpus, in corpus order.

    Returns
    -------
    dict
        ``{id: split}`` for the articles whose ``split`` was ``None``, in
        corpus order.

    Examples
    --------
    >>> a = Article("a1", "t", "x", ("safety",), "safety", "b", "article", False)
    >>> assign_splits([a])
    {'a1': 'train'}
    """
    counts: dict[tuple[str, ...], Counter[str]] = {}
    for article in articles:
        if article.split is not None:
            counts.setdefault(article.label_set, Counter())[article.split] += 1
    assigned: dict[str, str] = {}
    for article in articles:
        if article.split is not None:
            continue
        count = counts.setdefault(article.label_set, Counter())
        total = sum(count.values()) + 1
        # max() keeps the first of equal keys, which gives the train > dev > test tie-break.
        chosen = max(SPLITS, key=lambda s: SPLIT_TARGETS[s] * total - count[s])
        count[chosen] += 1
        assigned[article.id] = chosen
    return assigned


def _read_splits_file(path: Path) -> dict[str, tuple[str, int]]:
    """``{id: (split, line)}`` from a lock file; ``{}`` when it does not exist."""
    if not path.exists():
        return {}
    rows: dict[str, tuple[str, int]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0]:
            raise InputError(where, "expected 'id<TAB>split'")
        ident, split = parts
        if split not in SPLITS:
            raise InputError(where, f"unknown split {split!r} (known: {', '.join(SPLITS)})")
        if ident in rows:
            raise InputError(where, f"id {ident!r} appears twice (first at line {rows[ident][1]})")
        rows[ident] = (split, number)
    return rows


def load_splits(path: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """The lock file ``splits.tsv`` of a corpus folder as ``{id: split}``.

    Returns an empty dict when the folder has no lock file yet.
    """
    folder = _corpus_dir(path)
    return {k: v for k, (v, _) in _read_splits_file(folder / SPLITS_FILE).items()}


def _with_split(raw: bytes, split: str, where: str) -> bytes:
    """The line with ``"split"`` added as its last field; all other bytes kept."""
    body = raw.rstrip(b"\r\n")
    ending = raw[len(body):]
    stripped = body.rstrip()
    if not stripped.endswith(b"}"):
        raise InputError(where, "cannot add a split: the line does not end with '}'")
    inner = stripped[:-1].rstrip()
    separator = b"" if inner.endswith(b"{") else b", "
    new = inner + separator + b'"split": ' + json.dumps(split).encode("utf-8") + b"}"
    before, after = json.loads(body.decode("utf-8-sig")), json.loads(new.decode("utf-8-sig"))
    if after != {**before, "split": split} or list(after) != [*before, "split"]:  # pragma: no cover - a bug
        raise AssertionError(f"{where}: adding the split changed the record")
    return new + ending


def _write_atomically(path: Path, data: bytes, *, expected: os.stat_result | None = None) -> None:
    """Replace ``path`` by ``data`` through a temporary file and ``os.replace``.

    When ``expected`` is given, refuse if the file changed since it was read
    (a writer still appending would otherwise lose its lines).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        if expected is not None:
            now = path.stat()
            if (now.st_size, now.st_mtime_ns) != (expected.st_size, expected.st_mtime_ns):
                raise InputError(str(path), "changed while splits were being assigned (is a writer still appending?); nothing written to it")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass(frozen=True, slots=True)
class _Assignment:
    new: dict[str, str]          # splits written into records that had none
    recorded: dict[str, str]     # rows appended to splits.tsv


def _assign_splits_in_folder(folder: Path) -> _Assignment:
    """The ``assign-splits`` command: give records a split and lock it."""
    stats_before = {p: p.stat() for p in _jsonl_files(folder)}
    records = _read_records(folder)
    lock_path = folder / SPLITS_FILE
    lock = _read_splits_file(lock_path)
    by_id = {r.article.id: r for r in records}

    for ident, (split, line) in lock.items():
        if ident not in by_id:
            raise InputError(
                f"{lock_path}:{line}",
                f"id {ident!r} is in the lock file but not in the corpus "
                "(remove the row only if the article was deleted on purpose)",
            )
        record = by_id[ident]
        if record.article.split is not None and record.article.split != split:
            raise InputError(
                f"{record.path}:{record.line}",
                f"{ident}: split {record.article.split!r} disagrees with {lock_path.name} line {line} "
                f"({split!r}); a split never changes, so restore {split!r} in the record",
            )

    # A record that lost its split field gets its locked split back, not a new one.
    articles = [
        replace(r.article, split=lock[r.article.id][0]) if r.article.split is None and r.article.id in lock else r.article
        for r in records
    ]
    computed = assign_splits(articles)
    new = {r.article.id: a.split or computed[a.id] for r, a in zip(records, articles) if r.article.split is None}

    # Check every file before writing any, so that a writer still appending
    # stops the command before it has changed anything; a write interrupted
    # later is healed by the next run (records with a split get their rows).
    for path, before in stats_before.items():
        now = path.stat()
        if (now.st_size, now.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            raise InputError(str(path), "changed while splits were being assigned (is a writer still appending?); nothing written")
    by_file: dict[Path, dict[int, str]] = {}
    for record in records:
        if record.article.id in new:
            by_file.setdefault(record.path, {})[record.line] = new[record.article.id]
    for path, lines in by_file.items():
        out = bytearray()
        for number, raw in _iter_lines(path):
            out += _with_split(raw, lines[number], f"{path}:{number}") if number in lines else raw
        _write_atomically(path, bytes(out), expected=stats_before[path])

    recorded = {
        r.article.id: r.article.split or new[r.article.id] for r in records if r.article.id not in lock
    }
    if recorded:
        old = lock_path.read_bytes() if lock_path.exists() else _SPLITS_HEADER.encode("utf-8")
        if old and not old.endswith(b"\n"):
            old += b"\n"
        rows = "".join(f"{ident}\t{split}\n" for ident, split in recorded.items())
        _write_atomically(lock_path, old + rows.encode("utf-8"))
    return _Assignment(new=new, recorded=recorded)


# --------------------------------------------------------------------------- #
# Statistics and targets
# --------------------------------------------------------------------------- #


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """Counts that describe the corpus (the datasheet's table).

    Attributes
    ----------
    articles : int
        Number of articles.
    per_label : dict
        Articles carrying each label (a two-topic article counts for both).
    per_label_set : dict
        Articles per exact label set, labels joined by ``+``.
    per_other_subject : dict
        ``other`` articles per subject.
    per_kind : dict
        Articles per kind.
    per_split : dict
        Articles per split; ``"unassigned"`` for those without one.
    hard : int
        Deliberate boundary cases.
    multi_topic : int
        Articles with two or more topics.
    photo : int
        Photo captions (``kind == "photo"``).
    length_min, length_median, length_max : float
        Length of the text in characters.
    """

    articles: int
    per_label: dict[str, int]
    per_label_set: dict[str, int]
    per_other_subject: dict[str, int]
    per_kind: dict[str, int]
    per_split: dict[str, int]
    hard: int
    multi_topic: int
    photo: int
    length_min: int
    length_median: float
    length_max: int

    def as_dict(self) -> dict[str, Any]:
        """The statistics as plain JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Target:
    """One size or balance target of the corpus and where it stands."""

    name: str
    current: str
    target: str
    met: bool


def _ranked(counter: Counter[str], order: Sequence[str] = ()) -> dict[str, int]:
    first = [k for k in order if k in counter]
    rest = sorted((k for k in counter if k not in order), key=lambda k: (-counter[k], k))
    return {k: counter[k] for k in [*first, *rest]}


def corpus_stats(articles: Sequence[Article]) -> CorpusStats:
    """Count the corpus by label, label set, subject, kind and split.

    Raises
    ------
    ValueError
        When ``articles`` is empty (there is nothing to describe).
    """
    if not articles:
        raise ValueError("corpus_stats() needs at least one article")
    lengths = [len(a.text) for a in articles]
    per_label = Counter(label for a in articles for label in a.labels)
    per_split = Counter(a.split or "unassigned" for a in articles)
    return CorpusStats(
        articles=len(articles),
        per_label=_ranked(per_label, (*LABELS, OTHER)),
        per_label_set=_ranked(Counter("+".join(a.label_set) for a in articles)),
        per_other_subject=_ranked(Counter(a.subject for a in articles if a.labels == (OTHER,))),
        per_kind=_ranked(Counter(a.kind for a in articles), KINDS),
        per_split=_ranked(per_split, (*SPLITS, "unassigned")),
        hard=sum(a.hard for a in articles),
        multi_topic=sum(len(a.labels) >= 2 for a in articles),
        photo=sum(a.kind == "photo" for a in articles),
        length_min=min(lengths),
        length_median=statistics.median(lengths),
        length_max=max(lengths),
    )


def check_targets(articles: Sequence[Article]) -> list[Target]:
    """The size and balance targets of the corpus (project issue 3), each met or not.

    At least 800 articles; 150 of each topic; 250 ``other`` over 12
    subjects; 120 with two or more topics; 100 hard; 80 photo captions;
    every text 60–2,500 characters with a median of at least 400; every kind
    present; and, once every article has a split, each split within 5
    points of 70 / 15 / 15.
    """
    s = corpus_stats(articles)
    out = [Target("articles", str(s.articles), ">= 800", s.articles >= 800)]
    for label in LABELS:
        n = s.per_label.get(label, 0)
        out.append(Target(f"topic {label}", str(n), ">= 150", n >= 150))
    n_other = s.per_label.get(OTHER, 0)
    out.append(Target("other articles", str(n_other), ">= 250", n_other >= 250))
    n_subjects = len(s.per_other_subject)
    out.append(Target("other subjects", str(n_subjects), ">= 12", n_subjects >= 12))
    out.append(Target("two or more topics", str(s.multi_topic), ">= 120", s.multi_topic >= 120))
    out.append(Target("hard", str(s.hard), ">= 100", s.hard >= 100))
    out.append(Target("photo", str(s.photo), ">= 80", s.photo >= 80))
    outside = sum(not 60 <= len(a.text) <= 2500 for a in articles)
    out.append(Target("lengths within 60-2500", f"{outside} outside ({s.length_min}-{s.length_max})", "0 outside", outside == 0))
    out.append(Target("median length", f"{s.length_median:g}", ">= 400", s.length_median >= 400))
    absent = [k for k in KINDS if k not in s.per_kind]
    out.append(Target("every kind present", "missing " + ", ".join(absent) if absent else "all", "all", not absent))
    unassigned = s.per_split.get("unassigned", 0)
    shares = {k: 100 * s.per_split.get(k, 0) / s.articles for k in SPLITS}
    current = " / ".join(f"{k} {shares[k]:.1f}%" for k in SPLITS)
    if unassigned:
        current += f"; {unassigned} unassigned"
    balanced = not unassigned and all(abs(shares[k] - 100 * SPLIT_TARGETS[k]) <= 5 for k in SPLITS)
    out.append(Target("splits", current, "70/15/15 +-5 points, all assigned", balanced))
    return out


def _format_markdown(s: CorpusStats) -> str:
    """The counts as Markdown tables, for the datasheet (corpus/README.md)."""
    lines = [f"{s.articles} articles; {s.multi_topic} with two or more topics; {s.hard} hard; "
             f"{s.photo} photo captions; text length {s.length_min}–{s.length_max} characters "
             f"(median {s.length_median:g})."]

    def table(head: str, counts: Mapping[str, int]) -> None:
        lines.extend(["", f"| {head} | articles |", "|---|---:|"])
        lines.extend(f"| {k} | {v} |" for k, v in counts.items())

    table("label (an article counts for each of its labels)", s.per_label)
    table("label set", s.per_label_set)
    table(f"subject of `{OTHER}`", s.per_other_subject)
    table("kind", s.per_kind)
    table("split", s.per_split)
    return "\n".join(lines)


def _format_stats(s: CorpusStats) -> str:
    lines = [f"articles: {s.articles}"]

    def table(title: str, counts: Mapping[str, int]) -> None:
        lines.append(f"\n{title}:")
        width = max((len(k) for k in counts), default=0)
        lines.extend(f"  {k:<{width}}  {v:>5}" for k, v in counts.items())

    table("per label", s.per_label)
    table("per label set", s.per_label_set)
    table(f"per subject of '{OTHER}' ({len(s.per_other_subject)} subjects)", s.per_other_subject)
    table("per kind", s.per_kind)
    table("per split", s.per_split)
    lines.append("")
    lines.append(f"hard: {s.hard}")
    lines.append(f"two or more topics: {s.multi_topic}")
    lines.append(f"photo: {s.photo}")
    lines.append(f"length (characters): min {s.length_min}, median {s.length_median:g}, max {s.length_max}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- #
# Command line
# --------------------------------------------------------------------------- #

EXIT_OK = 0
EXIT_TARGETS_MISSED = 1
EXIT_INPUT = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m zhnews.corpus", description="Check, describe and split the zhnews labelled corpus.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)
    path_help = "the corpus folder (default: the repository's corpus/)"

    stats = commands.add_parser(
        "stats",
        help="count the corpus by label, subject, kind and split",
        description="Validate the corpus and print its counts. With --targets, also check the size and balance "
        "targets and exit 1 while one is missed.",
    )
    stats.add_argument("path", nargs="?", metavar="PATH", help=path_help)
    stats.add_argument("--targets", action="store_true", help="check the targets; exit 1 while one is missed")
    output = stats.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON instead of plain text")
    output.add_argument("--markdown", action="store_true", help="print the counts as Markdown tables (for corpus/README.md)")

    assign = commands.add_parser(
        "assign-splits",
        help="give a split to the records without one and lock it in splits.tsv",
        description="Add a 'split' field to records that lack one (stratified by label set, 70/15/15) and append "
        "the assignments to splits.tsv. Never changes an assigned split; refuses when a record and splits.tsv "
        "disagree. Run it when no writer is appending to the files.",
    )
    assign.add_argument("path", nargs="?", metavar="PATH", help=path_help)
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "assign-splits":
        folder = _corpus_dir(args.path)
        result = _assign_splits_in_folder(folder)
        per = Counter(result.new.values())
        summary = ", ".join(f"{k} {per.get(k, 0)}" for k in SPLITS)
        print(f"assigned {len(result.new)} split(s) ({summary}); {len(result.recorded)} row(s) added to {folder / SPLITS_FILE}")
        return EXIT_OK

    folder = _corpus_dir(args.path)
    articles = load_corpus(folder)
    if not articles:
        raise InputError(str(folder), "the .jsonl files hold no articles")
    s = corpus_stats(articles)
    targets = check_targets(articles) if args.targets else []
    if args.json:
        payload = s.as_dict()
        if args.targets:
            payload["targets"] = [asdict(t) for t in targets]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(_format_markdown(s) if args.markdown else _format_stats(s))
        if args.targets:
            print("\ntargets:")
            width = max(len(t.name) for t in targets)
            for t in targets:
                print(f"  {'ok' if t.met else 'MISSING':<7}  {t.name:<{width}}  {t.current}  (target {t.target})")
    if args.targets and not all(t.met for t in targets):
        return EXIT_TARGETS_MISSED
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m zhnews.corpus``; returns the exit status.

    0 on success; 1 for an invalid corpus (one line on stderr naming file
    and line) or, with ``stats --targets``, while a target is missed; 2 for a
    usage error.
    """
    args = _build_parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as exc:
        print(f"zhnews.corpus: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
