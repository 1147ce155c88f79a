"""What a game is: strategic-form games, profiles, converters and classic examples."""

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
from .convert import (
    from_nashpy,
    from_quantecon,
    from_quantecon_arrays,
    to_nashpy,
    to_quantecon,
    to_quantecon_arrays,
)
from .normal_form import MAX_PAYOFF_ENTRIES, MixedProfile, NormalFormGame, check_game_size

__all__ = [
    "MAX_PAYOFF_ENTRIES",
    "MixedProfile",
    "NormalFormGame",
    "battle_of_the_sexes",
    "check_game_size",
    "chicken",
    "from_nashpy",
    "from_quantecon",
    "from_quantecon_arrays",
    "matching_pennies",
    "prisoners_dilemma",
    "rock_paper_scissors",
    "shapley_game",
    "stag_hunt",
    "to_nashpy",
    "to_quantecon",
    "to_quantecon_arrays",
    "volunteers_dilemma",
]
