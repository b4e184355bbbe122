"""Who is trained with whom: the training-set sizes N and the sets of others drawn for each participant."""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..data.dataset import DataError, Dataset

__all__ = ["check_n_values", "default_n_values", "draw_others", "others_subsets"]


def default_n_values(n_persons: int, step: int = 4) -> list[int]:
    """N = 2, 6, 10, ... up to n_persons (the study: 2, 6, ..., 78); every N when step is 1."""
    values = list(range(2, n_persons + 1, step))
    if values[-1] != n_persons:
        values.append(n_persons)
    return values


def others_subsets(persons: np.ndarray, k, n: int, n_draws: int, seed: int) -> list[np.ndarray]:
    """The sets of N − 1 others trained with k, one per draw, each sorted.

    When at most ``n_draws`` distinct sets exist, every one of them is used once, in
    lexicographic order (drawing would only repeat some); otherwise draw d is
    :func:`draw_others` (seeded by (seed, k's index, N, d)).
    """
    persons = np.asarray(persons)
    others = np.sort(persons[persons != k])
    if math.comb(len(others), n - 1) <= n_draws:
        return [np.array(c) for c in itertools.combinations(others, n - 1)]
    return [draw_others(persons, k, n, d, seed) for d in range(n_draws)]


def draw_others(persons: np.ndarray, k, n: int, draw: int, seed: int) -> np.ndarray:
    """The N − 1 persons trained with k in one draw, sorted; seeded by (seed, k's index, N, draw)."""
    persons = np.asarray(persons)
    index = int(np.searchsorted(persons, k))
    others = persons[persons != k]
    if n - 1 >= len(others):
        return others
    rng = np.random.default_rng([seed, index, n, draw])
    return np.sort(rng.choice(others, size=n - 1, replace=False))


def check_n_values(dataset: Dataset, n_values=None) -> dict[str, list[int]]:
    """The training-set sizes N of every task, checked: each at least 2 and at most the task's persons.

    Returns
    -------
    dict of task -> sorted list of int
        ``n_values`` (or :func:`default_n_values`) for every task.

    Raises
    ------
    DataError
        Naming the first N out of range and the task.
    """
    out = {}
    for task in sorted(set(dataset.task)):
        n_persons = dataset.select(task=task).n_persons
        if n_values is None:
            out[task] = default_n_values(n_persons)
            continue
        for n in n_values:
            if int(n) != n or not 2 <= n <= n_persons:
                raise DataError(f"n-values: {n} is not a training-set size from 2 to the {n_persons} persons of "
                                f"{task} in {dataset.provenance.source}")
        out[task] = sorted({int(n) for n in n_values})
    return out
