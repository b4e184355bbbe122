"""C3D files (the motion-capture standard, read with ezc3d): analog channels of one trial, cut at two events."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .._checks import _check_samples
from ..dataset import DataError
from .mat import check_file

__all__ = ["read_c3d_trial"]


def _event_time(events: dict, name: str, after: float, path: Path) -> float:
    """The first time (s) of event ``name`` ("Label" or "Context:Label") later than ``after``."""
    context, _, label = name.rpartition(":")
    times = np.asarray(events["TIMES"]["value"], dtype=np.float64)
    seconds = times[0] * 60 + times[1] if times.ndim == 2 else times
    hits = [t for t, lab, ctx in zip(seconds, events["LABELS"]["value"], events["CONTEXTS"]["value"])
            if lab.strip() == label.strip() and (not context or ctx.strip() == context.strip()) and t > after]
    if not hits:
        known = sorted({f"{c}:{lab}" for c, lab in zip(events["CONTEXTS"]["value"], events["LABELS"]["value"])})
        raise DataError(f"{path}: no event {name!r} after {after:.3f} s (events: {', '.join(known) or 'none'})")
    return float(min(hits))


def read_c3d_trial(path, channels=None, start_event: str | None = None, end_event: str | None = None):
    """The analog channels of a C3D file, from one event to the next.

    Parameters
    ----------
    path : path-like
    channels : sequence of str, optional
        Analog labels to keep, in this order (default: all).
    start_event, end_event : str, optional
        Event names, ``"Label"`` or ``"Context:Label"`` (e.g. ``"Left:Foot Strike"``): the
        trial runs from the first start event to the first end event after it. Default:
        the whole recording.

    Returns
    -------
    names : list of str
        Channel names, length n_channels.
    values : ndarray of shape (n_samples, n_channels)
        In the file's analog units.

    Raises
    ------
    DataError
        Naming the file: unreadable, no such channel or event, or a sample of the trial
        that is not finite (naming its analog sample and channel).
    """
    import ezc3d

    path = check_file(path)
    try:
        c = ezc3d.c3d(str(path))
    except Exception as exc:  # ezc3d raises plain RuntimeErrors for damaged files
        raise DataError(f"{path}: not a readable C3D file ({exc})") from None
    labels = [str(label).strip() for label in c["parameters"]["ANALOG"]["LABELS"]["value"]]
    data = np.asarray(c["data"]["analogs"], dtype=np.float64)[0]  # (n_channels, n_samples)
    if not labels or data.size == 0:
        raise DataError(f"{path}: holds no analog channels")
    keep = labels if channels is None else list(channels)
    missing = [ch for ch in keep if ch not in labels]
    if missing:
        raise DataError(f"{path}: no analog channel(s) {', '.join(missing)} (channels: {', '.join(labels)})")
    values = data[[labels.index(ch) for ch in keep]].T
    rate = float(c["header"]["analogs"]["frame_rate"])
    offset = c["header"]["points"]["first_frame"] / float(c["header"]["points"]["frame_rate"] or 1)
    start, end = 0, len(values)
    if start_event or end_event:
        events = c["parameters"].get("EVENT", {})
        if "TIMES" not in events:
            raise DataError(f"{path}: has no events, but the table names {start_event or end_event!r}")
        t0 = _event_time(events, start_event, -np.inf, path) if start_event else offset
        t1 = _event_time(events, end_event, t0, path) if end_event else offset + len(values) / rate
        start, end = int(round((t0 - offset) * rate)), int(round((t1 - offset) * rate)) + 1
        if not 0 <= start < end <= len(values):
            raise DataError(f"{path}: events {start_event!r} to {end_event!r} ({t0:.3f}-{t1:.3f} s) lie outside "
                            f"the recording")
    _check_samples(values[start:end], keep, path, rows=np.arange(start, end) + 1, what="analog sample")
    return keep, values[start:end]
