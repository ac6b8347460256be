"""Gaussian hypergeometric 2F1 in the forms the models need, without overflow.

:func:`scipy.special.hyp2f1` overflows (or loses all precision) when its argument z is near 1
and :math:`c - a - b < 0`, which is exactly where heavy buyers put the Pareto/NBD likelihood
and the BG/NBD conditional expectation. Euler's transformation

.. math:: {}_2F_1(a, b; c; z) = (1-z)^{c-a-b}\\, {}_2F_1(c-a, c-b; c; z)

moves the divergent factor into a power that is taken in log space, leaving a series that
converges at z = 1.

References
----------
Abramowitz, M. & Stegun, I. A. (1964). *Handbook of Mathematical Functions*, 15.3.3.
Fader, P. S. & Hardie, B. G. S. (2013). Overcoming the BG/NBD model's #NUM! error problem.
http://brucehardie.com/notes/027/
"""

import numpy as np
from scipy.special import hyp2f1


def log_hyp2f1_c_is_a_plus_1(a, b, z):
    """log 2F1(a, b; a+1; z) for a > 0, b > 0, 0 ≤ z < 1 (the Pareto/NBD case).

    With c = a + 1, c − a − b = 1 − b: for b ≤ 1 the series converges at z = 1 as it stands;
    for b > 1 Euler's transformation gives (1−z)^(1−b) 2F1(1, a+1−b; a+1; z), whose series
    converges at z = 1.

    >>> float(np.exp(log_hyp2f1_c_is_a_plus_1(2.0, 3.0, 0.5)))  # 2F1(2, 3; 3; z) = (1-z)^-2
    4.0
    """
    a, b, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, z)))
    result = np.empty(a.shape)
    euler = b > 1
    ae, be, ze = a[euler], b[euler], z[euler]
    result[euler] = (1 - be) * np.log1p(-ze) + np.log(hyp2f1(1.0, ae + 1 - be, ae + 1, ze))
    direct = ~euler
    result[direct] = np.log(hyp2f1(a[direct], b[direct], a[direct] + 1, z[direct]))
    return result


SERIES_TERMS = tuple(round(12 * 1.4**k) for k in range(20))   # lengths the series is cut
# at, 12 … 7172 (enough at z = 0.99 for the tests' b down to 0.04); beyond, differences
SERIES_TIERS = (8, 12, 16, 20)   # coefficients to SERIES_TERMS[7] = 126 for every (a, b),
# and to 486, 1867 and 7172 only for those that need it
SERIES_TOLERANCE = 1e-17   # the tails are summed until below this share of every sum
POWERS_IN_CACHE = 65536   # powers computed at a time (512 KiB), to be multiplied from cache


def log_hyp2f1_c_is_a_plus_1_slopes(a, b, z):
    """log 2F1(a, b; a+1; z) and its derivatives in a and b, for 1-D a > 0, b > 0, 0 ≤ z < 1.

    Euler's form log 2F1 = (1−b) log(1−z) + log G with G = 2F1(1, p; q; z) = Σ_n c_n z^n,
    p = a+1−b, q = a+1, c_n = (p)_n/(q)_n. With H_n = Σ_{k<n} 1/(p+k) and
    S_n = Σ_{k<n} b/((p+k)(q+k)) (= H_n − Σ_{k<n} 1/(q+k)),

    .. math:: \\frac{\\partial G}{\\partial a} = \\sum_n c_n S_n z^n, \\qquad
        \\frac{\\partial G}{\\partial b} = -\\sum_n c_n H_n z^n

    Where 0 < b ≤ a + 1 the terms of each sum have one sign, so the sums are exact to
    rounding. Each is a polynomial in z whose coefficients depend on (a, b) alone: they are
    computed once per distinct (a, b) (the Pareto/NBD has one per purchase count) and all
    elements with that (a, b) and one length are summed by one matrix product
    (:func:`_series_by_pair`), at the shortest of SERIES_TERMS whose tails
    (:func:`_lengths`) are below SERIES_TOLERANCE of the smallest sum. Beyond the longest
    (z near 1: z > 0.9935 at b = 0.6, 0.9947 at b = 1.6) and where b > a + 1 the value is
    :func:`log_hyp2f1_c_is_a_plus_1` and the derivatives its central differences (relative
    step 1e-5); scipy's hyp2f1 loses digits as z nears 1, so there these are off by up to
    ~1e-5, and by a few percent where b is within ~1e-9 of an integer (at z = 0.999; the
    tests' reference values).

    Returns
    -------
    (log 2F1, ∂ log 2F1/∂a, ∂ log 2F1/∂b), three arrays shaped like ``a``.

    At a = 2, b = 3 (so p = 0) the series sums by hand: 2F1 = (1 − z)^−2 and
    ∂G/∂a = −∂G/∂b = Σ_{n≥1} 2z^n/(n(n+1)(n+2)); with L = −ln(1 − z), at z = 1/4 that is
    9L − 5/2 and ∂ log 2F1/∂b = L − (9L − 5/2) = 5/2 − 8L, at z = 1/2 it is
    L − 1/2 and 1/2:

    >>> value, by_a, by_b = log_hyp2f1_c_is_a_plus_1_slopes([2.0, 2.0], [3.0, 3.0], [0.25, 0.5])
    >>> L = -np.log1p(-np.array([0.25, 0.5]))
    >>> (np.exp(value) * 9).round(12).tolist()
    [16.0, 36.0]
    >>> errors = np.abs([by_a - [9 * L[0] - 2.5, L[1] - 0.5], by_b - [2.5 - 8 * L[0], 0.5]])
    >>> bool(errors.max() < 1e-15)
    True
    """
    a, b, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, z)))
    value, by_a, by_b = np.empty(a.shape), np.empty(a.shape), np.empty(a.shape)
    rest = ~((a > 0) & (b > 0) & (b <= a + 1) & (z >= 0) & (z < 1))
    tried = np.flatnonzero(~rest)
    if tried.size:
        if tried.size < a.size:
            a_tried, b_tried, z_tried = a[tried], b[tried], z[tried]
        else:
            a_tried, b_tried, z_tried, tried = a, b, z, slice(None)
        log_room = np.log1p(-z_tried)
        summed, sums = _series_by_pair(a_tried, b_tried, z_tried, log_room)
        log_room = log_room[summed]
        total = 1 + sums[0]   # G; its terms after the first are summed apart for log1p
        where = np.arange(a.size)[tried][summed]
        value[where] = (1 - b_tried[summed]) * log_room + np.log1p(sums[0])
        by_a[where] = sums[1] / total
        by_b[where] = sums[2] / total - log_room
        rest[tried] = True
        rest[where] = False
    if rest.any():
        ar, br, zr = a[rest], b[rest], z[rest]
        value[rest] = log_hyp2f1_c_is_a_plus_1(ar, br, zr)
        step_a, step_b = 1e-5 * ar, 1e-5 * br
        by_a[rest] = (log_hyp2f1_c_is_a_plus_1(ar + step_a, br, zr)
                      - log_hyp2f1_c_is_a_plus_1(ar - step_a, br, zr)) / (2 * step_a)
        by_b[rest] = (log_hyp2f1_c_is_a_plus_1(ar, br + step_b, zr)
                      - log_hyp2f1_c_is_a_plus_1(ar, br - step_b, zr)) / (2 * step_b)
    return value, by_a, by_b


def _series_by_pair(a, b, z, log_room):
    """(the indices of the elements summed, then their G − 1, ∂G/∂a and ∂G/∂b as three
    rows) for 1-D a, b, z with 0 < b ≤ a + 1 and 0 ≤ z < 1, log_room = log(1 − z).

    Runs of equal (a, b) in the order given (sorted first if the runs are short) share their
    coefficients (:func:`_coefficients`), computed to the lengths of SERIES_TIERS' first
    tier and, for the runs with elements that need more, of the next. The elements of each
    length N have the powers z^0 … z^(N−1) as the rows of one matrix (in blocks of
    POWERS_IN_CACHE numbers); the run's 3 × N coefficients times its columns are its sums."""
    order = None
    if a.size > 64 and np.count_nonzero(np.diff(a)) > a.size // 8:
        order = np.lexsort((b, a))
        a, b, z, log_room = a[order], b[order], z[order], log_room[order]
    starts = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])])
    pair = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, a.size]))
    p, q, b_run = a[starts] + 1 - b[starts], a[starts] + 1, b[starts]
    with np.errstate(divide="ignore"):
        log_z = np.log(z)
        allowed = np.minimum(0.0, np.log(b * z / (a + 1) ** 2))   # the smallest sum's log
    allowed += np.log(SERIES_TOLERANCE) + log_room
    allowed -= np.log1p(z / ((1 - z) * (p[pair] + SERIES_TERMS[0])))
    length, local = np.full(a.shape, len(SERIES_TERMS)), np.empty(a.shape, dtype=int)
    tables, todo, low = [], np.arange(a.size), 0
    for high in SERIES_TIERS:
        first = np.r_[True, pair[todo][1:] != pair[todo][:-1]]   # pair is sorted
        runs = pair[todo][first]
        local[todo] = np.cumsum(first) - 1   # the row of each element's run in the table
        table = _coefficients(p[runs], q[runs], b_run[runs], SERIES_TERMS[high - 1] + 1)
        tables.append(table)
        found = low + _lengths(table, SERIES_TERMS[low:high], local[todo], log_z[todo],
                               allowed[todo])
        length[todo] = np.where(found < high, found, len(SERIES_TERMS))
        todo, low = todo[found == high], high
        if todo.size == 0:
            break
    ranked = np.argsort(length.astype(np.int8), kind="stable")   # runs stay in order
    length, local, zs = length[ranked], local[ranked], z[ranked]
    sums = np.empty((3, a.size))
    bins = np.flatnonzero(np.r_[True, length[1:] != length[:-1], True])
    for begin, end in zip(bins[:-1], bins[1:]):
        if length[begin] == len(SERIES_TERMS):
            continue
        count = SERIES_TERMS[length[begin]]
        table = tables[np.searchsorted(SERIES_TIERS, length[begin], side="right")]
        block = max(64, POWERS_IN_CACHE // count)
        for first in range(begin, end, block):
            last = min(first + block, end)
            power = _powers(zs[first:last], count)
            runs = local[first:last]
            cuts = first + np.flatnonzero(np.r_[True, runs[1:] != runs[:-1], True])
            for start, stop in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
                np.matmul(table[:, local[start], :count], power[:, start - first:stop - first],
                          out=sums[:, start:stop])
    summed = length < len(SERIES_TERMS)
    where = ranked if order is None else order[ranked]
    return (where, sums) if summed.all() else (where[summed], sums[:, summed])


def _coefficients(p, q, b, width):
    """c_n, c_n S_n and −c_n H_n of :func:`log_hyp2f1_c_is_a_plus_1_slopes` for n = 0 …
    width − 1, per (p, q) (shape 3 × pairs × width).

    With c̃_n = c_n/p = (1/q) Π_{k=1}^{n−1} (p+k)/(q+k) for n ≥ 1, c_n H_n = c̃_n + c_n
    Σ_{k=1}^{n−1} 1/(p+k) and c_n S_n = c̃_n b/q + c_n Σ_{k=1}^{n−1} b/((p+k)(q+k)): no
    division by p, so p = 0 (b = a + 1) is summed too; b is given, not q − p, which
    loses its digits where b ≪ a."""
    b, p, q = b[:, None], p[:, None], q[:, None]
    inverse = 1 / (p + np.arange(1, width - 1))   # 1/(p+k)
    table = np.zeros((3, p.size, width))
    value, by_a, by_b = table   # c̃_n, then the sums of 1/(p+k) and of b/((p+k)(q+k))
    value[:, 1:] = 1 / q
    ratio = 1 / (q + np.arange(1, width - 1))
    np.cumsum(np.multiply(inverse, ratio, out=ratio) * b, axis=1, out=by_a[:, 2:])
    np.multiply(inverse, b, out=ratio)   # b/(p+k): (p+k)/(q+k) = 1/(1 + it)
    ratio += 1
    with np.errstate(over="ignore"):   # past the largest double c̃_n is 0 (large b)
        value[:, 2:] /= np.cumprod(ratio, axis=1)
    np.cumsum(inverse, axis=1, out=by_b[:, 2:])
    by_b *= value * p
    by_b += value
    np.negative(by_b, out=by_b)   # −(c̃_n + c_n H'_n)
    by_a *= value * p
    by_a += value * (b / q)   # c̃_n b/q + c_n S'_n
    value *= p   # c_n
    table[:, :, 0] = 0.0   # G's first term, 1, is added by the caller
    return table


def _lengths(table, lengths, pair, log_z, allowed):
    """Per element, the index into ``lengths`` of the shortest N whose tails are below
    SERIES_TOLERANCE of the smallest sum, or len(lengths); ``allowed`` is the log of that
    share of the smallest sum, times (1 − z)/(1 + z/((1 − z)(p + SERIES_TERMS[0]))).

    Every ratio c_{n+1}/c_n = (p+n)/(q+n) is below 1 and, beyond N, every step of H_n and of
    S_n at most 1/(p+N), so the three tails are at most
    z^N (c_N + c_N H_N + c_N z/((1−z)(p+N)))/(1−z) ≤ z^N (c_N + c_N H_N) (1 + z/((1−z)(p+N)))
    /(1−z); the sums are at least 1, z/q and bz/q² (their first terms; bz/q², as b < q).
    Compared in logs: the bound's terms reach below the smallest double."""
    with np.errstate(divide="ignore"):   # c_N + c_N H_N underflows to 0 for large b
        ends = np.log(table[0][:, lengths] - table[2][:, lengths]).T.copy()
    found, bound = np.full(pair.shape, len(lengths)), np.empty(pair.shape)
    for index in range(len(lengths) - 1, -1, -1):   # the shortest that is enough, last
        np.take(ends[index], pair, out=bound)
        bound += lengths[index] * log_z
        found[bound <= allowed] = index
    return found


def _powers(z, count):
    """z^0 … z^(count−1) as the rows of a matrix (count ≥ 2), in log2(count) products."""
    power = np.empty((count, z.size))
    power[0] = 1.0
    power[1] = z
    filled = 2
    while filled < count:
        take = min(filled, count - filled)
        np.multiply(power[:take], power[filled - 1] * z, out=power[filled:filled + take])
        filled += take
    return power


def one_minus_power_hyp2f1(power, a, b, c, z):
    """1 − (1−z)^p 2F1(a, b; c; z) via Euler's transformation (the BG/NBD expectations).

    Equals 1 − (1−z)^(p + c − a − b) 2F1(c − a, c − b; c; z); with the BG/NBD arguments
    p + c − a − b = a_BG − 1, so the power stays bounded however large the purchase count.

    >>> float(one_minus_power_hyp2f1(1.0, 1.0, 1.0, 2.0, 0.0))
    0.0
    """
    return 1 - np.exp((power + c - a - b) * np.log1p(-z)) * hyp2f1(c - a, c - b, c, z)
