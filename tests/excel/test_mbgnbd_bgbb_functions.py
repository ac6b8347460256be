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
from papers import mbgnbd_expected, mbgnbd_p_alive

DATA = Path(__file__).resolve().parents[1] / "data"
_, X, T_X, T, _ZBAR = np.loadtxt(DATA / "cdnow_customers_summary_with_transactions.csv",
                                 delimiter=",", skiprows=1, unpack=True)
BTYDPLUS = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}   # MBG/NBD on CDNOW, weeks
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
    return call("MBGNBD_FIT", col(*X), col(*T_X), col(*T))


@pytest.mark.parametrize("name, required, optional", [
    ("MBGNBD_FIT", ["frequency", "recency", "T"], ["time_unit", "penalizer"]),
    ("MBGNBD_P_ALIVE", ["params", "frequency", "recency", "T"], []),
    ("MBGNBD_EXPECTED", ["params", "t", "frequency", "recency", "T"], []),
])
def test_mbgnbd_functions_are_registered_with_help(name, required, optional):
    meta = registered()[name]
    assert [p["name"] for p in meta["parameters"]] == required + optional
    assert [p.get("optional", False) for p in meta["parameters"]] == \
        [False] * len(required) + [True] * len(optional)
    assert all(len(p["description"]) > 10 for p in meta["parameters"])
    assert "MBG/NBD" in meta["description"]


def test_mbgnbd_fit_matches_btydplus_and_says_its_model(mbgnbd_table):
    assert mbgnbd_table[0] == ["parameter", "estimate", "standard error"]
    assert [row[0] for row in mbgnbd_table[1:]] == ["r", "alpha", "a", "b", "log-likelihood",
                                                   "converged", "time unit", "model"]
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
    bgnbd_table = call("BGNBD_FIT", col(*X), col(*T_X), col(*T))
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
        call("MBGNBD_FIT", col(1, 2), col(3, 10), col(5, 5))
    with pytest.raises(xw.XlwingsError, match='^time_unit: "fortnight" is not a time unit'):
        call("MBGNBD_FIT", col(*X), col(*T_X), col(*T), [["fortnight"]])
