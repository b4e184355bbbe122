"""When a chapter run can be reused: a key over everything its numbers depend on, proved equal or re-run.

The key hashes the chapter's source, its resolved parameters, the SHA-256 of every data
file it reads, the source of every package module its study imports (directly or not)
and the versions of the packages its numbers depend on. A run folder holds its key and how long
the run took (``.movesig-key.json``); :func:`reusable` answers yes only when a key can be
computed and equals the stored one.
"""

from __future__ import annotations

import ast
import hashlib
import json
import threading
from pathlib import Path

from ..data import CATALOG, DataError
from ..data.fetch import sha256sum
from .results import versions

__all__ = ["KEY_FILE", "module_closure", "PARSE_LOCK", "package_hash", "parse_source", "read_key", "reusable", "run_key"]

KEY_FILE = ".movesig-key.json"
_PACKAGE = Path(__file__).resolve().parents[1]
# CPython 3.11 before 3.11.8 keeps the AST converter's recursion depth in state shared by
# threads (gh-106905): two chapters keyed at once by the book's threads can fail with
# "SystemError: AST constructor recursion depth mismatch". One parse at a time (jupytext's
# reading of a chapter parses its cell metadata with ast.literal_eval, so it takes the lock too).
PARSE_LOCK = threading.Lock()


def parse_source(source: str) -> ast.Module:
    """``ast.parse`` that is safe when the book's threads call it at once."""
    with PARSE_LOCK:
        return ast.parse(source)


def _module_file(name: str, package: Path) -> Path | None:
    """The source of module ``movesig.a.b`` (a module file or a package's ``__init__.py``)."""
    parts = name.split(".")[1:]
    for path in (package.joinpath(*parts).with_suffix(".py"), package.joinpath(*parts, "__init__.py")):
        if path.is_file():
            return path
    return None


def _imports(path: Path, name: str) -> set[str]:
    """The movesig modules a source file imports (absolute and relative, with the packages on the way)."""
    tree = parse_source(path.read_text())
    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = (base[:len(base) - node.level + 1] if node.level else []) + (node.module or "").split(".")
            module = [m for m in module if m]
            found.add(".".join(module))
            found |= {".".join(module + [a.name]) for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    out = set()
    for module in found:
        parts = module.split(".")
        out |= {".".join(parts[:i]) for i in range(1, len(parts) + 1) if parts[0] == "movesig"}
    return out


def module_closure(roots, package: Path = _PACKAGE) -> set[str]:
    """Every package module that the modules ``roots`` import, directly or not (``roots`` included)."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        path = _module_file(name, package)
        if name in seen or path is None:
            continue
        seen.add(name)
        todo += sorted(_imports(path, name) - seen)
    return seen


def package_hash(roots=("movesig",), package: Path = _PACKAGE) -> str:
    """SHA-256 over the path and bytes of every package module that ``roots`` import, directly or not.

    A chapter's key uses the modules its study and the results writer import, so that
    editing, say, the command line or the book's pages re-runs nothing.
    """
    h = hashlib.sha256()
    for name in sorted(module_closure(roots, package)):
        path = _module_file(name, package)
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _data_files(params: dict) -> list[Path] | None:
    """The files the run's data come from (none for synthetic data); None when they cannot be found.

    They are the data card's :meth:`~movesig.data.cards.DataCard.files_for`, the files its loader
    reads, as found now without downloading: a file missing (or not the pinned one) cannot be proved.
    """
    card = CATALOG.get(params.get("dataset"))
    if card is None:
        return None
    try:
        return card.files_for(params.get("data_dir"), params.get("data_file"), download=False)
    except DataError:
        return None


def run_key(chapter_source: Path, params: dict) -> str | None:
    """The key of a run of ``chapter_source`` with the resolved ``params`` (None: cannot be proved).

    The package part covers what the chapter's study and ``movesig.report.results`` import.
    """
    files = _data_files(params)
    if files is None:
        return None
    record = {"chapter": hashlib.sha256(Path(chapter_source).read_bytes()).hexdigest(),
              "parameters": params, "data": {p.name: sha256sum(p) for p in files},
              "package": package_hash((f"movesig.studies.{Path(chapter_source).stem}", "movesig.report.results")),
              "versions": versions()}
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def read_key(run_dir: Path) -> dict:
    """``{"key", "seconds"}`` stored in a run folder, each only when well formed.

    A missing, unreadable or damaged key file (not JSON, not an object, a key that is not
    text, seconds that are not a finite number of at least 0) gives what of it is well
    formed, often ``{}``: the run is then re-run, never trusted and never a traceback.
    """
    try:
        record = json.loads((Path(run_dir) / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return {}
    if not isinstance(record, dict):
        return {}
    out = {}
    if isinstance(record.get("key"), str):
        out["key"] = record["key"]
    seconds = record.get("seconds")
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and 0 <= seconds < float("inf"):
        out["seconds"] = float(seconds)
    return out


def reusable(run_dir: Path, key: str | None) -> bool:
    """Whether the run in ``run_dir`` was made with exactly ``key`` (and completed)."""
    run_dir = Path(run_dir)
    return key is not None and read_key(run_dir).get("key") == key and (run_dir / "results.json").is_file()
