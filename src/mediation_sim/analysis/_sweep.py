"""Parameter sweeps: equilibria and outcome probabilities over a grid, as one tidy DataFrame.

Column schema of :func:`sweep` (one row per grid point x equilibrium):

================================  ============================================================
``point``                         index of the grid point (C order, last parameter fastest)
``<parameter>``                   value of each swept parameter
``mode``                          scenario mode
``n_equilibria``                  number of equilibria found at the point (0: a single row
                                  with ``equilibrium = -1`` and missing values below)
``equilibrium``                   index of the equilibrium at the point
``<player>``                      the player's strategy label (mixed: ``"a:0.7|b:0.3"``)
``prob_<outcome>``                probability of each outcome under the equilibrium
``settlement_probability``        total probability of the settlement outcomes
``payoff_<player>``               expected payoff of each player
``regret``                        verified regret of the equilibrium (absolute)
``method``                        solver used
``changed``                       whether the equilibria differ from the previous point's (pure:
                                  another set of profiles; mixed and QRE: another count, or
                                  another most likely strategy for some player)
``weakly_dominated``              pure one-shot sweeps: players whose equilibrium strategy is
                                  weakly dominated (comma-separated, ``""`` if none)
``indifferent``                   pure one-shot sweeps: players with another strategy exactly
                                  as good against the others' choices (an untested threat)
``subgame_perfect``               whether the row is subgame perfect (sequential structures:
                                  by backward induction; a one-stage game has no proper
                                  subgame, so every Nash equilibrium is)
``credible``                      subgame perfect, no weakly dominated strategy and no
                                  indifferent player: the refinement to report settlement on
``ties``                          sequential structures only: histories where another optimal
                                  choice with different consequences existed (0: unique)
``equilibrium_kind``              ``"pure"``, ``"mixed"`` (some player randomises) or
                                  ``"none"`` (no equilibrium found at the point)
``terms``                         structures with a bargaining stage only: the terms agreed on
                                  the path (``nan`` where talks fail)
================================  ============================================================

With ``solver="pure"`` (and ``mixed=True``, the default), a point without a
pure equilibrium is solved again by :func:`~mediation_sim.solvers.all_nash`
(every equilibrium; :func:`~mediation_sim.solvers.nash` for games too large
for it; ``method`` is ``"all_nash"`` or ``"nash"`` on those rows), so a sweep
never reports a missing value only because no pure equilibrium exists.

Metadata (scenario hash, version, grid, wall time) sits in ``frame.attrs["mediation_sim"]``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError, UnknownNameError
from .._validation import DEFAULT_TOL, check_positive_int, check_tol
from ..scenarios.scenario import Scenario
from ..solvers.pure import profile_regrets
from ._bargaining import terms_column
from ._frames import attach, metadata, pandas, progress_bar
from ._mixed import equilibrium_kinds, fill_sweep
from ._sequential import spe_sweep
from ._structures import credibility_flags
from ._sweep_frame import leading_columns

__all__ = ["summarise_sweep", "sweep"]

FloatArray = NDArray[np.float64]


def _grid(scenario: Scenario, grids: Mapping[str, ArrayLike]) -> dict[str, FloatArray]:
    if not grids:
        raise InvalidArgumentError(
            "sweep(): give at least one parameter grid, e.g. china_pressure=np.linspace(0, 1, 101)"
        )
    out = {}
    for name, values in grids.items():
        if name not in scenario.parameters:
            raise UnknownNameError(
                f"sweep(): unknown parameter {name!r}; parameters: {sorted(scenario.parameters)}"
            )
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 1 or arr.size == 0:
            raise InvalidArgumentError(
                f"sweep(): the grid of {name!r} must be a non-empty 1-D array"
            )
        out[name] = arr
    return out


def _product(grid: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
    """Cartesian product of the grids, flattened in C order (last parameter fastest).

    Computed with integer arithmetic on the flat index, so any number of
    parameters works (``np.meshgrid`` is limited to 32 dimensions).
    """
    sizes = [v.size for v in grid.values()]
    total = int(np.prod(sizes))
    flat_index = np.arange(total)
    out = {}
    stride = total
    for (name, values), size in zip(grid.items(), sizes, strict=True):
        stride //= size
        out[name] = values[(flat_index // stride) % size]
    return out


def sweep(
    scenario: Scenario,
    *,
    solver: Literal["pure", "qre", "nash"] = "pure",
    mode: str | None = None,
    fix: Mapping[str, str] | None = None,
    tol: float = DEFAULT_TOL,
    lam: float | None = None,
    chunk_size: int = 20_000,
    progress: bool | None = None,
    mixed: bool = True,
    **grids: ArrayLike,
) -> Any:
    """Solve a scenario over a grid of parameter values; return a tidy DataFrame.

    Algorithm (``solver="pure"``):

    1. Form the Cartesian product of the grids (last parameter fastest).
    2. Build the payoff arrays of all grid points in one batch
       (:meth:`Scenario.payoffs`), in chunks of ``chunk_size`` points.
    3. Find every pure equilibrium of every point with one call of
       :func:`~mediation_sim.solvers.pure_nash_mask`, and verify each by its
       regret (largest gain from a deviation), computed for all at once.
    4. Read off outcome probabilities and payoffs at the equilibria.

    With ``solver="qre"`` (logit QRE at precision ``lam``) or ``"nash"``
    (:func:`mediation_sim.solvers.nash`) the points are solved one by one;
    each point starts from the previous point's solution (``init=``, a warm
    start that keeps following the same equilibrium while it exists), and
    ``changed`` marks where the solution changes qualitatively.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    solver : {"pure", "qre", "nash"}, default "pure"
        Equilibrium concept.
    mode, fix : optional
        Scenario mode and fixed strategies.
    tol : float, default 1e-8
        Relative tolerance of the equilibrium test.
    lam : float, optional
        QRE precision (required for ``solver="qre"``).
    chunk_size : int, default 20000
        Grid points per batch (bounds memory).
    progress : bool, optional
        Show a progress bar (default: only in an interactive terminal).
    mixed : bool, default True
        With ``solver="pure"``: solve points without a pure equilibrium with
        :func:`~mediation_sim.solvers.all_nash` (mixed equilibria) instead of
        leaving one empty row (``equilibrium = -1``) there.
    **grids : array_like
        One 1-D array of values per swept parameter.

    Returns
    -------
    pandas.DataFrame
        One row per grid point x equilibrium; columns in the module docstring.

    Examples
    --------
    >>> import numpy as np, mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> df = ms.analysis.sweep(sc, china_pressure=np.linspace(0, 1, 11), mode="committed")
    >>> df.groupby("china_pressure")["prob_withdrawal"].max().tolist()
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
    >>> bool((df["regret"] <= 1e-8 * 2).all())
    True
    """
    tol = check_tol(tol, func="sweep")
    chunk_size = check_positive_int(chunk_size, func="sweep", name="chunk_size")
    if solver not in ("pure", "qre", "nash"):
        raise InvalidArgumentError(
            f"sweep(): solver must be 'pure', 'qre' or 'nash', got {solver!r}"
        )
    if solver == "qre" and lam is None:
        raise InvalidArgumentError("sweep(): solver='qre' needs the precision lam=")
    grid = _grid(scenario, grids)
    flat = _product(grid)
    n_points = next(iter(flat.values())).size
    scenario.resolve(**flat)  # validates bounds of every grid value up front
    started = time.perf_counter()
    if scenario.is_sequential:
        if solver != "pure":
            raise InvalidArgumentError(
                f"sweep(): solver={solver!r} solves normal-form games; the structure "
                f"{scenario.structure!r} is sequential and is solved by backward induction "
                "(solver='pure'); use scenario.with_structure('simultaneous') for the one-shot game"
            )
        frame = spe_sweep(scenario, flat, n_points, mode, fix, tol, chunk_size, progress)
        if scenario.bargaining is not None:
            frame["terms"] = terms_column(scenario, flat, mode, fix, tol, chunk_size)
    elif solver == "pure":
        frame = _pure_sweep(scenario, flat, n_points, mode, fix, tol, chunk_size, progress)
        if mixed:
            frame = fill_sweep(frame, scenario, mode=mode, fix=fix, tol=tol, describe=_describe)
    else:
        frame = _mixed_sweep(scenario, flat, n_points, solver, lam, mode, fix, tol, progress)
    if "equilibrium_kind" not in frame:  # (a sequential sweep sets it: every row is pure)
        frame["equilibrium_kind"] = equilibrium_kinds(frame, scenario.players)
    meta = metadata(
        scenario,
        kind="sweep",
        solver=solver,
        mode=mode or scenario.default_mode,
        structure=scenario.structure,
        grid={k: v.tolist() for k, v in grid.items()},
        tol=tol,
        lam=lam,
        wall_time=time.perf_counter() - started,
    )
    return attach(frame, meta)


def _pure_sweep(
    scenario: Scenario,
    flat: Mapping[str, FloatArray],
    n_points: int,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
    chunk_size: int,
    progress: bool | None,
) -> Any:
    pd = pandas()
    labels = [np.array(s, dtype=object) for s in scenario.strategy_labels(mode=mode, fix=fix)]
    players = scenario.players
    n = len(players)
    points: list[NDArray[np.intp]] = []
    profiles: list[NDArray[np.intp]] = []
    eq_probs: list[FloatArray] = []
    eq_payoffs: list[FloatArray] = []
    regrets: list[FloatArray] = []
    weakly: list[NDArray[np.bool_]] = []
    indifferent: list[NDArray[np.bool_]] = []
    starts = range(0, n_points, chunk_size)
    for start in progress_bar(starts, total=len(starts), progress=progress, desc="sweep"):
        stop = min(start + chunk_size, n_points)
        chunk = {k: v[start:stop] for k, v in flat.items()}
        payoffs, probs = scenario.evaluate(mode=mode, fix=fix, **chunk)
        # regret of every profile (the verifier, vectorised); equilibria are where it is small
        gaps, scale = profile_regrets(payoffs, n)
        mask = gaps <= (tol * scale).reshape(scale.shape + (1,) * n)
        found: tuple[Any, ...] = np.nonzero(mask)
        point, prof = found[0], found[1:]
        points.append(point + start)
        profiles.append(np.stack(prof, axis=1) if prof else np.zeros((point.size, 0), np.intp))
        at: tuple[Any, ...] = (point, slice(None), *prof)
        eq_probs.append(probs[at])
        eq_payoffs.append(payoffs[at])
        regrets.append(gaps[found])
        weak, tied = credibility_flags(payoffs, point, profiles[-1], tol)
        weakly.append(weak)
        indifferent.append(tied)
    point = np.concatenate(points)
    prof_all: NDArray[np.intp] = np.concatenate(profiles)
    probs_eq = np.concatenate(eq_probs)
    pays_eq = np.concatenate(eq_payoffs)
    regret = np.concatenate(regrets)
    # points without any pure equilibrium get one row with equilibrium = -1
    counts = np.bincount(point, minlength=n_points)
    empty = np.flatnonzero(counts == 0)
    order = np.argsort(np.concatenate([point, empty]), kind="stable")
    point_all = np.concatenate([point, empty])[order]
    has = np.concatenate([np.ones(point.size, bool), np.zeros(empty.size, bool)])[order]
    n_rows = point_all.size

    def spread_rows(values: NDArray[Any], fill: Any) -> NDArray[Any]:
        full = np.empty((n_rows, *values.shape[1:]), dtype=values.dtype if fill is None else object)
        if fill is not None or values.dtype.kind == "f":
            full[...] = np.nan if fill is None else fill
        full[has] = values
        return full

    first = np.searchsorted(point_all, point_all)  # index of each point's first row
    columns = leading_columns(
        scenario,
        point=point_all,
        params={name: values[point_all] for name, values in flat.items()},
        mode=mode,
        n_equilibria=counts[point_all],
        equilibrium=np.where(has, np.arange(n_rows) - first, -1),
        strategies=[spread_rows(labels[i][prof_all[:, i]], None) for i in range(n)],
        probabilities=spread_rows(probs_eq, None),
        payoffs=spread_rows(pays_eq, None),
        regret=spread_rows(regret, None),
        method="pure_nash_mask",
        changed=_changed(point_all, has, prof_all, n_points),
    )
    # credibility: a one-stage game has no proper subgame; flag untested or dominated choices
    names = np.array(players, dtype=object)
    for col, flags in (("weakly_dominated", weakly), ("indifferent", indifferent)):
        joined = np.array([", ".join(names[row]) for row in np.concatenate(flags)], dtype=object)
        columns[col] = spread_rows(joined, "")
    columns["subgame_perfect"] = has
    columns["credible"] = has & (columns["weakly_dominated"] == "") & (columns["indifferent"] == "")
    return pd.DataFrame(columns)


def _changed(
    point_all: NDArray[np.intp], has: NDArray[np.bool_], prof: NDArray[np.intp], n_points: int
) -> NDArray[np.bool_]:
    """Per row: whether its point's set of equilibria differs from the previous point's.

    Rows are sorted by point, and within a point by profile, so two points
    have the same set iff they have the same count and equal profiles row by
    row; the comparison is vectorised over all rows.
    """
    eq_points = point_all[has]
    counts = np.bincount(eq_points, minlength=n_points)
    flat: NDArray[np.intp] = (
        np.ravel_multi_index(tuple(prof.T), tuple(prof.max(axis=0) + 1))
        if prof.size
        else np.zeros(prof.shape[0], np.intp)
    )
    per_point = np.zeros(n_points, dtype=bool)
    per_point[1:] = counts[1:] != counts[:-1]
    # rows whose point has the same count as the previous point: compare with the row
    # counts[previous] positions earlier
    same = ~per_point[eq_points] & (eq_points > 0)
    rows = np.flatnonzero(same)
    lag = counts[eq_points[rows] - 1]
    differs = flat[rows] != flat[rows - lag]
    np.logical_or.at(per_point, eq_points[rows], differs)
    per_point[0] = False
    return per_point[point_all]


def _column_order(
    params: list[str], players: tuple[str, ...], outcomes: tuple[str, ...]
) -> list[str]:
    return [
        "point",
        *params,
        "mode",
        "n_equilibria",
        "equilibrium",
        *players,
        *(f"prob_{o}" for o in outcomes),
        "settlement_probability",
        *(f"payoff_{p}" for p in players),
        "regret",
        "method",
        "changed",
    ]


def _describe(labels: tuple[str, ...], probs: FloatArray) -> str:
    used = np.flatnonzero(probs > 1e-9)
    if used.size == 1:
        return labels[int(used[0])]
    return "|".join(f"{labels[k]}:{probs[k]:.4g}" for k in used)


def _mixed_sweep(
    scenario: Scenario,
    flat: Mapping[str, FloatArray],
    n_points: int,
    solver: str,
    lam: float | None,
    mode: str | None,
    fix: Mapping[str, str] | None,
    tol: float,
    progress: bool | None,
) -> Any:
    from ..solvers import nash, qre

    pd = pandas()
    players = scenario.players
    outcomes = scenario.outcomes
    settle = [outcomes.index(o) for o in scenario.settlement_outcomes]
    rows: list[dict[str, Any]] = []
    previous: Any = None
    previous_key: tuple[Any, ...] | None = None
    for k in progress_bar(
        range(n_points), total=n_points, progress=progress, desc=f"sweep ({solver})"
    ):
        point = {name: float(v[k]) for name, v in flat.items()}
        game = scenario.game(mode=mode, fix=fix, **point)
        init = previous if previous is not None and previous.game.shape == game.shape else None
        if solver == "qre":
            assert lam is not None
            profiles = [qre(game, lam=lam, tol=tol, init=init).profile]
        else:
            profiles = list(nash(game, tol=tol, init=init).equilibria)
        probs = scenario.outcome_probabilities(mode=mode, fix=fix, **point)
        # a qualitative change: another most likely strategy for some player
        key = tuple(tuple(int(np.argmax(v)) for v in p.probabilities) for p in profiles)
        changed = previous_key is not None and key != previous_key
        previous_key = key
        if profiles:
            previous = profiles[0]
        if not profiles:
            rows.append({"point": k, **point, "n_equilibria": 0, "equilibrium": -1})
        for e, prof in enumerate(profiles):
            operands: list[Any] = [probs, [game.n_players, *range(game.n_players)]]
            for i, v in enumerate(prof.probabilities):
                operands.extend((v, [i]))
            operands.append([game.n_players])
            dist = np.einsum(*operands)
            row: dict[str, Any] = {
                "point": k,
                **point,
                "n_equilibria": len(profiles),
                "equilibrium": e,
            }
            for i, p in enumerate(players):
                row[p] = _describe(game.strategies[i], prof.probabilities[i])
            for j, o in enumerate(outcomes):
                row[f"prob_{o}"] = float(dist[j])
            row["settlement_probability"] = float(dist[settle].sum())
            for i, p in enumerate(players):
                row[f"payoff_{p}"] = float(prof.payoffs[i])
            row["regret"] = prof.regret
            row["changed"] = changed
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame["mode"] = mode or scenario.default_mode
    frame["method"] = f"qre(lam={lam:g})" if solver == "qre" and lam is not None else "nash"
    for col in _column_order(list(flat), players, outcomes):
        if col not in frame:
            frame[col] = np.nan
    frame["changed"] = frame["changed"].fillna(False).astype(bool)
    return frame[_column_order(list(flat), players, outcomes)]


def summarise_sweep(frame: Any) -> Any:
    """One row per grid point: equilibrium count and the range of settlement probability.

    Columns: the swept parameters, ``n_equilibria``, ``min_settlement``,
    ``max_settlement``, and ``outcomes`` (the distinct most-likely outcomes of
    the equilibria, joined by ``" / "``).

    Examples
    --------
    >>> import numpy as np, mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> df = ms.analysis.sweep(sc, china_pressure=[0.0, 0.8, 0.95])
    >>> ms.analysis.summarise_sweep(df)["outcomes"].tolist()
    ['prolonged_war', 'withdrawal', 'prolonged_war']
    >>> one_shot = sc.with_structure("simultaneous")  # every pure equilibrium of the one-shot game
    >>> df = ms.analysis.sweep(one_shot, china_pressure=[0.0, 0.8, 0.95])
    >>> ms.analysis.summarise_sweep(df)["outcomes"].tolist()
    ['ceasefire / prolonged_war', 'ceasefire / prolonged_war', 'ceasefire / prolonged_war']
    """
    pd = pandas()
    meta = frame.attrs.get("mediation_sim", {})
    params = list(meta.get("grid", {})) or [
        c for c in frame.columns if c not in {"point", "mode"} and c.startswith("china")
    ]
    prob_cols = [c for c in frame.columns if c.startswith("prob_")]
    has = frame["equilibrium"] >= 0
    top = pd.Series(pd.NA, index=frame.index, dtype=object)
    top[has] = frame.loc[has, prob_cols].idxmax(axis=1).str.removeprefix("prob_")
    work = frame.assign(_top=top)
    grouped = work.groupby("point", sort=True)
    out = grouped[params].first()
    out["n_equilibria"] = grouped["n_equilibria"].first()
    out["min_settlement"] = grouped["settlement_probability"].min()
    out["max_settlement"] = grouped["settlement_probability"].max()
    out["outcomes"] = grouped["_top"].agg(
        lambda s: " / ".join(sorted({str(x) for x in s.dropna()})) or "none"
    )
    return out.reset_index(drop=True)
