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

import itertools
from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np

from ..games.extensive_form import GameTree, Node, chance, decision, terminal
from ..games.normal_form import MixedProfile, NormalFormGame
from ._hypothesis import assume, st

__all__ = [
    "affine_rescalings",
    "bimatrix_games",
    "game_permutations",
    "game_trees",
    "games_with_pure_equilibrium",
    "mixed_profiles",
    "nondegenerate_bimatrix_games",
    "normal_form_games",
    "payoff_values",
    "stochastic_games",
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
    from ..solvers import is_degenerate

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


def game_trees(
    *,
    n_players: int | st.SearchStrategy[int] = st.integers(1, 3),  # noqa: B008
    players: Sequence[str] | st.SearchStrategy[Sequence[str]] | None = None,
    max_depth: int = 3,
    max_actions: int = 3,
    elements: st.SearchStrategy[float] | None = None,
    chance_nodes: bool = False,
    simultaneous: bool = False,
    shared_infosets: bool = False,
    outcomes: str | st.SearchStrategy[str] = "",
    node_labels: str | st.SearchStrategy[str] = "",
    title: str | st.SearchStrategy[str] = "",
) -> st.SearchStrategy[GameTree]:
    """Small game trees: perfect information unless chance or information sets are asked for.

    The tree is grown from the root. A node with depth left is a terminal
    with probability 1/4 (always at ``max_depth``); otherwise it is one of
    the enabled kinds, chosen uniformly:

    1. a decision node of a random player, with 1 to ``max_actions``
       actions ``a0, a1, ...``;
    2. with ``chance_nodes``, a chance node with 1 to ``max_actions``
       actions ``c0, c1, ...``, probabilities proportional to whole weights
       from 1 to 4;
    3. with ``simultaneous`` (and at least two players), a simultaneous
       move: one player chooses among ``x0, x1, ...``, then another player,
       who does not see that choice, among ``y0, y1, ...`` (2 to
       ``max_actions`` actions each). The second player's nodes form one
       information set, so the tree has perfect recall; the stage takes two
       levels of depth (so it needs two left).

    With ``shared_infosets``, each decision node also joins, with
    probability 2/3, one of two information sets per player and number of
    actions, wherever it is in the tree (even below another member): trees
    with imperfect information and possibly imperfect recall, for tests of
    representations and file formats.

    Parameters
    ----------
    n_players : int or strategy, default ``integers(1, 3)``
        Number of players, named ``p0, p1, ...`` (ignored when ``players``
        is given).
    players : sequence of str or strategy, optional
        The players' names (distinct, at least one).
    max_depth : int, default 3
        Largest number of moves from the root to a terminal (>= 0).
    max_actions : int, default 3
        Largest number of actions at a node (>= 1; >= 2 with ``simultaneous``).
    elements : strategy of float, optional
        Terminal payoffs; default :func:`payoff_values`.
    chance_nodes, simultaneous, shared_infosets : bool, default False
        Enable chance nodes, simultaneous moves and shared information sets.
    outcomes, node_labels, title : str or strategy, default ""
        Outcome names of the terminals, labels of all nodes, and the title.

    Returns
    -------
    SearchStrategy[GameTree]

    Raises
    ------
    ValueError
        If ``max_depth`` or ``max_actions`` is out of range; when drawing, if
        there is no player or the names are not distinct.

    Examples
    --------
    >>> from hypothesis import given
    >>> import mediation_sim as ms
    >>> from mediation_sim.testing import strategies as mst
    >>> @given(mst.game_trees(chance_nodes=True))
    ... def test_backward_induction_is_subgame_perfect(tree):
    ...     res = ms.solvers.backward_induction(tree)
    ...     regrets = ms.solvers.subgame_regrets(tree, res.profile)
    ...     assert max(regrets.values(), default=0.0) <= 1e-8 * tree.payoff_range
    >>> test_backward_induction_is_subgame_perfect()
    """
    if max_depth < 0 or max_actions < 1 or (simultaneous and max_actions < 2):
        raise ValueError(
            "game_trees(): need max_depth >= 0 and max_actions >= 1 (>= 2 with simultaneous), "
            f"got max_depth={max_depth}, max_actions={max_actions}"
        )
    return _game_trees(
        n_players,
        players,
        max_depth,
        max_actions,
        payoff_values() if elements is None else elements,
        chance_nodes,
        simultaneous,
        shared_infosets,
        _as_strategy(outcomes, "outcomes"),
        _as_strategy(node_labels, "node_labels"),
        _as_strategy(title, "title"),
    )


@st.composite
def _game_trees(
    draw: st.DrawFn,
    n_players: int | st.SearchStrategy[int],
    players: Sequence[str] | st.SearchStrategy[Sequence[str]] | None,
    max_depth: int,
    max_actions: int,
    values: st.SearchStrategy[float],
    chance_nodes: bool,
    simultaneous: bool,
    shared_infosets: bool,
    outcome_names: st.SearchStrategy[str],
    labels: st.SearchStrategy[str],
    title: st.SearchStrategy[str],
) -> GameTree:
    if players is None:
        n = draw(_as_strategy(n_players, "n_players"))
        if n < 1:
            raise ValueError("game_trees(): n_players must be >= 1")
        names = [f"p{i}" for i in range(n)]
    else:
        names = list(draw(_as_strategy(players, "players")))
        if not names or len(set(names)) != len(names):
            raise ValueError(f"game_trees(): players must be distinct names, got {names}")
    kinds = ["decision"]
    if chance_nodes:
        kinds.append("chance")
    if simultaneous and len(names) >= 2:
        kinds.append("simultaneous")
    one_level = [k for k in kinds if k != "simultaneous"]
    stages = itertools.count()

    def build(depth: int) -> Node:
        if depth <= 0 or draw(st.integers(0, 3)) == 0:
            pays = [draw(values) for _ in names]
            return terminal(pays, outcome=draw(outcome_names), label=draw(labels))
        kind = draw(st.sampled_from(kinds if depth >= 2 else one_level))
        if kind == "decision":
            k = draw(st.integers(1, max_actions))
            shared = draw(st.sampled_from(["", "i", "j"])) if shared_infosets else ""
            return decision(
                draw(st.sampled_from(names)),
                {f"a{j}": build(depth - 1) for j in range(k)},
                infoset=f"{shared}{k}" if shared else None,
                label=draw(labels),
            )
        if kind == "chance":
            weights = draw(st.lists(st.integers(1, 4), min_size=1, max_size=max_actions))
            total = sum(weights)
            return chance(
                {f"c{j}": (w / total, build(depth - 1)) for j, w in enumerate(weights)},
                label=draw(labels),
            )
        first, second = draw(st.permutations(names))[:2]
        stage = f"s{next(stages)}"
        n_second = draw(st.integers(2, max_actions))
        return decision(
            first,
            {
                f"x{a}": decision(
                    second,
                    {f"y{b}": build(depth - 2) for b in range(n_second)},
                    infoset=stage,
                    label=draw(labels),
                )
                for a in range(draw(st.integers(2, max_actions)))
            },
            label=draw(labels),
        )

    root = build(max_depth)
    return GameTree(root, names, title=draw(title))


@st.composite
def stochastic_games(
    draw: st.DrawFn,
    *,
    n_states: int | st.SearchStrategy[int] = st.integers(1, 3),  # noqa: B008
    n_players: int | st.SearchStrategy[int] = 2,
    max_actions: int = 3,
    discount: float | st.SearchStrategy[float] = st.floats(0.0, 0.95),  # noqa: B008
) -> Any:
    """Discounted stochastic games with random payoffs and transitions.

    Payoffs are drawn uniformly from ``[-10, 10]`` and transition rows from a
    flat Dirichlet distribution, both from a drawn seed (so the games are
    nondegenerate with probability one); action counts per state and player
    are drawn from ``1..max_actions``.

    Parameters
    ----------
    n_states, n_players : int or strategy
        Number of states (default 1 to 3) and of players (default 2).
    max_actions : int, default 3
        Largest number of actions of a player in a state.
    discount : float or strategy, default ``floats(0, 0.95)``
        Common discount factor.

    Examples
    --------
    >>> import numpy as np
    >>> from hypothesis import given, settings
    >>> from mediation_sim.testing import strategies as mst
    >>> @settings(max_examples=5)
    ... @given(mst.stochastic_games(n_states=1))
    ... def test_values_are_finite(g):
    ...     uniform = [[[1 / m] * m for m in shape] for shape in g.shapes]
    ...     assert np.isfinite(g.values(uniform)).all()
    >>> test_values_are_finite()
    """
    from ..games.stochastic import StochasticGame

    states = draw(_as_strategy(n_states, "n_states"))
    players = draw(_as_strategy(n_players, "n_players"))
    delta = draw(_as_strategy(discount, "discount"))
    seed = draw(st.integers(0, 2**32 - 1))
    shapes = [
        tuple(draw(st.integers(1, max_actions)) for _ in range(players)) for _ in range(states)
    ]
    rng = np.random.default_rng(seed)
    payoffs = [rng.uniform(-10.0, 10.0, size=(players, *shape)) for shape in shapes]
    transitions = [rng.dirichlet(np.ones(states), size=shape) for shape in shapes]
    return StochasticGame(payoffs, transitions, delta)
