"""Probabilistic customer-lifetime-value models (issue 5): BG/NBD, Pareto/NBD, Gamma-Gamma and
the shifted-beta-geometric, and (issue 10) MBG/NBD and the discrete-time BG/BB, fitted by maximum
likelihood, plus CLV from a transaction model.

Every model is one class named after its paper, with the paper's parameter names in
``params_`` and prediction methods named after the paper's quantities (as in ``lifetimes``).
"""

from .beta_geo import BetaGeo
from .beta_geo_beta_binom import BetaGeoBetaBinom
from .clv import expected_clv
from .gamma_gamma import GammaGamma
from .modified_beta_geo import ModifiedBetaGeo
from .pareto_nbd import ParetoNBD
from .shifted_beta_geometric import ShiftedBetaGeometric

__all__ = ["BetaGeo", "BetaGeoBetaBinom", "GammaGamma", "ModifiedBetaGeo", "ParetoNBD",
           "ShiftedBetaGeometric", "expected_clv"]
