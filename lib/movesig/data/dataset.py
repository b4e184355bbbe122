"""The one dataset type every source is converted into.

A :class:`Dataset` holds movement trials as an array of shape
``(n_trials, n_channels, n_times)`` together with who performed each trial, what the
channels are, the task and condition of each trial, what the time axis means and where
the data came from. Readers (``movesig.data.formats``) turn file formats into it;
nothing else in the package knows about file formats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ._checks import LARGEST_VALUE, _check_ids, _covariate, _vector
from .errors import DataError
from .provenance import Provenance, SourceFile

__all__ = ["DataError", "Dataset", "Provenance", "SourceFile"]


@dataclass(frozen=True, eq=False)
class Dataset:
    """Trials × channels × time, plus who, what and where from.

    Parameters
    ----------
    X : ndarray of shape (n_trials, n_channels, n_times)
        The signals, float64. Units depend on the source (see ``units``).
    person : ndarray of shape (n_trials,)
        Person identifier of every trial (integers or strings).
    channels : sequence of str, length n_channels
        Unique channel names, in the order of axis 1 of ``X``.
    task : ndarray of shape (n_trials,), optional
        Task of every trial (e.g. ``"walking"``); defaults to ``"unknown"``.
    condition : ndarray of shape (n_trials,), optional
        Condition of every trial (e.g. ``"day1"``, clinical class); defaults to ``""``.
    time_axis : str
        What axis 2 is, e.g. ``"% of stance"`` or ``"% of cycle"``.
    units : str
        Units of ``X``, e.g. ``"body weight"``.
    provenance : Provenance
        Source, citation, licence and files.
    min_trials : int
        The fewest trials any person may have (the protocol's need, e.g. the number
        of splits). Checked on construction.
    covariates : mapping of str to ndarray of shape (n_trials,)
        Measured numbers of every trial beside the labels (e.g. ``"speed"`` in m/s);
        kept through :meth:`subset` and :func:`concatenate` (the keys all parts share).

    Raises
    ------
    DataError
        On inconsistent shapes, non-finite values, duplicate channel names or a person
        with fewer than ``min_trials`` trials. The message names the source files.
    """

    X: np.ndarray
    person: np.ndarray
    channels: tuple[str, ...]
    provenance: Provenance
    task: np.ndarray | None = None
    condition: np.ndarray | None = None
    time_axis: str = "% of cycle"
    units: str = "a.u."
    min_trials: int = 1
    covariates: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        src = self.provenance.source
        X = np.asarray(self.X)
        if X.ndim != 3:
            raise DataError(
                f"{src}: X must have shape (n_trials, n_channels, n_times), got {X.ndim} dimension(s) {X.shape}"
            )
        if np.iscomplexobj(X):
            raise DataError(f"{src}: X holds complex numbers (dtype {X.dtype}); movesig needs real values")
        if not np.issubdtype(X.dtype, np.number) or X.dtype == np.bool_:
            raise DataError(f"{src}: X must be numeric, got dtype {X.dtype}")
        X = np.ascontiguousarray(X, dtype=np.float64)
        n, c, t = X.shape
        if n == 0 or c == 0 or t == 0:
            raise DataError(f"{src}: X is empty (shape {X.shape})")
        bad = ~np.isfinite(X)
        if bad.any():
            i, j, k = np.argwhere(bad)[0]
            raise DataError(
                f"{src}: X has {int(bad.sum())} non-finite value(s) (NaN or inf); first at trial {i}, channel {j}, time {k}"
            )
        largest = float(np.abs(X).max()) if X.size else 0.0
        if largest > LARGEST_VALUE:
            raise DataError(f"{src}: X holds values up to {largest:.3g}; scaling squares the data, which overflows "
                            "beyond about 1e150: rescale it (e.g. to SI units)")
        person = _vector(self.person, n, "person", src)
        _check_ids(person, "person", src)
        channels = tuple(str(ch) for ch in self.channels)
        if len(channels) != c:
            raise DataError(f"{src}: {len(channels)} channel name(s) for {c} channel(s) in X")
        dup = sorted({ch for ch in channels if channels.count(ch) > 1})
        if dup:
            raise DataError(f"{src}: duplicate channel name(s): {', '.join(dup)}")
        task = _vector("unknown" if self.task is None else self.task, n, "task", src).astype(str)
        condition = _vector("" if self.condition is None else self.condition, n, "condition", src).astype(str)
        if self.min_trials > 1:
            ids, counts = np.unique(person, return_counts=True)
            few = counts < self.min_trials
            if few.any():
                listed = ", ".join(f"{p} ({k})" for p, k in zip(ids[few][:5], counts[few][:5]))
                more = "" if few.sum() <= 5 else f" and {few.sum() - 5} more"
                raise DataError(
                    f"{src}: {few.sum()} person(s) have fewer than the {self.min_trials} trials the protocol needs: {listed}{more}"
                )
        covariates = {str(k): _covariate(v, n, str(k), src) for k, v in self.covariates.items()}
        for name, value in (("X", X), ("person", person), ("channels", channels), ("task", task),
                            ("condition", condition), ("covariates", covariates)):
            object.__setattr__(self, name, value)
        for arr in (X, person, task, condition, *covariates.values()):
            arr.flags.writeable = False

    # ------------------------------------------------------------------ shape
    @property
    def n_trials(self) -> int:
        return self.X.shape[0]

    @property
    def n_channels(self) -> int:
        return self.X.shape[1]

    @property
    def n_times(self) -> int:
        return self.X.shape[2]

    @property
    def persons(self) -> np.ndarray:
        """Sorted unique person ids, shape (n_persons,)."""
        return np.unique(self.person)

    @property
    def n_persons(self) -> int:
        return len(self.persons)

    def trials_per_person(self) -> dict:
        """Number of trials of every person."""
        ids, counts = np.unique(self.person, return_counts=True)
        return {i.item() if hasattr(i, "item") else i: int(k) for i, k in zip(ids, counts)}

    @property
    def time(self) -> np.ndarray:
        """Time axis from 0 to 100 (%), shape (n_times,)."""
        return np.linspace(0.0, 100.0, self.n_times)

    # ------------------------------------------------------------ selection
    def subset(self, index, note: str | None = None) -> Dataset:
        """A new dataset holding the trials ``index`` (boolean mask or integer indices)."""
        index = np.asarray(index)
        prov = self.provenance
        if note:
            prov = replace(prov, notes=prov.notes + (note,))
        return replace(
            self,
            X=self.X[index],
            person=self.person[index],
            task=self.task[index],
            condition=self.condition[index],
            provenance=prov,
            min_trials=1,
            covariates={k: v[index] for k, v in self.covariates.items()},
        )

    def select(self, task: str | None = None, condition: str | None = None) -> Dataset:
        """Trials of one task and/or condition."""
        mask = np.ones(self.n_trials, bool)
        if task is not None:
            mask &= self.task == task
        if condition is not None:
            mask &= self.condition == condition
        if not mask.any():
            raise DataError(
                f"{self.provenance.source}: no trials with task={task!r}, condition={condition!r}; "
                f"tasks: {sorted(set(self.task))}, conditions: {sorted(set(self.condition))}"
            )
        return self.subset(mask)

    def first_persons(self, n_persons: int | None) -> Dataset:
        """The trials of the first ``n_persons`` persons (sorted ids); all when None."""
        if n_persons is None or n_persons >= self.n_persons:
            return self
        if n_persons < 2:
            raise DataError(f"{self.provenance.source}: n_persons must be at least 2, got {n_persons}")
        keep = self.persons[:n_persons]
        return self.subset(np.isin(self.person, keep), note=f"restricted to the first {n_persons} persons")

    def flat(self) -> np.ndarray:
        """X flattened to shape (n_trials, n_channels * n_times), channel-major."""
        return self.X.reshape(self.n_trials, -1)

    def summary(self) -> dict:
        """The facts ``movesig info`` prints."""
        return {
            "name": self.provenance.name,
            "title": self.provenance.title,
            "n_trials": self.n_trials,
            "n_persons": self.n_persons,
            "n_channels": self.n_channels,
            "n_times": self.n_times,
            "channels": list(self.channels),
            "tasks": sorted(set(self.task.tolist())),
            "conditions": sorted(set(self.condition.tolist())),
            "covariates": sorted(self.covariates),
            "time_axis": self.time_axis,
            "units": self.units,
            "synthetic": self.provenance.synthetic,
            "source": self.provenance.source,
            "provenance": self.provenance.to_dict(),
        }


def concatenate(datasets: Sequence[Dataset], provenance: Provenance | None = None) -> Dataset:
    """Stack datasets with the same channels and time axis along the trial axis."""
    first = datasets[0]
    for d in datasets[1:]:
        if d.channels != first.channels or d.n_times != first.n_times:
            raise DataError(
                f"{d.provenance.source}: channels/time points {d.channels}/{d.n_times} do not match "
                f"{first.provenance.source}: {first.channels}/{first.n_times}"
            )
    return replace(
        first,
        X=np.concatenate([d.X for d in datasets]),
        person=np.concatenate([d.person for d in datasets]),
        task=np.concatenate([d.task for d in datasets]),
        condition=np.concatenate([d.condition for d in datasets]),
        provenance=provenance or first.provenance,
        min_trials=1,
        covariates={k: np.concatenate([d.covariates[k] for d in datasets])
                    for k in first.covariates if all(k in d.covariates for d in datasets)},
    )
