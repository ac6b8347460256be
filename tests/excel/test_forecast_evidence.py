"""Forecast evidence through the Excel layer (issue 10): CLV_HOLDOUT, the unit-safe chain from a
spilled CLV_RFM / CLV_HOLDOUT table into the fits and predictions, and CLV_MODEL_CHECK."""

import numpy as np
import pytest
import xlwings as xw

from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.sample import read_cdnow_sample

IDS, DATES, AMOUNTS, _ = read_cdnow_sample()
DAYS = [int(str(d).replace("-", "")) for d in DATES]     # CDNOW's own YYYYMMDD numbers


def col(values):
    return [[v] for v in values]


TRANSACTIONS = (col(IDS.tolist()), col(DAYS), col(AMOUNTS.tolist()))


@pytest.fixture(scope="module")
def holdout_spill():
    """CLV_HOLDOUT on the CDNOW sample in weeks, through the classic add-in."""
    from clv_udfs import excel
    return excel.CLV_HOLDOUT(*TRANSACTIONS, [["1997-09-30"]], [["1998-06-30"]])


def test_clv_holdout_spills_the_core_split_with_units_in_the_header(holdout_spill):
    core = calibration_and_holdout(IDS, DATES, AMOUNTS, "1997-09-30", "1998-06-30", "W")
    header, body = holdout_spill[0], holdout_spill[1:]
    assert header == ["customer id", "frequency (repeat purchases)", "recency (weeks)",
                      "T (weeks)", "monetary value (mean repeat purchase)", "total spend",
                      "holdout repeat purchases", "holdout length (weeks)", "holdout spend"]
    assert len(body) == len(core) == 2357
    assert sum(row[6] for row in body) == int(core.holdout_frequency.sum())
    assert {row[7] for row in body} == {39.0}


def test_clv_holdout_screens_rows_once_and_spills_typed_columns(holdout_spill, monkeypatch):
    from clv_udfs import cells
    from clv_udfs.catalog.evidence import holdout_table
    from clv_udfs.core import transactions
    checks = []
    screen = transactions.screen_transactions
    monkeypatch.setattr(transactions, "screen_transactions",
                        lambda *args, **options: checks.append(1) or screen(*args, **options))
    table = holdout_table(*TRANSACTIONS, [["1997-09-30"]], [["1998-06-30"]])
    assert checks == []   # the rows screened on reading are handed on checked
    assert isinstance(table, cells.Table)
    assert [column.dtype.kind for column in table.columns[1:]] == list("iffffiff")
    assert table.tolist() == holdout_spill
    assert all(type(row[1]) is int and type(row[6]) is int for row in holdout_spill[1:])


def test_clv_holdout_without_calibration_end_is_one_line(officejs):
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("CLV_HOLDOUT", *TRANSACTIONS, [[None]])
    assert str(raised.value).startswith("calibration_end: the cell is empty")


# --- the unit-safe chain ----------------------------------------------------------------------

def _chain(classic, unit):
    """CLV_RFM in ``unit`` → BGNBD_FIT and GAMMAGAMMA_FIT on the whole spill → spend → CLV."""
    rfm = classic("CLV_RFM", *TRANSACTIONS, [["1997-09-30"]], [[unit]])
    fit = classic("BGNBD_FIT", rfm)
    spend = classic("GAMMAGAMMA_SPEND", classic("GAMMAGAMMA_FIT", rfm), rfm)
    clv = classic("CLV_PREDICT", fit, rfm, None, None, spend, [[0.3]], [[0.01]])
    return rfm, fit, clv


@pytest.fixture(scope="module")
def chains():
    from clv_udfs import excel

    def classic(name, *args):
        return getattr(excel, name)(*args)

    return {unit: _chain(classic, unit) for unit in "DW"}


def test_chain_in_days_equals_the_chain_in_weeks(chains):
    (_, fit_d, clv_d), (_, fit_w, clv_w) = chains["D"], chains["W"]
    assert dict((row[0], row[1]) for row in fit_d)["time unit"] == "D"
    assert dict((row[0], row[1]) for row in fit_w)["time unit"] == "W"
    assert clv_d[0] == clv_w[0] == ["CLV over 12 months"]
    days, weeks = (np.array([row[0] for row in clv[1:]], dtype=float) for clv in (clv_d, clv_w))
    assert days.size == 2357 and np.all(np.isfinite(days))
    np.testing.assert_allclose(days, weeks, rtol=1e-9, atol=1e-9)
    # α scales with the unit (7 days a week); r, a, b do not
    alpha = {u: dict((row[0], row[1]) for row in chains[u][1])["alpha"] for u in "DW"}
    assert alpha["D"] == pytest.approx(7 * alpha["W"], rel=1e-6)


def test_a_contradicting_explicit_unit_is_one_line(chains, officejs):
    rfm_days, fit_weeks = chains["D"][0], chains["W"][1]
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("BGNBD_FIT", rfm_days, [[None]], [[None]], [["W"]])
    assert str(raised.value) == ('time_unit: "W" contradicts the data, whose headers are in '
                                 'days; leave time_unit empty or give "D"')
    with pytest.raises(xw.XlwingsError) as raised:
        officejs("BGNBD_P_ALIVE", fit_weeks, rfm_days)
    assert str(raised.value) == ("params: the model was fitted in weeks but the customer data "
                                 "are in days; fit and predict in one time unit")


def test_columns_with_their_headers_fit_like_the_whole_table(chains, officejs):
    rfm, fit = chains["D"][0], chains["D"][1]
    by_column = [[[row[i]] for row in rfm] for i in (1, 2, 3)]   # headers included
    assert officejs("BGNBD_FIT", *by_column) == fit


def test_a_fit_without_any_unit_is_refused_not_assumed_weeks(chains, officejs):
    rfm = chains["W"][0]
    bare = [[[row[i]] for row in rfm[1:]] for i in (1, 2, 3)]
    with pytest.raises(xw.XlwingsError, match="^time_unit: give the unit of recency and T"):
        officejs("BGNBD_FIT", *bare)


def test_fit_on_the_holdout_spill_is_the_calibration_fit(holdout_spill, chains):
    from clv_udfs import excel
    assert excel.BGNBD_FIT(holdout_spill) == chains["W"][1]


def test_gamma_gamma_leaves_out_and_counts_repeat_buyers_with_spend_of_zero(chains, officejs):
    rfm = [list(row) for row in chains["W"][0]]
    repeat = [row for row in rfm[1:] if row[1] > 0]
    for row in repeat[:2]:
        row[4] = 0.0                      # a free repeat order, or one refunded in full
    fitted = {row[0]: row[1] for row in officejs("GAMMAGAMMA_FIT", rfm)[1:]}
    assert fitted["left out: mean spend ≤ 0"] == 2
    assert fitted["customers"] == len(repeat) - 2 == 944


def test_fit_table_of_a_history_where_nobody_drops_out_carries_the_warning(officejs):
    from no_dropout import never_dropping_out
    ids, dates, amounts = never_dropping_out()
    rfm = officejs("CLV_RFM", col(ids), col([str(d) for d in dates]), col(amounts))
    table = officejs("BGNBD_FIT", rfm)
    warnings = next(row[1] for row in table if row[0] == "warnings").split(" | ")
    assert any(w.startswith("BG/NBD: parameter a = ") and "larger than itself" in w
               for w in warnings)


# --- the model check ---------------------------------------------------------------------------

def test_model_check_spills_one_row_per_model_the_frequency_table_and_the_choice(
        holdout_spill, officejs):
    from clv_udfs.core.model_check import compare_holdout
    core = compare_holdout(calibration_and_holdout(IDS, DATES, AMOUNTS, "1997-09-30",
                                                   "1998-06-30", "W"))
    table = officejs("CLV_MODEL_CHECK", holdout_spill)
    assert table[0][:5] == ["model", "log-likelihood", "BIC",
                            "predicted holdout repeat purchases", "actual holdout repeat purchases"]
    models = {row[0]: row for row in table[1:4]}
    assert set(models) == {"BG/NBD", "MBG/NBD", "Pareto/NBD"}
    for result in core.results:
        assert models[result.name][3] == pytest.approx(result.predicted_total, rel=1e-9)
        assert models[result.name][4] == 1882      # the raw-file count of the holdout test
    labels = [row[0] for row in table[6:14]]
    assert labels == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert table[-1][0] == "chosen model" and table[-1][1] == core.chosen.name
    assert table[-1][2] == core.reason
    assert all(len(row) == len(table[0]) for row in table)


def test_model_check_in_days_predicts_what_it_predicts_in_weeks(holdout_spill, officejs):
    days = officejs("CLV_HOLDOUT", *TRANSACTIONS, [["1997-09-30"]], [["1998-06-30"]], [["D"]])
    in_days, in_weeks = (officejs("CLV_MODEL_CHECK", t) for t in (days, holdout_spill))
    (bgnbd_d, mbgnbd_d, pareto_d), (bgnbd_w, mbgnbd_w, pareto_w) = in_days[1:4], in_weeks[1:4]
    assert bgnbd_d[3] == pytest.approx(bgnbd_w[3], rel=1e-9)
    assert mbgnbd_d[3] == pytest.approx(mbgnbd_w[3], rel=1e-9)
    # Pareto/NBD's fit differences its likelihood numerically: the two optima agree to the
    # optimiser's stopping tolerance, not to rounding
    assert pareto_d[3] == pytest.approx(pareto_w[3], rel=1e-5)
    with pytest.raises(xw.XlwingsError, match='^time_unit: "W" contradicts the data'):
        officejs("CLV_MODEL_CHECK", days, [["W"]])


def test_clv_predict_interval_brackets_each_customer_as_the_delta_method_gives(chains, officejs):
    """The interval option: the CDNOW calibration customers, spend known; the ends agree with
    the core's delta method on the same fit and are in the paper's units either way."""
    from clv_udfs.core.models import BetaGeo
    from clv_udfs.core.models.uncertainty import clv_interval, log_covariance
    rfm, fit, clv = chains["W"]
    spend = [[50.0]] * (len(rfm) - 1)
    table = officejs("CLV_PREDICT", fit, rfm, None, None, spend, [[0.3]], [[0.01]], [[12]],
                     None, None, [[True]])
    assert table[0] == ["CLV over 12 months", "lower end (90% interval)",
                        "upper end (90% interval)"]
    body = np.array(table[1:], dtype=float)
    assert np.all(body[:, 1] <= body[:, 0]) and np.all(body[:, 0] <= body[:, 2])
    x, t_x, T = (np.array([row[i] for row in rfm[1:]], dtype=float) for i in (1, 2, 3))
    params = {row[0]: row[1] for row in fit[1:5]}
    model = BetaGeo.from_params("W", **params)
    core = clv_interval(model, log_covariance(model, x, t_x, T), x, t_x, T, 50.0, 0.3, 0.01, 12)
    np.testing.assert_allclose(body[:, 1], core.lower, rtol=1e-9)
    np.testing.assert_allclose(body[:, 2], core.upper, rtol=1e-9)
