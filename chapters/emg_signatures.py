# %% [markdown]
# # Each person's muscle activation signature
#
# Aeles et al. (2021) {cite}`aeles2021` recognised people from the {term}`EMG`
# (electromyogram) of eight leg muscles during a single {term}`walking` or
# {term}`pedalling` cycle (pedalling at {term}`150 W`) and asked *what* makes each person
# recognisable. The muscles, in the order of the tables and figures below:
# {term}`vastus lateralis <VL>` (VL), {term}`rectus femoris <RF>` (RF),
# {term}`vastus medialis <VM>` (VM), {term}`gastrocnemius lateralis <GL>` (GL),
# {term}`gastrocnemius medialis <GM>` (GM), {term}`soleus <SOL>` (SOL),
# {term}`tibialis anterior <TA>` (TA) and {term}`biceps femoris <BF>` (BF). A
# {term}`linear SVM` identifies the person; {term}`Layer-wise Relevance Propagation <LRP>`
# (LRP) tells, for every cycle, how much each muscle at each moment of the cycle
# contributed; the points that are consistently relevant across all of a person's cycles
# form their **muscle activation signature** ({term}`signature`). This chapter runs that
# pipeline; the page header below names the data it ran on.

# %% tags=["parameters"]
dataset = "emg-pedalling-7ps"  # a data set from `movesig datasets` (EMG with 8 muscles)
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
data_file = None  # the file, for the data sets "npz", "horst-2019" or one "aeles-2021" file
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
effect_size = 1.0  # synthetic data only: planted effect size d' (within-person SDs; 0: nothing planted)
effect_sizes = [0, 0.5, 1, 2, 3]  # synthetic data only: the d' values of the sweep
n_jobs = 2  # folds fitted in parallel
out_dir = "."  # where figures/ and results.json go (set by `movesig run`)

# %%
from movesig.report import write_results
from movesig.studies.emg_signatures import EmgSignatures

study = EmgSignatures.from_namespace(globals())
study.data_section()

# %% [markdown]
# ## Who is it? Identification per regularisation
#
# The linear SVM (L2 penalty, squared hinge, one-vs-rest) sees the raw flattened
# 8 muscles × 200 points of a cycle, without scaling: each cycle and muscle is already
# divided by its own peak. The protocol is the papers': each person's cycles in
# `n_splits` chunks, fold *k* tests chunk *k*, chunk *k + 1* is held out for validation,
# the rest trains. Accuracy is the share of held-out cycles whose person is recognised,
# mean ± SD over the folds, per value of C and task (the {term}`baseline condition` of
# each task).

# %%
study.identification()

# %% [markdown]
# ## Relevance of every cycle
#
# With C as set above, every held-out cycle is explained for its own person's score with
# LRP's {term}`ε-rule`; for a linear model
# *R*<sub>i</sub> = *x*<sub>i</sub> *w*<sub>ci</sub> · *z*<sub>c</sub> / (*z*<sub>c</sub> + ε sign *z*<sub>c</sub>).
# The same weights in a `torch.nn.Linear` layer explained with zennit must agree:

# %%
study.zennit_check()

# %% [markdown]
# ## Signatures
#
# Negative relevance is ignored; every cycle's relevance is divided by its maximum over
# all muscles and time points; a (muscle, time point) is in the person's signature when
# this normalised relevance exceeds the threshold in the required share of their cycles.

# %%
study.signature_table()

# %% [markdown]
# As the paper's figure 1, one person's signature: (a) one cycle coloured by relevance, (b) the
# normalised relevance of all their cycles with the threshold, (c) the signature map.

# %%
study.figure1()

# %% [markdown]
# As the paper's figure 2, the mean EMG of a few persons (over all their cycles), coloured by their mean
# relevance scaled by its largest magnitude.

# %%
study.figure2()

# %% [markdown]
# As the paper's figure 4, the signature maps of the same persons (dark: in the signature).

# %%
study.figure4()

# %% [markdown]
# As the paper's figure 5, the signatures of all persons: one row each, and the share of people
# with a signature at each point (the map of every person, one panel each, is a download).

# %%
study.figure5()

# %% [markdown]
# As the paper's figure 6, how many persons have each moment of each muscle in their signature
# (polar for pedalling, whose cycle wraps around).

# %%
study.figure6()

# %% [markdown]
# ## Is relevance just amplitude? And is it consistent within a person?
#
# Within-person consistency in the authors' form: every cycle's map as the authors draw it
# (positive relevance divided by the cycle's maximum), Pearson r for every pair of a
# person's cycles, averaged per person and then over persons through {term}`Fisher's z`,
# with a 95 % t-interval and n persons ({term}`within one session`). The null beside it: the same
# cycles explained with the **next** person's weights (same folds), correlated with the
# person's own map: what a map that is not person-specific would give. Then the measure
# used before (each cycle's signed map against the mean of the other cycles, which is
# higher by construction, as a mean is smoother than a cycle), and the r between each
# person's mean EMG and mean relevance (high r would mean the model merely follows
# activation amplitude).

# %%
study.consistency()

# %% [markdown] tags=["synthetic-only"]
# ## Does the method find what is there?
#
# Only for synthetic data, where the generator planted each person's signature: the
# Jaccard index between the extracted signature and the planted one (1: identical,
# 0: disjoint), per person, and its mean per task, beside the same index against the next
# person's planted places (what a signature unrelated to the planted one gives). The
# planted bursts are small (2 muscles × about 10 points) and lie away from each muscle's
# main burst, while relevance (x·w) is divided by each cycle's peak, which lies in a main
# burst: the signatures are mostly the person's own timing and height of the main bursts,
# real person differences the mask does not mark. A low Jaccard is therefore expected; the
# table gives how much of the planted places the signature holds, and the sweep below how
# recovery grows with d′. Real data have no ground truth, so this section reports nothing
# for them.

# %% tags=["synthetic-only"]
study.recovery()

# %% [markdown] tags=["synthetic-only"]
# ## How close is the generator to real data, and can the synthetic study fail? (synthetic pages)
#
# The generator is a burst model fitted to the real 7-person pedalling file: per muscle, the
# main burst's peak time, width at half maximum and floor, with their spread between
# persons and from cycle to cycle (`movesig.data.synthetic.bursts.PEDALLING_BURSTS`, from
# `fit_bursts`). Three numbers then scale its variation so that the pointwise within- and
# between-person SDs and the fast noise match the real file's
# (`movesig.data.synthetic.emg.EMG_CALIBRATION`, from `calibrate_emg`). Walking has no real
# EMG here: its bursts are set by hand, with pedalling's spreads. On top, bursts are planted at
# `effect_size` within-person SDs ({term}`d′`; the largest deviation of any real person from the
# mean is about 3.5). First the same statistics on the synthetic and the real data at the
# real size (7 people × 30 cycles, pedalling), the burst rows included; then accuracy and
# recovery against d′, from d′ = 0 (nothing planted). The AUC at d′ = 0 is the chance
# level that recovery must rise above, not 0.5: the mask still marks where the bursts would
# go, always away from the muscle's main burst, where the envelope and so the relevance x·w
# are small (the contrast map, which has no x factor, sits near 0.5 there). At d′ = 0 the
# model still identifies people from their generic differences in burst timing, width and
# height.

# %% tags=["synthetic-only"]
study.validation()

# %% tags=["synthetic-only"]
study.effect_size_sweep()

# %% [markdown]
# ## How much rests on neighbouring cycles?
#
# The papers' chunks are random draws of a person's cycles, so almost every test cycle has
# a neighbour (the cycle before or after it, seconds apart) in training. Both
# papers measure uniqueness {term}`within one session`; blocked chunks, each a run of
# consecutive cycles in the order the file stores them (assumed to be the recorded
# order), test how much of the accuracy and of the signatures depends on that closeness.
# The table compares them with the papers' random chunks on the same data, same C. On
# synthetic data the cycles are drawn independently given the person, so blocked and
# random chunks can differ there only by chance: the comparison speaks only on real data.

# %%
study.blocked()

# %% [markdown]
# Every number above, with the parameters of this run and the data's provenance, is saved
# in `results.json` beside the figures.

# %%
write_results(out_dir, study);
