"""The walking-speed data set that ships inside the spm1d package (Pataky et al. 2008).

Files (numpy ``.npy``, in ``spm1d/data/datafiles/`` of spm1d 0.4.55): ``ex_grf_subj000.npy``
… ``ex_grf_subj009.npy``, each (60 trials, 101 points) of vertical ground reaction force
over stance; ``ex_grf_speeds.npy`` (60, 10), the measured walking speed of every trial in
m/s; ``ex_grf_speeds_cond.npy`` (60, 10), its speed category 1 / 2 / 3 (20 trials each;
mean speeds 1.09 / 1.44 / 1.95 m/s: slow, normal, fast). spm1d is GPL-3.0: its files are
read where the installed package keeps them; nothing of it is copied here.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum

__all__ = ["SPEED_CATEGORIES", "SPEED_FILES", "load_speed_grf", "spm1d_data_folder"]

#: Speed category codes of ``ex_grf_speeds_cond.npy``, as conditions.
SPEED_CATEGORIES = {1: "slow", 2: "normal", 3: "fast"}
#: The files read, in order.
SPEED_FILES = tuple(f"ex_grf_subj{k:03d}.npy" for k in range(10)) + ("ex_grf_speeds.npy", "ex_grf_speeds_cond.npy")


def spm1d_data_folder() -> Path | None:
    """Where the installed spm1d keeps its data files, or None when spm1d is not installed."""
    import importlib.util

    spec = importlib.util.find_spec("spm1d")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "datafiles"


def _read(path: Path, shape) -> np.ndarray:
    try:
        arr = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise DataError(f"{path.name}: not a readable .npy file ({exc})") from None
    if arr.shape != shape:
        raise DataError(f"{path.name}: expected shape {shape}, got {arr.shape}")
    return arr


def load_speed_grf(folder, provenance: Provenance, min_trials: int = 1) -> Dataset:
    """Vertical GRF of 10 people × 60 trials at three walking speeds.

    Parameters
    ----------
    folder : path-like
        Folder holding :data:`SPEED_FILES` (spm1d's ``data/datafiles``).
    provenance : Provenance
        The data card's facts; the files read are added with their SHA-256.

    Returns
    -------
    Dataset
        X of shape (600, 1, 101) (``"vertical"``, % of stance, units as shipped: no unit is
        documented; stance peaks near 2); person ``"S01"`` … ``"S10"``; condition the speed
        category (:data:`SPEED_CATEGORIES`); covariate ``"speed"`` in m/s.
    """
    folder = Path(folder)
    missing = [f for f in SPEED_FILES if not (folder / f).is_file()]
    if missing:
        raise DataError(f"{folder}: missing {', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}")
    curves = [_read(folder / f, (60, 101)) for f in SPEED_FILES[:10]]
    speeds = _read(folder / SPEED_FILES[10], (60, 10))
    codes = _read(folder / SPEED_FILES[11], (60, 10))
    unknown = sorted(set(np.unique(codes).tolist()) - set(SPEED_CATEGORIES))
    if unknown:
        raise DataError(f"{SPEED_FILES[11]}: unknown speed categories {unknown}; expected 1, 2, 3")
    X = np.concatenate(curves)[:, None, :]
    person = np.repeat([f"S{k + 1:02d}" for k in range(10)], 60)
    condition = np.array([SPEED_CATEGORIES[int(c)] for c in codes.T.ravel()])
    files = tuple(SourceFile(f, sha256sum(folder / f)) for f in SPEED_FILES)
    return Dataset(X=X, person=person, channels=("vertical",), provenance=replace(provenance, files=files),
                   task=np.full(len(X), "walking"), condition=condition, time_axis="% of stance",
                   units="as shipped by spm1d (no unit documented)", min_trials=min_trials,
                   covariates={"speed": speeds.T.ravel()})
