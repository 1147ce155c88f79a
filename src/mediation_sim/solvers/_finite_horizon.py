r"""Finite-horizon stochastic games by backward induction over periods.

A stochastic game played for ``horizon`` periods (then ending with
terminal values) is solved from the last period back: in period ``t`` and
state ``s`` the players play the stage game whose payoffs are the stage
payoffs plus the discounted expected equilibrium values of period ``t + 1``,

.. math:: G_{t,s}:\; r_{s,i}(a) + \delta_i \textstyle\sum_{s'} P_s(s' \mid a)\,
          W_{t+1}(s', i), \qquad W_{\text{horizon}} = \text{terminal values},

and each stage game is solved by the library's normal-form solvers
(:func:`~mediation_sim.solvers.pure_nash` first; when a stage has no pure
equilibrium, :func:`~mediation_sim.solvers.nash_2p` for two players or
:func:`~mediation_sim.solvers.nash` otherwise). The result is a subgame
perfect, Markov (period- and state-dependent) equilibrium.

Selection among several stage equilibria is a stated rule (``selection``):
``"first"`` (the solver's first, lexicographic for pure equilibria) or
``"welfare"`` (largest sum of the players' values; ties to the first).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._deprecation import deprecate_positional
from .._errors import GameShapeError, InvalidArgumentError, SolverError
from .._jsonable import jsonable
from .._results import Result
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..games.normal_form import MixedProfile
from ..games.stochastic import FloatArray, StationaryStrategy, StochasticGame
from ._n_player import nash
from ._two_player import nash_2p
from .pure import pure_nash

__all__ = ["FiniteHorizonResult", "finite_horizon", "finite_horizon_regrets"]

_SELECTIONS = ("first", "welfare")


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class FiniteHorizonResult(Result):
    """A subgame-perfect Markov equilibrium of a finite-horizon stochastic game.

    Attributes
    ----------
    game : StochasticGame
        The game (its discount factors apply between periods).
    horizon : int
        Number of periods.
    profiles : tuple of tuple of MixedProfile
        ``profiles[t][s]``: the equilibrium of period ``t``'s stage game in state ``s``.
    values : ndarray, shape (horizon + 1, n_states, n_players)
        ``values[t, s, i]``: player ``i``'s equilibrium value from period
        ``t`` in state ``s`` (row ``horizon`` holds the terminal values).
    max_regret : float
        Largest one-shot-deviation gain over periods, states and players,
        recomputed from the profiles alone by :func:`finite_horizon_regrets`.
    selection : str
        The rule that picked among several stage equilibria.
    parameters : Mapping[str, object]
        Every argument used.
    """

    game: StochasticGame = field(repr=False)
    horizon: int
    profiles: tuple[tuple[MixedProfile, ...], ...]
    values: FloatArray
    max_regret: float
    selection: str
    parameters: Any

    def strategy_at(self, period: int) -> StationaryStrategy:
        """Period ``period``'s play as a state-by-state strategy of the game."""
        if isinstance(period, bool) or not 0 <= int(period) < self.horizon:
            raise InvalidArgumentError(
                f"strategy_at(): period must lie in [0, {self.horizon - 1}], got {period!r}"
            )
        return self.game.as_strategy([list(p.probabilities) for p in self.profiles[int(period)]])

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable summary: profiles by period and state, values, diagnostics."""
        return {
            "horizon": self.horizon,
            "profiles": [
                {
                    state: p.to_dict()["strategies"]
                    for state, p in zip(self.game.states, row, strict=True)
                }
                for row in self.profiles
            ],
            "values": self.values.tolist(),
            "max_regret": self.max_regret,
            "selection": self.selection,
            "parameters": {k: jsonable(v) for k, v in self.parameters.items()},
        }

    def __repr__(self) -> str:
        return (
            f"FiniteHorizonResult(horizon={self.horizon}, {self.game.n_states} states, "
            f"selection={self.selection!r}, max_regret={self.max_regret:.2g})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def _terminal(game: StochasticGame, terminal_values: ArrayLike | None) -> FloatArray:
    if terminal_values is None:
        return np.zeros((game.n_states, game.n_players))
    try:
        array = np.asarray(terminal_values, dtype=np.float64).copy()
    except (TypeError, ValueError):
        raise InvalidArgumentError("finite_horizon(): terminal_values must be numeric") from None
    if array.shape != (game.n_states, game.n_players):
        raise GameShapeError(
            f"finite_horizon(): terminal_values must have shape (n_states, n_players) = "
            f"({game.n_states}, {game.n_players}), got {array.shape}"
        )
    if not np.isfinite(array).all():
        raise InvalidArgumentError("finite_horizon(): terminal_values must be finite")
    return array


def finite_horizon_regrets(
    game: StochasticGame,
    profiles: Sequence[Sequence[ArrayLike | MixedProfile | Sequence[ArrayLike]]],
    *,
    terminal_values: ArrayLike | None = None,
) -> FloatArray:
    """One-shot-deviation gains of a period- and state-dependent profile of a finite-horizon game.

    Values are recomputed backward from the profiles alone (policy
    evaluation); then each player's best deviation in each period and state
    is measured against them.

    Parameters
    ----------
    game : StochasticGame
        The game.
    profiles : sequence of sequence
        ``profiles[t][s]`` is period ``t``'s profile in state ``s`` (per-player
        probability vectors or a :class:`~mediation_sim.MixedProfile`).
    terminal_values : array_like, shape (n_states, n_players), optional
        Values after the last period (default 0).

    Returns
    -------
    ndarray, shape (horizon, n_states, n_players)
        Non-negative gains; all 0 exactly at a subgame-perfect equilibrium.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> pd = ms.games.prisoners_dilemma()
    >>> g = ms.games.StochasticGame([pd.payoffs], [[[[1.0], [1.0]], [[1.0], [1.0]]]], 0.9)
    >>> cooperate = [[[[1, 0], [1, 0]]]] * 3
    >>> ms.solvers.finite_horizon_regrets(g, cooperate)[:, 0, 0]   # defect gains 2 every period
    array([2., 2., 2.])
    """
    horizon = len(profiles)
    values = _terminal(game, terminal_values)
    out = np.zeros((horizon, game.n_states, game.n_players))
    for t in range(horizon - 1, -1, -1):
        row = profiles[t]
        if len(row) != game.n_states:
            raise GameShapeError(
                f"finite_horizon_regrets(): period {t} has {len(row)} profiles, the game "
                f"{game.n_states} states"
            )
        new = np.empty_like(values)
        for s in range(game.n_states):
            stage = game.stage(s, values=values)
            entry = row[s]
            prof = stage.as_profile(
                list(entry.probabilities) if isinstance(entry, MixedProfile) else entry  # type: ignore[arg-type]
            )
            out[t, s] = stage.player_regrets(prof)
            new[s] = stage.expected_payoffs(prof)
        values = new
    return out


@deprecate_positional("horizon")
def finite_horizon(
    game: StochasticGame,
    *,
    horizon: int,
    terminal_values: ArrayLike | None = None,
    tol: float = DEFAULT_TOL,
    selection: str = "first",
) -> FiniteHorizonResult:
    """Subgame-perfect equilibrium of a stochastic game played for ``horizon`` periods.

    Algorithm:

    1. Set the values after the last period to ``terminal_values``.
    2. For ``t = horizon - 1, ..., 0`` and every state, build the stage game
       with continuation values (:meth:`StochasticGame.stage`) and solve it:
       all pure equilibria by :func:`~mediation_sim.solvers.pure_nash`; if
       there is none, mixed equilibria by
       :func:`~mediation_sim.solvers.nash_2p` (two players) or
       :func:`~mediation_sim.solvers.nash`. Pick one by ``selection`` and
       record its values.
    3. Recompute every one-shot-deviation gain from the chosen profiles
       alone (:func:`finite_horizon_regrets`) and require each to be at most
       ``tol`` times its stage game's payoff range.

    Parameters
    ----------
    game : StochasticGame
        The game; its discount factors apply between periods.
    horizon : int
        Number of periods (at least 1).
    terminal_values : array_like, shape (n_states, n_players), optional
        Values after the last period; default 0.
    tol : float, default 1e-8
        Regret tolerance, relative to each stage game's payoff range (stage
        payoffs plus discounted continuation values).
    selection : {"first", "welfare"}, default "first"
        Rule for several stage equilibria.

    Returns
    -------
    FiniteHorizonResult

    Raises
    ------
    InvalidArgumentError
        If an option is out of range or ``selection`` is unknown.
    SolverError
        If a stage game yields no verified equilibrium.

    See Also
    --------
    mediation_sim.solvers.stationary_equilibrium : the infinite-horizon counterpart.

    Examples
    --------
    The finitely repeated prisoner's dilemma unravels: defection in every period.

    >>> import mediation_sim as ms
    >>> pd = ms.games.prisoners_dilemma()
    >>> g = ms.games.StochasticGame([pd.payoffs], [[[[1.0], [1.0]], [[1.0], [1.0]]]], 0.9,
    ...                             players=pd.players, actions=[pd.strategies])
    >>> res = ms.solvers.finite_horizon(g, horizon=3)
    >>> res.profiles[0][0]
    MixedProfile(row=defect, column=defect)
    >>> res.values[0, 0]      # 1 + 0.9 + 0.81
    array([2.71, 2.71])
    >>> res.max_regret
    0.0
    """
    func = "finite_horizon"
    if not isinstance(game, StochasticGame):
        raise InvalidArgumentError(
            f"{func}(): game must be a mediation_sim.games.StochasticGame, got "
            f"{type(game).__name__}"
        )
    horizon = check_positive_int(horizon, func=func, name="horizon")
    tol = check_tol(tol, func=func)
    if selection not in _SELECTIONS:
        raise InvalidArgumentError(
            f"{func}(): selection must be one of {list(_SELECTIONS)}, got {selection!r}"
        )
    terminal = _terminal(game, terminal_values)
    values = np.empty((horizon + 1, game.n_states, game.n_players))
    values[horizon] = terminal
    rows: list[tuple[MixedProfile, ...]] = []
    for t in range(horizon - 1, -1, -1):
        row = []
        for s in range(game.n_states):
            stage = game.stage(s, values=values[t + 1])
            found = pure_nash(stage, tol=tol).equilibria
            if not found:
                mixed = nash_2p(stage, tol=tol) if game.n_players == 2 else nash(stage, tol=tol)
                found = mixed.equilibria
            if not found:
                raise SolverError(
                    f"{func}(): no verified equilibrium of the stage game in period {t}, "
                    f"state {game.states[s]!r}"
                )
            if selection == "welfare":
                welfare = [float(p.payoffs.sum()) for p in found]
                chosen = found[int(np.argmax(welfare))]
            else:
                chosen = found[0]
            row.append(chosen)
            values[t, s] = chosen.payoffs
        rows.append(tuple(row))
    profiles = tuple(reversed(rows))
    regrets = finite_horizon_regrets(game, profiles, terminal_values=terminal)
    ranges = np.array(
        [
            [game.stage(s, values=values[t + 1]).payoff_range for s in range(game.n_states)]
            for t in range(horizon)
        ]
    )
    if (regrets.max(axis=2) > tol * ranges).any():  # pragma: no cover - stage solvers verify
        raise SolverError(f"{func}(): a stage equilibrium failed the one-shot-deviation check")
    values.flags.writeable = False
    return FiniteHorizonResult(
        game=game,
        horizon=horizon,
        profiles=profiles,
        values=values,
        max_regret=float(regrets.max()),
        selection=selection,
        parameters=MappingProxyType(
            {
                "horizon": horizon,
                "terminal_values": terminal.tolist(),
                "tol": tol,
                "selection": selection,
            }
        ),
    )
