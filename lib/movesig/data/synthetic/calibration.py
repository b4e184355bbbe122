"""Generators calibrated to real data: the fitted statistics, how they are fitted, and how fits are kept.

A :class:`Calibration` holds what a generator needs to make trials that vary as the real
ones do: the population mean curve, the between-person variation of the person means
(principal components with their variances, corrected for the trial noise that a mean of
few trials still carries), the within-person (trial-to-trial) variation (principal
components plus a per-point residual SD), and the provenance of the data it was fitted
on. :func:`calibrate` re-estimates it from a :class:`~movesig.data.Dataset`, so that the
numbers can be reproduced (``tests/data/test_calibration.py`` does so on the real files).
:func:`cached` keeps a fit in movesig's cache, under a name that includes the SHA-256 of
the files it was fitted on: nothing derived from real data is shipped with the package.
A damaged cache file (cut short, overwritten) is fitted again and replaced, and a cache
folder that cannot be written is not fatal: the fit is then used from memory (both say so
in a warning).
This module reads no data set: the cards (:func:`movesig.data.cards.load_calibration`)
fit a named calibration (:data:`CALIBRATIONS`) on the real files the first time it is
asked for and hand it to the generators.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import DataError
from ..fetch import cache_dir

__all__ = ["CALIBRATIONS", "Calibration", "Recipe", "cached", "calibrate", "read_calibration"]


@dataclass(frozen=True)
class Recipe:
    """What a named calibration is fitted on: a data set of :data:`movesig.data.CARDS`, a condition, its label."""

    dataset: str
    condition: str
    selection: str


#: Named calibrations: fitted on first use, then read from the cache.
CALIBRATIONS = {"gaitrec-healthy": Recipe("gaitrec", "healthy control", "healthy controls")}


@dataclass(frozen=True)
class Calibration:
    """Statistics of real trials that a generator reproduces.

    Attributes
    ----------
    mean : ndarray of shape (n_channels, n_times)
        Population mean curve.
    between : ndarray of shape (k_between, n_channels, n_times)
        Components of the person means' variation, each scaled by its SD (draw
        ``Σ z_j between_j`` with z ~ N(0, 1)).
    within : ndarray of shape (k_within, n_channels, n_times)
        Components of the trial-to-trial variation within a person, scaled by their SD.
    residual_sd : ndarray of shape (n_channels, n_times)
        SD of the within-person variation the components leave, per point (drawn white).
    channels : tuple of str
    source : dict
        What it was fitted on: data set, files and their SHA-256, persons, trials, the
        selection (e.g. healthy controls only).
    """

    mean: np.ndarray
    between: np.ndarray
    within: np.ndarray
    residual_sd: np.ndarray
    channels: tuple
    source: dict

    @property
    def within_sd(self) -> np.ndarray:
        """SD of the trial-to-trial variation at every point, shape (n_channels, n_times)."""
        return np.sqrt((self.within ** 2).sum(axis=0) + self.residual_sd ** 2)

    @property
    def between_sd(self) -> np.ndarray:
        """SD of the person means at every point, shape (n_channels, n_times)."""
        return np.sqrt((self.between ** 2).sum(axis=0))

    def save(self, path) -> Path:
        """Write as ``.npz`` (float32 arrays, the source as JSON); an existing file is refused."""
        path = Path(path)
        if path.exists():
            raise DataError(f"{path}: exists; movesig never overwrites a file")
        np.savez_compressed(path, mean=self.mean.astype(np.float32), between=self.between.astype(np.float32),
                            within=self.within.astype(np.float32), residual_sd=self.residual_sd.astype(np.float32),
                            channels=np.array(self.channels), source=np.array(json.dumps(self.source, sort_keys=True)))
        return path


def read_calibration(path) -> Calibration:
    """A calibration written by :meth:`Calibration.save`.

    Raises
    ------
    DataError
        One line naming the file, when it is missing or not a readable calibration (cut short, damaged,
        another kind of file).
    """
    if not Path(path).is_file():
        raise DataError(f"calibration {path!r}: no such file")
    try:
        with np.load(path, allow_pickle=False) as f:
            return _stored(Calibration(f["mean"], f["between"], f["within"], f["residual_sd"],
                                       tuple(str(c) for c in f["channels"]), json.loads(str(f["source"]))))
    except (zipfile.BadZipFile, EOFError, ValueError, KeyError, OSError, AttributeError) as exc:
        # np.load: a cut-short zip, a damaged member, a missing array, a file that is no .npz at all
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise DataError(f"calibration {path}: not a readable calibration file ({reason[:200]})") from None


def _stored(cal: Calibration) -> Calibration:
    """``cal`` as :meth:`Calibration.save` and :func:`read_calibration` give it back (float32 numbers, JSON source),
    so that a fit used from memory gives the numbers of the same fit read from the cache."""
    def f(a):
        return np.asarray(a).astype(np.float32).astype(np.float64)

    return Calibration(f(cal.mean), f(cal.between), f(cal.within), f(cal.residual_sd),
                       tuple(str(c) for c in cal.channels), json.loads(json.dumps(cal.source, sort_keys=True)))


def _components(cov: np.ndarray, k: int, shape) -> np.ndarray:
    """The k leading eigenvectors of ``cov`` scaled by the square roots of their (non-negative) eigenvalues."""
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:k]
    values = np.clip(values[order], 0, None)
    return (vectors[:, order] * np.sqrt(values)).T.reshape((len(order),) + shape)


def calibrate(dataset, n_between: int = 30, n_within: int = 30, selection: str = "") -> Calibration:
    """Fit a :class:`Calibration` to measured trials.

    Parameters
    ----------
    dataset : Dataset
        At least 3 persons with at least 2 trials each.
    n_between, n_within : int
        Principal components kept for the between-person and the within-person variation.
    selection : str
        What of the data set was used (recorded in the source), e.g. ``"healthy controls"``.

    Notes
    -----
    The covariance of the person means is the between-person covariance plus the mean of
    ``S_w / n_p`` (each person's mean carries its own trials' noise); that part is
    subtracted before the components are taken, and negative eigenvalues are set to 0.
    """
    X, person = dataset.X, dataset.person
    persons, counts = np.unique(person, return_counts=True)
    if len(persons) < 3 or counts.min() < 2:
        raise DataError(f"{dataset.provenance.source}: calibration needs at least 3 persons with 2 trials each")
    shape = X.shape[1:]
    flat = X.reshape(len(X), -1)
    means = np.stack([flat[person == p].mean(axis=0) for p in persons])
    residuals = np.concatenate([flat[person == p] - means[i] for i, p in enumerate(persons)])
    within_cov = residuals.T @ residuals / (len(X) - len(persons))
    centred = means - means.mean(axis=0)
    between_cov = centred.T @ centred / (len(persons) - 1) - within_cov * np.mean(1.0 / counts)
    within = _components(within_cov, n_within, shape)
    residual_var = np.clip(np.diag(within_cov) - (within.reshape(len(within), -1) ** 2).sum(axis=0), 0, None)
    source = {"dataset": dataset.provenance.name, "title": dataset.provenance.title,
              "citation": dataset.provenance.citation, "licence": dataset.provenance.licence,
              "files": {f.name: f.sha256 for f in dataset.provenance.files}, "selection": selection,
              "n_persons": int(len(persons)), "n_trials": int(len(X)), "n_between": int(n_between),
              "n_within": int(n_within)}
    return Calibration(means.mean(axis=0).reshape(shape), _components(between_cov, n_between, shape), within,
                       np.sqrt(residual_var).reshape(shape), tuple(dataset.channels), source)


def cached(recipe: Recipe, pinned: str, fit: Callable[[], Calibration]) -> Calibration:
    """The calibration of ``recipe`` from movesig's cache, or ``fit()`` kept there first.

    ``pinned`` (the SHA-256 of the files it is fitted on) is part of the file's name: other
    files, another fit. The cache file is movesig's own: a damaged one (cut short, say) is
    fitted again and replaced, with a warning. When the cache folder cannot be written (read
    only, full, not a folder) the fit is used from memory, with the numbers the cache would
    have given, and a warning naming the folder.
    """
    key = hashlib.sha256(f"{recipe}|{pinned}".encode()).hexdigest()[:16]
    folder = cache_dir() / "calibrations"
    path = folder / f"{recipe.dataset}-{key}.npz"
    try:
        found = path.is_file()
    except OSError:  # a cache folder that cannot be searched: as if empty
        found = False
    if found:
        try:
            return read_calibration(path)
        except DataError as exc:
            warnings.warn(f"{exc}; it is movesig's own cache file: fitted again and replaced", stacklevel=2)
    cal = _stored(fit())
    tmp = folder / f".{path.stem}-{os.getpid()}-{secrets.token_hex(4)}.npz"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cal.save(tmp)
        os.replace(tmp, path)  # readers never see half a file; parallel fits write the same numbers
    except OSError as exc:
        warnings.warn(f"the calibration could not be kept in {folder} ({exc.strerror or exc}); it is used from "
                      "memory and fitted again next time: set MOVESIG_CACHE_DIR to a folder you can write",
                      stacklevel=2)
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    return cal
