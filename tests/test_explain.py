import numpy as np
import pytest
from movesig.data import load
from movesig.explain import lrp_linear, lrp_zennit
from movesig.models import LinearSVM
from movesig.splits import PersonChunkSplit


def _fit(X, y, **kw):
    m = LinearSVM(**kw).fit(X, y)
    return m, m.scaled_input(X)


def test_direct_lrp_conserves_the_score():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(30, 2, 15)), np.repeat(np.arange(3), 10)
    m, Z = _fit(X, y)
    r = lrp_linear(Z, m.coef_, m.intercept_, m.class_index(y), epsilon=1e-5)
    np.testing.assert_allclose(r.score, m.decision_function(X)[np.arange(30), m.class_index(y)])
    assert r.conservation_error().max() <= 1e-5 * 1.0001
    # without epsilon the relevance is exactly x * w, and the bias keeps b
    exact = lrp_linear(Z, m.coef_, m.intercept_, m.class_index(y), epsilon=0.0)
    np.testing.assert_allclose(exact.relevance, Z * m.coef_[m.class_index(y)])
    np.testing.assert_allclose(exact.bias, m.intercept_[m.class_index(y)])


def test_zennit_epsilon_equals_direct_lrp_on_random_data():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(50, 4, 30)), np.repeat(np.arange(5), 10)
    m, Z = _fit(X, y, standardise="channel")
    for target in (m.class_index(y), m.class_index(m.predict(X))):
        direct = lrp_linear(Z, m.coef_, m.intercept_, target).relevance
        np.testing.assert_allclose(lrp_zennit(m.to_torch(), Z, target), direct, rtol=0, atol=1e-6)


@pytest.mark.realdata
def test_zennit_epsilon_equals_direct_lrp_on_gaitrec(real_data_dir):
    ds = load("gaitrec", data_dir=real_data_dir).first_persons(40)
    train, test = next(PersonChunkSplit(5).split(ds.X, ds.person))
    m = LinearSVM(C=0.1).fit(ds.X[train], ds.person[train])
    Z = m.scaled_input(ds.X[test])
    target = m.class_index(ds.person[test])
    direct = lrp_linear(Z, m.coef_, m.intercept_, target).relevance
    diff = np.abs(lrp_zennit(m.to_torch(), Z, target) - direct).max()
    assert diff < 1e-6 and np.abs(direct).max() > 1e-2
