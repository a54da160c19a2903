"""Exceptions raised by zhnews."""

from __future__ import annotations

__all__ = ["InputError"]


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
