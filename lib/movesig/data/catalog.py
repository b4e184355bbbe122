"""Loading any data set by name, from its card in :data:`~movesig.data.cards.CARDS`."""

from __future__ import annotations

from . import formats
from .cards import CARDS, DataCard
from .dataset import DataError, Dataset
from .fetch import RemoteFile, cache_dir, candidates, offline, sha256sum
from .formats import spm1d_speed
from .synthetic import GroundTruth

__all__ = ["CATALOG", "available", "find_files", "load", "load_with_truth"]

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

    Raises
    ------
    DataError
        Where ``file`` is given for a data set that reads no file of yours (it would be
        ignored, and the numbers would not be of that file).
    """
    card = _card(name)
    if file is not None and not card.takes_file:
        raise DataError(f"{name} reads no file of yours, so {file} would be ignored: give the data set npz to read "
                        "your own file (e.g. movesig info npz --data-file mine.npz)")
    return card.load(data_dir=data_dir, file=file, min_trials=min_trials, **options)


def load(name: str, data_dir=None, file=None, min_trials: int = 1, **options) -> Dataset:
    """A named data set as a :class:`Dataset` (see :func:`load_with_truth`)."""
    return load_with_truth(name, data_dir, file, min_trials, **options)[0]


def find_files(name: str, data_dir=None) -> list:
    """Where each file of a data set's card is found now (data directories, then the download cache), or None."""
    card = _card(name)
    if card.package:
        folder = formats.spm1d_data_folder() if card.package == "spm1d" else None
        return [folder / f if folder is not None and (folder / f).is_file() else None for f in card.files]
    out = []
    for fname, collection in card.located_files():
        found = [p for p in candidates(fname, collection, data_dir) + [cache_dir() / fname] if p.is_file()]
        out.append(found[0] if found else None)
    return out


def available(name: str, data_dir=None) -> tuple[str, str]:
    """Whether a data set can be loaded now, and where from.

    Returns
    -------
    status : {"yes", "no", "checksum mismatch"}
        ``"checksum mismatch"`` when a file is found whose SHA-256 is not the pinned one.
    where : str
        The folder holding the files, or what to do to get them.
    """
    card = _card(name)
    if card.source == "synthetic":
        return "yes", "generated on demand"
    if card.source == "user":
        return "yes", "give --data-file"
    if card.package:
        found = find_files(name, data_dir)
        if None in found:
            return "no", f"install the {card.package} package (it ships the data)"
        from importlib.metadata import version

        damaged = [p for p in found if sha256sum(p) != spm1d_speed.SPEED_SHA256.get(p.name)]
        if damaged:
            return "checksum mismatch", f"{damaged[0]} is not the file of spm1d 0.4.55 (SHA-256 differs)"
        return "yes", f"inside the installed {card.package} {version(card.package)}"
    where, damaged = [], []
    for spec, path in zip(card.files, find_files(name, data_dir)):
        if path is not None:
            where.append(str(path.parent))
            if isinstance(spec, RemoteFile) and sha256sum(path) != spec.sha256:
                damaged.append(str(path))
    if damaged:
        return "checksum mismatch", f"{damaged[0]} is not the published file (SHA-256 differs)"
    if card.source == "study":
        return (("yes", f"{len(where)} of {len(card.files)} files in {sorted(set(where))[0]}") if where
                else ("no", "put the study's files in the data directory"))
    if len(where) == len(card.files):
        return "yes", sorted(set(where))[0]
    if offline():
        return "no", "not found, and downloads are off (MOVESIG_OFFLINE=1): give --data-dir"
    return "no", "downloads on first use (pinned URL and SHA-256)"
