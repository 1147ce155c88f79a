"""``nash_2p``: one entry point for the two-player equilibrium solvers, chosen by name."""

from __future__ import annotations

from typing import Any

from ..games.normal_form import NormalFormGame
from ._core import MethodRegistry, NashResult
from ._lemke_howson import lemke_howson
from ._support_enumeration import support_enumeration
from ._vertex_enumeration import vertex_enumeration

__all__ = ["TWO_PLAYER_METHODS", "nash_2p"]

#: The two-player methods: canonical names (equal to the module names) and aliases.
TWO_PLAYER_METHODS = MethodRegistry("nash_2p")
TWO_PLAYER_METHODS.register("support_enumeration", support_enumeration, aliases=("support",))
TWO_PLAYER_METHODS.register("vertex_enumeration", vertex_enumeration, aliases=("vertex",))
TWO_PLAYER_METHODS.register("lemke_howson", lemke_howson, aliases=("lh",))


def nash_2p(
    game: NormalFormGame, *, method: str = "support_enumeration", **options: Any
) -> NashResult:
    """Nash equilibria of a two-player game by the chosen method.

    A thin dispatcher in the style of :func:`scipy.optimize.minimize`:

    1. Resolve ``method`` (a canonical name or an alias) in the registry.
    2. Call that solver with ``game`` and the keyword ``options``; the
       solver validates them and verifies every equilibrium by regret.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    method : str, default "support_enumeration"
        ``"support_enumeration"`` (alias ``"support"``) or
        ``"vertex_enumeration"`` (``"vertex"``): every extreme equilibrium;
        ``"lemke_howson"`` (``"lh"``): one equilibrium, fast.
    **options
        Keyword options of the chosen solver: ``tol`` for all;
        ``initial_label`` and ``max_iter`` for Lemke–Howson.

    Returns
    -------
    NashResult
        The chosen solver's result; ``result.method`` is the canonical name.

    Raises
    ------
    UnknownMethodError
        If ``method`` is not registered; the message lists the valid names.
    InvalidArgumentError
        If an option is unknown to the chosen method or out of range, or
        ``game`` is not a :class:`~mediation_sim.NormalFormGame`.
    GameShapeError
        If the game does not have two players.

    See Also
    --------
    support_enumeration, vertex_enumeration, lemke_howson : the methods.

    Notes
    -----
    Which method to use: for games up to about 6x6 the two enumeration
    methods cost about the same; above that, vertex enumeration is much
    faster, and for one equilibrium of a large game Lemke–Howson is the
    fastest. The enumeration methods return the same set on every game
    (extreme equilibria, also in degenerate games).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> g = ms.games.matching_pennies()
    >>> res = ms.solvers.nash_2p(g, method="lh", initial_label=2)
    >>> res.method
    'lemke_howson'
    >>> res[0]
    MixedProfile(row={heads: 0.5, tails: 0.5}, column={heads: 0.5, tails: 0.5})
    >>> g.is_nash(res[0])
    True
    """
    solver = TWO_PLAYER_METHODS[method]
    result: NashResult = solver(game, **options)
    return result
