"""Hypothesis strategies for property tests of games, solvers and payoff assumptions.

Every argument may be a plain value or a Hypothesis strategy for one
(xarray's convention). Structure is built in by construction, not by
filtering: :func:`games_with_pure_equilibrium` plants its equilibrium,
:func:`nondegenerate_bimatrix_games` draws continuous payoffs (degenerate with
probability zero) and rejects the rare degenerate draw.

For example, a property test of your own:

>>> from hypothesis import given
>>> import mediation_sim as ms
>>> from mediation_sim.testing import strategies as mst
>>> @given(mst.games_with_pure_equilibrium())
... def test_planted_equilibrium_is_found(case):
...     game, planted = case
...     assert planted in ms.solvers.pure_nash(game).pure_profiles()
>>> test_planted_equilibrium_is_found()
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np

from ..games.normal_form import MixedProfile, NormalFormGame
from ._hypothesis import assume, st

__all__ = [
    "affine_rescalings",
    "bimatrix_games",
    "game_permutations",
    "games_with_pure_equilibrium",
    "mixed_profiles",
    "nondegenerate_bimatrix_games",
    "normal_form_games",
    "payoff_values",
]

T = TypeVar("T")


def _as_strategy(value: T | st.SearchStrategy[T], name: str) -> st.SearchStrategy[T]:
    if isinstance(value, st.SearchStrategy):
        return value
    if value is None:
        raise TypeError(f"{name} must be a value or a Hypothesis strategy, not None")
    return st.just(value)


def payoff_values(
    *, min_value: float = -10.0, max_value: float = 10.0, integers: bool = False
) -> st.SearchStrategy[float]:
    """Finite payoffs in ``[min_value, max_value]``.

    Parameters
    ----------
    min_value, max_value : float
        Bounds (inclusive).
    integers : bool, default False
        Draw whole numbers only; ties (and so degenerate games) become common,
        which is what you want for testing tie handling.
    """
    if not (np.isfinite(min_value) and np.isfinite(max_value) and min_value <= max_value):
        raise ValueError("payoff_values(): need finite min_value <= max_value")
    if integers:
        return st.integers(int(np.ceil(min_value)), int(np.floor(max_value))).map(float)
    return st.floats(
        min_value, max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False
    )


@st.composite
def _shapes(
    draw: st.DrawFn,
    n_players: int | st.SearchStrategy[int],
    max_strategies: int,
    min_strategies: int,
) -> tuple[int, ...]:
    n = draw(_as_strategy(n_players, "n_players"))
    if n < 1:
        raise ValueError("normal_form_games(): n_players must be >= 1")
    return tuple(draw(st.integers(min_strategies, max_strategies)) for _ in range(n))


@st.composite
def normal_form_games(
    draw: st.DrawFn,
    *,
    n_players: int | st.SearchStrategy[int] = st.integers(2, 3),  # noqa: B008
    shape: tuple[int, ...] | st.SearchStrategy[tuple[int, ...]] | None = None,
    min_strategies: int = 1,
    max_strategies: int = 3,
    elements: st.SearchStrategy[float] | None = None,
    labelled: bool = False,
) -> NormalFormGame:
    """Games in strategic form with payoffs drawn entry by entry.

    Parameters
    ----------
    n_players : int or strategy, default ``integers(2, 3)``
        Number of players (ignored when ``shape`` is given).
    shape : tuple of int or strategy, optional
        Strategy counts; drawn from ``min_strategies..max_strategies`` if omitted.
    min_strategies, max_strategies : int
        Range of each player's strategy count when ``shape`` is drawn.
    elements : strategy of float, optional
        Payoff entries; default :func:`payoff_values`.
    labelled : bool, default False
        Give players and strategies random distinct snake_case labels.
    """
    if shape is None:
        dims = draw(_shapes(n_players, max_strategies, min_strategies))
    else:
        dims = tuple(draw(_as_strategy(shape, "shape")))
    n = len(dims)
    values = payoff_values() if elements is None else elements
    flat = draw(st.lists(values, min_size=n * int(np.prod(dims)), max_size=n * int(np.prod(dims))))
    payoffs = np.array(flat, dtype=np.float64).reshape((n, *dims))
    players = None
    strategies = None
    if labelled:
        names = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
        players = draw(st.lists(names, min_size=n, max_size=n, unique=True))
        strategies = [draw(st.lists(names, min_size=s, max_size=s, unique=True)) for s in dims]
    return NormalFormGame(payoffs, players, strategies)


def bimatrix_games(
    *,
    shape: tuple[int, int] | st.SearchStrategy[tuple[int, int]] | None = None,
    min_strategies: int = 1,
    max_strategies: int = 4,
    elements: st.SearchStrategy[float] | None = None,
) -> st.SearchStrategy[NormalFormGame]:
    """Two-player games (see :func:`normal_form_games` for the arguments)."""
    return normal_form_games(
        n_players=2,
        shape=shape,
        min_strategies=min_strategies,
        max_strategies=max_strategies,
        elements=elements,
    )


@st.composite
def nondegenerate_bimatrix_games(
    draw: st.DrawFn,
    *,
    shape: tuple[int, int] | st.SearchStrategy[tuple[int, int]] | None = None,
    min_strategies: int = 2,
    max_strategies: int = 4,
) -> NormalFormGame:
    """Two-player games whose payoffs are generic, hence nondegenerate.

    Payoffs are drawn from a continuous distribution seeded by Hypothesis,
    so a tie (and degeneracy) has probability zero; the rare degenerate draw
    is rejected with :func:`hypothesis.assume` using the same degeneracy test
    as the enumeration solvers.
    """
    dims: tuple[int, ...]
    if shape is None:
        dims = (
            draw(st.integers(min_strategies, max_strategies)),
            draw(st.integers(min_strategies, max_strategies)),
        )
    else:
        dims = tuple(draw(_as_strategy(shape, "shape")))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    game = NormalFormGame(rng.uniform(-1.0, 1.0, size=(2, *dims)))
    assume(not _is_degenerate(game))
    return game


def _is_degenerate(game: NormalFormGame) -> bool:
    from ..solvers._degeneracy import is_degenerate

    return is_degenerate(game)


@st.composite
def games_with_pure_equilibrium(
    draw: st.DrawFn,
    *,
    n_players: int | st.SearchStrategy[int] = st.integers(2, 4),  # noqa: B008
    min_strategies: int = 1,
    max_strategies: int = 3,
    elements: st.SearchStrategy[float] | None = None,
    margin: float | st.SearchStrategy[float] = 0.0,
) -> tuple[NormalFormGame, tuple[int, ...]]:
    """Pairs ``(game, profile)`` where ``profile`` is a pure equilibrium by construction.

    A game is drawn, a pure profile chosen, and each player's payoff at that
    profile raised to their best deviation payoff plus ``margin`` (>= 0; a
    positive margin makes the equilibrium strict).
    """
    game = draw(
        normal_form_games(
            n_players=n_players,
            min_strategies=min_strategies,
            max_strategies=max_strategies,
            elements=elements,
        )
    )
    extra = draw(_as_strategy(margin, "margin"))
    if extra < 0:
        raise ValueError("games_with_pure_equilibrium(): margin must be >= 0")
    profile = tuple(draw(st.integers(0, s - 1)) for s in game.shape)
    payoffs = np.array(game.payoffs)
    for i in range(game.n_players):
        column = list(profile)
        column[i] = slice(None)  # type: ignore[call-overload]
        best = payoffs[(i, *column)].max()
        payoffs[(i, *profile)] = best + extra
    return NormalFormGame(payoffs, game.players, game.strategies), profile


@st.composite
def mixed_profiles(draw: st.DrawFn, game: NormalFormGame, *, min_support: int = 1) -> MixedProfile:
    """Mixed profiles of ``game``, each player using at least ``min_support`` strategies.

    ``min_support`` is capped at each player's number of strategies.
    """
    vectors = []
    for s in game.shape:
        k = min(max(min_support, 1), s)
        support = draw(st.lists(st.integers(0, s - 1), min_size=k, max_size=s, unique=True))
        weights = np.zeros(s)
        weights[support] = draw(
            st.lists(st.floats(1.0, 100.0), min_size=len(support), max_size=len(support))
        )
        vectors.append(weights / weights.sum())
    return game.as_profile(vectors)


@st.composite
def game_permutations(draw: st.DrawFn, game: NormalFormGame) -> tuple[list[int], list[list[int]]]:
    """Arguments ``(players, strategies)`` for :meth:`NormalFormGame.permute`."""
    players = draw(st.permutations(range(game.n_players)))
    strategies = [draw(st.permutations(range(s))) for s in game.shape]
    return list(players), [list(p) for p in strategies]


@st.composite
def affine_rescalings(
    draw: st.DrawFn, n_players: int, *, max_scale: float = 100.0, max_shift: float = 100.0
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.float64]]]:
    """Per-player ``(scale, shift)`` arrays (scales positive) for ``affine_transform``."""
    scale = draw(
        st.lists(st.floats(1.0 / max_scale, max_scale), min_size=n_players, max_size=n_players)
    )
    shift = draw(st.lists(st.floats(-max_shift, max_shift), min_size=n_players, max_size=n_players))
    return np.array(scale), np.array(shift)
