"""LRP of torch models with zennit (the LRP library of the papers' group)."""

from __future__ import annotations

import numpy as np

__all__ = ["lrp_zennit", "epsilon_composite", "alpha_beta_composite"]


def epsilon_composite(epsilon: float = 1e-5):
    """zennit composite with the ε-rule on every linear and convolutional layer."""
    import torch
    from zennit.composites import LayerMapComposite
    from zennit.rules import Epsilon, Pass

    return LayerMapComposite(
        layer_map=[
            (torch.nn.ReLU, Pass()),
            ((torch.nn.Linear, torch.nn.Conv1d, torch.nn.Conv2d), Epsilon(epsilon=epsilon)),
        ]
    )


def alpha_beta_composite(epsilon: float = 1e-5, alpha: float = 2.0, beta: float = 1.0):
    """zennit composite: α-β rule (α = 2, β = 1) on convolutions, ε-rule on dense layers."""
    import torch
    from zennit.composites import LayerMapComposite
    from zennit.rules import AlphaBeta, Epsilon, Pass

    return LayerMapComposite(
        layer_map=[
            (torch.nn.ReLU, Pass()),
            ((torch.nn.Conv1d, torch.nn.Conv2d), AlphaBeta(alpha=alpha, beta=beta)),
            (torch.nn.Linear, Epsilon(epsilon=epsilon)),
        ]
    )


def lrp_zennit(model, x, target, composite=None, epsilon: float = 1e-5, batch_size: int = 1024) -> np.ndarray:
    """Input relevance of ``model`` for the score of class ``target``, computed by zennit.

    Parameters
    ----------
    model : torch.nn.Module
        Maps input of shape (n, *input_shape) to pre-softmax scores (n, n_classes).
    x : ndarray of shape (n, *input_shape)
    target : ndarray of int, shape (n,)
        Class whose score is explained for every input.
    composite : zennit composite, optional
        Default: :func:`epsilon_composite` with ``epsilon``.
    batch_size : int
        Inputs per backward pass.

    Returns
    -------
    ndarray of shape (n, *input_shape)
        Relevance; sums over an input to its explained score (minus bias shares).
    """
    import torch
    from zennit.attribution import Gradient

    composite = composite or epsilon_composite(epsilon)
    param = next(model.parameters())
    out = []
    target = np.asarray(target)
    with Gradient(model=model, composite=composite) as attributor:
        for start in range(0, len(x), batch_size):
            xb = torch.as_tensor(np.asarray(x[start:start + batch_size]), dtype=param.dtype, device=param.device)
            tb = torch.as_tensor(target[start:start + batch_size], device=param.device)

            def from_score(output, tb=tb):
                return torch.nn.functional.one_hot(tb, output.shape[1]).to(output.dtype) * output

            _, relevance = attributor(xb, from_score)
            out.append(relevance.detach().cpu().numpy())
    return np.concatenate(out)
