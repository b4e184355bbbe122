"""Scores of every share's batch of a perturbation test: built and scored whole, or by a first layer updated share by share.

Share s of a test changes the first ``changed[s]`` input values of each trial in its
order of change (``changed`` non-decreasing: :func:`~movesig.evaluate.perturbation_curves`
checks its shares). :func:`nested_scores` builds every share's batch
and scores it; :func:`updated_scores`, for a model whose first layer is linear
(:attr:`~movesig.models.ScoringPlan.first_layer`), adds to the first layer's
output only what the values changed since the last share add, and scores the rest of
the model: the same numbers to float round-off, with a few values of each trial per
share instead of all of them.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

__all__ = ["nested_scores", "updated_scores"]


def nested_scores(score, start, replaced, pos, changed, shape, rows: int = 1024):
    """Scores of every share's batch, shape (len(changed), n, n_classes), built a few shares at a time.

    Share s changes the values whose position ``pos`` (n, n_features) is below
    ``changed[s]``: they come from ``replaced``, the others from ``start`` (both (n,
    n_features), in the model's input). Building about ``rows`` trials at a time keeps
    the batch in cache instead of writing every share's copy of the data at once.
    """
    n = len(start)
    step = max(1, rows // max(n, 1))
    out = []
    for s in range(0, len(changed), step):
        batch = np.where(pos[None] < changed[s:s + step, None, None], replaced[None], start[None])
        out.append(score(batch.reshape(-1, *shape)))
    return np.concatenate(out).reshape(len(changed), n, -1)


def updated_scores(layer, start_out, delta, by, changed, size: int = 1 << 22):
    """Scores of every share's batch, shape (len(changed), n, n_classes), from a linear first layer updated share by share.

    Share s changes the first ``changed[s]`` values of the order ``by`` (n, n_features) by
    ``delta`` (n, n_features, in the model's input): its first-layer output is that of
    share s − 1 (``start_out`` (n, n_hidden) before the first) plus the new values' columns
    of the weight times their change, one sparse product for every share at once. About
    ``size`` first-layer outputs (trials × shares × width) are held at a time, and the
    head's scores of them. The same numbers as scoring each batch, to
    round-off, with a share's values times the width of the layer instead of all of them.
    """
    weight, _, head = layer  # the bias is in start_out
    n, hidden = start_out.shape
    lo = np.concatenate([[0], changed[:-1]])
    block = max(1, size // (len(changed) * hidden))
    out = []
    for i in range(0, n, block):
        ordered = by[i:i + block, :changed[-1]]
        values = np.take_along_axis(delta[i:i + block], ordered, axis=1)
        m = len(ordered)
        # row s·m + j of the product: the values trial j changes at share s (the same count for every trial)
        product = sparse.csr_matrix(
            (np.concatenate([values[:, a:b].ravel() for a, b in zip(lo, changed)]),
             np.concatenate([ordered[:, a:b].ravel() for a, b in zip(lo, changed)]),
             np.concatenate([[0], np.cumsum(np.repeat(changed - lo, m))])),
            shape=(len(changed) * m, delta.shape[1])) @ weight
        hidden_out = product.reshape(len(changed), m, hidden)
        hidden_out[0] += start_out[i:i + block]
        for s in range(1, len(changed)):
            hidden_out[s] += hidden_out[s - 1]
        flat = hidden_out.reshape(-1, hidden)
        out.append((flat if head is None else head(flat)).astype(np.float64, copy=False).reshape(len(changed), m, -1))
    return np.concatenate(out, axis=1)
