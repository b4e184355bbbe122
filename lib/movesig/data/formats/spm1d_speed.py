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

__all__ = ["SPEED_CATEGORIES", "SPEED_FILES", "SPEED_SHA256", "load_speed_grf", "spm1d_data_folder"]

#: Speed category codes of ``ex_grf_speeds_cond.npy``, as conditions.
SPEED_CATEGORIES = {1: "slow", 2: "normal", 3: "fast"}
#: The files read, in order.
SPEED_FILES = tuple(f"ex_grf_subj{k:03d}.npy" for k in range(10)) + ("ex_grf_speeds.npy", "ex_grf_speeds_cond.npy")
#: SHA-256 of every file in spm1d 0.4.55 (checked by ``movesig datasets``).
SPEED_SHA256 = {
    "ex_grf_subj000.npy": "e90234abdabd64b90334bd8d7e141ad2ed072bbfbd50c105a70af219a2061402",
    "ex_grf_subj001.npy": "ab2c37fa4659e805f79090184c0bc90575a24fb2b746a1d675e0d9331bd2a884",
    "ex_grf_subj002.npy": "f77279e4e401be490114688b3de1b227bb920aeead8292c41f8bef1548421518",
    "ex_grf_subj003.npy": "36bb5ab829d1839f0e7eb82062d84c9c411480adcf8aff2a3f572e4ff2700463",
    "ex_grf_subj004.npy": "0eef76eac7b98dcb89607176848f6011823a1a820872a82957619537ef3575c7",
    "ex_grf_subj005.npy": "eaed20f1ba4482422ff5933e93021684a9d9c66bdecf93e378a4ba6cd283531e",
    "ex_grf_subj006.npy": "857ce0f6048c9a58752922a73705cfb051d7d897b38fb1459cbb973fba7fa26f",
    "ex_grf_subj007.npy": "6f1e2ce1383d36174350c1cdbb84d8c18a3620e2475301c7b59cf23b91d8fb97",
    "ex_grf_subj008.npy": "ee6794694a205b08f502b7ddcced4a6cd3d3912c074d6440c086a3bf981da246",
    "ex_grf_subj009.npy": "132c8f9f361412a3789223318e815903c81070673c47ae0f018f692cf6f6c4bc",
    "ex_grf_speeds.npy": "e9efb6fcbe589474424a5522d2dc0ed86b44569b50d39d913fb208685903aa3f",
    "ex_grf_speeds_cond.npy": "ea81154e2c55a5ac8b647ee47d67c62e7a39e60bc8c27a4daf4171c70596d37b",
}


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
