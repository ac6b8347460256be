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


# --- MBG/NBD: Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of
# models for customer base analysis", IJRM 24(3). Written from the model's story: a customer
# may drop out right after each purchase, the first included, with probability p ~ beta(a, b);
# while alive, purchases are Poisson(λ), λ ~ gamma(r, α).

def mbgnbd_log_likelihood(x, t_x, T, r, alpha, a, b):
    """Summed over customers, with the beta integrals written as gamma functions:
    alive at T after surviving x + 1 chances to drop, E[(1−p)^(x+1)] = B(a, b+x+1)/B(a, b);
    dropped right after the purchase at t_x, E[p(1−p)^x] = B(a+1, b+x)/B(a, b); the x
    purchases by T (or by t_x) have the NBD density Γ(r+x)α^r/(Γ(r)(α+τ)^(r+x)), τ = T or t_x.
    For x = 0 the second term is a/(a+b): gone at once, so no purchases at all."""
    def log_beta(p, q):
        return gammaln(p) + gammaln(q) - gammaln(p + q)

    nbd = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    survived = log_beta(a, b + x + 1) - (r + x) * np.log(alpha + T)
    dropped = log_beta(a + 1, b + x) - (r + x) * np.log(alpha + t_x)
    return float(np.sum(nbd - log_beta(a, b) + np.log(np.exp(survived) + np.exp(dropped))))


def mbgnbd_p_alive(x, t_x, T, r, alpha, a, b):
    """The 'survived' share of the likelihood above:
    1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)); below 1 for x = 0 too."""
    return 1 / (1 + a / (b + x) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def mbgnbd_expected(t, x, t_x, T, r, alpha, a, b):
    """Expected purchases in (T, T+t]: alive at T, the customer's posterior is λ ~ gamma(r+x,
    α+T), p ~ beta(a, b+x+1), and from then on the process is a BG/NBD one (drop-out chance
    after each purchase), so FHL (2005) eq. 9 applies with those parameters:
    (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive).
    Plain scipy 2F1, fine for moderate x."""
    hyp = hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t))
    while_alive = (a + b + x) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    return while_alive * mbgnbd_p_alive(x, t_x, T, r, alpha, a, b)


def mbgnbd_expected_new(t, r, alpha, a, b):
    """E[X(t)] of a new customer: alive after the first purchase with probability b/(a+b), then
    as above with x = T = 0: b/(a−1) · [1 − (α/(α+t))^r 2F1(r, b+1; a+b; t/(α+t))]."""
    return b / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b + 1, a + b, t / (alpha + t)))


# --- BG/BB: Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time
# noncontractual setting", Marketing Science 29(6). n discrete opportunities after the first
# purchase; alive, a customer buys at each with probability p ~ beta(α, β); at the start of
# each opportunity an alive customer dies with probability θ ~ beta(γ, δ).

def bgbb_log_likelihood(x, t_x, n, alpha, beta, gamma, delta):
    """FHS (2010), eq. 5, term by term with a Python loop (clarity over speed), summed over
    customers (arrays; all whole numbers):
    L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
      + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)."""
    total = 0.0
    for xi, ti, ni in zip(np.atleast_1d(x), np.atleast_1d(t_x), np.atleast_1d(n)):
        likelihood = np.exp(betaln(alpha + xi, beta + ni - xi) - betaln(alpha, beta)
                            + betaln(gamma, delta + ni) - betaln(gamma, delta))
        for i in range(int(ni - ti)):
            likelihood += np.exp(betaln(alpha + xi, beta + ti - xi + i) - betaln(alpha, beta)
                                 + betaln(gamma + 1, delta + ti + i) - betaln(gamma, delta))
        total += np.log(likelihood)
    return total


def bgbb_p_alive(m, x, t_x, n, alpha, beta, gamma, delta):
    """FHS (2010), eq. 11 generalised to m periods on: P(alive at opportunity n + m) =
    B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+m)/B(γ,δ) / L (m = 1: 'alive in 2002' of Table 6)."""
    likelihood = np.exp(bgbb_log_likelihood(x, t_x, n, alpha, beta, gamma, delta))
    return np.exp(betaln(alpha + x, beta + n - x) - betaln(alpha, beta)
                  + betaln(gamma, delta + n + m) - betaln(gamma, delta)) / likelihood


def bgbb_expected(periods, x, t_x, n, alpha, beta, gamma, delta):
    """Expected transactions at opportunities n+1 … n+periods, as a sum over them: at each,
    the customer buys if alive there (posterior survival) and p says so; the posterior of p
    given alive is beta(α+x, β+n−x), so each opportunity contributes
    P(alive at n+k) · (α+x)/(α+β+n)."""
    return sum(bgbb_p_alive(k, x, t_x, n, alpha, beta, gamma, delta)
               for k in range(1, periods + 1)) * (alpha + x) / (alpha + beta + n)
