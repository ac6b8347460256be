"""Maximum-likelihood estimation shared by the probabilistic models.

Every model has positive parameters θ = (θ_1..θ_k). Shape parameters are unit-free; scale
parameters (α and β of the transaction models, γ of Gamma-Gamma) are measured in the data's
unit. Before fitting, the data are expressed in a unit c fixed by the data themselves: for
the transaction models c = max(T), so that the longest-observed customer has T = 1 (the
rescaling of ``lifetimes`` 0.11, whose ``_scale_time`` is 1/max T; versions before 0.9 used
10/max T); for Gamma-Gamma c is the customers' mean spend (``lifetimes`` does not rescale
spend, so its penalized Gamma-Gamma depends on the currency; this one does not). A
scale parameter becomes θ' = θ/c, a shape parameter stays θ' = θ. The fit maximises the
weighted log-likelihood over ψ = log θ' with L-BFGS-B, minimising

.. math:: f(\\psi) = -\\frac{1}{N}\\sum_i w_i \\ell_i(e^{\\psi}) + \\lambda \\sum_j e^{2\\psi_j}

(N = Σ w_i; λ is the optional L2 ``penalizer``, 0 for plain maximum likelihood). The penalty
λ Σ θ'² is that of ``lifetimes`` 0.11's BG/NBD and Pareto/NBD fitters, and because θ' does not
depend on the unit, the same transactions summarised in days, weeks or months get the same
fitted customers for the same λ. Standard errors come from the observed information: the
Hessian H of N·f in ψ by central differences, then the delta method
:math:`se(\\theta_j) = \\theta_j \\sqrt{(H^{-1})_{jj}}` (H in ψ does not depend on c). A fitted
model keeps H as ``information_``, so the covariance of its estimates costs no second pass
over the data (:func:`.uncertainty.fit_covariance`).

A fit is refused (CLVError naming the parameter) when a parameter runs away (|log θ'| > 18
where the search or the Newton polish after it ends),
the likelihood is flat (H not positive definite; the parameter named is the one the flattest
direction moves most), a model's ``REFUSED_RELATIVE_ERROR`` is exceeded, or the fitted
parameters give predictions that cannot be computed for the fitted customers. What a user
should know about an accepted fit (a parameter near that limit, a standard error larger than
its estimate, too few repeat buyers) is said by :func:`.diagnostics.diagnose`, the one place
fit warnings come from; it reads the limit in the data's own unit from
:meth:`LikelihoodModel.log_scaled_params`.

Example: the penalty acts on α/c, not α, so a fit in days equals the fit in weeks.

>>> from clv_udfs.core.models import BetaGeo
>>> x, t_x = [3, 1, 0, 4, 2, 0, 1, 5], [5, 2, 0, 30, 6, 0, 1, 35]
>>> T = [38, 36, 30, 38, 37, 20, 25, 38]
>>> weeks = BetaGeo("W", penalizer=0.1).fit(x, t_x, T)
>>> days = BetaGeo("D", penalizer=0.1).fit(x, [7 * v for v in t_x], [7 * v for v in T])
>>> round(days.params_["alpha"] / weeks.params_["alpha"], 9)
7.0
>>> round(days.params_["a"] / weeks.params_["a"], 9)
1.0
"""

import numpy as np
from scipy.optimize import minimize

from ...errors import CLVError, PENALIZER_ADVICE
from ..domains import show
from ..time_units import parse_unit
from .inputs import PARAMETER, PENALIZER
from .scheduling import checkpoint, cores, one_blas_thread, side_by_side

FTOL = 1e-13   # L-BFGS-B's relative tolerance on f; Newton steps polish what it leaves
NEWTON_CLOSE = 1e-7   # a Newton step shorter than this in log θ ends the polish (see _polish)
LOG_PARAMETER_LIMIT = 18.0   # |log θ| beyond this (θ > 6.6e7 or < 1.5e-8) means "ran away"


def hessian(func, point, gradient=None, step=1e-4):
    """Central-difference Hessian of a scalar ``func`` at ``point`` (1-D array).

    With an analytic ``gradient`` it differences that (2k calls, symmetrised, the k rows
    :func:`side_by_side` on the process's cores: ``gradient`` must be safe to call from
    several threads); otherwise function values (2k² + 1 calls).
    """
    k = len(point)
    shifts = np.eye(k) * step
    if gradient is not None:
        rows = np.array(side_by_side(
            [lambda e=e: (gradient(point + e) - gradient(point - e)) / (2 * step)
             for e in shifts], cores()))
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


def central_gradient(func, point, step=1e-5):
    """Central-difference gradient of a scalar ``func`` at ``point`` (2k calls)."""
    return np.array([(func(point + e) - func(point - e)) / (2 * step)
                     for e in np.eye(len(point)) * step])


def stop_past_the_limit(intermediate_result):
    """An L-BFGS-B callback that ends the search (StopIteration: L-BFGS-B then returns that
    iterate, as not converged) at the first iterate with a parameter beyond
    ``LOG_PARAMETER_LIMIT``. That parameter ran away and the fit is refused for it; L-BFGS-B
    would go on up the ridge, or through line searches failing in the likelihood's rounding
    noise there, for dozens of passes over the data, and name the parameter at wherever it
    stopped (so the value named may differ from before this callback). A search that steps
    past the limit and would come back inside it is refused too: over 660 simulated fits, two
    MBG/NBD fits were accepted before this callback with b within 1% of the limit (in log)
    and a standard error 3× the estimate, and are refused now (a test keeps one).

    >>> from scipy.optimize import OptimizeResult
    >>> stop_past_the_limit(OptimizeResult(x=np.array([0.5, -3.0]), fun=1.0))
    >>> stop_past_the_limit(OptimizeResult(x=np.array([0.5, 19.0]), fun=1.0))
    Traceback (most recent call last):
    StopIteration
    """
    if np.max(np.abs(intermediate_result.x)) > LOG_PARAMETER_LIMIT:
        raise StopIteration


def flattest(information):
    """Index of the parameter along which the Hessian ``information`` is flattest: the
    largest component of the eigenvector of its smallest eigenvalue."""
    with np.errstate(all="ignore"):
        scale = 1 / np.sqrt(np.abs(np.diag(information)))
    scale = np.where(np.isfinite(scale), scale, 1.0)
    _, vectors = np.linalg.eigh(information * np.outer(scale, scale))
    return int(np.argmax(np.abs(vectors[:, 0])))


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
    A model with scale parameters names its unit-free ones in ``SHAPES`` (the others are
    in the data's unit) and implements ``_unit(data, counts)`` (the data's own unit c),
    ``_rescaled(data, unit)`` (the data measured in that unit) and ``_log_jacobian(data,
    counts, unit)`` (what rescaling does to log L, a density in time or money); the fit then
    runs on the rescaled data and returns the scale parameters in the user's unit (the
    transaction models of :mod:`.transactions` implement all three). Optional:
    ``_predict_on(data)`` (the model's predictions for the fitted data, raising CLVError
    where they cannot be computed) and ``REFUSED_RELATIVE_ERROR``.
    """

    PARAMETERS = ()
    SHAPES = None   # the unit-free parameters; None: all of them
    REFUSED_RELATIVE_ERROR = None   # refuse a fit whose standard error exceeds this × estimate
    NAME = ""
    DATA_ADVICE = "check the data"
    TIMED = True   # False for models without a time scale (Gamma-Gamma): time_unit is None

    def __init__(self, time_unit=None, penalizer=0.0):
        self.time_unit = parse_unit(time_unit) if self.TIMED else None
        self.penalizer = float(PENALIZER.check("penalizer", penalizer))
        self.params_ = None
        self.standard_errors_ = None
        self.information_ = None   # the Hessian of −log L in log θ the errors come from
        self.log_likelihood_ = None
        self.converged_ = None
        self.unit_scale_ = None   # the data's own unit c of the last fit

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

    def _unit(self, data, counts):
        """The data's own unit c, in the user's unit (default 1: no scale parameters)."""
        return 1.0

    def _rescaled(self, data, unit):
        """``data`` measured in ``unit`` (default: unchanged)."""
        return data

    def _log_jacobian(self, data, counts, unit):
        """log L in the user's unit minus log L in the data's ``unit`` (0 without a unit)."""
        return 0.0

    def _log_unit_shift(self, unit):
        """log c for each parameter in the data's unit, 0 for the shapes: log θ = ψ + shift."""
        return np.array([0.0 if self.SHAPES is None or name in self.SHAPES else np.log(unit)
                         for name in self.PARAMETERS])

    def _objective(self, log_params, data, counts, with_gradient):
        """f(ψ), and its gradient in ψ when ``with_gradient`` (see :meth:`_terms`)."""
        value, slope, _ = self._terms(log_params, data, counts, with_gradient)
        return (value, slope) if with_gradient else value

    def _terms(self, log_params, data, counts, with_gradient, computed=None):
        """f(ψ), its gradient in ψ (None unless ``with_gradient``) and the log-likelihood
        Σ w ℓ of the data as given at exp(ψ); ``computed``: the model's ``_log_likelihood``
        there, when it is already known."""
        checkpoint()   # a fit no longer needed stops here
        total = counts.sum()
        with np.errstate(all="ignore"):
            params = np.exp(log_params)
            rows, gradient = computed or self._log_likelihood(params, data)
            # BLAS products: _estimate keeps BLAS to one thread, so they do not queue
            log_likelihood = counts @ rows
            value = -log_likelihood / total + self.penalizer * np.sum(params**2)
            if not np.isfinite(value):
                value = np.finfo(float).max / 1e10
            if not with_gradient:
                return value, None, log_likelihood
            slope = (-(counts @ gradient) * params / total
                     + 2 * self.penalizer * params**2)
        return value, np.where(np.isfinite(slope), slope, 0.0), log_likelihood

    def _remembered(self, data, counts, analytic, first, at_first):
        """The fit's :meth:`_terms` as a function of ψ alone that computes each point once:
        L-BFGS-B ends on a point it evaluated, where the Newton polish starts, and the
        polish ends on one it evaluated, whose log-likelihood the fit reports; the
        likelihood at ``first`` is ``at_first`` (computed to see whether the model has its
        gradient). With the analytic gradient every point comes with its gradient. Not for
        several threads at once (the Hessian's shifted points are never asked twice and
        go to :meth:`_objective`)."""
        known = {first.tobytes(): self._terms(first, data, counts, analytic, at_first)}

        def terms(point):
            key = point.tobytes()
            if key not in known:
                known[key] = self._terms(point, data, counts, analytic)
            return known[key]
        return terms

    def _estimate(self, data, counts):
        """Fit to compressed ``data`` (tuple of arrays) with ``counts`` customers per row.

        L-BFGS-B finds the optimum, then Newton steps on the gradient polish it, so that
        data which differ only in rounding (the same transactions in another unit) land on
        the same estimates.

        The passes over the data are the fit's cost, so none is repeated: every point's
        likelihood is computed once (:meth:`_remembered`), the polish stops once its steps
        are rounding noise, and a search that runs past the limit ends there
        (:func:`stop_past_the_limit`). An accepted fit costs L-BFGS-B's passes, 2k for the
        Hessian (k parameters) and one per Newton step taken.
        """
        if counts.sum() <= 0:
            raise CLVError(f"{self.NAME} fit: there are no customers to fit; give at least one")
        checkpoint()   # a fit no longer needed stops before its first pass too
        unit = self._unit(data, counts)
        scaled = self._prepare(self._rescaled(data, unit))
        with one_blas_thread():   # its start too: a BLAS sum's last digits vary with threads
            first = self._start(scaled, counts)
            with np.errstate(all="ignore"):   # whether the model has an analytic gradient
                at_first = self._log_likelihood(np.exp(first), scaled)
            analytic = at_first[1] is not None
            terms = self._remembered(scaled, counts, analytic, first, at_first)

            def asked(point):   # a copy of ∇f: L-BFGS-B may write into it
                value, slope, _ = terms(point)
                return value if slope is None else (value, slope.copy())
            result = minimize(asked, first, jac=True if analytic else "2-point",
                              method="L-BFGS-B", callback=stop_past_the_limit,
                              options={"maxiter": 2000, "ftol": FTOL, "gtol": 1e-9})
            point = self._accept(result, scaled, counts, terms, self._log_unit_shift(unit))
        self.log_likelihood_ = float(terms(point)[2]) + self._log_jacobian(
            data, counts, unit)   # in the user's unit
        self.unit_scale_ = unit
        try:
            self._predict_on(data)
        except CLVError as problem:
            shown = "; ".join(f"{k} = {v:.4g}" for k, v in self.params_.items())
            self.params_ = self.standard_errors_ = self.log_likelihood_ = None
            self.information_ = None
            raise CLVError(f"{self.NAME} fit: the estimates ({shown}) give predictions that "
                           f"cannot be computed ({problem}), so the fit is refused; "
                           f"{self.DATA_ADVICE}") from None
        return self

    def _predict_on(self, data):
        """The model's predictions for the fitted ``data``: CLVError where they cannot be
        computed, so a fit never hands out parameters whose forecasts are blank."""

    def _polish(self, point, data, counts, terms, steps=6):
        """Newton steps ψ ← ψ − H⁻¹∇(N·f) from the optimiser's stop, with the Hessian H
        taken once there (by differences of the analytic gradient, else of function values;
        ∇ analytic, else central differences), while H is positive definite and f does not
        rise, until a step is shorter than ``NEWTON_CLOSE``; returns the point and H.
        ``terms``: the fit's :meth:`_remembered` terms on ``data``.

        With H off by δ (~1e-5 relative: it is taken at the optimiser's stop) a step of
        length d leaves about δd + d² to go, so after one shorter than 1e-7 in log θ what is
        left is ~1e-12, under the rounding noise of the gradient: steps taken on from there
        wander by ~1e-9 along weakly pinned directions (Pareto/NBD's s and β together)."""
        total = counts.sum()
        analytic = terms(point)[1] is not None
        value = lambda p: total * terms(p)[0]
        if analytic:
            gradient = lambda p: total * terms(p)[1]
            information = hessian(None, point, lambda p: total * self._objective(
                p, data, counts, True)[1])
        else:
            gradient = lambda p: central_gradient(value, p)
            information = hessian(value, point)
        if np.any(np.linalg.eigvalsh(information) <= 0):
            return point, information
        current = value(point)
        for _ in range(steps):
            step = np.linalg.solve(information, gradient(point))
            if not np.all(np.isfinite(step)):
                break
            moved = value(point - step)
            if moved > current + 1e-15 * abs(current):
                break
            point, current = point - step, moved
            if np.max(np.abs(step)) < NEWTON_CLOSE:
                break
        return point, information

    def _refuse_runaway(self, point, shift, advice):
        """CLVError naming the first parameter of ``point`` (ψ; log θ = ψ + ``shift``) beyond
        ``LOG_PARAMETER_LIMIT``: it ran away, so the data cannot pin it down."""
        runaway = np.abs(point) > LOG_PARAMETER_LIMIT
        if runaway.any():
            k = int(np.flatnonzero(runaway)[0])
            raise CLVError(f"{self.NAME} fit: parameter {self.PARAMETERS[k]} ran away to "
                           f"{show(float(np.exp(point[k] + shift[k])))}, so the data cannot "
                           "pin it down" + advice)

    def _accept(self, result, data, counts, terms, shift):
        """Store the optimum found on the rescaled ``data`` (log θ = ψ + ``shift``; ``terms``:
        the fit's :meth:`_remembered` terms) and return its ψ, or raise CLVError saying why
        it is not one."""
        advice = PENALIZER_ADVICE + self.DATA_ADVICE
        self._refuse_runaway(result.x, shift, advice)
        if not np.isfinite(result.fun) or result.fun >= np.finfo(float).max / 1e11:
            raise CLVError(f"{self.NAME} fit: the likelihood is not finite at any tried "
                           "parameters" + advice)
        point, information = self._polish(result.x, data, counts, terms)
        self._refuse_runaway(point, shift, advice)   # a Newton step along a ridge, past it
        params = np.exp(point + shift)
        errors = delta_method_errors(params, information)
        if np.isnan(errors).any():
            k = flattest(information)
            raise CLVError(f"{self.NAME} fit: the likelihood is flat in parameter "
                           f"{self.PARAMETERS[k]} (estimate {show(float(params[k]))}), so the "
                           "data cannot pin it down" + advice)
        if self.REFUSED_RELATIVE_ERROR is not None:
            loose = errors > self.REFUSED_RELATIVE_ERROR * params
            if loose.any():
                k = int(np.flatnonzero(loose)[0])
                raise CLVError(f"{self.NAME} fit: parameter {self.PARAMETERS[k]} = "
                               f"{show(float(params[k]))} has a standard error of "
                               f"{show(float(errors[k]))}, over {self.REFUSED_RELATIVE_ERROR:g} "
                               "times the estimate, so the data cannot pin it down" + advice)
        self.params_ = dict(zip(self.PARAMETERS, map(float, params)))
        self.standard_errors_ = dict(zip(self.PARAMETERS, map(float, errors)))
        self.information_ = information
        self.converged_ = bool(result.success)
        return point

    def log_scaled_params(self):
        """log θ' of the estimates: the scale parameters in the data's own unit c of the fit
        (where the runaway limit |log θ'| ≤ LOG_PARAMETER_LIMIT applies), the shapes as they
        are; log θ for a model built from parameters (c = 1)."""
        return np.log(self._values()) - self._log_unit_shift(self.unit_scale_ or 1.0)
