"""Which assumptions drive the critical value: one-at-a-time (tornado) and Sobol' indices.

Both analyses evaluate the exact critical value of the control parameter
(see :func:`~mediation_sim.analysis.critical_value`) for many assumption
vectors at once. Sobol' indices use :func:`scipy.stats.sobol_indices`
(Saltelli 2010 estimators), with each assumption uniform over its plausible
range (triangular where declared).
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from .._errors import InvalidArgumentError, UnknownNameError
from .._results import Result
from .._suggest import unknown_name
from .._validation import (
    check_positive_int,
    check_probability,
    normalise_rng,
)
from ..scenarios.assumptions import pressure_parameter
from ..scenarios.scenario import Scenario
from ._batch import critical_values
from ._frames import metadata, pandas
from ._thresholds import outcome_indices

__all__ = ["SensitivityResult", "sensitivity"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class SensitivityResult(Result):
    """How much each assumption moves the critical value.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per assumption, sorted by ``abs(effect)``: ``assumption``;
        ``low`` and ``high``, the critical value with that assumption at the
        low and high end of its range (others at their defaults); ``effect``
        (``high - low``); and, with ``method="sobol"``, ``first_order`` and
        ``total_order`` Sobol' indices.
    baseline : float
        Critical value with every assumption at its default.
    metadata : Mapping[str, object]
        Options, seed, sample size, wall time.
    """

    frame: Any
    baseline: float
    metadata: Mapping[str, Any] = field(repr=False)

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "baseline": self.baseline,
            "rows": self.frame.to_dict(orient="records"),
            "metadata": dict(self.metadata),
        }

    def __repr__(self) -> str:
        top = ", ".join(str(a) for a in self.frame["assumption"].head(3))
        return f"SensitivityResult(baseline={self.baseline:.4g}, top: {top})"

    def _repr_html_(self) -> str:
        table = str(self.frame.head(15).to_html(index=False))
        return f"<p><b>{html.escape(repr(self))}</b></p>{table}"


def sensitivity(
    scenario: Scenario,
    *,
    parameter: str | None = None,
    outcome: str = "settlement",
    level: float = 0.5,
    mode: str | None = None,
    fix: Mapping[str, str] | None = None,
    method: Literal["oat", "sobol"] = "sobol",
    n: int = 256,
    rng: int | np.random.Generator | None = None,
) -> SensitivityResult:
    """Rank the assumptions by their influence on the critical value of ``parameter``.

    Algorithm:

    1. One-at-a-time (always): for each assumption, set it to the low and
       then the high end of its plausible range, others at their defaults,
       and compute the exact critical value (``2 d`` evaluations in one
       batch) — the data of a tornado chart.
    2. With ``method="sobol"``: Saltelli sampling of all assumptions at once
       (``n * (d + 2)`` evaluations, batched) and first-order and total
       Sobol' indices from :func:`scipy.stats.sobol_indices`. Where the
       outcome is never an equilibrium outcome within the bounds the
       critical value is censored at the upper bound.

    Parameters
    ----------
    scenario : Scenario
        The scenario; payoffs must be affine in ``parameter``.
    parameter, outcome, level, mode, fix
        As in :func:`critical_value` (``selection="best"``); ``parameter``
        defaults to the scenario's control parameter
        (:func:`~mediation_sim.scenarios.pressure_parameter`) and ``outcome``
        to ``"settlement"`` (any of the scenario's settlement outcomes; it
        was ``"withdrawal"`` before 0.2).
    method : {"oat", "sobol"}, default "sobol"
        Add Sobol' indices to the one-at-a-time analysis.
    n : int, default 256
        Sobol' base sample size (rounded up to a power of two).
    rng : int or Generator, optional
        Seed (SPEC 7).

    Returns
    -------
    SensitivityResult

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> res = ms.analysis.sensitivity(sc, method="oat", mode="committed")
    >>> round(res.baseline, 4)
    0.6807
    >>> res.frame.iloc[0]["assumption"] in sc.parameters
    True
    """
    if parameter is None:
        parameter = pressure_parameter(scenario)
    if parameter not in scenario.parameters:
        raise UnknownNameError(
            "sensitivity(): " + unknown_name("parameter", parameter, scenario.parameters)
        )
    # a bargaining stage's terms are not affine in the parameter; its structure is
    # sequential, and the sequential kernels bisect per draw, which needs no affinity
    if scenario.bargaining is None and not scenario.is_affine_in(parameter):
        raise InvalidArgumentError(
            f"sensitivity(): payoffs are not affine in {parameter!r}; exact critical values need it"
        )
    if method not in ("oat", "sobol"):
        raise InvalidArgumentError("sensitivity(): method must be 'oat' or 'sobol'")
    level = check_probability(level, func="sensitivity", name="level")
    n = check_positive_int(n, func="sensitivity", name="n", minimum=2)
    n = 1 << (n - 1).bit_length()
    idx = outcome_indices(scenario, outcome)
    bounds = scenario.parameters[parameter].bounds
    names = [
        k
        for k, p in scenario.parameters.items()
        if k != parameter
        and p.kind == "assumption"
        and p.range[0] < p.range[1]
        and p.lens != "forecast"  # only the forecast lens reads it: no effect here
    ]
    defaults = scenario.defaults()
    started = time.perf_counter()

    def evaluate(points: FloatArray) -> FloatArray:
        """Critical values for assumption vectors ``points`` of shape (d, m)."""
        draws = {
            k: np.full(points.shape[1], defaults[k]) for k in scenario.parameters if k != parameter
        }
        for row, name in zip(points, names, strict=True):
            draws[name] = row
        crit, _, _ = critical_values(
            scenario,
            draws,
            parameter=parameter,
            bounds=bounds,
            outcome_idx=idx,
            level=level,
            selection="best",
            mode=mode,
            fix=fix,
        )
        return crit

    d = len(names)
    base = np.array([defaults[k] for k in names])
    lows = np.array([scenario.parameters[k].range[0] for k in names])
    highs = np.array([scenario.parameters[k].range[1] for k in names])
    oat = np.repeat(base[:, None], 2 * d + 1, axis=1)
    oat[np.arange(d), np.arange(d)] = lows
    oat[np.arange(d), d + np.arange(d)] = highs
    values = evaluate(oat)
    baseline = float(values[-1])
    pd = pandas()
    frame = pd.DataFrame({"assumption": names, "low": values[:d], "high": values[d : 2 * d]})
    frame["effect"] = frame["high"] - frame["low"]
    frame["range_low"] = lows
    frame["range_high"] = highs
    if method == "sobol":
        gen = normalise_rng(rng, func="sensitivity")
        dists: list[Any] = []
        for k in names:
            p = scenario.parameters[k]
            lo, hi = p.range
            if p.distribution == "triangular":
                dists.append(stats.triang((p.default - lo) / (hi - lo), loc=lo, scale=hi - lo))
            else:
                dists.append(stats.uniform(loc=lo, scale=hi - lo))

        def censored(points: FloatArray) -> FloatArray:
            out = evaluate(np.atleast_2d(points))
            return np.where(np.isnan(out), bounds[1], out)

        indices = stats.sobol_indices(func=censored, n=n, dists=dists, rng=gen)
        frame["first_order"] = np.asarray(indices.first_order)
        frame["total_order"] = np.asarray(indices.total_order)
    order = np.argsort(
        -np.abs(np.nan_to_num(frame["effect"].to_numpy(), nan=np.inf)), kind="stable"
    )
    frame = frame.iloc[order].reset_index(drop=True)
    meta = metadata(
        scenario,
        kind="sensitivity",
        parameter=parameter,
        outcome=outcome,
        level=level,
        mode=mode or scenario.default_mode,
        method=method,
        n=n if method == "sobol" else 0,
        wall_time=time.perf_counter() - started,
    )
    frame.attrs["mediation_sim"] = meta
    return SensitivityResult(frame=frame, baseline=baseline, metadata=meta)
