"""Small files in the layouts of GaitRec and the Gutenberg Gait Database as published on figshare.

``write_gaitrec(folder)`` and ``write_gutenberg(folder)`` write the metadata, the ten processed
curve files (six forces, four centre-of-pressure) and, for Gutenberg, the walking speeds, each
in the published column layout, from a list of sessions; ``first_value`` says what the first
value of every curve is, so that a test can check which row landed where. The editing helpers
make the awkward cases of real exports (a row removed, a row appended, a cell changed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from movesig.data.formats.gaitrec_full import curve_files

N_POINTS = 101
#: Every curve file, (file name, prefix, channel name), forces then centre of pressure.
CURVES = curve_files(cop=True)
GAITREC_METADATA = ("SUBJECT_ID", "SESSION_ID", "CLASS_LABEL", "CLASS_LABEL_DETAILED", "SEX", "AGE", "HEIGHT",
                    "BODY_WEIGHT", "BODY_MASS", "SHOE_SIZE", "AFFECTED_SIDE", "SHOD_CONDITION", "ORTHOPEDIC_INSOLE",
                    "SPEED", "READMISSION", "SESSION_TYPE", "SESSION_DATE", "TRAIN", "TRAIN_BALANCED", "TEST")
GUTENBERG_METADATA = ("DATASET_ID", "SUBJECT_ID", "SESSION_ID", "SEX", "AGE", "HEIGHT", "BODY_WEIGHT", "BODY_MASS",
                      "SHOE_SIZE", "SHOD_CONDITION", "ORTHOPEDIC_INSOLE", "SPEED", "SESSION_DATE")


def gaitrec_sessions() -> list[dict]:
    """Four people: three healthy controls (two with two sessions), one knee patient with two sessions."""
    def s(subject, session, label, date, age=30.0, trials=(1, 2, 3)):
        return {"SUBJECT_ID": subject, "SESSION_ID": session, "CLASS_LABEL": label, "SESSION_DATE": date,
                "AGE": age, "SEX": subject % 2, "BODY_MASS": 60.0 + subject, "SPEED": 2, "SHOD_CONDITION": 1,
                "trials": list(trials)}

    return [s(1, 101, "HC", "2014-05-16"), s(1, 102, "HC", "2014-06-20 10:15:00"),
            s(2, 201, "HC", "16.05.2014"), s(2, 202, "HC", "17.05.2014 08:00:00"),
            s(3, 301, "HC", "2015-01-02"),
            s(4, 401, "K", "2013-03-01"), s(4, 402, "K", "2013-09-01")]


def gutenberg_sessions() -> list[dict]:
    """Three people of two sub-studies (subject 1 of data set 1 and of data set 2 are two people)."""
    def s(dataset, subject, session, date, trials=(1, 2, 3)):
        return {"DATASET_ID": dataset, "SUBJECT_ID": subject, "SESSION_ID": session, "SESSION_DATE": date,
                "AGE": 20.0 + subject, "SEX": subject % 2, "BODY_MASS": 70.0, "SPEED": 2, "SHOD_CONDITION": 1,
                "trials": list(trials)}

    return [s(1, 1, 1, "03.11.2017 10:15:00"), s(1, 1, 2, "10.11.2017 09:00:00"),
            s(1, 2, 1, "03.11.2017 11:00:00"), s(2, 1, 1, "2019-02-01 14:30:00")]


def first_value(ids, channel: int) -> float:
    """The first value of the curve of trial ``ids`` (its id columns) in channel ``channel`` (of :data:`CURVES`)."""
    *rest, subject, session, trial = ids
    return channel + subject / 10 + session / 10_000 + trial / 1_000_000 + (rest[0] / 100 if rest else 0.0)


def _curve(ids, channel: int) -> np.ndarray:
    return first_value(ids, channel) + 0.5 * np.sin(np.linspace(0.0, np.pi, N_POINTS))


def _cell(value) -> str:
    if value is None:
        return ""
    return repr(float(value)) if isinstance(value, float) else str(value)


def _write(folder: Path, sessions, id_columns, metadata_columns, speeds: bool) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = [",".join(metadata_columns)]
    rows += [",".join(_cell(s.get(c, "NaN")) for c in metadata_columns) for s in sessions]
    (folder / "GRF_metadata.csv").write_text("\n".join(rows) + "\n")
    trials = [tuple(s[c] for c in id_columns[:-1]) + (t,) for s in sessions for t in s["trials"]]
    for channel, (name, prefix, _) in enumerate(CURVES):
        lines = [",".join([*id_columns, *(f"{prefix}_{k}" for k in range(1, N_POINTS + 1))])]
        lines += [",".join([*map(str, ids), *(f"{v:.10g}" for v in _curve(ids, channel))]) for ids in trials]
        (folder / name).write_text("\n".join(lines) + "\n")
    if speeds:
        lines = [",".join([*id_columns, "WALKING_SPEED"])]
        lines += [",".join([*map(str, ids), f"{speed_of(ids):.4f}"]) for ids in trials]
        (folder / "GRF_walking_speed.csv").write_text("\n".join(lines) + "\n")
    return folder


def speed_of(ids) -> float:
    """The walking speed written for trial ``ids`` (m/s)."""
    return round(1.2 + 0.01 * ids[-1] + 0.1 * ids[-3], 4)


def write_gaitrec(folder, sessions=None) -> Path:
    """GaitRec's published files for ``sessions`` (default :func:`gaitrec_sessions`) in ``folder``; returns it."""
    return _write(folder, gaitrec_sessions() if sessions is None else sessions,
                  ("SUBJECT_ID", "SESSION_ID", "TRIAL_ID"), GAITREC_METADATA, speeds=False)


def write_gutenberg(folder, sessions=None, speeds: bool = True) -> Path:
    """The Gutenberg Gait Database's published files (default :func:`gutenberg_sessions`); returns the folder."""
    return _write(folder, gutenberg_sessions() if sessions is None else sessions,
                  ("DATASET_ID", "SUBJECT_ID", "SESSION_ID", "TRIAL_ID"), GUTENBERG_METADATA, speeds=speeds)


# ---------------------------------------------------------------------------- the awkward parts of real exports
def drop_rows(path, *ids) -> None:
    """Remove the rows of ``path`` whose first cells are ``ids``."""
    path = Path(path)
    start = ",".join(map(str, ids)) + ","
    lines = path.read_text().splitlines()
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) < len(lines), f"no row {ids} in {path.name}"
    path.write_text("\n".join(kept) + "\n")


def append_row(path, line: str) -> None:
    """Add one line at the end of ``path``."""
    path = Path(path)
    path.write_text(path.read_text() + line + "\n")


def row_of(path, *ids) -> str:
    """The line of ``path`` whose first cells are ``ids``."""
    start = ",".join(map(str, ids)) + ","
    return next(line for line in Path(path).read_text().splitlines() if line.startswith(start))


def set_cell(path, ids, column: str, value: str) -> None:
    """Write ``value`` into ``column`` of the row of ``path`` whose first cells are ``ids``."""
    path = Path(path)
    lines = path.read_text().splitlines()
    j = lines[0].split(",").index(column)
    start = ",".join(map(str, ids)) + ","
    for i, line in enumerate(lines):
        if line.startswith(start):
            cells = line.split(",")
            cells[j] = value
            lines[i] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
