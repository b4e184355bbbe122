"""Do two runs give the same numbers? Every metric of two ``results.json`` compared, timings aside."""

from __future__ import annotations

import json
import math
from pathlib import Path

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
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))
                and math.isclose(a, b, rel_tol=rtol, abs_tol=atol)):
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


def compare_runs(first, second, **options) -> dict[str, list[str]]:
    """:func:`compare_results` for every run folder present in both folders of runs: ``{run: differences}``."""
    first, second = Path(first), Path(second)
    runs = sorted(p.parent.name for p in first.glob("*/results.json") if (second / p.parent.name / "results.json").is_file())
    return {run: compare_results(json.loads((first / run / "results.json").read_text()),
                                 json.loads((second / run / "results.json").read_text()), **options) for run in runs}
