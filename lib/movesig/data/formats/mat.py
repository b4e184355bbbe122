"""Reading MATLAB v5 files and the study files' cell arrays and one-hot labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..dataset import DataError

__all__ = ["cell_labels", "check_file", "one_hot_index", "read_mat"]


def check_file(path) -> Path:
    """``path`` as a Path if it is a readable file; otherwise one line saying what it is."""
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a file")
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return path


def read_mat(path: Path, required: tuple[str, ...]) -> dict:
    """Read a MATLAB v5 file, checking that ``required`` keys are present.

    Parameters
    ----------
    path : path-like
        The ``.mat`` file.
    required : tuple of str
        Variables the file must hold.

    Returns
    -------
    dict
        Variable name -> array, as :func:`scipy.io.loadmat` returns it.

    Raises
    ------
    DataError
        If the file is missing, unreadable (truncated, not MATLAB, v7.3/HDF5) or lacks a key.
    """
    import scipy.io

    path = check_file(path)
    try:
        content = scipy.io.loadmat(path)
    except NotImplementedError as exc:
        raise DataError(f"{path}: MATLAB v7.3 (HDF5) files are not supported; save it with -v7 ({exc})") from exc
    except Exception as exc:  # scipy raises many types for damaged files
        raise DataError(f"{path}: not a readable MATLAB file, it may be truncated or damaged ({exc})") from exc
    missing = [k for k in required if k not in content]
    if missing:
        present = sorted(k for k in content if not k.startswith("__"))
        raise DataError(f"{path}: missing key(s) {', '.join(missing)} (found: {', '.join(present) or 'none'})")
    return content


def cell_labels(cell, path: Path, key: str) -> list[str]:
    """The strings of a MATLAB cell array (any shape, e.g. (1, 1, n)), stripped, in order.

    Raises
    ------
    DataError
        Naming ``path`` and ``key`` when an element is not a string array.
    """
    try:
        return [str(np.ravel(item)[0]).strip() for item in np.ravel(cell)]
    except Exception as exc:
        raise DataError(f"{path}: cannot read channel names from {key} ({exc})") from exc


def one_hot_index(onehot: np.ndarray, path: Path, key: str, n: int) -> np.ndarray:
    """Column index of every row of a one-hot matrix.

    Parameters
    ----------
    onehot : ndarray of shape (n, n_columns)
        Exactly one 1 per row; columns without any 1 are allowed.
    path, key : Path, str
        The file and variable, for the message.
    n : int
        Rows expected (the number of trials).

    Returns
    -------
    ndarray of int, shape (n,)

    Raises
    ------
    DataError
        On a wrong shape or a row that is not one-hot.
    """
    onehot = np.asarray(onehot)
    if onehot.ndim != 2 or onehot.shape[0] != n:
        raise DataError(f"{path}: {key} must have shape ({n}, n_persons) to match Feature, got {onehot.shape}")
    if not np.isin(onehot, (0, 1)).all():
        bad = np.argwhere(~np.isin(onehot, (0, 1)))[0]
        raise DataError(f"{path}: {key} must hold only 0 and 1 (one-hot), got {onehot[tuple(bad)]!r} at row "
                        f"{bad[0]}, column {bad[1]}")
    sums = onehot.sum(axis=1)
    if not np.all(sums == 1):
        bad = np.flatnonzero(sums != 1)
        raise DataError(f"{path}: {key} is not one-hot in {bad.size} row(s) (first: row {bad[0]}, sum {sums[bad[0]]})")
    return onehot.argmax(axis=1)
