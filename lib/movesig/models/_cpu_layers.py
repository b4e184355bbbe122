"""A network's layers as NumPy views of its CPU weights, differentiated by hand: the SGD step of :class:`~movesig.models._sgd.FusedSGD` on a CPU.

Every layer has ``forward(a)`` and ``backward(delta, a, lr, need_input)``: the gradient of
its input (None where nothing before it learns), computed with the weights before the
step, then the SGD update of its own weights, in place. The views share memory with the
torch module, so the update is the module's. Activations between convolutions are kept
channels-last, (B, H, W, C), which makes every convolution one matrix product.

Why not torch on a CPU, at the paper's batch of 5 trials:

- Dense layers: MKL (torch's BLAS) multiplies 5 rows at the speed of five matrix-vector
  products. OpenBLAS on row blocks of :data:`BLOCK_FLOATS` weights, small enough to stay in
  a core's L2 cache while its 5 rows are multiplied, and with the input gradient and the
  update of a block in one pass, is faster (``bench/gait_models.py`` times the steps).
- Convolutions: as patches × filters (im2col), the weight gradient one product and the
  input gradient one product per kernel position, against autograd and torch's kernels
  (the same table).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn
from scipy.linalg.blas import sgemm

from ._layers import AddChannel

__all__ = ["BLOCK_FLOATS", "cpu_layers"]

#: Weights (float32) per row block of a dense layer: 512 KB, half the L2 cache of a current
#: server core (a block twice as large no longer fits). A fixed constant, not read from the
#: machine: the input gradient is summed over blocks, and that order of float sums must not
#: change with a machine's cache.
BLOCK_FLOATS = 131072


def _view(p: torch.Tensor) -> np.ndarray:
    return p.detach().numpy()


class _Dense:
    """``nn.Linear``: a (B, n_in) -> a Wᵀ + b (B, n_out), in row blocks of ≤ :data:`BLOCK_FLOATS` weights."""

    params = True

    def __init__(self, layer: nn.Linear):
        self.weight, self.bias = _view(layer.weight), _view(layer.bias)  # (n_out, n_in), C order
        n_out, n_in = self.weight.shape
        rows = max(1, BLOCK_FLOATS // n_in)
        self.blocks = [slice(s, min(s + rows, n_out)) for s in range(0, n_out, rows)]
        self.rows = [self.weight[r] for r in self.blocks]  # (rows, n_in), C order
        self.rows_t = [w.T for w in self.rows]  # (n_in, rows), Fortran order: BLAS updates it in place

    def forward(self, a):
        out = np.empty((self.weight.shape[0], len(a)), np.float32)
        a_t = a.T
        for w, r in zip(self.rows, self.blocks):
            np.matmul(w, a_t, out=out[r])
        out = out.T
        out += self.bias
        return out

    def backward(self, delta, a, lr, need_input):
        a_t = np.ascontiguousarray(a, dtype=np.float32).T  # (n_in, B), Fortran order
        back = np.zeros((self.weight.shape[1], len(delta)), np.float32, order="F") if need_input else None
        for w_t, r in zip(self.rows_t, self.blocks):
            d_t = np.asfortranarray(delta[:, r].T, dtype=np.float32)  # (rows, B); BLAS is slower on a transposed B
            if need_input:  # back += W_rᵀ δ_rᵀ, while W_r is in cache
                sgemm(1.0, w_t, d_t, beta=1.0, c=back, overwrite_c=True)
            sgemm(-lr, a_t, d_t, beta=1.0, c=w_t, trans_b=True, overwrite_c=True)  # W_rᵀ ← W_rᵀ − lr aᵀ δ_r, in place
        self.bias -= np.float32(lr) * delta.sum(axis=0, dtype=np.float32)
        return None if back is None else back.T


class _Conv:
    """``nn.Conv2d`` (stride 1, no padding): channels-last a (B, H, W, C) -> (B, H', W', F), as patches × filters.

    A patch is ordered (kernel row, kernel column, channel): it is copied from the input as
    kh·kw runs of C contiguous values (numpy copies torch's (channel, row, column) order
    value by value, 3 times slower), and the filters are reordered to match.
    """

    params = True

    def __init__(self, layer: nn.Conv2d):
        self.weight, self.bias = _view(layer.weight), _view(layer.bias)  # (F, C, kh, kw)
        self.kernel = layer.kernel_size
        self.cols = self.matrix = None

    def forward(self, a):
        (kh, kw), (b, h, w, c) = self.kernel, a.shape
        h, w = h - kh + 1, w - kw + 1
        cols = np.empty((b, h, w, kh, kw, c), np.float32)
        for i in range(kh):
            for j in range(kw):
                cols[:, :, :, i, j] = a[:, i:i + h, j:j + w]
        self.cols = cols.reshape(b * h * w, -1)  # (B·H'·W', kh·kw·C)
        self.matrix = self.weight.transpose(0, 2, 3, 1).reshape(len(self.weight), -1)  # (F, kh·kw·C), a copy
        out = self.cols @ self.matrix.T
        out += self.bias
        return out.reshape(b, h, w, -1)

    def backward(self, delta, a, lr, need_input):
        d = delta.reshape(-1, delta.shape[-1])  # (B·H'·W', F)
        back = None
        if need_input:  # one (B·H'·W', C) block per kernel position, each contiguous: added 2 times faster
            (kh, kw), (b, h, w), c = self.kernel, delta.shape[:3], a.shape[3]
            filters = self.matrix.reshape(len(self.matrix), kh * kw, c).transpose(1, 0, 2)  # (kh·kw, F, C)
            cols = np.matmul(d, filters).reshape(kh, kw, b, h, w, c)
            back = np.zeros(a.shape, np.float32)
            for i in range(kh):
                for j in range(kw):
                    back[:, i:i + h, j:j + w] += cols[i, j]
        grad = (d.T @ self.cols).reshape(len(self.weight), *self.kernel, -1)  # (F, kh, kw, C)
        self.weight -= np.float32(lr) * grad.transpose(0, 3, 1, 2)
        self.bias -= np.float32(lr) * d.sum(axis=0, dtype=np.float32)
        return back


class _ReLU:
    params = False

    def forward(self, a):
        return np.maximum(a, np.float32(0))

    def backward(self, delta, a, lr, need_input):
        return delta * (a > 0) if need_input else None


class _AddChannel:
    """(B, C, T) -> channels-last (B, C, T, 1)."""

    params = False

    def forward(self, a):
        return a[..., None]

    def backward(self, delta, a, lr, need_input):
        return delta[..., 0] if need_input else None


class _Flatten:
    """(B, ...) -> (B, n) in torch's order: after ``AddChannel``, a channels-last (B, H, W, F) as (B, F, H, W)."""

    params = False

    def __init__(self, channels_last: bool):
        self.channels_last = channels_last

    def forward(self, a):
        return (a.transpose(0, 3, 1, 2) if self.channels_last else a).reshape(len(a), -1)

    def backward(self, delta, a, lr, need_input):
        if not need_input:
            return None
        if self.channels_last:
            b, h, w, f = a.shape
            return delta.reshape(b, f, h, w).transpose(0, 2, 3, 1)
        return delta.reshape(a.shape)


def _supported(layer: nn.Module) -> bool:
    if isinstance(layer, (nn.ReLU, AddChannel)):
        return True
    if isinstance(layer, nn.Flatten):
        return layer.start_dim == 1 and layer.end_dim == -1
    if isinstance(layer, nn.Conv2d) and not (layer.stride == (1, 1) and layer.dilation == (1, 1)
                                             and layer.groups == 1 and layer.padding in ((0, 0), "valid")):
        return False
    if not isinstance(layer, (nn.Linear, nn.Conv2d)) or layer.bias is None:
        return False
    return all(p.device.type == "cpu" and p.dtype == torch.float32 and p.is_contiguous() for p in layer.parameters())


def cpu_layers(net: nn.Sequential) -> list | None:
    """The layers of ``net`` as NumPy layers; None where one is not supported or not a CPU float32 layer.

    Supported: ``AddChannel`` (first), ``Conv2d`` (stride 1, no padding, with bias), ``ReLU``,
    ``Flatten``, ``Linear`` (with bias): the networks of
    :func:`~movesig.models.networks.build_network`.
    """
    layers = list(net)
    if not layers or not all(map(_supported, layers)):
        return None
    convs = [i for i, l in enumerate(layers) if isinstance(l, nn.Conv2d)]
    if convs and not (isinstance(layers[0], AddChannel) and all(
            isinstance(l, (nn.Conv2d, nn.ReLU)) for l in layers[1:convs[-1] + 1])):
        return None  # a convolution needs the channels-last image AddChannel starts

    def convert(i, layer):
        if isinstance(layer, nn.Linear):
            return _Dense(layer)
        if isinstance(layer, nn.Conv2d):
            return _Conv(layer)
        if isinstance(layer, nn.Flatten):
            return _Flatten(channels_last=any(isinstance(l, AddChannel) for l in layers[:i]))
        return _ReLU() if isinstance(layer, nn.ReLU) else _AddChannel()

    return [convert(i, layer) for i, layer in enumerate(layers)]
