"""When a chapter run can be reused: a key over everything its numbers depend on, proved equal or re-run.

The key hashes the chapter's source, its resolved parameters, the SHA-256 of every data
file it reads, the source of the package (every ``.py`` of ``lib/movesig``) and the
versions of the packages its numbers depend on. A run folder holds its key and how long
the run took (``.movesig-key.json``); :func:`reusable` answers yes only when a key can be
computed and equals the stored one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..data import CATALOG, DataError
from ..data.fetch import cache_dir, candidates, sha256sum
from .results import versions

__all__ = ["KEY_FILE", "package_hash", "read_key", "reusable", "run_key"]

KEY_FILE = ".movesig-key.json"
_PACKAGE = Path(__file__).resolve().parents[1]


def package_hash(package: Path = _PACKAGE) -> str:
    """SHA-256 over the path and bytes of every ``.py`` file of the package."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _data_files(params: dict) -> list[Path] | None:
    """The files the run's data come from (none for synthetic data); None when they cannot be found."""
    if params.get("data_file"):
        return [Path(params["data_file"])]
    card = CATALOG.get(params.get("dataset"))
    if card is None or card.kind == "synthetic":
        return [] if card is not None else None
    found = []
    try:
        for fname, collection in card.located_files():
            paths = [p for p in candidates(fname, collection, params.get("data_dir")) + [cache_dir() / fname]
                     if p.is_file()]
            if paths:
                found.append(paths[0])
            elif card.kind != "study":
                return None
    except DataError:
        return None
    return found


def run_key(chapter_source: Path, params: dict) -> str | None:
    """The key of a run of ``chapter_source`` with the resolved ``params`` (None: cannot be proved)."""
    files = _data_files(params)
    if files is None:
        return None
    record = {"chapter": hashlib.sha256(Path(chapter_source).read_bytes()).hexdigest(),
              "parameters": params, "data": {p.name: sha256sum(p) for p in files},
              "package": package_hash(), "versions": versions()}
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def read_key(run_dir: Path) -> dict:
    """``{"key", "seconds"}`` stored in a run folder (empty when there is none)."""
    try:
        return json.loads((Path(run_dir) / KEY_FILE).read_text())
    except (OSError, ValueError):
        return {}


def reusable(run_dir: Path, key: str | None) -> bool:
    """Whether the run in ``run_dir`` was made with exactly ``key`` (and completed)."""
    run_dir = Path(run_dir)
    return key is not None and read_key(run_dir).get("key") == key and (run_dir / "results.json").is_file()
