"""Helpers shared by the tests (imported as ``from tests.helpers import ...``; fixtures stay in conftest)."""

from __future__ import annotations

import numpy as np


def matlab_cell(names):
    """A MATLAB cell array of strings of shape (1, 1, n), as the study files store channel names."""
    cell = np.empty((1, 1, len(names)), dtype=object)
    for i, n in enumerate(names):
        cell[0, 0, i] = np.array([n])
    return cell


def write_aeles_file(path, persons, n_columns: int = 78, n_cycles: int = 30) -> np.ndarray:
    """A small study file in the authors' layout (Feature, Target_Subject, Feature_EMG_Label); returns its X."""
    import scipy.io

    rng = np.random.default_rng(1)
    X = rng.random((len(persons) * n_cycles, 8, 200))
    X /= X.max(axis=2, keepdims=True)
    onehot = np.zeros((len(X), n_columns), dtype=np.uint8)
    onehot[np.arange(len(X)), np.repeat(persons, n_cycles)] = 1
    scipy.io.savemat(path, {"Feature": X, "Target_Subject": onehot,
                            "Feature_EMG_Label": matlab_cell(["VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF"])})
    return X
