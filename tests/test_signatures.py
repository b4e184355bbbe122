import numpy as np
import pytest
from movesig.data import load, make_emg
from movesig.identification import cross_validate, train_test
from movesig.models import LinearSVM
from movesig.signatures import (
    baseline_trials,
    extract_signatures,
    fisher_z_mean,
    jaccard,
    normalise_cycles,
    pearson_rows,
    per_person_correlation,
    persons_per_channel,
    signature_counts,
    within_person_consistency,
)
from movesig.splits import PersonChunkSplit


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
        persons, sig, frac = extract_signatures(rel, person, threshold=0.2, share=share)
        assert list(persons) == [1, 2, 5, 9]
        for i, p in enumerate(persons):
            assert np.array_equal(sig[i], _loop_signature(rel[person == p], 0.2, share))
    persons, sig, _ = extract_signatures(rel, person)
    assert sig[1, 1, 5:8].all()
    assert signature_counts(sig).shape == (3, 20) and persons_per_channel(sig)[1] >= 1


def test_normalisation_ignores_negative_relevance():
    rel = np.array([[[-3.0, 1.0, 2.0]], [[-1.0, -1.0, -1.0]]])
    norm = normalise_cycles(rel)
    assert np.allclose(norm[0], [[0, 0.5, 1.0]]) and np.all(norm[1] == 0)
    with pytest.raises(ValueError, match="share"):
        extract_signatures(rel, np.array([0, 0]), share=0)


def test_jaccard_and_correlations():
    a = np.array([[1, 1, 0, 0], [0, 0, 0, 0]], bool)
    b = np.array([[1, 0, 1, 0], [0, 0, 0, 0]], bool)
    assert np.allclose(jaccard(a, b), [1 / 3, 1.0])
    x = np.random.default_rng(1).normal(size=(3, 50))
    assert np.allclose(pearson_rows(x, 2 * x + 1), 1.0) and np.allclose(pearson_rows(x, -x), -1.0)
    assert np.allclose(pearson_rows(x[:1], x[1:2]), np.corrcoef(x[0], x[1])[0, 1])


def test_fisher_z_mean_and_ci():
    fm = fisher_z_mean([0.5, 0.6, 0.7, 0.8])
    assert fm.low < fm.r < fm.high and fm.n == 4
    assert fm.r == pytest.approx(np.tanh(np.arctanh([0.5, 0.6, 0.7, 0.8]).mean()))
    with pytest.raises(ValueError):
        fisher_z_mean([np.nan])


def test_within_person_consistency_is_leave_one_out():
    rng = np.random.default_rng(2)
    values = rng.normal(size=(6, 2, 10))
    person = np.array([0, 0, 0, 1, 1, 1])
    _, r = within_person_consistency(values, person)
    expected = []
    for p in (0, 1):
        v = values[person == p]
        rs = [np.corrcoef(v[i].ravel(), np.delete(v, i, 0).mean(0).ravel())[0, 1] for i in range(3)]
        expected.append(np.tanh(np.arctanh(rs).mean()))
    assert np.allclose(r, expected)


def test_signature_recovery_on_synthetic_emg():
    """The method finds what the generator planted (measured; the chapter reports the full-size number)."""
    ds, truth = make_emg(n_persons=12, tasks=("pedalling",), seed=0)
    res = cross_validate(LinearSVM(C=0.01, standardise="none", random_state=0), ds, PersonChunkSplit(10))
    assert res.summary()["accuracy_mean"] > 0.95
    persons, sig, _ = extract_signatures(res.relevance, ds.person)
    j = jaccard(sig, truth.mask("pedalling"))
    assert j.mean() > 0.3  # far above chance: planted regions cover about 3 % of the map


def test_robustness_transfer_and_condition_correlation():
    ds, _ = make_emg(n_persons=6, tasks=("pedalling",), conditions="all", seed=1)
    base = baseline_trials(ds, "pedalling")
    day2 = ds.select(condition="150W-day2")
    tr = train_test(LinearSVM(C=0.01, standardise="none", random_state=0), base, day2)
    assert tr.accuracy > 0.9 and tr.relevance.shape == day2.X.shape
    persons, r = per_person_correlation(base.X, base.person, day2.X, day2.person)
    assert len(persons) == 6 and np.all(r > 0.5)


@pytest.mark.realdata
def test_real_emg_every_held_out_cycle_is_identified(real_data_dir):
    ds = load("emg-pedalling-7ps", data_dir=real_data_dir, min_trials=30)
    for C in (10, 0.001):
        res = cross_validate(LinearSVM(C=C, standardise="none", random_state=0), ds, PersonChunkSplit(10))
        assert res.summary()["accuracy_mean"] == 1.0
