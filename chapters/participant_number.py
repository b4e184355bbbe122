# %% [markdown]
# # Does a signature depend on who else was in the training set?
#
# A person's {term}`relevance` map ({term}`Layer-wise Relevance Propagation <LRP>` with
# the {term}`ε-rule`, on the {term}`EMG` of eight leg muscles) comes from a model that
# separates them from the other people it was trained on. Aeles et al. (2021)
# {cite}`aeles2021` asked whether the map changes with those others: for every
# participant *k*, every training-set size *N* (k plus N − 1 others) and ten random draws
# of the others, a {term}`linear SVM` (C = 0.01) is trained and k's mean relevance map is
# correlated (Pearson r) with the map from the model trained on everyone. With 78
# participants that is 78 × 20 × 10 = 15 600 model fits per task (their figure 3). Here
# the draws are `n_draws` (10 by default); where fewer distinct sets of others exist (with
# 7 people, 6 at N = 2 and N = 6), each set is used once instead.
#
# Only the work the answer needs is done: in a one-vs-rest linear SVM each person's weights
# come from their own binary problem (them against every other training cycle), and k's
# relevance uses only k's weights, so one binary fit per (k, N, draw) gives exactly the
# N-class model's answer for k. Each binary fit is solved exactly (finite Newton steps {cite}`keerthi2005` on
# the Gram matrix of all cycles, computed once per task: at C = 0.01 only a few per cent of
# the cycles lie inside the margin, 5.6–7.8 % in the synthetic study's fits, so a fit is a
# small ridge solve on those). The test suite
# checks the shortcut against the full one-vs-rest fit on real data;
# `bench/participant_number.py` measures the saving.
#
# Two protocols make k's map (parameter `protocols`). **full**: one model of the whole
# subsample explains all of k's cycles. **cross-validated**, the authors' form: the
# subsample is cross-validated with the papers' 10 chunks per person, each of k's cycles is
# explained by the model that did not see it, and the reference is the same
# cross-validation of everyone; it costs ten fits where the full form costs one. In both,
# N = everyone gives the reference itself (r = 1 by construction, marked in the table).
# **{term}`Chance control <chance control>`** (the authors'): k's map is also correlated with the *next*
# participant's reference map (the one after k in sorted order). A map that carried nothing
# of the person would correlate with it as well as with k's own; the gap between the two
# lines is what the map says about k.

# %% tags=["parameters"]
dataset = "synthetic-emg"  # "synthetic-emg", "emg-pedalling-7ps", or "aeles-2021" with the study's files
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data sets "npz", "horst-2019" or one "aeles-2021" file
n_persons = None  # only the first n persons (None: all)
n_values = None  # training-set sizes N (None: 2, 6, 10, ... up to everyone)
n_draws = 10  # random draws of the others per (k, N)
C = 0.01  # regularisation of the linear SVM
protocols = ["full"]  # how k's map is made: "full" (a model of the whole subsample) and/or "cross-validated" (the authors')
seed = 1234  # seed of the draws
epsilon = 1e-5  # epsilon of the LRP rule
n_jobs = 2  # local worker processes
scheduler = None  # a Dask scheduler address (tcp://host:port) to run the fits on a cluster
out_dir = "."  # where the table, figures/ and results.json go (set by `movesig run`)

# %%
from movesig.report import write_results
from movesig.studies.participant_number import ParticipantNumber

study = ParticipantNumber.from_namespace(globals())
study.data_section()

# %% [markdown]
# The baseline cycles of every task are used (its first condition, the
# {term}`baseline condition`: day 1 where the data name the day). Each participant's part of the table
# is written as soon as it is done, so an interrupted run resumes where it stopped
# (`movesig run participant_number` again, same `--out`).

# %%
study.run()

# %% [markdown]
# Per protocol, task and N: the mean r over every (k, draw) through Fisher's z, plotted,
# and with its 5th percentile, the chance control (mean r with the next participant's map)
# and the number of cells in the table below.

# %%
study.figure3()

# %%
study.by_size()

# %% [markdown]
# The paper states that signatures are minimally influenced by the training set; its
# figure-3 numbers are not reported here.

# %% [markdown]
# The table of every (task, k, N, draw) is `participant_number/<protocol>/participant_number.csv`
# in the run folder (columns r and r_next); the summary is in `results.json`.

# %%
write_results(out_dir, study);
