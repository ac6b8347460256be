"""Factorising customer rows: broadcast columns, and the factorisations a forecast remembers
(issue 12: the report factorised the same customers 46 times, 3 of its 13.5 s)."""

import numpy as np
import pytest

from clv_udfs.core.models import ParetoNBD
from clv_udfs.core.models.inputs import factorise, remembered_factorisations

RNG = np.random.default_rng(12)
X = RNG.integers(0, 6, 500).astype(float)
T = np.round(RNG.uniform(20, 40, 500), 1)
T_X = np.where(X > 0, np.round(T * RNG.uniform(0, 1, 500), 1), 0.0)


def by_hand(columns):
    """np.unique over the raveled rows: the unique rows sorted, and each row's index."""
    rows = np.column_stack([np.ravel(c) for c in columns])
    unique, inverse = np.unique(rows, axis=0, return_inverse=True)
    return tuple(unique.T), inverse.ravel()


@pytest.mark.parametrize("columns", [
    [X, T_X],
    [np.broadcast_to(X, (13, 500)), np.broadcast_to(T, (13, 500))],           # 13 horizons
    [np.broadcast_to(X[:, None], (500, 3)), np.broadcast_to(T[:, None], (500, 3))],
    [np.broadcast_to(X, (4, 500)), RNG.integers(0, 2, (4, 500)).astype(float)],  # not repeated
])
def test_factorise_matches_unique_rows_for_plain_and_broadcast_columns(columns):
    for remembered in (False, True):
        with remembered_factorisations() if remembered else np.errstate():
            unique, inverse = factorise(columns)
            again = factorise(columns)
        expected_unique, expected_inverse = by_hand(columns)
        assert all(np.array_equal(u, e) for u, e in zip(unique, expected_unique))
        assert np.array_equal(inverse, expected_inverse)
        assert np.array_equal(again[1], expected_inverse)


def test_remembered_factorisations_keep_other_data_apart():
    model = ParetoNBD.from_params("W", r=0.55, alpha=10.6, s=0.61, beta=11.7)
    other_t_x = np.where(X > 0, T_X / 2, 0.0)   # same x and T, other recency: other pairs
    plain = [model.conditional_probability_alive(X, t_x, T) for t_x in (T_X, other_t_x)]
    with remembered_factorisations():
        remembered = [model.conditional_probability_alive(X, t_x, T)
                      for t_x in (T_X, other_t_x, T_X)]
    assert not np.allclose(plain[0], plain[1])
    assert np.array_equal(remembered[0], plain[0])
    assert np.array_equal(remembered[1], plain[1])
    assert np.array_equal(remembered[2], plain[0])


def test_what_is_remembered_cannot_be_changed_by_a_caller():
    with remembered_factorisations():
        (x,), inverse = factorise([X])
        with pytest.raises(ValueError):
            x[0] = 99.0
        assert factorise([X])[0][0][0] == X.min()
