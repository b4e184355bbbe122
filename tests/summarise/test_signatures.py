"""Muscle activation signatures: the vectorised definition, normalisation, Jaccard, and recovery of planted ones."""

import numpy as np
import pytest
from movesig.data import make_emg
from movesig.evaluate import cross_validate
from movesig.models import LinearSVM
from movesig.splits import PersonChunkSplit
from movesig.summarise import (
    extract_signatures,
    jaccard,
    normalise_cycles,
    persons_per_channel,
    signature_counts,
)


def _loop_signature(rel, threshold, share):
    """The definition, written plainly, one person at a time."""
    out = np.zeros(rel.shape[1:], bool)
    frac = np.zeros(rel.shape[1:])
    for cycle in rel:
        pos = np.clip(cycle, 0, None)
        frac += (pos / pos.max()) > threshold
    frac /= len(rel)
    out[:] = frac >= share
    return out


def test_vectorised_signatures_equal_the_plain_definition():
    rng = np.random.default_rng(0)
    rel = rng.normal(size=(4 * 6, 3, 20))
    person = np.repeat([5, 2, 9, 1], 6)
    rel[person == 2, 1, 5:8] += 5  # consistently relevant for person 2
    for share in (1.0, 0.5):
        persons, sig, _ = extract_signatures(rel, person, threshold=0.2, share=share)
        assert list(persons) == [1, 2, 5, 9]
        for i, p in enumerate(persons):
            assert np.array_equal(sig[i], _loop_signature(rel[person == p], 0.2, share))
    persons, sig, _ = extract_signatures(rel, person)
    assert sig[1, 1, 5:8].all()
    assert signature_counts(sig).shape == (3, 20) and persons_per_channel(sig)[1] >= 1
    np.testing.assert_array_equal(signature_counts(sig), sig.sum(axis=0))
    np.testing.assert_array_equal(persons_per_channel(sig), sig.any(axis=2).sum(axis=0))


def test_normalisation_ignores_negative_relevance():
    rel = np.array([[[-3.0, 1.0, 2.0]], [[-1.0, -1.0, -1.0]]])
    norm = normalise_cycles(rel)
    assert np.allclose(norm[0], [[0, 0.5, 1.0]]) and np.all(norm[1] == 0)
    with pytest.raises(ValueError, match="share"):
        extract_signatures(rel, np.array([0, 0]), share=0)


def test_jaccard():
    a = np.array([[1, 1, 0, 0], [0, 0, 0, 0]], bool)
    b = np.array([[1, 0, 1, 0], [0, 0, 0, 0]], bool)
    assert np.allclose(jaccard(a, b), [1 / 3, 1.0])


def test_signature_recovery_on_synthetic_emg():
    """The method finds what the generator planted (measured; the chapter reports the full-size number)."""
    ds, truth = make_emg(n_persons=12, tasks=("pedalling",), seed=0, planted_amplitude=0.6)  # the easy setting
    res = cross_validate({"svm": LinearSVM(C=0.01, standardise="none", random_state=0)}, ds,
                         PersonChunkSplit(10))["svm"]
    assert res.summary()["accuracy_mean"] > 0.95
    _, sig, _ = extract_signatures(res.relevance["epsilon"], ds.person)
    j = jaccard(sig, truth.mask("pedalling"))
    assert j.mean() > 0.3  # far above chance: planted regions cover about 3 % of the map
