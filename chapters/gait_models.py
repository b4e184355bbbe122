# %% [markdown]
# # What makes a gait unique? Models and their explanations
#
# Horst et al. (2019) {cite}`horst2019` recognised people from the
# {term}`ground reaction forces <GRF>` (GRF) of a single walking trial with a
# {term}`linear SVM`, multilayer perceptrons and convolutional networks, and explained
# every decision with {term}`Layer-wise Relevance Propagation <LRP>` (LRP). This chapter
# runs
# all of their models on the data named below, explains them with zennit (the LRP library
# of the authors' group), and asks three questions: which model recognises a person best,
# what parts of the force curves the decisions rest on, and whether those explanations are
# faithful (a perturbation test). Every number on this page is computed by the run that
# built it; on real data, published numbers are printed beside ours, labelled as published
# (on synthetic data they are left out: they would not be comparable).

# %% tags=["parameters"]
dataset = "gaitrec"  # a data set from `movesig datasets` ("gaitrec", "synthetic-gait", "horst-2019", "npz")
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data sets "npz", "horst-2019" or one "aeles-2021" file
n_persons = None  # only the first n persons (None: all)
n_splits = 5  # chunks per person: 5 for GaitRec (5 trials each), 10 in the paper
seed = 1234  # seed of the split permutation, the networks and the perturbation noise
models = None  # names in movesig.models.MODELS; None: every registered model
iterations = 10000  # most SGD steps per learning rate (10000 in the paper)
standardise = None  # input scaling for every model ("feature", "channel", "range", "none"); None: each model's default
epsilon = 1e-5  # epsilon of the LRP rules
max_fraction = 0.49  # largest share of input values perturbed (0.49 in the paper)
fraction_step = 0.01  # step of the shares perturbed, from 0 (0.01 in the paper)
perturbations = ["additive", "mean", "other"]  # perturbation tests: additive (the paper's), mean and other (removal)
n_repeats = 10  # noise draws and random orders per share of the additive test (10 in the paper)
removal_repeats = 3  # donor draws and random orders per share of the removal tests
sigma = 1.0  # SD of the perturbation noise, in the unit `noise` names
noise = "feature_range"  # noise unit: "feature_range" or "channel_range" (inputs min-max scaled to [-1, 1]) or "scaled"
phase_bounds = [0, 20, 60, 100]  # edges of the stance phases (% of stance): loading, mid-stance, push-off
phase_names = ["loading", "mid-stance", "push-off"]
show_models = ["svm_c0.1", "mlp_1024", "cnn_a"]  # models whose per-person explanations are drawn
show_persons = None  # persons drawn (None: n_show spread over all ids)
n_show = 4  # how many persons to draw when show_persons is None
effect_size = 1.0  # synthetic data only: planted effect size d' (within-person SDs; 0: nothing planted)
effect_sizes = [0, 0.5, 1, 2, 3]  # synthetic data only: the d' values of the sweep
n_jobs = 2  # folds run in parallel (processes)
scheduler = None  # a Dask scheduler address (tcp://host:port): the same tasks on that cluster
device = "cpu"  # "cuda" to train the networks on a GPU
fold_batched = "auto"  # train the folds of a network at once: "auto" (on a GPU; on a CPU one fold at a time is faster), "always", "never"
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from movesig.report import write_results
from movesig.studies.gait_models import GaitModels

study = GaitModels.from_namespace(globals())
study.data_section()

# %% [markdown]
# ## Models and protocol
#
# The models are the paper's: a linear SVM (L2 penalty, squared hinge, one-vs-rest) at
# three values of C; a linear model trained by SGD on one-hot targets (least squares);
# multilayer perceptrons MLP (3, N) with two hidden ReLU layers of width N; CNN-A, one
# convolution whose kernel spans all channels and as many time steps; and CNN-C3, three
# small convolutions. Each trial is the six GRF channels (the {term}`vertical`,
# {term}`anterior–posterior` and {term}`medial–lateral` force under each foot) × time
# points of {term}`stance`, scaled with
# statistics of the training trials only: each input value z-scored, except for the linear
# model trained by SGD, whose least-squares training diverges on z-scored inputs and which
# gets every channel min-max scaled to [−1, 1], the range of the paper's inputs (the
# accuracy table names each model's scaling; `standardise` forces one for all). The
# networks are trained as in the paper: plain
# SGD, batches of 5, learning rates 0.005, 0.001 and 0.0005 with up to `iterations` steps
# each; every 250 steps the loss on the validation chunk is checked and the best parameters
# are kept; the CNNs stop a stage after 10 checks without improvement.
#
# The split protocol is the papers': one seeded permutation of all trials, then each
# person's trials in `n_splits` {term}`chunks <chunk>`, so every person is in every chunk.
# Fold *k* tests
# chunk *k*, validates on chunk *k + 1* and trains on the rest; every trial is tested once.
# Accuracy is given as mean ± SD over the folds.
#
# The training length is the parameter `iterations` above (10 000, the paper's value, unless
# this page was run with another; `-p device cuda` trains on a GPU). With `fold_batched`
# the folds of a network are trained at once, as one batched model: each fold keeps its own
# initialisation, batches, learning-rate stages, validation checks and early stop, and gets
# the weights it would get alone, to float round-off (a test checks); only the arithmetic
# is shared. How long each model took per fold is in the accuracy table.

# %% [markdown]
# ## Which model recognises a person best?
#
# Our accuracy per model (mean ± SD over the folds); on real data beside the accuracy the
# paper published. **Those published numbers come from other data**: 57 healthy people,
# about 20 trials each from one session (all 1142 test predictions pooled over 10 folds).
# They frame our numbers; they are not reproduced by them.

# %%
study.accuracy()

# %% [markdown]
# ## How much of the score do the inputs carry? The bias share
#
# LRP distributes a score over the input values. With the {term}`ε-rule` (ε as above) in
# every layer the input {term}`relevance` adds up to the explained pre-softmax score, except
# for what the biases absorb and the ε terms; for the CNNs the composite with the
# {term}`α2β1` rule (α = 2, β = 1) on the convolutions redistributes differently. We
# explain the score of the **true** person of
# every test trial, and of the **predicted** person (the two are the same map when the
# decision is right). The table gives the **bias share of the score**, the median of
# |Σ R − z| / |z| over test trials (what the inputs' relevance does not account for: the
# biases' part plus the ε terms; it is not an error of the method), and
# for the wrongly identified trials how alike the two maps are (mean Pearson r). For the
# one-vs-rest SVMs this ratio is large by construction: their scores sit near ±1 and the
# intercept carries a share of the same size, which LRP gives to the bias, not the input.

# %%
study.conservation()

# %% [markdown]
# ## What does each decision rest on?
#
# Each row is one person: their mean force curves coloured by their mean relevance (true
# person's score, ε-rule) over their test trials, scaled by its largest magnitude — red to
# yellow where the curve speaks *for* this person, blue where it speaks against, black where
# it does not matter. One figure per model in `show_models`.

# %%
study.relevance_persons()

# %% [markdown]
# Over all people: the share of absolute relevance per channel and per phase of stance
# (bounds in `phase_bounds`, % of stance). The phases differ in length (by default 20, 40
# and 40 % of stance), so relevance spread evenly over time would give shares in that
# proportion. Relevance lives on the scaled input the model sees. Convolutions without
# padding reach the first and last channel rows through fewer paths than the middle ones:
# CNN-C3's 3 × 3, 3 × 3 and 2 × 2 kernels over the six channel rows favour the middle
# rows, so its channel shares follow each channel's row in the input as much as the data
# (on GaitRec: the affected side's fore-aft, medial–lateral and vertical force, then the
# unaffected side's; the synthetic data keep that order with right and left).

# %%
study.shares()

# %% [markdown]
# These shares depend on the input scaling. Relevance is measured against the scaled
# input's zero: under per-value z-scoring that is the **training mean** of each value, and
# because every value then has unit variance, each of the six channels tends to get about a
# sixth of the relevance whatever the data. Under the paper's scaling (each channel min-max
# to [−1, 1] over the training trials) the reference is the middle of each channel's range,
# and a channel weighs with how much it varies between trials relative to that range. So
# the published 30 % per foot can only be compared with shares on the paper's scaling. The
# linear SVMs are refitted
# on the same folds under the scaling this run did not use (seconds); the networks are not
# (`-p standardise range` runs the whole page on the paper's scaling).

# %%
study.scaling()

# %% [markdown]
# ## Are the explanations faithful? The paper's perturbation test
#
# Noise is added to a growing share of each trial's values, most relevant first, least
# relevant first or at random; a faithful map should make accuracy fall fastest most
# relevant first. Below: the curves, the areas over them and what they say about the
# paper's claim.
#
# :::{dropdown} How the test works
# The paper's protocol: Gaussian noise of SD `sigma` is added to a growing share of each
# test trial's input values (0 to 49 % in 1 % steps; this run's shares and draws are given
# below the figure), in random order, most relevant first or least relevant first,
# `n_repeats` noise draws each (the same draws for every order).
# The paper's inputs were min-max scaled to [−1, 1]; with `noise = "feature_range"` the
# noise unit is half the range of each input value over the data set, noise of SD 1 on
# inputs so scaled. **What this test measures:** zero-mean noise changes a linear score
# Σ w·x by Σ w·noise, whose expectation is zero whatever the relevance x·w of the
# perturbed values; accuracy falls with the size of the weights where the noise lands. It
# measures the model's sensitivity there, not whether the explanation is faithful, and
# can therefore not say no to an explanation. On real data, dashed curves are the paper's
# random-order curves (published, other data). Below: the area over each curve
# ({term}`AOPC`, the drop from the unperturbed accuracy integrated over the shares) and
# the paired per-fold
# differences between orders, with 95 % t-intervals over the folds (n = folds).
# :::

# %%
study.perturbation()

# %% [markdown]
# ## Removal tests: do the explanations point at what the decision uses?
#
# Values are replaced, most relevant first, by the model's reference input or by another
# person's values; the tables say, per model, whether the curves fall in the order a
# faithful map predicts.
#
# :::{dropdown} How the test works
# Relevance on standardised inputs is measured against the model's reference input (the
# training mean, where the scaled input is 0): for a linear model, setting a value to it
# removes exactly that value's relevance. The **mean** test does so for a growing share of
# values, most relevant first, least relevant first or at random; the **other** test
# replaces them by the same values of a random training trial of another person (a
# realistic input, not an average). A faithful explanation orders the curves: most
# relevant first falls fastest, least relevant first slowest. Every order sees the same
# `removal_repeats` draws (random orders, donors), so the differences between orders are
# paired; removing in relevance order is deterministic for the mean test. The tables give
# the AOPC per
# order and the per-fold paired differences with their 95 % intervals; "yes" where both
# intervals lie above zero.
# :::

# %%
study.removal()

# %% [markdown]
# ## LRP among other explanation methods
#
# LRP beside gradient × input, integrated gradients, occlusion and a map without a model,
# scored by the same removal test.
#
# :::{dropdown} The methods and how they are compared
# The same decisions explained by LRP (ε; {term}`α2β1`, that is α = 2, β = 1, for the
# CNNs), {term}`gradient × input`, {term}`integrated gradients` (20 steps from the
# reference input) and {term}`occlusion` (windows of 5 points of one channel set to the
# reference), and by a model-free baseline, the {term}`contrast map` of the trials each
# fold did not test (|person mean − mean| over the within-person SD).
# Every method explained each decision in the fold that made it, in the same cross-
# validation
# as LRP, and all are scored by the mean removal test above (on the explained score, paired
# per fold, n = folds), against its random order (the same draws and perturbation runs;
# here the area is that of the explained score, there of the accuracy, so the numbers
# differ; without that test there is no comparison), and, on synthetic data, by their
# recovery AUC
# against the planted features and the oracle map. Only the models in `show_models` are
# compared. For a linear model the gradient methods equal x·w, LRP-ε too up to ε; for
# networks of ReLUs LRP-ε with a small ε equals gradient × input, a known identity that
# the table shows.
# :::

# %%
study.methods()

# %% [markdown] tags=["synthetic-only"]
# ## Does LRP find what is there?
#
# Only synthetic data know the truth: the generator planted, for every person, a few
# localised bumps on known channels and moments, at a height of `effect_size` within-person
# SDs ({term}`d′`), on top of person differences drawn from the statistics of real people.
# For
# each model we take each person's K most relevant points (mean relevance over their test
# trials, K the number of planted points of that person) and count how many lie on a
# planted bump: the precision at the planted area (chance: K over all points). The AUC is
# threshold-free: the probability that |relevance| at a planted point exceeds that at an
# unplanted one (0.5: chance). "Oracle map" scores against the true discriminability
# (each person's true mean minus the population mean, over the within-person SD; its top
# 10 % of points), which includes the realistic person differences the mask does not mark.
# The contrast map is a baseline without a model: the same quantity estimated from the
# data.

# %% tags=["synthetic-only"]
study.recovery()

# %% [markdown] tags=["synthetic-only"]
# ## How close is the generator to real data? (synthetic pages)
#
# The same statistics on the synthetic data and on GaitRec's 62
# {term}`healthy controls <healthy control>`, at the
# size of the real set (62 people × 5 trials): how much of the variance lies between
# people (ICC), over how many dimensions the trial-to-trial and the between-person
# variation spread (participation ratios), and how well a nearest-centroid classifier and
# the linear SVM identify people. The generator is calibrated to exactly these data
# (`movesig.data.synthetic.calibration`), so closeness here is by construction for the
# variances and a check for the classifiers.

# %% tags=["synthetic-only"]
study.validation()

# %% [markdown] tags=["synthetic-only"]
# ## Can the synthetic study fail? The planted effect size (synthetic pages)
#
# The same generator with the planted bumps at d′ = 0 (nothing planted), and growing. At
# d′ = 0 the recovery AUC is the reference (near 0.5 unless the masks lie where every
# person's relevance is systematically high or low); if recovery came from the method
# rather than from what was planted, it would not rise above that reference with d′.

# %% tags=["synthetic-only"]
study.effect_size_sweep()

# %% [markdown]
# Every number above, with the parameters of this run and the data's provenance, is saved
# in `results.json` beside the figures.

# %%
write_results(out_dir, study);
