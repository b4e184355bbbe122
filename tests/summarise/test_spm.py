"""Statistical parametric mapping wrappers (movesig.summarise.spm) and the high-relevance overlap."""

import numpy as np
import pytest
from movesig.summarise import high_relevance_inside, spm_paired, spm_two_sample

rng = np.random.default_rng(7)
T = np.arange(101)
EFFECT = np.where((T > 40) & (T < 70), 1.5, 0.0)  # a planted difference at 41-69 % of the cycle


def test_paired_test_finds_a_planted_difference_where_it_is_and_nothing_without_one():
    a = rng.normal(size=(10, 101)).cumsum(axis=1) / 5
    b = a - EFFECT + rng.normal(scale=0.3, size=a.shape)
    found = spm_paired(a, b)
    assert found.iterations == 2**10 and "every sign flip" in found.test
    assert found.significant[45:65].all() and not found.significant[:30].any() and not found.significant[80:].any()
    assert all(p < 0.05 for *_, p in found.clusters)
    same = spm_paired(a, a + rng.normal(scale=0.3, size=a.shape))
    assert same.clusters == []  # no planted difference: no supra-threshold cluster
    assert same.significant.mean() < 0.1


def test_two_sample_test_is_seeded_and_leaves_numpys_random_state_alone():
    a = rng.normal(size=(8, 101)) + 2 * EFFECT
    b = rng.normal(size=(40, 101))
    np.random.seed(99)
    before = np.random.random()
    np.random.seed(99)
    one = spm_two_sample(a, b, iterations=200, seed=3)
    assert np.random.random() == before  # the global state is restored
    two = spm_two_sample(a, b, iterations=200, seed=3)
    assert one.threshold == two.threshold and one.clusters == two.clusters
    assert one.significant[45:65].mean() > 0.8 and one.n == (8, 40)
    assert one.as_dict()["share_significant"] == pytest.approx(one.significant.mean())


def test_overlap_separates_a_faithful_map_from_a_random_and_an_inverted_one():
    significant = EFFECT > 0
    faithful = EFFECT + rng.normal(scale=0.05, size=101)
    inside, chance = high_relevance_inside(faithful, significant, quantile=0.9)
    assert inside == 1.0 and chance == pytest.approx(significant.mean())
    inverted = np.where(significant, 0.0, 1.0) + rng.normal(scale=0.05, size=101)
    assert high_relevance_inside(inverted, significant)[0] == 0.0
    random_share = np.mean([high_relevance_inside(rng.normal(size=101), significant)[0] for _ in range(200)])
    assert abs(random_share - chance) < 0.05


def test_bad_curves_are_refused():
    with pytest.raises(ValueError, match="same shape"):
        spm_paired(np.zeros((5, 10)), np.zeros((4, 10)))
    with pytest.raises(ValueError, match="at least 2 curves"):
        spm_two_sample(np.zeros((1, 10)), np.zeros((4, 10)))
    with pytest.raises(ValueError, match="NaN"):
        spm_two_sample(np.full((3, 10), np.nan), np.zeros((4, 10)))
    with pytest.raises(ValueError, match="differ in shape"):
        high_relevance_inside(np.zeros(10), np.zeros(11, bool))


def test_small_groups_use_every_permutation():
    res = spm_two_sample(rng.normal(size=(3, 20)), rng.normal(size=(4, 20)), iterations=1000)
    assert res.iterations == 35 and "every permutation" in res.test
