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
  it (convolutions) keep autograd and plain SGD. Measured on one thread, GaitRec
  (6 × 101 inputs, 194 persons), ms per step against autograd + ``torch.optim.SGD``:
  MLP (3, 1024) 2.6 against 4.7, MLP (3, 256) 0.34 against 0.59, MLP (3, 64) 0.17
  against 0.38.
- On a CPU the dense part runs on NumPy's and SciPy's BLAS (OpenBLAS) in row blocks of
  :data:`BLOCK_FLOATS` weights (:class:`_DenseBlocks`): a block stays in a core's L2 cache
  while its 5 rows are multiplied, and the gradient of the input and the update of a block
  share one pass. MKL (torch's BLAS) multiplies a batch of 5 rows at the speed of five
  matrix-vector products; blocked OpenBLAS did MLP (3, 1024)'s step in 0.85 against 2.3 ms
  (MLP (3, 256) 0.18 against 0.37, MLP (3, 64) 0.065 against 0.19).
- :func:`forward`: oneDNN computes a convolution with one input channel slowly (CNN-C3's
  first 3 × 3 convolution took 29 of 81 ms for 512 GaitRec trials); as patches times
  filters (``unfold`` + ``addmm``) it takes 9 ms, and the whole network scores 1.9× faster.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn
from scipy.linalg.blas import sgemm

__all__ = ["BLOCK_FLOATS", "FusedSGD", "forward"]

_DENSE = (nn.Linear, nn.ReLU, nn.Flatten)
#: Weights (float32) per row block of a dense layer on a CPU: 512 KB, half the L2 cache of a
#: current server core. Measured on one core (1 MB L2), MLP (3, 1024) step: 0.85 ms at this
#: size, 0.89 at half, 2.3 at twice (a block no longer fits) and 1.2 at a quarter. A fixed
#: constant, not read from the machine: the order of the float sums must not depend on it.
BLOCK_FLOATS = 131072


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
        The scores; a leading ``AddChannel`` + one-input-channel ``Conv2d`` is computed as
        patches (n, H, W, kh·kw) times filters, its output kept channels-last.
    """
    from .networks import AddChannel

    layers = list(net)
    if len(layers) < 2 or not isinstance(layers[0], AddChannel) or not isinstance(layers[1], nn.Conv2d) \
            or not _patch_conv(layers[1]) or x.device.type != "cpu":
        return net(x)
    conv = layers[1]
    kh, kw = conv.kernel_size
    patches = x.unfold(1, kh, 1).unfold(2, kw, 1)  # (n, H, W, kh, kw), a view
    n, h, w = patches.shape[:3]
    out = torch.addmm(conv.bias, patches.reshape(-1, kh * kw), conv.weight.reshape(conv.out_channels, -1).T)
    h_ = out.reshape(n, h, w, conv.out_channels).permute(0, 3, 1, 2)  # (n, F, H, W), channels-last in memory
    for layer in layers[2:]:
        h_ = layer(h_)
    return h_


class _DenseBlocks:
    """A CPU ``nn.Linear`` (float32) as NumPy views of its weight, in row blocks of ≤ :data:`BLOCK_FLOATS`.

    The views share memory with the layer: updating them updates the network.
    """

    def __init__(self, layer: nn.Linear):
        self.weight = layer.weight.detach().numpy()  # (n_out, n_in), C order
        self.bias = layer.bias.detach().numpy()
        n_out, n_in = self.weight.shape
        rows = max(1, BLOCK_FLOATS // n_in)
        self.blocks = [slice(s, min(s + rows, n_out)) for s in range(0, n_out, rows)]
        self.rows = [self.weight[r] for r in self.blocks]  # (rows, n_in), C order
        self.rows_t = [w.T for w in self.rows]  # (n_in, rows), Fortran order: BLAS updates it in place

    @staticmethod
    def fits(layer: nn.Module) -> bool:
        w = layer.weight
        return w.device.type == "cpu" and w.dtype == torch.float32 and w.is_contiguous() and \
            layer.bias is not None and layer.bias.is_contiguous()

    def forward(self, a: np.ndarray) -> np.ndarray:
        """a (B, n_in) -> a Wᵀ + b, shape (B, n_out)."""
        out = np.empty((self.weight.shape[0], len(a)), np.float32)
        a_t = a.T
        for w, r in zip(self.rows, self.blocks):
            np.matmul(w, a_t, out=out[r])
        out = out.T
        out += self.bias
        return out

    def backward_update(self, delta: np.ndarray, a: np.ndarray, lr: float, need_input: bool):
        """δ W (B, n_in) with the weights before the step, or None; then W ← W − lr δᵀa, b ← b − lr Σ δ."""
        a_t = np.ascontiguousarray(a, dtype=np.float32).T  # (n_in, B), Fortran order
        back = np.zeros((self.weight.shape[1], len(delta)), np.float32, order="F") if need_input else None
        for w_t, r in zip(self.rows_t, self.blocks):
            d_t = np.asfortranarray(delta[:, r].T, dtype=np.float32)  # (rows, B); BLAS is slower on a transposed B here
            if need_input:  # back += W_rᵀ δ_rᵀ, while W_r is in cache
                sgemm(1.0, w_t, d_t, beta=1.0, c=back, overwrite_c=True)
            sgemm(-lr, a_t, d_t, beta=1.0, c=w_t, trans_b=True, overwrite_c=True)  # W_rᵀ ← W_rᵀ − lr aᵀ δ_r, in place
        self.bias -= np.float32(lr) * delta.sum(axis=0, dtype=np.float32)
        return None if back is None else back.T


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
        flat = all(l.start_dim == 1 and l.end_dim == -1 for l in self.tail if isinstance(l, nn.Flatten))
        dense = [l for l in self.tail if isinstance(l, nn.Linear)]
        self.blocks = {id(l): _DenseBlocks(l) for l in dense} if flat and all(map(_DenseBlocks.fits, dense)) else None

    def step(self, x: torch.Tensor, target: torch.Tensor, lr: float) -> None:
        """One SGD step on the batch x (B, ...) with class indices ``target`` (B,)."""
        if self.head_params:
            with torch.enable_grad():
                head_out = self.head(x)
            h = head_out.detach()
        else:
            head_out = None
            with torch.no_grad():
                h = self.head(x)
        with torch.no_grad():
            if self.blocks is not None:
                delta = self._tail_numpy(h, target, lr)
            else:
                delta = self._tail_torch(h, target, lr)
        if head_out is not None:
            grads = torch.autograd.grad(head_out, self.head_params, delta.reshape(head_out.shape))
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

    def _tail_numpy(self, h, target, lr):
        """:meth:`_tail_torch` on NumPy views of the CPU weights, the products blocked (see :class:`_DenseBlocks`)."""
        h = h.numpy()
        saved = []
        for layer in self.tail:
            saved.append(h)
            if isinstance(layer, nn.Linear):
                h = self.blocks[id(layer)].forward(h)
            elif isinstance(layer, nn.ReLU):
                h = np.maximum(h, np.float32(0))
            else:
                h = h.reshape(len(h), -1)
        rows, t = np.arange(len(h)), target.numpy()
        if self.least_squares:
            delta = 2.0 * h
            delta[rows, t] -= 2.0
        else:
            delta = np.exp(h - h.max(axis=1, keepdims=True))
            delta /= delta.sum(axis=1, keepdims=True)
            delta[rows, t] -= 1.0
        delta /= np.float32(len(h))
        for i in range(len(self.tail) - 1, -1, -1):
            layer, inp = self.tail[i], saved[i]
            if isinstance(layer, nn.Linear):
                delta = self.blocks[id(layer)].backward_update(delta, inp, lr, self.need_input[i])
            elif isinstance(layer, nn.ReLU):
                delta = delta * (inp > 0)
            else:
                delta = delta.reshape(inp.shape)
            if delta is None:
                return None
        return torch.from_numpy(np.ascontiguousarray(delta, dtype=np.float32))
