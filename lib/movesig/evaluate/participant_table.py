"""The participant-number experiment's table: written from the rows of every part, read back as columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from .parallel import atomic_write

__all__ = ["COLUMNS", "read_table", "write_table"]

COLUMNS = ("task", "person", "N", "draw", "r", "r_next")


def write_table(out_dir: Path, rows) -> Path:
    """Write ``rows`` (lists of :data:`COLUMNS`, as text) sorted by task, N, person and draw into
    ``out_dir/participant_number.csv`` (quoted by the csv module: ids may hold commas or newlines); its path."""
    rows = sorted(rows, key=lambda r: (r[0], int(r[2]), _person_key(r[1]), int(r[3])))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([COLUMNS, *rows])
    return atomic_write(out_dir / "participant_number.csv", buffer.getvalue())


def _person_key(text: str):
    try:
        return (0, int(text), "")
    except ValueError:
        return (1, 0, text)


def read_table(path) -> dict[str, np.ndarray]:
    """The CSV as columns: task (str), person (str), N (int), draw (int), r and r_next (float)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    cols = list(zip(*rows)) if rows else [()] * len(COLUMNS)
    return {"task": np.array(cols[0], dtype=str), "person": np.array(cols[1], dtype=str),
            "N": np.array(cols[2], dtype=int), "draw": np.array(cols[3], dtype=int),
            "r": np.array(cols[4], dtype=float), "r_next": np.array(cols[5], dtype=float)}
