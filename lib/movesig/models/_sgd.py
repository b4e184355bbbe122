"""The arithmetic of one network, made cheap on a CPU: an SGD step that updates dense layers in place, and a forward pass that computes a one-channel first convolution as one matrix product.

Both compute what autograd with ``torch.optim.SGD`` and ``nn.Sequential.__call__`` compute,
in another order of float operations (equal to float round-off; tests compare them).

- :class:`FusedSGD`: at the paper's batch of 5, a step of a dense layer is bound by reading
  and writing its weight matrix. Autograd reads it for the forward pass and for the
  gradient of the input, writes the weight gradient, then SGD reads weight and gradient and
  writes the weight: six passes. Here the trailing dense part of the network (``Linear``,
  ``ReLU`` and ``Flatten`` layers after the last other layer: all of an MLP, the dense head
  of a CNN) is differentiated by hand and each weight updated in place by one
  ``addmm_`` (w ← w − lr · δᵀa): four passes, and no autograd bookkeeping. Layers before
  it (convolutions) keep autograd and plain SGD (``bench/gait_models.py`` times the step
  against autograd + ``torch.optim.SGD``).
- On a CPU the whole step, convolutions included, runs on NumPy views of the weights
  (:mod:`movesig.models._cpu_layers`: dense layers on OpenBLAS in cache-sized blocks,
  convolutions as patches × filters), faster again than the torch path above, which is
  what a GPU runs (the same table).
- :func:`forward`: a one-channel first convolution that feeds another convolution
  (CNN-C3's) is computed as patches times filters, the patches built as one (n, H, W)
  block per kernel position, its output kept channels-last, and every ReLU overwrites
  its input when nothing is differentiated. ``python bench/scoring.py`` (9 506
  GaitRec-sized trials in chunks of 128, one thread): 67.8 µs per trial against 79.2 for
  the torch module, bitwise the scores of the patches copied from ``unfold``'s view, which
  took 81.5 µs (no faster than the module at this chunk size; at chunks of 256 to 1 024 the
  module took 153-175 µs, and those patches 86-124).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn

from ._cpu_layers import cpu_layers
from ._layers import AddChannel

__all__ = ["FusedSGD", "forward"]

_DENSE = (nn.Linear, nn.ReLU, nn.Flatten)


def _patch_conv(conv: nn.Conv2d) -> bool:
    return (conv.in_channels == 1 and conv.groups == 1 and conv.stride == (1, 1) and conv.dilation == (1, 1)
            and conv.padding in ((0, 0), "valid") and conv.bias is not None)


def forward(net: nn.Sequential, x: torch.Tensor) -> torch.Tensor:
    """``net(x)`` for a network of :func:`~movesig.models.networks.build_network`, faster on a CPU.

    Parameters
    ----------
    net : nn.Sequential
    x : Tensor of shape (n, n_channels, n_times)

    Returns
    -------
    Tensor of shape (n, n_classes)
        The scores; a leading ``AddChannel`` + one-input-channel ``Conv2d`` that feeds
        another convolution is computed as patches (kh·kw, n, H, W), read transposed,
        times filters, its output kept channels-last, and ReLUs overwrite their input
        when autograd is off. Before a ``Flatten`` (CNN-A) the channels-last output
        would be copied, and oneDNN is faster (``bench/scoring.py``).
    """
    layers = list(net)
    if len(layers) < 2 or not isinstance(layers[0], AddChannel) or not isinstance(layers[1], nn.Conv2d) \
            or not _patch_conv(layers[1]) or x.device.type != "cpu" \
            or not any(isinstance(layer, nn.Conv2d) for layer in layers[2:]):
        return net(x)
    conv = layers[1]
    (kh, kw), (n, c, t) = conv.kernel_size, x.shape
    h, w = c - kh + 1, t - kw + 1
    # (kernel position, n, H, W): kh·kw copies of whole rows, 3 times faster than copying
    # unfold's (n, H, W, kh, kw) view value by value; the product reads it transposed
    patches = x.new_empty(kh * kw, n, h, w)
    for i in range(kh):
        for j in range(kw):
            patches[i * kw + j] = x[:, i:i + h, j:j + w]
    out = torch.addmm(conv.bias, patches.reshape(kh * kw, -1).T, conv.weight.reshape(conv.out_channels, -1).T)
    h_ = out.reshape(n, h, w, conv.out_channels).permute(0, 3, 1, 2)  # (n, F, H, W), channels-last in memory
    in_place = not torch.is_grad_enabled()  # scoring: a ReLU overwrites the output it follows
    for layer in layers[2:]:
        h_ = h_.relu_() if in_place and isinstance(layer, nn.ReLU) else layer(h_)
    return h_


class FusedSGD:
    """Plain SGD on the loss of one batch, dense layers updated in place.

    Parameters
    ----------
    net : nn.Sequential
    least_squares : bool
        Loss Σ (score − one-hot)² per trial (the paper's linear model) instead of the
        cross-entropy of the softmax; either averaged over the batch.
    """

    def __init__(self, net: nn.Sequential, least_squares: bool = False):
        layers = list(net)
        start = len(layers)
        while start > 0 and isinstance(layers[start - 1], _DENSE):
            start -= 1
        self.head = nn.Sequential(*layers[:start])
        self.tail = layers[start:]
        self.head_params = [p for p in self.head.parameters() if p.requires_grad]
        self.least_squares = least_squares
        # The input's gradient of a dense layer is needed only where parameters lie before it.
        self.need_input = [bool(self.head_params) or any(isinstance(l, nn.Linear) for l in self.tail[:i])
                           for i in range(len(self.tail))]
        #: The NumPy layers of a CPU float32 network (None: the torch path).
        self.cpu = cpu_layers(net)
        self.cpu_need_input = [any(l.params for l in self.cpu[:i]) for i in range(len(self.cpu))] if self.cpu else None

    def step(self, x: torch.Tensor, target: torch.Tensor, lr: float) -> None:
        """One SGD step on the batch x (B, ...) with class indices ``target`` (B,)."""
        if self.cpu is not None and x.device.type == "cpu":
            return self.step_arrays(x.detach().numpy(), target.numpy(), lr)
        if self.head_params:
            with torch.enable_grad():
                head_out = self.head(x)
            h = head_out.detach()
        else:
            head_out = None
            with torch.no_grad():
                h = self.head(x)
        with torch.no_grad():
            delta = self._tail_torch(h, target, lr)
        if head_out is not None:
            grads = torch.autograd.grad(head_out, self.head_params, delta)
            with torch.no_grad():
                for p, g in zip(self.head_params, grads):
                    p.sub_(g, alpha=lr)

    def _tail_torch(self, h, target, lr):
        saved = []
        for layer in self.tail:
            saved.append(h)
            if isinstance(layer, nn.Linear):
                h = torch.addmm(layer.bias, h, layer.weight.T)
            elif isinstance(layer, nn.ReLU):
                h = torch.relu(h)
            else:
                h = layer(h)
        rows = torch.arange(len(target), device=h.device)
        if self.least_squares:  # d/ds of mean_b Σ_c (s − onehot)²
            delta = 2.0 * h
            delta[rows, target] -= 2.0
        else:  # d/ds of mean_b cross-entropy
            delta = torch.softmax(h, dim=1)
            delta[rows, target] -= 1.0
        delta /= len(target)
        for i in range(len(self.tail) - 1, -1, -1):
            layer, inp = self.tail[i], saved[i]
            if isinstance(layer, nn.Linear):
                back = delta @ layer.weight if self.need_input[i] else None  # before the weight changes
                layer.weight.addmm_(delta.T, inp, alpha=-lr)
                layer.bias.sub_(delta.sum(dim=0), alpha=lr)
                delta = back
            elif isinstance(layer, nn.ReLU):
                delta = delta * (inp > 0)
            else:
                delta = delta.reshape(inp.shape)
            if delta is None:
                break
        return delta

    def step_arrays(self, x: np.ndarray, target: np.ndarray, lr: float) -> None:
        """:meth:`step` on NumPy arrays (float32 x, integer target), on the NumPy layers.

        Only for a CPU float32 network (``self.cpu`` is not None; see
        :mod:`movesig.models._cpu_layers`): a training loop that keeps its data in NumPy
        saves the tensor indexing and conversions of every step.
        """
        h = x
        saved = []
        for layer in self.cpu:
            saved.append(h)
            h = layer.forward(h)
        rows, t = np.arange(len(h)), target
        if self.least_squares:
            delta = 2.0 * h
            delta[rows, t] -= 2.0
        else:
            delta = np.exp(h - h.max(axis=1, keepdims=True))
            delta /= delta.sum(axis=1, keepdims=True)
            delta[rows, t] -= 1.0
        delta /= np.float32(len(h))
        for i in range(len(self.cpu) - 1, -1, -1):
            delta = self.cpu[i].backward(delta, saved[i], lr, self.cpu_need_input[i])
            if delta is None:
                break
