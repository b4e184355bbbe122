"""Parameters that several chapters share, declared once (data set, data directory, persons, splits, jobs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..data import CATALOG, DataError
from ..models import LinearSVM
from ..models.constraints import bounds
from ._params import StudyParameters, param

__all__ = ["DataParameters", "DATA_DIR", "DATA_FILE", "EFFECT_SIZE", "EPSILON", "N_JOBS", "N_PERSONS", "N_SHOW",
           "SCHEDULER", "SEED", "SHOW_PERSONS", "SVM_C", "data_param", "dataset_names"]


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
        return None
