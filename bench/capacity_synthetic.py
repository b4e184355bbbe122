"""Check: does the capacity curve's log-linear extrapolation hold to 10 000 people? (synthetic gait)

The uniqueness chapter fits a straight line of identification accuracy against log(people)
to draws of 10 to 194 people (GaitRec) and extrapolates it to 671 and 2 295 people. Here the
same fit is made on synthetic people and checked against accuracies *measured* at up to
10 000 people, where the people exist because they are generated. It also checks that the
solver still fits and predicts at 10 000 one-vs-rest rows.

Data: ``movesig.data.make_gait`` with its calibration fitted on GaitRec's healthy controls
(``--calibration gaitrec-healthy``; 6 channels x 101 points = 606 features), ``--trials``
(default 5, GaitRec's) trials per person. Labelled synthetic: nothing here is a property of
real people; it tests the *method* (solver and extrapolation).

Protocol: for each size, ``--draws`` sets of people (disjoint where the people suffice:
``movesig.evaluate.draws_of_people``), each identified by the linear SVM (C = 0.1) on fold 0
of the papers' chunked split (``PersonChunkSplit``, ``--trials`` chunks: one test trial per
person; the next chunk is the validation chunk, left out as in the chapter, so training holds
3 of 5 trials per person). One fold, not five, keeps 10 000 people within minutes: each
person's accuracy is then 0 or 1, and every interval resamples people (2 000 draws).
The log-linear fit (``movesig.summarise.loglinear_fit``) uses the sizes up to ``--fit-max``
(194: GaitRec's) and predicts every larger size; a prediction *holds* where the measured
accuracy lies in its 95 % interval.

    python bench/capacity_synthetic.py [--sizes 10 20 50 100 194 500 1000 2000 5000 10000]
                                       [--fit-max 194] [--draws 5] [--trials 5] [--jobs 2]
"""

import argparse
import time

import numpy as np
from movesig.data import make_gait
from movesig.evaluate.uniqueness import draws_of_people
from movesig.models import LinearSVM
from movesig.splits import PersonChunkSplit
from movesig.summarise.capacity import loglinear_fit

C, N_BOOT = 0.1, 2000


def fold0_accuracy(ds, persons, trials, jobs):
    """Per-person accuracy (0 or 1: one test trial each) of fold 0 among ``persons`` only, and the fit's seconds."""
    sub = ds.subset(np.isin(ds.person, persons))
    train, _, test = next(PersonChunkSplit(trials).split_with_validation(sub.X, sub.person))
    t0 = time.perf_counter()
    model = LinearSVM(C=C, n_jobs=jobs).fit(sub.X[train], sub.person[train])
    predicted = model.predict(sub.X[test])
    seconds = time.perf_counter() - t0
    ids, index = np.unique(sub.person[test], return_inverse=True)
    hit = (predicted == sub.person[test]).astype(float)
    return np.bincount(index, hit) / np.bincount(index), seconds


def interval(acc, seed):
    rng = np.random.default_rng(seed)
    boot = [acc[rng.integers(0, len(acc), len(acc))].mean() for _ in range(N_BOOT)]
    return np.quantile(boot, [0.025, 0.975])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 50, 100, 194, 500, 1000, 2000, 5000, 10000])
    ap.add_argument("--fit-max", type=int, default=194, help="largest size the log-linear fit uses")
    ap.add_argument("--draws", type=int, default=5, help="draws of people per size (fewer where they would overlap)")
    ap.add_argument("--trials", type=int, default=5, help="trials per person (and chunks of the split)")
    ap.add_argument("--calibration", default="gaitrec-healthy")
    ap.add_argument("--jobs", type=int, default=2, help="local processes over the one-vs-rest rows")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    sizes = sorted(set(args.sizes))
    if len([s for s in sizes if s <= args.fit_max]) < 2:
        ap.error(f"--sizes: at least two sizes up to --fit-max {args.fit_max} are needed for the fit")
    wall = time.perf_counter()
    ds, _ = make_gait(n_persons=max(sizes), n_trials=args.trials, seed=args.seed, calibration=args.calibration)
    print(f"Synthetic gait (calibration {args.calibration}), {ds.n_persons} people x {args.trials} trials, "
          f"{ds.n_channels} channels x {ds.n_times} points; linear SVM (C = {C}), fold 0 of {args.trials} chunks "
          f"(one test trial per person); {args.jobs} local processes over the one-vs-rest rows; generated in "
          f"{time.perf_counter() - wall:.0f} s\n")
    print(f"{'people':>7}{'draws':>13}{'accuracy %':>12}{'95 % interval':>18}{'fit s/draw':>12}")
    measured = {}
    for i, size in enumerate(sizes):
        n_draws = args.draws if size * args.draws <= ds.n_persons else max(1, ds.n_persons // size)
        sets, disjoint = draws_of_people(ds.persons, size, n_draws, args.seed + i)
        results = [fold0_accuracy(ds, persons, args.trials, args.jobs) for persons in sets]
        acc = np.concatenate([a for a, _ in results])
        measured[size] = (acc, [a for a, _ in results])
        low, high = interval(acc, args.seed)
        print(f"{size:>7}{len(sets):>4} {'disjoint' if disjoint else 'overlap':>8}{100 * acc.mean():>12.2f}"
              f"{f'[{100 * low:.2f}, {100 * high:.2f}]':>18}{np.mean([s for _, s in results]):>12.1f}", flush=True)
    fit_sizes = [s for s in sizes if s <= args.fit_max]
    beyond = [s for s in sizes if s > args.fit_max]
    draw_sizes = [s for s in fit_sizes for _ in measured[s][1]]
    draw_acc = [a for s in fit_sizes for a in measured[s][1]]
    fit = loglinear_fit(draw_sizes, draw_acc, beyond or [max(sizes)], N_BOOT, args.seed)
    change, c_low, c_high = fit.per_doubling
    print(f"\nLog-linear fit on {fit_sizes[0]}-{fit_sizes[-1]} people ({len(draw_acc)} draws): "
          f"{100 * change:+.2f} points per doubling [{100 * c_low:+.2f}, {100 * c_high:+.2f}]")
    if beyond:
        print(f"{'people':>7}{'predicted %':>13}{'95 % interval':>18}{'measured %':>12}{'holds':>7}")
        held = 0
        for s in beyond:
            mean, low, high = fit.predicted[s]
            got = measured[s][0].mean()
            ok = low <= got <= high
            held += ok
            print(f"{s:>7}{100 * mean:>13.2f}{f'[{100 * low:.2f}, {100 * high:.2f}]':>18}{100 * got:>12.2f}"
                  f"{'yes' if ok else 'no':>7}")
        print(f"the extrapolation holds at {held} of {len(beyond)} sizes beyond the fit")
    print(f"\ntotal wall time {time.perf_counter() - wall:.0f} s")


if __name__ == "__main__":
    main()
