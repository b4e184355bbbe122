"""File formats -> :class:`~movesig.data.dataset.Dataset`: the only code that knows file layouts."""

from .aeles import AELES_MUSCLES, aeles_task_condition, load_aeles_emg
from .gaitrec import GAITREC_CLASSES, load_gaitrec
from .gaitrec_full import GAITREC_FULL_FILES, load_gaitrec_full
from .gutenberg import GUTENBERG_FILES, load_gutenberg
from .horst import HORST_FEATURES, load_horst_compact
from .mat import read_mat
from .npz import NPZ_KEYS, load_npz, save_npz
from .spm1d_speed import SPEED_CATEGORIES, load_speed_grf, spm1d_data_folder
from .trials import read_trials_table, time_normalise

__all__ = [
    "AELES_MUSCLES",
    "GAITREC_CLASSES",
    "GAITREC_FULL_FILES",
    "GUTENBERG_FILES",
    "HORST_FEATURES",
    "NPZ_KEYS",
    "SPEED_CATEGORIES",
    "aeles_task_condition",
    "load_aeles_emg",
    "load_gaitrec",
    "load_gaitrec_full",
    "load_gutenberg",
    "load_horst_compact",
    "load_npz",
    "load_speed_grf",
    "read_mat",
    "read_trials_table",
    "save_npz",
    "spm1d_data_folder",
    "time_normalise",
]
