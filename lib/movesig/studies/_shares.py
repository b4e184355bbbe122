"""The gait chapter's relevance shares per channel and stance phase, and how much they owe to the input scaling."""

from __future__ import annotations

import numpy as np

from ..evaluate import CVOptions, cross_validate, registry_plans
from ..models import MODELS
from ..plots import plot_region_shares
from ..splits import PersonChunkSplit
from ..summarise import bootstrap_mean, relevance_share_by_region
from ._page import Section, table
from .claims import Claim, Reference
from .published import HORST_2019_VERTICAL_SHARE

__all__ = ["SCALINGS", "channel_share_claim", "relevance_shares", "shares_by_scaling"]

#: The two input scalings compared: how each names the reference point of relevance.
SCALINGS = {"feature": "z-scored per value (reference: the training mean)",
            "range": "each channel min-max to [−1, 1], the paper's (reference: the middle of the channel's range)"}


def _channel_shares(relevance: np.ndarray, time: np.ndarray, bounds) -> np.ndarray:
    """Share of absolute relevance per channel, shape (n_channels,)."""
    return relevance_share_by_region(relevance, time, bounds).sum(axis=1)


def _vertical(channels) -> list[int]:
    return [i for i, ch in enumerate(channels) if "vertical" in ch]


def relevance_shares(study) -> Section:
    """Share of absolute relevance per channel and stance phase, and the vertical GRF share per foot."""
    p, data, labels = study.params, study.data, study.labels
    shares = {m: relevance_share_by_region(r.relevance["epsilon"], data.time, p.phase_bounds)
              for m, r in study.results.items()}
    channel = {m: s.sum(axis=1) for m, s in shares.items()}
    phase = {m: s.sum(axis=0) for m, s in shares.items()}
    record = {"relevance_share_per_channel": {m: dict(zip(data.channels, v)) for m, v in channel.items()},
              "relevance_share_per_phase": {m: dict(zip(p.phase_names, v)) for m, v in phase.items()}}
    items = [table({**{ch: [f"{100 * channel[m][i]:.1f}" for m in p.model_names] for i, ch in enumerate(data.channels)},
                    **{ph: [f"{100 * phase[m][i]:.1f}" for m in p.model_names] for i, ph in enumerate(p.phase_names)}},
                   index=list(labels.values()))]
    vertical = _vertical(data.channels)
    if vertical:
        real = not data.provenance.synthetic
        items.append(table({"vertical GRF share per foot %": [f"{100 * np.mean(channel[m][vertical]):.1f}"
                                                              for m in p.model_names]
                            + ([f"{100 * HORST_2019_VERTICAL_SHARE:.0f} (CNN-A)"] if real else [])},
                           index=list(labels.values()) + (["published (other data)"] if real else [])))
    fig = plot_region_shares({labels[m]: shares[m] for m in p.show_models if m in shares}, data.channels,
                             p.phase_names)
    items.append(study.figure(fig, "gait_models_relevance_shares",
                              "Share of absolute relevance per force channel and stance phase"))
    return Section(items, {"shares": shares}, record)


def channel_share_claim(study, model: str) -> Claim:
    """"One channel carries more of the model's relevance than an even spread would give" (people resampled).

    Each person's share of absolute relevance per channel over their tested trials; the
    channel with the largest mean share is the estimate, the even spread (1 / channels) the
    baseline. Under per-value z-scoring every channel has unit variance, which pulls the
    shares towards that baseline.
    """
    p, data = study.params, study.data
    relevance = study.results[model].relevance["epsilon"]
    per_person = np.array([_channel_shares(relevance[data.person == k], data.time, p.phase_bounds)
                           for k in data.persons])
    top = int(per_person.mean(axis=0).argmax())
    ci = bootstrap_mean(per_person[:, top], seed=p.seed)
    return Claim("gait_models/channel-share",
                 f"For {study.labels[model]}, the {data.channels[top]} force carries more of the relevance than an "
                 f"even spread over the {data.n_channels} channels would give (mean of per-person shares; "
                 f"{data.provenance.name}).", ci.mean, (ci.low, ci.high), "people", ci.n,
                 Reference("even spread over the channels", 1 / data.n_channels))


def shares_by_scaling(study) -> Section:
    """Channel shares of the linear models under both scalings: refitted where the run used the other one.

    The linear SVMs are cheap to refit, so each is cross-validated (same folds, same C)
    under the scaling the run did not use; a model whose own scaling is already one of the
    two (the linear model trained by SGD uses [−1, 1]) is shown under it only. The networks
    are not retrained here: ``-p standardise range`` runs the whole chapter on the paper's
    scaling.
    """
    p, data = study.params, study.data
    linear = [m for m in p.model_names if MODELS[m].linear]
    if not linear:
        return Section(["No linear model in `models`: nothing to compare."])
    shares, accuracy = {}, {}
    for scaling in SCALINGS:
        used = [m for m in linear if (p.standardise or MODELS[m].scaling) == scaling]
        shares[scaling] = {m: _channel_shares(study.results[m].relevance["epsilon"], data.time, p.phase_bounds)
                           for m in used}
        refit = [m for m in linear if m not in used and MODELS[m].refit_cheaply]
        if refit:
            plans = registry_plans(refit, p.iterations, scaling, p.seed, p.device, "never")
            out = cross_validate(plans, data, PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed),
                                 CVOptions(epsilon=p.epsilon, random_state=p.seed, n_jobs=p.n_jobs,
                                           scheduler=p.scheduler))
            shares[scaling] |= {m: _channel_shares(r.relevance["epsilon"], data.time, p.phase_bounds)
                                for m, r in out.items()}
            accuracy[scaling] = {m: float(np.mean(r.accuracy)) for m, r in out.items()}
    rows = [(m, s) for m in linear for s in SCALINGS if m in shares[s]]
    vertical = _vertical(data.channels)
    columns = {"input scaling": [SCALINGS[s].split(" (")[0] for _, s in rows]}
    columns |= {ch: [f"{100 * shares[s][m][i]:.1f}" for m, s in rows] for i, ch in enumerate(data.channels)}
    if vertical:
        columns["vertical GRF per foot %"] = [f"{100 * np.mean(shares[s][m][vertical]):.1f}" for m, s in rows]
    record = {"relevance_share_per_channel_by_scaling": {
        s: {m: dict(zip(data.channels, v)) for m, v in shares[s].items()} for s in SCALINGS}}
    if accuracy:
        record["accuracy_by_scaling"] = accuracy
    return Section([table(columns, index=[study.labels[m] for m, _ in rows]),
                    "Reference point of relevance: " + "; ".join(SCALINGS.values()) + "."],
                   {"shares": shares}, record)
