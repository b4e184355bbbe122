# %% [markdown]
# # How stable is a muscle activation signature?
#
# A {term}`signature` is only interesting if it belongs to the person rather than to the
# day, the power output or the training set. Aeles et al. (2021) {cite}`aeles2021` recorded
# the {term}`EMG` of eight leg muscles — {term}`vastus lateralis <VL>` (VL),
# {term}`rectus femoris <RF>` (RF), {term}`vastus medialis <VM>` (VM),
# {term}`gastrocnemius lateralis <GL>` (GL), {term}`gastrocnemius medialis <GM>` (GM),
# {term}`soleus <SOL>` (SOL), {term}`tibialis anterior <TA>` (TA) and
# {term}`biceps femoris <BF>` (BF) — of each participant {term}`walking` and
# {term}`pedalling` on two days ({term}`day 1 and day 2`), pedalling at two power outputs
# ({term}`150 W`, the baseline, and {term}`80 W`) and in two further pedalling conditions
# named "10 %" and "15 %" in the authors' files (`10perc`, `15perc`: the
# {term}`10 % and 15 % conditions`), and compared each person's {term}`relevance` maps
# between conditions. (In the files, `150W-day1` is pedalling at 150 W on day 1 and
# `day2` walking on day 2.) This chapter repeats those
# comparisons: a person's mean relevance in one condition is correlated (Pearson r) with
# their mean relevance in another, and the r values are averaged over people through
# {term}`Fisher's z` with a 95 % confidence interval (n, the number of persons, beside it).
# For robustness, a model trained on all day-1 {term}`baseline <baseline condition>` cycles
# must recognise the same people in the other conditions.

# %% tags=["parameters"]
dataset = "synthetic-emg"  # "synthetic-emg", or "aeles-2021" with the study's files in the data directory
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR)
data_file = None  # the file, for the data sets "npz", "horst-2019" or one "aeles-2021" file
n_persons = None  # only the first n persons (None: all)
n_splits = 10  # chunks per person for the baseline cross-validation
seed = 1234  # seed of the split permutation and the solver
C = 0.01  # regularisation of the linear SVM
threshold = 0.2  # signature threshold (normalised relevance)
share = 1.0  # share of a person's cycles above the threshold
epsilon = 1e-5  # epsilon of the LRP rule
effect_size = 1.0  # synthetic data only: planted effect size d' (within-person SDs; 0: nothing planted)
signature_change = 0.0  # synthetic data only: share of planted bursts that move between conditions (1: a negative control)
alpha = 0.05  # field-wise error rate of the SPM tests
spm_iterations = 1000  # random sign flips of the paired SPM tests (all of them up to 12 people)
n_jobs = 2  # folds fitted in parallel
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from movesig.report import write_results
from movesig.studies.emg_stability import EmgStability

study = EmgStability.from_namespace(globals())
study.data_section()

# %% [markdown]
# ## Baseline: identification and relevance of day 1
#
# Every day-1 baseline cycle is identified and explained by the cross-validation model
# that held it out (the papers' protocol); these relevance maps are the reference.

# %%
study.baseline()

# %% [markdown]
# ## Robustness: train on day 1, test on every other condition
#
# One model per task is trained on *all* day-1 baseline cycles and identifies every cycle
# of each other condition; those cycles are explained for their own person. Per person
# and condition pair we report the Pearson r between the mean relevance maps, first as the
# authors draw them (each cycle's positive relevance divided by its maximum: the primary
# number), then on the signed maps (an extra), averaged through Fisher's z with a 95 %
# interval and n persons, and the Jaccard index between the two signatures.
#
# **Walking against pedalling.** The same person's baseline relevance in the two tasks
# (only where both tasks are present): a high r would mean one signature serves both
# movements. All comparisons are of recordings of the same people; the day-1 and day-2 comparisons are
# the only ones across sessions.
#
# **The shared-weight null.** Both of a person's maps are made with the same day-1
# weights, so they can be alike from the weights alone. The column "shared-weight null"
# correlates each person's day-1 map with the map of *another* person's cycles of the
# other condition, explained for the first person's score with the same weights: a
# person's r between conditions says something about the person only where it exceeds
# this null, and the claim below is tested against it.

# %%
study.conditions()

# %% [markdown]
# On synthetic data (the default) the walking and pedalling signatures differ by
# construction: each task's planted muscles are drawn independently of the other task's,
# so their low r is planted, not found.
#
# The published paper reports these comparisons qualitatively here: its abstract states
# that the signatures are highly consistent between conditions and across days; its
# numbers are not reported here.

# %% [markdown]
# ## Where in the cycle does relevance change with the condition?
#
# A correlation near 1 can hide a local change.
# {term}`Statistical parametric mapping <SPM>` {cite}`pataky2008` tests every point of the
# cycle, per muscle, pairing each person's mean
# baseline map with their map in the other condition (non-parametric paired t test; every
# sign flip up to 12 people, else random sign flips; the error is controlled over each
# muscle's cycle, not across the eight muscles). On synthetic data (the default), the
# generator plants the *same* signature in every condition but moves every person's
# generic burst parameters (timing, width, height, floor) by an amount set per condition
# (`EMG_DRIFT`, listed in the data note above; largest at 80 W): a change found here comes
# from that planted drift or from the pipeline, not from the signature.

# %%
study.spm_conditions()

# %% [markdown] tags=["synthetic-only"]
# ## A negative control: signatures that change (synthetic pages)
#
# On synthetic data the planted signature is the same in every condition unless
# `signature_change` says otherwise, so stability across days and powers is planted, not
# found. The same comparisons with every planted burst moved to a new place in every
# non-baseline condition show what the pipeline reports when signatures do change. If r
# and the Jaccard index stay where they were, they cannot tell a changed signature from a
# kept one at this effect size: they then measure what every person shares across
# conditions (the main bursts), not the person's signature. The table says which it is
# for this run.

# %% tags=["synthetic-only"]
study.negative_control()

# %% [markdown]
# Every number above, with the parameters of this run and the data's provenance, is saved
# in `results.json` beside the figures.

# %%
write_results(out_dir, study);
