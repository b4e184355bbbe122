"""Finding the real data files: a data directory first, then a pinned download.

Every real file the project knows is in :data:`REGISTRY` with its download address and
SHA-256, both read from the data cards (:mod:`movesig.data.cards`). :func:`locate` looks
for a file in this order and verifies its checksum wherever it is found:

1. the ``data_dir`` argument (``--data-dir`` on the command line),
2. the ``MOVESIG_DATA_DIR`` environment variable,
3. pooch's cache (``MOVESIG_CACHE_DIR`` or the user cache), downloading the file there
   unless ``MOVESIG_OFFLINE`` is on (``1``, ``true``, ``yes`` or ``on``, in any case).

Within a data directory a file may sit directly in it or in a sub-folder named after
its collection (``gaitrec-subset/``, ``emg-pedalling-7ps/``), the layout of
``../shared/data``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .dataset import DataError

__all__ = ["REGISTRY", "RemoteFile", "cache_dir", "candidates", "data_dirs", "env_flag", "locate", "offline", "register",
           "sha256sum"]


@dataclass(frozen=True)
class RemoteFile:
    """A real data file with a pinned address and checksum (the cards in :mod:`.cards` list them).

    Parameters
    ----------
    name : str
        File name (no directory).
    collection : str
        Sub-folder of a data directory it may sit in, e.g. ``"gaitrec-subset"``.
    url : str
        Pinned download address.
    sha256 : str
        SHA-256 of the published file's bytes (64 hex digits).
    """

    name: str
    collection: str
    url: str
    sha256: str


#: Every registered real file by name. Filled from the cards by :mod:`movesig.data.cards`,
#: the one place where addresses and checksums are written.
REGISTRY: dict[str, RemoteFile] = {}


def register(files) -> None:
    """Add :class:`RemoteFile` s to :data:`REGISTRY` (called by :mod:`movesig.data.cards`)."""
    for f in files:
        REGISTRY[f.name] = f


def sha256sum(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_ON = ("1", "true", "yes", "on")
_OFF = ("", "0", "false", "no", "off")


def env_flag(name: str) -> bool:
    """Whether the environment variable ``name`` is on: 1, true, yes or on (any case); off: unset, empty, 0,
    false, no or off.

    Raises
    ------
    DataError
        One line naming the variable, for any other value.
    """
    value = os.environ.get(name, "")
    if value.strip().lower() in _ON:
        return True
    if value.strip().lower() in _OFF:
        return False
    raise DataError(f"{name}={value!r} is not understood: use 1, true, yes or on (or 0, false, no, off), or unset it")


def offline() -> bool:
    """Whether downloads are off (``MOVESIG_OFFLINE`` on: see :func:`env_flag`)."""
    return env_flag("MOVESIG_OFFLINE")


def data_dirs(data_dir: str | os.PathLike | None = None) -> list[Path]:
    """The data directories searched, in order: ``data_dir``, then ``$MOVESIG_DATA_DIR``.

    Raises
    ------
    DataError
        When one of them exists but is not a folder, or ``$MOVESIG_DATA_DIR`` names no folder (a
        mistyped variable is not silently passed over).
    """
    dirs = []
    for d, what in ((data_dir, "--data-dir"), (os.environ.get("MOVESIG_DATA_DIR"), "MOVESIG_DATA_DIR")):
        if d:
            path = Path(d).expanduser()
            if path.exists() and not path.is_dir():
                raise DataError(f"{path}: the data directory ({what}) is a file, not a folder")
            if what == "MOVESIG_DATA_DIR" and not path.is_dir():
                raise DataError(f"{path}: the data directory (MOVESIG_DATA_DIR) does not exist; correct the "
                                "variable or unset it")
            dirs.append(path)
    return dirs


def candidates(name: str, collection: str, data_dir=None) -> list[Path]:
    """Every path :func:`locate` would look at for a file in a data directory."""
    out = []
    for d in data_dirs(data_dir):
        out += [d / name, d / collection / name]
    return out


def _pooch():
    """pooch, imported without the warning its tqdm import prints in a notebook without ipywidgets."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="IProgress not found")
        import pooch
    return pooch


def cache_dir() -> Path:
    """Where downloads are kept (``$MOVESIG_CACHE_DIR`` or the user cache)."""
    pooch = _pooch()
    return Path(os.environ.get("MOVESIG_CACHE_DIR") or pooch.os_cache("movesig"))


def locate(name: str, data_dir=None, download: bool | None = None) -> Path:
    """Path of a registered real data file, checked against its pinned SHA-256.

    Parameters
    ----------
    name : str
        A file name from :data:`REGISTRY`.
    data_dir : path-like, optional
        Directory searched first (then ``$MOVESIG_DATA_DIR``).
    download : bool, optional
        Whether to download into the cache when the file is found nowhere. Defaults to
        True unless ``MOVESIG_OFFLINE`` is on.

    Raises
    ------
    DataError
        When the file is not registered, is missing everywhere (the message lists where
        it looked) or its checksum does not match the pinned one.
    """
    if name not in REGISTRY:
        raise DataError(f"{name}: not a registered data file; known: {', '.join(sorted(REGISTRY))}")
    entry = REGISTRY[name]
    looked = candidates(name, entry.collection, data_dir)
    for path in looked:
        if path.is_file():
            return _verified(path, entry)
    cached = cache_dir() / name
    if cached.is_file():
        return _verified(cached, entry)
    looked.append(cached)
    if download is None:
        download = not offline()
    where = "; ".join(str(p) for p in looked)
    if not download:
        raise DataError(
            f"{name}: not found (looked in {where}); give --data-dir or MOVESIG_DATA_DIR, "
            f"or allow the download from {entry.url}"
        )
    pooch = _pooch()

    try:
        path = pooch.retrieve(
            entry.url, known_hash=f"sha256:{entry.sha256}", fname=name, path=cache_dir(), progressbar=False
        )
    except ValueError as exc:  # pooch's hash mismatch
        raise DataError(f"{name}: downloaded file from {entry.url} failed its checksum: {exc}") from exc
    except Exception as exc:  # network errors of any kind
        raise DataError(f"{name}: not found (looked in {where}) and the download from {entry.url} failed: {exc}") from exc
    return Path(path)


def _verified(path: Path, entry: RemoteFile) -> Path:
    """``path`` when its SHA-256 is the pinned one; a DataError otherwise (the file is left untouched)."""
    got = sha256sum(path)
    if got != entry.sha256:
        raise DataError(
            f"{path}: SHA-256 mismatch (expected {entry.sha256}, got {got}); the file is corrupt or not the "
            "published one. It was left untouched: replace it, or remove it to download again"
        )
    return path
