"""The model functions (BGNBD_FIT … CLV_SBG) through real xlwings Office.js calls and the classic
add-in: registration, the published estimates through cells, FIT tables feeding predictions,
and bad input.

Expected numbers come from the papers (Fader, Hardie & Lee 2005 for BG/NBD and Gamma-Gamma;
Fader & Hardie 2007 for sBG; the BTYD vignette for Pareto/NBD) or from the papers' formulas
worked by hand below, never from our own output.
"""

import asyncio
from pathlib import Path

import numpy as np
import pytest
import xlwings as xw
from xlwings import server

from clv_udfs import cells, excel
from clv_udfs.catalog import models

from conftest import ERROR_CELL, officejs_payload
from papers import (
    bgnbd_expected, bgnbd_p_alive, discounted_survival, gamma_gamma_spend, sbg_survival,
)

PUBLISHED = Path(__file__).resolve().parents[1] / "data" / \
    "cdnow_customers_summary_with_transactions.csv"
_, X, T_X, T, ZBAR = np.loadtxt(PUBLISHED, delimiter=",", skiprows=1, unpack=True)
REPEAT = X > 0

BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}          # FHL (2005), LL −9582.4
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}                 # FHL (2005, iso-value)
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]                  # Fader & Hardie (2007)
SBG = {"alpha": 0.704, "beta": 1.182}
# The FHL spreadsheet's customer: 2 repeat purchases, the last at 30.43 weeks, 38.86 observed.
CUSTOMER = (2, 30.43, 38.86)


def col(*values):
    """A column range as Excel sends it."""
    return [[v] for v in values]


def numbers(params):
    return col(*params.values())


def rows(table):
    """A spilled parameter table as {label: estimate}."""
    return {row[0]: row[1] for row in table[1:]}


# --- registration ------------------------------------------------------------------------------

CUSTOMERS = ["frequency", "recency", "T"]
SIGNATURES = {  # name -> (required arguments, optional arguments)
    # recency and T (monetary_value) are optional: the first may be a whole CLV_RFM spill
    "BGNBD_FIT": (["frequency"], ["recency", "T", "time_unit", "penalizer"]),
    "PARETO_FIT": (["frequency"], ["recency", "T", "time_unit", "penalizer"]),
    "GAMMAGAMMA_FIT": (["frequency"], ["monetary_value", "penalizer"]),
    "SBG_FIT": (["active"], ["time_unit", "penalizer"]),
    "BGNBD_EXPECTED": (["params", "t", "frequency"], ["recency", "T"]),
    "BGNBD_P_ALIVE": (["params", "frequency"], ["recency", "T"]),
    "PARETO_EXPECTED": (["params", "t", "frequency"], ["recency", "T"]),
    "PARETO_P_ALIVE": (["params", "frequency"], ["recency", "T"]),
    "GAMMAGAMMA_SPEND": (["params", "frequency"], ["monetary_value"]),
    "CLV_PREDICT": (["params", "frequency"],
                    ["recency", "T", "spend", "margin", "monthly_discount_rate",
                     "horizon_months", "model", "time_unit", "interval"]),
    "SBG_SURVIVAL": (["params", "t"], []),
    "SBG_RETENTION": (["params", "t"], []),
    "SBG_DEL": (["params", "discount_rate"], []),
    "SBG_DERL": (["params", "renewals", "discount_rate"], []),
    "CLV_SBG": (["params", "margin_per_period", "discount_rate"], []),
}


def registered():
    return {f["name"]: f for f in server.custom_functions_meta(excel)["functions"]}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_registered_with_description_argument_help_and_optional_flags(name):
    meta = registered()[name]
    required, optional = SIGNATURES[name]
    assert [p["name"] for p in meta["parameters"]] == required + optional
    assert [p.get("optional", False) for p in meta["parameters"]] == \
        [False] * len(required) + [True] * len(optional)
    assert len(meta["description"]) > 30 and "\n" not in meta["description"]
    for param in meta["parameters"]:
        assert len(param["description"]) > 10, (name, param["name"])
    if "params" in required:
        assert "_FIT table" in meta["parameters"][0]["description"]


def test_fit_descriptions_cite_the_paper():
    meta = registered()
    assert "Fader, Hardie & Lee 2005" in meta["BGNBD_FIT"]["description"]
    assert "Fader & Hardie 2007" in meta["SBG_FIT"]["description"]


# --- the published estimates through cells -----------------------------------------------------

@pytest.fixture(scope="module")
def bgnbd_table():
    """BGNBD_FIT on the CDNOW calibration summary, through Office.js (one fit per module)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XLWINGS_ON_SERVER", "true")
        return asyncio.run(server.custom_functions_call(officejs_payload(
            "BGNBD_FIT", [col(*X), col(*T_X), col(*T), [["W"]]]), excel))


def test_bgnbd_fit_matches_the_paper(bgnbd_table):
    """FHL (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4."""
    assert bgnbd_table[0] == ["parameter", "estimate", "standard error"]
    assert [row[0] for row in bgnbd_table[1:]] == ["r", "alpha", "a", "b", "log-likelihood",
                                                  "converged", "time unit", "BIC", "customers",
                                                  "warnings"]
    fitted = rows(bgnbd_table)
    for name, value in BGNBD.items():
        assert fitted[name] == pytest.approx(value, abs=5e-4)
    assert all(row[2] > 0 for row in bgnbd_table[1:5])
    assert fitted["log-likelihood"] == pytest.approx(-9582.4, abs=0.05)
    assert fitted["converged"] is True and fitted["time unit"] == "W"


def test_pareto_fit_matches_btyd(officejs):
    """BTYD vignette on the same data: r = 0.5534, α = 10.5802, s = 0.6061, β = 11.6562;
    LL −9595.0 (Pareto/NBD's β is weakly identified: three figures)."""
    fitted = rows(officejs("PARETO_FIT", col(*X), col(*T_X), col(*T), [["W"]]))
    for name, value in {"r": 0.5534, "alpha": 10.5802, "s": 0.6061, "beta": 11.6562}.items():
        assert fitted[name] == pytest.approx(value, rel=5e-3)
    assert fitted["log-likelihood"] == pytest.approx(-9595.0, abs=0.05)


def test_gamma_gamma_fit_on_repeat_buyers_matches_the_paper(officejs):
    """FHL (2005, iso-value), 946 repeat buyers: p = 6.25, q = 3.74, γ = 15.44."""
    table = officejs("GAMMAGAMMA_FIT", col(*X[REPEAT]), col(*ZBAR[REPEAT]))
    assert [row[0] for row in table] == ["parameter", "p", "q", "gamma", "log-likelihood",
                                         "converged", "BIC", "customers",
                                         "left out: mean spend ≤ 0", "warnings"]
    fitted = rows(table)
    for name, value in GAMMA_GAMMA.items():
        assert fitted[name] == pytest.approx(value, abs=0.01)


def test_gamma_gamma_fit_skips_customers_without_a_repeat_purchase(officejs):
    """The whole RFM summary (x = 0 rows with z̄ 0 or empty) fits like its repeat buyers."""
    spend = [z if x > 0 else (0 if i % 2 else None) for i, (x, z) in enumerate(zip(X, ZBAR))]
    fitted = rows(officejs("GAMMAGAMMA_FIT", col(*X), col(*spend)))
    for name, value in GAMMA_GAMMA.items():
        assert fitted[name] == pytest.approx(value, abs=0.01)


def test_gamma_gamma_fit_names_the_sheet_row_of_a_bad_spend(officejs):
    """Rows left out (no repeat purchase, blank) do not shift the row a message names."""
    with pytest.raises(xw.XlwingsError, match="monetary_value row 4: "):
        officejs("GAMMAGAMMA_FIT", col(0, None, 2, 3, 1), col(0, None, 10, "n/a", 12))
    with pytest.raises(xw.XlwingsError, match="monetary_value row 5: the cell is empty"):
        officejs("GAMMAGAMMA_FIT", col(0, 2, None, 1, 3), col(None, 10, None, 12, None))


def test_sbg_fit_on_the_regular_cohort_matches_the_paper(officejs):
    """Fader & Hardie (2007), section 4: α = 0.704, β = 1.182, in years (the default)."""
    table = officejs("SBG_FIT", col(*REGULAR))
    fitted = rows(table)
    assert fitted["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert fitted["beta"] == pytest.approx(1.182, abs=5e-4)
    assert fitted["converged"] is True and fitted["time unit"] == "Y"


def test_sbg_fit_reads_a_row_of_survivors_too(officejs):
    fitted = rows(officejs("SBG_FIT", [REGULAR], [["M"]]))
    assert fitted["alpha"] == pytest.approx(0.704, abs=5e-4) and fitted["time unit"] == "M"


# --- predictions: published and hand-calculated, from a FIT table or the numbers ---------------

def test_bgnbd_expected_matches_the_fhl_spreadsheet(officejs, bgnbd_table):
    """FHL (2005) spreadsheet: the customer expects 1.226 purchases in the next 39 weeks."""
    for params in (bgnbd_table, numbers(BGNBD)):
        header, (value,) = officejs("BGNBD_EXPECTED", params, [[39]], *map(col, CUSTOMER))
        assert header == ["expected purchases in the next 39"]
        assert value == pytest.approx(1.226, abs=5e-4)
    assert bgnbd_expected(39, *CUSTOMER, **BGNBD) == pytest.approx(1.226, abs=5e-4)


def test_fit_table_gives_what_its_numbers_give(officejs, bgnbd_table):
    fitted = rows(bgnbd_table)
    same = col(*(fitted[name] for name in BGNBD))
    customers = col(0, 1, 2, 7), col(0, 20.0, 30.43, 35.0), col(38.86, 30, 38.86, 36)
    for name in ("BGNBD_P_ALIVE", "CLV_PREDICT"):
        extra = ([[50], [60], [70], [80]], [[0.3]], [[0.01]]) if name == "CLV_PREDICT" else ()
        tail = ([[12]], [["BG/NBD"]], [["W"]]) if extra else ()
        from_table = officejs(name, bgnbd_table, *customers, *extra)
        from_numbers = officejs(name, same, *customers, *extra, *tail)
        assert from_table == from_numbers


def test_bgnbd_p_alive_by_hand(officejs):
    x, t_x, big_t = (0, 1, 2, 7), (0, 20.0, 30.43, 35.0), (38.86, 30, 38.86, 36)
    header, *cells = officejs("BGNBD_P_ALIVE", numbers(BGNBD), col(*x), col(*t_x), col(*big_t))
    assert header == ["P(alive)"]
    expected = [bgnbd_p_alive(*row, **BGNBD) for row in zip(x, t_x, big_t)]
    assert [c[0] for c in cells] == pytest.approx(expected, rel=1e-12)
    assert cells[0] == [1.0]   # no repeat purchase: alive by assumption of the model


def test_pareto_predictions_match_the_btyd_walkthrough(officejs):
    """BTYD vignette, customer 1516 (x = 26, t_x = 30.86, T = 31): P(alive) = 0.9979 and
    25.46 purchases expected in the next 52 weeks."""
    table = officejs("PARETO_FIT", col(*X), col(*T_X), col(*T), [["W"]])
    (_, (alive,)) = officejs("PARETO_P_ALIVE", table, [[26]], [[30.86]], [[31]])
    (_, (expected,)) = officejs("PARETO_EXPECTED", table, [[52]], [[26]], [[30.86]], [[31]])
    assert alive == pytest.approx(0.9979, abs=5e-5)
    assert expected == pytest.approx(25.46, abs=5e-3)


def test_gamma_gamma_spend_by_hand(officejs):
    x, zbar = (0, 1, 2, 10), (0, 20.0, 100.0, 35.0)
    header, *cells = officejs("GAMMAGAMMA_SPEND", numbers(GAMMA_GAMMA), col(*x), col(*zbar))
    assert header == ["expected spend per purchase"]
    expected = [gamma_gamma_spend(*row, **GAMMA_GAMMA) for row in zip(x, zbar)]
    assert [c[0] for c in cells] == pytest.approx(expected, rel=1e-12)
    assert cells[0][0] == pytest.approx(6.25 * 15.44 / 2.74)   # the population mean


def test_clv_predict_without_discount_is_spend_margin_and_purchases(officejs, bgnbd_table):
    """With no discounting, 6 months of CLV = spend × margin × E[purchases in 6 months];
    a month is 365.25/12 days = 4.348… weeks; E[·] from FHL (2005), eq. 10, by hand."""
    weeks = 6 * 365.25 / 12 / 7
    header, (value,) = officejs("CLV_PREDICT", bgnbd_table, *map(col, CUSTOMER), [[50]],
                                [[0.3]], [[0]], [[6]])
    assert header == ["CLV over 6 months"]
    fitted = rows(bgnbd_table)
    params = {name: fitted[name] for name in BGNBD}
    assert value == pytest.approx(50 * 0.3 * bgnbd_expected(weeks, *CUSTOMER, **params),
                                  rel=1e-9)


def test_clv_predict_discounts_later_months_more(officejs, bgnbd_table):
    args = (bgnbd_table, *map(col, CUSTOMER), [[50]], [[0.3]])
    (_, (plain,)), (_, (discounted,)) = (officejs("CLV_PREDICT", *args, [[d]]) for d in (0, 0.01))
    assert plain / 1.01 ** 12 < discounted < plain


def test_sbg_survival_and_retention_by_hand(officejs):
    t = (0, 1, 2, 7, 12)
    header, *survival = officejs("SBG_SURVIVAL", [list(SBG.values())], col(*t))
    assert header == ["survival"]
    assert [c[0] for c in survival] == pytest.approx(
        [sbg_survival(n, **SBG) for n in t], rel=1e-12)
    # Fader & Hardie (2007), eq. 8: r(t) = (β + t − 1)/(α + β + t − 1).
    header, *retention = officejs("SBG_RETENTION", numbers(SBG), col(1, 2, 7))
    assert header == ["retention rate"]
    assert [c[0] for c in retention] == pytest.approx(
        [(1.182 + t - 1) / (1.886 + t - 1) for t in (1, 2, 7)], rel=1e-12)


def test_sbg_fit_table_feeds_del_derl_and_clv(officejs):
    """Fader & Hardie (2010), eqs. 5–6, summed term by term at the fitted α, β."""
    table = officejs("SBG_FIT", col(*REGULAR))
    params = {"alpha": rows(table)["alpha"], "beta": rows(table)["beta"]}
    header, (del_,), (del_15,) = officejs("SBG_DEL", table, col(0.1, 0.15))
    assert header == ["discounted expected lifetime"]
    assert del_ == pytest.approx(discounted_survival(0, 0.1, **params), rel=1e-9)
    assert del_15 == pytest.approx(discounted_survival(0, 0.15, **params), rel=1e-9)
    header, *derl = officejs("SBG_DERL", table, col(0, 1, 4), [[0.1]])
    assert header == ["discounted expected residual lifetime"]
    assert [c[0] for c in derl] == pytest.approx(
        [discounted_survival(n + 1, 0.1, **params) for n in (0, 1, 4)], rel=1e-9)
    header, (clv,), (clv_2,) = officejs("CLV_SBG", table, col(100, 250), [[0.1]])
    assert header == ["CLV"]
    assert clv == pytest.approx(100 * del_, rel=1e-12)
    assert clv_2 == pytest.approx(250 * del_, rel=1e-12)
    assert officejs("CLV_SBG", numbers(params), col(100), [[0.1]]) == [["CLV"], [clv]]


# --- bad input: one bad customer row spoils only its own result --------------------------------

@pytest.mark.parametrize("bad,message", [
    ("ten", 'frequency row 2: "ten" is text, not a number; enter a count ≥ 0'),
    (ERROR_CELL, "frequency row 2: the cell holds the error #N/A; enter a count ≥ 0"),
    (-1, "frequency row 2: -1 is not allowed; enter a count ≥ 0"),
    (1.5, "frequency row 2: 1.5 is not a whole number; enter a count of purchases (0, 1, 2, …)"),
], ids=["text", "error-cell", "negative", "fraction"])
def test_a_bad_frequency_spoils_only_its_row(officejs, bad, message):
    header, first, second, third = officejs("BGNBD_P_ALIVE", numbers(BGNBD), col(2, bad, 0),
                                            col(30.43, 5, 0), col(38.86, 10, 20))
    assert first[0] == pytest.approx(bgnbd_p_alive(*CUSTOMER, **BGNBD), rel=1e-12)
    assert second == ["#VALUE! " + message]
    assert third == [1.0]


def test_an_empty_cell_in_a_customer_row_says_so(officejs):
    result = officejs("BGNBD_EXPECTED", numbers(BGNBD), [[39]], col(2, 1), col(30.43, None),
                      col(38.86, 10))
    assert result[2] == ["#VALUE! recency row 2: the cell is empty; enter a duration ≥ 0"]
    assert result[1][0] == pytest.approx(1.226, abs=5e-4)


def test_recency_after_t_spoils_only_its_row(officejs):
    result = officejs("PARETO_P_ALIVE", col(0.553, 10.58, 0.606, 11.67), col(26, 3),
                      col(30.86, 12), col(31, 10))
    assert result[1][0] == pytest.approx(0.9979, abs=5e-4)
    assert result[2] == ["#VALUE! recency row 2: 12 is after T 10; the last purchase cannot "
                         "come after the end of observation"]


def test_one_bad_customer_alone_keeps_the_header_and_shows_the_message(officejs):
    """A customer row is never a single-cell problem: the spill keeps its header row."""
    assert officejs("BGNBD_P_ALIVE", numbers(BGNBD), [[2]], [[40]], [[38.86]]) == [
        ["P(alive)"], ["#VALUE! recency row 1: 40 is after T 38.86; the last purchase cannot "
                       "come after the end of observation"]]


def test_spare_empty_rows_are_skipped(officejs):
    result = officejs("GAMMAGAMMA_SPEND", numbers(GAMMA_GAMMA), col(1, None, None),
                      col(20.0, None, None))
    assert result == [["expected spend per purchase"],
                      [pytest.approx(gamma_gamma_spend(1, 20.0, **GAMMA_GAMMA))]]


def test_a_blank_row_between_customers_keeps_every_result_beside_its_customer(officejs):
    result = officejs("BGNBD_P_ALIVE", numbers(BGNBD), col(2, None, 1, None),
                      col(30.43, None, 5.0, None), col(38.86, None, 38.86, None))
    assert result[1][0] == pytest.approx(bgnbd_p_alive(2, 30.43, 38.86, **BGNBD), rel=1e-12)
    assert result[2] == [""]
    assert result[3][0] == pytest.approx(bgnbd_p_alive(1, 5.0, 38.86, **BGNBD), rel=1e-12)
    assert len(result) == 4   # the spare blank row at the bottom is cut off


def test_scattered_bad_rows_each_show_their_own_message_among_many_good_ones(officejs):
    n = 1000
    frequency = [[2]] * n
    for row in (3, 500, 998):
        frequency[row] = [[-1], ["x"], [ERROR_CELL]][(3, 500, 998).index(row)]
    result = officejs("BGNBD_P_ALIVE", numbers(BGNBD), frequency, [[30.43]] * n, [[38.86]] * n)
    expected = bgnbd_p_alive(*CUSTOMER, **BGNBD)
    bad = {4: "#VALUE! frequency row 4: -1 is not allowed; enter a count ≥ 0",
           501: '#VALUE! frequency row 501: "x" is text, not a number; enter a count ≥ 0',
           999: "#VALUE! frequency row 999: the cell holds the error #N/A; enter a count ≥ 0"}
    for row in range(1, n + 1):
        if row in bad:
            assert result[row] == [bad[row]]
        else:
            assert result[row][0] == pytest.approx(expected, rel=1e-12)


def test_bad_survival_period_and_discount_rate_spoil_their_rows(officejs):
    survival = officejs("SBG_SURVIVAL", numbers(SBG), col(1, -1, "x"))
    assert survival[2] == ["#VALUE! t row 2: -1 is not allowed; enter a duration ≥ 0"]
    assert survival[3] == ['#VALUE! t row 3: "x" is text, not a number; enter a duration ≥ 0']
    lifetime = officejs("SBG_DEL", numbers(SBG), col(0.1, 10))
    assert lifetime[2] == ["#VALUE! discount_rate row 2: 10 is not a rate between 0 and 1; "
                           "enter 10% or 0.1"]


# --- bad input: single-cell problems are one #VALUE! with a one-line message -------------------

ONE_CALL = [
    pytest.param(("CLV_PREDICT", numbers(BGNBD), *map(col, CUSTOMER), [[50]], [[30]], [[0.01]],
                  [[12]], [["BG/NBD"]], [["W"]]),
                 "margin: 30 is not a rate between 0 and 1; enter 30% or 0.3", id="margin-80"),
    pytest.param(("SBG_DERL", numbers(SBG), col(0, 4), [[10]]),
                 "discount_rate: 10 is not a rate between 0 and 1; enter 10% or 0.1",
                 id="derl-rate-as-whole-number"),
    pytest.param(("CLV_SBG", numbers(SBG), col(100), [["ten"]]),
                 'discount_rate: "ten" is text, not a number; enter a discount rate',
                 id="clv-sbg-text-rate"),
    pytest.param(("BGNBD_EXPECTED", numbers(BGNBD), [[-3]], *map(col, CUSTOMER)),
                 "t: -3 is not allowed; enter a duration ≥ 0", id="negative-horizon"),
    pytest.param(("BGNBD_EXPECTED", numbers(BGNBD), [[None]], *map(col, CUSTOMER)),
                 "t: the cell is empty", id="empty-horizon"),
    pytest.param(("CLV_PREDICT", numbers(BGNBD), *map(col, CUSTOMER), [[50]], [[0.3]],
                  [[0.01]], [[6.5]], [["BG/NBD"]], [["W"]]),
                 "horizon: 6.5 months; give a whole number of months", id="fractional-months"),
    pytest.param(("CLV_PREDICT", numbers(BGNBD), *map(col, CUSTOMER), [[50]], [[0.3]],
                  [[0.01]]),
                 "time_unit: give the unit of recency and T", id="bare-numbers-no-unit"),
    pytest.param(("CLV_PREDICT", numbers(BGNBD), *map(col, CUSTOMER), [[50]], [[0.3]],
                  [[0.01]], [[12]], [["BTYD"]], [["W"]]),
                 'model: "BTYD" is not a model; use "BG/NBD" or "Pareto/NBD"', id="bad-model"),
    pytest.param(("BGNBD_P_ALIVE", col(0.243, 4.414, 0.793), *map(col, CUSTOMER)),
                 "params: give the 4 numbers r, alpha, a, b in that order, or a *_FIT table; "
                 "there are 3", id="three-numbers"),
    pytest.param(("BGNBD_P_ALIVE", col(0.243, 4.414, 0.793, ERROR_CELL), *map(col, CUSTOMER)),
                 "params b: the cell holds the error #N/A", id="error-in-params"),
    pytest.param(("BGNBD_P_ALIVE", col(0.243, 4.414, 0.793, -2), *map(col, CUSTOMER)),
                 "params b: -2 is not allowed; enter a model parameter > 0", id="negative-parameter"),
    pytest.param(("BGNBD_P_ALIVE", [["parameter", "estimate"], ["p", 6.25], ["q", 3.74],
                                    ["gamma", 15.44]], *map(col, CUSTOMER)),
                 "params: the table has no rows labelled r, alpha, a, b", id="wrong-fit-table"),
    pytest.param(("BGNBD_P_ALIVE", numbers(BGNBD), col(2, 1), col(30.43), col(38.86, 10)),
                 "frequency has 2 rows but recency has 1; select ranges of the same height",
                 id="mismatched-lengths"),
    pytest.param(("BGNBD_FIT", col(1, 2), col(10, 20), col(5, 30), [["W"]]),
                 "recency row 1: 10 is after T 5; the last purchase cannot come after",
                 id="fit-recency-after-t"),
    pytest.param(("GAMMAGAMMA_FIT", col(1, 2, 0), col(10, "n/a", 0)),
                 'monetary_value row 2: "n/a" is text, not a number; enter a number',
                 id="fit-text"),
    pytest.param(("SBG_FIT", col(1000, 631, 700)),
                 "active row 3: 700 is more than the 631 before it", id="fit-survivors-rise"),
    pytest.param(("SBG_FIT", col(*REGULAR), [["fortnight"]]),
                 'time_unit: "fortnight" is not a time unit', id="fit-time-unit"),
    pytest.param(("SBG_FIT", col(1000, 631, None, 382)),
                 "active row 3: the cell is empty; every period needs its count",
                 id="fit-survivors-gap"),
    pytest.param(("CLV_PREDICT", numbers(BGNBD), *map(col, CUSTOMER), [[50]], [[0.3]],
                  [[0.01]], [[2000]], [["BG/NBD"]], [["W"]]),
                 "horizon_months: 2000 is not allowed; enter a whole number of months "
                 "from 1 to 1200", id="horizon-too-long"),
    pytest.param(("CLV_PREDICT", [["parameter", "estimate"], ["r", 0.243], ["alpha", 4.414],
                                  ["a", 0.793], ["b", 2.426], ["time unit", "W"]],
                  *map(col, CUSTOMER), [[50]], [[0.3]], [[0.01]], [[12]], [[None]], [["D"]]),
                 "time_unit: D differs from the table's time unit W", id="unit-conflict"),
]


@pytest.mark.parametrize("args,message", ONE_CALL)
def test_single_cell_problems_are_one_error_on_officejs(officejs, args, message):
    with pytest.raises(xw.XlwingsError) as raised:
        officejs(*args)
    text = str(raised.value)
    assert text.startswith(message) and "\n" not in text, text


CLASSIC_CASES = ("margin-80", "derl-rate-as-whole-number", "clv-sbg-text-rate",
                 "mismatched-lengths", "fit-recency-after-t")


@pytest.mark.parametrize("args,message", [p for p in ONE_CALL if p.id in CLASSIC_CASES])
def test_single_cell_problems_read_as_text_in_the_classic_addin(classic, args, message):
    (cell,), = classic(*args)
    assert cell.startswith("#VALUE! " + message), cell


# --- the classic add-in computes the same --------------------------------------------------------

def test_classic_addin_fits_and_predicts_like_officejs(classic, officejs):
    table = classic("SBG_FIT", col(*REGULAR))
    assert rows(table)["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert classic("SBG_RETENTION", table, col(1, 2)) == officejs("SBG_RETENTION", table,
                                                                  col(1, 2))
    spilled = classic("BGNBD_P_ALIVE", numbers(BGNBD), col(2, -1), col(30.43, 0),
                      col(38.86, 5))
    assert spilled[1][0] == pytest.approx(bgnbd_p_alive(*CUSTOMER, **BGNBD), rel=1e-12)
    assert spilled[2] == ["#VALUE! frequency row 2: -1 is not allowed; enter a count ≥ 0"]


def test_a_column_of_good_customers_spills_the_numbers_the_row_by_row_path_gives(officejs):
    """Every row a customer with a finite result: the column is written from a float array
    (issue 12, the Excel layer's speed). One bad row makes the same call take the path that
    computes around it; every other row shows the very same number, under the same header."""
    x, t_x, T = [2, 1, 0, 5], [30.43, 5, 0, 20], [38.86, 10, 20, 52]
    good = officejs("BGNBD_P_ALIVE", numbers(BGNBD), col(*x), col(*t_x), col(*T))
    assert isinstance(models.bgnbd_p_alive(numbers(BGNBD), col(*x), col(*t_x), col(*T)),
                      cells.Table)   # the float path, not the row-by-row one
    spoiled = officejs("BGNBD_P_ALIVE", numbers(BGNBD), col(*x, "ten"), col(*t_x, 1),
                       col(*T, 2))
    assert good == spoiled[:-1] and spoiled[-1][0].startswith("#VALUE! frequency row 5")
    assert [type(cell) for (cell,) in good[1:]] == [float] * 4
    assert [cell for (cell,) in good[1:]] == pytest.approx(
        [bgnbd_p_alive(*c, **BGNBD) for c in zip(x, t_x, T)], rel=1e-12)


@pytest.mark.parametrize("params, horizon, message", [
    ([[1e-300]] * 4, [[39]], "params r: 1e-300 is too extreme to compute the expected purchases"),
    (None, [[1e300]], "t: 1e+300 is too extreme to compute the expected purchases"),
], ids=["a parameter", "a one-cell argument"])
def test_a_whole_call_refused_says_why_without_the_cores_item_count(officejs, params, horizon,
                                                                     message):
    """The core's "(item 2)" counted the customers computed, not rows of the sheet: beside a
    parameter or a one-cell argument it meant nothing, and it showed on hover."""
    with pytest.raises(xw.XlwingsError) as refused:   # one message for the whole call
        officejs("BGNBD_EXPECTED", params or numbers(BGNBD), horizon, col(2, 1),
                 col(30.43, 5), col(38.86, 10))
    assert str(refused.value) == f"{message} (the result is not a finite number); check the value"
