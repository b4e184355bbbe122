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


#: Small parameters for every run of the book (the tests build the whole book with them).
SMALL = {
    "identification": {"n_persons": 12, "compare_standardise": True, "n_show": 2, "n_jobs": 1},
    "gait_models": {"n_persons": 6, "iterations": 30, "n_repeats": 2, "n_jobs": 1, "n_show": 2,
                    "max_fraction": 0.45, "fraction_step": 0.05, "show_models": ["svm_c0.1", "cnn_a"]},
    "gait_models_synthetic": {"n_persons": 6, "iterations": 30, "n_repeats": 2, "n_jobs": 1, "n_show": 2,
                              "max_fraction": 0.45, "fraction_step": 0.05, "show_models": ["cnn_c3"]},
    "emg_signatures": {"n_persons": 4, "C_grid": [1, 0.01], "n_jobs": 1},
    "emg_signatures_synthetic": {"n_persons": 5, "n_jobs": 1},
    "emg_stability": {"n_persons": 5, "n_jobs": 1},
    "participant_number": {"n_persons": 5, "n_values": [2, 5], "n_draws": 2, "n_jobs": 1},
    "participant_number_real": {"n_persons": 4, "n_values": [2, 3, 4], "n_draws": 2, "n_jobs": 1},
    "speed": {"n_persons": 5, "n_splits": 5, "spm_iterations": 100, "n_jobs": 1, "n_show": 1},
    "uniqueness": {"n_persons": 12, "sizes": [4, 8], "n_draws": 2, "n_boot": 200, "n_jobs": 1},
    "uniqueness_speed": {"n_persons": 5, "n_draws": 2, "n_boot": 200, "n_jobs": 1},
    "uniqueness_emg": {"n_persons": 5, "n_draws": 2, "n_boot": 200, "n_jobs": 1},
}
