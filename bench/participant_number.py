"""Benchmark: the participant-number experiment, naive against ours.

Naive: for every (k, N, draw) a full one-vs-rest LinearSVC over the N persons, then k's
row (at scikit-learn's default tolerance 1e-4, and at 1e-10, where liblinear reaches the
optimum to the digits r needs). Ours (movesig.evaluate.participant_number): one binary fit of k against
the N - 1 others (the same row, by construction of one-vs-rest), solved exactly by finite
Newton steps on the Gram matrix of all cycles (computed once per task), warm-started from
the active cycles of k's fit with everyone. The intermediate row is the binary fit with
liblinear (the previous approach). All run on the same subset in one process with one
BLAS thread; the table gives the times, the ratio to the naive fit and the largest
difference in r from the converged naive fit. Then ours at full scale (both tasks, every
N, 10 draws) with local processes, its time and peak memory (main process plus workers,
sampled).

    python bench/participant_number.py [--persons-k 3] [--draws 2] [--jobs 2] [--skip-full]
"""

import argparse
import tempfile
import time
import warnings

import numpy as np
from _peak import PeakMemory
from movesig.data import make_emg
from movesig.evaluate.draws import default_n_values, others_subsets
from movesig.evaluate.participant_number import (
    _one_person,
    _pearson,
    mean_map,
    participant_number,
)
from movesig.models.squared_hinge import gram_matrix
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits


def naive_rows(X, person, persons, k, n_values, n_draws, C, seed, tol):
    """Full one-vs-rest fits over all N persons; k's row of every model."""
    def row(keep):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            svc = LinearSVC(C=C, dual=False, tol=tol, max_iter=100_000, random_state=0)
            svc.fit(X[keep], person[keep])
        i = int(np.searchsorted(svc.classes_, k))
        if len(svc.classes_) == 2:  # scikit-learn keeps one row, for classes_[1]
            sign = 1.0 if i == 1 else -1.0
            return sign * svc.coef_[0], sign * float(svc.intercept_[0])
        return svc.coef_[i], float(svc.intercept_[i])

    mine = person == k
    reference = mean_map(X[mine], *row(np.ones(len(person), bool)))
    rows = []
    for n in n_values:
        if n >= len(persons):  # everyone: the reference itself
            rows.append((n, 0, 1.0))
            continue
        for d, others in enumerate(others_subsets(persons, k, n, n_draws, seed)):
            keep = mine | np.isin(person, others)
            rows.append((n, d, _pearson(mean_map(X[mine], *row(keep)), reference)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons-k", type=int, default=3, help="participants k in the subset")
    ap.add_argument("--draws", type=int, default=2, help="draws per (k, N) in the subset")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-full", action="store_true")
    args = ap.parse_args()
    C, seed = 0.01, 1234
    ds, _ = make_emg(seed=0)
    sub = ds.select(task="pedalling")
    X, person, persons = sub.flat(), sub.person, sub.persons
    n_values = [2, 18, 38, 58, 78]
    ks = persons[: args.persons_k]
    gram = gram_matrix(X)
    approaches = {
        "naive: one-vs-rest LinearSVC, tol 1e-4": lambda k: naive_rows(X, person, persons, k, n_values, args.draws,
                                                                        C, seed, 1e-4),
        "naive: one-vs-rest LinearSVC, tol 1e-10": lambda k: naive_rows(X, person, persons, k, n_values, args.draws,
                                                                         C, seed, 1e-10),
        "binary LinearSVC per cell, tol 1e-4": lambda k: _one_person(X, None, person, persons, k, n_values,
                                                                      args.draws, C, seed, 1e-5, "liblinear"),
        "ours: exact Newton on the shared Gram matrix": lambda k: _one_person(X, gram, person, persons, k, n_values,
                                                                              args.draws, C, seed, 1e-5, "gram"),
    }
    times, r = {}, {}
    with threadpool_limits(1):
        for name, run in approaches.items():
            t0 = time.perf_counter()
            r[name] = np.array([row[2] for k in ks for row in run(k)])
            times[name] = time.perf_counter() - t0
    converged = r["naive: one-vs-rest LinearSVC, tol 1e-10"]
    fits = len(ks) * len(n_values) * args.draws
    print(f"Subset: synthetic pedalling, 78 persons x 30 cycles, k in {ks.tolist()}, N in {n_values}, "
          f"{args.draws} draws ({fits} (k, N, draw) cells), C = {C}, one process, one BLAS thread")
    t_naive = times["naive: one-vs-rest LinearSVC, tol 1e-4"]
    print(f"{'approach':<48}{'seconds':>10}{'speed-up':>10}{'max |dr|':>12}")
    for name in approaches:
        print(f"{name:<48}{times[name]:>10.2f}{t_naive / times[name]:>10.1f}{np.abs(r[name] - converged).max():>12.1e}")
    print("speed-up: against the naive fit at tol 1e-4; max |dr|: against the naive fit at tol 1e-10")
    if args.skip_full:
        return
    full, _ = make_emg(seed=0)
    n_fits = sum(len(default_n_values(78)) * 10 * 78 for _ in set(full.task))
    with tempfile.TemporaryDirectory() as tmp, PeakMemory() as mem:
        t0 = time.perf_counter()
        participant_number(full, tmp, n_draws=10, C=C, seed=seed, n_jobs=args.jobs)
        t_full = time.perf_counter() - t0
    print()
    print(f"Full scale: both tasks, 78 persons, N = 2, 6, ..., 78, 10 draws = {n_fits} cells, {args.jobs} processes")
    print(f"{'approach':<44}{'seconds':>10}{'peak MB':>10}")
    print(f"{'ours':<44}{t_full:>10.1f}{mem.peak / 2**20:>10.0f}")


if __name__ == "__main__":
    main()
