"""MBGNBD_* and BGBB_* through real xlwings Office.js calls (issue 10): registration, the
published estimates through cells, FIT tables feeding predictions, and bad input.

Expected numbers come from BTYDplus (MBG/NBD on CDNOW), Fader, Hardie & Shang (2010) and its
spreadsheet (BG/BB on the donations data) or from the independent formulas of tests/papers.py,
never from our own output.
"""

import asyncio
from pathlib import Path

import numpy as np
import pytest
import xlwings as xw
from xlwings import server

from clv_udfs import excel

from conftest import ERROR_CELL, officejs_payload
from papers import bgbb_expected, bgbb_p_alive, mbgnbd_expected, mbgnbd_p_alive

DATA = Path(__file__).resolve().parents[1] / "data"
_, X, T_X, T, _ZBAR = np.loadtxt(DATA / "cdnow_customers_summary_with_transactions.csv",
                                 delimiter=",", skiprows=1, unpack=True)
BTYDPLUS = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}   # MBG/NBD on CDNOW, weeks
DON_X, DON_T_X, DON_N, DONORS = np.loadtxt(DATA / "donations.csv", delimiter=",", skiprows=2,
                                           unpack=True)
FHS = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}   # BG/BB, donations
CUSTOMERS = (0, 1, 2, 7), (0, 20.0, 30.43, 35.0), (38.86, 30, 38.86, 36)


def col(*values):
    """A column range as Excel sends it."""
    return [[v] for v in values]


def rows(table):
    """A spilled parameter table as {label: estimate}."""
    return {row[0]: row[1] for row in table[1:]}


def registered():
    return {f["name"]: f for f in server.custom_functions_meta(excel)["functions"]}


def call(name, *args):
    """One Office.js call (module fixtures cannot use the function-scoped ``officejs``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XLWINGS_ON_SERVER", "true")
        return asyncio.run(server.custom_functions_call(officejs_payload(name, list(args)),
                                                        excel))


# --- MBG/NBD --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mbgnbd_table():
    return call("MBGNBD_FIT", col(*X), col(*T_X), col(*T), [["W"]])


@pytest.mark.parametrize("name, required, optional", [
    # recency and T are optional: the whole CLV_RFM table may come as frequency (issue 10.6)
    ("MBGNBD_FIT", ["frequency"], ["recency", "T", "time_unit", "penalizer"]),
    ("MBGNBD_P_ALIVE", ["params", "frequency"], ["recency", "T"]),
    ("MBGNBD_EXPECTED", ["params", "t", "frequency"], ["recency", "T"]),
    ("BGBB_FIT", ["frequency", "recency", "n_periods"], ["weights", "penalizer"]),
    ("BGBB_P_ALIVE", ["params", "frequency", "recency", "n_periods"], ["periods_ahead"]),
    ("BGBB_EXPECTED", ["params", "periods", "frequency", "recency", "n_periods"], []),
])
def test_registered_with_help_naming_the_model(name, required, optional):
    meta = registered()[name]
    assert [p["name"] for p in meta["parameters"]] == required + optional
    assert [p.get("optional", False) for p in meta["parameters"]] == \
        [False] * len(required) + [True] * len(optional)
    assert all(len(p["description"]) > 10 for p in meta["parameters"])
    assert ("MBG/NBD" if name.startswith("MBG") else "BG/BB") in meta["description"]


def test_mbgnbd_fit_matches_btydplus_and_says_its_model(mbgnbd_table):
    assert mbgnbd_table[0] == ["parameter", "estimate", "standard error"]
    assert [row[0] for row in mbgnbd_table[1:11]] == ["r", "alpha", "a", "b", "log-likelihood",
                                                     "converged", "time unit", "model", "BIC",
                                                     "customers"]
    fitted = rows(mbgnbd_table)
    for name, value in BTYDPLUS.items():
        assert fitted[name] == pytest.approx(value, abs=5e-4)
    assert all(row[2] > 0 for row in mbgnbd_table[1:5])
    assert fitted["converged"] is True and fitted["time unit"] == "W"
    assert fitted["model"] == "MBG/NBD"


def test_mbgnbd_predictions_match_the_paper_formulas(mbgnbd_table):
    fitted = rows(mbgnbd_table)
    params = {name: fitted[name] for name in BTYDPLUS}
    header, *alive = call("MBGNBD_P_ALIVE", mbgnbd_table, *map(lambda c: col(*c), CUSTOMERS))
    assert header == ["P(alive)"]
    assert [c[0] for c in alive] == pytest.approx(
        [mbgnbd_p_alive(*row, **params) for row in zip(*CUSTOMERS)], rel=1e-12)
    assert alive[0][0] < 0.5   # bought once, 38.86 weeks ago: BG/NBD would say 1
    header, *expected = call("MBGNBD_EXPECTED", mbgnbd_table, [[39]],
                             *map(lambda c: col(*c), CUSTOMERS))
    assert header == ["expected purchases in the next 39"]
    assert [c[0] for c in expected] == pytest.approx(
        [mbgnbd_expected(39, *row, **params) for row in zip(*CUSTOMERS)], rel=1e-9)


def test_mbgnbd_takes_the_numbers_too():
    header, (value,) = call("MBGNBD_P_ALIVE", col(*BTYDPLUS.values()), [[0]], [[0]], [[38.86]])
    assert value == pytest.approx(mbgnbd_p_alive(0, 0, 38.86, **BTYDPLUS), rel=1e-12)


def test_clv_predict_takes_an_mbgnbd_table(mbgnbd_table):
    """Undiscounted, 6 months of CLV = spend × margin × E[purchases in 6 months] (a month is
    365.25/12 days), with the MBG/NBD expectation of papers.py."""
    weeks = 6 * 365.25 / 12 / 7
    fitted = rows(mbgnbd_table)
    params = {name: fitted[name] for name in BTYDPLUS}
    header, (value,) = call("CLV_PREDICT", mbgnbd_table, [[2]], [[30.43]], [[38.86]], [[50]],
                            [[0.3]], [[0]], [[6]])
    assert value == pytest.approx(50 * 0.3 * mbgnbd_expected(weeks, 2, 30.43, 38.86, **params),
                                  rel=1e-9)
    (_, (same,)) = call("CLV_PREDICT", col(*params.values()), [[2]], [[30.43]], [[38.86]],
                        [[50]], [[0.3]], [[0]], [[6]], [["MBG/NBD"]], [["W"]])
    assert same == pytest.approx(value, rel=1e-12)


def test_a_bgnbd_table_is_not_read_as_mbgnbd_and_back(mbgnbd_table):
    bgnbd_table = call("BGNBD_FIT", col(*X), col(*T_X), col(*T), [["W"]])
    with pytest.raises(xw.XlwingsError, match="^params: the table has no model row saying "
                       "MBG/NBD"):
        call("MBGNBD_P_ALIVE", bgnbd_table, [[0]], [[0]], [[38.86]])
    with pytest.raises(xw.XlwingsError, match="^params: the table's model is MBG/NBD, not "
                       "BG/NBD; use it with the MBG/NBD functions$"):
        call("BGNBD_P_ALIVE", mbgnbd_table, [[0]], [[0]], [[38.86]])


def test_mbgnbd_bad_rows_spoil_only_themselves():
    header, good, bad, also_bad = call("MBGNBD_P_ALIVE", col(*BTYDPLUS.values()),
                                       col(2, -1, 1), col(30.43, 0, ERROR_CELL),
                                       col(38.86, 5, 10))
    assert good[0] == pytest.approx(mbgnbd_p_alive(2, 30.43, 38.86, **BTYDPLUS), rel=1e-12)
    assert bad == ["#VALUE! frequency row 2: -1 is not allowed; enter a count ≥ 0"]
    assert also_bad == ["#VALUE! recency row 3: the cell holds the error #N/A; enter a "
                        "duration ≥ 0"]


def test_mbgnbd_fit_names_the_row_and_the_argument():
    with pytest.raises(xw.XlwingsError, match="^recency row 2: 10 is after T 5; the last "
                       "purchase cannot come after the end of observation$"):
        call("MBGNBD_FIT", col(1, 2), col(3, 10), col(5, 5), [["W"]])
    with pytest.raises(xw.XlwingsError, match='^time_unit: "fortnight" is not a time unit'):
        call("MBGNBD_FIT", col(*X), col(*T_X), col(*T), [["fortnight"]])


# --- BG/BB ----------------------------------------------------------------------------------------

HISTORIES = (0, 2, 6, 1), (0, 4, 6, 3), (6, 6, 6, 6)   # x, t_x, n: Table 6's donors and one more


@pytest.fixture(scope="module")
def bgbb_table():
    """BGBB_FIT on the 22 distinct donation histories weighted by their donors."""
    return call("BGBB_FIT", col(*DON_X), col(*DON_T_X), col(*DON_N), col(*DONORS))


def test_bgbb_fit_matches_the_paper_in_opportunities(bgbb_table):
    """FHS (2010): α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33,225.6; the table says
    its unit is the purchase opportunity, not a clock unit."""
    assert [row[0] for row in bgbb_table[1:]] == ["alpha", "beta", "gamma", "delta",
                                                 "log-likelihood", "converged", "time unit",
                                                 "model"]
    fitted = rows(bgbb_table)
    for name, value in FHS.items():
        assert fitted[name] == pytest.approx(value, abs=5e-4)
    assert all(row[2] > 0 for row in bgbb_table[1:5])
    assert fitted["log-likelihood"] == pytest.approx(-33225.6, abs=0.05)
    assert fitted["converged"] is True
    assert fitted["time unit"] == "purchase opportunity" and fitted["model"] == "BG/BB"


def test_bgbb_fit_on_one_row_per_donor_equals_the_weighted_fit(bgbb_table):
    spelled = [np.repeat(v, DONORS.astype(int)) for v in (DON_X, DON_T_X, DON_N)]
    fitted = rows(call("BGBB_FIT", *(col(*v) for v in spelled)))
    for name in FHS:
        assert fitted[name] == pytest.approx(rows(bgbb_table)[name], rel=1e-6)


def test_bgbb_p_alive_matches_table_6_and_the_formula(bgbb_table):
    """FHS (2010), Table 6, P(alive in 2002): 0.11, 0.59, 0.93."""
    header, *alive = call("BGBB_P_ALIVE", bgbb_table, *(col(*h) for h in HISTORIES), [[1]])
    assert header == ["P(alive in 1 period)"]
    assert [c[0] for c in alive[:3]] == pytest.approx([0.11, 0.59, 0.93], abs=0.005)
    fitted = rows(bgbb_table)
    params = {name: fitted[name] for name in FHS}
    assert [c[0] for c in alive] == pytest.approx(
        [bgbb_p_alive(1, *h, **params) for h in zip(*HISTORIES)], rel=1e-10)
    header, *now = call("BGBB_P_ALIVE", col(*FHS.values()), *(col(*h) for h in HISTORIES))
    assert header == ["P(alive)"]
    assert now[2] == [1.0]   # gave at the last opportunity


def test_bgbb_expected_matches_the_papers_spreadsheet_total(bgbb_table):
    """Hardie's BG/BB spreadsheet: 12,884.2 gifts expected from the 11,104 donors in
    2002–2006; each row also by the period-by-period sum of papers.py."""
    header, *expected = call("BGBB_EXPECTED", bgbb_table, [[5]], col(*DON_X), col(*DON_T_X),
                             col(*DON_N))
    assert header == ["expected transactions in the next 5 periods"]
    values = np.array([c[0] for c in expected])
    assert np.dot(DONORS, values) == pytest.approx(12884.2, abs=0.05)
    fitted = rows(bgbb_table)
    params = {name: fitted[name] for name in FHS}
    assert values[:4] == pytest.approx(
        [bgbb_expected(5, *h, **params) for h in zip(DON_X[:4], DON_T_X[:4], DON_N[:4])],
        rel=1e-10)


def test_bgbb_bad_rows_spoil_only_themselves():
    header, good, late, crowded = call("BGBB_P_ALIVE", col(*FHS.values()), col(2, 1, 3),
                                       col(4, 7, 2), col(6, 6, 6))
    assert good[0] == pytest.approx(bgbb_p_alive(0, 2, 4, 6, **FHS), rel=1e-10)
    assert late == ["#VALUE! recency row 2: 7 is after n_periods 6; the last transaction "
                    "cannot come after the last opportunity"]
    assert crowded == ["#VALUE! frequency row 3: 3 is more than recency 2; a customer buys at "
                       "most once per opportunity, so frequency ≤ recency"]


@pytest.mark.parametrize("args, message", [
    (("BGBB_FIT", col(1, 2), col(1, 5), col(6, 4)),
     "recency row 2: 5 is after n_periods 4; the last transaction cannot come after the last "
     "opportunity"),
    (("BGBB_FIT", col(1, 2), col(1, 3), col(6, 6), col(10, "many")),
     'weights row 2: "many" is text, not a number; enter a number'),
    (("BGBB_FIT", col(1, 2), col(1, 3), col(6, 6), col(10, -1)),
     "weights row 2: -1 is not allowed; enter a number of customers ≥ 0"),
    (("BGBB_EXPECTED", col(*FHS.values()), [[2.5]], col(1), col(1), col(6)),
     "periods: 2.5 is not a whole number; enter a count of periods"),
    (("BGBB_P_ALIVE", col(*FHS.values()), col(1), col(1), col(6), [["next"]]),
     'periods_ahead: "next" is text, not a number; enter a count ≥ 0'),
    (("BGBB_P_ALIVE", col(1.2, 0.75, 0.66), col(1), col(1), col(6)),
     "params: give the 4 numbers alpha, beta, gamma, delta in that order"),
    (("BGBB_P_ALIVE", [["parameter", "estimate"], ["r", 0.5], ["alpha", 6], ["a", 0.9],
                       ["b", 1.6], ["model", "MBG/NBD"]], col(1), col(1), col(6)),
     "params: the table's model is MBG/NBD, not BG/BB; use it with the MBG/NBD functions"),
], ids=["fit-late", "fit-text-weight", "fit-negative-weight", "fractional-periods",
        "text-periods-ahead", "wrong-numbers", "wrong-table"])
def test_bgbb_whole_call_problems_are_one_line(args, message):
    with pytest.raises(xw.XlwingsError) as raised:
        call(*args)
    text = str(raised.value)
    assert text.startswith(message) and "\n" not in text, text
