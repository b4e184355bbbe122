"""Neural networks of Horst et al. (2019) as scikit-learn-style estimators (PyTorch).

Architectures (input: trials of shape (n_channels, n_times), seen as a 1 × C × T image):

- ``"linear"``: one dense layer trained by SGD on one-hot targets (least squares).
- ``"mlp"``: MLP (3, N): two hidden ReLU layers of width ``hidden``, softmax output.
- ``"cnn_a"``: one convolution whose kernel spans all C channels and C time steps
  (32 filters for up to 6 channels, 64 otherwise), ReLU, dense, softmax.
- ``"cnn_c3"``: three 3 × 3 convolutions (the last 2 × 2 for 6 channels), 32 filters each,
  ReLU, dense, softmax.

Training follows the paper: plain SGD, batch 5, learning rates 0.005, 0.001, 0.0005 with
up to ``iterations`` steps each; every ``check_every`` steps the validation loss is
checked and the best parameters are kept; CNNs stop a stage after ``patience`` checks
without improvement. No dropout, pooling, batch norm or weight decay. The step and the
scoring pass are computed by :mod:`movesig.models._sgd` (on a CPU the step on NumPy views
of the weights, differentiated by hand; a one-channel first convolution scored as one
matrix product): the same numbers as autograd and ``torch.optim.SGD`` to float round-off,
in a third to a half of the time on a CPU.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
import torch.nn as nn
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from ._base import (
    ChannelScaler,
    TrialClassifierMixin,
    check_trials,
    class_rows,
    torch_threads,
)
from ._layers import AddChannel
from ._sgd import FusedSGD, forward
from .constraints import ARCHITECTURES, CONVOLUTIONAL, NETWORK

__all__ = ["ARCHITECTURES", "CONVOLUTIONAL", "AddChannel", "NetworkClassifier", "build_network", "input_problem"]

#: Trials scored per forward pass on a CPU: the activations of a chunk stay in cache
#: (``bench/scoring.py`` prints the time per trial of each network at its chunk).
SCORE_CHUNK = 512
#: The same for convolutional networks, whose activations are larger.
CONV_SCORE_CHUNK = 128


def input_problem(architecture: str, n_channels: int, n_times: int) -> str | None:
    """Why trials of shape (n_channels, n_times) cannot enter ``architecture``, or None.

    The convolutions need room: CNN-A's C × C kernel needs at least as many time points as
    channels; CNN-C3's three kernels need at least 7 channels (6 with its 2 × 2 last kernel)
    and 7 time points.
    """
    if architecture == "cnn_a" and n_times < n_channels:
        return f"cnn_a needs at least as many time points as channels, got {n_times} for {n_channels}"
    if architecture == "cnn_c3":
        last = 2 if n_channels == 6 else 3
        if n_channels - 4 - (last - 1) < 1:
            return f"cnn_c3 needs at least 6 channels (its three 3 x 3 kernels), got {n_channels}"
        if n_times - 4 - (last - 1) < 1:
            return f"cnn_c3 needs at least {5 + last - 1} time points, got {n_times}"
    return None


def build_network(architecture: str, n_channels: int, n_times: int, n_classes: int, hidden: int = 256) -> nn.Module:
    """The torch module of one architecture, mapping (n, C, T) to (n, n_classes) scores."""
    problem = input_problem(architecture, n_channels, n_times)
    if problem:
        raise ValueError(problem)
    if architecture == "linear":
        return nn.Sequential(nn.Flatten(), nn.Linear(n_channels * n_times, n_classes))
    if architecture == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(n_channels * n_times, hidden), nn.ReLU(),
                             nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, n_classes))
    if architecture == "cnn_a":
        filters = 32 if n_channels <= 6 else 64
        return nn.Sequential(AddChannel(), nn.Conv2d(1, filters, (n_channels, n_channels)), nn.ReLU(), nn.Flatten(),
                             nn.Linear(filters * (n_times - n_channels + 1), n_classes))
    if architecture == "cnn_c3":
        last = 2 if n_channels == 6 else 3
        h = n_channels - 2 - 2 - (last - 1)
        w = n_times - 2 - 2 - (last - 1)
        return nn.Sequential(AddChannel(), nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 32, 3), nn.ReLU(),
                             nn.Conv2d(32, 32, last), nn.ReLU(), nn.Flatten(), nn.Linear(32 * h * w, n_classes))
    raise ValueError(f"unknown architecture {architecture!r}; choose one of {ARCHITECTURES}")


class NetworkClassifier(TrialClassifierMixin, BaseEstimator):
    """A network of :func:`build_network` trained with the paper's protocol.

    Parameters
    ----------
    architecture : {"linear", "mlp", "cnn_a", "cnn_c3"}
    hidden : int, default=256
        Width of the MLP's hidden layers (64, 256 or 1024 in the paper).
    learning_rates : tuple of float, default=(0.005, 0.001, 0.0005)
    iterations : int, default=10000
        Most SGD steps per learning rate.
    batch_size : int, default=5
    check_every : int, default=250
        Steps between validation checks.
    patience : int or None, default=None
        Checks without improvement that end a stage; None: 10 for CNNs, no early stop
        otherwise (as in the paper).
    standardise : {"feature", "channel", "none"}, default="feature"
        Input scaling fitted on the training trials.
    random_state : int, optional
        Seed of initialisation and batch order; the same seed gives the same model on CPU.
    device : str, default="cpu"
        ``"cuda"`` where there is one.
    n_threads : int, default=1
        Torch CPU threads while training, predicting and explaining (batches of 5 gain
        nothing from more, and the numbers do not depend on the machine); the previous
        setting is restored afterwards.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    network_ : torch.nn.Module
        Maps scaled input (n, C, T) to pre-softmax scores.
    history_ : list of (step, learning_rate, validation_loss)
    """

    def __init__(self, architecture: str = "mlp", hidden: int = 256, learning_rates=(0.005, 0.001, 0.0005),
                 iterations: int = 10000, batch_size: int = 5, check_every: int = 250, patience=None,
                 standardise: str = "feature", random_state=None, device: str = "cpu", n_threads: int = 1):
        self.architecture = architecture
        self.hidden = hidden
        self.learning_rates = learning_rates
        self.iterations = iterations
        self.batch_size = batch_size
        self.check_every = check_every
        self.patience = patience
        self.standardise = standardise
        self.random_state = random_state
        self.device = device
        self.n_threads = n_threads

    def _tensor(self, X):
        return torch.as_tensor(np.ascontiguousarray(X, dtype=np.float32), device=self.device)

    _parameter_constraints = NETWORK

    def fit(self, X, y, X_val=None, y_val=None):
        """Train on X (n, C, T) and y; validation data (default: the training data) pick the best step."""
        self._validate_params()
        from threadpoolctl import threadpool_limits

        with torch_threads(self.n_threads), threadpool_limits(self.n_threads, user_api="blas"):
            return self._fit(X, y, X_val, y_val)

    def _fit(self, X, y, X_val, y_val):
        X = check_trials(X)
        self.classes_, yi = np.unique(y, return_inverse=True)
        self.scaler_ = ChannelScaler(self.standardise).fit(X)
        if X_val is None:
            X_val, y_val = X, y
        val_index = class_rows(self.classes_, y_val)
        rng = np.random.RandomState(self.random_state)
        seed = int(rng.randint(2**31 - 1))
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            net = build_network(self.architecture, X.shape[1], X.shape[2], len(self.classes_), self.hidden)
        net = net.to(self.device)
        Xt, Xv = self._tensor(self.scaler_.transform(X)), self._tensor(self.scaler_.transform(X_val))
        yt = torch.as_tensor(yi, device=self.device)
        yv = torch.as_tensor(val_index, device=self.device)
        least_squares = self.architecture == "linear"
        n_classes = len(self.classes_)

        def loss_fn(scores, target):
            if least_squares:
                onehot = torch.nn.functional.one_hot(target, n_classes).to(scores.dtype)
                return ((scores - onehot) ** 2).sum(dim=1).mean()
            return torch.nn.functional.cross_entropy(scores, target)

        sgd = FusedSGD(net, least_squares)

        patience = self.patience if self.patience is not None else (10 if self.architecture in CONVOLUTIONAL else None)
        best_loss, best_state, self.history_ = np.inf, copy.deepcopy(net.state_dict()), []
        # one step on training rows: on a CPU the NumPy layers take rows of NumPy views of the
        # data; a stepper without them (such as a benchmark's) gets tensors
        if getattr(sgd, "cpu", None) is not None and Xt.device.type == "cpu":
            Xn, yn = Xt.numpy(), yt.numpy()

            def step_rows(rows, lr):
                sgd.step_arrays(Xn[rows], yn[rows], lr)
        else:
            def step_rows(rows, lr):
                batch = torch.as_tensor(rows, device=self.device)
                sgd.step(Xt[batch], yt[batch], lr)

        step = 0
        for lr in self.learning_rates:
            since_best, it = 0, 0
            while it < self.iterations:
                # the batches up to the next check, drawn at once: the same numbers as a draw per step
                block = min(self.check_every - it % self.check_every, self.iterations - it)
                for rows in rng.randint(0, len(Xt), (block, self.batch_size)):
                    step_rows(rows, lr)
                it, step = it + block, step + block
                with torch.no_grad():
                    val = float(loss_fn(forward(net, Xv), yv))
                self.history_.append((step, lr, val))
                if val < best_loss:
                    best_loss, best_state, since_best = val, copy.deepcopy(net.state_dict()), 0
                else:
                    since_best += 1
                if patience is not None and since_best >= patience:
                    break
            net.load_state_dict(best_state)
        self.network_ = net.eval()
        return self

    #: The networks compute in float32.
    scaled_dtype = np.float32

    def decision_function_scaled(self, Z) -> np.ndarray:
        """Pre-softmax scores of scaled input Z (n_trials, n_channels, n_times), shape (n_trials, n_classes)."""
        check_is_fitted(self, "network_")
        chunk = CONV_SCORE_CHUNK if self.architecture in CONVOLUTIONAL else SCORE_CHUNK
        return self._scores(lambda x: forward(self.network_, x), Z, max(len(Z), 1) if self.device != "cpu" else chunk)

    def _scores(self, module, Z, step: int) -> np.ndarray:
        """``module``'s scores of Z, ``step`` rows at a time on the model's device and threads, float64."""
        with torch.no_grad(), torch_threads(self.n_threads):
            return np.concatenate([module(self._tensor(Z[i:i + step])).double().cpu().numpy()
                                   for i in range(0, max(len(Z), 1), step)])

    def _input_layer(self):
        """A dense first layer (linear model, MLP) on a CPU: (weight, bias, head) of the scoring plan. Else None.

        The CNNs are scored whole: CNN-A's cost is its dense layer, CNN-C3's its second
        convolution, after a ReLU (``bench/perturbation.py`` measures what the update gains).
        """
        check_is_fitted(self, "network_")
        first, rest = self.network_[1], self.network_[2:]
        if self.device != "cpu" or not isinstance(first, nn.Linear):
            return None
        weight, bias = first.weight.detach().numpy().T.copy(), first.bias.detach().numpy().copy()
        return weight, bias, (lambda H: self._scores(rest, H, SCORE_CHUNK)) if len(rest) else None
