"""``results.json``: every number a chapter shows, with its parameters, data and versions."""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path

import numpy as np

from ..data import DataError
from ..evaluate.parallel import atomic_write

__all__ = ["versions", "write_results", "read_results", "to_jsonable"]

_PACKAGES = ("movesig", "numpy", "scipy", "scikit-learn", "torch", "zennit", "matplotlib", "papermill", "jupyter-book")


def versions() -> dict[str, str]:
    """Versions of Python and the packages the numbers depend on."""
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def to_jsonable(value):
    """numpy scalars/arrays and tuples -> plain JSON values; NaN and inf -> null."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, Path):
        return str(value)
    return value


def write_results(out_dir, record: dict) -> Path:
    """Write ``out_dir/results.json`` atomically and return its path.

    Parameters
    ----------
    out_dir : path-like
        The run directory.
    record : Record, dict or Study
        A study's :class:`~movesig.studies._base.Record` (or the study, whose record is
        taken, or its dict): chapter, parameters, data provenance, metrics, the sections'
        numbers, claims and the layout version; the package versions are added here.
    """
    if hasattr(record, "record"):
        record = record.record()
    if hasattr(record, "as_dict"):
        record = record.as_dict()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_jsonable({**record, "versions": versions()}), indent=2, allow_nan=False) + "\n"
    return atomic_write(out_dir / "results.json", text)


def read_results(run_dir) -> dict:
    """The parsed ``results.json`` of a run directory.

    Raises
    ------
    DataError
        One line naming the file when it is not a file, not UTF-8 text, not JSON, or not a JSON object.
    """
    path = Path(run_dir) / "results.json"
    if path.is_dir():
        raise DataError(f"{path} is a folder, not the results.json file a run writes")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DataError(f"{path} is not text (binary bytes); it is not a results.json a run wrote: run it "
                        "again") from None
    except RecursionError:
        raise DataError(f"{path} is nested too deeply to be a results.json a run wrote: run it again") from None
    except ValueError as exc:
        problem = "it is empty" if not path.stat().st_size else f"not valid JSON ({exc})"
        raise DataError(f"{path}: {problem}; it is not a results.json a run wrote: run it again") from None
    except OSError as exc:
        raise DataError(f"{path} cannot be read ({exc.strerror})") from None
    if not isinstance(record, dict):
        raise DataError(f"{path} holds a JSON {type(record).__name__}, not the object a run writes: run it again")
    return record
