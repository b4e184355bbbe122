"""Data: the one dataset type, a card per data set, a reader per format, synthetic generators."""

from .cards import CARDS, DataCard, make_gait
from .catalog import CATALOG, available, load, load_with_truth
from .dataset import Dataset, Provenance, SourceFile
from .errors import DataError
from .selection import BASELINE_CONDITIONS, baseline_trials
from .synthetic import GroundTruth, make_emg

__all__ = [
    "BASELINE_CONDITIONS",
    "CARDS",
    "CATALOG",
    "DataCard",
    "DataError",
    "Dataset",
    "GroundTruth",
    "Provenance",
    "SourceFile",
    "available",
    "baseline_trials",
    "load",
    "load_with_truth",
    "make_emg",
    "make_gait",
]
