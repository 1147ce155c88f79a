"""Analysis of dynamic scenarios: when pressure should come, how long until a settlement.

Every function takes a :class:`~mediation_sim.scenarios.DynamicScenario` and
returns a tidy pandas DataFrame (pandas is imported lazily):

* :func:`timing_grid` — settlement probability, expected quarters to
  settlement, expected terms and both sides' values for every pressure
  level × start quarter (one vectorised pass);
* :func:`outcomes_over_time` — probability of war with solid / eroded
  consensus and of settlement, quarter by quarter;
* :func:`critical_pressure_by_start` — the least pressure that reaches a
  target settlement probability, as a function of when pressure starts;
* :func:`dynamic_monte_carlo` — the same answers over the scenario's
  uncertain assumptions, seeded per block from ``SeedSequence.spawn`` so that
  serial, process-pool and Dask runs give identical results.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from .._errors import InvalidArgumentError
from .._results import Result
from .._validation import check_positive_int

if TYPE_CHECKING:
    import pandas as pd

    from ..scenarios.dynamic import DynamicScenario

__all__ = [
    "DynamicMonteCarloResult",
    "critical_pressure_by_start",
    "dynamic_monte_carlo",
    "outcomes_over_time",
    "timing_grid",
]

#: Grid parameters, which Monte Carlo keeps at their defaults.
_FIXED = ("quarters", "front_steps", "front_start")


def _check(scenario: object, func: str) -> DynamicScenario:
    from ..scenarios.dynamic import DynamicScenario

    if not isinstance(scenario, DynamicScenario):
        raise InvalidArgumentError(
            f"{func}(): scenario must be a DynamicScenario (ms.scenarios.load_dynamic(...)), "
            f"got {type(scenario).__name__}"
        )
    return scenario


def timing_grid(
    scenario: DynamicScenario,
    pressures: ArrayLike,
    starts: ArrayLike,
    **overrides: float,
) -> pd.DataFrame:
    """Outcomes for every pressure level × start quarter, in one vectorised solve.

    Returns
    -------
    pandas.DataFrame
        One row per (pressure, start) with columns ``pressure``, ``start``,
        ``settled_within`` (probability of a settlement before the horizon),
        ``expected_quarters`` (expected quarter of settlement, given one),
        ``expected_terms`` (Ukraine's expected share at settlement, given
        one), ``frozen`` and ``kyiv_value``, ``moscow_value``.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    >>> grid = ms.analysis.timing_grid(sc, [0.0, 1.0], [0, 8])
    >>> grid[["pressure", "start", "settled_within"]].round(3)
       pressure  start  settled_within
    0       0.0      0           0.673
    1       1.0      0           0.937
    2       0.0      8           0.673
    3       1.0      8           0.685
    """
    sc = _check(scenario, "timing_grid")
    p = np.atleast_1d(np.asarray(pressures, dtype=np.float64))
    s = np.atleast_1d(np.asarray(starts, dtype=np.float64))
    if p.ndim != 1 or s.ndim != 1:
        raise InvalidArgumentError("timing_grid(): pressures and starts must be 1-D")
    res = sc.batch(p[None, :], s[:, None], **overrides)
    by_q = res["settlement_by_quarter"]
    settled = by_q.sum(axis=-1)
    quarters = np.arange(by_q.shape[-1])
    with np.errstate(invalid="ignore", divide="ignore"):
        expected_q = np.where(settled > 0, (by_q * quarters).sum(axis=-1) / settled, np.nan)
        terms = np.where(by_q > 0, res["terms_by_quarter"], 0.0)
        expected_terms = np.where(settled > 0, (by_q * terms).sum(axis=-1) / settled, np.nan)
    import pandas as pd

    return pd.DataFrame(
        {
            "pressure": np.broadcast_to(p[None, :], settled.shape).ravel(),
            "start": np.broadcast_to(s[:, None], settled.shape).ravel().astype(int),
            "settled_within": settled.ravel(),
            "expected_quarters": expected_q.ravel(),
            "expected_terms": expected_terms.ravel(),
            "frozen": res["frozen"].ravel(),
            "kyiv_value": res["values"][..., 0].ravel(),
            "moscow_value": res["values"][..., 1].ravel(),
        }
    )


def outcomes_over_time(
    scenario: DynamicScenario, pressure: float = 0.0, start: int = 0, **overrides: float
) -> pd.DataFrame:
    """Probability of each outcome at the start of every quarter (long format).

    Returns
    -------
    pandas.DataFrame
        Columns ``quarter``, ``outcome`` (``war_solid``, ``war_eroded``,
        ``settled``) and ``probability``; each quarter's rows sum to 1.
        ``quarter == quarters`` is the horizon (the war that is left freezes).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    >>> frame = ms.analysis.outcomes_over_time(sc, pressure=0.8)
    >>> frame.groupby("quarter")["probability"].sum().round(12).unique()
    array([1.])
    """
    sc = _check(scenario, "outcomes_over_time")
    sol = sc.solve(pressure, start, **overrides)
    war = sol.war_states
    settled = 1.0 - war.sum(axis=1)
    quarters = np.arange(war.shape[0])
    import pandas as pd

    frames = [
        pd.DataFrame({"quarter": quarters, "outcome": name, "probability": values})
        for name, values in (
            ("war_solid", war[:, 0]),
            ("war_eroded", war[:, 1]),
            ("settled", np.clip(settled, 0.0, 1.0)),
        )
    ]
    return pd.concat(frames, ignore_index=True).sort_values(
        ["quarter", "outcome"], ignore_index=True
    )


def critical_pressure_by_start(
    scenario: DynamicScenario,
    starts: Sequence[int] | None = None,
    *,
    target: float = 0.9,
    resolution: int = 1001,
    **overrides: float,
) -> pd.DataFrame:
    """The least pressure reaching ``target`` settlement probability, for each start quarter.

    Returns
    -------
    pandas.DataFrame
        Columns ``start`` and ``critical_pressure`` (NaN: even full pressure
        starting then falls short).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    >>> ms.analysis.critical_pressure_by_start(sc, [0, 2, 6])
       start  critical_pressure
    0      0              0.711
    1      2              0.804
    2      6                NaN
    """
    sc = _check(scenario, "critical_pressure_by_start")
    if starts is None:
        starts = list(range(int(sc.parameters["quarters"].default)))
    values = [
        sc.critical_pressure(int(k), target=target, resolution=resolution, **overrides)
        for k in starts
    ]
    import pandas as pd

    return pd.DataFrame({"start": [int(k) for k in starts], "critical_pressure": values})


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class DynamicMonteCarloResult(Result):
    """Monte Carlo over a dynamic scenario's assumptions.

    Attributes
    ----------
    draws : pandas.DataFrame
        One row per draw: ``draw``, every sampled parameter, and
        ``settled_within``, ``expected_quarters``, ``expected_terms``.
    curves : pandas.DataFrame
        Long format ``draw``, ``quarter``, ``settled_by`` (probability of a
        settlement before the start of that quarter), for fan charts.
    metadata : dict
        Seed entropy, ``n``, ``block_size``, pressure, start, executor, wall time.
    """

    draws: Any = field(repr=False)
    curves: Any = field(repr=False)
    metadata: dict[str, Any]

    def summary(self) -> str:
        """Median and 90% interval of the settlement probability and timing."""
        d = self.draws
        meta = self.metadata
        lines = [f"{len(d)} draws, pressure {meta['pressure']:g} from quarter {meta['start']}"]
        for col in ("settled_within", "expected_quarters", "expected_terms"):
            q = d[col].quantile([0.05, 0.5, 0.95]).to_numpy()
            lines.append(f"  {col}: median {q[1]:.3g} (90% interval {q[0]:.3g} to {q[2]:.3g})")
        return "\n".join(lines)

    def _summary(self) -> dict[str, Any]:
        """Draws, curves (records) and metadata."""
        return {
            "draws": self.draws.to_dict(orient="records"),
            "curves": self.curves.to_dict(orient="records"),
            "metadata": dict(self.metadata),
        }

    def __repr__(self) -> str:
        return (
            f"DynamicMonteCarloResult({len(self.draws)} draws, "
            f"pressure={self.metadata['pressure']:g}, start={self.metadata['start']})"
        )


def _run_block(
    scenario: DynamicScenario,
    seed: np.random.SeedSequence,
    size: int,
    pressure: float,
    start: int,
) -> dict[str, np.ndarray]:
    """One block: draws from its own seed, solved in one vectorised batch (picklable)."""
    draws = scenario.sample(size, rng=np.random.default_rng(seed))
    free = {k: v for k, v in draws.items() if k not in _FIXED}
    res = scenario.batch(pressure, start, **free)
    by_q = res["settlement_by_quarter"]
    out = dict(free)
    out["settlement_by_quarter"] = by_q
    out["terms_by_quarter"] = res["terms_by_quarter"]
    return out


def dynamic_monte_carlo(
    scenario: DynamicScenario,
    n: int = 1_000,
    *,
    pressure: float = 0.0,
    start: int = 0,
    rng: int | np.random.Generator | np.random.SeedSequence | None = None,
    block_size: int = 500,
    executor: Executor | None = None,
) -> DynamicMonteCarloResult:
    """Monte Carlo over the scenario's uncertain assumptions at one pressure and start quarter.

    Algorithm:

    1. Split ``n`` draws into blocks of ``block_size``; block ``k`` samples
       every assumption uniformly within its range from the ``k``-th child
       of ``SeedSequence(rng)``, so results depend on ``rng``, ``n`` and
       ``block_size`` only — not on the executor or worker order.
    2. Solve each block in one vectorised batch (serially, or on
       ``executor``: a process pool or a Dask client's executor).
    3. Return per-draw results and per-quarter settlement curves.

    Parameters
    ----------
    scenario : DynamicScenario
        The dynamic scenario whose assumptions are drawn.
    n : int, default 1000
        Number of draws.
    pressure : float, default 0
        Chinese pressure applied from quarter ``start`` on.
    start : int, default 0
        First quarter of pressure.
    rng : int, Generator, SeedSequence or None
        Seed (SPEC 7).
    block_size : int, default 500
        Draws per block (the unit of seeding and of work).
    executor : concurrent.futures.Executor, optional
        Runs the blocks (a process pool or a Dask client's executor); serial
        when omitted.

    Returns
    -------
    DynamicMonteCarloResult

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    >>> mc = ms.analysis.dynamic_monte_carlo(sc, 200, pressure=0.8, rng=0)
    >>> mc
    DynamicMonteCarloResult(200 draws, pressure=0.8, start=0)
    >>> bool(mc.draws["settled_within"].between(0, 1).all())
    True
    """
    sc = _check(scenario, "dynamic_monte_carlo")
    n = check_positive_int(n, func="dynamic_monte_carlo", name="n")
    block_size = check_positive_int(block_size, func="dynamic_monte_carlo", name="block_size")
    seed: object = rng
    if isinstance(seed, np.random.SeedSequence):
        root = seed
    elif isinstance(seed, np.random.Generator):
        root = np.random.SeedSequence(int(seed.integers(2**63)))
    elif seed is None or (
        isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0
    ):
        root = np.random.SeedSequence(None if seed is None else int(seed))
    else:
        raise InvalidArgumentError(
            "dynamic_monte_carlo(): rng must be None, a non-negative int, a SeedSequence or a "
            "Generator"
        )
    n_blocks = math.ceil(n / block_size)
    seeds = root.spawn(n_blocks)
    sizes = [min(block_size, n - k * block_size) for k in range(n_blocks)]
    started = time.perf_counter()
    if executor is None:
        blocks = [
            _run_block(sc, s, z, float(pressure), int(start))
            for s, z in zip(seeds, sizes, strict=True)
        ]
    else:
        futures = [
            executor.submit(_run_block, sc, s, z, float(pressure), int(start))
            for s, z in zip(seeds, sizes, strict=True)
        ]
        blocks = [f.result() for f in futures]
    wall = time.perf_counter() - started
    merged = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
    by_q = merged.pop("settlement_by_quarter")
    terms = np.where(by_q > 0, merged.pop("terms_by_quarter"), 0.0)
    settled = by_q.sum(axis=1)
    quarters = np.arange(by_q.shape[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        expected_q = np.where(settled > 0, (by_q * quarters).sum(axis=1) / settled, np.nan)
        expected_terms = np.where(settled > 0, (by_q * terms).sum(axis=1) / settled, np.nan)
    import pandas as pd

    draws = pd.DataFrame({"draw": np.arange(n), **merged})
    draws["settled_within"] = settled
    draws["expected_quarters"] = expected_q
    draws["expected_terms"] = expected_terms
    cumulative = np.concatenate([np.zeros((n, 1)), np.cumsum(by_q, axis=1)], axis=1)
    curves = pd.DataFrame(
        {
            "draw": np.repeat(np.arange(n), cumulative.shape[1]),
            "quarter": np.tile(np.arange(cumulative.shape[1]), n),
            "settled_by": cumulative.ravel(),
        }
    )
    metadata = {
        "seed_entropy": root.entropy,
        "n": n,
        "block_size": block_size,
        "pressure": float(pressure),
        "start": int(start),
        "scenario": sc.name,
        "executor": None if executor is None else type(executor).__name__,
        "wall_time": wall,
    }
    return DynamicMonteCarloResult(draws=draws, curves=curves, metadata=metadata)
