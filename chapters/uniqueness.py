# %% [markdown]
# # How unique is a gait?
#
# The chapters before this one ask whether a person can be recognised among the people a
# model was trained on: closed-set identification, within one session. Biometrics asks
# three further questions of a trait, and this page puts them to one data set, named under
# the title (the book's main run: the walking forces of GaitRec {cite}`horsak2020`; others:
# the speed data and the pedalling EMG), with the linear SVM of the identification chapter:
#
# - **Capacity**: how does accuracy fall as more people are enrolled, and what would it be
#   for the 671 people of Horst et al. (2023) {cite}`horst2023` or for GaitRec and the
#   Gutenberg Gait Database together (2 295 people)?
# - **Verification**: is a trial's score for its own person higher than its scores for
#   everyone else (the equal error rate and the detection error trade-off, in the terms of
#   ISO/IEC 19795-1)?
# - **People never enrolled** (the open set): how often is a stranger's single trial taken
#   for someone enrolled, and how many enrolled people are still recognised when the
#   threshold keeps strangers out?
#
# Every interval resamples people. What data with one session per person cannot answer is
# said at the end: whether a movement survives a new day.

# %% tags=["parameters"]
dataset = "gaitrec"  # a data set from `movesig datasets`
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data sets "npz", "horst-2019" or one "aeles-2021" file
n_persons = None  # only the first n persons (None: all)
n_splits = 5  # chunks per person: 5 for GaitRec (5 trials each), 10 in the papers
seed = 1234  # seed of the split permutation (1234 in the papers)
C = 0.1  # regularisation of the linear SVM
standardise = "feature"  # input scaling, fitted on training folds only
sizes = [10, 20, 50, 100]  # people enrolled per draw, besides everyone
n_draws = 5  # draws of people per size (disjoint where the people suffice)
targets = [671, 2295]  # people the capacity fit is extrapolated to
fmr = [0.01, 0.001]  # false match rates at which the false non-match rate is given
far = 0.01  # false alarm rate of the open-set test (strangers' probes accepted)
enrol_share = 0.5  # share of people enrolled in the open-set test (then the halves swap)
n_boot = 1000  # people resampled for every interval
n_jobs = 2  # folds fitted in parallel
scheduler = None  # a Dask scheduler address (tcp://host:port): the same tasks on that cluster
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from movesig.report import write_results
from movesig.studies.uniqueness import Uniqueness

study = Uniqueness.from_namespace(globals())
study.data_section()

# %% [markdown]
# ## Capacity: accuracy as people are added
#
# For each number of people, several sets of people are drawn (sharing no person where the
# data have enough people), and each set is cross-validated among itself by the papers'
# protocol. A straight line of accuracy against the logarithm of the number of people is
# fitted to the draws and extrapolated; Horst et al. (2023) stand beside it as a published
# point on other data.

# %%
study.capacity()

# %% [markdown]
# ## Verification: one's own score against everyone else's
#
# Each tested trial has one *genuine* score (its model's score for its own person) and an
# *impostor* score for every other person. A threshold on the score accepts some impostors
# (false match rate) and rejects some genuine trials (false non-match rate); where both are
# equal is the equal error rate.

# %%
study.verification()

# %% [markdown]
# ## People never enrolled
#
# Half of the people are enrolled and cross-validated; the other half are strangers, whose
# every trial is scored by models that never saw them. Then the halves swap. A probe is
# accepted when its best score reaches the threshold, and identified when that best score
# is its own person's.

# %%
study.open_set()

# %% [markdown]
# ## Across days

# %%
study.sessions()

# %% [markdown]
# Every number above, with the parameters of this run and the data's provenance, is saved
# in `results.json` beside the figures.

# %%
write_results(out_dir, study);
