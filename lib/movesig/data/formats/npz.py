"""A user's own data as ``.npz`` -> Dataset."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .._checks import _first_duplicate
from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum
from .mat import check_file

__all__ = ["NPZ_KEYS", "NPZ_OPTIONAL", "load_npz", "save_npz"]

#: Arrays every file must hold.
NPZ_KEYS = ("X", "person", "channels")
#: Arrays a file may hold.
NPZ_OPTIONAL = ("task", "condition", "time_axis", "units", "notes")


def _looks_like(path: Path) -> str:
    """What a file is, from its first bytes: "zip" (a .npz), or a description for the message."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"MATLAB"):
        return "a MATLAB .mat file (load it by its data set name, or convert it)"
    if head.startswith(b"\x89HDF"):
        return "an HDF5 file (e.g. MATLAB v7.3)"
    if head.startswith(b"\x93NUMPY"):
        return "a single .npy array (save all arrays together with numpy.savez)"
    if not head:
        return "an empty file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return "binary data of an unknown format"
    first = text.splitlines()[0] if text.splitlines() else ""
    return f"text ({'CSV, ' if ',' in first or ';' in first else ''}first line {first[:40]!r})"


def load_npz(path, min_trials: int = 1, name: str = "npz") -> Dataset:
    """A user's own data as ``.npz``.

    The file holds ``X`` (n_trials, n_channels, n_times), ``person`` (n_trials,),
    ``channels`` (n_channels,) and optionally ``task``, ``condition`` (n_trials,) and the
    strings ``time_axis`` and ``units``. Person ids are numbers or text, kept as they are
    (bytes are read as UTF-8 text). Write one with::

        np.savez("mine.npz", X=X, person=person, channels=["Fz left", ...])

    Parameters
    ----------
    path : path-like
        The ``.npz`` file.
    min_trials : int
        Fewest trials a person must have.
    name : str
        The provenance name.

    Returns
    -------
    Dataset
        X of shape (n_trials, n_channels, n_times).

    Raises
    ------
    DataError
        When the file is missing or unreadable, lacks an array or holds an unknown one, an
        array of Python objects, or two identical trials.
    """
    path = check_file(path)
    kind = _looks_like(path)
    if kind != "zip":
        raise DataError(f"{path}: not a .npz file: it looks like {kind}; write one with numpy.savez (see the data "
                        "page) or convert a folder of CSV files with `movesig import`")
    content = {}
    try:
        with np.load(path, allow_pickle=False) as z:
            for key in z.files:
                try:
                    content[key] = z[key]
                except ValueError as exc:
                    if "pickle" not in str(exc):
                        raise
                    raise DataError(f"{path}: array {key} holds Python objects (an array of dtype object, e.g. "
                                    "numbers mixed with text), which movesig does not read; save numbers as numbers and text as "
                                    "text, e.g. numpy.asarray(values, dtype=str)") from None
    except DataError:
        raise
    except ValueError as exc:
        raise DataError(f"{path}: not a readable .npz file ({exc})") from None
    except Exception as exc:
        raise DataError(f"{path}: not a readable .npz file, it may be truncated or damaged ({exc})") from None
    missing = [k for k in NPZ_KEYS if k not in content]
    if missing:
        raise DataError(f"{path}: missing array(s) {', '.join(missing)} (found: {', '.join(sorted(content)) or 'none'})")
    unknown = sorted(set(content) - set(NPZ_KEYS) - set(NPZ_OPTIONAL))
    if unknown:
        raise DataError(f"{path}: unknown array(s) {', '.join(unknown)}; allowed: {', '.join(NPZ_KEYS + NPZ_OPTIONAL)}")
    for key in ("person", "channels", "task", "condition"):
        if key in content and content[key].dtype.kind == "S":  # bytes (e.g. from MATLAB or h5py): their text
            try:
                content[key] = np.char.decode(content[key], "utf-8")
            except UnicodeDecodeError:
                raise DataError(f"{path}: {key} holds bytes that are not UTF-8 text; save it as text") from None
    extra = {k: str(content[k]) for k in ("time_axis", "units") if k in content}
    source = SourceFile(path.name, sha256sum(path))
    notes = tuple(str(n) for n in np.atleast_1d(content["notes"])) if "notes" in content else ()
    prov = Provenance(name=name, title=f"user data from {path.name}", files=(source,), notes=notes)
    dataset = Dataset(
        X=content["X"],
        person=content["person"],
        channels=tuple(np.atleast_1d(content["channels"]).astype(str)),
        task=content.get("task"),
        condition=content.get("condition"),
        provenance=prov,
        min_trials=min_trials,
        **extra,
    )
    copy = _first_duplicate(dataset.X)
    if copy:
        i, j = copy
        raise DataError(f"{path}: trials {i} and {j} (persons {dataset.person[i]} and {dataset.person[j]}) hold the "
                        "same samples; a trial stored twice would be both trained on and tested: remove the copy")
    return dataset


def _notes(dataset: Dataset) -> list[str]:
    """What a reader of the file should know of its origin: the source's notes and files with SHA-256."""
    prov = dataset.provenance
    files = "; ".join(f"{f.name} (SHA-256 {f.sha256[:12]}…)" for f in prov.files[:3])
    more = f" and {len(prov.files) - 3} more" if len(prov.files) > 3 else ""
    return [*prov.notes, f"Written by movesig from {prov.title}: {files}{more}."]


def save_npz(dataset: Dataset, path) -> Path:
    """Write ``dataset`` as the study's ``.npz`` (what :func:`load_npz` reads); an existing file is refused.

    The file is written to a temporary name beside ``path`` and renamed when complete, so
    a failed or killed write leaves nothing behind; movesig never overwrites a file.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise DataError(f"{path}: exists; movesig never overwrites a file: choose another --out")
    if not path.parent.is_dir():
        raise DataError(f"{path.parent}: no such folder for --out")
    if path.suffix != ".npz":
        raise DataError(f"{path}: the output must end in .npz")
    tmp = path.with_name(f".{path.name}.partial")
    try:
        with open(tmp, "wb") as fh:
            np.savez(fh, X=dataset.X, person=dataset.person, channels=np.array(dataset.channels),
                     task=dataset.task, condition=dataset.condition, time_axis=np.array(dataset.time_axis),
                     units=np.array(dataset.units), notes=np.array(_notes(dataset), dtype=str))
        os.link(tmp, path)  # fails, leaving ``path`` alone, if something appeared there meanwhile
    except FileExistsError:
        raise DataError(f"{path}: exists; movesig never overwrites a file: choose another --out") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path
