# %% [markdown]
# # Each person's muscle activation signature
#
# Aeles et al. (2021) recognised people from the EMG of eight leg muscles during a single
# walking or pedalling cycle and asked *what* makes each person recognisable. A linear
# SVM identifies the person; Layer-wise Relevance Propagation (LRP) tells, for every
# cycle, how much each muscle at each moment of the cycle contributed; the points that are
# consistently relevant across all of a person's cycles form their **muscle activation
# signature**. This chapter runs that pipeline; the page header below names the data it
# ran on.

# %% tags=["parameters"]
dataset = "emg-pedalling-7ps"  # a data set from `movesig datasets` (EMG with 8 muscles)
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data set "npz"
n_persons = None  # only the first n persons (None: all)
n_splits = 10  # chunks per person: 30 cycles -> 10 chunks of 3 (the papers' protocol)
seed = 1234  # seed of the split permutation and the solver
C_grid = [10, 1, 0.1, 0.05, 0.01, 0.005, 0.001]  # regularisation values tried for identification
C = 0.01  # the model whose relevance makes the signatures (added to C_grid if missing)
threshold = 0.2  # normalised relevance a point must exceed to be in a signature
share = 1.0  # share of a person's cycles in which it must exceed it (1.0: all)
epsilon = 1e-5  # epsilon of the LRP rule
show_persons = None  # persons drawn in figures 1, 2 and 4 (None: n_show spread over all ids)
n_show = 3  # how many persons to draw when show_persons is None
n_jobs = 2  # folds fitted in parallel
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from pathlib import Path

import numpy as np

from movesig.book import data_note, table
from movesig.data import load_with_truth
from movesig.identification import cross_validate_grid, mean_by_person, pick_persons, zennit_agreement
from movesig.models import LinearSVM
from movesig.plots import (plot_cycle_relevance, plot_person_relevance, plot_signature_counts, plot_signature_maps,
                           save_figure)
from movesig.results import write_results
from movesig.signatures import (baseline_trials, extract_signatures, fisher_z_mean, jaccard, normalise_cycles,
                                per_person_correlation, persons_per_channel, signature_counts,
                                within_person_consistency)
from movesig.splits import PersonChunkSplit

figures = Path(out_dir) / "figures"
full, truth = load_with_truth(dataset, data_dir=data_dir, file=data_file)
full = full.first_persons(n_persons)
tasks = sorted(set(full.task))
data = {task: baseline_trials(full, task) for task in tasks}
data_note(full)

# %% [markdown]
# ## Who is it? Identification per regularisation
#
# The linear SVM (L2 penalty, squared hinge, one-vs-rest) sees the raw flattened
# 8 muscles × 200 points of a cycle, without scaling: each cycle and muscle is already
# divided by its own peak. The protocol is the papers': each person's cycles in
# `n_splits` chunks, fold *k* tests chunk *k*, chunk *k + 1* is held out for validation,
# the rest trains. Accuracy is the share of held-out cycles whose person is recognised,
# mean ± SD over the folds, per value of C and task (baseline condition of each task).

# %%
grid = sorted(set(C_grid) | {C}, reverse=True)
splitter = PersonChunkSplit(n_splits=n_splits, random_state=seed)
cv = {task: cross_validate_grid(lambda c: LinearSVM(C=c, standardise="none", random_state=seed), grid, data[task],
                                splitter, epsilon=epsilon, n_jobs=n_jobs) for task in tasks}
metrics = {f"linear_svm_{task}_C{c:g}": cv[task][c].summary() | {"C": c, "task": task} for task in tasks for c in grid}
table({f"{task} accuracy %": [f"{100 * cv[task][c].accuracy.mean():.2f} ± {100 * cv[task][c].accuracy.std():.2f}"
                              for c in grid] for task in tasks}, index=[f"C = {c:g}" for c in grid])

# %% [markdown]
# ## Relevance of every cycle
#
# With C as set above, every held-out cycle is explained for its own person's score with
# LRP's ε-rule; for a linear model $R_i = x_i w_{ci} \, z_c / (z_c + \epsilon\,\mathrm{sign}(z_c))$.
# The same weights in a `torch.nn.Linear` layer explained with zennit must agree:

# %%
relevance = {task: cv[task][C].relevance for task in tasks}
zennit_diff = {task: zennit_agreement(cv[task][C], data[task], epsilon=epsilon) for task in tasks}
table({"max |R_zennit - R_direct|": [f"{zennit_diff[t]:.2e}" for t in tasks],
       "max conservation error": [f"{cv[t][C].conservation_error:.2e}" for t in tasks]}, index=tasks)

# %% [markdown]
# ## Signatures
#
# Negative relevance is ignored; every cycle's relevance is divided by its maximum over
# all muscles and time points; a (muscle, time point) is in the person's signature when
# this normalised relevance exceeds the threshold in the required share of their cycles.

# %%
signatures, persons_of = {}, {}
for task in tasks:
    persons_of[task], signatures[task], _ = extract_signatures(relevance[task], data[task].person, threshold, share)
channels = full.channels
table({f"{task}: persons with the muscle in their signature": persons_per_channel(signatures[task]) for task in tasks}
      | {f"{task}: signature size, % of points (mean over persons)":
         [f"{100 * signatures[task][:, m].mean():.1f}" for m in range(len(channels))] for task in tasks},
      index=list(channels))

# %% [markdown]
# **Figure 1.** One person's signature: (a) one cycle coloured by relevance, (b) the
# normalised relevance of all their cycles with the threshold, (c) the signature map.

# %%
shown = {task: pick_persons(persons_of[task], n_show, show_persons) for task in tasks}
for task in tasks:
    p = shown[task][0]
    mine = data[task].person == p
    k = int(np.flatnonzero(persons_of[task] == p)[0])
    fig = plot_cycle_relevance(data[task].X[mine], normalise_cycles(relevance[task][mine]), signatures[task][k],
                               channels, full.time, threshold=threshold, title=f"{task}, person {p}")
    save_figure(fig, figures, f"emg_fig1_cycle_relevance_{task}")

# %% [markdown]
# **Figure 2.** Mean EMG of a few persons (over all their cycles), coloured by their mean
# relevance scaled by its largest magnitude.

# %%
for task in tasks:
    _, mean_x = mean_by_person(data[task].X, data[task].person, shown[task])
    _, mean_r = mean_by_person(relevance[task], data[task].person, shown[task])
    fig = plot_person_relevance(mean_x, mean_r, shown[task], channels, full.time, full.time_axis,
                                title=f"{task}: mean EMG coloured by mean relevance")
    save_figure(fig, figures, f"emg_fig2_mean_emg_relevance_{task}")

# %% [markdown]
# **Figure 4.** Signature maps of the same persons (black: in the signature).

# %%
for task in tasks:
    idx = np.searchsorted(persons_of[task], shown[task])
    fig = plot_signature_maps(signatures[task][idx], shown[task], channels, full.time, ncols=len(idx),
                              title=f"{task}: signatures")
    save_figure(fig, figures, f"emg_fig4_signature_maps_{task}")

# %% [markdown]
# **Figure 5.** The signatures of all persons.

# %%
for task in tasks:
    fig = plot_signature_maps(signatures[task], persons_of[task], channels, full.time, ncols=6,
                              title=f"{task}: signatures of all {len(persons_of[task])} persons")
    save_figure(fig, figures, f"emg_fig5_all_signatures_{task}")

# %% [markdown]
# **Figure 6.** How many persons have each moment of each muscle in their signature
# (polar for pedalling, whose cycle wraps around).

# %%
for task in tasks:
    fig = plot_signature_counts(signature_counts(signatures[task]), channels, full.time, len(persons_of[task]),
                                circular=task == "pedalling", title=f"{task}: persons with a signature point")
    save_figure(fig, figures, f"emg_fig6_signature_counts_{task}")

# %% [markdown]
# ## Is relevance just amplitude? And is it consistent within a person?
#
# Per person, the Pearson r between their mean EMG and their mean relevance (high r would
# mean the model merely follows activation amplitude), and the r of every cycle's
# relevance with the mean of their other cycles (within-person consistency). Both are
# averaged over persons through Fisher's z, with a 95 % confidence interval.

# %%
amplitude_r = {t: fisher_z_mean(per_person_correlation(data[t].X, data[t].person, relevance[t], data[t].person)[1])
               for t in tasks}
consistency = {t: fisher_z_mean(within_person_consistency(relevance[t], data[t].person)[1]) for t in tasks}
table({"EMG amplitude vs relevance, r [95 % CI]": [str(amplitude_r[t]) for t in tasks],
       "within-person consistency, r [95 % CI]": [str(consistency[t]) for t in tasks]}, index=tasks)

# %% [markdown]
# ## Does the method find what is there?
#
# Only for synthetic data, where the generator planted each person's signature: the
# Jaccard index between the extracted signature and the planted one (1: identical,
# 0: disjoint), per person, and its mean per task. Real data have no ground truth, so this
# section reports nothing for them.

# %%
recovery = {}
if truth is not None:
    for task in tasks:
        planted = truth.mask(task)[np.searchsorted(truth.persons, persons_of[task])]
        j = jaccard(signatures[task], planted)
        recovery[task] = {"jaccard_mean": float(j.mean()), "jaccard_min": float(j.min()),
                          "jaccard_per_person": j}
    display(table({"mean Jaccard": [f"{recovery[t]['jaccard_mean']:.3f}" for t in tasks],
                   "lowest": [f"{recovery[t]['jaccard_min']:.3f}" for t in tasks]}, index=tasks))
else:
    print("No planted ground truth: these are measured data.")

# %%
for task in tasks:
    metrics[f"linear_svm_{task}_C{C:g}"] |= {"zennit_max_abs_diff": zennit_diff[task],
                                              "conservation_error": cv[task][C].conservation_error}
parameters = dict(dataset=dataset, data_dir=data_dir, data_file=data_file, n_persons=n_persons, n_splits=n_splits,
                  seed=seed, C_grid=C_grid, C=C, threshold=threshold, share=share, epsilon=epsilon,
                  show_persons=show_persons, n_show=n_show, n_jobs=n_jobs, out_dir=out_dir)
signature_record = {task: {str(p): {"size_share": float(s.mean()),
                                    "muscles": [channels[m] for m in np.flatnonzero(s.any(axis=1))]}
                           for p, s in zip(persons_of[task], signatures[task])} for task in tasks}
path = write_results(out_dir, "emg_signatures", parameters, full.provenance.to_dict(), metrics,
                     signatures=signature_record,
                     persons_per_muscle={t: dict(zip(channels, persons_per_channel(signatures[t]))) for t in tasks},
                     amplitude_relevance_r={t: amplitude_r[t].as_dict() for t in tasks},
                     within_person_consistency={t: consistency[t].as_dict() for t in tasks},
                     recovery=recovery)
print(f"results: {path}")
