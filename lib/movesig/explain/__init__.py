"""Explanations: Layer-wise Relevance Propagation, directly for linear models and with zennit."""

from .linear import LinearRelevance, lrp_linear
from .lrp import lrp_zennit

__all__ = ["LinearRelevance", "lrp_linear", "lrp_zennit"]
