"""Benchmark: person identification at the size of the full GaitRec (2 000 people), on one machine and on Dask.

Synthetic gait (``movesig.data.make_gait``, uncalibrated: 6 channels x 101 points) with P people x 10
trials, 5-fold identification by the linear SVM (C = 0.1, per-feature scaling, every
test decision explained by LRP), through ``movesig.evaluate.cross_validate`` with
``--jobs`` local processes. Above the Gram solver's size the one-vs-rest rows are solved
in feature space (``movesig.models.one_vs_rest``). For each P: seconds, peak memory
(this process and its workers), accuracy; then the exponent of seconds against P.

Peer, in the same run: scikit-learn's LinearSVC (liblinear, the same problem) on fold 0
at the sizes up to ``--peer-max``, against our fit of the same fold.

Dask: the largest P again on a ``LocalCluster`` of ``--jobs`` single-threaded worker
processes (folds as tasks), and fold 0 of it with the classes split into chunks over the
cluster's workers (``LinearSVM(n_jobs=-1)`` under the Dask backend): predictions and
weights compared with the local run.

    python bench/scale.py [--persons 200 500 1000 2000] [--jobs 2] [--peer-max 500] [--skip-dask]
"""

import argparse
import time
import warnings

import numpy as np
from _peak import PeakMemory
from movesig.data import make_gait
from movesig.evaluate import CVOptions, ModelPlan, cross_validate
from movesig.evaluate.parallel import backend
from movesig.models import LinearSVM
from movesig.models.linear import auto_solver
from movesig.splits import PersonChunkSplit
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

C, TRIALS, FOLDS = 0.1, 10, 5


def identify(dataset, jobs, scheduler=None):
    plan = ModelPlan("linear_svm", LinearSVM(C=C))
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        result = cross_validate([plan], dataset, PersonChunkSplit(FOLDS), CVOptions(n_jobs=jobs, scheduler=scheduler))
        seconds = time.perf_counter() - t0
    return result["linear_svm"], seconds, mem.peak / 2**20


def fold0(dataset):
    train, _, test = next(PersonChunkSplit(FOLDS).split_with_validation(dataset.X, dataset.person))
    return train, test


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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, nargs="+", default=[200, 500, 1000, 2000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--peer-max", type=int, default=500, help="largest P at which LinearSVC runs too")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--dask-only", action="store_true", help="only the Dask comparison, at the largest --persons")
    args = ap.parse_args()
    if args.dask_only:
        args.persons = [max(args.persons)]
    print(f"Synthetic gait, P people x {TRIALS} trials x 6 channels x 101 points; {FOLDS}-fold linear SVM "
          f"(C = {C}), {args.jobs} local processes")
    print(f"{'P':>6}{'trials':>8}{'train/fold':>11}{'solver':>8}{'seconds':>9}{'peak MB':>9}{'accuracy':>10}"
          f"{'liblinear s':>12}{'ours s':>8}{'ratio':>7}{'same pred':>10}")
    rows, results = [], {}
    for P in ([] if args.dask_only else args.persons):
        ds, _ = make_gait(n_persons=P, n_trials=TRIALS, seed=0, calibration=None)
        res, seconds, peak = identify(ds, args.jobs)
        results[P] = (ds, res)
        n_train = len(fold0(ds)[0])
        solver = auto_solver(n_train, ds.n_channels * ds.n_times)
        line = (f"{P:>6}{ds.n_trials:>8}{n_train:>11}{solver:>8}{seconds:>9.1f}{peak:>9.0f}"
                f"{res.accuracy.mean():>10.3f}")
        if P <= args.peer_max:
            t_lib, t_ours, same = peer(ds)
            line += f"{t_lib:>12.1f}{t_ours:>8.1f}{t_lib / t_ours:>7.1f}{same:>10.3f}"
        print(line, flush=True)
        rows.append((P, seconds))
    if len(rows) > 1:
        P, s = np.log(np.array(rows, float)).T
        slope = np.polyfit(P, s, 1)[0]
        print(f"cost grows as P^{slope:.2f} (least squares on log seconds against log P, {len(rows)} sizes)")
    print("ratio: liblinear seconds over ours on fold 0 (one process, one BLAS thread); same pred: share of "
          "fold-0 test trials given the same person")
    if args.skip_dask:
        return
    from dask.distributed import Client, LocalCluster

    P = max(args.persons)
    if P not in results:
        ds, _ = make_gait(n_persons=P, n_trials=TRIALS, seed=0, calibration=None)
        local, seconds, peak = identify(ds, args.jobs)
        print(f"local run at P = {P}: {seconds:.1f} s, peak {peak:.0f} MB")
        results[P] = (ds, local)
    ds, local = results[P]
    with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        res, seconds, peak = identify(ds, args.jobs, scheduler=client)
        train, _ = fold0(ds)
        alone, t_alone = local.models[0], local.fit_seconds[0]
        with backend(client):
            t0 = time.perf_counter()
            spread = LinearSVM(C=C, solver="primal", n_jobs=-1).fit(ds.X[train], ds.person[train])
            t_spread = time.perf_counter() - t0
    print()
    print(f"Dask LocalCluster, {args.jobs} worker processes x 1 thread, P = {P}")
    print(f"{'run':<52}{'seconds':>9}{'peak MB':>9}{'identical':>11}")
    print(f"{'5-fold identification, folds as Dask tasks':<52}{seconds:>9.1f}{peak:>9.0f}"
          f"{str(np.array_equal(res.predicted, local.predicted)):>11}")
    print(f"{'fold 0, one process (the local run above)':<52}{t_alone:>9.1f}{'':>9}{'':>11}")
    print(f"{'fold 0, classes in chunks over the workers':<52}{t_spread:>9.1f}{'':>9}"
          f"{str(np.array_equal(spread.coef_, alone.coef_)):>11}")
    print("identical: the same predicted person for every trial (folds) / the same weights bit for bit (chunks)")


if __name__ == "__main__":
    main()
