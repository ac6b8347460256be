"""A list of parameter values in a sentence the Dutch report shows keeps its items apart: the
core joins them with "; ", so the Dutch decimal commas ("r = 0,24; alpha = 4,4") cannot be
read as list commas ("r = 0,24, alpha = 4,4" reads as three or four values)."""

import re

import numpy as np

from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.model_check import fit_and_predict
from clv_udfs.core.models import BetaGeo
from clv_udfs.core.models.inputs import finite
from clv_udfs.sample import read_cdnow_sample
from clv_udfs.workbooks.report.sentences import translated


class _Overflowing(BetaGeo):
    def _predict_on(self, data):       # the estimates give a prediction beyond a double
        finite(np.array([1.0, np.inf]), "the expected purchases", {"t": [1.0, 1e308]})


def test_refused_estimates_are_listed_with_semicolons_in_both_languages():
    ids, dates, amounts, _ = read_cdnow_sample()
    c = calibration_and_holdout(ids, dates, amounts, "1997-09-30", None, "W").calibration
    problem = fit_and_predict("BG/NBD", _Overflowing, c.frequency, c.recency, c.T, 39.0,
                              "W").problem
    english = re.search(r"the estimates \((.*?)\) give", problem)[1]
    assert re.fullmatch(r"r = [\d.e+-]+; alpha = [\d.e+-]+; a = [\d.e+-]+; b = [\d.e+-]+",
                        english), english
    dutch = translated(problem, "nl")
    listed = re.search(r"de schattingen \((.*?)\) geven", dutch)[1]
    items = listed.split("; ")
    assert [item.split(" = ")[0] for item in items] == ["r", "alpha", "a", "b"]
    for item, shown in zip(items, english.split("; ")):
        value = shown.split(" = ")[1]
        assert item.split(" = ")[1] == value.replace(".", ","), (item, shown)
