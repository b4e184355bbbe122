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

from .._checks import _check_samples, _first_duplicate
from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum
from .c3d import read_c3d_trial
from .mat import check_file

__all__ = ["MAX_POINTS", "TABLE_COLUMNS", "read_trials_table", "time_normalise"]

#: Columns of the table: required, then optional.
TABLE_COLUMNS = (("file", "person"), ("task", "condition", "start_event", "end_event", "channels"))
#: Most points per trial ``--points`` may ask for (more is a typo, and would allocate huge arrays).
MAX_POINTS = 100_000


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


def _read_rows(path: Path, what: str) -> list[tuple[int, list[str]]]:
    """The rows of a CSV text file that hold anything, as (line number, stripped cells).

    Raises
    ------
    DataError
        When the file is not UTF-8 CSV text, or is separated by ';' or tabs (Excel's export
        in many European settings, whose numbers also use decimal commas).
    """
    rows = []
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            line = 1
            for cells in reader:
                if any("\0" in cell for cell in cells):
                    raise csv.Error(f"line {reader.line_num} holds a NUL byte")
                if any(cell.strip() for cell in cells):
                    rows.append((line, [cell.strip() for cell in cells]))
                line = reader.line_num + 1
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: not a readable CSV {what}; save it as 'CSV UTF-8' ({exc})") from None
    if rows and len(rows[0][1]) == 1:
        second = rows[1][1] if len(rows) > 1 else []
        one_number = len(second) == 1 and _is_number(second[0])  # a single channel whose name holds ';'
        for sep, name in ((";", "';'"), ("\t", "tabs")):
            if sep in rows[0][1][0] and not one_number:
                raise DataError(f"{path}: is separated by {name}, movesig reads CSV separated by ',': save it as "
                                "'CSV UTF-8 (comma delimited)' with '.' as the decimal point")
    return rows


def _read_csv_trial(path: Path) -> tuple[list[str], np.ndarray, np.ndarray | None]:
    """Channel names, samples (n_samples, n_channels) and the time column (or None) of one CSV trial."""
    path = check_file(path)
    rows = _read_rows(path, "text file")
    if len(rows) < 3:
        raise DataError(f"{path}: needs a header row and at least 2 samples, has {len(rows)} row(s)")
    header = rows[0][1]
    if all(_is_number(cell) for cell in header):
        more = ", ..." if len(header) > 3 else ""
        raise DataError(f"{path}: the first row holds numbers ({', '.join(header[:3])}{more}); the first row must "
                        "name the channels, e.g. 'left vertical,right vertical'")
    unnamed = [j + 1 for j, name in enumerate(header) if not name]
    if unnamed:
        raise DataError(f"{path}: column {unnamed[0]} has no name in the first row; name every channel (or delete "
                        "the column)")
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise DataError(f"{path}: the first row names channel(s) {', '.join(dup)} more than once; every channel "
                        "needs its own name")
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            raise DataError(f"{path}: row {line} has {len(cells)} cell(s) but the first row names {len(header)} "
                            "column(s); every row needs one value per column")
        for name, cell in zip(header, cells):
            if not cell:
                raise DataError(f"{path}: row {line}, column {name} is empty; every sample needs a number")
            if not _is_number(cell):
                raise DataError(f"{path}: row {line}, column {name} is not a number: {cell!r}")
    values = np.array([[float(cell) for cell in cells] for _, cells in rows[1:]])
    _check_samples(values, header, path, rows=[line for line, _ in rows[1:]])
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
    """The rows of ``trials.csv`` as dicts, with ``_line`` (the row's line number) and ``_path`` (the trial file)."""
    table = check_file(table)
    rows = _read_rows(table, "table")
    header = rows[0][1] if rows else []
    missing = [c for c in TABLE_COLUMNS[0] if c not in header]
    if len(rows) < 2 or missing:
        raise DataError(f"{table}: needs the columns {', '.join(TABLE_COLUMNS[0])} and one row per trial"
                        + (f" (missing: {', '.join(missing)})" if missing and rows else " (it is empty)"))
    unnamed = [j + 1 for j, name in enumerate(header) if not name]
    if unnamed:
        raise DataError(f"{table}: column {unnamed[0]} has no name in the header row; name it or delete the column")
    unknown = [c for c in header if c not in TABLE_COLUMNS[0] + TABLE_COLUMNS[1]]
    if unknown:
        raise DataError(f"{table}: unknown column(s) {', '.join(unknown)}; allowed: "
                        f"{', '.join(TABLE_COLUMNS[0] + TABLE_COLUMNS[1])}")
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        raise DataError(f"{table}: the header row names column(s) {', '.join(dup)} more than once; keep one of each")
    out = []
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            raise DataError(f"{table}: row {line} has {len(cells)} cell(s) but the header row names {len(header)} "
                            "column(s); every row needs one cell per column (empty cells are fine)")
        row = dict(zip(header, cells), _line=line)
        for key in TABLE_COLUMNS[0]:
            if not row[key]:
                raise DataError(f"{table}: row {line} has no {key}")
        row["_path"] = (table.parent / row["file"]).resolve()
        out.append(row)
    seen = {}
    for row in out:
        c3d = row["_path"].suffix.lower() == ".c3d"  # one C3D file may hold several trials between events
        key = (row["_path"], row.get("start_event", ""), row.get("end_event", "")) if c3d else row["_path"]
        if key in seen:
            raise DataError(f"{table}: row {row['_line']} lists {row['file']} again (first in row {seen[key]}"
                            f"{', with the same events' if c3d else ''}); list every trial once")
        seen[key] = row["_line"]
    return out


def read_trials_table(table, points: int = 101, units: str = "a.u.") -> Dataset:
    """Every trial the table lists, time-normalised to ``points`` points, as one Dataset.

    Person ids are kept as the text the table holds (``7`` and ``007`` are two persons).

    Raises
    ------
    DataError
        One line naming the table (and row) or trial file (and row, column) and the problem
        (missing file, not numeric, channels that differ between trials, unknown event,
        a trial listed twice ...), or ``--points`` out of range.
    """
    try:
        whole = int(points) == points
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole or points < 2:
        raise DataError(f"--points: {points} is not a whole number of at least 2")
    if points > MAX_POINTS:
        raise DataError(f"--points: {points} is more than {MAX_POINTS} points per trial; a time-normalised trial "
                        "needs a few hundred at most (default 101)")
    table = Path(table)
    rows = _read_table(table)
    X, names, sources = [], None, []
    for row in rows:
        path = row["_path"]
        if path.suffix.lower() not in (".c3d", ".csv", ".txt"):
            raise DataError(f"{table}: {row['file']} is neither .csv nor .c3d")
        if not path.exists():
            raise DataError(f"{path}: file not found (listed as {row['file']} in row {row['_line']} of {table.name})")
        if path.suffix.lower() == ".c3d":
            channels = [c.strip() for c in row["channels"].split(";")] if row.get("channels") else None
            header, values = read_c3d_trial(path, channels, row.get("start_event") or None,
                                            row.get("end_event") or None)
            time = None
        else:
            header, values, time = _read_csv_trial(path)
        if len(values) < 2:
            raise DataError(f"{path}: the trial holds {len(values)} sample(s); at least 2 are needed")
        dup = sorted({h for h in header if header.count(h) > 1})
        if dup:
            raise DataError(f"{path}: channel(s) {', '.join(dup)} listed more than once (row {row['_line']} of "
                            f"{table.name}); list every channel once")
        if names is None:
            names, first = header, path
        elif header != names:
            raise DataError(f"{path}: channels {', '.join(header)} differ from those of {first.name} "
                            f"({', '.join(names)}); every trial needs the same channels in the same order")
        X.append(time_normalise(values, int(points), time))
        sources.append(SourceFile(str(path.relative_to(table.parent.resolve())) if path.is_relative_to(
            table.parent.resolve()) else path.name, sha256sum(path)))
    copy = _first_duplicate(np.stack(X))
    if copy:
        a, b = (rows[i] for i in copy)
        raise DataError(f"{b['_path']}: holds the same samples as {a['file']} (rows {a['_line']} and {b['_line']} of "
                        f"{table.name}); a trial copied twice would be both trained on and tested: remove the copy")
    prov = Provenance(name="npz", title=f"user data imported from {table.name} ({len(rows)} trials)",
                      files=(SourceFile(table.name, sha256sum(table)), *sources),
                      notes=(f"Every trial time-normalised to {int(points)} points (linear interpolation).",))
    return Dataset(X=np.stack(X), person=np.array([r["person"] for r in rows], dtype=str), channels=tuple(names),
                   task=[r.get("task") or "unknown" for r in rows],
                   condition=[r.get("condition") or "" for r in rows], provenance=prov, units=units)
