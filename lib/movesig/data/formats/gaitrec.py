"""The GaitRec subset's MATLAB files (four per normalisation) -> one Dataset."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum
from .mat import cell_labels, one_hot_index, read_mat

__all__ = ["GAITREC_CLASSES", "load_gaitrec"]

#: Column order of GaitRec's ``Target_Injury``.
GAITREC_CLASSES = ("healthy control", "hip", "knee", "ankle")


def load_gaitrec(
    paths, normalisation: str = "nonorm", min_trials: int = 1, provenance: Provenance | None = None
) -> Dataset:
    """GaitRec subset: 194 people × 5 trials × 6 GRF channels × 101 points of stance.

    The union of the files of one normalisation, de-duplicated by person (a person
    appears in several files; the first file that holds them is kept, so give the files
    in the order 1-2, 1-3, 1-4, 2-3-4).

    Parameters
    ----------
    paths : sequence of path-like
        The MATLAB files, each with ``Feature`` (n, 6, 101), one-hot ``Target_Subject``
        and ``Target_Injury`` and the channel names ``Feature_GRF_AV_Label``.
    normalisation : {"nonorm", "atMM"}
        ``nonorm``: forces in multiples of body weight; ``atMM``: each channel min-max
        scaled to [0, 1] over its file.
    min_trials : int
        Fewest trials a person must have.
    provenance : Provenance, optional
        Name, title, citation and licence (the data card's); the files read and the
        format's notes are added. Default: a bare ``"gaitrec"`` provenance.

    Returns
    -------
    Dataset
        X of shape (n_trials, 6, 101); ``condition`` holds the clinical class
        (:data:`GAITREC_CLASSES`), ``task`` is ``"walking"``.
    """
    if normalisation not in ("nonorm", "atMM"):
        raise DataError(f"GaitRec: unknown normalisation {normalisation!r}; choose 'nonorm' or 'atMM'")
    paths = list(paths)
    X, person, cls, channels, files = [], [], [], None, []
    seen: set[int] = set()
    for path in paths:
        path = Path(path)
        m = read_mat(path, ("Feature", "Target_Subject", "Target_Injury", "Feature_GRF_AV_Label"))
        feature = np.asarray(m["Feature"])
        if feature.ndim != 3:
            raise DataError(f"{path}: Feature must be (n_trials, 6, 101), got shape {feature.shape}")
        pid = one_hot_index(m["Target_Subject"], path, "Target_Subject", feature.shape[0])
        injury = one_hot_index(m["Target_Injury"], path, "Target_Injury", feature.shape[0])
        names = cell_labels(m["Feature_GRF_AV_Label"], path, "Feature_GRF_AV_Label")
        if channels is None:
            channels = names
        elif names != channels:
            raise DataError(f"{path}: channel names differ from those of {paths[0]}")
        new = ~np.isin(pid, list(seen))
        X.append(feature[new])
        person.append(pid[new])
        cls.append(injury[new])
        seen.update(pid[new].tolist())
        files.append(SourceFile(path.name, sha256sum(path)))
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
    provenance = provenance or Provenance(name="gaitrec", title=f"GaitRec subset ({normalisation})")
    prov = replace(provenance, files=tuple(files), notes=provenance.notes + tuple(notes))
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
