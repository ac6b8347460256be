"""A transaction history built so that nobody drops out: every customer keeps buying, at their
own Poisson rate, from their first purchase to the end of the year (the fixed seed makes the
data the same on every run). A model fitted on it should say that the dropout is not pinned
down, rather than show P(alive) as if it knew."""

import numpy as np

START = np.datetime64("2023-01-01")
CUSTOMERS, SEED = 300, 3


def never_dropping_out(customers=CUSTOMERS, seed=SEED):
    """(ids, dates, amounts): customer i first buys on a day in the first half year, then at
    gamma-distributed daily rates until 2023-12-31, never stopping; amounts vary around each
    customer's own spend level (drawn from a second stream, so the purchases stay the same)."""
    rng, spending = np.random.default_rng(seed), np.random.default_rng(seed + 1)
    ids, dates, amounts = [], [], []
    for customer in range(customers):
        day = float(rng.integers(0, 180))
        rate = rng.gamma(1.0, 0.03)              # purchases per day
        scale = 40 / spending.gamma(6.0, 1.0)    # the customer's own spend level (Gamma-Gamma)
        while day <= 364:
            ids.append(f"C{customer}")
            dates.append(START + int(day))
            amounts.append(round(float(spending.gamma(4, scale)), 2))
            day += rng.exponential(1 / rate)
    return ids, dates, amounts
