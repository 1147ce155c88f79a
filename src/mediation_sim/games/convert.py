"""Converters between mediation_sim's payoff layout and those of peer libraries.

Our layout is one array ``payoffs[i][a_1, ..., a_n]`` (see
:mod:`mediation_sim.games.normal_form`). Each converter here has an inverse,
and every pair is round-trip tested.

============================  ==========================================================
peer                          layout
============================  ==========================================================
nashpy ``Game(A, B)``         two players; ``A = payoffs[0]``, ``B = payoffs[1]``
QuantEcon ``Player``          player ``i``'s array has *its own* action first, then the
                              others in cyclic order ``i+1, ..., n-1, 0, ..., i-1``
Gambit ``.nfg`` payoff list   profiles with the *first* player's strategy varying fastest
                              (see :mod:`mediation_sim.io`)
============================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import GameShapeError, InvalidArgumentError, MissingDependencyError
from .normal_form import NormalFormGame

__all__ = [
    "from_nashpy",
    "from_quantecon",
    "from_quantecon_arrays",
    "to_nashpy",
    "to_quantecon",
    "to_quantecon_arrays",
]


def to_nashpy(game: NormalFormGame) -> Any:
    """A ``nashpy.Game`` with the same two payoff matrices.

    Raises
    ------
    GameShapeError
        If the game does not have exactly two players.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> nash_game = ms.games.to_nashpy(ms.games.matching_pennies())
    >>> ms.games.from_nashpy(nash_game).shape
    (2, 2)
    """
    if game.n_players != 2:
        raise GameShapeError(
            f"to_nashpy(): nashpy games have 2 players, this one has {game.n_players}"
        )
    import nashpy

    return nashpy.Game(np.array(game.payoffs[0]), np.array(game.payoffs[1]))


def from_nashpy(
    nashpy_game: Any,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``nashpy.Game`` (its ``payoff_matrices``)."""
    matrices = getattr(nashpy_game, "payoff_matrices", None)
    if not isinstance(matrices, tuple | list) or len(matrices) != 2:
        raise InvalidArgumentError(
            f"from_nashpy(): expected a nashpy.Game, got {type(nashpy_game).__name__}"
        )
    a, b = matrices
    return NormalFormGame([np.asarray(a), np.asarray(b)], players, strategies)


def to_quantecon_arrays(game: NormalFormGame) -> tuple[NDArray[np.float64], ...]:
    """Each player's payoff array in QuantEcon's own-action-first cyclic layout.

    Entry ``i`` has axes ``(a_i, a_{i+1}, ..., a_{n-1}, a_0, ..., a_{i-1})``.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> g = ms.games.volunteers_dilemma(3)
    >>> arrays = ms.games.to_quantecon_arrays(g)
    >>> ms.games.from_quantecon_arrays(arrays).payoffs.tolist() == g.payoffs.tolist()
    True
    """
    n = game.n_players
    return tuple(
        np.ascontiguousarray(np.transpose(game.payoffs[i], [(i + k) % n for k in range(n)]))
        for i in range(n)
    )


def from_quantecon_arrays(
    arrays: Sequence[ArrayLike],
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
) -> NormalFormGame:
    """Inverse of :func:`to_quantecon_arrays`.

    Raises
    ------
    GameShapeError
        If the arrays do not describe one consistent game.
    """
    mats = [np.asarray(a, dtype=np.float64) for a in arrays]
    n = len(mats)
    if n == 0 or any(m.ndim != n for m in mats):
        raise GameShapeError(
            "from_quantecon_arrays(): need one n-dimensional array per player (n players)"
        )
    shape = tuple(mats[0].shape)  # player 0's array is in our axis order
    out = []
    for i, m in enumerate(mats):
        # axis k of m is player (i + k) % n; invert that permutation
        perm = [(j - i) % n for j in range(n)]
        ours = np.transpose(m, perm)
        if ours.shape != shape:
            raise GameShapeError(
                f"from_quantecon_arrays(): player {i}'s array has shape {m.shape}, "
                f"inconsistent with strategy counts {shape}"
            )
        out.append(ours)
    return NormalFormGame(np.stack(out), players, strategies)


def to_quantecon(game: NormalFormGame) -> Any:
    """A ``quantecon.game_theory.NormalFormGame`` (QuantEcon must be installed).

    Raises
    ------
    MissingDependencyError
        If QuantEcon is not installed.
    """
    try:
        from quantecon import game_theory as qe_gt
    except ImportError as exc:
        raise MissingDependencyError(
            "to_quantecon() needs QuantEcon: pip install quantecon"
        ) from exc
    return qe_gt.NormalFormGame([qe_gt.Player(a) for a in to_quantecon_arrays(game)])


def from_quantecon(
    qe_game: Any,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
) -> NormalFormGame:
    """A :class:`NormalFormGame` from a QuantEcon ``NormalFormGame`` (reads its players' arrays)."""
    return from_quantecon_arrays([p.payoff_array for p in qe_game.players], players, strategies)
