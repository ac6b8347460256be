"""The Dutch report's forecast and models sheets are Dutch through and through: their labels,
and the sentences the core writes about the fits (the reason for the model, why there is no
holdout check, warnings, refusals), with Dutch number marks. Health labels stay English, as
CLV_CAC_HEALTH returns them, with the Dutch legend beside them."""

import re

import numpy as np
import openpyxl
import pytest

from clv_udfs.reading import ReadReport, ReadTransactions
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.labels import texts
from clv_udfs.workbooks.report import write_report
from clv_udfs.workbooks.report.predictions import Predictions

from no_dropout import never_dropping_out

from .test_report_sentences import ENGLISH

WORDS = texts("nl")
SHEETS = (WORDS["report.forecast.sheet"], WORDS["report.models.sheet"])


def _dutch_report(path, transactions, calibration_end=None):
    hook = Predictions(12, 0.01, "nl", transactions, calibration_end)
    write_report(path, transactions, margin=0.3, cac=20, lang="nl", extra_columns=hook,
                 extra_sheets=hook.sheets)
    book = openpyxl.load_workbook(path)
    shown = [value for name in SHEETS for row in book[name].iter_rows(values_only=True)
             for value in row if isinstance(value, str)]
    return hook.forecast, shown


def _histories():
    ids, dates, amounts, read = read_cdnow_sample()
    early = dates <= np.datetime64("1997-02-28")
    steady = never_dropping_out()
    return {
        "cdnow, published split": (ReadTransactions(ids, dates, amounts, read), "1997-09-30"),
        "58 days: no holdout, fits refused": (
            ReadTransactions(ids[early], dates[early], amounts[early],
                             ReadReport(rows=int(early.sum()))), None),
        "nobody drops out": (
            ReadTransactions(np.array(steady[0], dtype=object),
                             np.array(steady[1], dtype="datetime64[D]"), np.array(steady[2]),
                             ReadReport(rows=len(steady[0]))), None),
    }


HISTORIES = _histories()


@pytest.mark.parametrize("history", HISTORIES)
def test_no_english_sentence_on_the_dutch_forecast_and_models_sheets(tmp_path, history):
    transactions, split = HISTORIES[history]
    f, shown = _dutch_report(tmp_path / "rapport.xlsx", transactions, split)
    english = [text for text in shown if ENGLISH.search(text)]
    assert not english
    reason = next(text for text in shown if text.startswith(f"{f.chosen} is gekozen")
                  or text.startswith("Geen "))
    for number in re.findall(r"\d[\d,.]*\d", f.reason):   # the English reason's figures
        assert number.translate(str.maketrans(",.", ".,")) in reason
    warnings = {w for d in (f.transaction_diagnostics, f.spend_diagnostics) for w in d.warnings}
    assert not warnings & set(shown)                       # shown, but not in English


def test_the_holdout_length_and_discount_have_dutch_decimal_commas(tmp_path):
    transactions, split = HISTORIES["nobody drops out"]
    _, shown = _dutch_report(tmp_path / "rapport.xlsx", transactions, split)
    assert any(re.search(r"toetsperiode: de \d+,\d weken daarna", text) for text in shown)
    assert any("maandelijks verdisconteerd tegen 1%" in text for text in shown)
