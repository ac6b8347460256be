"""What the two non-contractual transaction models (BG/NBD, Pareto/NBD) share: fitting on
customer summaries and checked prediction inputs."""

import numpy as np

from ..domains import DURATION
from ..elementwise import broadcast
from .estimation import LikelihoodModel
from .inputs import compress, customer_data, finite

def as_result(array):
    """A float for a single value, the array otherwise (the numpy-financial convention)."""
    array = np.asarray(array, dtype=float)
    return float(array) if array.ndim == 0 else array


class TransactionModel(LikelihoodModel):
    """A model of repeat purchases fitted on (frequency, recency, T) summaries."""

    DATA_ADVICE = "check that enough customers made repeat purchases"

    def fit(self, frequency, recency, T, weights=None):
        """Estimate the parameters by maximum likelihood; returns the model.

        Parameters
        ----------
        frequency : count
            Repeat purchases x of each customer (whole numbers ≥ 0).
        recency : duration
            Time t_x of each customer's last repeat purchase since their first, in the model's
            ``time_unit`` (0 if ``frequency`` is 0).
        T : duration
            Time from each customer's first purchase to the end of observation, same unit.
        weights : count, optional
            Number of customers each row stands for (default 1 each).
        """
        x, t_x, age = customer_data(frequency, recency, T)
        columns, counts, _ = compress([x, t_x, age], weights)
        return self._estimate(columns, counts)

    def _unit(self, data, counts):
        """max(T): in this unit the longest-observed customer has T = 1."""
        longest = float(data[2][counts > 0].max())
        return longest if longest > 0 else 1.0

    def _rescaled(self, data, unit):
        x, t_x, T = data
        return x, t_x / unit, T / unit

    def _log_jacobian(self, data, counts, unit):
        """−Σ x ln c: the likelihood is a density in the x purchase times."""
        return -float((counts * data[0]).sum()) * np.log(unit)

    def _predict_on(self, data):
        x, t_x, T = data
        self.conditional_expected_number_of_purchases_up_to_time(T.max(), x, t_x, T)

    def _start(self, data, counts):
        """Shapes 1 and scale parameters equal to the mean observation time."""
        scale = max(float(np.dot(counts, data[2]) / counts.sum()), 1e-6)
        return np.log([1.0 if name in self.SHAPES else scale for name in self.PARAMETERS])

    def _alive(self, x, t_x, T):
        """P(alive) of checked customers (x, t_x, T), element by element."""
        raise NotImplementedError

    def _while_alive(self, t, x, T):
        """The purchases expected in the next ``t`` of customers (x, T) alive at T, element by
        element of (t, x, T) broadcast together: E[Y(t) | x, t_x, T] is this times P(alive),
        and depends on t_x through P(alive) alone."""
        raise NotImplementedError

    def _result(self, compute, quantity, **customers):
        """``compute()`` (warnings of overflow silenced) as :func:`as_result`; CLVError naming
        the customer value or parameter that made it not a finite number."""
        with np.errstate(all="ignore"):
            value = compute()
        return as_result(finite(value, quantity, {**customers, **self.params_}))

    def _customers(self, frequency, recency, T, t=None):
        """Checked, broadcast (x, t_x, T) and, if given, the horizon t broadcast to the shape
        of all four. The customers keep their own shape: a prediction is a function of the
        horizon and the customer times P(alive), a function of the customer alone, so for many
        horizons of the same customers (a CLV's months) P(alive) is computed once per
        customer, not once per horizon and customer."""
        x, t_x, age = customer_data(frequency, recency, T)
        if t is None:
            return x, t_x, age
        arrays, _ = broadcast({"t": DURATION.check("t", t), "frequency": x, "recency": t_x,
                               "T": age})
        return arrays["t"], x, t_x, age
