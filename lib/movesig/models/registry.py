"""The models of Horst et al. (2019) by name: one spec per model, filled by :func:`register_model`.

A spec is data (name, label, estimator family and its parameters, LRP rules, default input
scaling, training cost), as zennit's ``COMPOSITES`` registry is for composites: a new model
is one call to :func:`register_model`, every chapter's default model list is
:data:`MODELS`, and the tests parametrise over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .linear import LinearSVM
from .networks import NetworkClassifier, input_problem

__all__ = ["FAMILIES", "MODELS", "ModelSpec", "make_estimator", "make_model", "register_model"]

#: Estimator families by name: every estimator of the study is built from one of them.
FAMILIES: dict[str, type] = {"linear_svm": LinearSVM, "network": NetworkClassifier}


def make_estimator(family: str, **params):
    """An unfitted estimator of ``family`` (:data:`FAMILIES`) with ``params`` (checked by the estimator's ``fit``).

    The chapters' own linear SVMs (a C and a scaling of the chapter's parameters) are built
    here, the paper's named models by :func:`make_model`.
    """
    if family not in FAMILIES:
        raise ValueError(f"unknown estimator family {family!r}; choose from {', '.join(FAMILIES)}")
    return FAMILIES[family](**params)


@dataclass(frozen=True)
class ModelSpec:
    """One model of the registry: everything the study knows about it, in one place.

    Attributes
    ----------
    name : str
        Key used in parameters, metrics and file names, e.g. ``"svm_c0.1"`` (a name is a
        key, never parsed: its C is in :attr:`params`).
    label : str
        As the paper writes it, e.g. ``"Linear SVM (C = 0.1)"``.
    family : str
        Key of :data:`FAMILIES`.
    params : dict
        The family's parameters that make this model (``{"C": 0.1}``, ``{"architecture":
        "mlp", "hidden": 64}``).
    rules : tuple of str
        LRP rules explained for the true class (``"epsilon"`` first).
    standardise : str
        Default input scaling (the estimators' ``standardise``, a :class:`~movesig.models.ChannelScaler` mode).
    cost : float
        Rough training cost (GaitRec, ms per SGD step on one CPU thread); the dearest tasks start first.
    uses_validation : bool
        Whether ``fit`` takes the validation chunk (networks keep their best parameters on it).
    linear : bool
        Whether its score is linear in its (scaled) input: the relevance shares of a linear
        model can be refitted under another scaling in seconds (:attr:`refit_cheaply`).
    """

    name: str
    label: str
    family: str
    params: dict = field(default_factory=dict)
    rules: tuple[str, ...] = ("epsilon",)
    standardise: str = "feature"
    cost: float = 0.1
    uses_validation: bool = False
    linear: bool = False

    @property
    def refit_cheaply(self) -> bool:
        """Whether the model is fitted exactly without SGD (seconds, not minutes): the linear SVMs."""
        return self.family == "linear_svm"

    def input_problem(self, n_channels: int, n_times: int) -> str | None:
        """Why trials of shape (n_channels, n_times) cannot enter this model (a network's kernels), or None."""
        if self.family == "network":
            return input_problem(self.params["architecture"], n_channels, n_times)
        return None

    def make(self, iterations: int = 10000, standardise: str | None = None, random_state=None, device: str = "cpu"):
        """An unfitted estimator; ``standardise`` None means this model's default :attr:`standardise`.

        The run's options a family has no use for (an SVM's ``iterations`` and ``device``) are not passed.
        """
        options = {"iterations": iterations, "standardise": standardise or self.standardise,
                   "random_state": random_state, "device": device}
        accepted = FAMILIES[self.family]._get_param_names()
        return make_estimator(self.family, **self.params, **{k: v for k, v in options.items() if k in accepted})


#: Every registered model, in the order of the paper's tables.
MODELS: dict[str, ModelSpec] = {}


def register_model(spec: ModelSpec) -> ModelSpec:
    """Add ``spec`` to :data:`MODELS` (a name may be registered once)."""
    if spec.name in MODELS:
        raise ValueError(f"model {spec.name!r} is already registered")
    if spec.family not in FAMILIES:
        raise ValueError(f"model {spec.name!r}: unknown family {spec.family!r}; choose from {', '.join(FAMILIES)}")
    MODELS[spec.name] = spec
    return spec


for _C in (0.1, 1, 10):
    register_model(ModelSpec(f"svm_c{_C:g}", f"Linear SVM (C = {_C:g})", "linear_svm", {"C": float(_C)},
                             linear=True))

# The linear model trained by SGD on least squares gets every channel min-max scaled to
# [-1, 1] (the range of the paper's inputs): on z-scored GaitRec trials (606 values) a step
# of 0.005 on the squared loss overshoots (0.005 · ‖x‖² ≈ 3 > 2) and training diverges,
# while the MLPs learn far slower on [-1, 1] inputs. Every other model z-scores each value.
register_model(ModelSpec("linear_sgd", "Linear (SGD)", "network", {"architecture": "linear", "hidden": 256},
                         standardise="range", cost=0.65, uses_validation=True, linear=True))
for _hidden, _cost in ((64, 0.7), (256, 0.9), (1024, 3.4)):
    register_model(ModelSpec(f"mlp_{_hidden}", f"MLP (3, {_hidden})", "network",
                             {"architecture": "mlp", "hidden": _hidden}, cost=_cost, uses_validation=True))
for _name, _label, _cost in (("cnn_a", "CNN-A", 1.9), ("cnn_c3", "CNN-C3", 3.6)):
    register_model(ModelSpec(_name, _label, "network", {"architecture": _name, "hidden": 256},
                             rules=("epsilon", "alpha2beta1"), cost=_cost, uses_validation=True))


def make_model(name: str, iterations: int = 10000, standardise: str | None = None, random_state=None,
               device: str = "cpu"):
    """An unfitted model of :data:`MODELS` (see :meth:`ModelSpec.make`)."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(MODELS)}")
    return MODELS[name].make(iterations, standardise, random_state, device)
