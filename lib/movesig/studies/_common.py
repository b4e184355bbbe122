"""Parameters that several chapters share, declared once (data set, data directory, persons, splits, jobs)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..data import CATALOG, DataError, baseline_trials
from ..models import LinearSVM
from ..models.constraints import bounds
from ._page import pick_persons
from ._params import ParameterError, StudyParameters, param

__all__ = ["DataParameters", "DATA_DIR", "DATA_FILE", "EFFECT_SIZE", "EPSILON", "N_JOBS", "N_PERSONS", "N_SHOW",
           "SCHEDULER", "SEED", "SHOW_PERSONS", "SVM_C", "data_param", "dataset_names", "baseline_problem", "enough_trials", "PHASE_BOUNDS", "PHASE_NAMES",
           "phase_problem"]


def dataset_names():
    return tuple(CATALOG)


def data_param(default: str):
    return param(default, "a data set from `movesig datasets`", "str", choices=dataset_names)


DATA_DIR = dict(help="data directory (None: $MOVESIG_DATA_DIR, then the pinned download)", value_type="str", optional=True)
DATA_FILE = dict(help="the file, for the data sets \"npz\", \"horst-2019\" or one \"aeles-2021\" file", value_type="str",
                 optional=True)
N_PERSONS = dict(help="only the first n persons (None: all)", value_type="int", low=2, optional=True)
SEED = dict(help="seed of the split permutation (1234 in the papers)", value_type="int", low=0)
EPSILON = dict(help="epsilon of the LRP rule", value_type="float", low=0, low_open=True)
N_JOBS = dict(help="folds fitted in parallel (processes)", value_type="int", low=1)
SCHEDULER = dict(help="a Dask scheduler address (tcp://host:port): the same tasks run on that cluster instead of "
                      "n_jobs local processes", value_type="str", optional=True)
SHOW_PERSONS = dict(help="persons whose explanations are drawn (None: n_show spread over all ids)", value_type="list[id]",
                    optional=True, min_len=1)
EFFECT_SIZE = dict(help="synthetic data only: planted effect size d' (within-person SDs; 0: nothing planted)",
                   value_type="float", low=0)
#: The regularisation of a linear SVM: its rule is the estimator's (``LinearSVM._parameter_constraints``).
SVM_C = dict(value_type="float", **bounds(LinearSVM, "C"))
#: Stance phases: edges in % of the time axis (0 to 100) and a name for each phase.
PHASE_BOUNDS = dict(help="edges of the stance phases (% of stance, 0 to 100)", value_type="list[float]", low=0,
                    high=100, min_len=2)
PHASE_NAMES = dict(help="names of the stance phases", value_type="list[str]", min_len=1)
N_SHOW = dict(help="how many persons to draw when show_persons is None", value_type="int", low=1)


@dataclass(frozen=True)
class DataParameters(StudyParameters):
    """The parameters that say which data a chapter reads; a study redeclares ``dataset`` for its own default."""

    dataset: str = data_param("gaitrec")
    data_dir: str | None = param(None, **DATA_DIR)
    data_file: str | None = param(None, **DATA_FILE)
    n_persons: int | None = param(None, **N_PERSONS)

    def check(self):
        """The data the parameters name, checked before any kernel starts (files, folders, npz without a file)."""
        if self.dataset == "npz" and self.data_file is None:
            return "parameter data_file: the data set 'npz' reads your own file: give -p data_file mine.npz"
        card = CATALOG.get(self.dataset)
        if self.data_file is not None and card is not None and card.takes_file:  # the file its loader reads
            try:
                card.files_for(self.data_dir, self.data_file, download=False)
            except DataError as exc:
                return f"parameter data_file: {exc}"
        if self.data_dir is not None and Path(self.data_dir).exists() and not Path(self.data_dir).is_dir():
            return f"parameter data_dir: {self.data_dir} is a file, not a folder"
        if self.data_file is not None and card is not None and not card.takes_file:
            return (f"parameter data_file: the data set {self.dataset!r} reads no file of yours; give "
                    "-p dataset npz to run on your own file")
        if card is not None and card.source == "user" and self.data_file is not None:  # your file: read it now
            try:
                data, _ = card.load(data_dir=self.data_dir, file=self.data_file)
                data = data.first_persons(self.n_persons)
            except DataError as exc:
                return f"parameter data_file: {exc}"
            why = self.check_data(data)
            if why:
                return f"{data.provenance.source}: {why}"
        return None

    def check_data(self, data) -> str | None:
        """What this chapter needs of a user's data (every trial, every condition), checked before a kernel starts.

        Parameters
        ----------
        data : Dataset
            The user's file as read, X of shape (n_trials, n_channels, n_times), restricted
            to ``n_persons``.

        Returns
        -------
        str or None
            Why the chapter cannot run on it (one sentence saying what it needs), or None.
        """
        if data.n_persons < 2:
            return f"identifying a person needs at least 2 people; the file holds 1 ({str(data.persons[0])!r})"
        show = getattr(self, "show_persons", None)
        if show is not None:
            try:
                pick_persons(data.persons, show_persons=show)
            except ParameterError as exc:
                return str(exc)
        return None


def enough_trials(data, n_splits: int, what: str = "") -> str | None:
    """Why some person of ``data`` has fewer trials than ``n_splits`` chunks need (the data set's own rule), or None."""
    try:
        replace(data, min_trials=n_splits)
    except DataError as exc:
        why = str(exc).removeprefix(f"{data.provenance.source}: ")
        return f"{what}{why} (-p n_splits {n_splits}: give fewer chunks, at least 3, or more trials)"
    return None


def phase_problem(bounds, names) -> str | None:
    """Why ``phase_bounds`` and ``phase_names`` do not make phases (edges must increase, one name per phase), or None."""
    if len(names) != len(bounds) - 1:
        return f"parameter phase_names: needs {len(bounds) - 1} names for phase_bounds {bounds}"
    if any(b <= a for a, b in zip(bounds, bounds[1:])):
        return f"parameter phase_bounds: must increase, got {bounds}"
    return None


def baseline_problem(data, n_splits: int | None = None) -> str | None:
    """Why some task of ``data`` has no baseline trials (or too few per person for ``n_splits`` chunks), or None."""
    for task in sorted(set(data.task.tolist())):
        try:
            base = baseline_trials(data, task)
        except DataError as exc:
            return str(exc).removeprefix(f"{data.provenance.source}: ")
        why = enough_trials(base, n_splits, f"the baseline of task {task!r}: ") if n_splits else None
        if why:
            return why
    return None
