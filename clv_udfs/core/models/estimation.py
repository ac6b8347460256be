"""Maximum-likelihood estimation shared by the probabilistic models.

Every model has positive parameters θ = (θ_1..θ_k). The fit maximises the weighted
log-likelihood over ψ = log θ with L-BFGS-B, minimising

.. math:: f(\\psi) = -\\frac{1}{N}\\sum_i w_i \\ell_i(e^{\\psi}) + \\lambda \\sum_j e^{2\\psi_j}

(N = Σ w_i; λ is the optional L2 ``penalizer``, 0 for plain maximum likelihood, with the same
scaling as the ``lifetimes`` package). Standard errors come from the observed information: the
Hessian H of N·f in ψ by central differences, then the delta method
:math:`se(\\theta_j) = \\theta_j \\sqrt{(H^{-1})_{jj}}`.
"""

import numpy as np
from scipy.optimize import minimize

from ...errors import CLVError
from ..domains import show
from ..time_units import parse_unit
from .inputs import PARAMETER, PENALIZER

LOG_PARAMETER_LIMIT = 18.0   # |log θ| beyond this (θ > 6.6e7 or < 1.5e-8) means "ran away"


def hessian(func, point, gradient=None, step=1e-4):
    """Central-difference Hessian of a scalar ``func`` at ``point`` (1-D array).

    With an analytic ``gradient`` it differences that (2k calls, symmetrised); otherwise
    function values (2k² + 1 calls).
    """
    k = len(point)
    shifts = np.eye(k) * step
    if gradient is not None:
        rows = np.array([(gradient(point + e) - gradient(point - e)) / (2 * step)
                         for e in shifts])
        return (rows + rows.T) / 2
    step = 10 * step   # function differences need a longer step against rounding
    shifts = 10 * shifts
    centre = func(point)
    result = np.empty((k, k))
    for i in range(k):
        result[i, i] = (func(point + shifts[i]) - 2 * centre + func(point - shifts[i])) / step**2
        for j in range(i):
            result[i, j] = result[j, i] = (
                func(point + shifts[i] + shifts[j]) - func(point + shifts[i] - shifts[j])
                - func(point - shifts[i] + shifts[j]) + func(point - shifts[i] - shifts[j])
            ) / (4 * step**2)
    return result


def delta_method_errors(params, information):
    """Standard errors of θ = exp(ψ) from the Hessian of −log L in ψ (NaN where the Hessian
    is singular or not positive definite)."""
    try:
        covariance = np.linalg.inv(information)
    except np.linalg.LinAlgError:
        return np.full(len(params), np.nan)
    variances = np.diag(covariance)
    if np.any(np.linalg.eigvalsh(information) <= 0):
        variances = np.full(len(params), np.nan)
    return np.where(variances > 0, params * np.sqrt(np.abs(variances)), np.nan)


class LikelihoodModel:
    """A model with named positive parameters, fitted by maximum likelihood.

    Subclasses set ``PARAMETERS`` (the paper's names, in order), ``NAME`` and ``DATA_ADVICE``
    (what to check in the data when a fit fails) and implement
    ``_log_likelihood(params, data)`` returning the per-row log-likelihood and, optionally,
    its gradient in the natural parameters (rows × k array, or None for numerical gradients).
    """

    PARAMETERS = ()
    NAME = ""
    DATA_ADVICE = "check the data"
    TIMED = True   # False for models without a time scale (Gamma-Gamma): time_unit is None

    def __init__(self, time_unit=None, penalizer=0.0):
        self.time_unit = parse_unit(time_unit) if self.TIMED else None
        self.penalizer = float(PENALIZER.check("penalizer", penalizer))
        self.params_ = None
        self.standard_errors_ = None
        self.log_likelihood_ = None
        self.converged_ = None

    @classmethod
    def from_params(cls, time_unit=None, **params):
        """A model with known (e.g. published) parameters; nothing is estimated.

        ``time_unit`` is required for models of time (D, W, M or Y) and ignored otherwise;
        ``standard_errors_``, ``log_likelihood_`` and ``converged_`` stay None.
        """
        missing = [name for name in cls.PARAMETERS if name not in params]
        unknown = [name for name in params if name not in cls.PARAMETERS]
        if missing or unknown:
            raise CLVError(f"{cls.NAME} parameters: give exactly {', '.join(cls.PARAMETERS)}"
                           + (f"; {unknown[0]} is not one of them" if unknown else ""))
        model = cls(time_unit)
        model.params_ = {name: float(PARAMETER.check(name, params[name]))
                         for name in cls.PARAMETERS}
        return model

    def __repr__(self):
        shown = ("unfitted" if self.params_ is None else
                 ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items()))
        return f"{type(self).__name__}({shown}; time unit {self.time_unit})"

    def _values(self):
        """The parameters as a tuple in paper order; CLVError if there are none yet."""
        if self.params_ is None:
            raise CLVError(f"{self.NAME} model: no parameters yet; fit it to data or build it "
                           "with from_params")
        return tuple(self.params_[name] for name in self.PARAMETERS)

    def _start(self, data, counts):
        """Starting log-parameters for the optimiser."""
        raise NotImplementedError

    def _log_likelihood(self, params, data):
        """Per-row log-likelihood and its gradient (or None) at ``params``."""
        raise NotImplementedError

    def _prepare(self, data):
        """What ``_log_likelihood`` receives for the compressed ``data`` (default: itself)."""
        return data

    def _objective(self, log_params, data, counts, with_gradient):
        params = np.exp(log_params)
        with np.errstate(all="ignore"):
            rows, gradient = self._log_likelihood(params, data)
        total = counts.sum()
        value = -np.dot(counts, rows) / total + self.penalizer * np.sum(params**2)
        if not np.isfinite(value):
            value = np.finfo(float).max / 1e10
        if not with_gradient:
            return value
        slope = -(counts @ gradient) * params / total + 2 * self.penalizer * params**2
        return value, np.where(np.isfinite(slope), slope, 0.0)

    def _estimate(self, data, counts):
        """Fit to compressed ``data`` (tuple of arrays) with ``counts`` customers per row."""
        if counts.sum() <= 0:
            raise CLVError(f"{self.NAME} fit: there are no customers to fit; give at least one")
        data = self._prepare(data)
        with np.errstate(all="ignore"):
            analytic = self._log_likelihood(np.ones(len(self.PARAMETERS)), data)[1] is not None
        result = minimize(self._objective, self._start(data, counts),
                          args=(data, counts, analytic), jac=True if analytic else "2-point",
                          method="L-BFGS-B", options={"maxiter": 2000, "ftol": 1e-13,
                                                      "gtol": 1e-9})
        self._accept(result, data, counts, analytic)
        return self

    def _accept(self, result, data, counts, analytic):
        """Store the optimum, or raise CLVError saying why it is not one."""
        advice = f"; set the penalizer to a small value such as 0.001, or {self.DATA_ADVICE}"
        runaway = np.abs(result.x) > LOG_PARAMETER_LIMIT
        if runaway.any():
            name = self.PARAMETERS[int(np.flatnonzero(runaway)[0])]
            raise CLVError(f"{self.NAME} fit: parameter {name} ran away to "
                           f"{show(float(np.exp(result.x[runaway][0])))}, so the data cannot "
                           "pin it down" + advice)
        if not np.isfinite(result.fun) or result.fun >= np.finfo(float).max / 1e11:
            raise CLVError(f"{self.NAME} fit: the likelihood is not finite at any tried "
                           "parameters" + advice)
        params = np.exp(result.x)
        total = counts.sum()
        slope = (lambda p: total * self._objective(p, data, counts, True)[1]) if analytic else None
        information = hessian(lambda p: total * self._objective(p, data, counts, False),
                              result.x, slope)
        errors = delta_method_errors(params, information)
        if np.isnan(errors).any():
            name = self.PARAMETERS[int(np.flatnonzero(np.isnan(errors))[0])]
            raise CLVError(f"{self.NAME} fit: the likelihood is flat in parameter {name} "
                           f"(estimate {show(float(params[np.isnan(errors)][0]))}), so the data "
                           "cannot pin it down" + advice)
        with np.errstate(all="ignore"):
            rows, _ = self._log_likelihood(params, data)
        self.params_ = dict(zip(self.PARAMETERS, map(float, params)))
        self.standard_errors_ = dict(zip(self.PARAMETERS, map(float, errors)))
        self.log_likelihood_ = float(np.dot(counts, rows))
        self.converged_ = bool(result.success)
