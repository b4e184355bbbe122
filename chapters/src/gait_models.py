# %% [markdown]
# # What makes a gait unique? Models and their explanations
#
# Horst et al. (2019) recognised people from the ground reaction forces (GRF) of a single
# walking trial with a linear SVM, multilayer perceptrons and convolutional networks, and
# explained every decision with Layer-wise Relevance Propagation (LRP). This chapter runs
# all of their models on the data named below, explains them with zennit (the LRP library
# of the authors' group), and asks three questions: which model recognises a person best,
# what parts of the force curves the decisions rest on, and whether those explanations are
# faithful (a perturbation test). Every number on this page is computed by the run that
# built it; published numbers are printed beside ours, labelled as published.

# %% tags=["parameters"]
dataset = "gaitrec"  # a data set from `movesig datasets` ("gaitrec", "synthetic-gait", "horst-2019", "npz")
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data sets "npz" and "horst-2019"
n_persons = None  # only the first n persons (None: all)
n_splits = 5  # chunks per person: 5 for GaitRec (5 trials each), 10 in the paper
seed = 1234  # seed of the split permutation, the networks and the perturbation noise
models = ["svm_c0.1", "svm_c1", "svm_c10", "linear_sgd", "mlp_64", "mlp_256", "mlp_1024", "cnn_a", "cnn_c3"]
iterations = 10000  # most SGD steps per learning rate (10000 in the paper)
standardise = None  # input scaling for every model ("feature", "channel", "range", "none"); None: each model's default
epsilon = 1e-5  # epsilon of the LRP rules
fractions = [0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.49]  # shares of input values perturbed
n_repeats = 10  # noise draws (and random orders) per share
sigma = 1.0  # SD of the perturbation noise, in the unit `noise` names
noise = "feature_range"  # noise unit: "feature_range" or "channel_range" (inputs min-max scaled to [-1, 1]) or "scaled"
phase_bounds = [0, 20, 60, 100]  # edges of the stance phases (% of stance): loading, mid-stance, push-off
phase_names = ["loading", "mid-stance", "push-off"]
show_models = ["svm_c0.1", "mlp_1024", "cnn_a"]  # models whose per-person explanations are drawn
show_persons = None  # persons drawn (None: n_show spread over all ids)
n_show = 4  # how many persons to draw when show_persons is None
n_jobs = 2  # folds run in parallel (processes)
device = "cpu"  # "cuda" to train the networks on a GPU
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
import time
from pathlib import Path

import numpy as np
from IPython.display import display

from movesig.book import data_note, table
from movesig.data import load_with_truth
from movesig.identification import mean_by_person, pick_persons, relevance_share_by_region
from movesig.model_comparison import DEFAULT_SCALING, MODELS, evaluate_models
from movesig.plots import (plot_model_accuracy, plot_perturbation, plot_person_relevance, plot_planted_precision,
                           plot_region_shares, save_figure)
from movesig.published import (HORST_2019_ACCURACY, HORST_2019_PERTURBATION_FRACTIONS,
                               HORST_2019_PERTURBATION_RANDOM, HORST_2019_SOURCE, HORST_2019_VERTICAL_SHARE)
from movesig.recovery import planted_precision
from movesig.results import write_results
from movesig.splits import PersonChunkSplit

started = time.perf_counter()
figures = Path(out_dir) / "figures"
unknown = [m for m in models + show_models if m not in MODELS]
if unknown:
    raise ValueError(f"unknown model(s) {unknown}; choose from {list(MODELS)}")
if len(phase_names) != len(phase_bounds) - 1:
    raise ValueError(f"phase_names needs {len(phase_bounds) - 1} names for phase_bounds {phase_bounds}")
data, truth = load_with_truth(dataset, data_dir=data_dir, file=data_file, min_trials=n_splits)
data = data.first_persons(n_persons)
data_note(data)

# %% [markdown]
# ## Models and protocol
#
# The models are the paper's: a linear SVM (L2 penalty, squared hinge, one-vs-rest) at
# three values of C; a linear model trained by SGD on one-hot targets (least squares);
# multilayer perceptrons MLP (3, N) with two hidden ReLU layers of width N; CNN-A, one
# convolution whose kernel spans all channels and as many time steps; and CNN-C3, three
# small convolutions. Each trial is the six GRF channels × time points, scaled with
# statistics of the training trials only: each input value z-scored, except for the linear
# model trained by SGD, whose least-squares training diverges on z-scored inputs and which
# gets every channel min-max scaled to [−1, 1], the range of the paper's inputs (the
# accuracy table names each model's scaling; `standardise` forces one for all). The networks are trained as in the paper: plain
# SGD, batches of 5, learning rates 0.005, 0.001 and 0.0005 with up to `iterations` steps
# each; every 250 steps the loss on the validation chunk is checked and the best parameters
# are kept; the CNNs stop a stage after 10 checks without improvement.
#
# The split protocol is the papers': one seeded permutation of all trials, then each
# person's trials in `n_splits` chunks, so every person is in every chunk. Fold *k* tests
# chunk *k*, validates on chunk *k + 1* and trains on the rest; every trial is tested once.
# Accuracy is given as mean ± SD over the folds.
#
# The training length is the parameter `iterations` above (10 000, the paper's value, unless
# this page was run with another; `-p device cuda` trains on a GPU). How long each model
# took per fold is in the accuracy table.

# %%
splitter = PersonChunkSplit(n_splits=n_splits, random_state=seed)
evaluations = evaluate_models(models, data, splitter, iterations=iterations, standardise=standardise,
                              epsilon=epsilon, fractions=fractions, n_repeats=n_repeats, sigma=sigma, noise=noise,
                              random_state=seed, n_jobs=n_jobs, device=device)
summaries = {name: ev.summary() for name, ev in evaluations.items()}
labels = {name: MODELS[name] for name in models}

# %% [markdown]
# ## Which model recognises a person best?
#
# Our accuracy per model (mean ± SD over the folds) beside the accuracy the paper
# published. **The published numbers come from other data**: 57 healthy people, about 20
# trials each from one session (all 1142 test predictions pooled over 10 folds). They frame
# our numbers; they are not reproduced by them.

# %%
table({
    "accuracy % (ours, mean ± SD)": [f"{100 * s['accuracy_mean']:.2f} ± {100 * s['accuracy_sd']:.2f}"
                                     for s in summaries.values()],
    "folds": [s["n_folds"] for s in summaries.values()],
    "input scaling": [standardise or DEFAULT_SCALING[m] for m in models],
    "training s / fold": [f"{s['fit_seconds_mean']:.1f}" for s in summaries.values()],
    "accuracy % (published, other data)": [f"{HORST_2019_ACCURACY[m]:.2f}" if m in HORST_2019_ACCURACY
                                           else "not reported here" for m in models],
}, index=list(labels.values()))

# %%
fig = plot_model_accuracy({labels[m]: evaluations[m].accuracy for m in models},
                          published={labels[m]: v for m, v in HORST_2019_ACCURACY.items() if m in labels},
                          title=f"Person identification, {data.provenance.name}")
save_figure(fig, figures, "gait_models_accuracy")

# %%
print(f"Published numbers: {HORST_2019_SOURCE}.")

# %% [markdown]
# ## Are the explanations sound? Conservation
#
# LRP distributes a score over the input values. With the ε-rule (ε as above) in every
# layer the input relevance adds up to the explained pre-softmax score, except for what the
# biases absorb and the ε terms; for the CNNs the composite with α = 2, β = 1 on the
# convolutions redistributes differently. We explain the score of the **true** person of
# every test trial, and of the **predicted** person (the two are the same map when the
# decision is right). The table gives the median of |Σ R − z| / |z| over test trials, and
# for the wrongly identified trials how alike the two maps are (mean Pearson r). For the
# one-vs-rest SVMs this ratio is large by construction: their scores sit near ±1 and the
# intercept carries a share of the same size, which LRP gives to the bias, not the input.

# %%
rules = ["epsilon", "epsilon_predicted", "alpha2beta1"]
table({
    **{f"median |ΣR − z| / |z|, {r}": [f"{s[f'conservation_{r}_median']:.2e}" if f"conservation_{r}_median" in s
                                       else "—" for s in summaries.values()] for r in rules},
    "wrong decisions": [s["n_misclassified"] for s in summaries.values()],
    "r(true map, predicted map), wrong decisions": [
        f"{s['true_vs_predicted_r_misclassified']:.3f}" if "true_vs_predicted_r_misclassified" in s else "—"
        for s in summaries.values()],
}, index=list(labels.values()))

# %% [markdown]
# ## What does each decision rest on?
#
# Each row is one person: their mean force curves coloured by their mean relevance (true
# person's score, ε-rule) over their test trials, scaled by its largest magnitude — red to
# yellow where the curve speaks *for* this person, blue where it speaks against, black where
# it does not matter. One figure per model in `show_models`.

# %%
shown = pick_persons(data.persons, n_show, show_persons)
_, mean_x = mean_by_person(data.X, data.person, shown)
for name in show_models:
    if name not in evaluations:
        continue
    _, mean_r = mean_by_person(evaluations[name].relevance["epsilon"], data.person, shown)
    fig = plot_person_relevance(mean_x, mean_r, shown, data.channels, data.time, data.time_axis, data.units,
                                title=labels[name])
    save_figure(fig, figures, f"gait_models_relevance_persons_{name}")

# %% [markdown]
# Over all people: the share of absolute relevance per channel and per phase of stance
# (bounds in `phase_bounds`, % of stance). The phases differ in length (by default 20, 40
# and 40 % of stance), so relevance spread evenly over time would give shares in that
# proportion. Relevance lives on the scaled input the model sees. The paper reports for
# CNN-A that the vertical GRF carries most relevance, about 30 % per foot (published, other
# data); the table gives ours per model.

# %%
shares = {name: relevance_share_by_region(ev.relevance["epsilon"], data.time, phase_bounds)
          for name, ev in evaluations.items()}
channel_share = {name: s.sum(axis=1) for name, s in shares.items()}
phase_share = {name: s.sum(axis=0) for name, s in shares.items()}
display(table({**{ch: [f"{100 * channel_share[m][i]:.1f}" for m in models] for i, ch in enumerate(data.channels)},
               **{ph: [f"{100 * phase_share[m][i]:.1f}" for m in models] for i, ph in enumerate(phase_names)}},
              index=list(labels.values())))
vertical = [i for i, ch in enumerate(data.channels) if "vertical" in ch]
if vertical:
    display(table({"vertical GRF share per foot %": [f"{100 * np.mean(channel_share[m][vertical]):.1f}" for m in models]
                   + [f"{100 * HORST_2019_VERTICAL_SHARE:.0f} (CNN-A)"]},
                  index=list(labels.values()) + ["published (other data)"]))
fig = plot_region_shares({labels[m]: shares[m] for m in show_models if m in shares}, data.channels, phase_names)
save_figure(fig, figures, "gait_models_relevance_shares")

# %% [markdown]
# ## Are the explanations faithful? The perturbation test
#
# Gaussian noise of SD `sigma` is added to a growing share of each test trial's input
# values, either in random order (`n_repeats` orders and noise draws) or in order of LRP
# relevance, most relevant first (`n_repeats` noise draws). The paper's inputs were min-max
# scaled to [−1, 1]; with `noise = "feature_range"` the noise unit is half the range of each
# input value over the data set, which is noise of SD 1 on inputs so scaled
# (`"channel_range"`: the range of each channel; `"scaled"`: the SD of each value over the
# training trials). If the relevance points at what the model uses, accuracy falls faster
# in relevance order. The area over the perturbation curve (AOPC, the mean drop from the
# unperturbed accuracy) summarises each curve. The paper's random-order curves (dashed)
# come from other data.

# %%
published_curves = {labels[m]: (HORST_2019_PERTURBATION_FRACTIONS, v) for m, v in HORST_2019_PERTURBATION_RANDOM.items()
                    if m in labels}
fig = plot_perturbation(fractions, {labels[m]: {o: ev.curve(o) for o in ev.perturbation}
                                    for m, ev in evaluations.items()}, published=published_curves)
save_figure(fig, figures, "gait_models_perturbation")
orders = ["random", "relevance (epsilon)", "relevance (alpha2beta1)"]
table({f"AOPC, {o}": [f"{summaries[m]['aopc_' + evaluations[m].key(o)]:.4f}"
                      if o in evaluations[m].perturbation else "—" for m in models] for o in orders},
      index=list(labels.values()))

# %% [markdown]
# The paper's claim: the relevance-ordered curve lies below the random one. Where it
# does, at 5, 10 and 20 % perturbed, and where it does not:

# %%
checks = [a for a in (0.05, 0.1, 0.2) if np.isclose(fractions, a).any()]
verdict = {m: ev.relevance_below_random(checks) for m, ev in evaluations.items()}
rows, index = [], []
for m in models:
    for order, below in verdict[m].items():
        index.append(f"{labels[m]}, {order}")
        rows.append(["below" if b else "NOT below" for b in below.values()])
table({f"{100 * a:g} % perturbed": [r[i] for r in rows] for i, a in enumerate(checks)}, index=index)

# %%
failures = [f"{labels[m]} ({order}) at {', '.join(f'{100 * a:g} %' for a, b in below.items() if not b)}"
            for m in models for order, below in verdict[m].items() if not all(below.values())]
print("Relevance order below random order at every checked share for every model." if not failures else
      "Relevance order NOT below random order for: " + "; ".join(failures))

# %% [markdown]
# ## Does LRP find what is there?
#
# Only synthetic data know the truth: the generator planted, for every person, a few
# localised bumps on known channels and moments. For each model we take each person's K
# most relevant points (mean relevance over their test trials, K the number of planted
# points of that person) and count how many lie on a planted bump: the precision at the
# planted area. Chance is K divided by all channel × time points.

# %%
recovery = {}
if truth is not None:
    mask = truth.mask(data.task[0])[np.searchsorted(truth.persons, data.persons)]
    precision = {}
    for m, ev in evaluations.items():
        _, mean_r = mean_by_person(ev.relevance["epsilon"], data.person, data.persons)
        precision[m], chance = planted_precision(mean_r, mask)
        recovery[m] = {"precision_mean": float(np.nanmean(precision[m])), "precision_min": float(np.nanmin(precision[m])),
                       "chance": float(chance.mean()), "precision_per_person": precision[m]}
    display(table({"precision at planted area % (mean)": [f"{100 * recovery[m]['precision_mean']:.1f}" for m in models],
                   "lowest person %": [f"{100 * recovery[m]['precision_min']:.1f}" for m in models],
                   "chance %": [f"{100 * recovery[m]['chance']:.1f}" for m in models]}, index=list(labels.values())))
    fig = plot_planted_precision({labels[m]: precision[m] for m in models}, float(chance.mean()))
    save_figure(fig, figures, "gait_models_planted_precision")
else:
    print(f"{data.provenance.name} is measured data: nothing was planted, so there is no truth to score against.")

# %%
seconds = time.perf_counter() - started
parameters = dict(dataset=dataset, data_dir=data_dir, data_file=data_file, n_persons=n_persons, n_splits=n_splits,
                  seed=seed, models=models, iterations=iterations, standardise=standardise, epsilon=epsilon,
                  fractions=fractions, n_repeats=n_repeats, sigma=sigma, noise=noise, phase_bounds=phase_bounds,
                  phase_names=phase_names, show_models=show_models, show_persons=show_persons, n_show=n_show,
                  n_jobs=n_jobs, device=device, out_dir=out_dir)
path = write_results(out_dir, "gait_models", parameters, data.provenance.to_dict(), summaries,
                     labels=labels, relevance_share_per_channel={m: dict(zip(data.channels, v))
                                                                 for m, v in channel_share.items()},
                     relevance_share_per_phase={m: dict(zip(phase_names, v)) for m, v in phase_share.items()},
                     planted_recovery=recovery, published={"source": HORST_2019_SOURCE,
                                                           "accuracy_percent": HORST_2019_ACCURACY,
                                                           "perturbation_random_percent": HORST_2019_PERTURBATION_RANDOM},
                     persons_shown=shown, seconds=seconds)
print(f"results: {path}; the run took {seconds:.0f} s")
