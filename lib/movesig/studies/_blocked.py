"""The within-session caveat measured: the papers' random chunks against blocked runs of consecutive cycles."""

from __future__ import annotations

from ..evaluate import CVOptions, ModelPlan, cross_validate
from ..models import make_estimator
from ..splits import PersonChunkSplit
from ..summarise import (
    extract_signatures,
    fisher_z_mean,
    jaccard,
    mean_by_person,
    pearson_rows,
)
from ._page import Section, mean_sd, table

__all__ = ["blocked_chunks"]


def blocked_chunks(study) -> Section:
    """Per task of an :class:`~movesig.studies.emg_signatures.EmgSignatures` study: accuracy with random and with
    blocked chunks (same C), and how alike the signatures and mean maps of the two are."""
    p = study.params
    splitter = PersonChunkSplit(n_splits=p.n_splits, blocked=True)
    options = CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs)
    rows, values, metrics, record = {}, {}, {}, {}
    for t in study.tasks:
        plan = ModelPlan("blocked", make_estimator("linear_svm", C=p.C, standardise="none", random_state=p.seed))
        res = cross_validate(plan, study.data[t], splitter, options)["blocked"]
        persons, sig = extract_signatures(res.relevance["epsilon"], study.data[t].person, p.threshold, p.share)[:2]
        same = jaccard(sig, study.signatures[t][1])
        _, maps_random = mean_by_person(study.relevance[t], study.data[t].person, persons)
        _, maps_blocked = mean_by_person(res.relevance["epsilon"], study.data[t].person, persons)
        r = fisher_z_mean(pearson_rows(maps_random.reshape(len(persons), -1), maps_blocked.reshape(len(persons), -1)))
        values[t] = {"accuracy_random": study.cv[t][p.C].accuracy, "accuracy_blocked": res.accuracy,
                     "jaccard": same, "map_r": r}
        metrics[f"linear_svm_{t}_C{p.C:g}_blocked"] = res.summary() | {"C": p.C, "task": t, "split": "blocked"}
        record[t] = {"jaccard_mean": float(same.mean()), "map_r": r.as_dict()}
        rows[t] = [mean_sd(study.cv[t][p.C].accuracy), mean_sd(res.accuracy), f"{same.mean():.2f}", str(r)]
    shown = table({"accuracy %, random chunks (papers)": [v[0] for v in rows.values()],
                   "accuracy %, blocked chunks": [v[1] for v in rows.values()],
                   "signature Jaccard, blocked vs random (mean over persons)": [v[2] for v in rows.values()],
                   "mean-map r, blocked vs random [95 % CI], n": [v[3] for v in rows.values()]},
                  index=list(rows))
    return Section([shown], values, {"metrics": metrics, "blocked_vs_random": record})
