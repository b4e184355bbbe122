"""Benchmark: ε-LRP of a linear SVM, direct numpy (ours) against zennit on a torch Linear layer.

Both explain the same fitted weights for the same trials; the table shows the time of
each, the ratio, and the largest difference between the two relevance arrays.

    python bench/lrp_linear.py [--persons 194] [--trials 970] [--repeats 5]
"""

import argparse

import numpy as np
from _timing import best_of
from movesig.explain import lrp_linear, lrp_zennit
from movesig.models import LinearSVM


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=194)
    ap.add_argument("--trials", type=int, default=970)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    y = np.resize(np.arange(args.persons), args.trials)
    X = rng.normal(size=(args.trials, 6, 101)) + 0.5 * rng.normal(size=(args.persons, 6, 101))[y]
    model = LinearSVM(C=0.1, random_state=0, max_iter=200).fit(X, y)
    Z, target = model.scaled_input(X), model.class_index(y)
    torch_model = model.to_torch()
    lrp_zennit(torch_model, Z[:2], target[:2])  # warm-up (imports, hooks)
    t_direct, direct = best_of(lambda: lrp_linear(Z, model.coef_, model.intercept_, target).relevance, args.repeats)
    t_zennit, zen = best_of(lambda: lrp_zennit(torch_model, Z, target), args.repeats)
    diff = np.abs(direct - zen).max()
    print(f"eps-LRP of a linear SVM: {args.trials} trials x 6 x 101, {args.persons} classes, best of {args.repeats}")
    print(f"{'method':<28}{'seconds':>10}{'ratio':>10}")
    print(f"{'zennit (torch Linear)':<28}{t_zennit:>10.4f}{1.0:>10.2f}")
    print(f"{'direct numpy (movesig)':<28}{t_direct:>10.4f}{t_zennit / t_direct:>10.2f}")
    print(f"max |R_zennit - R_direct| = {diff:.2e}")


if __name__ == "__main__":
    main()
