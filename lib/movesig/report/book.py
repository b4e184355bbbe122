"""The book driver: run chapters with papermill, build the book with Jupyter Book 1.

- A chapter is a py:percent source ``chapters/<name>.py``; :func:`chapter_notebook`
  turns it into a notebook in memory with jupytext (no ``.ipynb`` copy is kept).
- :func:`run_chapter` checks the parameters against the chapter's study
  (:mod:`movesig.studies`) before any kernel starts, then executes the notebook into
  ``OUT/CHAPTER/``: the executed notebook, ``figures/`` and ``results.json``.
- :func:`movesig.report.build.build_book` runs (or reuses) every chapter and builds the book.

A run never destroys anything before it succeeds (:mod:`movesig.report.runs`): it
executes into ``OUT/<name>.partial/`` and is swapped in only when complete; a folder holding
files movesig did not write is refused, never emptied; one run at a time per folder.
"""

from __future__ import annotations

import ast
import json
import os
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

from ..data import DataError
from ..studies import ParameterError, study_class
from .cache import KEY_FILE, PARSE_LOCK, parse_source, run_key
from .runs import RunFolderError, check_ours, run_lock, swap_in, working_folder

__all__ = [
    "ParameterError",
    "chapter_names",
    "chapter_notebook",
    "chapter_parameters",
    "project_root",
    "resolve_parameters",
    "run_chapter",
]

#: Exceptions a chapter raises on the user's data or parameters: one line for the user, exit 2.
USER_ERRORS = ("DataError", "ParameterError", "RunFolderError")
#: Errors of the machine raised inside a chapter's kernel (a full disk, a read-only folder, no memory): exit 2 too.
MACHINE_ERRORS = ("OSError", "PermissionError", "MemoryError")


class ChapterError(DataError):
    """A chapter stopped on the user's data or parameters (the message says what, and where the notebook is)."""


class ChapterCrash(RuntimeError):
    """A chapter stopped on a program error; its traceback is in the executed notebook."""


#: Parameters the driver sets itself; a user sets them with --data-dir and --out.
DRIVER_PARAMETERS = ("out_dir",)


def project_root(start=None) -> Path:
    """The folder holding ``_toc.yml`` and ``chapters/``: above ``start`` (default: cwd) or the package."""
    candidates = [Path(start or Path.cwd()).resolve()]
    candidates += list(candidates[0].parents)
    candidates += [Path(__file__).resolve().parents[3]]
    for c in candidates:
        if (c / "_toc.yml").is_file() and (c / "chapters").is_dir():
            return c
    raise FileNotFoundError("no movesig project (a folder with _toc.yml and chapters/) above the current directory")


def _settings(path: Path, example: str) -> dict:
    """A settings file of the book (``_toc.yml``, ``chapters/runs.yml``) as a mapping, or one line saying what is wrong."""
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ParameterError(f"{path}: not a text file in UTF-8; it should read like {example!r}") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ParameterError(f"{path}: must be a mapping, like {example!r}; it holds a {type(content).__name__}")
    return content


def _toc_files(root: Path) -> list[str]:
    toc = _settings(root / "_toc.yml", "root: chapters/intro")
    if not isinstance(toc.get("root"), str):
        raise ParameterError(f"{root / '_toc.yml'}: names no root page (root: chapters/intro)")
    files = [toc["root"]]

    def walk(node):
        for key in ("chapters", "sections", "parts"):
            for item in node.get(key, []) or []:
                if "file" in item:
                    files.append(item["file"])
                walk(item)

    walk(toc)
    return files


def _runs_file(root: Path) -> dict:
    path = root / "chapters" / "runs.yml"
    if not path.is_file():
        return {}
    runs = _settings(path, "speed_fast: {chapter: speed, title: ..., parameters: {n_splits: 5}}")
    for name, spec in runs.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("chapter"), str) or not isinstance(
                spec.get("parameters") or {}, dict):
            raise ParameterError(f"{path}: run {name!r} must name its chapter and may give a title and parameters, "
                                 f"e.g. '{name}: {{chapter: speed, parameters: {{n_splits: 5}}}}'")
    return runs


def run_specs(root=None) -> dict[str, tuple[str, dict]]:
    """Runs of the book in table-of-contents order: ``{run name: (chapter, parameters)}``.

    A page ``chapters/<name>`` with its own source ``chapters/<name>.py`` is a run of that
    chapter with its defaults; a page listed in ``chapters/runs.yml`` is a run of the
    chapter it names with the parameters given there (one chapter, several runs).
    """
    root = project_root(root)
    extra = _runs_file(root)
    specs = {}
    for f in _toc_files(root):
        p = root / f
        if p.parent != root / "chapters":
            continue
        if p.stem in extra:
            spec = extra[p.stem]
            chapter_path(spec["chapter"], root)
            specs[p.stem] = (spec["chapter"], dict(spec.get("parameters") or {}))
        elif p.with_suffix(".py").is_file():
            specs[p.stem] = (p.stem, {})
    return specs


def run_titles(root=None) -> dict[str, str]:
    """The page title of every run that ``chapters/runs.yml`` gives one (e.g. naming its data)."""
    return {name: spec["title"] for name, spec in _runs_file(project_root(root)).items() if spec.get("title")}


def chapter_names(root=None) -> list[str]:
    """Run names of the book (pages executed by papermill), in table-of-contents order."""
    return list(run_specs(root))


def chapter_path(name: str, root=None) -> Path:
    """The py:percent source ``chapters/<name>.py`` of a chapter."""
    root = project_root(root)
    path = root / "chapters" / f"{name}.py"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in (root / "chapters").glob("*.py")))
        raise ParameterError(f"unknown chapter {name!r}; chapters: {known}")
    return path


def chapter_notebook(name: str, root=None):
    """The chapter as a notebook (nbformat 4), read from its py:percent source by jupytext."""
    import jupytext

    with PARSE_LOCK:  # jupytext parses cell metadata with ast.literal_eval: see report.cache.PARSE_LOCK
        nb = jupytext.read(chapter_path(name, root), fmt="py:percent")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("jupytext", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nb


def chapter_parameters(name: str, root=None) -> dict:
    """The names and default values of a chapter's ``parameters`` cell (literal values only)."""
    cells = [c for c in chapter_notebook(name, root).cells if "parameters" in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(f"chapter {name!r} must have exactly one cell tagged 'parameters', has {len(cells)}")
    out = {}
    for node in parse_source(cells[0].source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out[node.targets[0].id] = ast.literal_eval(node.value)
    return out


class ParameterLoader(yaml.SafeLoader):
    """YAML as parameters are written: ``1e-3`` is a number (YAML 1.1 reads it as text without a ``.``)."""


ParameterLoader.add_implicit_resolver("tag:yaml.org,2002:float",
                                      re.compile(r"^[-+]?(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9_]+)[eE][-+]?[0-9]+$"),
                                      list("-+0123456789."))


def parse_value(text: str):
    """A command-line parameter value: YAML (numbers, ``1e-3`` included, true/false, null, lists) or a string."""
    try:
        return yaml.load(text, Loader=ParameterLoader)
    except yaml.YAMLError:
        return text


def resolve_parameters(name: str, overrides: dict, root=None) -> dict:
    """The parameters of chapter ``name``: its study's defaults updated with ``overrides``, every value checked.

    Raises
    ------
    ParameterError
        One line naming an unknown parameter, or a parameter, its value and what is allowed.
    """
    driver_set = sorted(set(overrides) & set(DRIVER_PARAMETERS))
    if driver_set:
        raise ParameterError(f"{', '.join(driver_set)} is set by the driver; use --out")
    chapter_path(name, root)
    return study_class(name).Parameters.validated(overrides, chapter=f"chapter {name!r}").as_dict()


def run_chapter(name: str, parameters: dict | None = None, data_dir=None, out="_runs", root=None,
                progress: bool = False) -> Path:
    """Execute chapter ``name`` with papermill into ``out/name/``.

    Parameters
    ----------
    name : str
        Chapter (a source ``chapters/<name>.py``) or a run listed in
        ``chapters/runs.yml`` (whose parameters are the starting point).
    parameters : dict, optional
        Values for the chapter's parameters; unknown names raise :class:`ParameterError`
        before anything runs.
    data_dir : path-like, optional
        Data directory, passed as the chapter's ``data_dir`` parameter.
    out : path-like, default="_runs"
        Folder of run directories.

    Returns
    -------
    Path
        The run directory, holding ``<name>.ipynb``, ``figures/`` and ``results.json``.
    """
    root = project_root(root)
    chapter, base = run_specs(root).get(name, (name, {}))
    overrides = {**base, **(parameters or {})}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    for key in ("data_dir", "data_file"):  # relative to where the command was typed, not to the run folder
        if overrides.get(key) is not None:
            overrides[key] = str(Path(overrides[key]).expanduser().resolve())
    params = resolve_parameters(chapter, overrides, root)
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise RunFolderError(f"{out} (--out) is a file, not a folder; it was left untouched")
    target = out / name
    check_ours(target)
    out.mkdir(parents=True, exist_ok=True)
    with run_lock(out / f"{name}.lock"):
        work = working_folder(out / f"{name}.partial", params)
        notebook = work / f"{name}.ipynb"
        started = time.perf_counter()
        _execute(chapter_notebook(chapter, root), notebook, params | {"out_dir": "."}, progress)
        if not (work / "results.json").is_file():
            raise ChapterCrash(f"chapter {name!r} ran but wrote no results.json; see {notebook}")
        (work / KEY_FILE).write_text(json.dumps({"key": run_key(chapter_path(chapter, root), params),
                                                 "seconds": round(time.perf_counter() - started, 1)}))
        return swap_in(work, target)


_BACKEND = {"lock": threading.Lock(), "kernels": 0, "saved": None}


@contextmanager
def _inline_backend():
    """``MPLBACKEND`` set for the kernels papermill starts, and restored when the last of them ends.

    Counted, so that runs executed at once (``movesig book --jobs``) never restore it under
    another run's kernel start.
    """
    with _BACKEND["lock"]:
        if _BACKEND["kernels"] == 0:
            _BACKEND["saved"] = os.environ.get("MPLBACKEND")
            os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        _BACKEND["kernels"] += 1
    try:
        yield
    finally:
        with _BACKEND["lock"]:
            _BACKEND["kernels"] -= 1
            if _BACKEND["kernels"] == 0:
                if _BACKEND["saved"] is None:
                    os.environ.pop("MPLBACKEND", None)
                else:
                    os.environ["MPLBACKEND"] = _BACKEND["saved"]


def _execute(nb, notebook: Path, params: dict, progress: bool) -> None:
    """Execute ``nb`` into ``notebook`` (kernel in its folder); chapter errors become one-line exceptions."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        # The kernel starts in the run folder through nbclient's resources, not papermill's cwd=,
        # which changes this process's folder: runs executed at once (movesig book --jobs) would swap them.
        with _inline_backend():
            papermill.execute_notebook(nb, str(notebook), parameters=params, kernel_name="python3",
                                       resources={"metadata": {"path": str(notebook.parent)}}, progress_bar=progress,
                                       log_output=False,
                                       extra_arguments=["--IPKernelApp.log_level=CRITICAL"])  # no TCP warning, no kernel log on Ctrl-C
    except PapermillExecutionError as exc:
        if exc.ename in USER_ERRORS:
            raise ChapterError(f"{exc.evalue} (the run stopped; its notebook: {notebook})") from None
        if exc.ename in MACHINE_ERRORS:  # the kernel met a full disk, a folder it cannot write, no memory
            raise ChapterError(f"{exc.ename}: {exc.evalue}: a fault of the machine, not of movesig: free space or "
                               f"memory, or choose a folder you can write with --out, then run the same command "
                               f"again (its notebook: {notebook})") from None
        raise ChapterCrash(f"{exc.ename}: {exc.evalue}; the traceback is in {notebook}") from None
