"""Helpers shared by the tests (imported as ``from tests.helpers import ...``; fixtures stay in conftest)."""

from __future__ import annotations

import numpy as np


def matlab_cell(names):
    """A MATLAB cell array of strings of shape (1, 1, n), as the study files store channel names."""
    cell = np.empty((1, 1, len(names)), dtype=object)
    for i, n in enumerate(names):
        cell[0, 0, i] = np.array([n])
    return cell
