r"""The expected-utility forecast beside the equilibrium: sweeps, crossings, Monte Carlo, plots.

A scenario with a ``[forecast]`` table (see
:func:`mediation_sim.scenarios.forecast_spec`) has two lenses on the same
issue line: the BDM / Scholz forecast of where the actors settle, and the
expected place on the line of each equilibrium's outcome lottery
(:math:`\sum_o P(o)\, v_o`, with the table's ``outcome_values``
:math:`v_o`).

Frames
------
:func:`forecast_sweep` returns one row per grid point x equilibrium:

``point``, one column per swept parameter, ``mode``, ``n_equilibria``,
``equilibrium`` (index within the point, ``-1`` if none), ``forecast``
(the forecast settlement), ``forecast_mean`` (the weighted mean position
at the end), ``equilibrium_settlement`` (the expected place on the line,
NaN without an equilibrium), ``settlement_probability`` and ``gap``
(``forecast - equilibrium_settlement``).

:func:`forecast_monte_carlo` returns a :class:`ForecastMonteCarloResult`
whose ``draws`` frame has ``draw``, one column per sampled forecast
parameter and ``forecast``.
"""

from __future__ import annotations

import html
import math
import numbers
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError
from .._results import Result
from .._validation import check_positive_int, check_tol
from ..models.forecasting import BDMForecast
from ..scenarios import (
    Scenario,
    forecast_inputs,
    forecast_settlements,
    forecast_spec,
    sample_parameters,
)
from ..scenarios.assumptions import pressure_parameter
from ._frames import attach, metadata, pandas, progress_bar
from ._plotting import finish_axes, plot_axes
from ._sweep import sweep

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "ForecastCrossing",
    "ForecastMonteCarloResult",
    "forecast_crossing",
    "forecast_monte_carlo",
    "forecast_sweep",
    "plot_forecast_paths",
    "plot_forecast_sweep",
]

FloatArray = NDArray[np.float64]


def forecast_sweep(
    scenario: Scenario,
    *,
    solver: Literal["pure", "qre", "nash"] = "pure",
    mode: str | None = None,
    max_iter: int = 200,
    tol: float = 1e-6,
    progress: bool | None = None,
    lens: Literal["bdm", "smp"] = "bdm",
    **grids: ArrayLike,
) -> Any:
    """The forecast and the equilibrium settlement over a grid of parameter values.

    Algorithm:

    1. Solve the game at every grid point with :func:`~mediation_sim.analysis.sweep`
       (``solver``, ``mode``).
    2. Forecast every grid point at once
       (:func:`~mediation_sim.scenarios.forecast_settlements`).
    3. Place each equilibrium on the issue line: the expectation of the
       table's ``outcome_values`` under its outcome probabilities.

    Parameters
    ----------
    scenario : Scenario
        A scenario with a ``[forecast]`` table that places every outcome.
    solver : str
        As in :func:`~mediation_sim.analysis.sweep`.
    mode : str, optional
        Game mode; default the ``[forecast]`` table's ``mode``, else the
        scenario's default.
    max_iter, tol
        Rounds and stopping tolerance of the forecast (see
        :func:`~mediation_sim.models.forecasting.bdm_forecast`).
    progress : bool, optional
        As in :func:`~mediation_sim.analysis.sweep`.
    lens : {"bdm", "smp"}, default "bdm"
        The forecasting model: the BDM / Scholz rounds, or KTAB's Spatial
        Model of Politics (:func:`~mediation_sim.scenarios.forecast_smp`,
        one grid point at a time; ``max_iter`` caps its rounds, ``tol`` is
        not used). With ``"smp"``, ``forecast`` is the SMP's
        probability-weighted final position and ``forecast_mean`` the
        capability-and-salience-weighted mean of its final positions.
    **grids : array_like
        One 1-D array of values per swept parameter.

    Returns
    -------
    pandas.DataFrame
        Columns in the module docstring; metadata in ``attrs["mediation_sim"]``.

    Raises
    ------
    InvalidArgumentError
        If the scenario has no forecast, or its table does not place the
        outcomes on the line (``outcome_values``).

    Examples
    --------
    >>> import numpy as np, mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> df = ms.analysis.forecast_sweep(sc, china_pressure=np.linspace(0, 1, 5), mode="committed")
    >>> sorted(df.columns[:3])
    ['china_pressure', 'mode', 'point']
    >>> bool(df["forecast"].between(0, 1).all())
    True
    """
    if lens not in ("bdm", "smp"):
        raise InvalidArgumentError(f"forecast_sweep(): lens must be 'bdm' or 'smp', got {lens!r}")
    fs = forecast_spec(scenario)
    if not fs.outcome_values:
        raise InvalidArgumentError(
            f"forecast_sweep(): scenario {scenario.name!r} does not place its outcomes on the "
            "issue line; add outcome_values to its [forecast] table"
        )
    started = time.perf_counter()
    mode = mode or fs.mode
    grid_args: dict[str, Any] = dict(grids)
    eq = sweep(scenario, solver=solver, mode=mode, progress=progress, **grid_args)
    names = list(grids)
    first = eq.groupby("point", sort=True).first()
    point_values = {name: first[name].to_numpy(dtype=np.float64) for name in names}
    inputs = forecast_inputs(scenario, **point_values)
    if lens == "smp":
        settle, mean = _smp_settlements(scenario, point_values, max_rounds=max_iter)
    else:
        settle = forecast_settlements(scenario, max_iter=max_iter, tol=tol, **point_values)
        mean = _final_means(inputs, max_iter=max_iter, tol=tol, scenario=scenario)
    idx = eq["point"].to_numpy()
    pos = np.searchsorted(first.index.to_numpy(), idx)
    eq_line = np.zeros(len(eq))
    for outcome, values in inputs.outcome_values.items():
        eq_line += (
            eq[f"prob_{outcome}"].to_numpy(dtype=np.float64)
            * np.broadcast_to(values, settle.shape)[pos]
        )
    pd = pandas()
    frame = pd.DataFrame({"point": idx})
    for name in names:
        frame[name] = eq[name].to_numpy()
    for col in ("mode", "n_equilibria", "equilibrium"):
        frame[col] = eq[col].to_numpy()
    frame["forecast"] = settle[pos]
    frame["forecast_mean"] = mean[pos]
    frame["equilibrium_settlement"] = eq_line
    frame["settlement_probability"] = eq["settlement_probability"].to_numpy()
    frame["gap"] = frame["forecast"] - frame["equilibrium_settlement"]
    meta = metadata(
        scenario,
        kind="forecast_sweep",
        solver=solver,
        mode=mode or scenario.default_mode,
        grids={k: np.asarray(v, dtype=float).tolist() for k, v in grids.items()},
        forecast_outcome=fs.outcome,
        forecast_probability=fs.probability,
        lens=lens,
        max_iter=max_iter,
        tol=tol,
        wall_time=time.perf_counter() - started,
    )
    return attach(frame, meta)


def _smp_settlements(
    scenario: Scenario, point_values: dict[str, FloatArray], *, max_rounds: int
) -> tuple[FloatArray, FloatArray]:
    """KTAB SMP settlement and weighted mean final position at each grid point."""
    from ..scenarios import forecast_smp

    n = len(next(iter(point_values.values()))) if point_values else 1
    settle = np.empty(n)
    mean = np.empty(n)
    for k in range(n):
        values = {name: float(v[k]) for name, v in point_values.items()}
        res = forecast_smp(scenario, max_rounds=max_rounds, **values)
        inp = forecast_inputs(scenario, **values)
        keep = (inp.capabilities > 0) & (inp.saliences > 0)
        w = inp.capabilities[keep] * inp.saliences[keep]
        settle[k] = res.settlement
        mean[k] = float(w @ res.positions / w.sum())
    return settle, mean


def _final_means(inputs: Any, *, max_iter: int, tol: float, scenario: Scenario) -> FloatArray:
    """The weighted mean position at the end of the forecast, for a batch of inputs."""
    from ..models.forecasting import bdm_settlements

    fs = forecast_spec(scenario)
    out: FloatArray = bdm_settlements(
        inputs.positions,
        inputs.capabilities,
        inputs.saliences,
        bounds=inputs.bounds,
        probability=fs.probability,
        outcome="mean",
        max_iter=max_iter,
        tol=tol,
    )
    return out


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class ForecastCrossing(Result):
    """Where the forecast crosses a target value as one parameter varies.

    Attributes
    ----------
    parameter : str
        The varied parameter.
    target : float
        The value on the issue line.
    crossings : tuple of float
        Every crossing found, in increasing order (each located to ``xtol``).
    directions : tuple of str
        ``"up"`` where the forecast rises through the target, ``"down"`` where it falls.
    value : float
        The first crossing in the requested direction (NaN if none).
    found : bool
        Whether ``value`` exists.
    n_evaluations : int
        Forecasts computed (grid plus bisection, counted per point).
    """

    parameter: str
    target: float
    crossings: tuple[float, ...]
    directions: tuple[str, ...]
    value: float
    found: bool
    n_evaluations: int

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form (NaN becomes None)."""
        return {
            "parameter": self.parameter,
            "target": self.target,
            "crossings": list(self.crossings),
            "directions": list(self.directions),
            "value": self.value if self.found else None,
            "found": self.found,
            "n_evaluations": self.n_evaluations,
        }

    def __repr__(self) -> str:
        where = f"{self.value:.6g}" if self.found else "none"
        return (
            f"ForecastCrossing({self.parameter}={where}, target={self.target:.6g}, "
            f"{len(self.crossings)} crossing(s))"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def forecast_crossing(
    scenario: Scenario,
    target: float,
    *,
    parameter: str | None = None,
    direction: Literal["up", "down", "either"] = "either",
    grid: int = 101,
    xtol: float = 1e-6,
    max_iter: int = 200,
    tol: float = 1e-6,
    **fixed: float,
) -> ForecastCrossing:
    """The parameter value at which the forecast settlement crosses ``target``.

    Algorithm: evaluate the forecast on ``grid`` equally spaced values over
    the parameter's bounds (one batch), bracket every sign change of
    ``forecast - target``, then bisect all brackets at once until each is
    shorter than ``xtol``. The BDM forecast can jump (actors switch offers),
    so a "crossing" may be a jump through the target; bisection finds it
    either way. Crossings between two grid points that cancel out are missed:
    refine ``grid`` to look for them.

    Parameters
    ----------
    scenario : Scenario
        A scenario with a ``[forecast]`` table.
    target : float
        The value on the issue line (e.g. ``0.5``: half the contested land).
    parameter : str, optional
        The parameter varied over its bounds; default the scenario's control
        parameter (:func:`~mediation_sim.scenarios.pressure_parameter`).
    direction : {"either", "up", "down"}
        Which crossing ``value`` reports (the first of that kind).
    grid : int, default 101
        Points of the bracketing scan.
    xtol : float, default 1e-6
        Width of the final brackets.
    max_iter, tol
        As in :func:`~mediation_sim.models.forecasting.bdm_forecast`.
    **fixed : float
        Other parameter values (defaults otherwise).

    Returns
    -------
    ForecastCrossing

    Raises
    ------
    InvalidArgumentError
        On a bad option or a scenario without a forecast.
    UnknownNameError
        For an unknown parameter.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> res = ms.analysis.forecast_crossing(sc, 0.6, direction="up")
    >>> res.found, round(res.value, 3)
    (True, 0.381)
    >>> f = ms.scenarios.forecast_settlements
    >>> bool(f(sc, china_pressure=res.value - 1e-5) < 0.6 <= f(sc, china_pressure=res.value + 1e-5))
    True
    """
    func = "forecast_crossing"
    if parameter is None:
        parameter = pressure_parameter(scenario)
    if direction not in ("up", "down", "either"):
        raise InvalidArgumentError(f"{func}(): direction must be 'up', 'down' or 'either'")
    n_grid = check_positive_int(grid, func=func, name="grid", minimum=2)
    xtol = check_tol(xtol, func=func, name="xtol")
    try:
        target_f = float(target)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}(): target must be a number") from None
    if not math.isfinite(target_f):
        raise InvalidArgumentError(f"{func}(): target must be finite")
    scenario.resolve(**fixed)  # names and bounds
    if parameter not in scenario.parameters:
        scenario.resolve(**{parameter: 0.0})  # raises UnknownNameError listing the parameters
    lo, hi = scenario.parameters[parameter].bounds

    def excess(values: FloatArray) -> FloatArray:
        out = forecast_settlements(
            scenario, max_iter=max_iter, tol=tol, **fixed, **{parameter: values}
        )
        d: FloatArray = np.asarray(out, dtype=np.float64) - target_f
        return d

    xs = np.linspace(lo, hi, n_grid)
    above = excess(xs) >= 0
    n_eval = n_grid
    k = np.flatnonzero(above[:-1] != above[1:])
    a, b = xs[k], xs[k + 1]
    rising = above[k + 1]
    while a.size and (b - a).max() > xtol:
        mid = (a + b) / 2
        m_above = excess(mid) >= 0
        n_eval += mid.size
        same = m_above != rising  # mid on the same side as a
        a = np.where(same, mid, a)
        b = np.where(same, b, mid)
    crossings = tuple(float(v) for v in (a + b) / 2)
    directions = tuple("up" if r else "down" for r in rising)
    chosen = [c for c, d in zip(crossings, directions, strict=True) if direction in ("either", d)]
    return ForecastCrossing(
        parameter=parameter,
        target=target_f,
        crossings=crossings,
        directions=directions,
        value=chosen[0] if chosen else math.nan,
        found=bool(chosen),
        n_evaluations=int(n_eval),
    )


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class ForecastMonteCarloResult(Result):
    """Forecasts under uncertain positions, capabilities and saliences.

    Attributes
    ----------
    draws : pandas.DataFrame
        One row per draw: ``draw``, each sampled forecast parameter, ``forecast``.
    metadata : dict
        Seed entropy, block size, fixed values, scenario hash, executor, wall time.
    """

    draws: Any
    metadata: dict[str, Any]

    def quantiles(self, q: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> Any:
        """Quantiles of the forecast settlement (a pandas Series)."""
        return self.draws["forecast"].quantile(list(q))

    def share_above(self, x: float) -> float:
        """Share of draws whose forecast is at least ``x``."""
        return float((self.draws["forecast"] >= x).mean())

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {"draws": self.draws.to_dict(orient="list"), "metadata": dict(self.metadata)}

    def __repr__(self) -> str:
        med = float(self.draws["forecast"].median())
        return f"ForecastMonteCarloResult({len(self.draws)} draws, median forecast={med:.4g})"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def _forecast_blocks(
    scenario: Scenario,
    seeds: Sequence[np.random.SeedSequence],
    sizes: Sequence[int],
    names: Sequence[str],
    fixed: Mapping[str, float],
    max_iter: int,
    tol: float,
) -> dict[str, FloatArray]:
    """Draw and forecast a group of blocks (module level: picklable for process pools)."""
    parts: list[dict[str, FloatArray]] = []
    for seed, size in zip(seeds, sizes, strict=True):
        draws = sample_parameters(scenario, size, rng=np.random.default_rng(seed))
        params = {k: draws[k] for k in names}
        params.update({k: np.full(size, v) for k, v in fixed.items()})
        out = forecast_settlements(scenario, max_iter=max_iter, tol=tol, **params)
        parts.append({**{k: params[k] for k in names}, "forecast": out})
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _root_seed(rng: object, func: str) -> np.random.SeedSequence:
    """``SeedSequence`` behind ``rng`` (None, a non-negative int, a SeedSequence, a Generator)."""
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(2**63)))
    if rng is None:
        return np.random.SeedSequence()
    if isinstance(rng, bool):
        raise InvalidArgumentError(f"{func}(): rng must not be a bool")
    if isinstance(rng, numbers.Integral) and int(rng) >= 0:
        return np.random.SeedSequence(int(rng))
    raise InvalidArgumentError(
        f"{func}(): rng must be None, a non-negative int, a SeedSequence or a Generator"
    )


def forecast_monte_carlo(
    scenario: Scenario,
    n: int = 10_000,
    *,
    rng: int | np.random.Generator | np.random.SeedSequence | None = None,
    executor: Executor | None = None,
    block_size: int = 1_000,
    blocks_per_task: int = 1,
    max_iter: int = 200,
    tol: float = 1e-6,
    progress: bool | None = None,
    **fixed: float,
) -> ForecastMonteCarloResult:
    """The distribution of the forecast over the uncertainty of its assumptions.

    Algorithm:

    1. Split the ``n`` draws into blocks of ``block_size``; block ``k`` draws
       from the ``k``-th child of ``SeedSequence(rng)``, so results depend on
       ``rng``, ``n`` and ``block_size`` only (not on the executor).
    2. In each block sample every assumption over its range
       (:func:`~mediation_sim.scenarios.sample_parameters`), keep those the
       forecast uses, set ``fixed`` values, and forecast the whole block at
       once (:func:`~mediation_sim.scenarios.forecast_settlements`).
    3. Run groups of ``blocks_per_task`` blocks on ``executor`` or serially.

    Parameters
    ----------
    scenario : Scenario
        A scenario with a ``[forecast]`` table.
    n : int, default 10000
        Number of draws.
    rng : int, Generator or SeedSequence, optional
        Seed.
    executor : concurrent.futures.Executor, optional
        For example a ``ProcessPoolExecutor`` or a Dask client's executor.
    block_size, blocks_per_task : int
        Draws per block; blocks per submitted task.
    max_iter, tol
        As in :func:`~mediation_sim.models.forecasting.bdm_forecast`.
    progress : bool, optional
        Progress bar (default: only in an interactive terminal).
    **fixed : float
        Values held fixed (for example ``china_pressure=0.6``); other
        controls take their defaults.

    Returns
    -------
    ForecastMonteCarloResult

    Raises
    ------
    InvalidArgumentError
        On bad options or a scenario without a forecast.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> mc = ms.analysis.forecast_monte_carlo(sc, 200, rng=1, china_pressure=0.5)
    >>> len(mc.draws), bool(mc.draws["forecast"].between(0, 1).all())
    (200, True)
    >>> again = ms.analysis.forecast_monte_carlo(sc, 200, rng=1, china_pressure=0.5)
    >>> bool((again.draws["forecast"] == mc.draws["forecast"]).all())
    True
    """
    func = "forecast_monte_carlo"
    n = check_positive_int(n, func=func, name="n")
    block_size = check_positive_int(block_size, func=func, name="block_size")
    blocks_per_task = check_positive_int(blocks_per_task, func=func, name="blocks_per_task")
    fs = forecast_spec(scenario)
    scenario.resolve(**fixed)
    names = sorted(
        name
        for name in fs.parameters
        if name not in fixed and scenario.parameters[name].kind == "assumption"
    )
    root = _root_seed(rng, func)
    n_blocks = math.ceil(n / block_size)
    seeds = root.spawn(n_blocks)
    sizes = [min(block_size, n - k * block_size) for k in range(n_blocks)]
    tasks = [
        (seeds[k : k + blocks_per_task], sizes[k : k + blocks_per_task])
        for k in range(0, n_blocks, blocks_per_task)
    ]
    fixed_f = {k: float(v) for k, v in fixed.items()}
    started = time.perf_counter()
    if executor is None:
        results = [
            _forecast_blocks(scenario, s, z, names, fixed_f, max_iter, tol)
            for s, z in progress_bar(tasks, total=len(tasks), progress=progress, desc="forecast")
        ]
    else:
        futures = [
            executor.submit(_forecast_blocks, scenario, s, z, names, fixed_f, max_iter, tol)
            for s, z in tasks
        ]
        results = [
            f.result()
            for f in progress_bar(futures, total=len(futures), progress=progress, desc="forecast")
        ]
    wall = time.perf_counter() - started
    merged = {k: np.concatenate([r[k] for r in results]) for k in results[0]}
    pd = pandas()
    draws = pd.DataFrame({"draw": np.arange(n), **merged})
    meta = metadata(
        scenario,
        kind="forecast_monte_carlo",
        n=n,
        seed_entropy=str(root.entropy),
        block_size=block_size,
        blocks_per_task=blocks_per_task,
        fixed=fixed_f,
        sampled=list(names),
        max_iter=max_iter,
        tol=tol,
        executor=None if executor is None else type(executor).__name__,
        wall_time=wall,
        draws_per_second=n / wall if wall > 0 else math.inf,
    )
    draws.attrs["mediation_sim"] = meta
    return ForecastMonteCarloResult(draws=draws, metadata=meta)


def plot_forecast_paths(forecast: BDMForecast, *, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Each actor's position round by round, with the median and mean of each round.

    Parameters
    ----------
    forecast : BDMForecast
        For example from :func:`mediation_sim.scenarios.forecast`.
    ax : matplotlib Axes, optional
        Axes to draw on (a new figure otherwise).
    **kwargs
        Passed to ``ax.plot`` for the actors' lines.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import mediation_sim as ms
    >>> res = ms.scenarios.forecast(ms.scenarios.load("ukraine-2023"), china_pressure=0.6)
    >>> ax = ms.analysis.plot_forecast_paths(res)
    >>> len(ax.get_lines()) == len(res.names) + 2
    True
    """
    ax = plot_axes(ax, "plot_forecast_paths")
    rounds = np.arange(forecast.path.shape[0])
    for k, name in enumerate(forecast.names):
        ax.plot(rounds, forecast.path[:, k], label=name, **kwargs)
    ax.plot(rounds, forecast.median, color="black", linestyle="--", linewidth=2, label="median")
    ax.plot(rounds, forecast.mean, color="grey", linestyle=":", linewidth=2, label="mean")
    state = "converged" if forecast.converged else "not converged"
    ax.set_title(f"BDM forecast: {forecast.outcome} {forecast.settlement:.3g} ({state})")
    return finish_axes(ax, "round", "position", legend="best", fontsize="small")


def plot_forecast_sweep(
    frame: Any, *, parameter: str | None = None, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """The forecast settlement and each equilibrium's expected settlement along a sweep.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`forecast_sweep` (one swept parameter).
    parameter : str, optional
        The x-axis column (default: the sweep's only parameter).
    ax : matplotlib Axes, optional
        Axes to draw on.
    **kwargs
        Passed to ``ax.plot`` for the forecast line.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidArgumentError
        If the frame is not a one-parameter forecast sweep and ``parameter`` is not given.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> df = ms.analysis.forecast_sweep(sc, china_pressure=np.linspace(0, 1, 11))
    >>> ax = ms.analysis.plot_forecast_sweep(df)
    >>> ax.get_xlabel()
    'china_pressure'
    """
    if parameter is None:
        grids = frame.attrs.get("mediation_sim", {}).get("grids", {})
        if len(grids) != 1:
            raise InvalidArgumentError(
                "plot_forecast_sweep(): pass parameter= (the frame is not a one-parameter sweep)"
            )
        parameter = next(iter(grids))
    if parameter not in frame.columns:
        raise InvalidArgumentError(f"plot_forecast_sweep(): no column {parameter!r} in the frame")
    ax = plot_axes(ax, "plot_forecast_sweep")
    per_point = frame.groupby("point").first()
    ax.plot(per_point[parameter], per_point["forecast"], label="forecast (BDM)", **kwargs)
    ok = frame["equilibrium"] >= 0
    ax.scatter(
        frame.loc[ok, parameter],
        frame.loc[ok, "equilibrium_settlement"],
        s=14,
        color="black",
        alpha=0.6,
        label="equilibrium (expected)",
    )
    return finish_axes(
        ax, parameter, "settlement on the issue line", legend="best", fontsize="small"
    )
