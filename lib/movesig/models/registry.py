"""The models of Horst et al. (2019) by name: one spec per model, filled by :func:`register_model`.

A spec is data (name, label, factory, LRP rules, default input scaling, training cost),
as zennit's ``COMPOSITES`` registry is for composites: a new model is one call to
:func:`register_model`, and the tests parametrise over :data:`MODELS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .linear import LinearSVM
from .networks import NetworkClassifier

__all__ = ["MODELS", "ModelSpec", "make_model", "register_model"]


@dataclass(frozen=True)
class ModelSpec:
    """One model of the registry.

    Attributes
    ----------
    name : str
        Key used in parameters and file names, e.g. ``"svm_c0.1"``.
    label : str
        As the paper writes it, e.g. ``"Linear SVM (C = 0.1)"``.
    factory : callable
        ``factory(iterations=..., standardise=..., random_state=..., device=...)`` returns an
        unfitted estimator (arguments a model has no use for are ignored).
    rules : tuple of str
        LRP rules explained for the true class (``"epsilon"`` first).
    scaling : str
        Default input scaling (:class:`~movesig.models.ChannelScaler` mode).
    cost : float
        Rough training cost (GaitRec, ms per SGD step on one CPU thread); the dearest tasks start first.
    uses_validation : bool
        Whether ``fit`` takes the validation chunk (networks keep their best parameters on it).
    """

    name: str
    label: str
    factory: Callable
    rules: tuple[str, ...] = ("epsilon",)
    scaling: str = "feature"
    cost: float = 0.1
    uses_validation: bool = False

    def make(self, iterations: int = 10000, standardise: str | None = None, random_state=None, device: str = "cpu"):
        """An unfitted estimator; ``standardise`` None means this model's default :attr:`scaling`."""
        return self.factory(iterations=iterations, standardise=standardise or self.scaling,
                            random_state=random_state, device=device)


#: Every registered model, in the order of the paper's tables.
MODELS: dict[str, ModelSpec] = {}


def register_model(spec: ModelSpec) -> ModelSpec:
    """Add ``spec`` to :data:`MODELS` (a name may be registered once)."""
    if spec.name in MODELS:
        raise ValueError(f"model {spec.name!r} is already registered")
    MODELS[spec.name] = spec
    return spec


def _svm(C, iterations, standardise, random_state, device):
    return LinearSVM(C=C, standardise=standardise, random_state=random_state)


def _network(architecture, hidden, iterations, standardise, random_state, device):
    return NetworkClassifier(architecture, hidden=hidden, iterations=iterations, standardise=standardise,
                             random_state=random_state, device=device)


for _C in (0.1, 1, 10):
    register_model(ModelSpec(f"svm_c{_C:g}", f"Linear SVM (C = {_C:g})", partial(_svm, float(_C))))

# The linear model trained by SGD on least squares gets every channel min-max scaled to
# [-1, 1] (the range of the paper's inputs): on z-scored GaitRec trials (606 values) a step
# of 0.005 on the squared loss overshoots (0.005 · ‖x‖² ≈ 3 > 2) and training diverges
# (fold 0: 3.6 % against 95.4 % accuracy), while the MLPs learn far slower on [-1, 1]
# inputs (MLP (3, 256), fold 0: 27 % against 85 %). Every other model z-scores each value.
for _name, _label, _arch, _hidden, _cost, _scaling in [
    ("linear_sgd", "Linear (SGD)", "linear", 256, 0.65, "range"),
    ("mlp_64", "MLP (3, 64)", "mlp", 64, 0.7, "feature"),
    ("mlp_256", "MLP (3, 256)", "mlp", 256, 0.9, "feature"),
    ("mlp_1024", "MLP (3, 1024)", "mlp", 1024, 3.4, "feature"),
    ("cnn_a", "CNN-A", "cnn_a", 256, 1.9, "feature"),
    ("cnn_c3", "CNN-C3", "cnn_c3", 256, 3.6, "feature"),
]:
    register_model(ModelSpec(_name, _label, partial(_network, _arch, _hidden),
                             rules=("epsilon", "alpha2beta1") if _arch.startswith("cnn") else ("epsilon",),
                             scaling=_scaling, cost=_cost, uses_validation=True))


def make_model(name: str, iterations: int = 10000, standardise: str | None = None, random_state=None,
               device: str = "cpu"):
    """An unfitted model of :data:`MODELS` (see :meth:`ModelSpec.make`)."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(MODELS)}")
    return MODELS[name].make(iterations, standardise, random_state, device)
