"""What the two non-contractual transaction models (BG/NBD, Pareto/NBD) share: fitting on
customer summaries and checked prediction inputs."""

import numpy as np

from ..domains import DURATION
from ..elementwise import broadcast
from .estimation import LikelihoodModel
from .inputs import compress, customer_data


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

    def _start(self, data, counts):
        """Shapes 1 and scale parameters equal to the mean observation time."""
        scale = max(float(np.dot(counts, data[2]) / counts.sum()), 1e-6)
        return np.log([1.0 if name in self.SHAPES else scale for name in self.PARAMETERS])

    def _customers(self, frequency, recency, T, t=None):
        """Checked, broadcast (x, t_x, T) and, if given, the horizon t."""
        x, t_x, age = customer_data(frequency, recency, T)
        if t is None:
            return x, t_x, age
        arrays, _ = broadcast({"t": DURATION.check("t", t), "x": x, "t_x": t_x, "T": age})
        return arrays["t"], arrays["x"], arrays["t_x"], arrays["T"]
