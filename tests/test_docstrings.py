"""The examples in the docstrings are true: each module's doctests run here.

Modules of an optional extra that is not installed are skipped (failing under
ZHNEWS_STRICT_OPTIONAL=1, as CI runs); examples marked ``+SKIP`` (they need the
shipped model, or print what varies) are not run.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest
from conftest import skip_optional

import zhnews

# zhnews.__main__ runs the command on import; the shipped models are data.
MODULES = sorted(m.name for m in pkgutil.walk_packages(zhnews.__path__, "zhnews.") if not m.name.startswith("zhnews._models") and m.name != "zhnews.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_hold(name):
    try:
        module = importlib.import_module(name)
    except ImportError as exc:  # a module of an optional extra
        skip_optional(f"{name} needs an optional extra: {exc}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples of {name} fail (run python -m doctest -v on it)"
