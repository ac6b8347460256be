"""Ratios of beta functions to B(a, b) at whole increments of their arguments, exact to
rounding: the drop-out part of the BG/NBD and MBG/NBD likelihoods (B(a, b+x)/B(a, b), x
purchases), the sBG's (B(α, β+t)/B(α, β), t renewals) and the BG/BB's (:func:`rising_sums`),
with the digamma differences of their gradients.

Reference: Fader, Hardie & Lee (2005), eq. 6 (BG/NBD); Fader & Hardie (2007), eq. 3 (sBG);
Fader, Hardie & Shang (2010), eq. 5 (BG/BB).
"""

import numpy as np
from scipy.special import betaln, digamma

EXACT_SUMS_UP_TO = 1 << 16   # counts summed term by term (three tables of 0.5 MB)


def beta_ratios(a, b, counts):
    """For each whole count n of ``counts`` (a 1-D float array of purchases or renewals):
    ln B(a, b+n)/B(a, b),
    ln B(a+1, b+n−1)/B(a, b) (0 where n = 0, which leaves it unused), ψ(b+n) − ψ(b),
    ψ(b+n−1) − ψ(b) and ψ(a+b+n) − ψ(a+b), the digamma differences of their gradient.

    .. math::

        \\ln\\frac{B(a, b+n)}{B(a, b)} = \\sum_{j<n} \\ln\\frac{b+j}{a+b+j}, \\qquad
        \\frac{B(a+1, b+n-1)}{B(a, b+n-1)} = \\frac{a}{a+b+n-1}, \\qquad
        \\psi(z+n) - \\psi(z) = \\sum_{j<n} \\frac{1}{z+j}

    Summed term by term (each log as log1p(−a/(a+b+j)) where that share is under one half,
    else as the log of the ratio), every ratio is exact to rounding however large or small a
    and b are. The differences of ``betaln`` and ``digamma`` they replace lose up to ~1e-7
    where a and b are ~1e7 (a fit running up MBG/NBD's ridge, where both grow): noise in
    which the optimiser's line searches failed for dozens of passes before the runaway was
    found. Counts beyond ``EXACT_SUMS_UP_TO`` (a customer with more purchases than that) add
    those differences from there on, for their own rows only.

    >>> ends = beta_ratios(0.8, 2.4, np.array([0.0, 3.0]))[0]
    >>> [round(float(v), 12) for v in ends]
    [0.0, -0.666045250782]
    >>> round(float(np.log(2.4 * 3.4 * 4.4 / (3.2 * 4.2 * 5.2))), 12)
    -0.666045250782
    """
    top = min(float(counts.max(initial=0.0)), EXACT_SUMS_UP_TO)   # compared as floats: a
    j = np.arange(int(top), dtype=float)                        # count of 1e19 is no int
    share = a / (a + b + j)
    logs = np.where(share < 0.5, np.log1p(-share), np.log((b + j) / (a + b + j)))
    tables = [np.concatenate([[0.0], np.cumsum(terms)])
              for terms in (logs, 1 / (b + j), 1 / (a + b + j))]

    def at(n):
        """The three sums up to each count of ``n``: from the tables, and beyond their end
        by betaln's and digamma's differences."""
        inside = n <= top
        sums = [table[np.where(inside, n, top).astype(int)] for table in tables]
        if not inside.all():
            far = n[~inside]
            with np.errstate(all="ignore"):
                sums[0][~inside] += betaln(a, b + far) - betaln(a, b + top)
                sums[1][~inside] += digamma(b + far) - digamma(b + top)
                sums[2][~inside] += digamma(a + b + far) - digamma(a + b + top)
        return sums

    log_end, slope_end, slope_ab = at(counts)
    before = np.maximum(counts - 1, 0)
    log_before, slope_last, _ = at(before)
    log_last = np.where(counts > 0, log_before - np.log1p((b + before) / a), 0.0)
    return log_end, log_last, slope_end, slope_last, slope_ab


def rising_sums(z, top):
    """ln Γ(z+k)/Γ(z) = Σ_{j<k} ln(z+j) and ψ(z+k) − ψ(z) = Σ_{j<k} 1/(z+j) for k = 0 … top,
    as two arrays: the BG/BB likelihood's beta ratios, B(α+x, β+y)/B(α, β) and the like, are
    sums and differences of these, a few hundred at most in size however large z is, where
    differences of betaln's values (~z ln z) keep only their rounding.

    >>> logs, slopes = rising_sums(2.0, 3)
    >>> [round(float(v), 12) for v in np.exp(logs)], [round(float(v), 12) for v in slopes]
    ([1.0, 2.0, 6.0, 24.0], [0.0, 0.5, 0.833333333333, 1.083333333333])
    """
    j = np.arange(top, dtype=float)
    return (np.concatenate([[0.0], np.cumsum(np.log(z + j))]),
            np.concatenate([[0.0], np.cumsum(1 / (z + j))]))
