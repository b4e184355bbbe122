"""The checks of the dataset type's label vectors: the right length, nothing missing."""

from __future__ import annotations

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
