"""Benchmark: training time of every model of Horst et al. (2019) on one fold, and the whole chapter.

1. Linear SVM, one-vs-rest, at C = 0.1, 1, 10: scikit-learn's LinearSVC (liblinear, primal,
   tol 1e-4, at most 1000 iterations: what ``LinearSVM(solver="liblinear")`` runs) against
   ours (``solver="gram"``: exact finite Newton per class on one shared Gram matrix), on
   the same fold, one BLAS thread each; their ratio and the largest weight difference.
2. Every network, trained with the paper's protocol on the same fold (one torch thread),
   on the CPU and, where torch sees one, on a GPU.
3. With ``--chapter``: the whole ``gait_models`` chapter at its default parameters
   (papermill, ``--jobs`` processes), timed.

    python bench/gait_models.py [--dataset gaitrec] [--iterations 10000] [--chapter] [--jobs 2]
"""

import argparse
import tempfile
import time
import warnings

import numpy as np
from movesig.data import load
from movesig.models import MODELS, LinearSVM, make_model
from movesig.splits import PersonChunkSplit
from threadpoolctl import threadpool_limits


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="gaitrec")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--n-splits", type=int, default=5)
    ap.add_argument("--iterations", type=int, default=10000, help="most SGD steps per learning rate")
    ap.add_argument("--chapter", action="store_true", help="also time the whole chapter")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    ds = load(args.dataset, data_dir=args.data_dir, min_trials=args.n_splits)
    train, val, test = next(PersonChunkSplit(args.n_splits, 1234).split_with_validation(ds.X, ds.person))
    print(f"{ds.provenance.name}: {ds.n_persons} persons, fold 0: {len(train)} training, {len(val)} validation, "
          f"{len(test)} test trials of {ds.n_channels} x {ds.n_times}")
    print()
    print("Linear SVM, one-vs-rest, same fold, one BLAS thread")
    print(f"{'C':>6}{'liblinear s':>13}{'ours s':>9}{'speed-up':>10}{'acc liblinear':>15}{'acc ours':>10}"
          f"{'max |dw| / max |w|':>20}")
    for C in (0.1, 1.0, 10.0):
        fits = {}
        with threadpool_limits(1):
            for solver in ("liblinear", "gram"):
                t0 = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    m = LinearSVM(C=C, solver=solver).fit(ds.X[train], ds.person[train])
                fits[solver] = (m, time.perf_counter() - t0, np.mean(m.predict(ds.X[test]) == ds.person[test]))
        (lib, t_lib, a_lib), (ours, t_ours, a_ours) = fits["liblinear"], fits["gram"]
        dw = np.abs(lib.coef_ - ours.coef_).max() / np.abs(ours.coef_).max()
        print(f"{C:>6g}{t_lib:>13.1f}{t_ours:>9.1f}{t_lib / t_ours:>10.1f}{a_lib:>15.4f}{a_ours:>10.4f}{dw:>20.1e}")
    print("(liblinear stops at tol 1e-4 or 1000 iterations; ours is the exact optimum)")

    import torch

    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    print()
    print(f"Networks, paper's protocol, up to {args.iterations} steps per learning rate, same fold")
    print(f"{'model':<16}{'device':>8}{'steps':>8}{'seconds':>10}{'ms/step':>9}{'accuracy':>10}")
    for name in MODELS:
        if not MODELS[name].uses_validation:  # the SVMs are benchmarked above
            continue
        for device in devices:
            m = make_model(name, iterations=args.iterations, random_state=1234, device=device)
            t0 = time.perf_counter()
            m.fit(ds.X[train], ds.person[train], ds.X[val], ds.person[val])
            seconds = time.perf_counter() - t0
            steps = m.history_[-1][0]
            acc = np.mean(m.predict(ds.X[test]) == ds.person[test])
            print(f"{MODELS[name].label:<16}{device:>8}{steps:>8}{seconds:>10.1f}{1e3 * seconds / steps:>9.2f}{acc:>10.4f}")

    if args.chapter:
        from movesig.report.book import run_chapter

        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            run_chapter("gait_models", {"dataset": args.dataset, "n_splits": args.n_splits, "n_jobs": args.jobs,
                                        "iterations": args.iterations}, data_dir=args.data_dir, out=tmp)
            seconds = time.perf_counter() - t0
        print()
        print(f"{'whole chapter (papermill)':<32}{'processes':>10}{'seconds':>10}")
        print(f"{'gait_models, ' + args.dataset:<32}{args.jobs:>10}{seconds:>10.0f}")


if __name__ == "__main__":
    main()
