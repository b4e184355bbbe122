"""Benchmark: identification at the size of GaitRec + Gutenberg (2 295 people, 75 732 trials), one machine and Dask.

Data: synthetic gait (``movesig.data.make_gait``, hand-set generator unless ``--calibration``:
6 channels x 101 points = 606 features), P people x T trials each; T defaults to 33, the
mean of the real collection (75 732 / 2 295), so the full size is 2 295 x 33 = 75 735
trials. Session structure: ``make_gait`` has no session or day parameter, so this script
adds one. Each person's trials, in recorded order, fall into 2 or 3 sessions (drawn per
person) of nearly equal size, and every session multiplies each channel by its own factor
1 + N(0, ``--session-sd``²) (default 0.02: a day effect such as shoes, speed or the
body-weight normalisation), seeded by (0, person, 1). The identification ignores the
sessions: it uses the papers' chunked folds (``PersonChunkSplit``, 5 folds, a random
permutation, so every fold mixes sessions). The sessions only make the data realistic.

Workload: 5-fold identification by the linear SVM (C = 0.1, per-feature scaling, 2 295
one-vs-rest rows at the full size, every test decision explained by ε-LRP), through
``movesig.evaluate.cross_validate`` with ``--jobs`` local processes (folds as tasks).
Seconds are wall time of the run, with its workers already started and the package (torch
included) loaded in them: that start is paid once per session and printed once. Peak memory
is this process and all its children (the workers), sampled every 0.2 s. "above idle" is the
peak minus what they held at the start of the run (the data, generated before, included
there): the work's own memory, whose growth the exponents measure.

1. Growth with people: every ``--persons`` but the largest, at T trials, full 5-fold runs.
   Up to ``--peer-max`` people scikit-learn's LinearSVC (liblinear, the same problem) also
   fits fold 0, against our fit of the same fold (one process, one BLAS thread).
2. Growth with trials per person: ``--trials-sweep`` at ``--trials-at`` people, full 5-fold
   runs. Exponents: least-squares slopes of log seconds and log(memory above idle)
   against log P and log T.
3. Full size, the largest ``--persons`` x T: local ``--jobs`` processes and a Dask
   ``LocalCluster`` of ``--jobs`` single-threaded worker processes, predictions and weights
   compared. The 5-fold time is first estimated from part 1 (its largest size and its
   exponent). If that estimate exceeds ``--budget`` seconds (``--full-folds auto``), only
   fold 0 is measured. In that case the fit still covers all 2 295 one-vs-rest rows, on the
   3/5 of the trials that fold trains on, and LRP still explains every test decision.
   Fold 0 is then run outside ``cross_validate`` (the same fit and ``explain_decisions``)
   with the one-vs-rest rows in ``--jobs`` chunks on the local processes or the Dask
   workers. A single fold cannot be split into fold tasks. With all 5 folds, the folds are
   the tasks on both.

    python bench/scale.py [--persons 250 500 1000 2295] [--trials 33] [--trials-sweep 10 20 33]
                          [--trials-at 500] [--jobs 2] [--peer-max 250] [--budget 900]
                          [--full-folds auto|all|first] [--skip-dask] [--full-only]
"""

import argparse
import gc
import logging
import os
import time
import warnings
from dataclasses import replace

import numpy as np
import psutil
from _peak import PeakMemory
from joblib import Parallel, delayed, parallel_config
from joblib.externals.loky import get_reusable_executor
from movesig.data import make_gait
from movesig.evaluate import CVOptions, ModelPlan, cross_validate
from movesig.evaluate.crossval import explain_decisions
from movesig.evaluate.parallel import backend
from movesig.models import LinearSVM
from movesig.models.linear import auto_solver
from movesig.splits import PersonChunkSplit
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

C, FOLDS, MiB = 0.1, 5, 2**20


def gait(P, T, session_sd, calibration=None):
    """P people x T trials of synthetic gait, each person's trials over 2-3 sessions with a per-session channel gain."""
    ds, _ = make_gait(n_persons=P, n_trials=T, seed=0, calibration=calibration)
    X, session = ds.X.copy(), np.empty(ds.n_trials, dtype=int)
    for p, rows in enumerate(np.split(np.arange(ds.n_trials), np.cumsum(np.bincount(ds.person))[:-1])):
        rng = np.random.default_rng([0, p, 1])
        n_sessions = int(rng.integers(2, 4))
        gains = 1 + session_sd * rng.standard_normal((n_sessions, ds.n_channels, 1))
        for s, part in enumerate(np.array_split(rows, n_sessions)):
            X[part] *= gains[s]
            session[part] = s
    return replace(ds, X=X, condition=np.char.add("session ", session.astype(str)))


def held():
    """Resident memory of this process and its children, in bytes."""
    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total


def _load():
    """What a worker imports to run a fold (torch among it); the pause makes every worker take one call."""
    import movesig.evaluate.crossval  # noqa: F401

    time.sleep(0.5)
    return os.getpid()


def started(jobs, client=None):
    """Fresh workers with the package loaded: loky's ``jobs`` processes, or every worker of a Dask client."""
    get_reusable_executor().shutdown(wait=True)
    if client is not None:
        client.run(_load)
        return
    with parallel_config(backend="loky", n_jobs=jobs):
        Parallel()(delayed(_load)() for _ in range(jobs))


def measured(fn, jobs, client=None):
    """(fn's result, seconds, peak MiB, MiB held at the start): workers started and loaded before the clock."""
    started(jobs, client)
    gc.collect()
    start = held()
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        out = fn()
        seconds = time.perf_counter() - t0
    return out, seconds, max(mem.peak, start) / MiB, start / MiB


def fold0(dataset):
    train, _, test = next(PersonChunkSplit(FOLDS).split_with_validation(dataset.X, dataset.person))
    return train, test


def all_folds(dataset, jobs, scheduler=None):
    """5-fold cross-validation: (predicted of every trial, fold models, accuracy)."""
    plan = ModelPlan("linear_svm", LinearSVM(C=C))
    res = cross_validate([plan], dataset, PersonChunkSplit(FOLDS),
                         CVOptions(n_jobs=jobs, scheduler=scheduler))["linear_svm"]
    return res.predicted, res.models, res.accuracy.mean()


def first_fold(dataset, jobs, scheduler=None):
    """Fold 0 alone, one-vs-rest rows in chunks over the workers, every test decision explained by ε-LRP."""
    train, test = fold0(dataset)
    model = LinearSVM(C=C, n_jobs=jobs if scheduler is None else -1)
    with backend(scheduler, jobs):
        model.fit(dataset.X[train], dataset.person[train])
    index, relevance, _, _ = explain_decisions(model, dataset.X[test], dataset.person[test])
    assert relevance["epsilon"].shape == dataset.X[test].shape
    predicted = model.classes_[index]
    return predicted, [model], np.mean(predicted == dataset.person[test])


def peer(dataset):
    """Fold 0 by LinearSVC and by ours, one process, one BLAS thread: (seconds liblinear, seconds ours, same predictions)."""
    train, test = fold0(dataset)
    ours = LinearSVM(C=C)
    with threadpool_limits(1):
        t0 = time.perf_counter()
        ours.fit(dataset.X[train], dataset.person[train])
        t_ours = time.perf_counter() - t0
        Z = ours.scaler_.transform(dataset.X).reshape(dataset.n_trials, -1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            svc = LinearSVC(C=C, dual=False).fit(Z[train], dataset.person[train])
            t_lib = time.perf_counter() - t0
    same = np.mean(svc.predict(Z[test]) == ours.predict(dataset.X[test]))
    return t_lib, t_ours, same


def slope(x, y):
    """Least-squares slope of log y against log x (NaN below two distinct sizes)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(np.unique(x)) < 2 or (y <= 0).any():
        return float("nan")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


HEAD = (f"{'P':>6}{'trials/P':>9}{'trials':>8}{'train/fold':>11}{'solver':>8}{'seconds':>9}{'peak MiB':>10}"
        f"{'above idle':>12}{'accuracy':>10}")


def row(ds, seconds, peak, start, accuracy):
    n_train = len(fold0(ds)[0])
    return (f"{ds.n_persons:>6}{ds.n_trials // ds.n_persons:>9}{ds.n_trials:>8}{n_train:>11}"
            f"{auto_solver(n_train, ds.n_channels * ds.n_times):>8}{seconds:>9.1f}{peak:>10.0f}{peak - start:>12.0f}"
            f"{accuracy:>10.3f}")


def main():
    wall = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, nargs="+", default=[250, 500, 1000, 2295],
                    help="people of the growth sweep; the largest is the full size")
    ap.add_argument("--trials", type=int, default=33, help="trials per person (33: the real collection's mean)")
    ap.add_argument("--trials-sweep", type=int, nargs="*", default=[10, 20, 33], help="trials per person to grow")
    ap.add_argument("--trials-at", type=int, default=500, help="people of the trials sweep")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--peer-max", type=int, default=250, help="largest P at which LinearSVC runs too")
    ap.add_argument("--budget", type=float, default=900,
                    help="estimated 5-fold seconds at the full size above which only fold 0 is measured")
    ap.add_argument("--full-folds", choices=["auto", "all", "first"], default="auto")
    ap.add_argument("--session-sd", type=float, default=0.02, help="SD of the per-session channel gain")
    ap.add_argument("--calibration", default=None, help="make_gait calibration (default: the hand-set generator)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--full-only", action="store_true", help="only part 3, the full size")
    args = ap.parse_args()
    T, full = args.trials, max(args.persons)
    data = lambda P, t: gait(P, t, args.session_sd, args.calibration)  # noqa: E731
    print(f"Synthetic gait ({args.calibration or 'hand-set generator'}), P people x T trials x 6 channels x 101 points "
          f"= 606 features, each person's trials over 2-3 sessions (channel gain SD {args.session_sd:g} per "
          f"session); {FOLDS}-fold chunked identification (PersonChunkSplit), linear SVM (C = {C}), ε-LRP of every "
          f"test decision; {args.jobs} local processes")

    # 1. growth with people
    t0 = time.perf_counter()
    started(args.jobs)
    print(f"starting {args.jobs} local worker processes and loading the package in them: "
          f"{time.perf_counter() - t0:.0f} s, {held() / MiB:.0f} MiB held with this process (not in the tables)")
    done = {}  # (P, T) -> (seconds, peak MiB, start MiB, accuracy), 5-fold runs
    sweep = [] if args.full_only else sorted(set(args.persons) - {full})
    if sweep:
        print(f"\n1. Growth with people, {T} trials each, all {FOLDS} folds")
        print(HEAD + f"{'liblinear s':>12}{'ours s':>8}{'ratio':>7}{'same pred':>10}", flush=True)
    for P in sweep:
        ds = data(P, T)
        (_, _, acc), seconds, peak, start = measured(lambda: all_folds(ds, args.jobs), args.jobs)
        done[P, T] = (seconds, peak, start, acc)
        line = row(ds, *done[P, T])
        if P <= args.peer_max:
            t_lib, t_ours, same = peer(ds)
            line += f"{t_lib:>12.1f}{t_ours:>8.1f}{t_lib / t_ours:>7.1f}{same:>10.3f}"
        print(line, flush=True)
        del ds
    if sweep:
        print("ratio: liblinear seconds over ours on fold 0 (one process, one BLAS thread); same pred: share of "
              "fold-0 test trials given the same person by both")

    # 2. growth with trials per person
    trials_sweep = [] if args.full_only else sorted(set(args.trials_sweep))
    if trials_sweep:
        print(f"\n2. Growth with trials per person, P = {args.trials_at}, all {FOLDS} folds")
        print(HEAD, flush=True)
    for t in trials_sweep:
        ds = data(args.trials_at, t)
        again = (args.trials_at, t) in done  # measured in part 1: the same data and run
        if not again:
            (_, _, acc), seconds, peak, start = measured(lambda: all_folds(ds, args.jobs), args.jobs)
            done[args.trials_at, t] = (seconds, peak, start, acc)
        print(row(ds, *done[args.trials_at, t]) + ("  (part 1's run)" if again else ""), flush=True)
        del ds

    # 3. the full size
    at_T = sorted(P for P, t in done if t == T)
    exponent = slope(at_T, [done[P, T][0] for P in at_T])
    estimate = None
    if at_T:
        base = max(at_T)
        used = exponent if exponent == exponent else 2.0
        estimate = done[base, T][0] * (full / base) ** used
        how = (f"{done[base, T][0]:.0f} s at P = {base} x (P ratio)^{used:.2f}"
               f"{'' if exponent == exponent else ' (exponent assumed: one size only)'}")
    mode = args.full_folds
    if mode == "auto":
        mode = "all" if estimate is not None and estimate <= args.budget else "first"
    ds = data(full, T)
    train, test = fold0(ds)
    what = (f"all {FOLDS} folds (folds as tasks)" if mode == "all" else
            f"fold 0 of {FOLDS} only: fit of all {full} one-vs-rest rows on {len(train)} training trials, ε-LRP of "
            f"its {len(test)} test decisions, rows in {args.jobs} chunks over the workers")
    print(f"\n3. Full size: {full} people x {T} trials = {ds.n_trials} trials, {ds.n_channels * ds.n_times} features; "
          f"{what}")
    if estimate is not None:
        print(f"   5-fold estimate on {args.jobs} local processes: {estimate:.0f} s ({how}); budget {args.budget:.0f} s"
              f" -> {'all folds' if mode == 'all' else 'fold 0 measured'}")
    elif args.full_folds == "auto":
        print("   no smaller size measured to estimate the 5-fold time: fold 0 measured")
    run = all_folds if mode == "all" else first_fold
    (pred, models, acc), seconds, peak, start = measured(lambda: run(ds, args.jobs), args.jobs)
    if mode == "all":
        done[full, T] = (seconds, peak, start, acc)
    runs = [(f"local, {args.jobs} processes", seconds, peak, start, acc)]
    dask = None
    if not args.skip_dask:
        from dask.distributed import Client, LocalCluster

        with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            (d_pred, d_models, d_acc), d_seconds, d_peak, d_start = measured(lambda: run(ds, args.jobs, client),
                                                                             args.jobs, client)
        runs.append((f"Dask LocalCluster, {args.jobs} workers x 1 thread", d_seconds, d_peak, d_start, d_acc))
        same = np.array_equal(pred, d_pred)
        diff = max(max(np.abs(a.coef_ - b.coef_).max(), np.abs(a.intercept_ - b.intercept_).max())
                   for a, b in zip(models, d_models))
        dask = same, diff, len(pred)
    print(f"{'run':<44}{'folds':>7}{'seconds':>9}{'peak MiB':>10}{'above idle':>12}{'accuracy':>10}")
    for name, s, p, st, a in runs:
        print(f"{name:<44}{'all' if mode == 'all' else '0':>7}{s:>9.1f}{p:>10.0f}{p - st:>12.0f}{a:>10.3f}")
    if dask is not None:
        same, diff, n = dask
        print(f"identical predictions: {'yes' if same else 'no'} ({n} trials); max weight difference (coef and "
              f"intercept, {len(models)} model(s) of {models[0].coef_.shape[0]} rows x {models[0].coef_[0].size} "
              f"weights): {diff:.3g}")
    print(f"   data: X {ds.X.nbytes / MiB:.0f} MiB; seconds exclude generating the data, starting the cluster and "
          f"loading the package in the workers")
    del ds

    # growth exponents
    at_P = sorted(t for P, t in done if P == args.trials_at)
    at_T = sorted(P for P, t in done if t == T)
    if len(at_P) > 1 or len(at_T) > 1:
        print("\nGrowth exponents (least-squares slope of the log against log size; memory: peak above idle)")
        print(f"{'grows with':<34}{'sizes':>22}{'seconds':>9}{'memory':>8}")
        for name, sizes, key in ((f"people P (T = {T})", at_T, lambda P: (P, T)),
                                 (f"trials per person T (P = {args.trials_at})", at_P, lambda t: (args.trials_at, t))):
            if len(sizes) > 1:
                s = [done[key(v)][0] for v in sizes]
                m = [done[key(v)][1] - done[key(v)][2] for v in sizes]
                print(f"{name:<34}{' '.join(map(str, sizes)):>22}{slope(sizes, s):>9.2f}{slope(sizes, m):>8.2f}")
        print("seconds ~ size^exponent; all rows 5-fold runs on the same local processes (a fold-0-only full size "
              "is left out)")
    print(f"\ntotal wall time {time.perf_counter() - wall:.0f} s")
    if dask is not None:
        assert dask[0], "the Dask run predicted other persons than the local one"


if __name__ == "__main__":
    main()
