"""The rules of the estimators' parameters, declared once, in scikit-learn's ``_parameter_constraints`` vocabulary.

Each rule is written here and nowhere else: the estimators declare them in
``_parameter_constraints`` and check them in ``fit`` (``_validate_params``), the solvers
check the same objects, and the study parameters and the command line derive their bounds
from them (:func:`bounds`), so that a value refused by one is refused by all, in the same
words.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

from sklearn.utils._param_validation import InvalidParameterError, Interval, StrOptions, validate_parameter_constraints

from ._base import STANDARDISE_MODES

__all__ = ["ARCHITECTURES", "CONVOLUTIONAL", "C_RANGE", "InvalidParameterError", "LINEAR_SVM", "LINEAR_SVM_SOLVERS",
           "NETWORK", "bounds", "check_parameter"]

#: Regularisation strength of an SVM: above 0 and finite (the only place this rule is written).
C_RANGE = Interval(Real, 0, math.inf, closed="neither")
#: Solvers of :class:`~movesig.models.LinearSVM`.
LINEAR_SVM_SOLVERS = ("auto", "gram", "primal", "liblinear")

#: :class:`~movesig.models.LinearSVM`'s rules.
LINEAR_SVM = {
    "C": [C_RANGE],
    "standardise": [StrOptions(set(STANDARDISE_MODES))],
    "tol": [Interval(Real, 0, None, closed="neither")],
    "max_iter": [Interval(Integral, 1, None, closed="left")],
    "dual": ["boolean", StrOptions({"auto"})],
    "random_state": ["random_state"],
    "solver": [StrOptions(set(LINEAR_SVM_SOLVERS))],
    "n_jobs": [Integral, None],
}


#: The networks of :func:`~movesig.models.networks.build_network`.
ARCHITECTURES = ("linear", "mlp", "cnn_a", "cnn_c3")
#: The convolutional ones: scored in smaller chunks, trained with early stopping.
CONVOLUTIONAL = ("cnn_a", "cnn_c3")
_AT_LEAST_ONE = Interval(Integral, 1, None, closed="left")

#: :class:`~movesig.models.NetworkClassifier`'s rules.
NETWORK = {
    "architecture": [StrOptions(set(ARCHITECTURES))],
    "hidden": [_AT_LEAST_ONE],
    "learning_rates": ["array-like"],
    "iterations": [_AT_LEAST_ONE],
    "batch_size": [_AT_LEAST_ONE],
    "check_every": [_AT_LEAST_ONE],
    "patience": [_AT_LEAST_ONE, None],
    "standardise": [StrOptions(set(STANDARDISE_MODES))],
    "random_state": ["random_state"],
    "device": [str],
    "n_threads": [_AT_LEAST_ONE],
}


def check_parameter(name: str, value, constraints: list, caller: str) -> None:
    """Raise :class:`InvalidParameterError` (a ValueError) unless ``value`` meets one of ``constraints``."""
    validate_parameter_constraints({name: constraints}, {name: value}, caller_name=caller)


def bounds(estimator, name: str) -> dict:
    """``{"low", "high", "low_open"}`` of a numeric parameter of ``estimator`` (a class with ``_parameter_constraints``).

    For study parameters and command-line options, so that they refuse what the estimator
    refuses before any kernel starts.
    """
    interval = next(c for c in estimator._parameter_constraints[name] if isinstance(c, Interval))
    high = None if interval.right is None or math.isinf(interval.right) else interval.right  # study floats are finite
    return {"low": interval.left, "high": high, "low_open": interval.closed in ("neither", "right")}
