# %% [markdown]
# # Does a signature depend on who else was in the training set?
#
# A person's relevance map comes from a model that separates them from the other people
# it was trained on. Aeles et al. (2021) asked whether the map changes with those others:
# for every participant *k*, every training-set size *N* (k plus N − 1 others) and ten
# random draws of the others, a linear SVM (C = 0.01) is trained and k's mean relevance
# map is correlated (Pearson r) with the map from the model trained on everyone. With 78
# participants that is 78 × 20 × 10 = 15 600 model fits per task (their figure 3).
#
# Only the work the answer needs is done: in a one-vs-rest linear SVM each person's weights
# come from their own binary problem (them against every other training cycle), and k's
# relevance uses only k's weights, so one binary fit per (k, N, draw) gives exactly the
# N-class model's answer for k. Each binary fit is solved exactly (finite Newton steps on
# the Gram matrix of all cycles, computed once per task: at C = 0.01 only about one cycle in
# twelve lies inside the margin, so a fit is a small ridge solve on those). The test suite
# checks the shortcut against the full one-vs-rest fit on real data;
# `bench/participant_number.py` measures the saving.

# %% tags=["parameters"]
dataset = "synthetic-emg"  # "synthetic-emg", "emg-pedalling-7ps", or "aeles-2021" with the study's files
data_dir = None  # data directory (None: $MOVESIG_DATA_DIR, then the pinned download)
n_persons = None  # only the first n persons (None: all)
n_values = None  # training-set sizes N (None: 2, 6, 10, ... up to everyone)
n_draws = 10  # random draws of the others per (k, N)
C = 0.01  # regularisation of the linear SVM
seed = 1234  # seed of the draws
epsilon = 1e-5  # epsilon of the LRP rule
n_jobs = 2  # local worker processes
scheduler = None  # a Dask scheduler address (tcp://host:port) to run the fits on a cluster
out_dir = "."  # where the table, figures/ and results.json go (set by `movesig run`)

# %%
import time
from pathlib import Path

from movesig.book import data_note, table
from movesig.data import load
from movesig.participants import participant_number, read_table, summarise
from movesig.plots import plot_participant_number, save_figure
from movesig.results import write_results
from movesig.signatures import baseline_trials

figures = Path(out_dir) / "figures"
data = baseline_trials(load(dataset, data_dir=data_dir).first_persons(n_persons))
data_note(data)

# %% [markdown]
# The baseline (day-1) cycles of every task are used. Each participant's part of the table
# is written as soon as it is done, so an interrupted run resumes where it stopped
# (`movesig run participant_number` again, same `--out`).

# %%
started = time.perf_counter()
path = participant_number(data, Path(out_dir) / "participant_number", n_values=n_values, n_draws=n_draws, C=C,
                          seed=seed, epsilon=epsilon, n_jobs=n_jobs, scheduler=scheduler)
seconds = time.perf_counter() - started
results = read_table(path)
summary = summarise(results)
print(f"{len(results['r'])} (task, k, N, draw) cells; {seconds:.0f} s for what this run computed")

# %%
fig = plot_participant_number(summary, title="Signature against the number of persons in training")
save_figure(fig, figures, "emg_fig3_participant_number")

# %%
tasks = sorted(summary)
Ns = sorted(set().union(*(summary[t] for t in tasks)))
table({f"{t}: mean r": [f"{summary[t][n]['r_mean']:.3f}" if n in summary[t] else "" for n in Ns] for t in tasks}
      | {f"{t}: 5th percentile": [f"{summary[t][n]['r_p05']:.3f}" if n in summary[t] else "" for n in Ns]
         for t in tasks}, index=[f"N = {n}" for n in Ns])

# %% [markdown]
# The paper states that signatures are minimally influenced by the training set; its
# figure-3 numbers are not reported here.

# %%
parameters = dict(dataset=dataset, data_dir=data_dir, n_persons=n_persons, n_values=n_values, n_draws=n_draws, C=C,
                  seed=seed, epsilon=epsilon, n_jobs=n_jobs, scheduler=scheduler, out_dir=out_dir)
metrics = {}
write_results(out_dir, "participant_number", parameters, data.provenance.to_dict(), metrics,
              participant_number={t: {str(n): v for n, v in rows.items()} for t, rows in summary.items()},
              table=str(path.relative_to(Path(out_dir))))
