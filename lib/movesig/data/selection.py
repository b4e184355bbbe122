"""Choosing trials by condition: the baseline of each task, or a named set of conditions."""

from __future__ import annotations

import numpy as np

from .dataset import DataError, Dataset, concatenate

__all__ = ["BASELINE_CONDITIONS", "baseline_trials", "keep_conditions"]

#: The baseline condition of every data set, looked for in this order.
BASELINE_CONDITIONS = ("day1", "150W-day1", "baseline")


def baseline_trials(dataset: Dataset, task: str | None = None) -> Dataset:
    """The day-1 baseline trials of one task (the condition in :data:`BASELINE_CONDITIONS`), or of every task.

    Trials without a condition (a file that names none: one session) are all baseline.

    Parameters
    ----------
    dataset : Dataset
        X of shape (n_trials, n_channels, n_times).
    task : str, optional
        The task; None: the baseline of every task, stacked in task order.

    Returns
    -------
    Dataset
        The baseline trials, shape (n_baseline, n_channels, n_times).

    Raises
    ------
    DataError
        When a task has none of the :data:`BASELINE_CONDITIONS`.
    """
    if task is None:
        return concatenate([baseline_trials(dataset, t) for t in sorted(set(dataset.task))],
                           provenance=dataset.provenance)
    sub = dataset.select(task=task)
    conditions = set(sub.condition.tolist())
    if conditions == {""}:  # a file that names no condition: one session, every trial its baseline
        return sub
    present = [c for c in BASELINE_CONDITIONS if c in conditions]
    if not present:
        raise DataError(f"{dataset.provenance.source}: no baseline condition for task {str(task)!r}: its conditions "
                        f"are {', '.join(sorted(map(repr, conditions)))}; name the baseline trials' condition "
                        f"{' or '.join(map(repr, BASELINE_CONDITIONS))} (a file without a condition array is one "
                        "session, all baseline)")
    return sub.select(condition=present[0])


def keep_conditions(ds: Dataset, conditions) -> Dataset:
    """The trials of the named conditions (``"all"`` or None: every trial).

    Parameters
    ----------
    ds : Dataset
        X of shape (n_trials, n_channels, n_times).
    conditions : str, sequence of str, "all" or None
        The conditions to keep.

    Returns
    -------
    Dataset
        The kept trials, shape (n_kept, n_channels, n_times); ``ds`` itself for all.

    Raises
    ------
    DataError
        When a named condition is absent.
    """
    if conditions in (None, "all"):
        return ds
    keep = [conditions] if isinstance(conditions, str) else list(conditions)
    missing = sorted(set(keep) - set(ds.condition))
    if missing:
        raise DataError(f"{ds.provenance.source}: no condition(s) {', '.join(map(str, missing))}; present: "
                        f"{', '.join(sorted(map(str, set(ds.condition))))}")
    return ds.subset(np.isin(ds.condition, keep))
