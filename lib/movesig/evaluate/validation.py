"""How close is a generator to real data? The same statistics on both, at the same size.

- per-point ICC: share of the variance between people, (σ²_between / (σ²_between + σ²_within)),
  median over points;
- participation ratios (Σλ)² / Σλ² of the within-person and of the between-person
  covariance: how many dimensions the variation spreads over;
- nearest-centroid and linear-SVM identification accuracy, cross-validated with the papers'
  chunks (the same splits for both classifiers);
- signature size: the share of (channel, time) points in a person's signature (Aeles et
  al.'s extraction from the linear SVM's cross-validated ε-LRP relevance: normalised
  relevance above 0.2 in every cycle), mean over persons;
- optionally, for EMG, the burst model's statistics (:func:`~movesig.data.synthetic.bursts.fit_bursts`):
  median over muscles of the peak time's between- and within-person SD and of the
  half-maximum width.
"""

from __future__ import annotations

import numpy as np

from ..data.synthetic.bursts import fit_bursts
from ..models import make_estimator
from ..summarise.signatures import extract_signatures
from .crossval import CVOptions, ModelPlan, cross_validate

__all__ = ["data_statistics", "participation_ratio"]


def participation_ratio(cov_eigenvalues) -> float:
    """(Σλ)² / Σλ² of non-negative eigenvalues: 1 for one direction, n for n equal ones."""
    lam = np.clip(np.asarray(cov_eigenvalues, dtype=np.float64), 0, None)
    return float(lam.sum() ** 2 / (lam ** 2).sum()) if lam.any() else 0.0


def _nearest_centroid(dataset, splitter) -> float:
    X, y = dataset.flat(), dataset.person
    hits = []
    for train, _, test in splitter.split_with_validation(X, y):
        mu, sd = X[train].mean(axis=0), X[train].std(axis=0)
        sd = np.where(sd > 0, sd, 1.0)
        Z = (X - mu) / sd
        persons = np.unique(y[train])
        centroids = np.stack([Z[train][y[train] == p].mean(axis=0) for p in persons])
        d = ((Z[test][:, None, :] - centroids[None]) ** 2).sum(axis=2)
        hits.append(np.mean(persons[d.argmin(axis=1)] == y[test]))
    return float(np.mean(hits))


def data_statistics(dataset, splitter, C: float = 0.1, n_jobs: int = 1, standardise: str = "feature",
                    bursts: bool = False) -> dict:
    """The statistics of the module docstring for one data set.

    Parameters
    ----------
    dataset : Dataset
    splitter : PersonChunkSplit
    C : float
        Of the linear SVM.
    standardise : str
        Input scaling of the linear SVM (that of the page).
    bursts : bool
        Add the burst statistics (EMG envelopes).

    Returns
    -------
    dict
        ``icc_median``, ``pr_within``, ``pr_between``, ``nearest_centroid``, ``linear_svm``,
        ``signature_size``, ``n_persons``, ``n_trials``; with ``bursts``, also
        ``peak_between_sd``, ``peak_within_sd`` and ``burst_width`` (fractions of the cycle).
    """
    flat, person = dataset.flat(), dataset.person
    persons = np.unique(person)
    means = np.stack([flat[person == p].mean(axis=0) for p in persons])
    resid = np.concatenate([flat[person == p] - means[i] for i, p in enumerate(persons)])
    within_var = (resid ** 2).sum(axis=0) / (len(flat) - len(persons))
    between_var = np.clip(means.var(axis=0, ddof=1) - within_var * np.mean(1.0 / np.unique(person, return_counts=True)[1]),
                          0, None)
    icc = between_var / np.maximum(between_var + within_var, 1e-300)
    gram = lambda A: np.linalg.eigvalsh(A @ A.T)  # noqa: E731 - non-zero eigenvalues of AᵀA
    centred = means - means.mean(axis=0)
    svm = cross_validate(ModelPlan("svm", make_estimator("linear_svm", C=C, standardise=standardise)), dataset, splitter,
                         CVOptions(n_jobs=n_jobs))["svm"]
    _, signatures, _ = extract_signatures(svm.relevance["epsilon"], person)
    out = {"icc_median": float(np.median(icc)), "pr_within": participation_ratio(gram(resid)),
           "pr_between": participation_ratio(gram(centred)), "nearest_centroid": _nearest_centroid(dataset, splitter),
           "linear_svm": float(svm.accuracy.mean()), "signature_size": float(signatures.mean()),
           "n_persons": int(len(persons)), "n_trials": int(len(flat))}
    if bursts:
        fit = fit_bursts(dataset)
        out |= {"peak_between_sd": float(np.median(fit["peak"]["between_sd"])),
                "peak_within_sd": float(np.median(fit["peak"]["within_sd"])),
                "burst_width": float(np.median(fit["width"]["mean"]))}
    return out
