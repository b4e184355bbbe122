"""Do two runs give the same numbers? Every metric of two ``results.json`` compared, timings aside.

``movesig compare A B`` exits 0 when every run has the same numbers in both folders, 1 when
any differs or is present in one folder only (a run missing on one side is a difference,
never "same numbers"), and 2 on a mistake: a folder that is missing or not a folder, the
same folder twice, or a ``results.json`` that is not a readable JSON object.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..data import DataError

from .results import read_results

__all__ = ["compare_results", "compare_runs"]

#: Keys whose values are timings or paths of the machine, never compared.
IGNORED = ("seconds", "fit_seconds_mean", "versions", "out_dir", "data_dir")


def _walk(a, b, path, out, rtol, atol):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key in IGNORED:
                continue
            if key not in a or key not in b:
                out.append(f"{path}/{key}: only in {'second' if key not in a else 'first'}")
            else:
                _walk(a[key], b[key], f"{path}/{key}", out, rtol, atol)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: lengths {len(a)} and {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            _walk(x, y, f"{path}[{i}]", out, rtol, atol)
    elif isinstance(a, float) or isinstance(b, float):
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
        if not (numbers and (math.isclose(a, b, rel_tol=rtol, abs_tol=atol) or (a != a and b != b))):  # NaN == NaN
            out.append(f"{path}: {a!r} != {b!r}")
    elif a != b:
        out.append(f"{path}: {a!r} != {b!r}")


def compare_results(first: dict, second: dict, rtol: float = 1e-9, atol: float = 1e-12,
                    sections=("metrics",)) -> list[str]:
    """Differences between two results records, one line each (empty: the same numbers).

    Parameters
    ----------
    first, second : dict
        Parsed ``results.json`` files.
    rtol, atol : float
        Tolerance of floating-point values (round-off of a different summation order).
    sections : sequence of str or None
        Top-level keys compared (None: every key but the versions).
    """
    keys = sections if sections is not None else sorted((set(first) | set(second)) - set(IGNORED))
    out: list[str] = []
    for key in keys:
        _walk(first.get(key), second.get(key), key, out, rtol, atol)
    return out


def _folder(path: Path) -> None:
    if not path.exists():
        raise FileNotFoundError(f"no run folder with results.json in {path}: it does not exist")
    if not path.is_dir():
        raise DataError(f"{path} is a file, not a folder of runs (e.g. _runs)")


def compare_runs(first, second, **options) -> dict[str, list[str]]:
    """:func:`compare_results` for every run folder in either folder of runs: ``{run: differences}``.

    A run with a ``results.json`` in one folder only has one difference, ``"only in FOLDER
    (no OTHER/run/results.json)"``: a missing run is never "the same numbers". Empty when
    neither folder holds a run.

    Raises
    ------
    FileNotFoundError
        A folder that does not exist.
    DataError
        A folder that is a file, the same folder twice, or a ``results.json`` that is not
        a readable JSON object (:func:`read_results`).
    """
    first, second = Path(first), Path(second)
    _folder(first)
    _folder(second)
    if first.resolve() == second.resolve():
        raise DataError(f"{first} and {second} are the same folder: compare the runs of two folders, e.g. "
                        "_runs and a copy made on another machine")
    runs = {side: {p.parent.name for p in side.glob("*/results.json")} for side in (first, second)}
    out = {}
    for run in sorted(runs[first] | runs[second]):
        if run not in runs[second]:
            out[run] = [f"only in {first} (no {second / run / 'results.json'})"]
        elif run not in runs[first]:
            out[run] = [f"only in {second} (no {first / run / 'results.json'})"]
        else:
            out[run] = compare_results(read_results(first / run), read_results(second / run), **options)
    return out
