"""Benchmark: training time of every model of Horst et al. (2019) on one fold, and the whole chapter.

1. Linear SVM, one-vs-rest, at C = 0.1, 1, 10: scikit-learn's LinearSVC (liblinear, primal,
   tol 1e-4, at most 1000 iterations: what ``LinearSVM(solver="liblinear")`` runs) against
   ours (``solver="gram"``: exact finite Newton per class on one shared Gram matrix), on
   the same fold, one BLAS thread each; their ratio and the largest weight difference.
2. Every network, its K folds trained one by one (as one model each) with autograd and
   ``torch.optim.SGD`` (the naive step), one by one with our fused step on torch (dense
   layers differentiated by hand on torch's BLAS, MKL; convolutions by autograd: what a
   GPU runs), one by one with the fused step as the chapter runs it on a CPU
   (``movesig.models._sgd.FusedSGD`` on NumPy views of the weights: dense layers on
   OpenBLAS in cache-sized blocks, convolutions as patches × filters), and all at once
   (``fit_folds``: one batched model), with the paper's protocol shortened to ``--steps``
   steps per learning rate and no early stop, one torch thread, on the CPU and, where
   torch sees one, on a GPU: ms per fold-step of the faster of ours, the seconds the
   chapter's 3 × 10 000 steps per fold would take at that rate (an upper bound: the CNNs
   stop early), and the mean test accuracy (fused, and where they differ the others).
3. With ``--chapter``: the whole ``gait_models`` chapter at its default parameters (its
   study, section by section, ``--jobs`` processes, ``--device``), timed.

    python bench/gait_models.py [--dataset gaitrec] [--steps 300] [--chapter] [--jobs 2] [--device cpu]
"""

import argparse
import contextlib
import tempfile
import time
import warnings

import numpy as np
from movesig.data import load
from movesig.models import MODELS, LinearSVM, fit_folds, make_model
from movesig.splits import PersonChunkSplit
from sklearn.base import clone
from threadpoolctl import threadpool_limits


class AutogradSGD:
    """The naive step: autograd and ``torch.optim.SGD`` (the interface of ``FusedSGD``)."""

    def __init__(self, net, least_squares=False):
        self.net, self.least_squares, self.lr, self.opt = net, least_squares, None, None

    def step(self, x, target, lr):
        import torch
        import torch.nn.functional as F

        if lr != self.lr:
            self.opt, self.lr = torch.optim.SGD(self.net.parameters(), lr=lr), lr
        self.opt.zero_grad()
        s = self.net(x)
        loss = (((s - F.one_hot(target, s.shape[1]).to(s.dtype)) ** 2).sum(dim=1).mean() if self.least_squares
                else F.cross_entropy(s, target))
        loss.backward()
        self.opt.step()


def _torch_tail():
    """``FusedSGD`` on its torch path (what a GPU runs) instead of its NumPy layers."""
    from movesig.models._sgd import FusedSGD

    class TorchTailSGD(FusedSGD):
        def __init__(self, net, least_squares=False):
            super().__init__(net, least_squares)
            self.cpu = None

    return TorchTailSGD


def svm_table(ds, train, test):
    """Liblinear against the exact Gram solver on one fold, at the paper's three C."""
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


@contextlib.contextmanager
def _stepper(kind):
    """Train networks with ``kind`` instead of the fused step (None: unchanged)."""
    import movesig.models.networks as networks

    saved = networks.FusedSGD
    networks.FusedSGD = kind or saved
    try:
        yield
    finally:
        networks.FusedSGD = saved


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="gaitrec")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--n-splits", type=int, default=5)
    ap.add_argument("--steps", type=int, default=300, help="SGD steps per learning rate in the network table")
    ap.add_argument("--models", nargs="*", help="networks of the table (default: all; none: no table)")
    ap.add_argument("--skip-svm", action="store_true", help="leave out the linear SVM table")
    ap.add_argument("--device", default="cpu", help="device of the --chapter run")
    ap.add_argument("--devices", nargs="+", default=["cpu", "cuda"], help="devices of the network table")
    ap.add_argument("--chapter", action="store_true", help="also time the whole chapter")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    ds = load(args.dataset, data_dir=args.data_dir, min_trials=args.n_splits)
    train, val, test = next(PersonChunkSplit(args.n_splits, 1234).split_with_validation(ds.X, ds.person))
    print(f"{ds.provenance.name}: {ds.n_persons} persons, fold 0: {len(train)} training, {len(val)} validation, "
          f"{len(test)} test trials of {ds.n_channels} x {ds.n_times}")
    if not args.skip_svm:
        svm_table(ds, train, test)

    import torch

    folds = list(PersonChunkSplit(args.n_splits, 1234).split_with_validation(ds.X, ds.person))
    devices = [d for d in args.devices if d == "cpu" or torch.cuda.is_available()]
    print()
    print(f"Networks, {len(folds)} folds, {args.steps} steps per learning rate x 3, no early stop, one torch thread; "
          f"{torch.cuda.get_device_name() if 'cuda' in devices else 'no GPU'}")
    print(f"{'model':<15}{'device':>7}{'autograd s':>12}{'torch s':>9}{'fused s':>9}{'ratio':>7}{'ratio':>7}"
          f"{'batched s':>11}{'ratio':>7}{'ms/fold-step':>14}{'chapter s':>11}{'accuracy':>10}")
    for name in args.models if args.models is not None else [n for n in MODELS if MODELS[n].uses_validation]:
        for device in devices:
            model = make_model(name, iterations=args.steps, random_state=1234, device=device)
            model.set_params(patience=10**9, check_every=args.steps)
            fit_folds(model.set_params(iterations=2), [f[:2] for f in folds[:2]], ds.X, ds.person)  # warm-up
            model.set_params(iterations=args.steps)
            fits, seconds = {}, {}
            steppers = {"autograd": AutogradSGD, "torch": _torch_tail(), "fused": None}
            for how, stepper in steppers.items():
                if how == "torch" and device != "cpu":
                    continue  # on a GPU the fused step's dense layers are torch's anyway
                t0 = time.perf_counter()
                with _stepper(stepper):
                    fits[how] = [clone(model).set_params(random_state=1234 + k).fit(ds.X[tr], ds.person[tr],
                                                                                    ds.X[va], ds.person[va])
                                 for k, (tr, va, _) in enumerate(folds)]
                seconds[how] = time.perf_counter() - t0
            t0 = time.perf_counter()
            fits["batched"] = fit_folds(model, [f[:2] for f in folds], ds.X, ds.person)
            seconds["batched"] = time.perf_counter() - t0
            acc = {how: np.mean([np.mean(m.predict(ds.X[te]) == ds.person[te]) for m, (_, _, te) in zip(ms, folds)])
                   for how, ms in fits.items()}
            per = min(seconds["fused"], seconds["batched"]) / (3 * args.steps * len(folds))
            others = ", ".join(f"{h}: {a:.4f}" for h, a in acc.items() if abs(a - acc["fused"]) > 1e-9)
            torch_s = seconds.get("torch", seconds["fused"])
            print(f"{MODELS[name].label:<15}{device:>7}{seconds['autograd']:>12.1f}{torch_s:>9.1f}{seconds['fused']:>9.1f}"
                  f"{seconds['autograd'] / seconds['fused']:>7.2f}{torch_s / seconds['fused']:>7.2f}{seconds['batched']:>11.1f}"
                  f"{seconds['fused'] / seconds['batched']:>7.2f}{1e3 * per:>14.3f}{per * 30000 * len(folds):>11.0f}"
                  f"{acc['fused']:>10.4f}{f'  ({others})' if others else ''}")
    print("(ratios: autograd / fused, torch / fused, fused / batched; above 1, the second is faster;"
          " torch: the fused step on torch, what a GPU runs)")

    if args.chapter:
        from movesig.studies.gait_models import GaitModels

        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            study = GaitModels({"dataset": args.dataset, "data_dir": args.data_dir, "n_splits": args.n_splits,
                                "n_jobs": args.jobs, "device": args.device}, out_dir=tmp)
            for section in ("data_section", "accuracy", "conservation", "relevance_persons", "shares", "scaling",
                            "perturbation", "removal", "methods", "recovery"):
                getattr(study, section)()
            seconds = time.perf_counter() - t0
        print()
        print(f"{'whole chapter (its study)':<32}{'device':>8}{'processes':>10}{'seconds':>10}")
        print(f"{'gait_models, ' + args.dataset:<32}{args.device:>8}{args.jobs:>10}{seconds:>10.0f}")
        for name, m in study.metrics.items():
            print(f"  {MODELS[name].label:<22}{100 * m['accuracy_mean']:>7.2f} ± {100 * m['accuracy_sd']:.2f} %"
                  f"{m['fit_seconds_mean']:>9.1f} s/fold")


if __name__ == "__main__":
    main()
