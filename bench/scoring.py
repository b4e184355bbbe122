"""Benchmark: scoring trials with every network of Horst et al. (2019), torch's own module against ours.

The perturbation tests score about 700 000 changed trials per model and fold (the
``gait_models`` chapter's 72 orders and draws × 49 shares × 194 test trials), so the time
per trial of a network's forward pass is most of their cost. The peer: ``net(x)``, the
``nn.Sequential`` with torch's kernels (oneDNN convolutions). Ours:
``movesig.models._sgd.forward``, which computes a one-channel first convolution that feeds
another convolution as patches × filters (the patches built as one block per kernel
position), keeps its output channels-last and overwrites ReLU inputs in place. Both
score the same trials, in the chunks ``NetworkClassifier.decision_function_scaled`` uses,
with the same (untrained: scoring time does not depend on the weights) network, on one
thread; the table gives µs per trial, best of ``--repeats``, their ratio and the largest
difference between the two score arrays. Dense networks and CNN-A (whose one convolution
feeds a ``Flatten``) take the module's own path in ours too: their ratio is 1 up to noise.

    python bench/scoring.py [--trials 9506] [--repeats 3]
"""

import argparse

import numpy as np
import torch
from _timing import best_of
from movesig.models._sgd import forward
from movesig.models import MODELS
from movesig.models.networks import CONV_SCORE_CHUNK, CONVOLUTIONAL, SCORE_CHUNK, build_network

#: GaitRec's trials: 6 GRF channels × 101 points, 194 persons.
SHAPE, PERSONS = (6, 101), 194
NETWORKS = ("linear_sgd", "mlp_64", "mlp_1024", "cnn_a", "cnn_c3")  # models of the registry


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=9506)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    x = torch.randn(args.trials, *SHAPE)
    print(f"{args.trials} trials of shape {SHAPE}, {PERSONS} persons, one thread; µs per trial")
    print(f"{'network':<10} {'net(x)':>8} {'ours':>8} {'ratio':>6}  largest difference")
    for name in NETWORKS:
        torch.manual_seed(0)
        params = MODELS[name].params
        net = build_network(params["architecture"], *SHAPE, PERSONS, params["hidden"]).eval()
        step = CONV_SCORE_CHUNK if params["architecture"] in CONVOLUTIONAL else SCORE_CHUNK

        def score(f):
            with torch.no_grad():
                return torch.cat([f(x[i:i + step]) for i in range(0, len(x), step)]).numpy()

        score(net), score(lambda z: forward(net, z))  # warm-up
        t_peer, peer = best_of(lambda: score(net), args.repeats)
        t_ours, ours = best_of(lambda: score(lambda z: forward(net, z)), args.repeats)
        per = 1e6 / args.trials
        print(f"{name:<10} {t_peer * per:>8.1f} {t_ours * per:>8.1f} {t_peer / t_ours:>6.2f}  "
              f"{np.abs(peer - ours).max():.1e}")


if __name__ == "__main__":
    main()
