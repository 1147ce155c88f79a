"""Mixed equilibria where a grid point or a draw has no pure one (private helpers).

The batched pure-equilibrium kernels of :mod:`.sweep` and :mod:`._batch` find
every pure equilibrium of many games at once. A game with no pure equilibrium
still has a mixed one (Nash 1951); these helpers solve just those games, one
by one, with :func:`mediation_sim.solvers.all_nash` (every equilibrium,
certified; after dominance elimination these games are small), or, for a
game too large for it, :func:`mediation_sim.solvers.nash` (up to
:data:`N_MIXED` equilibria), so that analyses report what the game settles
into instead of a missing value. They are rare (about 1% of Monte Carlo
draws of the flagship scenario), so the per-game loop costs little.

A scenario with a multi-stage structure is filled by backward induction
instead: where a simultaneous stage has no pure equilibrium at some history
there is no pure subgame-perfect equilibrium, and
:meth:`Scenario.subgame_perfect` with ``mixed=True`` continues with a mixed
equilibrium of just those stage games, for all missing points at once (the
one-shot game's Nash equilibria would drop the move order).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._errors import DegenerateGameWarning, GameTooLargeError
from ..scenarios.scenario import Scenario
from ..solvers import NashResult
from ..solvers.all_nash import all_nash
from ..solvers.n_player import nash

__all__ = ["KIND_LABELS", "N_MIXED", "equilibrium_kinds", "fill_curves", "fill_sweep"]

FloatArray = NDArray[np.float64]

#: How many equilibria :func:`nash` is asked for at a point without a pure equilibrium.
N_MIXED = 3
#: Box budget per support for :func:`all_nash` at such a point.
_MAX_BOXES = 5_000
#: Labels of the codes in a Monte Carlo ``equilibrium_kind`` array.
KIND_LABELS = {0: "pure", 1: "mixed", -1: "none"}


def _outcome_distributions(
    scenario: Scenario,
    point: Mapping[str, float],
    *,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
) -> tuple[Any, str, list[Any], list[FloatArray]]:
    """The game at ``point``, the method, its equilibria and their outcome distributions."""
    game = scenario.game(mode=mode, fix=fix, **point)
    try:
        with warnings.catch_warnings():
            # A degenerate game's sample points are still equilibria; the analysis
            # reports them without a warning per grid point.
            warnings.simplefilter("ignore", DegenerateGameWarning)
            result: NashResult = all_nash(game, tol=tol, max_boxes=_MAX_BOXES)
    except GameTooLargeError:
        result = nash(game, tol=tol, n_equilibria=N_MIXED)
    probs = scenario.outcome_probabilities(mode=mode, fix=fix, **point)
    dists = []
    for prof in result.equilibria:
        operands: list[Any] = [probs, [game.n_players, *range(game.n_players)]]
        for i, v in enumerate(prof.probabilities):
            operands.extend((v, [i]))
        operands.append([game.n_players])
        dists.append(np.asarray(np.einsum(*operands), dtype=np.float64))
    return game, result.method, list(result.equilibria), dists


def fill_curves(
    scenario: Scenario,
    draws: Mapping[str, FloatArray],
    best: FloatArray,
    worst: FloatArray,
    *,
    parameter: str,
    grid: FloatArray,
    outcome_idx: Sequence[int],
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
) -> tuple[FloatArray, FloatArray, NDArray[np.int8]]:
    """Fill the ``nan`` entries of best/worst outcome curves from mixed equilibria.

    Returns the filled curves and a code per entry: 0 (pure equilibria),
    1 (mixed, found by :func:`nash`), -1 (no equilibrium found; stays ``nan``).
    For a multi-stage scenario the mixed entry is the mixed subgame-perfect
    equilibrium of :meth:`Scenario.subgame_perfect` (``mixed=True``); best and
    worst are then the same equilibrium's value.
    """
    best, worst = best.copy(), worst.copy()
    kind = np.zeros(best.shape, dtype=np.int8)
    if scenario.is_sequential:
        d_idx, g_idx = np.nonzero(np.isnan(best))
        if d_idx.size:
            points = {k: np.asarray(v)[d_idx] for k, v in draws.items()}
            points[parameter] = np.asarray(grid)[g_idx]
            spe = scenario.subgame_perfect(mode=mode, fix=fix, tol=tol, mixed=True, **points)
            value = spe.probabilities[:, list(outcome_idx)].sum(axis=-1)
            # where no stage equilibrium was found the regret stays above tolerance
            payoffs, _ = scenario.evaluate(mode=mode, fix=fix, **points)
            flat = payoffs.reshape((d_idx.size, -1))
            spread = flat.max(axis=-1) - flat.min(axis=-1)
            ok = spe.regret <= tol * np.where(spread > 0, spread, 1.0)
            best[d_idx, g_idx] = np.where(ok, value, np.nan)
            worst[d_idx, g_idx] = best[d_idx, g_idx]
            kind[d_idx, g_idx] = np.where(ok, 1, -1)
        return best, worst, kind
    for d, g in zip(*np.nonzero(np.isnan(best)), strict=True):
        point = {k: float(v[d]) for k, v in draws.items()}
        point[parameter] = float(grid[g])
        _, _, _, dists = _outcome_distributions(scenario, point, mode=mode, fix=fix, tol=tol)
        if not dists:
            kind[d, g] = -1
            continue
        values = [float(dist[list(outcome_idx)].sum()) for dist in dists]
        best[d, g], worst[d, g] = max(values), min(values)
        kind[d, g] = 1
    return best, worst, kind


def fill_sweep(
    frame: Any,
    scenario: Scenario,
    *,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
    describe: Any,
) -> Any:
    """Replace the rows of a pure sweep that have no equilibrium by mixed-equilibrium rows."""
    import pandas as pd

    missing = frame["equilibrium"] < 0
    if not missing.any():
        return frame
    meta = frame.attrs.get("mediation_sim", {})
    params = [c for c in frame.columns if c in scenario.parameters]
    players = scenario.players
    outcomes = scenario.outcomes
    settle = [outcomes.index(o) for o in scenario.settlement_outcomes]
    rows = []
    for _, base in frame[missing].iterrows():
        point = {p: float(base[p]) for p in params}
        game, method, equilibria, dists = _outcome_distributions(
            scenario, point, mode=mode, fix=fix, tol=tol
        )
        if not equilibria:
            rows.append(base.to_dict())
            continue
        for e, (prof, dist) in enumerate(zip(equilibria, dists, strict=True)):
            row = base.to_dict()
            row.update(n_equilibria=len(equilibria), equilibrium=e, method=method)
            for i, p in enumerate(players):
                row[p] = describe(game.strategies[i], prof.probabilities[i])
            for j, o in enumerate(outcomes):
                row[f"prob_{o}"] = float(dist[j])
            row["settlement_probability"] = float(dist[settle].sum())
            for i, p in enumerate(players):
                row[f"payoff_{p}"] = float(prof.payoffs[i])
            row["regret"] = prof.regret
            rows.append(row)
    filled = pd.DataFrame(rows, columns=frame.columns)
    out = pd.concat([frame[~missing], filled], ignore_index=True)
    out = out.sort_values(["point", "equilibrium"], kind="stable", ignore_index=True)
    out = out.astype({c: frame[c].dtype for c in ("point", "n_equilibria", "equilibrium")})
    out.attrs["mediation_sim"] = meta
    return out


def equilibrium_kinds(frame: Any, players: Sequence[str]) -> Any:
    """Per sweep row: ``"pure"``, ``"mixed"`` (some player randomises) or ``"none"``."""
    import pandas as pd

    kinds = pd.Series("pure", index=frame.index, dtype=object)
    mixed = np.zeros(len(frame), dtype=bool)
    for p in players:
        mixed |= frame[p].astype(str).str.contains("|", regex=False).to_numpy()
    kinds[mixed] = "mixed"
    kinds[(frame["equilibrium"] < 0).to_numpy()] = "none"
    return kinds
