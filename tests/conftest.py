"""Shared test helpers: where the project and ../shared are, and how optional parts skip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"

#: Set by ``.ci/run``: CI installs every extra, the browser and has ../shared, so a
#: test that would skip for want of one of them fails instead of passing silently.
STRICT_ENV = "ZHNEWS_STRICT_OPTIONAL"


def skip_optional(reason: str) -> NoReturn:
    """Skip a test whose optional part (an extra, a browser, ../shared) is missing.

    A user's clone lacks some of them and must still pass; under ``ZHNEWS_STRICT_OPTIONAL=1``
    (CI) the missing part is an error of the set-up, so the test fails and says why.
    """
    if os.environ.get(STRICT_ENV) == "1":
        pytest.fail(f"{reason} (required: {STRICT_ENV}=1)", pytrace=False)
    pytest.skip(reason)


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test when the folder is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        skip_optional(f"{path} not present (../shared is only beside the developers' checkout)")
    return path


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def run_python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` (dedented) in a fresh interpreter, ``sys.argv[1:]`` = ``args``, extra ``env`` on top of ours."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def python_prints(code: str, *, quiet: bool = False) -> str:
    """What ``code`` prints in a fresh interpreter: tests of what an import loads need one.

    Fails the test with the child's stderr when it exits non-zero, and with ``quiet``
    also when it writes anything to stderr (a warning, a log line).
    """
    run = run_python(code)
    if run.returncode != 0:
        pytest.fail(f"the child interpreter exited {run.returncode}:\n{run.stderr}", pytrace=False)
    if quiet and run.stderr:
        pytest.fail(f"the child interpreter wrote to stderr:\n{run.stderr}", pytrace=False)
    return run.stdout
