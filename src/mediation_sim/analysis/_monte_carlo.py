"""Monte Carlo over a scenario's uncertain assumptions.

Every assumption is drawn from its declared distribution over its plausible
range; for each draw the exact critical value of the control parameter and
the best/worst equilibrium probability of the outcome along a grid are
computed, all draws of a block at once.

Reproducibility: draws come in fixed blocks of ``block_size``; block ``k`` is
generated from the ``k``-th child of ``SeedSequence(seed).spawn(...)``, and a
short last block is the prefix of a full one. So the result depends only on
``rng``, ``n`` and ``block_size`` — not on the executor, the number of
workers or how blocks are grouped into tasks — and the first ``m`` draws of a
run with ``n > m`` are the draws of a run with ``n = m``.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError, UnknownNameError
from .._results import Result
from .._validation import DEFAULT_TOL, check_positive_int, check_probability, check_tol
from ..scenarios import forecast_only_parameters
from ..scenarios.assumptions import pressure_parameter, sample_parameters
from ..scenarios.scenario import Scenario
from ._frames import metadata, pandas, progress_bar
from ._mc_kernel import run_draws
from ._mixed import KIND_LABELS, fill_curves
from ._thresholds import outcome_indices

__all__ = ["MonteCarloResult", "monte_carlo"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Config:
    """Everything a worker needs besides the scenario and its block seeds (picklable)."""

    parameter: str
    bounds: tuple[float, float]
    outcome: str
    level: float
    selection: Literal["best", "worst"]
    mode: str | None
    fix: tuple[tuple[str, str], ...]
    grid: tuple[float, ...]
    tol: float
    block_size: int
    within: Literal["range", "bounds"]
    mixed: bool = True
    keep: Literal["all", "critical"] = "all"


def _run_blocks(
    scenario: Scenario, seeds: Sequence[np.random.SeedSequence], sizes: Sequence[int], cfg: _Config
) -> dict[str, NDArray[Any]]:
    """Evaluate blocks of draws (module level, so process pools and Dask can pickle it)."""
    idx = outcome_indices(scenario, cfg.outcome)
    fix = dict(cfg.fix) or None
    grid = np.asarray(cfg.grid)
    parts: dict[str, list[FloatArray]] = {}
    for seed, size in zip(seeds, sizes, strict=True):
        full = sample_parameters(
            scenario, cfg.block_size, rng=np.random.default_rng(seed), within=cfg.within
        )
        for k, v in full.items():
            if k != cfg.parameter:
                parts.setdefault(k, []).append(np.asarray(v)[:size])
    # all draws of the task, every grid value, in one batched pass (bit-identical to
    # critical_values + settlement_curves block by block; see _mc_kernel)
    draws = {k: np.concatenate(v) for k, v in parts.items()}
    # (sequential structures: run_draws routes them to batched backward induction)
    crit, top, count, best, worst = run_draws(
        scenario,
        draws,
        parameter=cfg.parameter,
        bounds=cfg.bounds,
        grid=grid,
        outcome_idx=idx,
        level=cfg.level,
        selection=cfg.selection,
        mode=cfg.mode,
        fix=fix,
        tol=cfg.tol,
    )
    if cfg.keep == "critical":  # only the per-draw columns travel back (and stay)
        return {
            "critical_value": crit,
            "window_upper": top,
            "n_intervals": count.astype(np.float64),
        }
    kind = np.zeros(best.shape, dtype=np.int8)
    if cfg.mixed:  # the rare (draw, grid value) pairs without a pure equilibrium
        best, worst, kind = fill_curves(
            scenario,
            draws,
            best,
            worst,
            parameter=cfg.parameter,
            grid=grid,
            outcome_idx=idx,
            mode=cfg.mode,
            fix=fix,
            tol=cfg.tol,
        )
    # parameters only the forecast lens reads cannot move these results: they are
    # drawn (so every other parameter's stream is unchanged) but not reported
    lensed = forecast_only_parameters(scenario)
    return {
        **{k: v for k, v in draws.items() if k not in lensed},
        "critical_value": crit,
        "window_upper": top,
        "n_intervals": count.astype(np.float64),
        "best": best,
        "worst": worst,
        "equilibrium_kind": kind,
    }


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class MonteCarloResult(Result):
    """Draws, critical values and outcome curves of a Monte Carlo run.

    Attributes
    ----------
    draws : pandas.DataFrame
        One row per draw: ``draw``, every sampled assumption (except those
        only the ``[forecast]`` table reads; none with ``keep="critical"``),
        and ``critical_value`` (smallest value of the control parameter at
        which the outcome is an equilibrium outcome; ``nan`` if never within
        the bounds), ``window_upper`` (largest such value) and
        ``n_intervals``.
    curves : pandas.DataFrame
        One row per draw x grid value (no rows with ``keep="critical"``):
        ``draw``, the control parameter,
        ``best`` and ``worst`` (the highest and lowest probability of the
        outcome over the pure equilibria, or, where there is none, over the
        mixed equilibria, from :func:`~mediation_sim.solvers.all_nash`), and
        ``equilibrium_kind`` (``"pure"``, ``"mixed"``, or ``"none"`` where
        no equilibrium was found and the values are ``nan``).
    metadata : Mapping[str, object]
        Seed entropy, block size, grid, versions, scenario hash, executor,
        wall time.
    """

    draws: Any
    curves: Any
    metadata: Mapping[str, Any] = field(repr=False)

    @property
    def parameter(self) -> str:
        """The control parameter whose critical value is reported."""
        return str(self.metadata["parameter"])

    def share(self, condition: Callable[[Any], Any] | str) -> float:
        """Share of draws in which a conclusion holds.

        Parameters
        ----------
        condition : callable or str
            A function of :attr:`draws` returning a boolean Series, or a
            ``DataFrame.query`` string such as ``"critical_value < 0.7"``.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> mc = ms.analysis.monte_carlo(sc, n=50, rng=0)
        >>> bool(mc.share("critical_value < 0.7") == (mc.draws["critical_value"] < 0.7).mean())
        True
        """
        if isinstance(condition, str):
            selected = len(self.draws.query(condition))
        else:
            selected = int(np.asarray(condition(self.draws), dtype=bool).sum())
        return selected / len(self.draws)

    def critical_quantiles(self, q: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> Any:
        """Quantiles of the critical value over the draws where it exists (pandas Series)."""
        return self.draws["critical_value"].dropna().quantile(list(q))

    def band(self, q: Sequence[float] = (0.05, 0.5, 0.95), *, which: str = "best") -> Any:
        """Quantiles of the outcome probability at each grid value (rows: grid, columns: q)."""
        if which not in ("best", "worst"):
            raise InvalidArgumentError("band(): which must be 'best' or 'worst'")
        if self.metadata.get("keep", "all") == "critical":
            raise InvalidArgumentError(
                "band(): this run kept no outcome curves (keep='critical'); "
                "run monte_carlo(..., keep='all')"
            )
        return self.curves.groupby(self.parameter)[which].quantile(list(q)).unstack()

    def summary(self) -> str:
        """A short text report."""
        crit = self.draws["critical_value"]
        exists = crit.notna().mean()
        lines = [
            (
                f"Monte Carlo: {len(self.draws)} draws of {self.metadata['scenario']} "
                f"(outcome {self.metadata['outcome']!r}, mode {self.metadata['mode']!r})"
            ),
            (
                f"  an equilibrium with the outcome exists somewhere in {self.parameter} "
                f"{tuple(self.metadata['bounds'])}: {exists:.1%} of draws"
            ),
        ]
        if exists > 0:
            qs = self.critical_quantiles()
            lines.append(
                "  critical value quantiles: "
                + ", ".join(f"q{int(k * 100):02d}={v:.3f}" for k, v in qs.items())
            )
            lines.append(
                f"  a closed window (outcome stops before the upper bound): "
                f"{(self.draws['window_upper'] < self.metadata['bounds'][1] - 1e-12).mean():.1%}"
            )
        lines.append(f"  wall time {self.metadata['wall_time']:.2f} s")
        return "\n".join(lines)

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form (the frames as lists of records)."""
        return {
            "metadata": dict(self.metadata),
            "draws": self.draws.to_dict(orient="records"),
            "curves": self.curves.to_dict(orient="records"),
        }

    def __repr__(self) -> str:
        return (
            f"MonteCarloResult({len(self.draws)} draws, parameter={self.parameter!r}, "
            f"outcome={self.metadata['outcome']!r})"
        )

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.summary())}</pre>"


def _seed_sequence(rng: object) -> np.random.SeedSequence:
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(2**63)))
    if rng is None or (
        isinstance(rng, int | np.integer) and not isinstance(rng, bool) and rng >= 0
    ):
        return np.random.SeedSequence(None if rng is None else int(rng))
    raise InvalidArgumentError(
        "monte_carlo(): rng must be None, a non-negative int, a SeedSequence or a Generator"
    )


def monte_carlo(
    scenario: Scenario,
    n: int = 10_000,
    *,
    rng: int | np.random.Generator | np.random.SeedSequence | None = None,
    parameter: str | None = None,
    outcome: str = "settlement",
    level: float = 0.5,
    selection: Literal["best", "worst"] = "best",
    mode: str | None = None,
    fix: Mapping[str, str] | None = None,
    grid: ArrayLike | None = None,
    within: Literal["range", "bounds"] = "range",
    tol: float = DEFAULT_TOL,
    executor: Executor | None = None,
    block_size: int = 512,
    blocks_per_task: int = 4,
    progress: bool | None = None,
    mixed: bool = True,
    keep: Literal["all", "critical"] = "all",
) -> MonteCarloResult:
    """Propagate the uncertainty of every assumption to the critical value and outcome curve.

    Algorithm:

    1. Split the ``n`` draws into blocks of ``block_size``, each seeded by
       its own child of ``SeedSequence(rng)`` (so results do not depend on
       how blocks are scheduled).
    2. In each block, draw every assumption from its declared distribution
       over its range (controls stay at their defaults), and, for all draws
       at once: compute the exact interval(s) of ``parameter`` where
       ``outcome`` is an equilibrium outcome (interval arithmetic, as in
       :func:`critical_value`), and the best and worst equilibrium
       probability of ``outcome`` on ``grid``. Payoffs are built at the two
       ends of ``parameter``'s bounds only, for all draws of a task at once:
       an equilibrium at a grid value is read off the same affine intervals
       (with ``tol``), and the rare grid values within rounding of a
       breakpoint are solved directly, so the numbers are those of solving
       every grid value, bit for bit.
    3. Run blocks in groups of ``blocks_per_task`` on ``executor`` (any
       :class:`concurrent.futures.Executor`: a process pool, or a Dask
       cluster's ``client.get_executor()``), or serially.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its payoffs must be affine in ``parameter``.
    n : int, default 10000
        Number of draws.
    rng : int, Generator or SeedSequence, optional
        Seed (SPEC 7); ``None`` draws fresh entropy, recorded in the metadata.
    parameter : str, optional
        The control parameter whose critical value is computed; default the
        scenario's (:func:`~mediation_sim.scenarios.pressure_parameter`: its
        bargaining model's pressure, or its only ``kind = "control"``
        parameter).
    outcome : str, default "settlement"
        Outcome id, or ``"settlement"`` for the scenario's settlement outcomes.

        .. versionchanged:: 0.2
           The default is ``"settlement"`` (was ``"withdrawal"``).
    level, selection, mode, fix
        As in :func:`critical_value`.
    grid : array_like, optional
        Values of ``parameter`` for the outcome curves (default 21 points
        across its bounds).
    within : {"range", "bounds"}, default "range"
        Sample assumptions over their plausible range or hard bounds.
    tol
        As in :func:`critical_value`.
    executor : concurrent.futures.Executor, optional
        Where to run the tasks; default serial in this process.
    block_size : int, default 512
        Draws per seeded block (part of the reproducibility key).
    blocks_per_task : int, default 4
        Blocks per task sent to the executor.
    progress : bool, optional
        Progress bar over tasks (default: only in an interactive terminal).
    mixed : bool, default True
        Where a draw has no pure equilibrium at a grid value, take the
        outcome probability from its mixed equilibria
        (:func:`~mediation_sim.solvers.all_nash`; under 1% of the flagship's
        draws x grid values, about 0.15 s each) instead of ``nan``.
    keep : {"all", "critical"}, default "all"
        What the result keeps. ``"all"``: every draw's sampled assumptions
        and its outcome curve on ``grid`` (about 3 kB per draw for the
        flagship: 10**6 draws need about 3 GB). ``"critical"``: only each
        draw's ``critical_value``, ``window_upper`` and ``n_intervals``
        (24 bytes per draw; the outcome curves and the mixed-equilibrium
        filling, which only they use, are skipped), for 10**7 draws and
        more. Those columns are identical under both; the assumptions of any
        draw can be re-drawn from the seed (see the module notes on
        reproducibility).

        .. versionadded:: 0.2

    Returns
    -------
    MonteCarloResult
        Per-draw and per-grid-value frames, with metadata.

    Raises
    ------
    InvalidArgumentError
        For bad options, or a parameter the payoffs are not affine in.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> mc = ms.analysis.monte_carlo(sc, n=64, rng=42, mode="committed", block_size=32)
    >>> again = ms.analysis.monte_carlo(
    ...     sc, n=64, rng=42, mode="committed", block_size=32, blocks_per_task=1
    ... )
    >>> bool(mc.draws.equals(again.draws))
    True
    >>> float(mc.draws["critical_value"].median()) > 0
    True

    ``keep="critical"`` keeps the same critical values and nothing else:

    >>> lean = ms.analysis.monte_carlo(
    ...     sc, n=64, rng=42, mode="committed", block_size=32, keep="critical"
    ... )
    >>> list(lean.draws.columns)
    ['draw', 'critical_value', 'window_upper', 'n_intervals']
    >>> bool(lean.draws["critical_value"].equals(mc.draws["critical_value"]))
    True
    """
    n = check_positive_int(n, func="monte_carlo", name="n")
    block_size = check_positive_int(block_size, func="monte_carlo", name="block_size")
    blocks_per_task = check_positive_int(
        blocks_per_task, func="monte_carlo", name="blocks_per_task"
    )
    level = check_probability(level, func="monte_carlo", name="level")
    tol = check_tol(tol, func="monte_carlo")
    if parameter is None:
        parameter = pressure_parameter(scenario)
    if parameter in scenario.parameters and len(scenario.parameters) == 1:
        raise InvalidArgumentError(
            f"monte_carlo(): scenario {scenario.name!r} has no assumption to draw besides "
            f"the control parameter {parameter!r}; use critical_value() or sweep()"
        )
    if parameter not in scenario.parameters:
        raise UnknownNameError(
            f"monte_carlo(): unknown parameter {parameter!r}; "
            f"parameters: {sorted(scenario.parameters)}"
        )
    # a bargaining stage's terms are not affine in the parameter; its structure is
    # sequential, and the sequential kernels bisect per draw, which needs no affinity
    if scenario.bargaining is None and not scenario.is_affine_in(parameter):
        raise InvalidArgumentError(
            f"monte_carlo(): payoffs are not affine in {parameter!r}; exact critical values need "
            "an affine parameter (use critical_value(..., method='bracket') per draw instead)"
        )
    if selection not in ("best", "worst"):
        raise InvalidArgumentError("monte_carlo(): selection must be 'best' or 'worst'")
    if within not in ("range", "bounds"):
        raise InvalidArgumentError("monte_carlo(): within must be 'range' or 'bounds'")
    if keep not in ("all", "critical"):
        raise InvalidArgumentError(f"monte_carlo(): keep must be 'all' or 'critical', got {keep!r}")
    outcome_indices(scenario, outcome)  # validates the name
    bounds = scenario.parameters[parameter].bounds
    grid_arr = (
        np.linspace(bounds[0], bounds[1], 21)
        if grid is None
        else np.asarray(grid, dtype=np.float64)
    )
    if grid_arr.ndim != 1 or grid_arr.size == 0:
        raise InvalidArgumentError("monte_carlo(): grid must be a non-empty 1-D array")
    scenario.resolve(**{parameter: grid_arr})  # grid within bounds
    scenario.strategy_labels(mode=mode, fix=fix)  # mode and fix valid
    cfg = _Config(
        parameter=parameter,
        bounds=(float(bounds[0]), float(bounds[1])),
        outcome=outcome,
        level=level,
        selection=selection,
        mode=mode,
        fix=tuple(sorted((fix or {}).items())),
        grid=tuple(float(x) for x in grid_arr),
        tol=tol,
        block_size=block_size,
        within=within,
        mixed=bool(mixed),
        keep=keep,
    )
    root = _seed_sequence(rng)
    n_blocks = math.ceil(n / block_size)
    seeds = root.spawn(n_blocks)
    sizes = [min(block_size, n - k * block_size) for k in range(n_blocks)]
    tasks = [
        (seeds[k : k + blocks_per_task], sizes[k : k + blocks_per_task])
        for k in range(0, n_blocks, blocks_per_task)
    ]
    started = time.perf_counter()
    if executor is None:
        results = [
            _run_blocks(scenario, s, z, cfg)
            for s, z in progress_bar(tasks, total=len(tasks), progress=progress, desc="monte carlo")
        ]
    else:
        futures = [executor.submit(_run_blocks, scenario, s, z, cfg) for s, z in tasks]
        results = [
            f.result()
            for f in progress_bar(
                futures, total=len(futures), progress=progress, desc="monte carlo"
            )
        ]
    wall = time.perf_counter() - started
    merged = {k: np.concatenate([r[k] for r in results]) for k in results[0]}
    pd = pandas()
    curve_keys = ("best", "worst", "equilibrium_kind")
    draws = pd.DataFrame({k: v for k, v in merged.items() if k not in curve_keys})
    draws.insert(0, "draw", np.arange(n))
    draws["n_intervals"] = draws["n_intervals"].astype(int)
    rows = 0 if keep == "critical" else n
    empty = np.zeros((0, grid_arr.size))
    curves = pd.DataFrame(
        {
            "draw": np.repeat(np.arange(rows), grid_arr.size),
            parameter: np.tile(grid_arr, rows),
            "best": merged.get("best", empty).reshape(-1),
            "worst": merged.get("worst", empty).reshape(-1),
            # (an empty column stays object: a saved result reads it back as such)
            "equilibrium_kind": (
                pd.Series(merged["equilibrium_kind"].reshape(-1)).map(KIND_LABELS)
                if rows
                else pd.Series([], dtype=object)
            ),
        }
    )
    meta = metadata(
        scenario,
        kind="monte_carlo",
        n=n,
        seed_entropy=str(root.entropy),
        block_size=block_size,
        blocks_per_task=blocks_per_task,
        parameter=parameter,
        bounds=list(cfg.bounds),
        outcome=outcome,
        level=level,
        selection=selection,
        mode=mode or scenario.default_mode,
        fix=dict(cfg.fix),
        grid=grid_arr.tolist(),
        within=within,
        keep=keep,
        tol=tol,
        executor=None if executor is None else type(executor).__name__,
        wall_time=wall,
        draws_per_second=n / wall if wall > 0 else math.inf,
    )
    draws.attrs["mediation_sim"] = meta
    curves.attrs["mediation_sim"] = meta
    return MonteCarloResult(draws=draws, curves=curves, metadata=meta)
