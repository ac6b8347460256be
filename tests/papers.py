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


def pareto_nbd_log_likelihood(x, t_x, T, r, alpha, s, beta):
    """Fader & Hardie (2005), note 009, eqs. 19–22, summed over customers:
    L = Γ(r+x)α^r β^s/Γ(r) · [1/((α+T)^(r+x)(β+T)^s) + s/(r+s+x) · A0], with
    A0 = 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x))/(α+t_x)^(r+s+x) − (the same at T) if α ≥ β,
    A0 = 2F1(r+s+x, r+x; r+s+x+1; (β−α)/(β+t_x))/(β+t_x)^(r+s+x) − (the same at T) otherwise.
    Plain scipy hyp2f1: fine for CDNOW-sized counts."""
    m = r + s + x
    if alpha >= beta:
        top, b, gap = alpha, s + 1, alpha - beta
    else:
        top, b, gap = beta, r + x, beta - alpha

    def log_term(tau):
        return np.log(hyp2f1(m, b, m + 1, gap / (top + tau))) - m * np.log(top + tau)

    at_last, at_end = log_term(t_x), log_term(T)
    with np.errstate(divide="ignore"):
        log_a0 = at_last + np.log(-np.expm1(np.minimum(at_end - at_last, 0)))
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    died = np.log(s) - np.log(m) + log_a0
    return float(np.sum(gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
                        + np.logaddexp(alive, died)))


def sbg_log_likelihood(active, alpha, beta):
    """Fader & Hardie (2007), eq. 6: Σ_t (n_{t−1} − n_t) ln P(T = t) + n_last ln S(last), with
    P(T = t) = S(t−1) − S(t)."""
    active = np.asarray(active, dtype=float)
    t = np.arange(1, len(active))
    churn = sbg_survival(t - 1, alpha, beta) - sbg_survival(t, alpha, beta)
    return float(np.sum(-np.diff(active) * np.log(churn))
                 + active[-1] * np.log(sbg_survival(t[-1], alpha, beta)))


def standard_errors_by_finite_differences(log_likelihood, params, relative_step=1e-4):
    """√diag((−H)⁻¹) with H the Hessian of ``log_likelihood`` (a function of the parameter
    vector θ, not its logarithm) by central differences with steps h_j = relative_step·θ_j:
    H_jk ≈ [ℓ(θ+h_j+h_k) − ℓ(θ+h_j−h_k) − ℓ(θ−h_j+h_k) + ℓ(θ−h_j−h_k)] / (4 h_j h_k)."""
    params = np.asarray(params, dtype=float)
    steps = np.diag(relative_step * params)
    k = len(params)
    hessian = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            hessian[i, j] = (log_likelihood(params + steps[i] + steps[j])
                             - log_likelihood(params + steps[i] - steps[j])
                             - log_likelihood(params - steps[i] + steps[j])
                             + log_likelihood(params - steps[i] - steps[j])) / (
                4 * steps[i, i] * steps[j, j])
    return np.sqrt(np.diag(np.linalg.inv(-hessian)))


def bgnbd_penalized_fit(x, t_x, T, penalizer):
    """The penalized BG/NBD fit of ``lifetimes`` 0.11 written out: time measured in units of
    the largest T (so that max T = 1, lifetimes' ``_scale_time``), then minimise
    −(1/N) Σ ℓ_i + λ (r² + α'² + a² + b²) over the logs of (r, α', a, b) with Nelder–Mead;
    returns (r, α, a, b) with α = α' · max T back in the data's unit."""
    from scipy.optimize import minimize

    unit = np.max(T)

    def objective(log_params):
        r, alpha, a, b = np.exp(log_params)
        return (-bgnbd_log_likelihood(x, t_x / unit, T / unit, r, alpha, a, b) / len(x)
                + penalizer * np.sum(np.exp(2 * log_params)))

    found = minimize(objective, np.zeros(4), method="Nelder-Mead",
                     options={"xatol": 1e-10, "fatol": 1e-15, "maxiter": 20000,
                              "maxfev": 40000})
    r, alpha, a, b = np.exp(found.x)
    return r, alpha * unit, a, b


def bgnbd_expected_by_integration(t, x, t_x, T, r, alpha, a, b):
    """FHL (2005), eq. 10 read as the expectation it comes from: a customer alive at T with
    rates λ ~ gamma(r+x, α+T) and p ~ beta(a, b+x) expects (1 − e^(−λpt))/p purchases by
    T + t, so E = P(alive) · ∫ (1 − (1 + pt/(α+T))^−(r+x))/p · beta(p; a, b+x) dp, integrated
    here by adaptive quadrature in p (scipy.integrate.quad)."""
    from scipy.integrate import quad
    from scipy.stats import beta as beta_distribution

    posterior = beta_distribution(a, b + x)
    k = t / (alpha + T)
    low, high = posterior.ppf(1e-14), posterior.isf(1e-14)
    integral = quad(lambda p: -np.expm1(-(r + x) * np.log1p(k * p)) / p * posterior.pdf(p),
                    low, high, points=[posterior.mean()], epsabs=0, epsrel=1e-12, limit=400)[0]
    return integral * bgnbd_p_alive(x, t_x, T, r, alpha, a, b)
