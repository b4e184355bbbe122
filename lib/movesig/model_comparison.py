"""Which model recognises a person best, what its decisions rest on, and whether the explanations are faithful.

The models of Horst et al. (2019) (:data:`MODELS`) are cross-validated with the papers'
protocol (a validation chunk per fold, used by the networks to keep their best
parameters). For every test trial the fold's model is explained with LRP: the ε-rule from
the true person's pre-softmax score and from the predicted person's, and for the CNNs
also the composite with α = 2, β = 1 on convolutions. On the same test trials a
perturbation test adds Gaussian noise to a growing share of input values, in random order
and in order of relevance.

Data flow: :func:`evaluate_models` (every model and fold, one joblib task each) ->
:class:`ModelEvaluation` per model -> summaries (accuracy, conservation, AOPC) for the chapter.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone

from .models import LinearSVM, NetworkClassifier
from .perturbation import aopc, half_range, perturbation_curve
from .signatures import pearson_rows

__all__ = ["DEFAULT_FRACTIONS", "DEFAULT_SCALING", "MODELS", "NOISE_UNITS", "ModelEvaluation", "evaluate_model", "evaluate_models",
           "make_model", "rules_for"]

#: Models of the paper: name -> label as the paper writes it.
MODELS = {
    "svm_c0.1": "Linear SVM (C = 0.1)",
    "svm_c1": "Linear SVM (C = 1)",
    "svm_c10": "Linear SVM (C = 10)",
    "linear_sgd": "Linear (SGD)",
    "mlp_64": "MLP (3, 64)",
    "mlp_256": "MLP (3, 256)",
    "mlp_1024": "MLP (3, 1024)",
    "cnn_a": "CNN-A",
    "cnn_c3": "CNN-C3",
}

#: Network of each model that is not an SVM: (architecture, hidden width) for NetworkClassifier.
_NETWORKS = {"linear_sgd": ("linear", 256), "mlp_64": ("mlp", 64), "mlp_256": ("mlp", 256),
             "mlp_1024": ("mlp", 1024), "cnn_a": ("cnn_a", 256), "cnn_c3": ("cnn_c3", 256)}

#: Input scaling per model when none is forced. Every model but one gets each input value
#: z-scored over the training trials; the linear model trained by SGD on least squares gets
#: every channel min-max scaled to [-1, 1] (the range of the paper's inputs): on z-scored
#: GaitRec trials (606 values) a step of 0.005 on the squared loss overshoots
#: (0.005 · ‖x‖² ≈ 3 > 2) and training diverges (fold 0: 3.6 % against 95.4 % accuracy),
#: while the MLPs learn far slower on [-1, 1] inputs (MLP (3, 256), fold 0: 27 % against 85 %).
DEFAULT_SCALING = {name: ("range" if name == "linear_sgd" else "feature") for name in MODELS}

#: Units of the perturbation noise (see :func:`evaluate_model`).
NOISE_UNITS = ("feature_range", "channel_range", "scaled")

#: Shares of input values perturbed: the paper's 0, 5, 10, 20, 49 % and finer steps.
DEFAULT_FRACTIONS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.49)


def make_model(name: str, iterations: int = 10000, standardise: str | None = None, random_state=None,
               device: str = "cpu"):
    """An unfitted model of :data:`MODELS`.

    Parameters
    ----------
    name : str
        A key of :data:`MODELS`.
    iterations : int
        Most SGD steps per learning rate of the networks (10 000 in the paper).
    standardise : {"feature", "channel", "range", "none"}, optional
        Input scaling fitted on the training trials; default :data:`DEFAULT_SCALING`.
    random_state : int, optional
    device : str
        ``"cuda"`` to train the networks on a GPU.
    """
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(MODELS)}")
    standardise = standardise or DEFAULT_SCALING[name]
    if name not in _NETWORKS:
        return LinearSVM(C=float(name[len("svm_c"):]), standardise=standardise, random_state=random_state)
    architecture, hidden = _NETWORKS[name]
    return NetworkClassifier(architecture, hidden=hidden, iterations=iterations, standardise=standardise,
                             random_state=random_state, device=device)


def rules_for(name: str) -> tuple[str, ...]:
    """LRP rules explained for a model: ε everywhere; for the CNNs also α2β1 on convolutions."""
    return ("epsilon", "alpha2beta1") if name.startswith("cnn") else ("epsilon",)


@dataclass
class ModelEvaluation:
    """Cross-validated identification, explanations and perturbation test of one model.

    Attributes
    ----------
    name : str
    accuracy : ndarray of shape (n_folds,)
    fold : ndarray of shape (n_trials,)
        Fold that tested each trial (-1 if none).
    person : ndarray of shape (n_trials,)
        True person of each trial.
    predicted : ndarray of shape (n_trials,)
    relevance : dict of str -> ndarray of shape (n_trials, n_channels, n_times)
        ``"epsilon"`` (true person's score), ``"epsilon_predicted"`` (predicted person's),
        ``"alpha2beta1"`` (CNNs, true person's); relevance on the scaled input.
    conservation : dict of str -> ndarray of shape (n_trials,)
        |Σ R − z| / |z| per trial, z the explained pre-softmax score (what the biases
        absorb, plus the ε terms).
    fractions : ndarray of shape (n_fractions,)
    perturbation : dict of str -> ndarray of shape (n_folds, n_fractions)
        Accuracy per fold as the share ``fractions`` of input values is perturbed:
        ``"random"`` and ``"relevance (<rule>)"`` orders.
    fit_seconds : ndarray of shape (n_folds,)
    n_test : ndarray of shape (n_folds,)
        Test trials per fold.
    """

    name: str
    accuracy: np.ndarray
    fold: np.ndarray
    person: np.ndarray
    predicted: np.ndarray
    relevance: dict
    conservation: dict
    fractions: np.ndarray
    perturbation: dict
    fit_seconds: np.ndarray
    n_test: np.ndarray

    @staticmethod
    def key(order: str) -> str:
        """The name of an order in :meth:`summary`'s keys: ``"relevance (epsilon)"`` -> ``"relevance_epsilon"``."""
        return order.replace(" (", "_").replace(")", "")

    def curve(self, order: str) -> np.ndarray:
        """Perturbation curve pooled over folds (weighted by test trials), shape (n_fractions,)."""
        return np.average(self.perturbation[order], axis=0, weights=self.n_test)

    def relevance_below_random(self, at=(0.05, 0.1, 0.2)) -> dict[str, dict[float, bool]]:
        """Whether each relevance-ordered curve lies strictly below the random-order one at the shares ``at``.

        Returns
        -------
        dict of order -> dict of share -> bool
        """
        index = {}
        for a in at:
            hit = np.flatnonzero(np.isclose(self.fractions, a))
            if not hit.size:
                raise ValueError(f"share {a} is not among the perturbed fractions {self.fractions.tolist()}")
            index[a] = int(hit[0])
        random = self.curve("random")
        return {order: {a: bool(self.curve(order)[i] < random[i]) for a, i in index.items()}
                for order in self.perturbation if order != "random"}

    def summary(self) -> dict:
        """Every number the chapter shows for this model (accuracies as fractions)."""
        out = {"accuracy_mean": float(self.accuracy.mean()), "accuracy_sd": float(self.accuracy.std()),
               "accuracy_per_fold": self.accuracy, "n_folds": int(len(self.accuracy)),
               "fit_seconds_mean": float(self.fit_seconds.mean())}
        for rule, err in self.conservation.items():
            out[f"conservation_{rule}_median"] = float(np.median(err))
        out["perturbation_fractions"] = self.fractions
        for order in self.perturbation:
            curve = self.curve(order)
            out[f"perturbation_{self.key(order)}"] = curve
            out[f"aopc_{self.key(order)}"] = aopc(curve)
        for order, below in self.relevance_below_random(
                [a for a in (0.05, 0.1, 0.2) if np.isclose(self.fractions, a).any()]).items():
            out[f"{self.key(order)}_below_random"] = {f"{100 * a:g}%": b for a, b in below.items()}
        wrong = (self.fold >= 0) & (self.predicted != self.person)
        out["n_misclassified"] = int(wrong.sum())
        if wrong.any():  # for correct decisions both explanations are the same
            a = self.relevance["epsilon"][wrong].reshape(wrong.sum(), -1)
            b = self.relevance["epsilon_predicted"][wrong].reshape(wrong.sum(), -1)
            out["true_vs_predicted_r_misclassified"] = float(np.mean(pearson_rows(a, b)))
        return out


def _relative_conservation(relevance, scores):
    total = relevance.reshape(len(relevance), -1).sum(axis=1)
    return np.abs(total - scores) / np.maximum(np.abs(scores), 1e-12)


def _run_fold(model, rules, X, y, train, val, test, epsilon, fractions, n_repeats, sigma, noise_scale, seed):
    model = clone(model)
    start = time.perf_counter()
    if isinstance(model, NetworkClassifier):
        model.fit(X[train], y[train], X[val], y[val])
    else:
        model.fit(X[train], y[train])
    seconds = time.perf_counter() - start
    scores = model.decision_function(X[test])
    predicted_index = scores.argmax(axis=1)
    true_index = model.class_index(y[test])
    rows = np.arange(len(test))
    explained = {"epsilon": ("epsilon", true_index), "epsilon_predicted": ("epsilon", predicted_index)} | {
        rule: (rule, true_index) for rule in rules if rule != "epsilon"}
    relevance, conservation = {}, {}
    for key, (rule, target) in explained.items():
        relevance[key] = model.explain(X[test], target, rule=rule, epsilon=epsilon)
        conservation[key] = _relative_conservation(relevance[key], scores[rows, target])
    curves = {"random": perturbation_curve(model, X[test], y[test], None, fractions, order="random",
                                           n_repeats=n_repeats, sigma=sigma, noise_scale=noise_scale,
                                           random_state=[*seed, 0])}
    for rule in rules:
        curves[f"relevance ({rule})"] = perturbation_curve(model, X[test], y[test], relevance[rule], fractions,
                                                           order="relevance", n_repeats=n_repeats, sigma=sigma,
                                                           noise_scale=noise_scale, random_state=[*seed, 1])
    return model.classes_[predicted_index], relevance, conservation, curves, seconds


def evaluate_model(name: str, dataset, splitter, **options) -> ModelEvaluation:
    """Cross-validate, explain and perturbation-test one model of :data:`MODELS`.

    The same as ``evaluate_models([name], ...)[name]``; see :func:`evaluate_models`.
    """
    return evaluate_models([name], dataset, splitter, **options)[name]


#: Rough training cost per model (GaitRec, ms per SGD step on one CPU thread); the dearest folds start first.
_COST = {"cnn_c3": 3.6, "mlp_1024": 3.4, "cnn_a": 1.9, "mlp_256": 0.9, "mlp_64": 0.7, "linear_sgd": 0.65}


def evaluate_models(names, dataset, splitter, iterations: int = 10000, standardise: str | None = None,
                    epsilon: float = 1e-5, fractions=DEFAULT_FRACTIONS, n_repeats: int = 10, sigma: float = 1.0,
                    noise: str = "feature_range", random_state: int = 1234, n_jobs: int = 1,
                    device: str = "cpu") -> dict[str, ModelEvaluation]:
    """Cross-validate, explain and perturbation-test models of :data:`MODELS`.

    Every (model, fold) is one joblib task; all of them run in one pool, the dearest first,
    so that no worker idles while another model's folds are still running.

    Parameters
    ----------
    names : sequence of str
        Keys of :data:`MODELS`.
    dataset : Dataset
        Trials (n_trials, n_channels, n_times); labels are ``dataset.person``.
    splitter : PersonChunkSplit or similar
        With ``split_with_validation``; networks keep their parameters with the lowest
        validation loss, the linear SVM ignores the validation chunk.
    iterations : int
        Most SGD steps per learning rate (networks).
    standardise : {"feature", "channel", "range", "none"}, optional
        Input scaling fitted on the training trials of each fold, for every model;
        default: each model's :data:`DEFAULT_SCALING`.
    epsilon : float
        ε of the LRP rules.
    fractions : sequence of float
        Shares of input values perturbed, starting at 0.
    n_repeats : int
        Noise draws (and random orders) per share.
    sigma : float
        SD of the perturbation noise, in the unit ``noise`` names.
    noise : {"feature_range", "channel_range", "scaled"}
        Unit of the noise: half the min-max range over the data set of every input value
        (``"feature_range"``) or of every channel (``"channel_range"``), the units of
        inputs min-max scaled to [-1, 1] as in the paper; or the model's scaled input units
        (``"scaled"``: each value's SD over the training trials for ``standardise="feature"``).
    random_state : int
        Seeds the model of fold k with ``random_state + k`` and the perturbation noise.
    n_jobs : int
        Worker processes (joblib).
    device : str
        ``"cuda"`` to train networks on a GPU.

    Returns
    -------
    dict of str -> ModelEvaluation
        In the order of ``names``.
    """
    names = list(names)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        raise ValueError(f"unknown model(s) {unknown}; choose from {', '.join(MODELS)}")
    fractions = np.asarray(fractions, dtype=np.float64)
    if fractions.ndim != 1 or fractions.size == 0 or fractions.min() < 0 or fractions.max() > 1 or fractions[0] != 0:
        raise ValueError(f"fractions must be shares in [0, 1] starting at 0, got {fractions.tolist()}")
    if noise not in NOISE_UNITS:
        raise ValueError(f"noise must be one of {NOISE_UNITS}, got {noise!r}")
    X, y = dataset.X, dataset.person
    noise_scale = None if noise == "scaled" else half_range(X, per=noise.split("_")[0])
    folds = list(splitter.split_with_validation(X, y))
    tasks = sorted(((name, k) for name in names for k in range(len(folds))), key=lambda t: -_COST.get(t[0], 0.1))
    with warnings.catch_warnings():
        # loky replaces a worker whose memory grew (torch's allocator) after its task ends, and says so
        warnings.filterwarnings("ignore", message="A worker stopped while some jobs were given to the executor")
        out = Parallel(n_jobs=n_jobs)(
            delayed(_run_fold)(make_model(name, iterations, standardise, random_state + k, device), rules_for(name), X,
                               y, *folds[k], epsilon, fractions, n_repeats, sigma, noise_scale, [random_state, k])
            for name, k in tasks)
    done = dict(zip(tasks, out))
    return {name: _collect(name, [done[name, k] for k in range(len(folds))], folds, y, X, fractions) for name in names}


def _collect(name, out, folds, y, X, fractions) -> ModelEvaluation:
    """One model's fold results as a :class:`ModelEvaluation`."""
    n = len(y)
    fold = np.full(n, -1)
    predicted = np.empty(n, dtype=y.dtype)
    keys = list(out[0][1])
    relevance = {key: np.zeros_like(X) for key in keys}
    conservation = {key: np.full(n, np.nan) for key in keys}
    for k, ((_, _, test), (pred, rel, cons, _, _)) in enumerate(zip(folds, out)):
        fold[test], predicted[test] = k, pred
        for key in keys:
            relevance[key][test] = rel[key]
            conservation[key][test] = cons[key]
    tested = fold >= 0
    accuracy = np.array([np.mean(o[0] == y[test]) for (_, _, test), o in zip(folds, out)])
    perturbation = {order: np.array([o[3][order] for o in out]) for order in out[0][3]}
    return ModelEvaluation(name, accuracy, fold, y, predicted, relevance,
                           {k: v[tested] for k, v in conservation.items()}, fractions, perturbation,
                           np.array([o[4] for o in out]), np.array([len(t) for _, _, t in folds]))
