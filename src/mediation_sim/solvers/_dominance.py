"""Iterated elimination of strictly dominated strategies (by pure or by mixed strategies).

Strict dominance is order-independent: whichever order strictly dominated
strategies are removed in, the same reduced game remains. Each round removes
*every* strictly dominated strategy of every player at once, until none is
left; the set of Nash equilibria is unchanged by the reduction.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from .._errors import InvalidArgumentError, SolverError
from .._results import Result, register_dataclass
from .._validation import DEFAULT_TOL, check_tol
from ..games.normal_form import MixedProfile, NormalFormGame, ProfileLike
from ._core import check_game

__all__ = ["Elimination", "EliminationResult", "iterated_elimination"]


@register_dataclass
@dataclass(frozen=True, slots=True)
class Elimination:
    """One eliminated strategy: who, which, in which round, and what dominates it.

    Attributes
    ----------
    round : int
        Elimination round, from 1.
    player : str
        Player name.
    strategy : str
        Label of the eliminated strategy.
    dominated_by : Mapping[str, float]
        A dominating (pure or mixed) strategy, as ``{label: probability}``.
    margin : float
        Smallest payoff gain of the dominator over the eliminated strategy
        against every remaining profile of the others (> ``tol * range``).
    """

    round: int
    player: str
    strategy: str
    dominated_by: Mapping[str, float]
    margin: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "round": self.round,
            "player": self.player,
            "strategy": self.strategy,
            "dominated_by": dict(self.dominated_by),
            "margin": self.margin,
        }


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class EliminationResult(Result):
    """Outcome of :func:`iterated_elimination`.

    Attributes
    ----------
    game : NormalFormGame
        The original game.
    reduced : NormalFormGame
        The game after elimination (labels kept).
    kept : tuple of tuple of int
        For each player, indices (in the original game) of the surviving strategies.
    eliminations : tuple of Elimination
        What was removed, in order.
    mixed : bool
        Whether domination by mixed strategies was allowed.
    parameters : Mapping[str, object]
        Arguments used.
    """

    game: NormalFormGame = field(repr=False)
    reduced: NormalFormGame
    kept: tuple[tuple[int, ...], ...]
    eliminations: tuple[Elimination, ...]
    mixed: bool
    parameters: Mapping[str, object]

    @property
    def n_rounds(self) -> int:
        """Number of rounds in which something was eliminated."""
        return max((e.round for e in self.eliminations), default=0)

    @property
    def solved(self) -> bool:
        """Whether one profile survives (the game is dominance solvable)."""
        return self.reduced.n_profiles == 1

    def lift(self, profile: ProfileLike) -> MixedProfile:
        """Map a profile of :attr:`reduced` back to the original game (zeros elsewhere)."""
        small = self.reduced.as_profile(profile)
        vectors = []
        for i, idx in enumerate(self.kept):
            v = np.zeros(self.game.shape[i])
            v[list(idx)] = small.probabilities[i]
            vectors.append(v)
        return self.game.as_profile(vectors)

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary."""
        return {
            "kept": {
                p: [self.game.strategies[i][k] for k in idx]
                for i, (p, idx) in enumerate(zip(self.game.players, self.kept, strict=True))
            },
            "eliminations": [e.to_dict() for e in self.eliminations],
            "mixed": self.mixed,
            "solved": self.solved,
        }

    def __repr__(self) -> str:
        before = "x".join(map(str, self.game.shape))
        after = "x".join(map(str, self.reduced.shape))
        return (
            f"EliminationResult({before} -> {after}, {len(self.eliminations)} eliminated in "
            f"{self.n_rounds} rounds, mixed={self.mixed})"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{e.round}</td><td>{html.escape(e.player)}</td>"
            f"<td>{html.escape(e.strategy)}</td><td>{html.escape(str(dict(e.dominated_by)))}</td></tr>"
            for e in self.eliminations
        )
        return (
            f"<p><b>{html.escape(repr(self))}</b></p><table><tr><th>round</th><th>player</th>"
            f"<th>strategy</th><th>dominated by</th></tr>{rows}</table>"
        )


def _own_first(payoffs_i: NDArray[np.float64], i: int) -> NDArray[np.float64]:
    """Player i's payoffs as a matrix: rows = own strategies, columns = others' profiles."""
    order = (i, *range(i), *range(i + 1, payoffs_i.ndim))  # np.moveaxis(payoffs_i, i, 0)
    return payoffs_i.transpose(order).reshape(payoffs_i.shape[i], -1)


def _mixed_dominator(
    u: NDArray[np.float64], s: int, candidates: NDArray[np.intp]
) -> tuple[NDArray[np.float64], float]:
    """Best margin by which a mixture over ``candidates`` beats row ``s`` of ``u``.

    Solves ``max eps  s.t.  sum_k x_k u[k, t] - u[s, t] >= eps  for all t,
    x in the simplex`` with HiGHS. Returns (x, eps).
    """
    k = candidates.size
    sub = u[candidates]  # (k, T)
    n_cols = sub.shape[1]
    # variables: x_1..x_k, eps ; minimise -eps
    c = np.zeros(k + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-sub.T, np.ones((n_cols, 1))])
    b_ub = -u[s]
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    bounds = [(0.0, None)] * k + [(None, None)]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:
        raise SolverError(f"iterated_elimination(): the dominance LP failed ({res.message})")
    x = np.asarray(res.x, dtype=np.float64)
    return x[:k], float(x[-1])


def iterated_elimination(
    game: NormalFormGame, *, mixed: bool = True, tol: float = DEFAULT_TOL
) -> EliminationResult:
    """Remove strictly dominated strategies until none remains.

    Algorithm, per round:

    1. For each player ``i``, write their payoffs as a matrix ``U`` with one
       row per remaining own strategy and one column per remaining profile of
       the others.
    2. Strategy ``s`` is dominated by pure strategy ``r`` when
       ``min_t (U[r, t] - U[s, t]) > tol * range``: all pairs at once by
       broadcasting.
    3. If ``mixed``, each strategy not dominated by a pure one is tested
       against mixtures of the others by the LP
       ``max eps s.t. x @ U[others] - U[s] >= eps, x in the simplex``
       (SciPy's HiGHS); dominated when ``eps > tol * range``.
    4. Remove every dominated strategy of every player at once; repeat until a
       round removes nothing.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    mixed : bool, default True
        Also eliminate strategies dominated only by mixed strategies.
    tol : float, default 1e-8
        Relative margin: domination must beat ``tol * payoff_range``.

    Returns
    -------
    EliminationResult
        The reduced game, surviving indices and an audit trail.

    Raises
    ------
    SolverError
        If a dominance LP fails (it is always feasible and bounded, so this
        signals a numerical failure in HiGHS).

    Notes
    -----
    Elimination never removes a strategy used in a Nash equilibrium, so
    equilibria of :attr:`EliminationResult.reduced`, lifted by
    :meth:`EliminationResult.lift`, are equilibria of the original game.

    Examples
    --------
    Here ``m`` is dominated by no pure strategy, only by the half-half mixture
    of ``t`` and ``b``:

    >>> import mediation_sim as ms
    >>> g = ms.NormalFormGame([[[3, 0], [1, 1], [0, 3]], [[0, 1], [0, 0], [1, 0]]],
    ...                       strategies=[["t", "m", "b"], ["L", "R"]])
    >>> ms.solvers.iterated_elimination(g, mixed=False).reduced.shape
    (3, 2)
    >>> res = ms.solvers.iterated_elimination(g)
    >>> res.eliminations[0].strategy, res.reduced.shape
    ('m', (2, 2))
    >>> g.is_nash(res.lift([[0.5, 0.5], [0.5, 0.5]]))
    True
    """
    check_game(game, func="iterated_elimination")
    tol = check_tol(tol, func="iterated_elimination")
    if not isinstance(mixed, bool):
        raise InvalidArgumentError(
            f"iterated_elimination(): mixed must be True or False, got {mixed!r}"
        )
    # Margins are computed on the game mapped onto [0, 1] (no overflow, no
    # cancellation, a well-scaled LP at any scale or offset) and reported in
    # payoff units.
    spread = game.payoff_range
    work = game.normalised()
    threshold = tol
    kept = [np.arange(s) for s in game.shape]
    eliminations: list[Elimination] = []
    round_no = 0
    while True:
        round_no += 1
        grid: tuple[Any, ...] = np.ix_(*kept)
        sub = work.payoffs[(slice(None), *grid)]
        removed: list[NDArray[np.bool_]] = []
        for i in range(game.n_players):
            u = _own_first(sub[i], i)
            labels = [game.strategies[i][k] for k in kept[i]]
            # margin[r, s] = min over columns of u[r] - u[s]
            margin = (u[:, None, :] - u[None, :, :]).min(axis=2)
            np.fill_diagonal(margin, -np.inf)
            # Per column s: the first row r with the largest margin, and that margin.
            best_rows, best = margin.argmax(axis=0).tolist(), margin.max(axis=0).tolist()
            dead = np.zeros(u.shape[0], dtype=bool)
            for s, (r, best_margin) in enumerate(zip(best_rows, best, strict=True)):
                if best_margin > threshold:
                    dead[s] = True
                    eliminations.append(
                        Elimination(
                            round_no,
                            game.players[i],
                            labels[s],
                            MappingProxyType({labels[r]: 1.0}),
                            best_margin * spread,
                        )
                    )
                elif mixed and u.shape[0] > 2:
                    others = np.flatnonzero(np.arange(u.shape[0]) != s)
                    x, eps = _mixed_dominator(u, s, others)
                    if eps > threshold:
                        dead[s] = True
                        weights = {
                            labels[k]: float(w) for k, w in zip(others, x, strict=True) if w > 1e-12
                        }
                        eliminations.append(
                            Elimination(
                                round_no,
                                game.players[i],
                                labels[s],
                                MappingProxyType(weights),
                                eps * spread,
                            )
                        )
            if dead.all():  # cannot happen for strict dominance; guard the invariant
                raise SolverError(
                    "iterated_elimination(): every strategy of a player was dominated"
                )
            removed.append(dead)
        if not any(d.any() for d in removed):
            break
        kept = [k[~d] for k, d in zip(kept, removed, strict=True)]
    reduced = game.restrict([k.tolist() for k in kept])
    return EliminationResult(
        game=game,
        reduced=reduced,
        kept=tuple(tuple(int(k) for k in idx) for idx in kept),
        eliminations=tuple(eliminations),
        mixed=mixed,
        parameters=MappingProxyType({"mixed": mixed, "tol": tol}),
    )
