# %% [markdown]
# # Who is walking? Recognising a person from ground reaction forces
#
# Horst et al. (2019) {cite}`horst2019` showed that a single walking trial — the
# {term}`ground reaction forces <GRF>` under both feet during one {term}`stance` phase — is
# enough to tell who walked, and used {term}`Layer-wise Relevance Propagation <LRP>` (LRP)
# to show *which parts* of the force curves each decision rests on.
# This chapter reproduces the first step with the simplest of their models, a
# {term}`linear support vector machine <linear SVM>` (linear SVM), on real data: the
# {term}`GaitRec subset` of 194 people with five trials each {cite}`horsak2020,slijepcevic2021`:
# per trial six force curves, the {term}`vertical`, {term}`anterior–posterior` (fore-aft)
# and {term}`medial–lateral` force under each foot. Every number below is computed by the
# run that built this page; the parameters of the run are in the next cell and in
# `results.json` beside the figures.

# %% tags=["parameters"]
dataset = "gaitrec"  # a data set from `movesig datasets`
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data sets "npz", "horst-2019" or one "aeles-2021" file
n_persons = None  # only the first n persons (None: all)
n_splits = 5  # chunks per person: 5 for GaitRec (5 trials each), 10 in the papers
seed = 1234  # seed of the split permutation (1234 in the papers)
C = 0.1  # regularisation of the linear SVM (0.1 in the paper's figures)
standardise = "feature"  # "feature", "channel" or "none"; fitted on training folds only
compare_standardise = True  # also run the other scaling modes, for comparison
epsilon = 1e-5  # epsilon of the LRP rule
show_persons = None  # persons whose explanations are drawn (None: n_show spread over all ids)
n_show = 4  # how many persons to draw when show_persons is None
phase_bounds = [0, 20, 60, 100]  # edges of the stance phases (% of stance)
phase_names = ["loading", "mid-stance", "push-off"]  # names of the stance phases
alpha = 0.05  # field-wise error rate of the SPM tests
spm_iterations = 1000  # random permutations of the SPM tests
n_jobs = 2  # folds fitted in parallel
scheduler = None  # a Dask scheduler address (tcp://host:port): the same tasks on that cluster
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from movesig.report import write_results
from movesig.studies.identification import Identification

study = Identification.from_namespace(globals())
study.data_section()

# %% [markdown]
# ## Protocol
#
# The papers' protocol: one permutation of all trials (seed as above), then each person's
# trials are cut into `n_splits` chunks, so every person is in every chunk. Fold *k*
# tests on chunk *k*, keeps chunk *k + 1* for validation and trains on the rest; every
# trial is tested exactly once. The SVM has nothing to validate and never sees chunk
# *k + 1*: it trains on `n_splits` − 2 chunks (3 of GaitRec's 5 trials per person), as the
# networks of the next chapter do. The linear SVM (L2 penalty, squared hinge, one-vs-rest)
# sees each trial as one vector of all channels × time points; the scaling is fitted on
# the training trials of each fold only. Accuracy is the share of test trials whose person
# is recognised, given as mean ± SD over the folds.

# %%
study.accuracy()

# %% [markdown]
# How much does the scaling matter? `"feature"` z-scores every channel × time value (as
# scikit-learn's `StandardScaler`); `"channel"` uses one mean and SD per force channel,
# keeping each curve's shape; `"range"` scales every channel min-max to [−1, 1], the
# range of the paper's inputs; `"none"` feeds the forces as they are.

# %%
study.scaling()

# %% [markdown]
# ## Published figures, side by side
#
# The published numbers come from **other data** (Horst et al. 2019: 57 healthy people,
# about 20 trials each, one session; Horst et al. 2023 {cite}`horst2023`: 671 people from three public data
# sets), so they frame our result rather than being reproduced by it. Like theirs, our
# result is identification **{term}`within one session`**, as far as the data tell: the GaitRec
# subset does not name the session of a trial, and nothing on this page tests recognition
# across days.

# %%
study.published()

# %% [markdown]
# ## How many training trials per person?
#
# The published accuracies were reached with more training trials per person than these
# data hold (about 16 in Horst et al. 2019, at most 6 in Horst et al. 2023; here, the
# protocol trains on all but the test and the validation chunk). The same model is
# therefore trained on 1, 2, ... chunks of each person's trials, the validation chunk
# included, and tested on the protocol's test chunks: each point is the mean over people
# of each person's share of trials recognised, with a 95 % interval that resamples people.
# The claim compares the most with the fewest training trials, against the same gain with
# the person labels shuffled.

# %%
study.training_trials()

# %% [markdown]
# ## What each decision rests on: LRP
#
# For a linear model the score of person *c* is *z*<sub>c</sub> = Σ<sub>i</sub> *x*<sub>i</sub> *w*<sub>ci</sub> + *b*<sub>c</sub>,
# and LRP's {term}`ε-rule` gives every input value its share
# *R*<sub>i</sub> = *x*<sub>i</sub> *w*<sub>ci</sub> · *z*<sub>c</sub> / (*z*<sub>c</sub> + ε sign *z*<sub>c</sub>),
# the bias keeping the rest. We explain the score of the *true*
# person of every test trial, using the model of the fold that tested it. The same
# weights written into a `torch.nn.Linear` layer and explained with zennit's ε-rule must
# give the same relevance: the largest difference over all test trials is printed below,
# with the largest conservation error |Σ<sub>i</sub> *R*<sub>i</sub> + *R*<sub>b</sub> − *z*<sub>c</sub>|.

# %%
study.zennit_check()

# %% [markdown]
# Each row below is one person: their mean force curves (over their trials), coloured by
# their mean relevance scaled by its largest magnitude — yellow and red where the curve
# speaks *for* this person, blue where it speaks against, black where it does not matter.

# %%
study.relevance_persons()

# %% [markdown]
# Over all people, how is the relevance shared between the six force channels? (Share of
# absolute relevance of the true person's score, over all test trials.)

# %%
study.channel_shares()

# %% [markdown]
# ## Is a patient's gait as unique as a healthy one?
#
# Both papers recognise healthy people. GaitRec's subset is mostly patients: 62
# {term}`healthy controls <healthy control>` and 43 hip, 52 knee and 37 ankle patients (by
# the joint their gait disorder affects), all recognised here by one model
# among all of them, within one session. Per class: the share of its trials recognised
# (with an exact Clopper-Pearson interval that treats trials as independent, which they
# are not quite: five per person), and the mean of the per-person accuracies with a 95 %
# percentile-bootstrap interval over its people ({term}`person-level bootstrap`; n people stated; an interval of
# [100.0, 100.0] means every person of the class was recognised in every trial, and the
# trial interval is then the informative bound). The tests compare per-person accuracies across the classes
# (Kruskal-Wallis) and healthy controls against all patients (Mann-Whitney U); both are
# rank tests, as per-person accuracies over five trials take only six values.

# %%
study.by_class()

# %% [markdown]
# The healthy controls alone, cross-validated among themselves, are the analogue of Horst
# et al.'s healthy sample; their published accuracy is from other data (57 people, 20
# trials each) and is printed as such.

# %%
study.healthy_only()

# %% [markdown]
# Where do the decisions rest, per class? Shares of absolute relevance per channel, per
# stance phase and on the affected side (for the healthy controls, "affected" is the side
# the data set labels so). Relevance is measured against the training mean of each input
# (the reference point of standardised inputs), so the shares depend on the scaling:
# per-feature z-scoring gives every channel a comparable range; the paper's scaling
# (each channel min-max to [−1, 1], `"range"`) keeps the channels' relative sizes.

# %%
study.class_relevance()

# %% [markdown]
# Where in stance does relevance differ between healthy controls and patients? For each
# person, the mean |relevance| of their trials; then, per channel, a two-sample
# non-parametric SPM test ({term}`statistical parametric mapping <SPM>` {cite}`pataky2008`) of healthy
# against patient maps, with control of the error over the whole curve (of each channel:
# six channels are six tests, not corrected across channels).

# %%
study.spm_classes()

# %% [markdown]
# Every number above, with the parameters of this run and the data's provenance, is saved
# in `results.json` beside the figures.

# %%
write_results(out_dir, study);
