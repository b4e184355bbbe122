"""Cross-validation splits of the papers, as a scikit-learn-style splitter.

:class:`PersonChunkSplit` is the protocol of Horst et al. (2019) and Aeles et al. (2021):
one seeded permutation of all trials, then each person's trials (in permuted order) cut
into ``n_splits`` nearly equal chunks, so that every person is in every chunk. Fold k
tests on chunk k, validates on chunk (k + 1) mod n_splits and trains on the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .data.dataset import DataError

__all__ = ["PersonChunkSplit", "SessionSplit"]


class PersonChunkSplit:
    """Per-person chunked K-fold with a validation chunk (the papers' protocol).

    Parameters
    ----------
    n_splits : int, default=10
        Number of chunks per person (10 in both papers; 5 for GaitRec, which has 5
        trials per person). Every person needs at least ``n_splits`` trials.
    random_state : int, default=1234
        Seed of the one global permutation of trials (1234 in the papers).
    blocked : bool, default=False
        Cut each person's trials, in recorded order (their order in the data), into
        ``n_splits`` runs of consecutive trials instead of permuting them: a test chunk then
        has no neighbouring cycles in training except at its two ends. The permutation
        (and ``random_state``) is not used.
    n_train : int, optional
        Training chunks per person, from 1 to ``n_splits - 1``, for a learning curve
        against training trials per person. None (the papers' protocol): every chunk but
        the test and validation ones. Given, fold k trains on chunks k + 1, ..., k + n_train
        (mod ``n_splits``; the first is the one the protocol validates on) and yields no
        validation chunk, so it serves models that do not validate (the linear SVM); the
        test chunks are the protocol's, and the training sets of a smaller ``n_train`` are
        within those of a larger one.

    Examples
    --------
    >>> splitter = PersonChunkSplit(n_splits=5)
    >>> for train, val, test in splitter.split_with_validation(X, person): ...
    """

    def __init__(self, n_splits: int = 10, random_state: int = 1234, blocked: bool = False, n_train: int | None = None):
        self.n_splits = n_splits
        self.random_state = random_state
        self.blocked = blocked
        self.n_train = n_train

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        return self.n_splits

    def chunks(self, y) -> np.ndarray:
        """Chunk index of every trial, shape (n_trials,), values in [0, n_splits).

        Raises
        ------
        DataError
            If a person has fewer trials than ``n_splits``.
        """
        y = np.asarray(y)
        ids, counts = np.unique(y, return_counts=True)
        few = counts < self.n_splits
        if few.any():
            raise DataError(
                f"{few.sum()} person(s) have fewer than n_splits={self.n_splits} trials "
                f"(first: {ids[few][0]} with {counts[few][0]})"
            )
        perm = np.arange(len(y)) if self.blocked else np.random.RandomState(self.random_state).permutation(len(y))
        chunk = np.empty(len(y), dtype=np.intp)
        permuted = y[perm]
        for person in ids:
            trials = perm[permuted == person]
            for k, part in enumerate(np.array_split(trials, self.n_splits)):
                chunk[part] = k
        return chunk

    def split_with_validation(self, X, y, groups=None) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Yield ``(train, validation, test)`` index arrays for every fold."""
        if self.n_splits < 3:
            raise ValueError(f"n_splits must be at least 3 (test, validation, training), got {self.n_splits}")
        if self.n_train is not None and not 1 <= self.n_train <= self.n_splits - 1:
            raise ValueError(f"n_train must be from 1 to n_splits - 1 = {self.n_splits - 1}, got {self.n_train}")
        chunk = self.chunks(y)
        for k in range(self.n_splits):
            test = chunk == k
            if self.n_train is None:
                val = chunk == (k + 1) % self.n_splits
                yield np.flatnonzero(~(test | val)), np.flatnonzero(val), np.flatnonzero(test)
            else:
                train = np.isin(chunk, [(k + j) % self.n_splits for j in range(1, self.n_train + 1)])
                yield np.flatnonzero(train), np.flatnonzero(np.zeros_like(test)), np.flatnonzero(test)

    def split(self, X, y, groups=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train, test)`` for every fold (scikit-learn's splitter interface); validation is left out."""
        for train, _, test in self.split_with_validation(X, y, groups):
            yield train, test


class SessionSplit:
    """Train on each person's earlier sessions, test on their last: recognition across days, never one session on
    both sides.

    One fold. Only people with at least two sessions take part (the data handed to
    :func:`~movesig.evaluate.cross_validate` should hold only them: :meth:`people` says who).

    Parameters
    ----------
    session : array-like of shape (n_trials,)
        Each trial's session, ordered by value within a person (a date as a number of days,
        or a session number); aligned with the trials the splitter is given.
    """

    def __init__(self, session):
        self.session = np.asarray(session)

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        return 1

    def people(self, y) -> np.ndarray:
        """The persons of ``y`` with trials of at least two sessions."""
        y = np.asarray(y)
        return np.array([p for p in np.unique(y) if len(np.unique(self.session[y == p])) > 1], dtype=y.dtype)

    def last(self, y) -> np.ndarray:
        """Whether each trial belongs to its person's last session, shape (n_trials,)."""
        y = np.asarray(y)
        if len(y) != len(self.session):
            raise ValueError(f"{len(y)} trials but {len(self.session)} sessions")
        out = np.zeros(len(y), dtype=bool)
        for p in np.unique(y):
            mine = y == p
            out[mine] = self.session[mine] == np.max(self.session[mine])
        return out

    def split_with_validation(self, X, y, groups=None) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Yield the one ``(train, validation, test)``: earlier sessions, none, the last session.

        Raises
        ------
        DataError
            If a person has trials of one session only.
        """
        y = np.asarray(y)
        single = np.setdiff1d(np.unique(y), self.people(y))
        if single.size:
            raise DataError(f"{single.size} person(s) have trials of one session only (first: {single[0]}): "
                            "a test across sessions needs two")
        last = self.last(y)
        yield np.flatnonzero(~last), np.array([], dtype=np.intp), np.flatnonzero(last)

    def split(self, X, y, groups=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for train, _, test in self.split_with_validation(X, y, groups):
            yield train, test
