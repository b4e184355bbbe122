"""File formats -> :class:`~movesig.data.dataset.Dataset`. The only module that knows formats.

- :func:`load_gaitrec`: the GaitRec subset (four MATLAB files of one normalisation).
- :func:`load_aeles_emg`: the Aeles et al. (2021) EMG layout (``Feature`` N×8×200,
  ``Target_Subject`` one-hot, empty columns allowed), the 7-person file and the study's own.
- :func:`load_horst_compact`: the Horst et al. (2019) compact layout
  (``Gait_GRF_JA_Label.mat``, N×101×C, time before channel).
- :func:`load_npz`: the plain format for a user's own data.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from .dataset import DataError, Dataset, Provenance, SourceFile
from .fetch import locate, sha256sum

__all__ = [
    "AELES_MUSCLES",
    "GAITREC_CLASSES",
    "load_aeles_emg",
    "load_gaitrec",
    "load_horst_compact",
    "load_npz",
    "read_mat",
]

#: Muscle order of the Aeles et al. files.
AELES_MUSCLES = ("VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF")
#: Column order of GaitRec's ``Target_Injury``.
GAITREC_CLASSES = ("healthy control", "hip", "knee", "ankle")
GAITREC_FILE_CLASSES = ("1-2", "1-3", "1-4", "2-3-4")

GAITREC_CITATION = (
    "Horsak B, Slijepcevic D, Raberger AM, Schwab C, Worisch M, Zeppelzauer M (2020). GaitRec, a large-scale "
    "ground reaction force dataset of healthy and impaired gait. Scientific Data 7:143. Subset prepared by "
    "Slijepcevic D, Horst F, Lapuschkin S, et al. (2021). Explaining machine learning models for clinical gait "
    "analysis. ACM Trans. Comput. Healthcare 3(2), doi 10.1145/3474121"
)
AELES_CITATION = (
    "Aeles J, Horst F, Lapuschkin S, Lacourpaille L, Hug F (2021). Revealing the unique features of each "
    "individual's muscle activation signatures. J. R. Soc. Interface 18:20200770"
)
HORST_CITATION = (
    "Horst F, Lapuschkin S, Samek W, Mueller KR, Schoellhorn WI (2019). Explaining the unique nature of "
    "individual gait patterns with deep learning. Scientific Reports 9:2391; data: Horst F et al. (2018), "
    "Mendeley Data, doi 10.17632/svx74xcrjr.1"
)


# ---------------------------------------------------------------------------- MATLAB
def read_mat(path: Path, required: tuple[str, ...]) -> dict:
    """Read a MATLAB v5 file, checking that ``required`` keys are present.

    Raises
    ------
    DataError
        If the file is missing, unreadable (truncated, not MATLAB, v7.3/HDF5) or lacks a key.
    """
    import scipy.io

    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        content = scipy.io.loadmat(path)
    except NotImplementedError as exc:
        raise DataError(f"{path}: MATLAB v7.3 (HDF5) files are not supported; save it with -v7 ({exc})") from exc
    except Exception as exc:  # scipy raises many types for damaged files
        raise DataError(f"{path}: not a readable MATLAB file, it may be truncated or damaged ({exc})") from exc
    missing = [k for k in required if k not in content]
    if missing:
        present = sorted(k for k in content if not k.startswith("__"))
        raise DataError(f"{path}: missing key(s) {', '.join(missing)} (found: {', '.join(present) or 'none'})")
    return content


def _labels(cell, path: Path, key: str) -> list[str]:
    try:
        return [str(np.ravel(item)[0]).strip() for item in np.ravel(cell)]
    except Exception as exc:
        raise DataError(f"{path}: cannot read channel names from {key} ({exc})") from exc


def _one_hot_index(onehot: np.ndarray, path: Path, key: str, n: int) -> np.ndarray:
    onehot = np.asarray(onehot)
    if onehot.ndim != 2 or onehot.shape[0] != n:
        raise DataError(f"{path}: {key} must have shape ({n}, n_persons) to match Feature, got {onehot.shape}")
    sums = onehot.sum(axis=1)
    if not np.all(sums == 1):
        bad = np.flatnonzero(sums != 1)
        raise DataError(f"{path}: {key} is not one-hot in {bad.size} row(s) (first: row {bad[0]}, sum {sums[bad[0]]})")
    return onehot.argmax(axis=1)


def _source(path: Path) -> SourceFile:
    return SourceFile(path.name, sha256sum(path))


# ---------------------------------------------------------------------------- GaitRec
def load_gaitrec(
    normalisation: str = "nonorm", data_dir=None, min_trials: int = 1, paths: list[Path] | None = None
) -> Dataset:
    """GaitRec subset: 194 people × 5 trials × 6 GRF channels × 101 points of stance.

    The union of the four files of one normalisation, de-duplicated by person (a person
    appears in several files; the first file in the order 1-2, 1-3, 1-4, 2-3-4 is kept).

    Parameters
    ----------
    normalisation : {"nonorm", "atMM"}
        ``nonorm``: forces in multiples of body weight; ``atMM``: each channel min-max
        scaled to [0, 1] over its file.
    data_dir : path-like, optional
        Where to look first (see :func:`movesig.data.fetch.locate`).
    min_trials : int
        Fewest trials a person must have.
    paths : list of Path, optional
        Explicit files (for tests); default: the four registered files.

    Returns
    -------
    Dataset
        ``condition`` holds the clinical class, ``task`` is ``"walking"``.
    """
    if normalisation not in ("nonorm", "atMM"):
        raise DataError(f"GaitRec: unknown normalisation {normalisation!r}; choose 'nonorm' or 'atMM'")
    if paths is None:
        names = [f"2021_acm_small_dataset_v3_aff-unaff-{normalisation}_{c}_.mat" for c in GAITREC_FILE_CLASSES]
        paths = [locate(n, data_dir) for n in names]
    X, person, cls, channels, files = [], [], [], None, []
    seen: set[int] = set()
    for path in paths:
        path = Path(path)
        m = read_mat(path, ("Feature", "Target_Subject", "Target_Injury", "Feature_GRF_AV_Label"))
        feature = np.asarray(m["Feature"])
        if feature.ndim != 3:
            raise DataError(f"{path}: Feature must be (n_trials, 6, 101), got shape {feature.shape}")
        pid = _one_hot_index(m["Target_Subject"], path, "Target_Subject", feature.shape[0])
        injury = _one_hot_index(m["Target_Injury"], path, "Target_Injury", feature.shape[0])
        names = _labels(m["Feature_GRF_AV_Label"], path, "Feature_GRF_AV_Label")
        if channels is None:
            channels = names
        elif names != channels:
            raise DataError(f"{path}: channel names differ from those of {paths[0]}")
        new = ~np.isin(pid, list(seen))
        X.append(feature[new])
        person.append(pid[new])
        cls.append(injury[new])
        seen.update(pid[new].tolist())
        files.append(_source(path))
    person_arr = np.concatenate(person)
    order = np.argsort(person_arr, kind="stable")
    notes = [
        "Union of the four files of one normalisation, each person once (the first file that holds them).",
    ]
    if normalisation == "atMM":
        notes.append(
            "atMM files are min-max scaled per file, so a person's rows differ slightly between files "
            "(up to about 0.04); the first file's rows are used."
        )
    prov = Provenance(
        name="gaitrec" if normalisation == "nonorm" else "gaitrec-atmm",
        title=f"GaitRec subset, bilateral ground reaction forces ({normalisation}), 194 people x 5 trials",
        citation=GAITREC_CITATION,
        doi="10.1038/s41597-020-0481-z",
        licence="CC BY 4.0",
        files=tuple(files),
        notes=tuple(notes),
    )
    return Dataset(
        X=np.concatenate(X)[order],
        person=person_arr[order],
        channels=tuple(_short_grf_name(c) for c in channels),
        task="walking",
        condition=np.asarray(GAITREC_CLASSES)[np.concatenate(cls)[order]],
        time_axis="% of stance",
        units="body weight" if normalisation == "nonorm" else "min-max scaled (0-1)",
        provenance=prov,
        min_trials=min_trials,
    )


def _short_grf_name(label: str) -> str:
    """'ground reaction force - affected foot - vertical force' -> 'affected vertical'."""
    parts = [p.strip() for p in label.split(" - ")]
    if len(parts) == 3 and parts[0].startswith("ground reaction force"):
        side = parts[1].replace(" foot", "")
        comp = parts[2].replace(" shear force", "").replace(" force", "")
        return f"{side} {comp}"
    return label


# ---------------------------------------------------------------------------- Aeles EMG
_AELES_NAME = re.compile(r"Data_(?P<task>Walking|Pedalling)_(?:(?P<power>\w+?)_)?(?P<kind>Baseline|Robustness)_(?P<day>Day\d)")


def aeles_task_condition(name: str) -> tuple[str, str]:
    """Task and condition encoded in an Aeles file name (the names of ``EMG_CONDITIONS``).

    ``Data_Walking_Baseline_Day1.mat`` -> ("walking", "day1");
    ``Data_Pedalling_80W_Robustness_Day1.mat`` -> ("pedalling", "80W-day1").
    Other names give ("unknown", "").
    """
    m = _AELES_NAME.search(name)
    if not m:
        return "unknown", ""
    day = m["day"].lower()
    return m["task"].lower(), day if m["power"] is None else f"{m['power']}-{day}"


def load_aeles_emg(
    path,
    task: str | None = None,
    condition: str | None = None,
    min_trials: int = 1,
    provenance: Provenance | None = None,
) -> Dataset:
    """One file in the Aeles et al. (2021) layout.

    Parameters
    ----------
    path : path-like
        MATLAB file with ``Feature`` (N, 8, 200), ``Target_Subject`` (N, P) one-hot
        (columns of participants absent from the file may be empty) and optionally
        ``Feature_EMG_Label``.
    task, condition : str, optional
        Labels for every cycle; default: read from the file name (see
        :func:`aeles_task_condition`).
    min_trials : int
        Fewest cycles a participant must have.
    provenance : Provenance, optional
        Default: the Aeles study with this file.

    Returns
    -------
    Dataset
        ``person`` is the one-hot column index (the same participant in every file).
    """
    path = Path(path)
    m = read_mat(path, ("Feature", "Target_Subject"))
    feature = np.asarray(m["Feature"])
    if feature.ndim != 3:
        raise DataError(f"{path}: Feature must be (n_cycles, n_muscles, n_times), got shape {feature.shape}")
    person = _one_hot_index(m["Target_Subject"], path, "Target_Subject", feature.shape[0])
    if "Feature_EMG_Label" in m:
        channels = _labels(m["Feature_EMG_Label"], path, "Feature_EMG_Label")
    elif feature.shape[1] == len(AELES_MUSCLES):
        channels = list(AELES_MUSCLES)
    else:
        raise DataError(f"{path}: no Feature_EMG_Label and {feature.shape[1]} channels (expected 8)")
    file_task, file_condition = aeles_task_condition(path.name)
    source = (_source(path),)
    if provenance is None:
        provenance = Provenance(
            name="aeles-2021",
            title="EMG of 8 leg muscles, Aeles et al. (2021) layout",
            citation=AELES_CITATION,
            doi="10.1098/rsif.2020.0770",
            licence="no licence stated by the authors; code 'free for academic use only'",
        )
    prov = replace(provenance, files=source)
    return Dataset(
        X=feature,
        person=person,
        channels=tuple(channels),
        task=task or file_task,
        condition=condition if condition is not None else file_condition,
        time_axis="% of cycle",
        units="peak-normalised EMG envelope (each cycle and muscle max = 1)",
        provenance=prov,
        min_trials=min_trials,
    )


# ---------------------------------------------------------------------------- Horst compact
HORST_FEATURES = (
    "Feature_GRF_AV",
    "Feature_GRF_JV",
    "Feature_JA_Full",
    "Feature_JA_Lower",
    "Feature_JA_X_Full",
    "Feature_JA_X_Lower",
)


def load_horst_compact(path, feature: str = "Feature_GRF_AV", min_trials: int = 1) -> Dataset:
    """The compact file of Horst et al. (2019), ``Gait_GRF_JA_Label.mat``.

    Parameters
    ----------
    path : path-like
        The MATLAB file.
    feature : str
        Which feature set, e.g. ``"Feature_GRF_AV"`` (N, 101, 6) or
        ``"Feature_JA_X_Lower"``. Stored time-before-channel; returned as (N, C, 101).
    min_trials : int
        Fewest trials a person must have.

    Returns
    -------
    Dataset
        ``condition`` holds ``"sex=<0|1>"`` when ``Target_Gender`` is present.
    """
    path = Path(path)
    m = read_mat(path, ("Target_SubjectID",))
    if feature not in m:
        present = sorted(k for k in m if k.startswith("Feature_") and not k.endswith("_Label"))
        raise DataError(f"{path}: no feature set {feature!r} (found: {', '.join(present) or 'none'})")
    values = np.asarray(m[feature])
    if values.ndim != 3:
        raise DataError(f"{path}: {feature} must be (n_trials, n_times, n_channels), got shape {values.shape}")
    n = values.shape[0]
    person = _one_hot_index(m["Target_SubjectID"], path, "Target_SubjectID", n)
    label_key = f"{feature}_Label"
    if label_key in m:
        channels = _labels(m[label_key], path, label_key)
    else:
        channels = [f"{feature.removeprefix('Feature_')} {i}" for i in range(values.shape[2])]
    condition = ""
    if "Target_Gender" in m:
        g = np.asarray(m["Target_Gender"]).reshape(-1)
        if g.shape[0] != n:
            raise DataError(f"{path}: Target_Gender has {g.shape[0]} rows for {n} trials")
        condition = np.char.add("sex=", g.astype(int).astype(str))
    prov = Provenance(
        name="horst-2019",
        title=f"Horst et al. (2019) gait data, compact file, {feature}",
        citation=HORST_CITATION,
        doi="10.17632/svx74xcrjr.1",
        licence="CC BY 4.0 (Mendeley Data)",
        files=(_source(path),),
    )
    return Dataset(
        X=np.transpose(values, (0, 2, 1)),
        person=person,
        channels=tuple(channels),
        task="walking",
        condition=condition,
        time_axis="% of stance",
        units="GRF normalised (AV)" if "GRF" in feature else "degrees",
        provenance=prov,
        min_trials=min_trials,
    )


# ---------------------------------------------------------------------------- plain .npz
NPZ_KEYS = ("X", "person", "channels")
NPZ_OPTIONAL = ("task", "condition", "time_axis", "units")


def load_npz(path, min_trials: int = 1, name: str = "npz") -> Dataset:
    """A user's own data as ``.npz``.

    The file holds ``X`` (n_trials, n_channels, n_times), ``person`` (n_trials,),
    ``channels`` (n_channels,) and optionally ``task``, ``condition`` (n_trials,) and the
    strings ``time_axis`` and ``units``. Write one with::

        np.savez("mine.npz", X=X, person=person, channels=["Fz left", ...])
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        with np.load(path, allow_pickle=False) as z:
            content = {k: z[k] for k in z.files}
    except Exception as exc:
        raise DataError(f"{path}: not a readable .npz file ({exc})") from exc
    missing = [k for k in NPZ_KEYS if k not in content]
    if missing:
        raise DataError(f"{path}: missing array(s) {', '.join(missing)} (found: {', '.join(sorted(content)) or 'none'})")
    unknown = sorted(set(content) - set(NPZ_KEYS) - set(NPZ_OPTIONAL))
    if unknown:
        raise DataError(f"{path}: unknown array(s) {', '.join(unknown)}; allowed: {', '.join(NPZ_KEYS + NPZ_OPTIONAL)}")
    extra = {k: str(content[k]) for k in ("time_axis", "units") if k in content}
    prov = Provenance(name=name, title=f"user data from {path.name}", files=(_source(path),))
    return Dataset(
        X=content["X"],
        person=content["person"],
        channels=tuple(np.atleast_1d(content["channels"]).astype(str)),
        task=content.get("task"),
        condition=content.get("condition"),
        provenance=prov,
        min_trials=min_trials,
        **extra,
    )
