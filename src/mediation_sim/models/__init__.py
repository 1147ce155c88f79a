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
:mod:`~mediation_sim.models.attrition`
    A war of attrition with costs, discounting and a deadline (Maynard Smith
    1974; Hendricks, Weiss and Wilson 1988).
:mod:`~mediation_sim.models.ceasefire`
    A ceasefire that can relapse or harden into peace (Fortna 2004).
:mod:`~mediation_sim.models.fighting_and_learning`
    Bargaining while fighting, with battles as information (Powell 2004).
:mod:`~mediation_sim.models.forecasting`
    Expected-utility forecasting of group decisions: Bueno de Mesquita's
    model as specified by Scholz et al. (2011), and KTAB's spatial model.
"""

from . import (
    attrition,
    battlefield,
    ceasefire,
    commitment,
    fighting_and_learning,
    forecasting,
    mediation,
    rationalist,
    risk_return,
)
from .attrition import AttritionPath, WarOfAttrition
from .battlefield import RandomWalkWar
from .ceasefire import CeasefireChain
from .commitment import CommitmentModel
from .fighting_and_learning import FightingAndLearning, LearningPath
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
    "AttritionPath",
    "BiasedMediatorModel",
    "CeasefireChain",
    "CommitmentModel",
    "CredibilityBand",
    "FightingAndLearning",
    "HMSModel",
    "HMSSolution",
    "LearningPath",
    "RandomWalkWar",
    "RationalistModel",
    "RationalistState",
    "RiskReturnModel",
    "RiskReturnSolution",
    "ShuttleDiplomacyModel",
    "ShuttleSolution",
    "WarOfAttrition",
    "attrition",
    "battlefield",
    "ceasefire",
    "commitment",
    "fighting_and_learning",
    "forecasting",
    "mediation",
    "rationalist",
    "risk_return",
]
