"""The evidence that comes with a fit: estimates with standard errors, log-likelihood, BIC,
convergence, and warnings in words when the data hardly support the fit.

Warnings (each one sentence a finance reader can act on):

* a parameter **at the edge of what can be estimated** (within 100× of the limit where a fit
  is refused as running away, e^±18, measured in the data's own unit: a scale parameter over
  the longest customer age or the mean spend, :meth:`.estimation.LikelihoodModel.log_scaled_params`)
  or with a **standard error larger than itself**: the data hardly pin it down, and forecasts
  that depend on it (P(alive), above all) are guesses;
* for BG/NBD and its kin, a mean dropout probability per purchase a/(a+b) below 1%: hardly
  anyone seems to drop out, so silent customers keep a high P(alive);
* **too few repeat buyers** (fewer than 30) for a repeat-purchase model or Gamma-Gamma (whose
  customers are the repeat buyers);
* Gamma-Gamma's assumption that spend is independent of frequency: a correlation between
  repeat frequency and mean repeat spend above 0.3 (Fader & Hardie 2013, note 025).

:math:`BIC = k \\ln N - 2 \\ln L` with k parameters and N customers (Schwarz 1978): lower is
better, and the k ln N term charges each extra parameter.

>>> from clv_udfs.core.models import BetaGeo
>>> model = BetaGeo.from_params("W", r=0.243, alpha=4.414, a=0.793, b=2.426)
>>> model.standard_errors_ = {"r": 0.013, "alpha": 0.378, "a": 0.186, "b": 0.705}
>>> model.log_likelihood_, model.converged_ = -9582.4, True
>>> d = diagnose(model, [0] * 1411 + [1] * 946)
>>> round(d.bic, 1), d.warnings
(19195.9, ())
"""

from dataclasses import dataclass

import numpy as np

from ..domains import show
from .estimation import LOG_PARAMETER_LIMIT

NEAR_LIMIT = LOG_PARAMETER_LIMIT - 4.6   # |log θ'| within 100× of the runaway limit
MIN_REPEAT_BUYERS = 30
SPEND_LEARNS = "how spend per purchase varies between customers"   # Gamma-Gamma's few buyers
CORRELATION_LIMIT = 0.3
DROPOUT_FLOOR = 0.01         # mean dropout probability per purchase of BG/NBD-type models


@dataclass(frozen=True)
class Diagnostics:
    """What a fit table shows besides the estimates."""

    name: str
    params: dict
    standard_errors: dict
    log_likelihood: float
    bic: float
    customers: int
    converged: bool
    warnings: tuple


def bic(log_likelihood, parameters, customers):
    """Bayesian information criterion k ln N − 2 ln L.

    >>> round(bic(-9582.4, 4, 2357), 1)
    19195.9
    """
    return float(parameters * np.log(customers) - 2 * log_likelihood)


def parameter_warnings(model):
    """Sentences about parameters at a bound or with a standard error larger than themselves."""
    found = []
    for (name, value), scaled in zip(model.params_.items(), model.log_scaled_params()):
        error = (model.standard_errors_ or {}).get(name)
        if abs(scaled) > NEAR_LIMIT:
            found.append(f"{model.NAME}: parameter {name} = {show(value)} is at the edge of what "
                         "can be estimated, so the data cannot pin it down")
        elif error is not None and error > value:
            found.append(f"{model.NAME}: parameter {name} = {show(value)} has a standard error "
                         f"of {show(error)}, larger than itself, so the data hardly pin it down")
    params = model.params_
    if {"a", "b"} <= set(params) and params["a"] / (params["a"] + params["b"]) < DROPOUT_FLOOR:
        found.append(f"{model.NAME}: hardly anyone seems to drop out (mean dropout chance "
                     f"{params['a'] / (params['a'] + params['b']):.2%} per purchase), so "
                     "customers who went silent still get a high P(alive)")
    return found


def repeat_buyer_warnings(model, frequency, learns="how often customers buy and drop out"):
    """A sentence when fewer than 30 customers made a repeat purchase, saying what the model
    ``learns`` from them."""
    repeat = int(np.count_nonzero(np.asarray(frequency) > 0))
    if repeat >= MIN_REPEAT_BUYERS:
        return []
    return [f"{model.NAME}: only {repeat} customers made a repeat purchase (fewer than "
            f"{MIN_REPEAT_BUYERS}), too few to estimate {learns}"]


def spend_correlation_warnings(frequency, monetary_value):
    """Gamma-Gamma's check: a sentence when repeat frequency and mean spend correlate > 0.3."""
    x, spend = np.asarray(frequency, float), np.asarray(monetary_value, float)
    if x.size < 3 or np.ptp(x) == 0 or np.ptp(spend) == 0:
        return []
    correlation = float(np.corrcoef(x, spend)[0, 1])
    if abs(correlation) <= CORRELATION_LIMIT:
        return []
    return [f"Gamma-Gamma: repeat frequency and mean spend correlate ({correlation:.2f}, "
            f"beyond ±{CORRELATION_LIMIT}), against the model's assumption that spend does not "
            "depend on how often a customer buys"]


def diagnose(model, frequency, monetary_value=None):
    """The :class:`Diagnostics` of a fitted ``model`` given the customers it was fitted on.

    ``frequency`` is every customer's repeat purchases (the Gamma-Gamma fit's repeat buyers);
    ``monetary_value`` their mean repeat spend, given for Gamma-Gamma only. Whether the
    optimiser confirmed the maximum is ``converged``, shown beside the warnings.
    """
    customers = int(np.size(frequency))
    found = parameter_warnings(model)
    if monetary_value is None:
        found += repeat_buyer_warnings(model, frequency)
    else:
        found += repeat_buyer_warnings(model, frequency, SPEND_LEARNS)
        found += spend_correlation_warnings(frequency, monetary_value)
    return Diagnostics(model.NAME, dict(model.params_), dict(model.standard_errors_ or {}),
                       model.log_likelihood_,
                       bic(model.log_likelihood_, len(model.params_), customers)
                       if model.log_likelihood_ is not None else np.nan,
                       customers, model.converged_, tuple(dict.fromkeys(found)))
