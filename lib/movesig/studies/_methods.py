"""Explanation methods compared on the same footing: one removal test, one recovery score, the same folds.

For each model shown, each fold's model explains its own test trials (the true person's
score) with LRP (ε, and α2β1 for networks), gradient × input, integrated gradients and
occlusion, and a model-free baseline: the contrast map of the fold's training trials
((person mean − mean) / within-person SD, its magnitude). Every map is scored by the
removal test (values set to the reference input, most relevant first against random and
least relevant first, on the explained score, paired per fold) and, on synthetic data, by
the recovery AUC against the planted mask and the oracle map. Where the cross-validation
ran the mean removal test, its random order is every method's baseline and its LRP curves
are taken as they are: only the other methods' orders are computed.
"""

from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed

from ..evaluate import Curve, aopc, fold_differences, perturbation_curves
from ..evaluate.parallel import backend
from ..explain import METHODS, attribute
from ..summarise import contrast_map, mean_by_person, recovery_auc
from ._page import Section, table
from ._perturbation import RULE_LABELS

__all__ = ["LABELS", "method_comparison"]

#: Row labels of the methods.
LABELS = {**{r: RULE_LABELS[r] for r in ("epsilon", "alpha2beta1")}, "gradient_x_input": "gradient × input",
          "integrated_gradients": "integrated gradients", "occlusion": "occlusion (5 points)",
          "contrast": "contrast map (no model)"}


def _fold_maps(model, X, person, fold, k, given):
    """Every method's map of fold ``k``'s test trials (``given``: the LRP maps already computed)."""
    test = np.flatnonzero(fold == k)
    target = model.class_index(person[test])
    maps = dict(given)
    for method in METHODS:
        maps[method] = attribute(model, X[test], target, method)[0]
    train = np.flatnonzero(fold != k)
    persons = np.unique(person[train])
    contrast = np.abs(contrast_map(model.scaled_input(X[train]), person[train], persons))
    maps["contrast"] = contrast[np.searchsorted(persons, person[test])]
    return maps


def _fold_task(model, X, person, fold, k, given, fractions, n_repeats, seed, known=None):
    """One (model, fold): its maps and the AOPC of the explained score under every order of the removal test.

    ``known``: the score curves (order -> (n_fractions,)) that the cross-validation's own
    mean-removal test already computed for this fold: its random order and the orders of
    the LRP maps in ``given``. Only the other maps' orders are then computed (removal in
    relevance order is deterministic: the same numbers), and every method is compared with
    the page's one random baseline of this model and fold.
    """
    test = fold == k
    maps = _fold_maps(model, X, person, fold, k, given)
    if known is None:
        curves = perturbation_curves(model, X[test], person[test], maps, fractions, "mean", n_repeats,
                                     random_state=[seed, k, 99])
        scores = {name: score for name, (_, score) in curves.items()}
    else:
        rest = {name: m for name, m in maps.items() if name not in given}
        curves = perturbation_curves(model, X[test], person[test], rest, fractions, "mean", 1, random_order=False)
        scores = known | {name: score for name, (_, score) in curves.items()}
    return maps, {name: aopc(score, fractions) for name, score in scores.items()}


def _known_curves(result, rules, k, fractions):
    """The fold's mean-removal score curves from the cross-validation (random and LRP orders), or None.

    None where the cross-validation did not run the mean test, or ran it on other shares.
    The random order is then the cross-validation's, with its number of draws.
    """
    curves = [Curve("mean", "random")] + [Curve("mean", o, rule) for rule in rules for o in ("most", "least")]
    if result.fractions is None or not np.array_equal(result.fractions, fractions) or not all(
            c in result.perturbation_score for c in curves):
        return None
    return {c: result.perturbation_score[c][k] for c in curves}


def method_comparison(study, models, fractions, n_repeats: int, seed: int) -> Section:
    """The table of the module docstring for ``models`` (names of ``study.results``): a joblib task per model and fold.

    ``n_repeats`` random orders are drawn only where the cross-validation's mean-removal
    curves are not reused (see :func:`_known_curves`); otherwise its draws are the baseline.
    """
    data, truth = study.loaded
    p = study.params
    rows, values = {}, {}
    jobs = []
    for m in models:
        result = study.results[m]
        rules = [r for r in ("epsilon", "alpha2beta1") if r in result.relevance]
        for k in range(len(result.accuracy)):
            test = result.fold == k
            jobs.append((m, k, delayed(_fold_task)(result.models[k], data.X, data.person, result.fold, k,
                                                 {rule: result.relevance[rule][test] for rule in rules}, fractions,
                                                 n_repeats, seed, _known_curves(result, rules, k, fractions))))
    with backend(p.scheduler, p.n_jobs):
        done = Parallel()(job for _, _, job in jobs)
    areas, maps_all = {m: {} for m in models}, {m: {} for m in models}  # folds in order, per model
    for (m, k, _), (maps, fold_areas) in zip(jobs, done):
        for name, area in fold_areas.items():
            areas[m].setdefault(name, []).append(area)
        for name, r in maps.items():
            maps_all[m].setdefault(name, np.zeros_like(data.X))[study.results[m].fold == k] = r
    if truth is not None:
        task, rows_t = data.task[0], np.searchsorted(truth.persons, data.persons)
    for m in models:
        for name in maps_all[m]:
            random = Curve("mean", "random")
            most = fold_differences(areas[m][Curve("mean", "most", name)], areas[m][random])
            least = fold_differences(areas[m][random], areas[m][Curve("mean", "least", name)])
            row = {"most_minus_random": most, "random_minus_least": least}
            if truth is not None:
                _, mean_map = mean_by_person(maps_all[m][name], data.person, data.persons)
                row["auc_planted"] = float(np.nanmean(recovery_auc(mean_map, truth.mask(task)[rows_t])))
                row["auc_oracle"] = (float(np.nanmean(recovery_auc(mean_map, truth.oracle(task)[rows_t])))
                                     if truth.within_sd else None)
            values[f"{m}: {name}"] = row
            rows[f"{study.labels[m]}, {LABELS[name]}"] = row
    fmt = lambda v: f"{v['mean']:+.3f} [{v['low']:+.3f}, {v['high']:+.3f}], n = {v['n']}"  # noqa: E731
    columns = {"removal: most − random (AOPC of the score)": [fmt(r["most_minus_random"]) for r in rows.values()],
               "removal: random − least": [fmt(r["random_minus_least"]) for r in rows.values()]}
    if truth is not None:
        columns["recovery AUC, planted"] = [f"{r['auc_planted']:.3f}" for r in rows.values()]
        columns["recovery AUC, oracle map"] = [f"{r['auc_oracle']:.3f}" if r.get("auc_oracle") is not None else "—"
                                               for r in rows.values()]
    return Section([table(columns, index=list(rows))], {"methods": values}, {"method_comparison": values})
