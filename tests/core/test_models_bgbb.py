"""BG/BB (Fader, Hardie & Shang 2010) on the paper's donations data, against the published
estimates, Table 6, the paper's spreadsheet and the independent formulas of tests/papers.py."""

from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

from clv_udfs.core.models import BetaGeoBetaBinom
from clv_udfs.errors import CLVError
from papers import bgbb_expected, bgbb_log_likelihood, bgbb_p_alive
from test_models_modified_beta_geo import assert_gradient_matches_differences

DONATIONS = Path(__file__).resolve().parents[1] / "data" / "donations.csv"
X, T_X, N, DONORS = np.loadtxt(DONATIONS, delimiter=",", skiprows=2, unpack=True)
PUBLISHED = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}   # FHS (2010)


@pytest.fixture(scope="module")
def fitted():
    return BetaGeoBetaBinom().fit(X, T_X, N, weights=DONORS)


def test_donations_are_the_papers_donors():
    assert len(X) == 22 and DONORS.sum() == 11104 and (N == 6).all()


def test_estimates_and_log_likelihood_match_the_paper(fitted):
    """FHS (2010), section 4: α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33,225.6."""
    for name, value in PUBLISHED.items():
        assert fitted.params_[name] == pytest.approx(value, abs=5e-4)
    assert fitted.log_likelihood_ == pytest.approx(-33225.6, abs=0.05)
    assert fitted.converged_ and fitted.time_unit is None


def test_estimates_match_the_independent_likelihood_maximised_by_scipy(fitted):
    def minus(log_params):
        return -np.dot(DONORS, [bgbb_log_likelihood(*row, *np.exp(log_params))
                                for row in zip(X, T_X, N)])

    result = minimize(minus, np.zeros(4), method="Nelder-Mead",
                      options={"xatol": 1e-9, "fatol": 1e-9, "maxiter": 20000,
                               "maxfev": 40000})
    for name, value in zip(PUBLISHED, np.exp(result.x)):
        assert fitted.params_[name] == pytest.approx(value, rel=1e-4)
    assert fitted.log_likelihood_ == pytest.approx(-result.fun, abs=1e-6)


@pytest.mark.parametrize("params", [PUBLISHED, {"alpha": 0.3, "beta": 4.0, "gamma": 2.5,
                                                "delta": 0.4}])
def test_log_likelihood_and_gradient_per_history(params):
    """Every history of cohorts with 0, 3 and 12 opportunities against papers.py, and the
    analytic gradient against central differences."""
    x, t_x, n = (g.ravel() for g in np.meshgrid(np.arange(13.0), np.arange(13.0), [0, 3, 12]))
    keep = (x <= t_x) & (t_x <= n) & ((x > 0) | (t_x == 0))
    x, t_x, n = x[keep], t_x[keep], n[keep]
    model = BetaGeoBetaBinom()
    theta = np.array(list(params.values()))
    rows, _ = model._log_likelihood(theta, model._prepare((x, t_x, n)))
    np.testing.assert_allclose(rows, [bgbb_log_likelihood(*row, *theta)
                                      for row in zip(x, t_x, n)], rtol=1e-12)
    assert_gradient_matches_differences(model, theta, (x, t_x, n))


def test_standard_errors_are_positive_and_finite(fitted):
    errors = np.array(list(fitted.standard_errors_.values()))
    assert np.isfinite(errors).all() and (errors > 0).all()


def test_p_alive_in_2002_matches_table_6(fitted):
    """FHS (2010), Table 6: P(alive in 2002) is 0.11 for a donor silent since 1995, 0.59 for
    two gifts, the last in 1999, 0.93 for a gift every year."""
    alive = fitted.conditional_probability_alive([0, 2, 6], [0, 4, 6], 6, periods_ahead=1)
    np.testing.assert_allclose(alive, [0.11, 0.59, 0.93], atol=0.005)


def test_p_alive_matches_the_independent_formula():
    model = BetaGeoBetaBinom.from_params(**PUBLISHED)
    for m in (0, 1, 4):
        np.testing.assert_allclose(
            model.conditional_probability_alive(X, T_X, N, m),
            [bgbb_p_alive(m, *row, **PUBLISHED) for row in zip(X, T_X, N)], rtol=1e-10)
    assert model.conditional_probability_alive(6, 6, 6) == 1.0   # bought at the last chance


def test_conditional_expectation_total_matches_the_papers_spreadsheet(fitted):
    """Hardie's BG/BB spreadsheet, 'Conditional Expectations (II)': the 11,104 donors are
    expected to give 12,884.2 times in 2002–2006 (as quoted in the lifetimes tests)."""
    expected = fitted.conditional_expected_number_of_purchases_up_to_time(5, X, T_X, N)
    assert np.dot(DONORS, expected) == pytest.approx(12884.2, abs=0.05)


def test_conditional_expectation_matches_the_period_by_period_sum():
    model = BetaGeoBetaBinom.from_params(**PUBLISHED)
    for periods in (1, 5, 20):
        np.testing.assert_allclose(
            model.conditional_expected_number_of_purchases_up_to_time(periods, X, T_X, N),
            [bgbb_expected(periods, *row, **PUBLISHED) for row in zip(X, T_X, N)], rtol=1e-10)
    new = model.expected_number_of_purchases_up_to_time(np.array([0, 1, 6]))
    np.testing.assert_allclose(new, [0] + [bgbb_expected(k, 0, 0, 0, **PUBLISHED)
                                           for k in (1, 6)], rtol=1e-10)


def test_gamma_equal_to_one_is_continuous():
    values = [BetaGeoBetaBinom.from_params(alpha=1.2, beta=0.75, gamma=g, delta=2.8)
              .conditional_expected_number_of_purchases_up_to_time(5, 2, 4, 6)
              for g in (1 - 1e-5, 1.0, 1 + 1e-5)]
    assert values[1] == pytest.approx(bgbb_expected(5, 2, 4, 6, 1.2, 0.75, 1 + 1e-12, 2.8),
                                      rel=1e-6)
    assert values[0] < values[1] * (1 + 1e-4) and values[2] < values[1] * (1 + 1e-4)


def test_weights_equal_repeated_rows(fitted):
    spelled = BetaGeoBetaBinom().fit(*(np.repeat(v, DONORS.astype(int)) for v in (X, T_X, N)))
    for name in PUBLISHED:
        assert spelled.params_[name] == pytest.approx(fitted.params_[name], rel=1e-6)


def test_long_histories_stay_finite():
    model = BetaGeoBetaBinom.from_params(**PUBLISHED)
    x = np.array([0, 1, 300, 500])
    t_x = np.array([0, 1, 480, 500])
    alive = model.conditional_probability_alive(x, t_x, 500, 1)
    expected = model.conditional_expected_number_of_purchases_up_to_time(52, x, t_x, 500)
    assert ((alive >= 0) & (alive <= 1)).all() and np.isfinite(expected).all()
    assert expected[3] > expected[2] > expected[1]


@pytest.mark.parametrize("args, message", [
    (([-1], [0], [6]), "frequency: -1 is not allowed"),
    (([1.5], [2], [6]), "frequency: 1.5 is not a whole number"),
    (([1], [7], [6]), "recency: 7 is after n_periods 6; the last transaction cannot come "
                      "after the last opportunity"),
    (([0], [2], [6]), "recency: 2 with frequency 0"),
    (([3], [2], [6]), "frequency: 3 is more than recency 2; a customer buys at most once per "
                      "opportunity"),
    (([1], [1], [2.5]), "n_periods: 2.5 is not a whole number; enter a count of periods"),
])
def test_bad_histories_name_argument_and_value(args, message):
    with pytest.raises(CLVError, match=message):
        BetaGeoBetaBinom.from_params(**PUBLISHED).conditional_probability_alive(*args)
    with pytest.raises(CLVError, match=message):
        BetaGeoBetaBinom().fit(*args)


def test_bad_horizons_name_their_argument():
    model = BetaGeoBetaBinom.from_params(**PUBLISHED)
    with pytest.raises(CLVError, match="periods: 2.5 is not a whole number"):
        model.conditional_expected_number_of_purchases_up_to_time(2.5, 1, 1, 6)
    with pytest.raises(CLVError, match="periods_ahead: -1 is not allowed"):
        model.conditional_probability_alive(1, 1, 6, -1)


def test_a_fit_without_repeat_transactions_says_how_to_fix_it():
    with pytest.raises(CLVError, match="penalizer"):
        BetaGeoBetaBinom().fit([0, 0, 0], [0, 0, 0], [6, 6, 6])


def test_in_sample_histogram_matches_the_papers_spreadsheet(fitted):
    """Hardie's BG/BB spreadsheet, 'In-Sample Fit' (cells C18 and C24, as quoted in the
    lifetimes tests): 3,454.9 donors expected with no repeat gift in 1996–2001, 1,253.1 with
    six; the data have 3,464 and 1,203."""
    expected = 11104 * fitted.probability_of_n_purchases_up_to_time(6, np.arange(7))
    assert expected[[0, 6]] == pytest.approx([3454.9, 1253.1], abs=0.05)
    observed = np.bincount(X.astype(int), weights=DONORS)
    assert observed[[0, 6]].tolist() == [3464, 1203]


@pytest.mark.parametrize("n", [0, 1, 6, 30])
def test_histogram_is_a_distribution_whose_mean_is_eq_8(n):
    """Eq. 7 sums to 1 over x = 0 … n, and its mean is eq. 8's E[X(n)], computed apart."""
    model = BetaGeoBetaBinom.from_params(**PUBLISHED)
    x = np.arange(n + 2)
    shares = model.probability_of_n_purchases_up_to_time(n, x)
    assert shares.sum() == pytest.approx(1, abs=1e-12) and shares[-1] == 0
    assert np.dot(x, shares) == pytest.approx(model.expected_number_of_purchases_up_to_time(n),
                                              abs=1e-12)


def test_more_opportunities_than_the_model_is_for_are_refused_in_one_line():
    """The likelihood sums over the opportunities one by one: a million (a cell typed wrong)
    would freeze the sheet, so the count is bounded and the message says what to use."""
    from clv_udfs.core.models.beta_geo_beta_binom import MAX_OPPORTUNITIES
    with pytest.raises(CLVError, match=r"^n_periods: 1000000 opportunities are more than .*"
                                       r"enter at most 10,000"):
        BetaGeoBetaBinom().fit([1, 0], [1, 0], [1_000_000, 3])
    assert MAX_OPPORTUNITIES == 10_000


@pytest.mark.parametrize("seed", [0, 2])
def test_donors_who_all_lapse_at_one_rate_run_away_not_accepted_on_noise(seed):
    """Every donor lapses with the same chance (0.2 an opportunity): γ and δ grow together
    without end. With betaln's differences (off by up to ~1e-7 at γ, δ ~ 1e7) these fits
    stopped in rounding noise: seed 0 was accepted at γ ≈ 2.3e6 after 86 passes, seed 2
    refused as flat in δ. With the sums of beta_ratios.rising_sums the search climbs the
    ridge to the runaway limit."""
    rng = np.random.default_rng(seed)
    n = 5000
    p = rng.beta(1.2, 0.75, n)
    x, t_x, alive = np.zeros(n), np.zeros(n), np.ones(n, dtype=bool)
    for t in range(1, 9):   # 8 opportunities after the first gift
        alive &= rng.random(n) >= 0.2
        gave = alive & (rng.random(n) < p)
        x += gave
        t_x = np.where(gave, t, t_x)
    with pytest.raises(CLVError, match=r"^BG/BB fit: parameter (gamma|delta) ran away to "):
        BetaGeoBetaBinom().fit(x, t_x, np.full(n, 8.0))
