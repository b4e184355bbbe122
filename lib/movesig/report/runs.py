"""Run folders that never lose anything: ownership manifest, one writer at a time, swap in only on success.

A chapter run executes into ``OUT/<name>.partial/`` and replaces ``OUT/<name>/`` only when
it completed; a failed or killed run leaves the previous run as it was, and its own
output in ``<name>.partial/`` (the next run with the same parameters resumes there, one
with other parameters starts it afresh). A run folder lists every file movesig wrote in
its marker ``.movesig-run``; a folder holding anything else (a user's notes) is refused,
never emptied. The same holds for a ``.partial`` folder: before a run resumes in it or
starts it afresh, and before it is swapped in, every file in it must be one the marker
lists or one a run writes (the notebook, ``results.json``, ``figures/``,
``participant_number/``, the run's key and parameters); a user's file there is refused by
name, never deleted. ``OUT/<name>.lock`` keeps a second run out while one writes; the lock of a
run that died is taken over.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
from pathlib import Path

from ..data import DataError

__all__ = ["MARKER", "RunFolderError", "check_ours", "run_lock", "swap_in", "working_folder"]

MARKER = ".movesig-run"
#: Files an older movesig (whose marker lists nothing) wrote into a run folder.
_LEGACY = re.compile(r"^([^/]+\.ipynb|results\.json|figures/[^/]+|participant_number/.+)$")
#: Files a run writes into its ``<name>.partial`` folder before the marker lists them (besides ``<name>.ipynb``),
#: with the temporary files of atomic writes.
_RUN_WRITES = re.compile(r"^(\.?results\.json(\.[^/]+)?|figures/[^/]+|participant_number/.+|"
                         r"\.movesig-(key|parameters)\.json)$")


class RunFolderError(DataError):
    """A run folder that is not ours to replace, or that another run is writing."""


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def check_ours(folder: Path, complete: bool = True) -> None:
    """Refuse ``folder`` unless it is absent or a run folder holding only files movesig wrote.

    ``complete=False`` is for a run's own ``.partial`` folder, written to until the run
    ended: besides the files its marker lists, it may hold the files a run writes
    (its notebook ``<name>.ipynb`` and ``_RUN_WRITES``), and nothing else.

    Raises
    ------
    RunFolderError
        Naming the folder and the first files movesig did not write.
    """
    folder = Path(folder)
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_symlink() or not folder.is_dir():
        raise RunFolderError(f"{folder} exists and is not a folder; it was left untouched: choose another --out")
    files = [f for f in _files(folder) if f != MARKER]
    marker = folder / MARKER
    if not marker.is_file():
        if files or any(folder.iterdir()):
            raise RunFolderError(f"{folder} is not empty and was not made by movesig (no {MARKER}); it was left "
                                 "untouched: choose another --out")
        return
    try:
        written = set(json.loads(marker.read_text())["files"])
    except (ValueError, KeyError, TypeError, OSError):  # an older marker: a line of text
        written = {f for f in files if _LEGACY.match(f)}
    notebook = f"{folder.name.removesuffix('.partial')}.ipynb"
    foreign = [f for f in files if f not in written and (complete or not (f == notebook or _RUN_WRITES.match(f)))]
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise RunFolderError(f"{folder} holds files movesig did not write ({', '.join(foreign[:3])}{more}); it was "
                             "left untouched: move them out or choose another --out")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def run_lock(lock: Path):
    """Hold ``lock`` (a file with this process's id) for the block; a live holder is refused, a dead one replaced."""
    lock = Path(lock)
    me = {"pid": os.getpid(), "host": socket.gethostname()}
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                holder = json.loads(lock.read_text())
            except (OSError, ValueError):
                holder = {}
            if holder.get("host") == me["host"] and isinstance(holder.get("pid"), int) and not _alive(holder["pid"]):
                lock.unlink(missing_ok=True)  # its run died: take over
                continue
            raise RunFolderError(f"{lock.with_suffix('')} is being written by another movesig run "
                                 f"(pid {holder.get('pid', '?')} on {holder.get('host', '?')}); wait for it to end, "
                                 f"or remove {lock} if no run is going on") from None
        with os.fdopen(fd, "w") as fh:
            json.dump(me, fh)
        break
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def working_folder(partial: Path, parameters: dict) -> Path:
    """The folder a run writes into: an interrupted run's with the same parameters (resumed), else a fresh one.

    Raises
    ------
    RunFolderError
        When ``partial`` holds a file movesig did not write (:func:`check_ours`): it is
        neither resumed nor emptied.
    """
    partial = Path(partial)
    record = partial / ".movesig-parameters.json"
    if partial.exists() or partial.is_symlink():
        check_ours(partial, complete=False)
        try:
            same = json.loads(record.read_text()) == json.loads(json.dumps(parameters))
        except (OSError, ValueError):  # absent or damaged: the parameters it ran with are unknown
            same = False
        if not same:
            shutil.rmtree(partial)
    partial.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(parameters, sort_keys=True))
    _write_marker(partial)
    return partial


def _write_marker(folder: Path) -> None:
    files = [f for f in _files(folder) if f != MARKER]
    (folder / MARKER).write_text(json.dumps({"made_by": "movesig run; replaced whole by the next run",
                                             "files": files}, indent=1))


def swap_in(partial: Path, target: Path) -> Path:
    """Replace ``target`` by the completed ``partial`` (both checked ours just before); return ``target``.

    Raises
    ------
    RunFolderError
        When either holds a file movesig did not write (e.g. one saved into ``partial``
        while the run went on); the run's output stays in ``partial``.
    """
    partial, target = Path(partial), Path(target)
    check_ours(partial, complete=False)
    (partial / ".movesig-parameters.json").unlink(missing_ok=True)
    _write_marker(partial)
    check_ours(target)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(partial, target)
    if old.exists():
        shutil.rmtree(old)
    return target
