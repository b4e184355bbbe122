"""A lab's export -> Dataset: a table of trials (``trials.csv``) naming one CSV or C3D file per trial.

``trials.csv`` has the columns ``file``, ``person`` and, optionally, ``task``,
``condition`` and, for C3D files, ``start_event``, ``end_event`` and ``channels``
(analog labels separated by ``;``). File paths are relative to the table's folder. A CSV
trial has one header row of channel names and one row per sample; a column named
``time`` is the sample times (else the samples are equally spaced). Every trial is
time-normalised to ``points`` points (linear interpolation from its first to its last
sample), so trials of any length line up as % of the cycle.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum
from .c3d import read_c3d_trial
from .mat import check_file

__all__ = ["TABLE_COLUMNS", "read_trials_table", "time_normalise"]

#: Columns of the table: required, then optional.
TABLE_COLUMNS = (("file", "person"), ("task", "condition", "start_event", "end_event", "channels"))


def time_normalise(values: np.ndarray, points: int = 101, time=None) -> np.ndarray:
    """One trial resampled to ``points`` equally spaced points from its first to its last sample.

    Parameters
    ----------
    values : ndarray of shape (n_samples, n_channels)
    points : int
    time : ndarray of shape (n_samples,), optional
        Sample times, strictly increasing (default: equally spaced).

    Returns
    -------
    ndarray of shape (n_channels, points)
    """
    values = np.asarray(values, dtype=np.float64)
    t = np.arange(len(values), dtype=np.float64) if time is None else np.asarray(time, dtype=np.float64)
    t = (t - t[0]) / (t[-1] - t[0])
    grid = np.linspace(0.0, 1.0, points)
    return np.stack([np.interp(grid, t, values[:, j]) for j in range(values.shape[1])])


def _read_csv_trial(path: Path) -> tuple[list[str], np.ndarray, np.ndarray | None]:
    """Channel names, samples (n_samples, n_channels) and the time column (or None) of one CSV trial."""
    path = check_file(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = [row for row in csv.reader(fh) if any(cell.strip() for cell in row)]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: not a readable CSV text file ({exc})") from None
    if len(rows) < 3:
        raise DataError(f"{path}: needs a header row and at least 2 samples, has {len(rows)} row(s)")
    header = [h.strip() for h in rows[0]]
    try:
        values = np.array([[float(cell) for cell in row] for row in rows[1:]])
    except ValueError:
        bad = next((i, j, c) for i, row in enumerate(rows[1:], start=2) for j, c in enumerate(row)
                   if not _is_number(c))
        raise DataError(f"{path}: row {bad[0]}, column {header[bad[1]] if bad[1] < len(header) else bad[1] + 1} is "
                        f"not a number: {bad[2]!r}") from None
    except TypeError:
        raise DataError(f"{path}: rows differ in length") from None
    if values.ndim != 2 or values.shape[1] != len(header):
        raise DataError(f"{path}: every row must have the {len(header)} columns of the header")
    if not np.isfinite(values).all():
        i, j = np.argwhere(~np.isfinite(values))[0]
        raise DataError(f"{path}: row {i + 2}, column {header[j]} is not finite ({values[i, j]})")
    time = None
    if "time" in (h.lower() for h in header):
        j = [h.lower() for h in header].index("time")
        time = values[:, j]
        if np.any(np.diff(time) <= 0):
            raise DataError(f"{path}: the time column must increase from row to row")
        values, header = np.delete(values, j, axis=1), header[:j] + header[j + 1:]
    if not header:
        raise DataError(f"{path}: has no channel column")
    return header, values, time


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _read_table(table: Path) -> list[dict]:
    table = check_file(table)
    try:
        with open(table, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{table}: not a readable CSV table ({exc})") from None
    columns = [c.strip() for c in (rows[0].keys() if rows else [])]
    missing = [c for c in TABLE_COLUMNS[0] if c not in columns]
    if not rows or missing:
        raise DataError(f"{table}: needs the columns {', '.join(TABLE_COLUMNS[0])} and one row per trial"
                        + (f" (missing: {', '.join(missing)})" if rows else " (it is empty)"))
    unknown = [c for c in columns if c not in TABLE_COLUMNS[0] + TABLE_COLUMNS[1]]
    if unknown:
        raise DataError(f"{table}: unknown column(s) {', '.join(unknown)}; allowed: "
                        f"{', '.join(TABLE_COLUMNS[0] + TABLE_COLUMNS[1])}")
    rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in rows]
    for i, row in enumerate(rows, start=2):
        for key in TABLE_COLUMNS[0]:
            if not row.get(key):
                raise DataError(f"{table}: row {i} has no {key}")
    seen = {}
    for i, row in enumerate(rows, start=2):
        if row["file"] in seen:
            raise DataError(f"{table}: row {i} lists {row['file']} again (first in row {seen[row['file']]})")
        seen[row["file"]] = i
    return rows


def _ids(values: list[str]) -> np.ndarray:
    """Person ids as whole numbers when every one is, else as text."""
    try:
        return np.array([int(v) for v in values])
    except ValueError:
        return np.array(values)


def read_trials_table(table, points: int = 101, units: str = "a.u.") -> Dataset:
    """Every trial the table lists, time-normalised to ``points`` points, as one Dataset.

    Raises
    ------
    DataError
        One line naming the table or trial file and the problem (missing file, not
        numeric, channels that differ between trials, unknown event ...).
    """
    if int(points) != points or points < 2:
        raise DataError(f"--points: {points} is not a whole number of at least 2")
    table = Path(table)
    rows = _read_table(table)
    X, names, sources = [], None, []
    for row in rows:
        path = (table.parent / row["file"]).resolve()
        if path.suffix.lower() == ".c3d":
            channels = [c.strip() for c in row["channels"].split(";")] if row.get("channels") else None
            header, values = read_c3d_trial(path, channels, row.get("start_event") or None,
                                            row.get("end_event") or None)
            time = None
        elif path.suffix.lower() in (".csv", ".txt"):
            header, values, time = _read_csv_trial(path)
        else:
            raise DataError(f"{table}: {row['file']} is neither .csv nor .c3d")
        if len(values) < 2:
            raise DataError(f"{path}: the trial holds {len(values)} sample(s); at least 2 are needed")
        if names is None:
            names, first = header, path
        elif header != names:
            raise DataError(f"{path}: channels {', '.join(header)} differ from those of {first.name} "
                            f"({', '.join(names)}); every trial needs the same channels in the same order")
        X.append(time_normalise(values, int(points), time))
        sources.append(SourceFile(str(path.relative_to(table.parent.resolve())) if path.is_relative_to(
            table.parent.resolve()) else path.name, sha256sum(path)))
    prov = Provenance(name="npz", title=f"user data imported from {table.name} ({len(rows)} trials)",
                      files=(SourceFile(table.name, sha256sum(table)), *sources),
                      notes=(f"Every trial time-normalised to {int(points)} points (linear interpolation).",))
    return Dataset(X=np.stack(X), person=_ids([r["person"] for r in rows]), channels=tuple(names),
                   task=[r.get("task") or "unknown" for r in rows],
                   condition=[r.get("condition") or "" for r in rows], provenance=prov, units=units)
