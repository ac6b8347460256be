"""Fit diagnostics: BIC by hand, and warnings in words where the data do not support a fit."""

import numpy as np
import pytest

from clv_udfs.core.models import BetaGeo, GammaGamma
from clv_udfs.core.models.diagnostics import bic, diagnose
from clv_udfs.core.summary import rfm_summary

from no_dropout import never_dropping_out


def test_bic_is_k_log_n_minus_twice_the_log_likelihood():
    # FHL (2005): BG/NBD on 2,357 customers, LL −9582.4, 4 parameters
    assert bic(-9582.4, 4, 2357) == pytest.approx(4 * 7.765145 + 2 * 9582.4, abs=1e-4)


def test_published_cdnow_fit_has_no_warnings():
    from test_models_cdnow import T, T_X, X
    model = BetaGeo("W").fit(X, T_X, T)
    d = diagnose(model, X)
    assert d.warnings == () and d.converged and d.customers == 2357
    assert d.bic == pytest.approx(4 * np.log(2357) - 2 * model.log_likelihood_)


def test_nobody_dropping_out_is_said_in_words():
    s = rfm_summary(*never_dropping_out(), time_unit="W")
    model = BetaGeo("W").fit(s.frequency, s.recency, s.T)
    words = " ".join(diagnose(model, s.frequency).warnings)
    assert "parameter a = " in words and "larger than itself" in words


def test_too_few_repeat_buyers_is_said_in_words():
    model = BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426)
    model.standard_errors_ = {"r": 0.01, "alpha": 0.4, "a": 0.2, "b": 0.7}
    model.log_likelihood_ = -100.0
    (warning,) = diagnose(model, [0] * 50 + [1] * 12).warnings
    assert warning.startswith("BG/NBD: only 12 customers made a repeat purchase")


def test_gamma_gamma_spend_rising_with_frequency_is_flagged():
    x = np.repeat([1, 2, 3, 4, 5, 6], 20).astype(float)
    rng = np.random.default_rng(0)
    spend = 10 * x * rng.gamma(20, 1 / 20, x.size)      # mean spend grows with frequency
    model = GammaGamma().fit(x, spend)
    (warning,) = [w for w in diagnose(model, x, spend).warnings if "correlate" in w]
    dx, ds = x - x.mean(), spend - spend.mean()
    pearson = (dx * ds).sum() / np.sqrt((dx**2).sum() * (ds**2).sum())   # by hand: about 0.88
    assert warning.startswith("Gamma-Gamma: repeat frequency and mean spend correlate "
                              f"({pearson:.2f}, beyond ±0.3)")


def test_a_dropout_chance_near_zero_is_said_in_words():
    model = BetaGeo.from_params("W", r=1.0, alpha=5.0, a=0.0025, b=3.5)
    model.standard_errors_ = {"r": 0.1, "alpha": 0.5, "a": 0.001, "b": 1.0}
    model.log_likelihood_ = -100.0
    (warning,) = diagnose(model, [1] * 40).warnings
    assert warning == ("BG/NBD: hardly anyone seems to drop out (mean dropout chance 0.07% per "
                       "purchase), so customers who went silent still get a high P(alive)")
