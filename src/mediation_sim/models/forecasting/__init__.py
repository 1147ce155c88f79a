"""Expected-utility forecasting of group decisions on one issue line.

Actors hold positions on an issue, with a capability and a salience; the
models predict where the issue settles and who gives way to whom.

:mod:`~mediation_sim.models.forecasting.bdm`
    Bueno de Mesquita's expected-utility model as specified by Scholz,
    Calbert and Smith (2011): challenges, offers, compromises, rounds.
:mod:`~mediation_sim.models.forecasting.ktab`
    KTAB's votes, coalition strengths, victory probabilities and
    probabilistic Condorcet elections (conditional and Markov).
:mod:`~mediation_sim.models.forecasting.smp`
    KTAB's Spatial Model of Politics: challenges, bargains and their
    resolution by Condorcet elections, round after round.
"""

from . import bdm, ktab, smp
from .bdm import (
    MOVE_KINDS,
    BDMForecast,
    bdm_forecast,
    bdm_settlements,
    challenge_utilities,
    risk_exponents,
    weighted_mean,
    weighted_median,
    win_probabilities,
)
from .ktab import (
    CondorcetElection,
    coalition_strengths,
    condorcet_election,
    condorcet_probabilities,
    spatial_election,
    victory_probabilities,
)
from .smp import SMPForecast, smp_forecast

__all__ = [
    "MOVE_KINDS",
    "BDMForecast",
    "CondorcetElection",
    "SMPForecast",
    "bdm",
    "bdm_forecast",
    "bdm_settlements",
    "challenge_utilities",
    "coalition_strengths",
    "condorcet_election",
    "condorcet_probabilities",
    "ktab",
    "risk_exponents",
    "smp",
    "smp_forecast",
    "spatial_election",
    "victory_probabilities",
    "weighted_mean",
    "weighted_median",
    "win_probabilities",
]
