"""Finding the real data files: a data directory first, then a pinned download.

Every real file the project knows is listed in :data:`REGISTRY` with its download
address and SHA-256. :func:`locate` looks for a file in this order and verifies its
checksum wherever it is found:

1. the ``data_dir`` argument (``--data-dir`` on the command line),
2. the ``MOVESIG_DATA_DIR`` environment variable,
3. pooch's cache (``MOVESIG_CACHE_DIR`` or the user cache), downloading the file there
   unless ``MOVESIG_OFFLINE=1``.

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

__all__ = ["RemoteFile", "REGISTRY", "locate", "data_dirs", "sha256sum"]

GAITREC_BASE = (
    "https://raw.githubusercontent.com/sebastian-lapuschkin/explaining-deep-clinical-gait-classification/"
    "e559dfba775f83abdd343d535dd1639c41478658/python/data/"
)
EMG_BASE = (
    "https://raw.githubusercontent.com/sebastian-lapuschkin/interpretable-emg-signatures/"
    "c664d2e3c3c24d86c92bacfa15f6514f13ab2cc1/python/data/"
)


@dataclass(frozen=True)
class RemoteFile:
    """A real data file with a pinned address and checksum."""

    name: str
    collection: str
    url: str
    sha256: str


def _gaitrec(norm: str, classes: str, sha: str) -> RemoteFile:
    name = f"2021_acm_small_dataset_v3_aff-unaff-{norm}_{classes}_.mat"
    return RemoteFile(name, "gaitrec-subset", GAITREC_BASE + name, sha)


REGISTRY: dict[str, RemoteFile] = {
    f.name: f
    for f in [
        _gaitrec("nonorm", "1-2", "0036ebecf7955bf14661777be612f16b473041b4c2f7328ed44f07df927e8354"),
        _gaitrec("nonorm", "1-3", "b3bd54a5295fc74fda59ae71b0e2b7c0220203cdf932ab3238adc53db0a03801"),
        _gaitrec("nonorm", "1-4", "f6c826dfeb99292fbdd09ea7f528d64290dba317bc1e6e58c91490cfe3a6e443"),
        _gaitrec("nonorm", "2-3-4", "bca433af2ceb65a751b0ad924ee90d7df3be2bdd0857f2756a709360ec82d068"),
        _gaitrec("atMM", "1-2", "3be908ebfdc565f32f2054d1585cab6d40b7740d82b25fa0cc5110c19f65577f"),
        _gaitrec("atMM", "1-3", "1eb0039845fc192ba12c4abbb3b96660d6c3ea3c5d9ac44c119aa6fd2558764d"),
        _gaitrec("atMM", "1-4", "c742b9ebb2ff5e2368145ddc15fb3a5c4fb9ecce67680388b08f977d6fa0c6f4"),
        _gaitrec("atMM", "2-3-4", "1bb2e314b2532f76826e39dfe86c01405c0b6161f6b0ba04b8ea6d15bf06c0e8"),
        RemoteFile(
            "Data_Baseline_Normed_V1_4_7Ps.mat",
            "emg-pedalling-7ps",
            EMG_BASE + "Data_Baseline_Normed_V1_4_7Ps.mat",
            "5b30e80e3d037f4a70540618b15648ef88fb23a114d18cb05a6ea5574d7f64ed",
        ),
    ]
}


def sha256sum(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def data_dirs(data_dir: str | os.PathLike | None = None) -> list[Path]:
    """The data directories searched, in order: ``data_dir``, then ``$MOVESIG_DATA_DIR``."""
    dirs = []
    for d in (data_dir, os.environ.get("MOVESIG_DATA_DIR")):
        if d:
            dirs.append(Path(d).expanduser())
    return dirs


def candidates(name: str, collection: str, data_dir=None) -> list[Path]:
    """Every path :func:`locate` would look at for a file in a data directory."""
    out = []
    for d in data_dirs(data_dir):
        out += [d / name, d / collection / name]
    return out


def cache_dir() -> Path:
    """Where downloads are kept (``$MOVESIG_CACHE_DIR`` or the user cache)."""
    import pooch

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
        True unless ``MOVESIG_OFFLINE=1``.

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
        download = os.environ.get("MOVESIG_OFFLINE", "") not in ("1", "true", "yes")
    where = "; ".join(str(p) for p in looked)
    if not download:
        raise DataError(
            f"{name}: not found (looked in {where}); give --data-dir or MOVESIG_DATA_DIR, "
            f"or allow the download from {entry.url}"
        )
    import pooch

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
    got = sha256sum(path)
    if got != entry.sha256:
        raise DataError(
            f"{path}: SHA-256 mismatch (expected {entry.sha256}, got {got}); the file is corrupt or not the "
            "published one. It was left untouched: replace it, or remove it to download again"
        )
    return path
