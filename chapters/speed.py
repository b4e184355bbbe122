# %% [markdown]
# # Does a gait signature survive a change of speed?
#
# Horst et al. recognise people from walking trials of one session at one self-chosen pace
# (Aeles et al. from the electromyogram of leg muscles while pedalling at set powers and
# while walking). A referee in biomechanics asks next whether what makes a gait unique is
# still there when the person walks slower or faster. This chapter answers on **real
# data** that ship inside the spm1d package ({term}`walking-speed forces`,
# {cite}`pataky2008`): 10 people, each walking 60 times, 20 trials at each of three
# {term}`speed categories <slow, normal and fast>` (slow, normal, fast), one
# {term}`vertical` {term}`ground reaction force` curve per {term}`stance` phase and trial.
# Every number below is computed by the run that built this page; with 10 people, every
# interval and test across people below has n = 10 (accuracies are mean ± SD over the
# folds, whose number each table gives), and all of it is {term}`within one session` as
# far as the data tell: they name no sessions, and nothing here tests recognition across
# days.

# %% tags=["parameters"]
dataset = "speed-grf"  # a data set from `movesig datasets`
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data sets "npz", "horst-2019" or one "aeles-2021" file
n_persons = None  # only the first n persons (None: all)
n_splits = 10  # chunks per person and speed (10 in the papers; 20 trials per speed here)
seed = 1234  # seed of the split permutation (1234 in the papers)
C = 0.1  # regularisation of the linear SVM
standardise = "feature"  # input scaling, fitted on training trials only
epsilon = 1e-5  # epsilon of the LRP rule
alpha = 0.05  # field-wise error rate of every SPM test
spm_iterations = 1000  # random permutations of the two-sample SPM tests
relevance_quantile = 0.9  # points at or above this quantile of |relevance| are 'high'
show_persons = None  # persons whose explanations are drawn (None: n_show spread over all ids)
n_show = 2  # how many persons to draw when show_persons is None
n_jobs = 2  # folds fitted in parallel (processes)
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from movesig.report import write_results
from movesig.studies.speed import Speed

study = Speed.from_namespace(globals())
study.data_section()

# %% [markdown]
# ## Recognised at one speed, at another, and over all of them
#
# Three protocols, all with the {term}`linear SVM` of the identification chapter:
#
# - **within a speed** (the papers' protocol): each speed's 20 trials per person are cut
#   into chunks, each chunk tested once by a model trained on the others;
# - **all speeds pooled**: the same on all 60 trials of each person, so every model sees
#   every speed in training (speed as a nuisance);
# - **across speeds**: trained on two speed categories, tested on the third, each way
#   round. Nothing of the test speed is seen in training.

# %%
study.accuracy()

# %% [markdown]
# ## How many training trials per person?
#
# Within each speed, the same model trained on 1, 2, ... chunks of each person's trials
# (the validation chunk included) and tested on the protocol's test chunks: the gap
# between these data's accuracies and the papers' (about 16 training trials per person in
# Horst et al. 2019) measured rather than guessed. Each cell: training trials per person
# (median), then the mean over people of each person's share recognised [95 % interval
# resampling people], n.

# %%
study.training_trials()

# %% [markdown]
# ## Is the loss across speeds a speed trend that everyone shares?
#
# Walking faster changes everyone's force curve in a similar way (higher peaks, a deeper
# valley). A model trained at two speeds and tested at the third meets that change as well
# as the person. Here every point of the curve gets its linear trend on the trial's
# measured speed (m/s) removed, the trend fitted on the **training speeds only**, and the
# across-speed test is repeated. Each row gives the mean over people of each person's
# share of held-out trials recognised, with a 95 % interval that resamples people; the
# claim pools the three held-out speeds and is controlled by the same adjustment with
# speeds shuffled among trials (a covariate that carries nothing).

# %%
study.speed_covariate()

# %% [markdown]
# ## Is the explanation the same at every speed?
#
# For each person and speed, the mean {term}`relevance` of their test trials (LRP with
# the {term}`ε-rule`, from the within-speed models); then, per person, the correlation of the maps at two speeds,
# averaged through {term}`Fisher's z` with a 95 % t-interval over the n people. A map could
# correlate across speeds only because every stance phase has the same double hump; the
# null column explains the same trials with the **next person's** weights (same folds):
# if the maps were not person-specific, it would correlate as well.

# %%
study.relevance_correlation()

# %% [markdown]
# ## Where in stance does the relevance change with speed?
#
# A correlation says *how much* two maps agree, not *where* they differ.
# {term}`Statistical parametric mapping <SPM>` {cite}`pataky2008` tests every point of the cycle and controls the
# error over the whole curve. Relevance is bounded and not Gaussian, so the test is the
# non-parametric paired t test over people (every one of the 2<sup>10</sup> sign flips:
# an exact test). Shaded: the supra-threshold clusters, with their p values.

# %%
study.spm_speeds()

# %% [markdown]
# ## Does the model look where the person differs? A model-free check
#
# Following Slijepcevic et al. {cite}`slijepcevic2021`, SPM on the *inputs*: where do one
# person's force curves differ from everyone else's (two-sample, non-parametric)? If the
# explanations point at what makes a person different, their high-relevance points
# (|R| in the top 10 % of that person's mean map, from the model trained on all speeds)
# should fall inside those regions more often than points placed at random, whose share
# is the share of significant points.

# %%
study.plausibility()

# %% [markdown]
# Every number above, with the parameters of this run and the data's provenance, is saved
# in `results.json` beside the figures.

# %%
write_results(out_dir, study);
