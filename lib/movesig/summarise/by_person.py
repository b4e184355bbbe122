"""Grouping trials by person: the sort order and blocks every per-person summary is built on, and the mean."""

from __future__ import annotations

import numpy as np

__all__ = ["group", "mean_by_person", "next_person"]


def group(person):
    """Sort order, sorted unique persons, the start of every person's block, and its size.

    Returns
    -------
    order : ndarray of shape (n_trials,)
        Stable sort of ``person``.
    persons, starts, counts : ndarray of shape (n_persons,)
    """
    person = np.asarray(person)
    order = np.argsort(person, kind="stable")
    persons, starts, counts = np.unique(person[order], return_index=True, return_counts=True)
    return order, persons, starts, counts


def mean_by_person(values: np.ndarray, person: np.ndarray, persons=None) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``values`` over each person's trials.

    Parameters
    ----------
    values : ndarray of shape (n_trials, ...)
    person : ndarray of shape (n_trials,)
    persons : sequence, optional
        Which persons, in which order (default: all, sorted).

    Returns
    -------
    persons : ndarray of shape (n_persons,)
    means : ndarray of shape (n_persons, ...)
    """
    order, ids, starts, counts = group(person)
    means = np.add.reduceat(values[order], starts, axis=0) / counts.reshape((-1,) + (1,) * (values.ndim - 1))
    if persons is None:
        return ids, means
    persons = np.asarray(persons)
    missing = np.setdiff1d(persons, ids)
    if missing.size:
        raise ValueError(f"person(s) not in the data: {missing.tolist()}")
    return persons, means[np.searchsorted(ids, persons)]


def next_person(person: np.ndarray) -> np.ndarray:
    """For every trial, the next person in sorted id order (the last one's is the first), shape (n_trials,)."""
    person = np.asarray(person)
    persons = np.unique(person)
    return persons[(np.searchsorted(persons, person) + 1) % len(persons)]
