"""The checks of the dataset type's label vectors (the right length, nothing missing) and of a trial's samples."""

from __future__ import annotations

import hashlib

import numpy as np

from .errors import DataError


def _vector(value, n: int, name: str, src: str) -> np.ndarray:
    if isinstance(value, str) or np.ndim(value) == 0:
        return np.full(n, value)
    arr = np.asarray(value)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise DataError(f"{src}: {name} must have shape ({n},) to match X, got {arr.shape}")
    return arr.copy()


def _covariate(value, n: int, name: str, src: str) -> np.ndarray:
    """A numeric, finite per-trial vector, float64."""
    arr = _vector(value, n, f"covariate {name}", src)
    if arr.dtype.kind not in "iuf":
        raise DataError(f"{src}: covariate {name} must be numeric, got dtype {arr.dtype}")
    if not np.isfinite(arr).all():
        raise DataError(f"{src}: covariate {name} has {int((~np.isfinite(arr)).sum())} non-finite value(s)")
    return arr.astype(np.float64)


def _check_ids(ids: np.ndarray, name: str, src: str) -> None:
    """Refuse missing labels: NaN in numbers, empty or blank text, None."""
    if ids.dtype.kind == "f" and np.isnan(ids).any():
        raise DataError(f"{src}: {name} holds {int(np.isnan(ids).sum())} NaN label(s) (first at trial "
                           f"{int(np.flatnonzero(np.isnan(ids))[0])}); every trial needs a {name}")
    if ids.dtype.kind in "US":
        blank = np.char.strip(ids.astype(str)) == ""
        if blank.any():
            raise DataError(f"{src}: {name} is empty for {int(blank.sum())} trial(s) (first: trial "
                               f"{int(np.flatnonzero(blank)[0])}); every trial needs a {name}")
    if ids.dtype.kind == "O":
        raise DataError(f"{src}: {name} must hold numbers or text, got Python objects")
    if ids.dtype.kind == "c":
        raise DataError(f"{src}: {name} must hold numbers or text, got complex numbers")


#: Largest magnitude the study accepts: scaling squares the data, which overflows beyond about 1e150.
LARGEST_VALUE = 1e150


def _check_samples(values: np.ndarray, channels, src, rows=None, what: str = "row") -> None:
    """Refuse a non-finite or overflowing sample of one trial, naming its row and channel.

    Parameters
    ----------
    values : ndarray of shape (n_samples, n_channels)
    channels : sequence of str, length n_channels
    src : str or path
        The file, for the message.
    rows : sequence of int, optional
        The file's number of every sample (e.g. its line); default: counted from 1.
    what : str
        What ``rows`` counts, for the message ("row", "analog sample").
    """
    def where(i, j):
        return f"{what} {rows[i] if rows is not None else i + 1}, column {channels[j]}"

    bad = ~np.isfinite(values)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise DataError(f"{src}: {where(i, j)} is not finite ({values[i, j]}); every sample needs a number")
    big = np.abs(values) > LARGEST_VALUE
    if big.any():
        i, j = np.argwhere(big)[0]
        raise DataError(f"{src}: {where(i, j)} is {values[i, j]:.3g}; scaling squares the data, which overflows "
                        "beyond about 1e150: rescale it (e.g. to SI units)")


def _first_duplicate(X: np.ndarray) -> tuple[int, int] | None:
    """The first two trials of ``X`` (axis 0) that are identical, sample for sample; None if there are none."""
    seen: dict[bytes, list[int]] = {}
    for i, trial in enumerate(np.ascontiguousarray(X)):
        key = hashlib.sha256(trial.tobytes()).digest()
        for j in seen.get(key, []):
            if np.array_equal(X[j], trial):
                return j, i
        seen.setdefault(key, []).append(i)
    return None
