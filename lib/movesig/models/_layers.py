"""The torch layers of the networks beyond ``torch.nn``, shared by the networks and their CPU arithmetic.

:mod:`~movesig.models.networks` builds networks of them; :mod:`~movesig.models._sgd` and
:mod:`~movesig.models._cpu_layers` recognise them. Imports run one way: networks ->
_sgd -> _cpu_layers -> _layers.
"""

from __future__ import annotations

import torch.nn as nn

__all__ = ["AddChannel"]


class AddChannel(nn.Module):
    """(n, C, T) -> (n, 1, C, T): a trial as a one-channel image (module level, so fitted networks pickle)."""

    def forward(self, x):
        return x.unsqueeze(1)
