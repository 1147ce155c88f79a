"""Closed-form models of war and bargaining from the rationalist tradition.

Each model takes a third party's **pressure** as a change to one side's costs
or odds, exposes the **critical pressure** at which a settlement becomes an
equilibrium outcome, and accepts floats or NumPy arrays for every parameter
(they broadcast, for sweeps and Monte Carlo).

:mod:`~mediation_sim.models.rationalist`
    War as a costly lottery and the bargaining range it leaves (Fearon 1995).
:mod:`~mediation_sim.models.risk_return`
    A demand under private information about the other side's cost: the
    risk–return trade-off (Fearon 1995; Powell 1999).
:mod:`~mediation_sim.models.commitment`
    Preventive war when power shifts and promises cannot bind (Fearon 1995;
    Powell 2006).
:mod:`~mediation_sim.models.battlefield`
    War as a random walk of battles: victory probability and duration
    (gambler's ruin; Smith and Stam 2004).
:mod:`~mediation_sim.models.mediation`
    Mediation under incomplete information: optimal mediation versus
    arbitration and disclosed talk (Hörner, Morelli and Squintani 2015),
    when a biased mediator's advice is credible (Kydd 2003), and when an
    uninformed go-between improves on talk (Fey and Ramsay 2010).
"""

from . import battlefield, commitment, mediation, rationalist, risk_return
from .battlefield import RandomWalkWar
from .commitment import CommitmentModel
from .mediation import (
    BiasedMediatorModel,
    CredibilityBand,
    HMSModel,
    HMSSolution,
    ShuttleDiplomacyModel,
    ShuttleSolution,
)
from .rationalist import RationalistModel, RationalistState
from .risk_return import RiskReturnModel, RiskReturnSolution

__all__ = [
    "BiasedMediatorModel",
    "CommitmentModel",
    "CredibilityBand",
    "HMSModel",
    "HMSSolution",
    "RandomWalkWar",
    "RationalistModel",
    "RationalistState",
    "RiskReturnModel",
    "RiskReturnSolution",
    "ShuttleDiplomacyModel",
    "ShuttleSolution",
    "battlefield",
    "commitment",
    "mediation",
    "rationalist",
    "risk_return",
]
