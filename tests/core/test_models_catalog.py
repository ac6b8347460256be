"""Excel specs of the model functions (clv_udfs.catalog.models), on the published examples."""

import pytest

from clv_udfs import cells
from clv_udfs.catalog import models
from clv_udfs.errors import CLVError
from test_models_cdnow import T, T_X, X, ZBAR


def column(values):
    return [[v] for v in values]


@pytest.fixture(scope="module")
def bgnbd_table():
    return models.bgnbd_fit(column(X), column(T_X), column(T), "W")


def test_fit_table_carries_the_published_estimates(bgnbd_table):
    """FHL (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4."""
    rows = {row[0]: row[1] for row in bgnbd_table[1:]}
    assert bgnbd_table[0].tolist() == ["parameter", "estimate", "standard error"]
    for name, value in {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}.items():
        assert rows[name] == pytest.approx(value, abs=5e-4)
    assert rows["log-likelihood"] == pytest.approx(-9582.4, abs=0.05)
    assert rows["converged"] is True and rows["time unit"] == "W"


def test_predictions_from_the_table_or_the_numbers(bgnbd_table):
    """FHL (2005) spreadsheet: x = 2, t_x = 30.43, T = 38.86 expects 1.226 in 39 weeks."""
    spilled = models.bgnbd_expected(bgnbd_table, 39, [[2]], [[30.43]], [[38.86]])
    assert spilled[0, 0] == "expected purchases in the next 39"
    assert spilled[1, 0] == pytest.approx(1.226, abs=5e-4)
    numbers = models.bgnbd_expected([[0.243], [4.414], [0.793], [2.426]], 39, [[2]], [[30.43]],
                                    [[38.86]])
    assert numbers[1, 0] == pytest.approx(1.226, abs=5e-4)


def test_a_bad_row_spoils_only_itself(bgnbd_table):
    spilled = models.bgnbd_p_alive(bgnbd_table, [[2], [-1], ["x"], [0], [None]],
                                   [[30.43], [0], [1], [0], [None]], [[38.86], [5], [5], [5], [None]])
    assert spilled.shape == (5, 1)   # header, four rows; the blank row is dropped
    assert spilled[2, 0] == "#VALUE! frequency row 2: -1 is not allowed; enter a count ≥ 0"
    assert cells.is_error_cell(spilled[3, 0])
    assert spilled[4, 0] == 1.0


def test_pareto_gamma_gamma_and_sbg_round_trips():
    pareto = models.pareto_fit(column(X), column(T_X), column(T), "W")
    assert {r[0]: r[1] for r in pareto[1:]}["r"] == pytest.approx(0.553, rel=5e-3)
    # BTYD walkthrough customer: P(alive) = 0.9979
    assert models.pareto_p_alive(pareto, [[26]], [[30.86]], [[31]])[1, 0] == pytest.approx(
        0.9979, abs=5e-5)
    repeat = X > 0
    spend = models.gammagamma_fit(column(X[repeat]), column(ZBAR[repeat]))
    assert {r[0]: r[1] for r in spend[1:]}["p"] == pytest.approx(6.25, abs=5e-3)
    sbg = models.sbg_fit(column([1000, 631, 468, 382, 326, 289, 262, 241]))
    assert {r[0]: r[1] for r in sbg[1:]}["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert models.sbg_retention([[0.704, 1.182]], [[1]])[1, 0] == pytest.approx(1.182 / 1.886)


def test_clv_predict_needs_a_unit_with_bare_numbers(bgnbd_table):
    numbers = [[0.243], [4.414], [0.793], [2.426]]
    with pytest.raises(CLVError, match="time_unit: give the unit"):
        models.clv_predict(numbers, [[2]], [[30.43]], [[38.86]], [[50]], 0.3, 0.01, 12, "BG/NBD")
    with_unit = models.clv_predict(numbers, [[2]], [[30.43]], [[38.86]], [[50]], 0.3, 0.01, 12,
                                   "BG/NBD", "W")
    from_table = models.clv_predict(bgnbd_table, [[2]], [[30.43]], [[38.86]], [[50]], 0.3, 0.01)
    assert with_unit[1, 0] == pytest.approx(from_table[1, 0], rel=1e-3)


def test_every_spec_documents_every_argument():
    for spec in models.FUNCTIONS:
        assert spec.table and spec.description
        assert all(argument.doc for argument in spec.arguments), spec.name
