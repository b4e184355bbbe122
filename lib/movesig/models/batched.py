"""Several networks of one architecture trained at once: the K folds of a cross-validation as one batched model.

Each fold keeps everything the paper's protocol gives one model: its own initialisation
(the seed of :class:`~movesig.models.NetworkClassifier` with its ``random_state``), its
own stream of batches from its own training trials, its own learning-rate stages,
validation checks, best parameters and early stop. Only the arithmetic is shared: a
dense layer is one batched matrix product (``baddbmm``) and a convolution one grouped
convolution over all folds, so a step costs about one launch per layer whatever K is.
The fitted folds come back as ordinary :class:`NetworkClassifier` objects whose weights
equal those of training each fold on its own, to float round-off.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.base import clone

from ._base import ChannelScaler, check_trials, class_rows, torch_threads
from .networks import CONVOLUTIONAL, AddChannel, NetworkClassifier, build_network

__all__ = ["fit_folds"]


class _Stacked(nn.Module):
    """K copies of one ``nn.Sequential`` (same shapes), applied to input of shape (K, B, ...)."""

    def __init__(self, nets: list[nn.Sequential]):
        super().__init__()
        self.kinds = [type(layer) for layer in nets[0]]
        self.shapes = [dict(stride=layer.stride, padding=layer.padding) if isinstance(layer, nn.Conv2d) else None
                       for layer in nets[0]]
        self.weights = nn.ParameterList()
        self.biases = nn.ParameterList()
        for i, kind in enumerate(self.kinds):
            if kind in (nn.Linear, nn.Conv2d):
                self.weights.append(nn.Parameter(torch.stack([n[i].weight.detach() for n in nets]).clone()))
                self.biases.append(nn.Parameter(torch.stack([n[i].bias.detach() for n in nets]).clone()))
            elif kind not in (nn.Flatten, nn.ReLU, AddChannel):
                raise TypeError(f"no batched form of {kind.__name__}")

    def forward(self, x):
        k = x.shape[0]
        p = 0
        for kind, shape in zip(self.kinds, self.shapes):
            if kind is nn.Flatten:
                x = x.reshape(k, x.shape[1], -1)
            elif kind is AddChannel:
                x = x.unsqueeze(2)
            elif kind is nn.ReLU:
                x = torch.relu(x)
            elif kind is nn.Linear:
                w, b = self.weights[p], self.biases[p]
                x = torch.baddbmm(b.unsqueeze(1), x, w.transpose(1, 2))
                p += 1
            else:  # Conv2d: one grouped convolution over the folds
                w, b = self.weights[p], self.biases[p]
                batch = x.shape[1]
                y = F.conv2d(x.transpose(0, 1).reshape(batch, -1, *x.shape[3:]), w.reshape(-1, *w.shape[2:]),
                             b.reshape(-1), groups=k, **shape)
                x = y.reshape(batch, k, -1, *y.shape[2:]).transpose(0, 1)
                p += 1
        return x

    def state_of(self, fold: int) -> list[torch.Tensor]:
        return [t[fold].detach().clone() for t in (*self.weights, *self.biases)]

    def load_fold(self, fold: int, state: list[torch.Tensor]) -> None:
        with torch.no_grad():
            for t, s in zip((*self.weights, *self.biases), state):
                t[fold].copy_(s)

    def to_module(self, net: nn.Sequential, fold: int) -> nn.Sequential:
        """Write fold ``fold``'s parameters into ``net`` (one of the K networks it was built from)."""
        layers = [layer for layer in net if isinstance(layer, (nn.Linear, nn.Conv2d))]
        with torch.no_grad():
            for layer, w, b in zip(layers, self.weights, self.biases):
                layer.weight.copy_(w[fold])
                layer.bias.copy_(b[fold])
        return net


def _pad(arrays: list[np.ndarray], device) -> torch.Tensor:
    """Stack arrays of different lengths along a new first axis, zero-padded, as float32 on ``device``."""
    out = np.zeros((len(arrays), max(len(a) for a in arrays), *arrays[0].shape[1:]), dtype=np.float32)
    for i, a in enumerate(arrays):
        out[i, :len(a)] = a
    return torch.as_tensor(out, device=device)


def fit_folds(model: NetworkClassifier, folds, X, y) -> list[NetworkClassifier]:
    """Train one copy of ``model`` per fold, all at once; fold k seeded with ``model.random_state + k``.

    Parameters
    ----------
    model : NetworkClassifier
        Unfitted; its parameters (architecture, learning rates, iterations, batch size,
        check interval, patience, scaling, device, threads) hold for every fold.
    folds : sequence of (train, validation) index arrays
        One pair per fold (the test chunk is not needed).
    X : ndarray of shape (n_trials, n_channels, n_times)
    y : ndarray of shape (n_trials,)

    Returns
    -------
    list of NetworkClassifier
        Fitted, one per fold, the same (to float round-off) as
        ``clone(model).set_params(random_state=model.random_state + k).fit(X[train], y[train], X[val], y[val])``.
    """
    X = check_trials(X)
    model._validate_params()
    with torch_threads(model.n_threads):
        return _fit_folds(model, list(folds), X, np.asarray(y))


def _fit_folds(model, folds, X, y):
    K, dev = len(folds), model.device
    fitted = [clone(model).set_params(random_state=None if model.random_state is None else model.random_state + k)
              for k in range(K)]
    nets, rngs, train_x, train_y, val_x, val_y = [], [], [], [], [], []
    for m, (train, val) in zip(fitted, folds):
        m.classes_, yi = np.unique(y[train], return_inverse=True)
        m.scaler_ = ChannelScaler(m.standardise).fit(X[train])
        rng = np.random.RandomState(m.random_state)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(rng.randint(2**31 - 1)))
            nets.append(build_network(m.architecture, X.shape[1], X.shape[2], len(m.classes_), m.hidden))
        rngs.append(rng)
        train_x.append(m.scaler_.transform(X[train]))
        train_y.append(yi)
        val_x.append(m.scaler_.transform(X[val]))
        val_y.append(class_rows(m.classes_, y[val]))
    if len({len(m.classes_) for m in fitted}) != 1:
        raise ValueError("every fold must train on the same persons to be trained as one batched model")
    n_classes = len(fitted[0].classes_)
    stacked = _Stacked(nets).to(dev)
    xt, yt = _pad(train_x, dev), _pad([a[:, None] for a in train_y], dev)[..., 0].long()
    xv, yv = _pad(val_x, dev), _pad([a[:, None] for a in val_y], dev)[..., 0].long()
    n_val = torch.as_tensor([len(a) for a in val_y], device=dev)
    val_mask = (torch.arange(xv.shape[1], device=dev)[None] < n_val[:, None]).float()
    least_squares = model.architecture == "linear"

    def losses(scores, target):  # (K, B, C), (K, B) -> (K, B)
        if least_squares:
            return ((scores - F.one_hot(target, n_classes).to(scores.dtype)) ** 2).sum(dim=2)
        return F.cross_entropy(scores.reshape(-1, n_classes), target.reshape(-1), reduction="none").reshape(
            target.shape)

    patience = model.patience if model.patience is not None else (10 if model.architecture in CONVOLUTIONAL else None)
    best_loss = np.full(K, np.inf)
    best = [stacked.state_of(k) for k in range(K)]
    history = [[] for _ in range(K)]
    sizes = [len(a) for a in train_y]
    fold_index = torch.arange(K, device=dev)[:, None]
    step = np.zeros(K, dtype=int)
    params = list(stacked.parameters())
    for lr in model.learning_rates:
        active = np.ones(K, bool)
        since_best = np.zeros(K, dtype=int)
        it = 0
        while it < model.iterations and active.any():
            chunk = min(model.check_every - it % model.check_every, model.iterations - it)
            draws = np.zeros((chunk, K, model.batch_size), dtype=np.int64)
            for k in np.flatnonzero(active):  # each fold's own stream, drawn as one model draws it
                draws[:, k] = rngs[k].randint(0, sizes[k], (chunk, model.batch_size))
            draws = torch.as_tensor(draws, device=dev)
            rate = torch.as_tensor(np.where(active, lr, 0.0), dtype=xt.dtype, device=dev)
            for s in range(chunk):
                batch = draws[s]
                loss = losses(stacked(xt[fold_index, batch]), yt[fold_index, batch]).mean(dim=1).sum()
                grads = torch.autograd.grad(loss, params)
                with torch.no_grad():
                    for p, g in zip(params, grads):
                        p.sub_(rate.reshape(-1, *[1] * (p.dim() - 1)) * g)
            it += chunk
            step += chunk * active
            with torch.no_grad():
                val = ((losses(stacked(xv), yv) * val_mask).sum(dim=1) / n_val).cpu().numpy()
            for k in np.flatnonzero(active):
                history[k].append((int(step[k]), lr, float(val[k])))
                if val[k] < best_loss[k]:
                    best_loss[k], best[k], since_best[k] = val[k], stacked.state_of(k), 0
                else:
                    since_best[k] += 1
                if patience is not None and since_best[k] >= patience:
                    active[k] = False
        for k in range(K):
            stacked.load_fold(k, best[k])
    for k, m in enumerate(fitted):
        m.network_ = stacked.to_module(copy.deepcopy(nets[k]).to(dev), k).eval()
        m.history_ = history[k]
    return fitted
