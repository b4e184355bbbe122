"""Data: the one dataset type, loaders for every format, synthetic generators, fetching."""

from .catalog import CATALOG, available, load, load_with_truth
from .dataset import DataError, Dataset, Provenance, SourceFile
from .synthetic import GroundTruth, make_emg, make_gait

__all__ = [
    "CATALOG",
    "DataError",
    "Dataset",
    "GroundTruth",
    "Provenance",
    "SourceFile",
    "available",
    "load",
    "load_with_truth",
    "make_emg",
    "make_gait",
]
