"""The papers' formulas, worked here with numpy and scipy, independent of clv_udfs: what the
tests compare the package's results with.

Fader, Hardie & Lee (2005a), "Counting your customers the easy way" (BG/NBD); Fader, Hardie &
Lee (2005b), "RFM and CLV: using iso-value curves" (Gamma-Gamma); Fader & Hardie (2007), "How to
project customer retention" and (2010) "Customer-base valuation in a contractual setting" (sBG).
"""

import numpy as np
from scipy.special import betaln, gammaln, hyp2f1


def bgnbd_p_alive(x, t_x, T, r, alpha, a, b):
    """FHL (2005), eq. 11."""
    return 1 / (1 + (x > 0) * a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def bgnbd_expected(t, x, t_x, T, r, alpha, a, b):
    """FHL (2005), eq. 10."""
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    numerator = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    return numerator * bgnbd_p_alive(x, t_x, T, r, alpha, a, b)


def gamma_gamma_spend(x, zbar, p, q, gamma):
    """FHL (2005, iso-value), eq. 5: a weighted mean of the population mean and z̄."""
    return (gamma + x * zbar) * p / (p * x + q - 1)


def sbg_survival(t, alpha, beta):
    """Fader & Hardie (2007), eq. 7: S(t) = B(α, β + t) / B(α, β)."""
    return np.exp(betaln(alpha, beta + t) - betaln(alpha, beta))


def discounted_survival(start, d, alpha, beta, terms=600):
    """Fader & Hardie (2010): Σ_{t ≥ start} S(t)/S(start−1)/(1+d)^(t−start), term by term
    (start = 0 gives DEL, with S(−1) read as 1)."""
    t = np.arange(start, start + terms)
    before = 1.0 if start == 0 else sbg_survival(start - 1, alpha, beta)
    return float(np.sum(sbg_survival(t, alpha, beta) / before / (1 + d) ** (t - start)))


def bgnbd_log_likelihood(x, t_x, T, r, alpha, a, b):
    """FHL (2005a), eq. 6, summed over customers:
    L = B(a, b+x)/B(a, b) · Γ(r+x)α^r/(Γ(r)(α+T)^(r+x))
      + [x>0] B(a+1, b+x−1)/B(a, b) · Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x))."""
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    survived = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    dropped = np.where(x > 0, betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - betaln(a, b)
                       - (r + x) * np.log(alpha + t_x), -np.inf)
    return float(np.sum(common + np.logaddexp(survived, dropped)))


def gamma_gamma_log_likelihood(x, zbar, p, q, gamma):
    """FHL (2005b), eq. 4, summed over repeat buyers:
    f(z̄ | x) = Γ(px+q)/(Γ(px)Γ(q)) · γ^q z̄^(px−1) x^(px) / (γ + x z̄)^(px+q)."""
    px = p * x
    return float(np.sum(gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma)
                        + (px - 1) * np.log(zbar) + px * np.log(x)
                        - (px + q) * np.log(gamma + x * zbar)))
