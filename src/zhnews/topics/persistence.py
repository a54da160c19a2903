"""Saving and loading topic models: JSON and ``.npy`` arrays, checksummed, never pickled.

A model is a folder:

- ``model.json`` — the metadata: format version, name and version of the model, the
  labels, the featurizer and classifier settings, the tokenizer settings and backend,
  thresholds, library versions, the training corpus's hash, the metrics, and the
  SHA-256 of every other file plus a checksum of the metadata itself;
- ``tokens.json`` — the word list (a word's id is its position);
- ``*.npy`` — the arrays (feature keys, IDF, coefficients, calibration), read with
  ``numpy.load(allow_pickle=False)``;
- ``MODEL.md`` — the model card for people (not read by the loader).

Loading never executes code from the files (no pickle or joblib: a model file from
the internet is data, not a program), checks every checksum before it reads an
array, and refuses a model of another format version. Every refusal is a
:class:`ModelError` naming the file and what is wrong with it.

Saving is deterministic: the same fitted model gives byte-identical files (sorted
JSON keys, ``np.save`` of fixed dtypes), so a retrained model shows up in version
control only when something really changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..labels import TOPICS
from ..text.tokenize import Tokenizer, default_tokenizer
from .features import NewsFeaturizer
from .model import TopicClassifier

__all__ = ["FORMAT", "FORMAT_VERSION", "ModelError", "default_model_path", "load_model", "save_model"]

#: The ``format`` field of every zhnews topic model.
FORMAT = "zhnews-topic-model"
#: The layout this zhnews writes and reads; a model of another version is refused.
FORMAT_VERSION = 1
#: Name of the shipped default model, in the top-level ``models/`` folder.
DEFAULT_MODEL = "news-topics"

METADATA_FILE = "model.json"
TOKENS_FILE = "tokens.json"
_ARRAYS: dict[str, tuple[str, str]] = {
    # file stem: (attribute path, dtype)
    "word_keys": ("featurizer_.word_keys_", "int64"),
    "word_idf": ("featurizer_.word_idf_", "float64"),
    "char_keys": ("featurizer_.char_keys_", "int64"),
    "char_idf": ("featurizer_.char_idf_", "float64"),
    "coef": ("coef_", "float64"),
    "intercept": ("intercept_", "float64"),
    "calibration": ("calibration_", "float64"),
    "thresholds": ("thresholds_", "float64"),
}
_FEATURIZER_SETTINGS = ("ngram_range", "min_df", "sublinear_tf", "stop_words", "title", "cues", "char_ngram_range", "char_weight")
_CLASSIFIER_SETTINGS = ("C", "class_weight", "threshold_rule", "cv", "random_state", "max_iter")


class ModelError(InputError):
    """A model folder or file that zhnews will not load; the message names the file."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _canonical(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _metadata_checksum(metadata: Mapping[str, Any]) -> str:
    return hashlib.sha256(_canonical({k: v for k, v in metadata.items() if k != "checksum"})).hexdigest()


def _tokenizer_settings(tokenizer: Tokenizer | None) -> dict[str, Any] | None:
    """What rebuilds the tokenizer at load time (words, not a user-dictionary path)."""
    if tokenizer is None:
        return None
    return {"user_words": list(tokenizer.user_words), "hmm": tokenizer.hmm, "domain_terms": tokenizer.domain_terms}


def tokenizer_backend(tokenizer: Tokenizer | None) -> str:
    """Name of the segmentation backend a tokenizer runs on (recorded in every model).

    A featurizer without a tokenizer runs on the shared default one, whose backend
    depends on the environment (``jieba-fast`` when installed), so that is what it
    records.
    """
    return (tokenizer if tokenizer is not None else default_tokenizer()).backend_name


def _json_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def save_model(
    classifier: TopicClassifier,
    path: str | os.PathLike[str],
    *,
    name: str,
    version: str,
    extra: Mapping[str, Any] | None = None,
    card: str | None = None,
) -> Path:
    """Write a fitted classifier to the folder ``path`` (created if needed).

    Parameters
    ----------
    classifier : TopicClassifier
        A fitted classifier.
    path : path
        The model folder; files of an earlier model there are replaced.
    name, version : str
        The model's name and version, as batch records report them.
    extra : mapping, optional
        More metadata (corpus hash, metrics, library versions), stored as JSON.
    card : str, optional
        The model card (Markdown), written as ``MODEL.md``.

    Returns
    -------
    Path
        The model folder.
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(classifier, "coef_")
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    featurizer = classifier.featurizer_
    files: dict[str, str] = {}
    tokens_path = folder / TOKENS_FILE
    tokens_path.write_bytes(json.dumps(featurizer.tokens_, ensure_ascii=False).encode("utf-8"))
    files[TOKENS_FILE] = _sha256(tokens_path)
    for stem, (attribute, dtype) in _ARRAYS.items():
        owner, _, field = attribute.rpartition(".")
        value = getattr(getattr(classifier, owner) if owner else classifier, field)
        target = folder / f"{stem}.npy"
        with target.open("wb") as handle:
            np.save(handle, np.ascontiguousarray(value, dtype=dtype), allow_pickle=False)
        files[target.name] = _sha256(target)
    metadata: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": name,
        "version": version,
        "labels": list(TOPICS),
        "featurizer": {key: _json_value(getattr(featurizer, key)) for key in _FEATURIZER_SETTINGS},
        "classifier": {key: getattr(classifier, key) for key in _CLASSIFIER_SETTINGS},
        "tokenizer": {"backend": tokenizer_backend(featurizer.tokenizer), "settings": _tokenizer_settings(featurizer.tokenizer)},
        "thresholds": {label: float(t) for label, t in zip(TOPICS, classifier.thresholds_)},
        "files": files,
        **dict(extra or {}),
    }
    metadata["checksum"] = _metadata_checksum(metadata)
    (folder / METADATA_FILE).write_bytes(json.dumps(metadata, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8") + b"\n")
    if card is not None:
        (folder / "MODEL.md").write_text(card, encoding="utf-8")
    return folder


def default_model_path() -> Path:
    """Folder of the shipped default model (inside the installed package or the checkout)."""
    try:
        root = resources.files("zhnews._models")
    except ModuleNotFoundError:  # pragma: no cover - a broken install
        raise ModelError("zhnews._models", "the shipped models are missing from this installation; reinstall zhnews") from None
    return Path(str(root.joinpath(DEFAULT_MODEL)))


def _read_metadata(folder: Path) -> dict[str, Any]:
    meta_path = folder / METADATA_FILE
    if not folder.exists():
        raise ModelError(str(folder), "no such model folder")
    if not folder.is_dir():
        raise ModelError(str(folder), f"not a model folder (a model is a folder holding {METADATA_FILE})")
    try:
        metadata = json.loads(meta_path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ModelError(str(meta_path), "missing: this folder is not a zhnews model") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(str(meta_path), f"damaged: not valid JSON ({exc})") from None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
        raise ModelError(str(meta_path), f"not a zhnews topic model (format is not {FORMAT!r})")
    if metadata.get("format_version") != FORMAT_VERSION:
        made_by = metadata.get("zhnews_version", "an unknown zhnews version")
        raise ModelError(
            str(meta_path),
            f"model format {metadata.get('format_version')!r} (made by zhnews {made_by}) is not the format "
            f"{FORMAT_VERSION} this zhnews reads; use the zhnews version that made it, or retrain",
        )
    if metadata.get("checksum") != _metadata_checksum(metadata):
        raise ModelError(str(meta_path), "checksum mismatch: the metadata was changed or damaged after the model was saved")
    if metadata.get("labels") != list(TOPICS):
        raise ModelError(str(meta_path), f"labels {metadata.get('labels')!r} are not this zhnews's topics {list(TOPICS)}")
    return metadata


def _verified(folder: Path, name: str, files: Mapping[str, str]) -> Path:
    path = folder / name
    expected = files.get(name)
    if expected is None:
        raise ModelError(str(folder / METADATA_FILE), f"lists no checksum for {name}")
    if not path.is_file():
        raise ModelError(str(path), "missing from the model folder")
    if _sha256(path) != expected:
        raise ModelError(str(path), "checksum mismatch: the file was changed or damaged after the model was saved")
    return path


def load_model(path: str | os.PathLike[str] | None = None) -> TopicClassifier:
    """Load a topic model: the shipped default, or the folder at ``path``.

    Nothing in the files is executed: metadata is JSON, arrays are ``.npy`` read
    without pickle, and every file's SHA-256 is checked first.

    Raises
    ------
    ModelError
        The folder is missing or not a model, a file is missing, damaged or changed
        (checksum), or the model was made in another format version; the message
        names the file.

    Examples
    --------
    >>> model = load_model()                         # doctest: +SKIP
    >>> model.predict(["派出所民警走进社区开展反诈宣传。"])  # doctest: +SKIP
    [('rule_of_law',)]
    """
    folder = default_model_path() if path is None else Path(os.fspath(path))
    metadata = _read_metadata(folder)
    files = metadata.get("files") or {}
    try:
        tokens = json.loads(_verified(folder, TOKENS_FILE, files).read_bytes().decode("utf-8"))
        arrays = {}
        for stem, (_, dtype) in _ARRAYS.items():
            array_path = _verified(folder, f"{stem}.npy", files)
            try:
                array = np.load(array_path, allow_pickle=False)
            except ValueError as exc:
                raise ModelError(str(array_path), f"not a plain array file ({exc})") from None
            if array.dtype != np.dtype(dtype):
                raise ModelError(str(array_path), f"holds {array.dtype}, expected {dtype}")
            arrays[stem] = array
        settings = metadata["featurizer"]
        tokenizer_settings = metadata["tokenizer"]["settings"]
        featurizer = NewsFeaturizer(
            tokenizer=None if tokenizer_settings is None else Tokenizer(**tokenizer_settings),
            ngram_range=tuple(settings["ngram_range"]),
            min_df=settings["min_df"],
            sublinear_tf=settings["sublinear_tf"],
            stop_words=settings["stop_words"],
            title=settings["title"],
            cues=settings["cues"],
            char_ngram_range=None if settings["char_ngram_range"] is None else tuple(settings["char_ngram_range"]),
            char_weight=settings["char_weight"],
        )
        classifier = TopicClassifier(featurizer, **metadata["classifier"])
    except (KeyError, TypeError) as exc:
        raise ModelError(str(folder / METADATA_FILE), f"incomplete model metadata ({type(exc).__name__}: {exc})") from None
    _check_shapes(folder, tokens, arrays)
    featurizer.tokens_ = tokens
    featurizer.word_keys_, featurizer.word_idf_ = arrays["word_keys"], arrays["word_idf"]
    featurizer.char_keys_, featurizer.char_idf_ = arrays["char_keys"], arrays["char_idf"]
    featurizer.n_features_out_ = len(arrays["word_keys"]) + len(arrays["char_keys"])
    classifier.featurizer_ = featurizer
    classifier.coef_, classifier.intercept_ = arrays["coef"], arrays["intercept"]
    classifier.calibration_, classifier.thresholds_ = arrays["calibration"], arrays["thresholds"]
    classifier.classes_ = np.array(TOPICS)
    classifier.metadata_ = metadata
    classifier.path_ = folder
    return classifier


def _check_shapes(folder: Path, tokens: object, arrays: Mapping[str, np.ndarray]) -> None:
    """Refuse arrays that do not fit together (a hand-edited or mixed-up model)."""
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        raise ModelError(str(folder / TOKENS_FILE), "not a list of words")
    n_topics = len(TOPICS)
    width = len(arrays["word_keys"]) + len(arrays["char_keys"])
    expected = {
        "word_idf": (len(arrays["word_keys"]),),
        "char_idf": (len(arrays["char_keys"]),),
        "coef": (n_topics, width),
        "intercept": (n_topics,),
        "calibration": (n_topics, 2),
        "thresholds": (n_topics,),
    }
    for stem, shape in expected.items():
        if arrays[stem].shape != shape:
            raise ModelError(str(folder / f"{stem}.npy"), f"shape {arrays[stem].shape} does not fit the model (expected {shape})")
    for stem in ("word_keys", "char_keys"):
        keys = arrays[stem]
        if keys.ndim != 1 or (len(keys) > 1 and not np.all(keys[1:] > keys[:-1])):
            raise ModelError(str(folder / f"{stem}.npy"), "feature keys are not sorted and distinct")
