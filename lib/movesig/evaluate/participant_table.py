"""The participant-number experiment's table: assembled from per-participant parts, read back as columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from ..data.dataset import Dataset
from .parallel import atomic_write

__all__ = ["COLUMNS", "assemble", "read_table"]

COLUMNS = ("task", "person", "N", "draw", "r", "r_next")


def assemble(out_dir: Path, dataset: Dataset) -> Path:
    """Join the parts of every (task, person) into ``out_dir/participant_number.csv``, rows sorted; its path."""
    rows = []
    for task in sorted(set(dataset.task)):
        for k in dataset.select(task=task).persons:
            with open(out_dir / "parts" / f"{task}__{k}.csv") as fh:
                rows += [line.rstrip("\n").split(",") for line in fh]
    rows.sort(key=lambda r: (r[0], int(r[2]), _person_key(r[1]), int(r[3])))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path = out_dir / "participant_number.csv"
    atomic_write(path, buffer.getvalue())
    return path


def _person_key(text: str):
    try:
        return (0, int(text), "")
    except ValueError:
        return (1, 0, text)


def read_table(path) -> dict[str, np.ndarray]:
    """The CSV as columns: task (str), person (str), N (int), draw (int), r and r_next (float)."""
    with open(path) as fh:
        rows = list(csv.reader(fh))[1:]
    cols = list(zip(*rows)) if rows else [()] * len(COLUMNS)
    return {"task": np.array(cols[0], dtype=str), "person": np.array(cols[1], dtype=str),
            "N": np.array(cols[2], dtype=int), "draw": np.array(cols[3], dtype=int),
            "r": np.array(cols[4], dtype=float), "r_next": np.array(cols[5], dtype=float)}
