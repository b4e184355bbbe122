"""Benchmark: the perturbation tests of one fold, per model (the ``gait_models`` chapter's grid).

Every model scores each share's batch of changed trials. Three ways, in the same run:

- data space (the peer): ``perturbation_curves`` on the model seen only through
  ``decision_function``: every share's batch is built in data units (float64) and scaled by
  the model;
- batches: the trials and their replacements are scaled once, and every share's batch is
  built from them in the model's own float type and scored whole (the scoring plan's ``first_layer``
  switched off: what CNNs get);
- ours: where the model's first layer is dense (linear SVM, linear model, MLPs on a CPU;
  ``first_layer``), its output is updated share by share by the values changed since the
  last share (one sparse product for all shares), and only the layers after it score
  every batch.

All must give the same accuracy at every share (the table says so, and gives the largest
difference of the mean explained score: float round-off). Batches are built a few shares
at a time in the first two.

The fold is fold 0 of ``--dataset`` (5 chunks per person); the models are trained for
``--iterations`` steps only (the scoring does not depend on how well). The tests are the
chapter's: the additive test with 10 noise draws, the mean and other removal tests with 3,
shares 0-49 %. One thread.

    python bench/perturbation.py [--dataset gaitrec] [--models svm_c0.1 mlp_64 mlp_1024 cnn_a cnn_c3]
"""

import argparse
import time
from types import SimpleNamespace

import numpy as np
import torch
from movesig.data import load
from movesig.evaluate import PerturbationTest, explain_decisions, perturbation_curves
from movesig.models import MODELS, make_model
from movesig.splits import PersonChunkSplit
from threadpoolctl import threadpool_limits


def run(model, X, y, train, test, relevance, options):
    noise = options.noise_scale(X)
    start, out = time.perf_counter(), {}
    for i, kind in enumerate(options.kinds):
        out[kind] = perturbation_curves(model, X[test], y[test], relevance, options.fractions, kind,
                                        n_repeats=options.repeats(kind), sigma=options.sigma, random_state=[1, 0, i],
                                        noise_scale=noise, donors=X[train], donor_person=y[train])
    return time.perf_counter() - start, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dataset", default="gaitrec")
    ap.add_argument("--models", nargs="+", default=["svm_c0.1", "linear_sgd", "mlp_64", "mlp_1024", "cnn_a", "cnn_c3"])
    ap.add_argument("--iterations", type=int, default=100)
    args = ap.parse_args()
    ds = load(args.dataset)
    X, y = ds.X, ds.person
    train, val, test = next(PersonChunkSplit(5, random_state=1234).split_with_validation(X, y))
    options = PerturbationTest(removal_repeats=3)
    print(f"{ds.provenance.name}: {len(test)} test trials of shape {X.shape[1:]}, {len(options.fractions)} shares")
    print(f"{'model':<12} {'data-space s':>12} {'batches s':>9} {'ours s':>7} {'ratio':>6} {'vs batches':>10}  "
          f"same accuracy  largest score difference")
    torch.set_num_threads(1)
    with threadpool_limits(1):
        for name in args.models:
            spec = MODELS[name]
            model = make_model(name, iterations=args.iterations, random_state=0)
            model.fit(X[train], y[train], *((X[val], y[val]) if spec.uses_validation else ()))
            _, explained, _, _ = explain_decisions(model, X[test], y[test], spec.rules)
            relevance = {rule: explained[rule] for rule in spec.rules}  # the orders the chapter tests
            # the peer: the model seen only through decision_function (what a model without scaled scoring gets)
            data_space = SimpleNamespace(decision_function=model.decision_function, class_index=model.class_index,
                                         scaler_=model.scaler_)
            peer_s, theirs = run(data_space, X, y, train, test, relevance, options)
            ours_s, mine = run(model, X, y, train, test, relevance, options)
            model._input_layer = lambda: None  # every batch scored whole
            batch_s, batches = run(model, X, y, train, test, relevance, options)
            del model._input_layer
            others = (theirs, batches)
            same = all(np.array_equal(mine[k][o][0], other[k][o][0]) for other in others for k in mine for o in mine[k])
            gap = max(np.abs(mine[k][o][1] - other[k][o][1]).max() for other in others for k in mine for o in mine[k])
            print(f"{name:<12} {peer_s:>12.2f} {batch_s:>9.2f} {ours_s:>7.2f} {peer_s / ours_s:>6.2f} "
                  f"{batch_s / ours_s:>10.2f}  {'yes' if same else 'NO':<13}  {gap:.1e}")


if __name__ == "__main__":
    main()
