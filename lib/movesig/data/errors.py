"""The error of malformed input data: every check, reader and generator of the data stage raises it."""

from __future__ import annotations

__all__ = ["DataError"]


class DataError(ValueError):
    """Raised when input data is malformed; the message names the source and the problem."""
