"""What a game is: strategic-form games, profiles, converters and classic examples."""

from .bargaining import BargainingProblem
from .bayesian import BayesianGame, BayesianProfile
from .catalog import (
    battle_of_the_sexes,
    chicken,
    matching_pennies,
    prisoners_dilemma,
    rock_paper_scissors,
    shapley_game,
    stag_hunt,
    volunteers_dilemma,
)
from .coalitional import MAX_TU_PLAYERS, TUGame, WeightedVotingGame
from .convert import (
    from_nashpy,
    from_quantecon,
    from_quantecon_arrays,
    to_nashpy,
    to_quantecon,
    to_quantecon_arrays,
)
from .extensive_form import (
    MAX_TREE_NODES,
    BehaviourProfile,
    Chance,
    Decision,
    GameTree,
    InfoSet,
    NodeInfo,
    Terminal,
    chance,
    decision,
    format_path,
    terminal,
)
from .normal_form import MAX_PAYOFF_ENTRIES, MixedProfile, NormalFormGame, check_game_size
from .signalling import signalling_game
from .stochastic import StationaryStrategy, StochasticGame

__all__ = [
    "MAX_PAYOFF_ENTRIES",
    "MAX_TREE_NODES",
    "MAX_TU_PLAYERS",
    "BargainingProblem",
    "BayesianGame",
    "BayesianProfile",
    "BehaviourProfile",
    "Chance",
    "Decision",
    "GameTree",
    "InfoSet",
    "MixedProfile",
    "NodeInfo",
    "NormalFormGame",
    "StationaryStrategy",
    "StochasticGame",
    "TUGame",
    "Terminal",
    "WeightedVotingGame",
    "battle_of_the_sexes",
    "chance",
    "check_game_size",
    "chicken",
    "decision",
    "format_path",
    "from_nashpy",
    "from_quantecon",
    "from_quantecon_arrays",
    "matching_pennies",
    "prisoners_dilemma",
    "rock_paper_scissors",
    "shapley_game",
    "signalling_game",
    "stag_hunt",
    "terminal",
    "to_nashpy",
    "to_quantecon",
    "to_quantecon_arrays",
    "volunteers_dilemma",
]
