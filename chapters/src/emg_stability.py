# %% [markdown]
# # How stable is a muscle activation signature?
#
# A signature is only interesting if it belongs to the person rather than to the day, the
# power output or the training set. Aeles et al. (2021) recorded each participant on two
# days, at two power outputs and at two further pedalling conditions ("10 %" and "15 %"),
# and compared each person's relevance maps between conditions. This chapter repeats
# those comparisons: a person's mean relevance in one condition is correlated (Pearson r)
# with their mean relevance in another, and the r values are averaged over people through
# Fisher's z with a 95 % confidence interval. For robustness, a model trained on all
# day-1 baseline cycles must recognise the same people in the other conditions.

# %% tags=["parameters"]
dataset = "synthetic-emg"  # "synthetic-emg", or "aeles-2021" with the study's files in the data directory
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR)
n_persons = None  # only the first n persons (None: all)
n_splits = 10  # chunks per person for the baseline cross-validation
seed = 1234  # seed of the split permutation and the solver
C = 0.01  # regularisation of the linear SVM
threshold = 0.2  # signature threshold (normalised relevance)
share = 1.0  # share of a person's cycles above the threshold
epsilon = 1e-5  # epsilon of the LRP rule
n_jobs = 2  # folds fitted in parallel
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from pathlib import Path

import numpy as np

from movesig.book import data_note, table
from movesig.data import load
from movesig.identification import cross_validate, train_test
from movesig.models import LinearSVM
from movesig.plots import plot_correlations, save_figure
from movesig.results import write_results
from movesig.signatures import baseline_trials, extract_signatures, fisher_z_mean, jaccard, per_person_correlation
from movesig.splits import PersonChunkSplit

figures = Path(out_dir) / "figures"
full = load(dataset, data_dir=data_dir, conditions="all").first_persons(n_persons)
tasks = sorted(set(full.task))
base = {task: baseline_trials(full, task) for task in tasks}
data_note(full)

# %% [markdown]
# ## Baseline: identification and relevance of day 1
#
# Every day-1 baseline cycle is identified and explained by the cross-validation model
# that held it out (the papers' protocol); these relevance maps are the reference.

# %%
model = LinearSVM(C=C, standardise="none", random_state=seed)
splitter = PersonChunkSplit(n_splits=n_splits, random_state=seed)
cv = {task: cross_validate(model, base[task], splitter, epsilon=epsilon, n_jobs=n_jobs) for task in tasks}
metrics = {f"linear_svm_{task}_baseline": cv[task].summary() | {"C": C, "task": task} for task in tasks}
table({"accuracy % (mean ± SD over folds)": [f"{100 * cv[t].accuracy.mean():.2f} ± {100 * cv[t].accuracy.std():.2f}"
                                              for t in tasks],
       "condition": [base[t].condition[0] for t in tasks]}, index=tasks)

# %% [markdown]
# ## Robustness: train on day 1, test on every other condition
#
# One model per task is trained on *all* day-1 baseline cycles and identifies every cycle
# of each other condition; those cycles are explained for their own person. Per person
# and condition pair we report the Pearson r between the mean relevance maps and the
# Jaccard index between the two signatures.

# %%
comparisons, rows = {}, []
base_sig = {}
for task in tasks:
    base_persons, base_sig[task], _ = extract_signatures(cv[task].relevance, base[task].person, threshold, share)
    for cond in sorted(set(full.select(task=task).condition) - {base[task].condition[0]}):
        other = full.select(task=task, condition=cond)
        transfer = train_test(model, base[task], other, epsilon=epsilon)
        persons, r = per_person_correlation(cv[task].relevance, base[task].person, transfer.relevance, other.person)
        other_persons, other_sig, _ = extract_signatures(transfer.relevance, other.person, threshold, share)
        common, ib, io = np.intersect1d(base_persons, other_persons, return_indices=True)
        j = jaccard(base_sig[task][ib], other_sig[io])
        name = f"{task}: {base[task].condition[0]} vs {cond}"
        comparisons[name] = {"r": fisher_z_mean(r), "accuracy": transfer.accuracy, "jaccard": float(j.mean())}
        metrics[f"linear_svm_{task}_train_{base[task].condition[0]}_test_{cond}"] = {
            "accuracy_mean": transfer.accuracy, "accuracy_sd": 0.0, "n_folds": 1, "C": C, "task": task}

# %% [markdown]
# ## Walking against pedalling
#
# The same person's baseline relevance in the two tasks (only where both tasks are
# present): a high r would mean one signature serves both movements.

# %%
if len(tasks) == 2:
    persons, r = per_person_correlation(cv[tasks[0]].relevance, base[tasks[0]].person, cv[tasks[1]].relevance,
                                        base[tasks[1]].person)
    comparisons[f"{tasks[0]} vs {tasks[1]} (baseline)"] = {"r": fisher_z_mean(r), "accuracy": float("nan"),
                                                             "jaccard": float("nan")}
table({"mean r [95 % CI] of relevance maps": [str(c["r"]) for c in comparisons.values()],
       "persons": [c["r"].n for c in comparisons.values()],
       "accuracy % (day-1 model)": [f"{100 * c['accuracy']:.2f}" if np.isfinite(c["accuracy"]) else "—"
                                    for c in comparisons.values()],
       "signature Jaccard (mean)": [f"{c['jaccard']:.3f}" if np.isfinite(c["jaccard"]) else "—"
                                    for c in comparisons.values()]},
      index=list(comparisons))

# %%
fig = plot_correlations({k: c["r"] for k, c in comparisons.items()},
                        title="Per-person correlation of mean relevance between conditions")
save_figure(fig, figures, "emg_stability_correlations")

# %% [markdown]
# The published paper reports these comparisons qualitatively here: its abstract states
# that the signatures are highly consistent between conditions and across days; its
# numbers are not reported here.

# %%
parameters = dict(dataset=dataset, data_dir=data_dir, n_persons=n_persons, n_splits=n_splits, seed=seed, C=C,
                  threshold=threshold, share=share, epsilon=epsilon, n_jobs=n_jobs, out_dir=out_dir)
path = write_results(out_dir, "emg_stability", parameters, full.provenance.to_dict(), metrics,
                     comparisons={k: c["r"].as_dict() | {"accuracy": c["accuracy"], "jaccard_mean": c["jaccard"]}
                                  for k, c in comparisons.items()})
print(f"results: {path}")
