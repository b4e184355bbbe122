"""The Aeles et al. (2021) EMG layout (the 7-person file and the study's own files) -> Dataset."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum
from .mat import cell_labels, one_hot_index, read_mat

__all__ = ["AELES_MUSCLES", "aeles_task_condition", "load_aeles_emg"]

#: Muscle order of the Aeles et al. files.
AELES_MUSCLES = ("VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF")

_AELES_NAME = re.compile(r"Data_(?P<task>Walking|Pedalling)_(?:(?P<power>\w+?)_)?(?P<kind>Baseline|Robustness)_(?P<day>Day\d)")


def aeles_task_condition(name: str) -> tuple[str, str]:
    """Task and condition encoded in an Aeles file name (the names of ``EMG_CONDITIONS``).

    ``Data_Walking_Baseline_Day1.mat`` -> ("walking", "day1");
    ``Data_Pedalling_80W_Robustness_Day1.mat`` -> ("pedalling", "80W-day1").
    Other names give ("unknown", "").
    """
    m = _AELES_NAME.search(name)
    if not m:
        return "unknown", ""
    day = m["day"].lower()
    return m["task"].lower(), day if m["power"] is None else f"{m['power']}-{day}"


def load_aeles_emg(
    path,
    task: str | None = None,
    condition: str | None = None,
    min_trials: int = 1,
    provenance: Provenance | None = None,
) -> Dataset:
    """One file in the Aeles et al. (2021) layout.

    Parameters
    ----------
    path : path-like
        MATLAB file with ``Feature`` (N, 8, 200), ``Target_Subject`` (N, P) one-hot
        (columns of participants absent from the file may be empty) and optionally
        ``Feature_EMG_Label``.
    task, condition : str, optional
        Labels for every cycle; default: read from the file name (see
        :func:`aeles_task_condition`).
    min_trials : int
        Fewest cycles a participant must have.
    provenance : Provenance, optional
        Name, title, citation and licence (the data card's); the file read is added.
        Default: a bare ``"aeles-2021"`` provenance.

    Returns
    -------
    Dataset
        X of shape (N, 8, 200); ``person`` is the one-hot column index (the same
        participant in every file).
    """
    path = Path(path)
    m = read_mat(path, ("Feature", "Target_Subject"))
    feature = np.asarray(m["Feature"])
    if feature.ndim != 3:
        raise DataError(f"{path}: Feature must be (n_cycles, n_muscles, n_times), got shape {feature.shape}")
    person = one_hot_index(m["Target_Subject"], path, "Target_Subject", feature.shape[0])
    if "Feature_EMG_Label" in m:
        channels = cell_labels(m["Feature_EMG_Label"], path, "Feature_EMG_Label")
    elif feature.shape[1] == len(AELES_MUSCLES):
        channels = list(AELES_MUSCLES)
    else:
        raise DataError(f"{path}: no Feature_EMG_Label and {feature.shape[1]} channels (expected 8)")
    file_task, file_condition = aeles_task_condition(path.name)
    if provenance is None:
        provenance = Provenance(name="aeles-2021", title="EMG of 8 leg muscles, Aeles et al. (2021) layout")
    return Dataset(
        X=feature,
        person=person,
        channels=tuple(channels),
        task=task or file_task,
        condition=condition if condition is not None else file_condition,
        time_axis="% of cycle",
        units="peak-normalised EMG envelope (each cycle and muscle max = 1)",
        provenance=replace(provenance, files=(SourceFile(path.name, sha256sum(path)),)),
        min_trials=min_trials,
    )
