"""The Gutenberg Gait Database as published on figshare (CSV files) -> one Dataset.

Horst et al. 2021, Scientific Data 8:232, CC BY 4.0; files at
https://doi.org/10.6084/m9.figshare.c.5311538. The layout of GaitRec's files
(:mod:`.gaitrec_full`) with ``DATASET_ID`` (the sub-study) as the first column of every file:
``GRF_metadata.csv`` one row per session (``DATASET_ID, SUBJECT_ID, SESSION_ID, ...``, dates
with times), ``GRF_F_{V,AP,ML}_PRO_{left,right}.csv`` and ``GRF_COP_{AP,ML}_PRO_{left,right}.csv``
(``DATASET_ID, SUBJECT_ID, SESSION_ID, TRIAL_ID`` then 101 values), and
``GRF_walking_speed.csv`` (``DATASET_ID, SUBJECT_ID, SESSION_ID, TRIAL_ID`` then the walking
speed of the trial in m/s). A person is (``DATASET_ID``, ``SUBJECT_ID``).
"""

from __future__ import annotations

import numpy as np

from ..dataset import DataError, Dataset, Provenance
from .gaitrec_full import (
    CLASS_WORDS,
    METADATA,
    MISSING,
    complete,
    curve_files,
    duplicate_rows,
    finish,
    join_curves,
    locate_files,
    match_sessions,
    metadata_covariates,
    numbers,
    read_table,
    units_of,
)

__all__ = ["GUTENBERG_FILES", "SPEED_FILE", "load_gutenberg", "person_id"]

SPEED_FILE = "GRF_walking_speed.csv"
#: Every file the Gutenberg card looks for: the metadata, the curves (centre of pressure last), the speeds.
GUTENBERG_FILES = (METADATA,) + tuple(f for f, _, _ in curve_files(cop=True)) + (SPEED_FILE,)
_TRIAL = ("DATASET_ID", "SUBJECT_ID", "SESSION_ID", "TRIAL_ID")
_NOT_GUTENBERG = ("; the Gutenberg Gait Database's files begin DATASET_ID, SUBJECT_ID (a file beginning SUBJECT_ID "
                  "is GaitRec's: -p dataset gaitrec-full)")


def person_id(dataset_id, subject_id) -> str:
    """The one id text of a person: ``"<DATASET_ID>-<SUBJECT_ID>"``, e.g. ``"4-12"``."""
    return f"{int(dataset_id)}-{int(subject_id)}"


def _speeds(path, keys: np.ndarray) -> tuple[np.ndarray | None, str]:
    """The walking speed of every trial ``keys`` (NaN where the file has none), and a note saying where it came from.

    The speed is the file's last column (``WALKING_SPEED`` in m/s as published; another name is
    accepted). A cell that is neither a number nor unknown leaves the covariate out (None), the
    note naming its row; a file of the wrong form, or a trial given twice, is refused.
    """
    import pandas as pd

    table, ids = read_table(path, _TRIAL, hint=_NOT_GUTENBERG)
    if len(table.columns) < len(_TRIAL) + 1:
        raise DataError(f"{path}: no speed column after {', '.join(_TRIAL)}")
    column = table.columns[-1]
    duplicate_rows(ids, path, _TRIAL, "trial")
    try:
        values = numbers(table, column, path)
    except DataError as exc:
        return None, f"covariate speed left out: {exc}"
    rows = pd.MultiIndex.from_arrays(list(ids.T)).get_indexer(pd.MultiIndex.from_arrays(list(keys.T)))
    return np.where(rows >= 0, values[rows], np.nan), f"covariate speed: column {column} of {SPEED_FILE} (m/s)"


def load_gutenberg(files, cop: bool = False, min_trials: int = 1, provenance: Provenance | None = None) -> Dataset:
    """The Gutenberg Gait Database as published: 6 force channels (10 with ``cop``) × 101 points per trial.

    Parameters
    ----------
    files : path-like or sequence of path-like
        The folder holding the files, or the files found (every one is read from the folder of
        ``GRF_metadata.csv``; see :data:`GUTENBERG_FILES`). ``GRF_walking_speed.csv`` is read where present.
    cop : bool
        Also read the centre of pressure (``GRF_COP_{AP,ML}_PRO_*.csv``).
    min_trials : int
        Fewest trials a person must have.
    provenance : Provenance, optional
        The card's facts; the files read, the notes and the counts (people, sessions, trials) are added.

    Returns
    -------
    Dataset
        X of shape (n_trials, 6 or 10, 101) in multiples of body weight, trials sorted by data set,
        subject, session and trial; person :func:`person_id` text; condition the class in words where
        the metadata has ``CLASS_LABEL``, else ``"healthy control"`` (every participant was healthy);
        covariates ``dataset`` (``DATASET_ID``), ``session`` (``SESSION_ID``) and, where known for every
        trial, ``speed`` (m/s, from ``GRF_walking_speed.csv``), ``session_date`` (days since 1970-01-01),
        ``sex``, ``age``, ``body_mass``, ``shod_condition`` and ``speed_code`` as the metadata code them.
        A covariate unknown (or unreadable) for some trial is left out and the provenance says so; so
        are trials missing from a curve file or whose session is not in the metadata (dropped, not
        refused: their count is a note).

    Raises
    ------
    DataError
        One line naming the file: a missing file, a curve row with the wrong number of values or a
        cell that is not a number, a metadata row with the wrong number of cells, a trial or a
        session given twice.
    """
    if not isinstance(cop, bool):
        raise DataError(f"gutenberg: option cop must be true or false, got {cop!r}")
    specs = curve_files(cop)
    paths = locate_files(files, [METADATA, *(name for name, _, _ in specs)], optional=(SPEED_FILE,),
                         what="the Gutenberg Gait Database")
    table, sessions = read_table(paths[METADATA], _TRIAL[:3], hint=_NOT_GUTENBERG)
    duplicate_rows(sessions, METADATA, _TRIAL[:3], "session")
    keys, X, notes = join_curves(paths, specs, _TRIAL, hint=_NOT_GUTENBERG)
    rows, more = match_sessions(keys[:, :3], sessions, _TRIAL[:3], METADATA)
    notes += more
    keep = rows >= 0
    if not keep.any():
        raise DataError(f"{METADATA}: no trial of the curve files has its session in the metadata")
    keys, X, rows = keys[keep], X[keep], rows[keep]
    covariates = {"dataset": keys[:, 0].astype(np.float64), "session": keys[:, 2].astype(np.float64)}
    if SPEED_FILE in paths:
        speed, note = _speeds(paths[SPEED_FILE], keys)
        covariates |= {} if speed is None else {"speed": speed}
        notes.append(note)
    else:
        notes.append(f"{SPEED_FILE} not found beside {METADATA}: no covariate speed")
    measured, notes_meta = metadata_covariates(table, rows, paths[METADATA])
    covariates, more = complete(covariates | measured, lambda m: len(np.unique(keys[m, :3], axis=0)))
    more = notes_meta + more
    person = np.array([person_id(d, s) for d, s in keys[:, :2]])
    if "CLASS_LABEL" in table.columns:
        codes = table["CLASS_LABEL"].to_numpy(str)[rows]
        condition = np.array([CLASS_WORDS.get(c, c) if c.lower() not in MISSING else "unknown" for c in codes])
    else:
        condition = "healthy control"
    return finish(provenance or Provenance(name="gutenberg", title="Gutenberg Gait Database (figshare)"), paths,
                  GUTENBERG_FILES, X, [ch for _, _, ch in specs], person, condition, covariates, notes + more,
                  min_trials, units_of(cop))
