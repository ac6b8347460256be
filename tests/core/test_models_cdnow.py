"""The CDNOW calibration summary the model tests share (Fader, Hardie & Lee 2005).

2,357 customers who first bought in 1997 Q1, observed for 39 weeks: x repeat purchases, the
last at t_x weeks, T weeks observed, zbar the mean value of the repeat purchases.
"""

from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data" / "cdnow_customers_summary_with_transactions.csv"
_ID, X, T_X, T, ZBAR = np.loadtxt(DATA, delimiter=",", skiprows=1, unpack=True)


def test_summary_has_the_papers_customers():
    """FHL (2005): 2,357 customers; FHL (2005, iso-value): 946 of them made repeat purchases."""
    assert len(X) == 2357
    assert int((X > 0).sum()) == 946
    assert T.max() <= 39
