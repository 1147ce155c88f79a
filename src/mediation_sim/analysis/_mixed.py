"""Mixed equilibria where a grid point or a draw has no pure one (private helpers).

The batched pure-equilibrium kernels of :mod:`.sweep` and :mod:`._batch` find
every pure equilibrium of many games at once. A game with no pure equilibrium
still has a mixed one (Nash 1951); these helpers solve just those games with
:func:`mediation_sim.solvers.all_nash` (every equilibrium, certified; after
dominance elimination these games are small), or, for a game too large for
it, :func:`mediation_sim.solvers.nash` (up to :data:`N_MIXED` equilibria), so
that analyses report what the game settles into instead of a missing value.
The games of all such points are built in one batch
(:meth:`Scenario.evaluate`), identical games are solved once, and sweep rows
are written column by column; what remains per game is the solver call. Such
points are rare (about 1% of Monte Carlo draws of the flagship scenario).

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
from ..games.normal_form import NormalFormGame
from ..scenarios.scenario import Scenario
from ..solvers import NashResult, all_nash, nash

__all__ = ["KIND_LABELS", "N_MIXED", "equilibrium_kinds", "fill_curves", "fill_sweep"]

FloatArray = NDArray[np.float64]

#: How many equilibria :func:`nash` is asked for at a point without a pure equilibrium.
N_MIXED = 3
#: Box budget per support for :func:`all_nash` at such a point.
_MAX_BOXES = 5_000
#: Labels of the codes in a Monte Carlo ``equilibrium_kind`` array.
KIND_LABELS = {0: "pure", 1: "mixed", -1: "none"}


#: Points whose games are built in one batch (bounds the memory of a batch).
_BATCH = 4096

_Solved = tuple[NormalFormGame, str, list[Any], list[FloatArray]]


def _solve(game: NormalFormGame, tol: float) -> NashResult:
    try:
        with warnings.catch_warnings():
            # A degenerate game's sample points are still equilibria; the analysis
            # reports them without a warning per grid point.
            warnings.simplefilter("ignore", DegenerateGameWarning)
            return all_nash(game, tol=tol, max_boxes=_MAX_BOXES)
    except GameTooLargeError:
        return nash(game, tol=tol, n_equilibria=N_MIXED)


def _distributions(probs: FloatArray, equilibria: Sequence[Any], n: int) -> list[FloatArray]:
    """Outcome distribution of each equilibrium: ``probs`` contracted with its strategies."""
    dists = []
    for prof in equilibria:
        operands: list[Any] = [probs, [n, *range(n)]]
        for i, v in enumerate(prof.probabilities):
            operands.extend((v, [i]))
        operands.append([n])
        dists.append(np.asarray(np.einsum(*operands), dtype=np.float64))
    return dists


def _solve_points(
    scenario: Scenario,
    points: Mapping[str, FloatArray],
    *,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
) -> list[_Solved]:
    """For each point (parallel 1-d arrays): its game, the method, equilibria, distributions.

    The games' payoffs and outcome probabilities are built in batches with
    :meth:`Scenario.evaluate` (the same numbers as one :meth:`Scenario.game`
    per point); identical games are solved once, and identical (game,
    probabilities) pairs share their distributions.
    """
    size = next(iter(points.values())).shape[0] if points else 1
    labels = scenario.strategy_labels(mode=mode, fix=fix)
    shown_mode = mode or scenario.default_mode
    games: dict[bytes, tuple[NormalFormGame, NashResult]] = {}
    dists: dict[tuple[bytes, bytes], list[FloatArray]] = {}
    out: list[_Solved] = []
    for start in range(0, size, _BATCH):
        chunk = {k: np.asarray(v)[start : start + _BATCH] for k, v in points.items()}
        payoffs, probs = scenario.evaluate(mode=mode, fix=fix, **chunk)
        # one point's arrays: (players or outcomes, *profiles); a leading axis of points
        tail = 1 + len(labels)
        payoffs = payoffs.reshape(-1, *payoffs.shape[payoffs.ndim - tail :])
        probs = probs.reshape(-1, *probs.shape[probs.ndim - tail :])
        for k in range(payoffs.shape[0]):
            key = payoffs[k].tobytes()
            if key not in games:
                shown = ", ".join(f"{name}={float(v[k]):g}" for name, v in sorted(chunk.items()))
                title = f"{scenario.name} ({shown_mode}{'; ' + shown if shown else ''})"
                game = NormalFormGame(payoffs[k], scenario.players, labels, title=title)
                games[key] = (game, _solve(game, tol))
            game, result = games[key]
            both = (key, probs[k].tobytes())
            if both not in dists:
                dists[both] = _distributions(probs[k], result.equilibria, game.n_players)
            out.append((game, result.method, list(result.equilibria), dists[both]))
    return out


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
    All the entries' games are built together and identical games solved once.
    For a multi-stage scenario the mixed entry is the mixed subgame-perfect
    equilibrium of :meth:`Scenario.subgame_perfect` (``mixed=True``); best and
    worst are then the same equilibrium's value.
    """
    best, worst = best.copy(), worst.copy()
    kind = np.zeros(best.shape, dtype=np.int8)
    d_idx, g_idx = np.nonzero(np.isnan(best))
    if d_idx.size == 0:
        return best, worst, kind
    points = {k: np.asarray(v, dtype=np.float64)[d_idx] for k, v in draws.items()}
    points[parameter] = np.asarray(grid, dtype=np.float64)[g_idx]
    if scenario.is_sequential:
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
    solved = _solve_points(scenario, points, mode=mode, fix=fix, tol=tol)
    idx = list(outcome_idx)
    for d, g, (_, _, _, dists) in zip(d_idx, g_idx, solved, strict=True):
        if not dists:
            kind[d, g] = -1
            continue
        values = [float(dist[idx].sum()) for dist in dists]
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
    """Replace the rows of a pure sweep that have no equilibrium by mixed-equilibrium rows.

    The missing points' games are built together and identical games solved
    once; the new rows are written column by column (no per-row pandas work).
    """
    import pandas as pd

    missing = frame["equilibrium"] < 0
    if not missing.any():
        return frame
    meta = frame.attrs.get("mediation_sim", {})
    params = [c for c in frame.columns if c in scenario.parameters]
    players = scenario.players
    outcomes = scenario.outcomes
    settle = [outcomes.index(o) for o in scenario.settlement_outcomes]
    base = frame[missing]
    points = {p: base[p].to_numpy(dtype=np.float64) for p in params}
    solved = _solve_points(scenario, points, mode=mode, fix=fix, tol=tol)
    # one new row per equilibrium; a point without any keeps its base row
    repeat = np.array([max(len(eqs), 1) for _, _, eqs, _ in solved])
    filled = base.iloc[np.repeat(np.arange(len(base)), repeat)].reset_index(drop=True)
    found = [
        (game, method, e, len(eqs), prof, dist)
        for game, method, eqs, dists in solved
        for e, (prof, dist) in enumerate(zip(eqs, dists, strict=True))
    ]
    has = np.repeat(np.array([len(eqs) > 0 for _, _, eqs, _ in solved]), repeat)
    if found:
        rows = np.flatnonzero(has)
        new: dict[str, Any] = {
            "n_equilibria": [f[3] for f in found],
            "equilibrium": [f[2] for f in found],
            "method": [f[1] for f in found],
        }
        for i, p in enumerate(players):
            new[p] = [describe(f[0].strategies[i], f[4].probabilities[i]) for f in found]
        for j, o in enumerate(outcomes):
            new[f"prob_{o}"] = [float(f[5][j]) for f in found]
        new["settlement_probability"] = [float(f[5][settle].sum()) for f in found]
        for i, p in enumerate(players):
            new[f"payoff_{p}"] = [float(f[4].payoffs[i]) for f in found]
        new["regret"] = [f[4].regret for f in found]
        for col, values in new.items():
            column = filled[col].astype(object).to_numpy(copy=True)
            column[rows] = values
            filled[col] = pd.Series(column, index=filled.index).infer_objects()
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
