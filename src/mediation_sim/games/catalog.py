"""Classic games from the literature, with their known equilibria in the docstrings.

Each function returns a fresh labelled :class:`~mediation_sim.NormalFormGame`.
They are the known-answer fixtures of the test-suite and the examples of the
docs.
"""

from __future__ import annotations

import numpy as np

from .._errors import InvalidArgumentError
from .._validation import check_positive_int
from .normal_form import NormalFormGame, check_game_size

__all__ = [
    "battle_of_the_sexes",
    "chicken",
    "matching_pennies",
    "prisoners_dilemma",
    "rock_paper_scissors",
    "shapley_game",
    "stag_hunt",
    "volunteers_dilemma",
]

_TWO = ("row", "column")


def prisoners_dilemma() -> NormalFormGame:
    """The Prisoner's Dilemma with payoffs T=5 > R=3 > P=1 > S=0 (Axelrod 1984).

    Unique equilibrium: both defect.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> [eq.pure_labels for eq in ms.solvers.pure_nash(ms.games.prisoners_dilemma())]
    [{'row': 'defect', 'column': 'defect'}]
    """
    a = np.array([[3, 0], [5, 1]], dtype=float)
    return NormalFormGame([a, a.T], _TWO, [["cooperate", "defect"]] * 2, title="Prisoner's Dilemma")


def matching_pennies() -> NormalFormGame:
    """Matching pennies: zero-sum, unique equilibrium at (1/2, 1/2) for both.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> ms.games.matching_pennies().is_nash([[0.5, 0.5], [0.5, 0.5]])
    True
    """
    a = np.array([[1, -1], [-1, 1]], dtype=float)
    return NormalFormGame([a, -a], _TWO, [["heads", "tails"]] * 2, title="Matching pennies")


def battle_of_the_sexes() -> NormalFormGame:
    """Battle of the sexes (opera/football), payoffs 2, 1 and 0.

    Three equilibria: the two pure coordinations and the mixed one where the
    row player chooses opera with probability 2/3 and column with 1/3.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> ms.games.battle_of_the_sexes().is_nash([[2/3, 1/3], [1/3, 2/3]])
    True
    """
    a = np.array([[2, 0], [0, 1]], dtype=float)
    b = np.array([[1, 0], [0, 2]], dtype=float)
    return NormalFormGame([a, b], _TWO, [["opera", "football"]] * 2, title="Battle of the sexes")


def chicken() -> NormalFormGame:
    """Chicken (Aumann 1974's payoffs 6, 7, 2, 0).

    Nash equilibria: (dare, chicken), (chicken, dare) and the symmetric mixed
    one with probability 2/3 on ``chicken``, payoff 14/3 each. The correlated
    equilibrium that puts 1/3 on each profile but (dare, dare) gives 5 each,
    above every Nash equilibrium's welfare [Aumann74]_.

    References
    ----------
    .. [Aumann74] R. J. Aumann, "Subjectivity and correlation in randomized
       strategies", *Journal of Mathematical Economics* 1 (1974) 67-96.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> ms.games.chicken().is_nash([[1/3, 2/3], [1/3, 2/3]])
    True
    """
    a = np.array([[0, 7], [2, 6]], dtype=float)
    return NormalFormGame([a, a.T], _TWO, [["dare", "chicken"]] * 2, title="Chicken")


def stag_hunt() -> NormalFormGame:
    """Stag hunt with payoffs 4 (stag, stag), 3 (hare), 0 (stag alone).

    Equilibria: both stag, both hare, and the mixed one with stag played with
    probability 3/4.
    """
    a = np.array([[4, 0], [3, 3]], dtype=float)
    return NormalFormGame([a, a.T], _TWO, [["stag", "hare"]] * 2, title="Stag hunt")


def rock_paper_scissors() -> NormalFormGame:
    """Rock-paper-scissors (win 1, loss -1); unique equilibrium uniform for both."""
    a = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    return NormalFormGame(
        [a, -a], _TWO, [["rock", "paper", "scissors"]] * 2, title="Rock-paper-scissors"
    )


def shapley_game() -> NormalFormGame:
    """Shapley's (1964) 3x3 game: fictitious play cycles; unique equilibrium uniform for both.

    References
    ----------
    .. [Shapley64] L. S. Shapley, "Some topics in two-person games", in
       *Advances in Game Theory*, Annals of Mathematics Studies 52 (1964) 1-28.
    """
    a = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=float)
    b = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]], dtype=float)
    return NormalFormGame([a, b], _TWO, [["a", "b", "c"]] * 2, title="Shapley game")


def volunteers_dilemma(
    n_players: int = 3, *, benefit: float = 2.0, cost: float = 1.0
) -> NormalFormGame:
    r"""The volunteer's dilemma (Diekmann 1985).

    Each player either volunteers (paying ``cost``) or waits; everyone gets
    ``benefit`` if at least one volunteers. In the symmetric mixed
    equilibrium each player waits with probability
    :math:`(c/b)^{1/(n-1)}` [Diekmann85]_.

    Parameters
    ----------
    n_players : int, default 3
        Number of players, at least 2.
    benefit, cost : float
        ``benefit > cost > 0``.

    References
    ----------
    .. [Diekmann85] A. Diekmann, "Volunteer's dilemma", *Journal of Conflict
       Resolution* 29 (1985) 605-610.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> g = ms.games.volunteers_dilemma(3)
    >>> q = 0.5 ** 0.5                      # probability of waiting, (c/b)^(1/(n-1))
    >>> g.is_nash([[1 - q, q]] * 3)
    True
    """
    n = check_positive_int(n_players, func="volunteers_dilemma", name="n_players", minimum=2)
    if not (np.isfinite(benefit) and np.isfinite(cost) and benefit > cost > 0):
        raise InvalidArgumentError("volunteers_dilemma(): need benefit > cost > 0")
    shape = (2,) * n
    check_game_size(shape, what="volunteers_dilemma()")
    grids = np.indices(shape)  # grids[i] = strategy of player i (0 volunteer, 1 wait)
    someone = (grids == 0).any(axis=0)
    payoffs = np.where(someone, benefit, 0.0)[None] - cost * (grids == 0)
    return NormalFormGame(
        payoffs,
        [f"p{i + 1}" for i in range(n)],
        [["volunteer", "wait"]] * n,
        title=f"Volunteer's dilemma ({n} players)",
    )
