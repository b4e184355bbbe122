"""Other attribution methods on the same footing as LRP: gradient × input, integrated gradients, occlusion.

All explain the same pre-softmax score of the same fitted model on the same scaled input,
against the same reference (scaled input 0, the training mean), so that they can be
compared by one removal test and one recovery score. For networks, gradient × input and
integrated gradients are zennit's attributors (no composite: plain gradients); occlusion
is computed here, by setting windows of ``window`` time points of one channel to the
reference and spreading the drop of the score evenly over the window. For a linear
model all three equal z·w (occlusion: its window means), which LRP-ε also gives up to ε.
"""

from __future__ import annotations

import copy
from functools import singledispatch

import numpy as np

from ..models import LinearSVM, NetworkClassifier
from ..models._base import torch_threads

__all__ = ["METHODS", "attribute"]

#: Attribution methods by name.
METHODS = ("gradient_x_input", "integrated_gradients", "occlusion")


def _occlusion(score_fn, Z, target, window):
    n, channels, times = Z.shape
    base = score_fn(Z, target)
    out = np.zeros_like(Z)
    for c in range(channels):
        for start in range(0, times, window):
            stop = min(start + window, times)
            occluded = Z.copy()
            occluded[:, c, start:stop] = 0.0
            out[:, c, start:stop] = ((base - score_fn(occluded, target)) / (stop - start))[:, None]
    return out, base


def attribute(model, X, target, method: str, window: int = 5, n_steps: int = 20):
    """Attribution of the score of class row ``target`` of every trial.

    Parameters
    ----------
    model : LinearSVM or NetworkClassifier
        Fitted.
    X : ndarray of shape (n_trials, n_channels, n_times)
        Trials in data units.
    target : ndarray of int, shape (n_trials,)
    method : {"gradient_x_input", "integrated_gradients", "occlusion"}
    window : int
        Occlusion window (time points of one channel).
    n_steps : int
        Integrated gradients: points on the path from the reference (scaled input 0).

    Returns
    -------
    relevance : ndarray of shape (n_trials, n_channels, n_times)
        On the scaled input.
    score : ndarray of shape (n_trials,)
        The explained score.
    """
    if method not in METHODS:
        raise ValueError(f"unknown attribution method {method!r}; choose one of {', '.join(METHODS)}")
    return _attribute(model, model.scaled_input(X), np.asarray(target), method, window, n_steps)


@singledispatch
def _attribute(model, Z, target, method, window, n_steps):
    """Attribution by the kind of model, on scaled input Z (a new estimator registers its own)."""
    raise TypeError(f"no attribution for {type(model).__name__}; explain a LinearSVM or a NetworkClassifier")


@_attribute.register
def _(model: LinearSVM, Z, target, method, window, n_steps):
    W = model.coef_[target]
    score = (Z * W).reshape(len(Z), -1).sum(axis=1) + model.intercept_[target]
    if method == "occlusion":
        return _occlusion(lambda z, t: (z * model.coef_[t]).reshape(len(z), -1).sum(axis=1)
                          + model.intercept_[t], Z, target, window)
    return Z * W, score


@_attribute.register
def _(model: NetworkClassifier, Z, target, method, window, n_steps):
    import torch
    from zennit.attribution import Gradient, IntegratedGradients

    net = copy.deepcopy(model.network_).double().cpu().eval()

    def scores(z, t):
        with torch.no_grad():
            return net(torch.as_tensor(z, dtype=torch.float64)).numpy()[np.arange(len(t)), t]

    with torch_threads(model.n_threads):
        if method == "occlusion":
            return _occlusion(scores, Z, target, window)
        x = torch.as_tensor(Z, dtype=torch.float64)
        one_hot = torch.nn.functional.one_hot(torch.as_tensor(target), int(net(x[:1]).shape[1])).double()
        if method == "gradient_x_input":
            with Gradient(model=net) as attributor:
                _, grad = attributor(x, one_hot)
            relevance = (grad * x).detach().numpy()
        else:
            with IntegratedGradients(model=net, n_iter=n_steps) as attributor:
                _, relevance = attributor(x, one_hot)
            relevance = relevance.detach().numpy()
    return relevance, scores(Z, target)[np.arange(len(target))]
