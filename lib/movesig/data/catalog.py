"""Loading any data set by name, from its card in :data:`~movesig.data.cards.CARDS`."""

from __future__ import annotations

from .cards import CARDS, DataCard
from .dataset import DataError, Dataset
from .fetch import cache_dir, candidates
from .synthetic import GroundTruth

__all__ = ["CATALOG", "available", "load", "load_with_truth"]

#: The cards by name (the name this mapping had before the cards).
CATALOG = CARDS


def _card(name: str) -> DataCard:
    if name not in CARDS:
        raise DataError(f"unknown data set {name!r}; known: {', '.join(CARDS)}")
    return CARDS[name]


def load_with_truth(name: str, data_dir=None, file=None, min_trials: int = 1,
                    **options) -> tuple[Dataset, GroundTruth | None]:
    """A named data set and, for synthetic ones, the ground truth of what was planted.

    Parameters
    ----------
    name : str
        A key of :data:`~movesig.data.cards.CARDS` (``movesig datasets`` lists them).
    data_dir : path-like, optional
        Searched first for real files (then ``$MOVESIG_DATA_DIR``, then the download cache).
    file : path-like, optional
        The file, for ``npz``, ``horst-2019`` or a single ``aeles-2021`` file.
    min_trials : int
        Fewest trials a person must have (e.g. the number of splits).
    **options
        Passed to the generator of a synthetic set (e.g. ``n_persons``, ``seed``,
        ``conditions``), ``feature`` for ``horst-2019``, or ``conditions`` (names or
        ``"all"``) to keep some conditions of a real EMG set.

    Returns
    -------
    dataset : Dataset
        X of shape (n_trials, n_channels, n_times).
    truth : GroundTruth or None
        Masks of shape (n_persons, n_channels, n_times) per task; None for measured data.
    """
    return _card(name).load(data_dir=data_dir, file=file, min_trials=min_trials, **options)


def load(name: str, data_dir=None, file=None, min_trials: int = 1, **options) -> Dataset:
    """A named data set as a :class:`Dataset` (see :func:`load_with_truth`)."""
    return load_with_truth(name, data_dir, file, min_trials, **options)[0]


def available(name: str, data_dir=None) -> tuple[bool, str]:
    """Whether a data set can be loaded without a download, and where from.

    Returns
    -------
    ok : bool
    where : str
        The folder holding the files, or what to do to get them.
    """
    card = _card(name)
    if card.kind == "synthetic":
        return True, "generated on demand"
    if card.kind == "user":
        return True, "give --file"
    where = []
    for fname, collection in card.located_files():
        found = [p for p in candidates(fname, collection, data_dir) + [cache_dir() / fname] if p.is_file()]
        if found:
            where.append(str(found[0].parent))
    if card.kind == "study":
        return (bool(where), f"{len(where)} of {len(card.files)} files in {sorted(set(where))[0]}" if where
                else "put the study's files in the data directory")
    if len(where) == len(card.files):
        return True, sorted(set(where))[0]
    return False, "downloads on first use (pinned URL and SHA-256)"
