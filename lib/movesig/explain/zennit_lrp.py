"""LRP of torch models with zennit (the LRP library of the papers' group): the rules by name, and one attribution call."""

from __future__ import annotations

import numpy as np

__all__ = ["RULES", "composite", "epsilon_composite", "lrp_zennit"]


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


def _alpha2beta1(epsilon: float = 1e-5):
    from zennit.composites import EpsilonAlpha2Beta1

    return EpsilonAlpha2Beta1(epsilon=epsilon)


#: LRP rules by name -> composite factory ``f(epsilon)``: ``"epsilon"``, the ε-rule in every
#: layer; ``"alpha2beta1"``, zennit's own ``EpsilonAlpha2Beta1`` (α = 2, β = 1 on
#: convolutions, ε on dense layers).
RULES = {"epsilon": epsilon_composite, "alpha2beta1": _alpha2beta1}


def composite(rule: str, epsilon: float = 1e-5):
    """The zennit composite of a rule of :data:`RULES`."""
    if rule not in RULES:
        raise ValueError(f"unknown LRP rule {rule!r}; choose one of {', '.join(RULES)}")
    return RULES[rule](epsilon)


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
