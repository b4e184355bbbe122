"""``movesig book``: run what changed (reuse what did not), make the pages, build the book with Jupyter Book 1 (-W).

The build folder (``--build-dir``) is movesig's own: it is used only when it is absent,
empty, or marked by an earlier build (``.movesig-build``, listing every file the build
wrote); a folder holding anything else is refused before any run, never changed. Its
``src/`` and ``html/`` are replaced by each build.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

from ..studies import ParameterError, study_class
from .book import (
    _toc_files,
    chapter_names,
    chapter_path,
    project_root,
    resolve_parameters,
    run_chapter,
    run_specs,
    run_titles,
)
from .cache import read_key, reusable, run_key
from .generated import FIGURES_MARKER, figures_page, read_runs
from .pages import page_from_run
from .citation import REPOSITORY_MARKER, book_config, repository_text
from .runs import RunFolderError
from .scorecard import CLAIMS_MARKER, FINDINGS_MARKER, RUNTIMES_MARKER, every_claim, front_page, runtimes

__all__ = ["build_book"]


_SAYING = threading.Lock()
#: Marks a build folder as movesig's and lists the files its builds wrote.
BUILD_MARKER = ".movesig-build"


def _say(text: str, quiet: bool) -> None:
    if not quiet:
        with _SAYING:  # whole lines, when runs executed at once speak at the same moment
            sys.stdout.write(text + "\n")
            sys.stdout.flush()


def build_book(parameters: dict | None = None, data_dir=None, out="_runs", build_dir="_build", root=None,
               run: bool = True, force=(), quiet: bool = False, jobs: int = 1) -> Path:
    """Run every chapter whose inputs changed, reuse the others, and build the book with ``jupyter-book build -W``.

    Parameters
    ----------
    parameters : dict of run name -> dict, optional
        Parameter values per run (e.g. small ones for tests).
    data_dir : path-like, optional
    out : path-like
        Folder of run directories.
    build_dir : path-like
        The book lands in ``build_dir/html``.
    run : bool
        If False, build from the runs already in ``out``.
    force : sequence of str or True
        Runs to execute even when their key is unchanged (True: all).
    quiet : bool
        Say nothing (default: a line per run, then a table of what ran and what was reused).
    jobs : int
        Runs executed at once (joblib threads, each driving its own kernel; the longest by
        its last build first). Each run still uses its own ``n_jobs`` processes, and its
        numbers do not depend on either; its seconds are then those of a shared machine
        (the README gives what ``jobs=2`` gained on 2 cores).

    Returns
    -------
    Path
        ``build_dir/html/index.html``.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"jobs must be a whole number of at least 1, got {jobs!r}")
    root = project_root(root)
    parameters = parameters or {}
    names = chapter_names(root)
    unknown = sorted(set(parameters) - set(names)) + sorted(set(force if force is not True else ()) - set(names))
    if unknown:
        raise ParameterError(f"no chapter(s) {', '.join(unknown)}; chapters: {', '.join(names)}")
    specs, titles = run_specs(root), run_titles(root)
    resolved = {}
    for name in names:  # check every run's parameters before running any
        chapter, base = specs[name]
        resolved[name] = resolve_parameters(chapter, {**base, **parameters.get(name, {}),
                                                      **({"data_dir": str(Path(data_dir).resolve())}
                                                         if data_dir is not None else {})}, root)
    out, build_dir = Path(out).resolve(), Path(build_dir).resolve()
    _check_folders(out, build_dir)
    if (root / "_config.yml").is_file():
        book_config(root)  # a damaged _config.yml is one line before any run, not a failed build after them
    status, todo = {}, []
    for i, name in enumerate(names, start=1):
        run_dir = out / name
        previous = read_key(run_dir).get("seconds")
        if run and (force is True or name in force or not reusable(run_dir, run_key(chapter_path(specs[name][0], root),
                                                                                      resolved[name]))):
            todo.append((i, name, previous))
        else:
            status[name] = ("reused", previous or 0.0)
            _say(f"[{i}/{len(names)}] {name}: reused ({status[name][1]:.0f} s)", quiet)

    def execute(i, name, previous):
        expected = f"; the last build took {previous:.0f} s" if previous else ""
        _say(f"[{i}/{len(names)}] {name}: running since {time.strftime('%H:%M:%S')}{expected}", quiet)
        started = time.perf_counter()
        run_chapter(name, parameters.get(name), data_dir, out, root)
        status[name] = ("ran", time.perf_counter() - started)
        _say(f"[{i}/{len(names)}] {name}: ran ({status[name][1]:.0f} s)", quiet)

    if jobs == 1 or len(todo) < 2:
        for task in todo:
            execute(*task)
    else:
        from joblib import Parallel, delayed

        todo.sort(key=lambda task: -(task[2] or 0.0))  # longest first; unknown (never built) in book order

        def attempt(task):  # every run ends before the first error is raised: none is left writing
            try:
                execute(*task)
            except Exception as error:  # noqa: BLE001 - raised below, after the other runs
                return error
            return None

        errors = [e for e in Parallel(n_jobs=jobs, backend="threading")(delayed(attempt)(t) for t in todo) if e]
        if errors:
            raise errors[0]
    status = {name: status[name] for name in names}
    index = _build(root, out, build_dir, specs, resolved, titles, {n: t for n, (_, t) in status.items()})
    _say("\n".join(["", f"{'run':<28}{'status':<8}{'seconds':>8}  (a reused run: the seconds it took)"]
                   + [f"{n:<28}{s:<8}{t:>8.0f}" for n, (s, t) in status.items()]), quiet)
    return index


def _drop_repeated_scripts(page: Path) -> None:
    """Keep the first of identical inline ``<script>`` lines: sphinx-thebe writes its setup twice into every page
    of a Jupyter Book 1 build, and the second ``const`` declaration is a JavaScript error in the reader's browser."""
    lines, seen, out = page.read_text().split("\n"), set(), []
    for line in lines:
        key = line.strip()
        if key.startswith("<script>const ") and key.endswith("</script>"):
            if key in seen:
                continue
            seen.add(key)
        out.append(line)
    if len(out) != len(lines):
        page.write_text("\n".join(out))


def _first_heading(root: Path, chapter: str) -> str:
    """The title a chapter's source gives its page (its first ``# `` line)."""
    for line in chapter_path(chapter, root).read_text().splitlines():
        if line.startswith("# # "):
            return line[4:].strip()
    return chapter


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _check_folders(out: Path, build_dir: Path) -> None:
    """Refuse, before any run, an ``--out`` that is a file and a ``--build-dir`` that is not the build's to write.

    Raises
    ------
    RunFolderError
        ``--out`` or ``--build-dir`` is a file; the two folders are the same or one holds
        the other; or ``--build-dir`` is not empty and holds a file no build of movesig wrote.
    """
    for option, folder in (("--out", out), ("--build-dir", build_dir)):
        if folder.exists() and not folder.is_dir():
            raise RunFolderError(f"{folder} ({option}) is a file, not a folder; it was left untouched: choose "
                                 f"another {option}")
    if out == build_dir or out in build_dir.parents or build_dir in out.parents:
        raise RunFolderError(f"--build-dir {build_dir} and --out {out} must be two separate folders (neither inside "
                             "the other); nothing was changed")
    if not build_dir.is_dir():
        return
    marker = build_dir / BUILD_MARKER
    files = [f for f in _files(build_dir) if f != BUILD_MARKER]
    if marker.is_file():
        try:
            written = set(json.loads(marker.read_text())["files"])
        except (ValueError, KeyError, TypeError, OSError):
            written = set()
    elif _older_build(build_dir):
        written = set(files)
    elif any(build_dir.iterdir()):
        raise RunFolderError(f"{build_dir} (--build-dir) is not empty and was not made by movesig book (no "
                             f"{BUILD_MARKER}); it was left untouched: choose another --build-dir")
    else:
        written = set()
    foreign = [f for f in files if f not in written]
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise RunFolderError(f"{build_dir} (--build-dir) holds files movesig did not write ({', '.join(foreign[:3])}"
                             f"{more}); it was left untouched: move them out or choose another --build-dir")


def _older_build(build_dir: Path) -> bool:
    """Whether an unmarked folder is what a movesig build before the marker left: ``src/`` (a Jupyter Book
    source with its ``_build``) and ``html/``, nothing else."""
    names = {p.name for p in build_dir.iterdir()}
    return names <= {"src", "html"} and (build_dir / "src" / "_toc.yml").is_file() \
        and (build_dir / "src" / "_build").is_dir()


def _mark(build_dir: Path) -> None:
    files = [f for f in _files(build_dir) if f != BUILD_MARKER]
    (build_dir / BUILD_MARKER).write_text(json.dumps({"made_by": "movesig book; src/ and html/ are replaced by the "
                                                                 "next build", "files": files}, indent=1))


def _build(root: Path, out: Path, build_dir: Path, specs: dict, resolved: dict, titles: dict,
           seconds: dict | None = None) -> Path:
    """Build the book into ``build_dir`` (checked movesig's own again, then marked with every file written)."""
    _check_folders(out, build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    _mark(build_dir)
    try:
        return _build_pages(root, out, build_dir, specs, resolved, titles, seconds or {})
    finally:  # a failed build's files are movesig's too: the next build replaces them
        _mark(build_dir)


def _build_pages(root: Path, out: Path, build_dir: Path, specs: dict, resolved: dict, titles: dict,
                 seconds: dict) -> Path:
    runs = read_runs(out, specs)
    titles = {name: titles.get(name) or _first_heading(root, specs[name][0]) for name in specs}
    src = build_dir / "src"
    if src.exists():
        shutil.rmtree(src)
    for f in _toc_files(root):  # the book's sources, with chapters replaced by the pages of their runs
        base = root / f
        if base.stem in specs and base.parent == root / "chapters":
            chapter = specs[base.stem][0]
            page_from_run(out / base.stem / f"{base.stem}.ipynb", src / Path(f).with_suffix(".ipynb"),
                          resolved[base.stem], study_class(chapter).Parameters.defaults(),
                          run_titles(root).get(base.stem), runs.get(base.stem, {}).get("figures"),
                          runs.get(base.stem))
            continue
        source = base.with_suffix(".md")
        if not source.is_file():
            raise FileNotFoundError(f"_toc.yml lists {f}, which is neither a chapter nor a .md page under {root}")
        target = src / Path(f).with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text()
        if FINDINGS_MARKER in text:
            text = text.replace(FINDINGS_MARKER, front_page(runs, titles, out, target.parent))
        if REPOSITORY_MARKER in text:
            text = text.replace(REPOSITORY_MARKER, repository_text(root))
        if CLAIMS_MARKER in text:
            text = text.replace(CLAIMS_MARKER, every_claim(runs, titles))
        if RUNTIMES_MARKER in text:
            text = text.replace(RUNTIMES_MARKER, runtimes({n: seconds[n] for n in runs if seconds.get(n)}, titles))
        if FIGURES_MARKER in text:
            text = text.replace(FIGURES_MARKER, figures_page(runs, out, target.parent, titles, root))
        target.write_text(text)
    for name in ("_toc.yml", "references.bib"):
        if (root / name).is_file():
            shutil.copyfile(root / name, src / name)
    if (root / "_static").is_dir():  # the book's style sheet (Jupyter Book loads every .css in _static)
        shutil.copytree(root / "_static", src / "_static", dirs_exist_ok=True)
    if (root / "_config.yml").is_file():
        (src / "_config.yml").write_text(yaml.safe_dump(book_config(root), sort_keys=False, allow_unicode=True))
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(src), "-W", "--keep-going", "--all"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"jupyter-book build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    html_dir = build_dir / "html"
    if html_dir.exists():
        shutil.rmtree(html_dir)
    shutil.copytree(src / "_build" / "html", html_dir)
    for page in html_dir.rglob("*.html"):
        _drop_repeated_scripts(page)
    return html_dir / "index.html"
