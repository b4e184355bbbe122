"""Explanations: Layer-wise Relevance Propagation, directly for linear models and with zennit for networks."""

from .attributions import METHODS, attribute
from .linear import LinearRelevance, lrp_linear
from .relevance import Explanation, relevance, rules_of
from .zennit_lrp import RULES, composite, lrp_zennit

__all__ = ["METHODS", "attribute", "RULES", "Explanation", "LinearRelevance", "composite", "lrp_linear", "lrp_zennit", "relevance",
           "rules_of"]
