"""What every synthetic page shows: how close its generator is to real data, how much of the planted truth is recovered, and a sweep of the planted effect.

They run only on synthetic data (a measured data set has no generator to validate and no
truth to recover); the validation and the sweep refit the linear SVM, so they cost seconds.
"""

from __future__ import annotations

import numpy as np

from ..data import DataError, available, load, load_with_truth
from ..evaluate import CVOptions, ModelPlan, cross_validate
from ..evaluate.validation import data_statistics
from ..models import make_estimator
from ..plots import plot_effect_size, plot_planted_precision
from ..splits import PersonChunkSplit
from ..summarise import (
    contrast_map,
    jaccard,
    mean_by_person,
    planted_precision,
    recovery_auc,
)
from ..data.cards import dataset_label
from ._page import Section, table

__all__ = ["effect_size_sweep", "generator_validation", "planted_recovery", "signature_recovery"]

_ROWS = {"icc_median": "per-point ICC (median)", "pr_within": "participation ratio, within person",
         "pr_between": "participation ratio, between persons", "nearest_centroid": "nearest-centroid accuracy %",
         "linear_svm": "linear SVM accuracy %", "signature_size": "signature size (% of points, mean over persons)",
         "peak_between_sd": "burst peak time, SD between persons (% of cycle, median over muscles)",
         "peak_within_sd": "burst peak time, SD within a person (% of cycle, median over muscles)",
         "burst_width": "burst width at half maximum (% of cycle, median over muscles)",
         "n_persons": "persons", "n_trials": "trials"}
_PERCENT = ("nearest_centroid", "linear_svm", "signature_size", "peak_between_sd", "peak_within_sd", "burst_width")


def generator_validation(study, real: str, condition: str | None, options: dict, n_splits: int, C: float,
                         standardise: str = "feature", bursts: bool = False) -> Section:
    """The statistics of :mod:`movesig.evaluate.validation` on the synthetic and the real data at the real size."""
    p = study.params
    if not study.dataset.provenance.synthetic:
        return Section([f"{dataset_label(study.dataset.provenance.name)} is measured data: there is no generator to validate."])
    status, _ = available(real, p.data_dir)
    if status != "yes":
        return Section([f"The real reference ({real}) is not available here, so the generator is not compared "
                        "with it on this run."])
    ref = load(real, data_dir=p.data_dir)
    if condition is not None:
        ref = ref.select(condition=condition)
    counts = np.unique(ref.person, return_counts=True)[1]
    syn, _ = load_with_truth(p.dataset, **options(ref.n_persons, int(counts.min())))
    splitter = PersonChunkSplit(n_splits=min(n_splits, int(counts.min())), random_state=p.seed)
    rows, record = {}, {}
    for name, data in (("synthetic (this page's generator)", syn), (f"real: {real}", ref)):
        stats = data_statistics(data, splitter, C=C, standardise=standardise, bursts=bursts)
        rows[name] = [f"{100 * stats[k]:.1f}" if k in _PERCENT else
                      (f"{stats[k]:.2f}" if isinstance(stats[k], float) else str(stats[k])) for k in _ROWS if k in stats]
        record[name] = stats
    shown = table(rows, index=[v for k, v in _ROWS.items() if k in stats])
    return Section([shown, f"Real reference: {ref.provenance.title}"
                    + (f", {condition} only" if condition else "") + f"; {splitter.n_splits}-fold chunks, "
                    f"linear SVM, C = {C}, input scaling \"{standardise}\"."], {"rows": rows},
                   {"generator_validation": record})


def effect_size_sweep(study, effect_sizes, options: dict, C: float, standardise: str, name: str) -> Section:
    """Accuracy and recovery (AUC against the planted mask and, where known, the oracle map) against d′.

    The generator gets the page's own options (its seed included) with only d′ changed, so
    that at the page's d′ the sweep's data are the page's.
    """
    p, data = study.params, study.dataset
    if not data.provenance.synthetic:
        return Section([f"{dataset_label(data.provenance.name)} is measured data: nothing was planted, so there is no effect "
                        "size to sweep."])
    accuracy, auc, oracle, contrast = [], [], [], []
    for d in effect_sizes:
        try:
            ds, truth = load_with_truth(p.dataset, effect_size=d, **options)
        except DataError as exc:
            raise DataError(f"parameter effect_sizes: {exc}") from None
        ds = ds.first_persons(p.n_persons)
        task = sorted(truth.masks)[0]
        ds = ds.select(task=task) if len(set(ds.task)) > 1 else ds
        plan = ModelPlan("svm", make_estimator("linear_svm", C=C, standardise=standardise, random_state=p.seed))
        res = cross_validate(plan, ds, PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed),
                             CVOptions(n_jobs=p.n_jobs))["svm"]
        persons, maps = mean_by_person(res.relevance["epsilon"], ds.person, ds.persons)
        rows = np.searchsorted(truth.persons, persons)
        mask = truth.mask(task)[rows]
        accuracy.append(float(res.accuracy.mean()))
        auc.append(float(np.nanmean(recovery_auc(maps, mask))))
        contrast.append(float(np.nanmean(recovery_auc(contrast_map(ds.X, ds.person, persons), mask))))
        oracle.append(float(np.nanmean(recovery_auc(maps, truth.oracle(task)[rows]))) if truth.within_sd else None)
    record = {"effect_size": list(effect_sizes), "accuracy": accuracy, "recovery_auc_planted": auc,
              "contrast_map_auc_planted": contrast, "recovery_auc_oracle": oracle}
    recovery = {"LRP ε vs planted": auc, "contrast map vs planted": contrast}
    if all(o is not None for o in oracle):
        recovery["LRP ε vs oracle map"] = oracle
    fig = study.figure(plot_effect_size(effect_sizes, {"linear SVM": accuracy}, recovery),
                       f"{name}_effect_size", f"Synthetic data ({dataset_label(data.provenance.name)}): identification accuracy and "
                       "recovery AUC of the "
                       "planted features against the planted effect size d′ (0: nothing planted)")
    shown = table({"accuracy %": [f"{100 * a:.1f}" for a in accuracy],
                   **{f"AUC, {k}": [f"{v:.3f}" if v is not None else "—" for v in vals] for k, vals in recovery.items()}},
                  index=[f"d′ = {d:g}" for d in effect_sizes])
    what = (f"Each row: the page's generator and seed with d′ changed ({task})"
            + (f" (at d′ = {p.effect_size:g}, this page's data)" if p.effect_size in effect_sizes else "")
            + f", {p.n_splits}-fold chunks, a linear SVM (C = {C:g}, input scaling \"{standardise}\") explained by "
            "LRP ε; AUC: mean over persons."
            + (" The row d′ = 0 is the reference that recovery must rise above: 0.5 is what a map unrelated to the "
               "mask gives, but where the masks lie relative to what every person shares can move the reference "
               "away from it." if 0 in effect_sizes else ""))
    return Section([what, shown, fig], {"accuracy": accuracy, "auc": auc}, {"effect_size_sweep": record})


def planted_recovery(study) -> Section:
    """Synthetic data only: the share of each person's top-K relevance on the planted bumps, and recovery AUCs."""
    data, truth = study.loaded
    recovery = {}
    if truth is None:
        return Section([f"{dataset_label(data.provenance.name)} is measured data: nothing was planted, so there is no truth "
                        "to score against."], record={"planted_recovery": recovery})
    rows = np.searchsorted(truth.persons, data.persons)
    task = data.task[0]
    mask = truth.mask(task)[rows]
    oracle = truth.oracle(task)[rows] if truth.within_sd else None
    precision, maps = {}, {}
    for m, r in study.results.items():
        _, maps[m] = mean_by_person(r.relevance["epsilon"], data.person, data.persons)
    maps["contrast_map"] = contrast_map(data.X, data.person, data.persons)  # model-free baseline (all trials)
    labels = study.labels | {"contrast_map": "contrast map (no model)"}
    for m, mean_r in maps.items():
        precision[m], chance = planted_precision(mean_r, mask)
        recovery[m] = {"precision_mean": float(np.nanmean(precision[m])),
                       "precision_min": float(np.nanmin(precision[m])), "chance": float(chance.mean()),
                       "precision_per_person": precision[m], "auc_planted": float(np.nanmean(recovery_auc(mean_r, mask))),
                       "auc_oracle": float(np.nanmean(recovery_auc(mean_r, oracle))) if oracle is not None else None}
    models = list(maps)
    shown = table({"precision at planted area % (mean)": [f"{100 * recovery[m]['precision_mean']:.1f}"
                                                          for m in models],
                   "lowest person %": [f"{100 * recovery[m]['precision_min']:.1f}" for m in models],
                   "chance %": [f"{100 * recovery[m]['chance']:.1f}" for m in models],
                   "AUC vs planted": [f"{recovery[m]['auc_planted']:.3f}" for m in models],
                   "AUC vs oracle map": [f"{recovery[m]['auc_oracle']:.3f}" if recovery[m]["auc_oracle"] is not None
                                         else "—" for m in models]},
                  index=[labels[m] for m in models])
    fig = plot_planted_precision({labels[m]: precision[m] for m in models}, float(chance.mean()))
    return Section([shown, study.figure(fig, "gait_models_planted_precision",
                                       "Synthetic data: share of each person's top relevance on the features the "
                                       "generator planted, per model, against chance")], {"recovery": recovery},
                   {"planted_recovery": recovery})


def signature_recovery(study) -> Section:
    """Synthetic data only: per task, the Jaccard index between extracted and planted signatures, beside its null.

    The null is the Jaccard index against the next person's planted places; the table also
    gives the share of planted points the signature holds and both sizes.
    """
    truth, recovery = study.loaded[1], {}
    if truth is None:
        return Section(["No planted ground truth: these are measured data."], record={"recovery": recovery})
    for t in study.tasks:
        persons, sig = study.signatures[t]
        mask = truth.mask(t)[np.searchsorted(truth.persons, persons)]
        j = jaccard(sig, mask)
        recovery[t] = {"jaccard_mean": float(j.mean()), "jaccard_min": float(j.min()), "jaccard_per_person": j,
                       # the null: the next person's planted places, as for the relevance maps
                       "jaccard_next_mean": float(jaccard(sig, np.roll(mask, -1, axis=0)).mean()),
                       "planted_in_signature": float((sig & mask).sum() / max(mask.sum(), 1)),
                       "planted_share": float(mask.mean()), "signature_share": float(sig.mean())}
    r = [recovery[t] for t in study.tasks]
    shown = table({"mean Jaccard": [f"{x['jaccard_mean']:.3f}" for x in r],
                   "lowest": [f"{x['jaccard_min']:.3f}" for x in r],
                   "mean Jaccard, next person's planted places (null)": [f"{x['jaccard_next_mean']:.3f}" for x in r],
                   "planted points in the signature %": [f"{100 * x['planted_in_signature']:.1f}" for x in r],
                   "planted / signature, % of points": [f"{100 * x['planted_share']:.1f} / "
                                                        f"{100 * x['signature_share']:.1f}" for x in r]},
                  index=study.tasks)
    return Section([shown], {"recovery": recovery}, {"recovery": recovery})
