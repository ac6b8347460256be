"""The beta-function ratios of the BG/NBD and MBG/NBD likelihoods, summed term by term
(:func:`clv_udfs.core.models.beta_ratios.beta_ratios`, issue 12), and of the sBG's.

Where a and b are both large, as on MBG/NBD's ridge (a, b → ∞ with a/(a+b) fixed: every
customer the same drop-out chance), differences of scipy's ``betaln`` lost ~4e-8 of each
row's log-likelihood. In that noise L-BFGS-B's line searches failed for dozens of passes,
and fits were accepted at a ~ 1e6 or refused as flat depending on where they stalled. The
references here are sums in 40-digit decimals, independent of the
code's formulas."""

import math
from decimal import Decimal, localcontext

import numpy as np
import pytest

from clv_udfs.core.holdout import calibration_and_holdout
from clv_udfs.core.models import BetaGeo, ModifiedBetaGeo
from clv_udfs.core.models import beta_ratios as ratios
from clv_udfs.core.models.beta_ratios import beta_ratios
from clv_udfs.errors import CLVError

A, B = math.exp(14.5), math.exp(16.7)   # where the 1M report's MBG/NBD check fit stalled
COUNTS = np.array([0.0, 1.0, 2.0, 5.0, 20.0, 137.0])


def _reference(a, b, n):
    """The five ratios of ``beta_ratios`` for one count n, summed in 40-digit decimals."""
    with localcontext() as digits:
        digits.prec = 40
        a, b = Decimal(a), Decimal(b)   # the doubles' exact values
        log_end = sum(((b + j) / (a + b + j)).ln() for j in range(n))
        log_last = ((a / (a + b + n - 1)).ln()
                    + sum(((b + j) / (a + b + j)).ln() for j in range(n - 1)) if n else 0)
        ratios = (log_end, log_last, sum(1 / (b + j) for j in range(n)),
                  sum(1 / (b + j) for j in range(n - 1)), sum(1 / (a + b + j) for j in range(n)))
    return tuple(float(ratio) for ratio in ratios)


@pytest.mark.parametrize("a, b", [(A, B), (0.793, 2.426), (3e-4, 0.05), (40.0, 1e9),
                                  (1e7, 1e-3), (1000.0, 1e-6)])
def test_the_ratios_are_exact_to_rounding_for_small_and_huge_parameters(a, b):
    computed = np.array(beta_ratios(a, b, COUNTS))
    expected = np.array([_reference(a, b, int(n)) for n in COUNTS]).T
    assert computed == pytest.approx(expected, rel=1e-13, abs=1e-14)


def test_counts_beyond_the_table_use_the_special_functions(monkeypatch):
    """Past ``EXACT_SUMS_UP_TO`` (65,536 purchases) a count's ratios add betaln's and
    digamma's differences to the table's last sums: the same numbers, to their rounding, for
    moderate a and b, and the counts within the table stay exact."""
    monkeypatch.setattr(ratios, "EXACT_SUMS_UP_TO", 10)
    a, b = 0.793, 2.426
    computed = np.array(beta_ratios(a, b, COUNTS))
    expected = np.array([_reference(a, b, int(n)) for n in COUNTS]).T
    assert computed == pytest.approx(expected, rel=1e-11, abs=1e-13)


def _stopping_customers(customers, seed):
    """The calibration summary of the 1M-report benchmark's kind of export, small: customers
    buying at gamma-distributed rates between a first day and an exponential lifetime's end,
    purchases spread evenly in between (benchmarks/bench_report.py), split at day 730."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.5, 1.0, customers)
    first = rng.integers(0, 3 * 365, customers)
    last = np.minimum(first + rng.exponential(365.0, customers), 3 * 365 - 1)
    customer = rng.choice(customers, 5 * customers, p=rate / rate.sum())
    day = first[customer] + (rng.random(customer.size) * (last - first + 1)[customer]).astype(int)
    start = np.datetime64("2020-01-01")
    return calibration_and_holdout(customer, start + day, np.ones(customer.size),
                                   start + 730, time_unit="W").calibration


@pytest.mark.parametrize("customers, seed", [(1000, 2), (1000, 3), (3000, 1), (3000, 2)])
def test_a_fit_up_the_ridge_is_refused_as_running_away_not_accepted_on_noise(customers, seed):
    """Before the exact sums these fits were accepted with a ≈ 1.3–1.9 million and b ≈ 10–17
    million after 74–91 passes: the search stalled where betaln's rounding noise hid the
    ridge's slope. Now it climbs the ridge to the runaway limit, in fewer passes."""
    summary = _stopping_customers(customers, seed)
    model, passes = ModifiedBetaGeo("W"), []
    computed = model._log_likelihood
    model._log_likelihood = lambda params, data: passes.append(1) or computed(params, data)
    with pytest.raises(CLVError, match=r"^MBG/NBD fit: parameter [ab] ran away to "):
        model.fit(summary.frequency, summary.recency, summary.T)
    assert len(passes) <= 60


def test_a_count_no_integer_holds_is_refused_in_words_not_an_index_error():
    """A frequency of 1e19 (a typo, or a sum pasted into the column) reached an IndexError
    through an integer that wrapped round; the fit now says which parameter the data cannot
    pin down, as it did before the sums."""
    with pytest.raises(CLVError, match=r"^BG/NBD fit: "):
        BetaGeo("W").fit([1e19, 3, 1, 0, 2, 0, 1, 5], [30, 5, 2, 0, 6, 0, 1, 35],
                         [38, 38, 36, 30, 37, 20, 25, 38])
    found = beta_ratios(0.8, 2.4, np.array([0.0, 2.0, 1e19, 1e300]))
    assert all(np.isfinite(r[:2]).all() for r in found)
