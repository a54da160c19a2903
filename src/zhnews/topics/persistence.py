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
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from ..labels import TOPICS
from ..text.tokenize import Tokenizer, default_tokenizer
from .encoding import FeatureSettings
from .linear import FeatureSpace, LinearTopics

if TYPE_CHECKING:  # pragma: no cover - imported when loading an estimator (scikit-learn)
    from .model import TopicClassifier

__all__ = ["FORMAT", "FORMAT_VERSION", "ModelError", "default_model_path", "load_model", "read_model", "save_model"]

#: The ``format`` field of every zhnews topic model.
FORMAT = "zhnews-topic-model"
#: The layout this zhnews writes and reads; a model of another version is refused.
FORMAT_VERSION = 1
#: Name of the shipped default model, in the top-level ``models/`` folder.
DEFAULT_MODEL = "news-topics"

METADATA_FILE = "model.json"
TOKENS_FILE = "tokens.json"
_ARRAYS: dict[str, tuple[str, str]] = {
    # file stem: (attribute path of a LinearTopics, dtype)
    "word_keys": ("features.word_keys", "int64"),
    "word_idf": ("features.word_idf", "float64"),
    "char_keys": ("features.char_keys", "int64"),
    "char_idf": ("features.char_idf", "float64"),
    "coef": ("coef", "float64"),
    "intercept": ("intercept", "float64"),
    "calibration": ("calibration", "float64"),
    "thresholds": ("thresholds", "float64"),
}
#: The featurizer settings a model records, in this order (``min_df`` only documents the fit).
_FEATURIZER_SETTINGS = ("ngram_range", "min_df", "sublinear_tf", "stop_words", "title", "cues", "char_ngram_range", "char_weight")


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
    classifier: "TopicClassifier | LinearTopics",
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
    classifier : TopicClassifier or LinearTopics
        A fitted classifier (or its predictor, :meth:`TopicClassifier.predictor`).
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
    if isinstance(classifier, LinearTopics):
        model, min_df = classifier, (classifier.metadata or {}).get("featurizer", {}).get("min_df", 2)
    else:
        model, min_df = classifier.predictor(), classifier.featurizer_.min_df
    features = model.features
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    tokens_path = folder / TOKENS_FILE
    tokens_path.write_bytes(json.dumps(features.tokens, ensure_ascii=False).encode("utf-8"))
    files[TOKENS_FILE] = _sha256(tokens_path)
    for stem, (attribute, dtype) in _ARRAYS.items():
        value: Any = model
        for part in attribute.split("."):
            value = getattr(value, part)
        target = folder / f"{stem}.npy"
        with target.open("wb") as handle:
            np.save(handle, np.ascontiguousarray(value, dtype=dtype), allow_pickle=False)
        files[target.name] = _sha256(target)
    settings = {**asdict(features.settings), "min_df": min_df}
    metadata: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": name,
        "version": version,
        "labels": list(TOPICS),
        "featurizer": {key: _json_value(settings[key]) for key in _FEATURIZER_SETTINGS},
        "classifier": dict(model.classifier_settings),
        "tokenizer": {"backend": tokenizer_backend(features.tokenizer), "settings": _tokenizer_settings(features.tokenizer)},
        "thresholds": {label: float(t) for label, t in zip(TOPICS, model.thresholds)},
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


def read_model(path: str | os.PathLike[str] | None = None) -> LinearTopics:
    """Read a topic model for prediction only: the shipped default, or the folder at ``path``.

    What :func:`zhnews.classify`, :func:`zhnews.analyze` and ``zhnews batch`` run on: the
    same checks as :func:`load_model`, but the result is a
    :class:`~zhnews.topics.linear.LinearTopics`, which needs neither scikit-learn nor
    SciPy (importing them is over a second of a command's start-up).

    Raises
    ------
    ModelError
        As :func:`load_model`.
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
        feature_settings = FeatureSettings(
            ngram_range=tuple(settings["ngram_range"]),
            sublinear_tf=settings["sublinear_tf"],
            stop_words=settings["stop_words"],
            title=settings["title"],
            cues=settings["cues"],
            char_ngram_range=None if settings["char_ngram_range"] is None else tuple(settings["char_ngram_range"]),
            char_weight=settings["char_weight"],
        )
        settings["min_df"]  # required: it documents the fit (prediction does not use it)
        classifier_settings = dict(metadata["classifier"])
        tokenizer = None if tokenizer_settings is None else Tokenizer(**tokenizer_settings)
    except (KeyError, TypeError) as exc:
        raise ModelError(str(folder / METADATA_FILE), f"incomplete model metadata ({type(exc).__name__}: {exc})") from None
    _check_shapes(folder, tokens, arrays)
    features = FeatureSpace(
        tokens, arrays["word_keys"], arrays["word_idf"], arrays["char_keys"], arrays["char_idf"], feature_settings, tokenizer
    )
    return LinearTopics(
        features, arrays["coef"], arrays["intercept"], arrays["calibration"], arrays["thresholds"],
        metadata=metadata, path=folder, classifier_settings=classifier_settings,
    )


def load_model(path: str | os.PathLike[str] | None = None) -> "TopicClassifier":
    """Load a topic model: the shipped default, or the folder at ``path``.

    Nothing in the files is executed: metadata is JSON, arrays are ``.npy`` read
    without pickle, and every file's SHA-256 is checked first. The result is a fitted
    :class:`~zhnews.TopicClassifier` (a scikit-learn estimator); to predict only,
    :func:`read_model` reads the same model without importing scikit-learn.

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
    model = read_model(path)
    return estimator_of(model)


def estimator_of(model: LinearTopics) -> "TopicClassifier":
    """A fitted :class:`~zhnews.TopicClassifier` with the arrays and settings of ``model``."""
    from .features import NewsFeaturizer
    from .model import TopicClassifier

    features = model.features
    metadata = model.metadata or {}
    settings = asdict(features.settings)
    min_df = metadata.get("featurizer", {}).get("min_df", 2)
    try:
        featurizer = NewsFeaturizer(tokenizer=features.tokenizer, min_df=min_df, **settings)
        classifier = TopicClassifier(featurizer, **model.classifier_settings)
    except TypeError as exc:
        where = str(model.path / METADATA_FILE) if model.path is not None else "model"
        raise ModelError(where, f"incomplete model metadata ({type(exc).__name__}: {exc})") from None
    featurizer.tokens_ = features.tokens
    featurizer.word_keys_, featurizer.word_idf_ = features.word_keys, features.word_idf
    featurizer.char_keys_, featurizer.char_idf_ = features.char_keys, features.char_idf
    featurizer.n_features_out_ = features.width
    fitted = (features.tokens, features.word_keys, features.word_idf, features.char_keys, features.char_idf, features.tokenizer)
    featurizer._space_cache = (fitted, featurizer._settings(), features)  # the same space: built once
    classifier.featurizer_ = featurizer
    classifier.coef_, classifier.intercept_ = model.coef, model.intercept
    classifier.calibration_, classifier.thresholds_ = model.calibration, model.thresholds
    classifier.classes_ = np.array(TOPICS)
    if model.metadata is not None:
        classifier.metadata_ = model.metadata
    if model.path is not None:
        classifier.path_ = model.path
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
