"""Exceptions raised by zhnews."""

from __future__ import annotations

__all__ = ["InputError", "MissingExtraError"]


class InputError(ValueError):
    """An input zhnews cannot read as Chinese text.

    The message always names the input (a file path, ``<stdin>``, or the
    ``source`` the caller gave), so that a batch over thousands of files says
    *which* one was refused and why.

    Attributes
    ----------
    source : str
        The name of the refused input.
    reason : str
        What is wrong with it, in one line.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class MissingExtraError(ImportError):
    """An optional part of zhnews is not installed.

    Raised by the function that needs the extra (never at import), so that the
    core library works without it. The message names the install command, e.g.
    ``pip install 'zhnews[report]'``, because that is what the user must do next.

    Attributes
    ----------
    extra : str
        The name of the missing extra.
    """

    def __init__(self, extra: str, what: str) -> None:
        self.extra = extra
        super().__init__(f"{what} needs the '{extra}' extra: pip install 'zhnews[{extra}]'")
