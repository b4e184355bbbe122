# %% [markdown]
# # Who is walking? Recognising a person from ground reaction forces
#
# Horst et al. (2019) showed that a single walking trial — the forces under both feet
# during one stance phase — is enough to tell who walked, and used Layer-wise Relevance
# Propagation (LRP) to show *which parts* of the force curves each decision rests on.
# This chapter reproduces the first step with the simplest of their models, a linear
# support vector machine, on real data: the GaitRec subset of 194 people with five trials
# each. Every number below is computed by the run that built this page; the parameters
# of the run are in the next cell and in `results.json` beside the figures.

# %% tags=["parameters"]
dataset = "gaitrec"  # a data set from `movesig datasets`
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data sets "npz" and "horst-2019"
n_persons = None  # only the first n persons (None: all)
n_splits = 5  # chunks per person: 5 for GaitRec (5 trials each), 10 in the papers
seed = 1234  # seed of the split permutation (1234 in the papers)
C = 0.1  # regularisation of the linear SVM (0.1 in the paper's figures)
standardise = "feature"  # "feature", "channel" or "none"; fitted on training folds only
compare_standardise = True  # also run the other scaling modes, for comparison
epsilon = 1e-5  # epsilon of the LRP rule
show_persons = None  # persons whose explanations are drawn (None: n_show spread over all ids)
n_show = 4  # how many persons to draw when show_persons is None
n_jobs = 2  # folds fitted in parallel
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from pathlib import Path

import numpy as np

from movesig.book import data_note, table
from movesig.data import load
from movesig.identification import cross_validate, mean_by_person, pick_persons, relevance_share, zennit_agreement
from movesig.models import LinearSVM
from movesig.models.linear import STANDARDISE_MODES
from movesig.plots import plot_fold_accuracy, plot_person_relevance, save_figure
from movesig.results import write_results
from movesig.splits import PersonChunkSplit

figures = Path(out_dir) / "figures"
data = load(dataset, data_dir=data_dir, file=data_file, min_trials=n_splits).first_persons(n_persons)
data_note(data)

# %% [markdown]
# ## Protocol
#
# The papers' protocol: one permutation of all trials (seed as above), then each person's
# trials are cut into `n_splits` chunks, so every person is in every chunk. Fold *k*
# tests on chunk *k*, keeps chunk *k + 1* for validation and trains on the rest; every
# trial is tested exactly once. The linear SVM (L2 penalty, squared hinge, one-vs-rest)
# sees each trial as one vector of all channels × time points; the scaling is fitted on
# the training trials of each fold only. Accuracy is the share of test trials whose person
# is recognised, given as mean ± SD over the folds.

# %%
splitter = PersonChunkSplit(n_splits=n_splits, random_state=seed)
result = cross_validate(LinearSVM(C=C, standardise=standardise, random_state=seed), data, splitter, epsilon=epsilon, n_jobs=n_jobs)
summary = result.summary()
table({f"fold {k}": [f"{100 * a:.2f}"] for k, a in enumerate(result.accuracy)} | {
    "mean ± SD": [f"{100 * summary['accuracy_mean']:.2f} ± {100 * summary['accuracy_sd']:.2f}"]},
    index=[f"linear SVM, C = {C}, accuracy %"])

# %% [markdown]
# How much does the scaling matter? `"feature"` z-scores every channel × time value (as
# scikit-learn's `StandardScaler`); `"channel"` uses one mean and SD per force channel,
# keeping each curve's shape; `"none"` feeds the forces as they are.

# %%
accuracy = {standardise: result.accuracy}
metrics = {"linear_svm": summary | {"accuracy_per_fold": result.accuracy, "C": C, "standardise": standardise}}
if compare_standardise:
    for mode in STANDARDISE_MODES:
        if mode != standardise:
            other = cross_validate(LinearSVM(C=C, standardise=mode, random_state=seed), data, splitter, epsilon=epsilon, n_jobs=n_jobs)
            accuracy[mode] = other.accuracy
            metrics[f"linear_svm_standardise_{mode}"] = other.summary() | {"C": C, "standardise": mode}
fig = plot_fold_accuracy({f"scaling:\n{m}": a for m, a in accuracy.items()}, title=f"Linear SVM, C = {C}")
save_figure(fig, figures, "identification_accuracy_by_scaling")
table({"accuracy % (mean ± SD over folds)": [f"{100 * a.mean():.2f} ± {100 * a.std():.2f}" for a in accuracy.values()]},
      index=[f"scaling: {m}" for m in accuracy])

# %% [markdown]
# ## Published figures, side by side
#
# The published numbers come from **other data** (Horst et al. 2019: 57 healthy people,
# about 20 trials each, one session; Horst et al. 2023: 671 people from three public data
# sets), so they frame our result rather than being reproduced by it.

# %%
table({
    "accuracy %": [f"{100 * summary['accuracy_mean']:.2f} ± {100 * summary['accuracy_sd']:.2f}", "100.00", "99.3"],
    "data": [f"{data.provenance.name}: {data.n_persons} people, {data.n_trials} trials (this run)",
             "Horst et al. 2019, 57 people, 1142 trials (published)",
             "Horst et al. 2023, 671 people (published)"],
}, index=["linear SVM (ours)", "linear SVM, C = 0.1 (published)", "linear SVM (published)"])

# %% [markdown]
# ## What each decision rests on: LRP
#
# For a linear model the score of person *c* is $z_c = \sum_i x_i w_{ci} + b_c$, and LRP's
# ε-rule gives every input value its share $R_i = x_i w_{ci} \, z_c / (z_c + \epsilon\,
# \mathrm{sign}(z_c))$, the bias keeping the rest. We explain the score of the *true*
# person of every test trial, using the model of the fold that tested it. The same
# weights written into a `torch.nn.Linear` layer and explained with zennit's ε-rule must
# give the same relevance: the largest difference over all test trials is printed below,
# with the largest conservation error $|\sum_i R_i + R_b - z_c|$.

# %%
zennit_diff = zennit_agreement(result, data, epsilon=epsilon)
metrics["linear_svm"] |= {"zennit_max_abs_diff": zennit_diff, "conservation_error": result.conservation_error}
table({"value": [f"{zennit_diff:.2e}", f"{result.conservation_error:.2e}"]},
      index=["max |R_zennit - R_direct|", "max conservation error"])

# %% [markdown]
# Each row below is one person: their mean force curves (over their trials), coloured by
# their mean relevance scaled by its largest magnitude — yellow and red where the curve
# speaks *for* this person, blue where it speaks against, black where it does not matter.

# %%
shown = pick_persons(data.persons, n_show, show_persons)
_, mean_x = mean_by_person(data.X, data.person, shown)
_, mean_r = mean_by_person(result.relevance, data.person, shown)
fig = plot_person_relevance(mean_x, mean_r, shown, data.channels, data.time, data.time_axis, data.units)
save_figure(fig, figures, "identification_relevance_persons")

# %% [markdown]
# Over all people, how is the relevance shared between the six force channels? (Share of
# absolute relevance of the true person's score, over all test trials.)

# %%
share = relevance_share(result.relevance, axis=1)
table({"share of |R| %": [f"{100 * s:.1f}" for s in share]}, index=list(data.channels))

# %%
parameters = dict(dataset=dataset, data_dir=data_dir, data_file=data_file, n_persons=n_persons, n_splits=n_splits,
                  seed=seed, C=C, standardise=standardise, compare_standardise=compare_standardise, epsilon=epsilon,
                  show_persons=show_persons, n_show=n_show, n_jobs=n_jobs, out_dir=out_dir)
path = write_results(out_dir, "identification", parameters, data.provenance.to_dict(), metrics,
                     relevance_share_per_channel=dict(zip(data.channels, share)), persons_shown=shown)
print(f"results: {path}")
