"""A user's own data as ``.npz`` -> Dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum

__all__ = ["NPZ_KEYS", "NPZ_OPTIONAL", "load_npz"]

#: Arrays every file must hold.
NPZ_KEYS = ("X", "person", "channels")
#: Arrays a file may hold.
NPZ_OPTIONAL = ("task", "condition", "time_axis", "units")


def load_npz(path, min_trials: int = 1, name: str = "npz") -> Dataset:
    """A user's own data as ``.npz``.

    The file holds ``X`` (n_trials, n_channels, n_times), ``person`` (n_trials,),
    ``channels`` (n_channels,) and optionally ``task``, ``condition`` (n_trials,) and the
    strings ``time_axis`` and ``units``. Write one with::

        np.savez("mine.npz", X=X, person=person, channels=["Fz left", ...])

    Parameters
    ----------
    path : path-like
        The ``.npz`` file.
    min_trials : int
        Fewest trials a person must have.
    name : str
        The provenance name.

    Returns
    -------
    Dataset
        X of shape (n_trials, n_channels, n_times).

    Raises
    ------
    DataError
        When the file is missing or unreadable, lacks an array or holds an unknown one.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        with np.load(path, allow_pickle=False) as z:
            content = {k: z[k] for k in z.files}
    except Exception as exc:
        raise DataError(f"{path}: not a readable .npz file ({exc})") from exc
    missing = [k for k in NPZ_KEYS if k not in content]
    if missing:
        raise DataError(f"{path}: missing array(s) {', '.join(missing)} (found: {', '.join(sorted(content)) or 'none'})")
    unknown = sorted(set(content) - set(NPZ_KEYS) - set(NPZ_OPTIONAL))
    if unknown:
        raise DataError(f"{path}: unknown array(s) {', '.join(unknown)}; allowed: {', '.join(NPZ_KEYS + NPZ_OPTIONAL)}")
    extra = {k: str(content[k]) for k in ("time_axis", "units") if k in content}
    source = SourceFile(path.name, sha256sum(path))
    prov = Provenance(name=name, title=f"user data from {path.name}", files=(source,))
    return Dataset(
        X=content["X"],
        person=content["person"],
        channels=tuple(np.atleast_1d(content["channels"]).astype(str)),
        task=content.get("task"),
        condition=content.get("condition"),
        provenance=prov,
        min_trials=min_trials,
        **extra,
    )
