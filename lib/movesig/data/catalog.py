"""The data sets movesig knows by name, and :func:`load` to get any of them as a Dataset."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from . import loaders, synthetic
from .dataset import DataError, Dataset, Provenance, concatenate
from .fetch import REGISTRY, cache_dir, candidates, data_dirs, locate
from .synthetic import GroundTruth

__all__ = ["CATALOG", "Entry", "available", "load", "load_with_truth"]

AELES_STUDY_FILES = (
    "Data_Walking_Baseline_Day1.mat",
    "Data_Pedalling_150W_Baseline_Day1.mat",
    "Data_Walking_Robustness_Day2.mat",
    "Data_Pedalling_150W_Robustness_Day2.mat",
    "Data_Pedalling_80W_Robustness_Day1.mat",
    "Data_Pedalling_10perc_Robustness_Day1.mat",
    "Data_Pedalling_15perc_Robustness_Day1.mat",
)
HORST_FILE = "Gait_GRF_JA_Label.mat"


@dataclass(frozen=True)
class Entry:
    """A named data set.

    ``kind`` is ``"real"`` (registered files, downloadable), ``"study"`` (the authors'
    files, which a user puts in the data directory), ``"user"`` (a file the user names)
    or ``"synthetic"``. ``files`` are the file names looked for.
    """

    name: str
    kind: str
    title: str
    files: tuple[str, ...]
    loader: Callable[..., tuple[Dataset, GroundTruth | None]]


def _gaitrec(normalisation):
    def load(data_dir=None, file=None, min_trials=1, **options):
        _no_options(f"gaitrec ({normalisation})", options)
        return loaders.load_gaitrec(normalisation, data_dir, min_trials), None

    return load


def _keep_conditions(ds: Dataset, conditions) -> Dataset:
    """The trials of the named conditions (``"all"`` or None: every trial)."""
    if conditions in (None, "all"):
        return ds
    keep = [conditions] if isinstance(conditions, str) else list(conditions)
    missing = sorted(set(keep) - set(ds.condition))
    if missing:
        raise DataError(f"{ds.provenance.source}: no condition(s) {missing}; present: {sorted(set(ds.condition))}")
    return ds.subset(np.isin(ds.condition, keep))


def _emg_7ps(data_dir=None, file=None, min_trials=1, conditions=None, **options):
    _no_options("emg-pedalling-7ps", options)
    path = Path(file) if file else locate("Data_Baseline_Normed_V1_4_7Ps.mat", data_dir)
    prov = Provenance(
        name="emg-pedalling-7ps",
        title="Real EMG of 8 leg muscles, pedalling (baseline), 7-participant subset of Aeles et al. (2021)",
        citation=loaders.AELES_CITATION + "; file from sebastian-lapuschkin/interpretable-emg-signatures @ c664d2e",
        doi="10.1098/rsif.2020.0770",
        licence="no licence stated for the data; the authors' code is 'free for academic use only'",
        notes=(
            "The task is inferred: the file says only 'Baseline'; muscle timing (TA near 88 %, VL near 14 %, "
            "GM/GL near 33-35 % of the cycle) matches pedalling.",
        ),
    )
    ds = loaders.load_aeles_emg(path, task="pedalling", condition="baseline", min_trials=min_trials, provenance=prov)
    return _keep_conditions(ds, conditions), None


def _aeles_study(data_dir=None, file=None, min_trials=1, conditions=None, **options):
    _no_options("aeles-2021", options)
    if file:
        paths = [Path(file)]
    else:
        paths = [p for name in AELES_STUDY_FILES for p in candidates(name, "aeles-2021", data_dir) if p.is_file()]
    if not paths:
        where = ", ".join(str(d) for d in data_dirs(data_dir)) or "no data directory given"
        raise DataError(
            f"aeles-2021: none of the study's files ({', '.join(AELES_STUDY_FILES)}) found in {where}; "
            "they are published by the authors (see STUDY.md) and must be put in the data directory"
        )
    parts = [loaders.load_aeles_emg(p) for p in paths]
    prov = replace(parts[0].provenance, files=tuple(f for d in parts for f in d.provenance.files),
                   title="EMG of 8 leg muscles, walking and pedalling, Aeles et al. (2021), the study's own files")
    ds = _keep_conditions(concatenate(parts, provenance=prov), conditions)
    return replace(ds, min_trials=min_trials), None


def _horst(data_dir=None, file=None, min_trials=1, feature="Feature_GRF_AV", **options):
    _no_options("horst-2019", options)
    if file:
        path = Path(file)
    else:
        found = [p for p in candidates(HORST_FILE, "horst-2019", data_dir) if p.is_file()]
        if not found:
            where = ", ".join(str(d) for d in data_dirs(data_dir)) or "no data directory given"
            raise DataError(f"horst-2019: {HORST_FILE} not found in {where}; give --file or --data-dir")
        path = found[0]
    return loaders.load_horst_compact(path, feature=feature, min_trials=min_trials), None


def _npz(data_dir=None, file=None, min_trials=1, **options):
    _no_options("npz", options)
    if not file:
        raise DataError("npz: name the file with --file (or the chapter parameter data_file)")
    return loaders.load_npz(file, min_trials=min_trials), None


def _synthetic(make):
    def load(data_dir=None, file=None, min_trials=1, **options):
        try:
            ds, truth = make(**options)
        except TypeError as exc:
            raise DataError(f"{make.__name__}: {exc}") from exc
        return replace(ds, min_trials=min_trials), truth

    return load


def _no_options(name, options):
    if options:
        raise DataError(f"{name}: unknown option(s) {', '.join(sorted(options))}")


_GAITREC_FILES = tuple(n for n in REGISTRY if "nonorm" in n)
_GAITREC_ATMM_FILES = tuple(n for n in REGISTRY if "atMM" in n)

CATALOG: dict[str, Entry] = {
    e.name: e
    for e in [
        Entry("gaitrec", "real", "GaitRec subset, GRF in body weights (nonorm), 194 people x 5 trials",
              _GAITREC_FILES, _gaitrec("nonorm")),
        Entry("gaitrec-atmm", "real", "GaitRec subset, GRF min-max scaled per file (atMM), 194 people x 5 trials",
              _GAITREC_ATMM_FILES, _gaitrec("atMM")),
        Entry("emg-pedalling-7ps", "real", "Aeles et al. EMG, pedalling, 7 people x 30 cycles",
              ("Data_Baseline_Normed_V1_4_7Ps.mat",), _emg_7ps),
        Entry("aeles-2021", "study", "Aeles et al. (2021) study files, 78 people, walking and pedalling",
              AELES_STUDY_FILES, _aeles_study),
        Entry("horst-2019", "study", "Horst et al. (2019) compact file, 57 people x ~20 trials",
              (HORST_FILE,), _horst),
        Entry("npz", "user", "Your own data as .npz (X, person, channels[, task, condition])", (), _npz),
        Entry("synthetic-gait", "synthetic", "Synthetic gait, 57 people x ~20 trials, planted features",
              (), _synthetic(synthetic.make_gait)),
        Entry("synthetic-emg", "synthetic", "Synthetic EMG, 78 people x 30 cycles, walking and pedalling, planted",
              (), _synthetic(synthetic.make_emg)),
    ]
}


def _entry(name: str) -> Entry:
    if name not in CATALOG:
        raise DataError(f"unknown data set {name!r}; known: {', '.join(CATALOG)}")
    return CATALOG[name]


def load_with_truth(name: str, data_dir=None, file=None, min_trials: int = 1, **options):
    """A named data set and, for synthetic ones, the ground truth of what was planted.

    Parameters
    ----------
    name : str
        A key of :data:`CATALOG` (``movesig datasets`` lists them).
    data_dir : path-like, optional
        Searched first for real files (then ``$MOVESIG_DATA_DIR``, then the download cache).
    file : path-like, optional
        The file, for ``npz``, ``horst-2019`` or a single ``aeles-2021`` file.
    min_trials : int
        Fewest trials a person must have (e.g. the number of splits).
    **options
        Passed to the generator of a synthetic set (e.g. ``n_persons``, ``seed``,
        ``conditions``), ``feature`` for ``horst-2019``, or ``conditions`` (names or
        ``"all"``) to keep some conditions of a real EMG set.

    Returns
    -------
    dataset : Dataset
    truth : GroundTruth or None
    """
    return _entry(name).loader(data_dir=data_dir, file=file, min_trials=min_trials, **options)


def load(name: str, data_dir=None, file=None, min_trials: int = 1, **options) -> Dataset:
    """A named data set as a :class:`Dataset` (see :func:`load_with_truth`)."""
    return load_with_truth(name, data_dir, file, min_trials, **options)[0]


def available(name: str, data_dir=None) -> tuple[bool, str]:
    """Whether a data set can be loaded without a download, and where from."""
    entry = _entry(name)
    if entry.kind == "synthetic":
        return True, "generated on demand"
    if entry.kind == "user":
        return True, "give --file"
    where = []
    for fname in entry.files:
        collection = REGISTRY[fname].collection if fname in REGISTRY else entry.name
        found = [p for p in candidates(fname, collection, data_dir) + [cache_dir() / fname] if p.is_file()]
        if found:
            where.append(str(found[0].parent))
    if entry.kind == "study":
        return (bool(where), f"{len(where)} of {len(entry.files)} files in {sorted(set(where))[0]}" if where
                else "put the study's files in the data directory")
    if len(where) == len(entry.files):
        return True, sorted(set(where))[0]
    return False, "downloads on first use (pinned URL and SHA-256)"
