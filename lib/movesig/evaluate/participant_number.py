"""Does a person's signature depend on who else was in the training set? (Aeles et al. 2021)

For each participant k, each training-set size N and each random draw of N − 1 others,
a linear SVM is trained on k plus those others, and k's mean relevance map is correlated
(Pearson r) with k's map from the model trained on everyone.

Two protocols give k's map. ``"full"``: one model trained on every cycle of the
subsample explains all of k's cycles. ``"cross-validated"`` (the authors' form): the
subsample is cross-validated with the papers' chunks (:class:`~movesig.splits.PersonChunkSplit`:
fold f tests chunk f, leaves out chunk f + 1 for validation and trains on the rest), and
each of k's cycles is explained by the model that did not see it; the reference is the
same cross-validation of everyone. At N = everyone the two maps are the same by
construction (r = 1, written as such). Every row also holds the authors' chance control
``r_next``: k's map against the reference map of the next participant (the one after k in
sorted order, cyclically), what r would be if maps carried nothing of the person.

Only the work the answer needs is done. In a one-vs-rest linear SVM every class's weight
vector is fitted on its own binary problem (that class against all other training
trials), and k's relevance uses only k's weights; so **one binary fit** per
(k, N, draw) gives exactly what the N-class fit gives for k. The fit with everyone is
the same for all draws and is done once per k.

Each binary fit is solved exactly by a finite Newton method on the Gram matrix of all
cycles (:mod:`movesig.models.squared_hinge`), computed once per task and shared by every
fit: at C = 0.01 only 6-8 % of the cycles lie inside the margin, so a fit costs a small
ridge solve on those instead of a primal solve over all 1600 features. The active cycles
of k's fit with everyone are the starting guess of every draw. ``solver="liblinear"``
runs scikit-learn's LinearSVC for each binary fit instead (the same optimum, to its
tolerance).

Tasks run through joblib: local processes by default, or a Dask cluster when a scheduler
address (or ``dask.distributed.Client``) is given. Results are written per participant,
atomically, into a folder; a run that is interrupted resumes from what is there and
gives the same final table. A part is trusted only when it is whole: every (N, draw) row
of its participant once, each with six well-formed fields, ending in a newline; a part
that is not (cut short, damaged, or of other sizes or draws) is computed again. Parts
without the ``settings.json`` they were made with are refused, never guessed at. Tables
and parts are CSV written by the :mod:`csv` module, so a person id holding a comma,
quote, slash or newline is quoted, and a part's file name is a hash where the id is not a
plain short name. Draws are seeded by ``(seed, k, N, draw)``, so the numbers
do not depend on the number of workers or the order in which tasks finish.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import warnings
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

from ..data.dataset import DataError, Dataset
from ..explain.linear import lrp_linear
from ..models.squared_hinge import gram_matrix, squared_hinge_gram
from ..splits import PersonChunkSplit
from ..summarise.correlation import pearson_rows
from .draws import check_n_values, others_subsets
from .parallel import atomic_write, backend
from .participant_table import COLUMNS, read_table, write_table

__all__ = ["COLUMNS", "PROTOCOLS", "SOLVERS", "MARKER", "fit_one_vs_rest_row", "mean_map",
           "participant_number", "read_table"]

SOLVERS = ("gram", "liblinear")
PROTOCOLS = ("full", "cross-validated")


def fit_one_vs_rest_row(X: np.ndarray, positive: np.ndarray, C: float, dual: bool = False, random_state: int = 0):
    """Weights of one class of a one-vs-rest linear SVM: a binary fit of ``positive`` against the rest.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    positive : ndarray of bool, shape (n_samples,)
    C : float
    dual : bool, default=False
        Solver. The primal (trust-region Newton) solver is deterministic, so the binary
        fit repeats the one-vs-rest row's computation; it is also the faster one for the
        experiment's sizes (``bench/participant_number.py``).

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
    """
    y = np.where(positive, 1, -1)
    svc = LinearSVC(C=C, loss="squared_hinge", penalty="l2", dual=dual, tol=1e-4, max_iter=10_000,
                    random_state=random_state)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)
        svc.fit(X, y)
    return svc.coef_[0], float(svc.intercept_[0])


def mean_map(Xk: np.ndarray, w: np.ndarray, b: float, epsilon: float = 1e-5) -> np.ndarray:
    """Mean ε-LRP relevance (:func:`movesig.explain.lrp_linear`) of k's own cycles, shape (n_features,)."""
    target = np.zeros(len(Xk), dtype=np.intp)
    relevance = lrp_linear(Xk[:, None, :], w[None, None, :], np.array([b]), target, epsilon).relevance
    return relevance[:, 0, :].mean(axis=0)


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson r of two maps (:func:`movesig.summarise.correlation.pearson_rows` for one pair)."""
    return float(pearson_rows(a[None], b[None])[0])


def _binary_fit(X, gram, rows, positive, C, solver, start=None):
    """Weights, intercept and active cycles of the binary fit of ``positive`` on the rows ``rows`` of X."""
    if solver == "liblinear":
        w, b = fit_one_vs_rest_row(X[rows], positive, C)
        return w, b, None
    fit = squared_hinge_gram(gram, positive, C, index=rows, start=start)
    w, b = fit.coef(X, rows=rows)
    return w, b, fit.active


def _folds(person: np.ndarray, protocol: str, n_splits: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(training, explained) masks over all cycles: one pair for ``"full"``, one per fold otherwise."""
    if protocol == "full":
        every = np.ones(len(person), bool)
        return [(every, every)]
    chunk = PersonChunkSplit(n_splits=n_splits, random_state=seed).chunks(person)
    return [(~((chunk == f) | (chunk == (f + 1) % n_splits)), chunk == f) for f in range(n_splits)]


def _map(X, gram, keep, mine, folds, C, epsilon, solver, starts=None):
    """k's mean relevance over their cycles, each explained by a model of ``keep`` that did not train on it.

    Returns the map, shape (n_features,), and the active cycles of every fold's fit (the
    start guesses of later fits on fewer cycles).
    """
    total, count, actives = 0.0, 0, []
    for f, (train, explained) in enumerate(folds):
        rows = np.flatnonzero(keep & train)
        start = None if starts is None or starts[f] is None else starts[f][rows]
        w, b, active = _binary_fit(X, gram, rows, mine[rows], C, solver, start)
        if active is not None:
            full = np.zeros(len(keep), bool)
            full[rows] = active
            active = full
        actives.append(active)
        cycles = mine & explained
        total = total + mean_map(X[cycles], w, b, epsilon) * cycles.sum()
        count += cycles.sum()
    return total / count, actives


def _one_person(X, gram, person, persons, k, n_values, n_draws, C, seed, epsilon, solver="gram",
                protocol="full", n_splits=10):
    """All (N, draw) of one participant: rows (N, draw, r, r_next).

    ``gram`` is :func:`~movesig.models.squared_hinge.gram_matrix` of X (None for
    ``solver="liblinear"``). BLAS runs on one thread: the work is parallel over
    participants, and the numbers do not depend on how many cores a worker has.
    """
    with threadpool_limits(1):
        folds = _folds(person, protocol, n_splits, seed)
        everyone = np.ones(len(person), bool)
        mine = person == k
        reference, starts = _map(X, gram, everyone, mine, folds, C, epsilon, solver)
        after = persons[(int(np.searchsorted(persons, k)) + 1) % len(persons)]
        following, _ = _map(X, gram, everyone, person == after, folds, C, epsilon, solver)
        rows = []
        for n in n_values:
            if n >= len(persons):  # everyone: the reference map itself (r = 1 by construction)
                rows.append((n, 0, 1.0, _pearson(reference, following)))
                continue
            for d, others in enumerate(others_subsets(persons, k, n, n_draws, seed)):
                keep = mine | np.isin(person, others)
                m, _ = _map(X, gram, keep, mine, folds, C, epsilon, solver, starts)
                rows.append((n, d, _pearson(m, reference), _pearson(m, following)))
    return rows


def participant_number(dataset: Dataset, out_dir, n_values=None, n_draws: int = 10, C: float = 0.01,
                       seed: int = 1234, epsilon: float = 1e-5, n_jobs: int = 1, scheduler=None,
                       progress: bool = False, solver: str = "gram", protocol: str = "full",
                       n_splits: int = 10) -> Path:
    """Run (or resume) the experiment for every task of ``dataset``; return the table's path.

    Parameters
    ----------
    dataset : Dataset
        Cycles of the condition to use (e.g. the day-1 baseline), every task in it.
    out_dir : path-like
        Folder for the per-participant parts (``parts/``) and the final ``participant_number.csv``.
        Parts already there (from an interrupted run with the same settings) are kept.
    n_values : list of int, optional
        Training-set sizes N (k plus N − 1 others); default 2, 6, 10, ... up to all.
    n_draws : int, default=10
        Random draws of the others per (k, N).
    C : float, default=0.01
    seed : int, default=1234
    n_jobs : int, default=1
        Local worker processes (joblib).
    scheduler : str or dask.distributed.Client, optional
        A Dask scheduler address (``tcp://host:port``) or client: run the same tasks there.
    progress : bool
        Show a progress bar with the estimated time left.
    solver : {"gram", "liblinear"}, default="gram"
        ``"gram"``: exact finite Newton on the Gram matrix of each task (computed once,
        n_cycles² × 8 bytes: 44 MB for 78 × 30 cycles); ``"liblinear"``: scikit-learn's
        LinearSVC per fit (to its tolerance 1e-4; much slower).
    protocol : {"full", "cross-validated"}, default="full"
        How k's map is made (see the module's description); the cross-validated form costs
        ``n_splits`` fits where the full one costs one.
    n_splits : int, default=10
        Chunks per person of the cross-validated form (the papers' 10; ``seed`` seeds them).

    Returns
    -------
    Path
        ``out_dir/participant_number.csv`` with columns task, person, N, draw, r, r_next (one row per
        (task, k, N, draw), sorted), byte-identical for the same settings however it was run.
    """
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; choose one of {SOLVERS}")
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown protocol {protocol!r}; choose one of {PROTOCOLS}")
    for task in sorted(set(dataset.task)):
        n_persons = dataset.select(task=task).n_persons
        if n_persons < 2:
            raise DataError(f"{dataset.provenance.source}: task '{task}' has {n_persons} person(s); the participant-"
                            "number experiment trains each person against others: give data of at least 2 persons")
    values = check_n_values(dataset, n_values)
    if protocol != "full":
        PersonChunkSplit(n_splits=n_splits).chunks(dataset.person)  # too few cycles: one line, before any fit
    out_dir = Path(out_dir)
    _check_folder(out_dir)
    parts = out_dir / "parts"
    settings = {"n_values": None if n_values is None else [int(n) for n in n_values], "n_draws": n_draws, "C": C,
                "seed": seed, "epsilon": epsilon, "source": dataset.provenance.source,
                "n_trials": dataset.n_trials, "solver": solver,
                "protocol": protocol, "n_splits": n_splits if protocol != "full" else None}
    settings_path = out_dir / "settings.json"
    _check_settings(settings_path, parts, settings)
    jobs = []
    for task in sorted(set(dataset.task)):
        sub = dataset.select(task=task)
        X, person, persons = sub.flat(), sub.person, sub.persons
        for k in persons:
            if _part_path(parts, task, k).is_dir():
                raise DataError(f"{_part_path(parts, task, k)} is a folder where the part of person {k} goes; it was "
                                "left untouched: move it out or choose another --out")
        todo = [k for k in persons
                if _read_part(_part_path(parts, task, k), task, k, _expected(persons, values[task], n_draws)) is None]
        if not todo:
            continue
        gram = None
        if solver == "gram":
            with threadpool_limits(1):
                gram = gram_matrix(X)
        jobs += [(task, k, X, gram, person, persons, values[task]) for k in todo]
    arrays = {id(a): a for j in jobs for a in j[2:4] if a is not None}
    with backend(scheduler, n_jobs, scatter=arrays.values()):
        bar = None
        if progress:  # once the workers are there
            from tqdm.auto import tqdm

            bar = tqdm(total=len(jobs), unit="person", desc="participant-number")
        parts.mkdir(parents=True, exist_ok=True)
        (out_dir / MARKER).write_text("made by movesig participants; an interrupted run here is resumed\n")
        atomic_write(settings_path, json.dumps(settings, indent=1))
        results = Parallel(return_as="generator_unordered")(
            delayed(_tagged)(task, k, X, gram, person, persons, values, n_draws, C, seed, epsilon, solver,
                             protocol, n_splits)
            for task, k, X, gram, person, persons, values in jobs
        )
        for task, k, rows in results:
            atomic_write(_part_path(parts, task, k), _csv([(task, f"{k}", n, d, f"{r!r}", f"{rn!r}")
                                                          for n, d, r, rn in rows]))
            if bar is not None:
                bar.update()
    if bar is not None:
        bar.close()
    return _assemble(out_dir, dataset, values, n_draws)


def _csv(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _part_path(parts: Path, task, k) -> Path:
    """``parts/<task>__<k>.csv``, or a hash of (task, k) where that is not a plain short name (a slash, a newline)."""
    name = f"{task}__{k}"
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,99}", name):
        name = "h-" + hashlib.sha256(f"{task}\0{k}".encode()).hexdigest()[:32]
    return parts / f"{name}.csv"


def _expected(persons: np.ndarray, n_values, n_draws: int) -> set[tuple[int, int]]:
    """The (N, draw) rows of one participant: one at N = everyone, else one per set of others (``others_subsets``)."""
    out = set()
    for n in n_values:
        count = 1 if n >= len(persons) else min(math.comb(len(persons) - 1, n - 1), n_draws)
        out |= {(n, d) for d in range(count)}
    return out


def _read_part(path: Path, task, k, expected: set[tuple[int, int]]) -> list[list[str]] | None:
    """The rows of a whole part of participant k (every expected (N, draw) once, well formed); None otherwise."""
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            text = fh.read()
        rows = list(csv.reader(io.StringIO(text)))
        keys = [(int(n), int(d)) for _, _, n, d, _, _ in rows]
        for row in rows:
            float(row[4]), float(row[5])
    except (OSError, UnicodeDecodeError, csv.Error, ValueError):  # absent, damaged, or a row of other than 6 fields
        return None
    whole = text.endswith("\n") and len(keys) == len(expected) and set(keys) == expected
    return rows if whole and all(r[0] == f"{task}" and r[1] == f"{k}" for r in rows) else None


def _check_settings(settings_path: Path, parts: Path, settings: dict) -> None:
    """Refuse parts made with other settings, or whose settings cannot be read."""
    if not settings_path.exists() and not (parts.is_dir() and any(parts.iterdir())):
        return
    try:
        previous = json.loads(settings_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DataError(f"{settings_path} is missing or unreadable, so the parts in {parts} may be of other settings; "
                        "they were left untouched: choose another --out") from None
    if previous != settings:
        raise DataError(f"{settings_path.parent} holds a run with other settings ({settings_path}); choose another "
                        "folder")


def _assemble(out_dir: Path, dataset: Dataset, values: dict, n_draws: int) -> Path:
    """Join the parts of every (task, person) into ``out_dir/participant_number.csv``, rows sorted; its path."""
    rows = []
    for task in sorted(set(dataset.task)):
        persons = dataset.select(task=task).persons
        for k in persons:
            path = _part_path(out_dir / "parts", task, k)
            part = _read_part(path, task, k, _expected(persons, values[task], n_draws))
            if part is None:
                raise DataError(f"{path} was changed while the run went on; run the command again to compute it anew")
            rows += part
    return write_table(out_dir, rows)


#: Marks a folder as the participant-number experiment's own (resumable) folder.
MARKER = ".movesig-participants"


def _check_folder(out_dir: Path) -> None:
    """Refuse a folder that exists and is not empty unless an earlier run of the experiment made it."""
    if out_dir.exists() and not out_dir.is_dir():
        raise DataError(f"{out_dir} exists and is not a folder; it was left untouched: choose another --out")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise DataError(f"{out_dir} is not empty and was not made by movesig participants (no {MARKER}); it was "
                        "left untouched: choose another --out")


def _tagged(task, k, X, gram, person, persons, values, n_draws, C, seed, epsilon, solver, protocol, n_splits):
    return task, k, _one_person(X, gram, person, persons, k, values, n_draws, C, seed, epsilon, solver, protocol,
                                n_splits)
