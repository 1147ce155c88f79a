"""Plots for dynamic scenarios: outcome fan charts and pressure-timing heatmaps.

matplotlib is imported lazily; every function takes and returns an Axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InvalidArgumentError
from ._plotting import finish_axes, pivot_on_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_outcomes_over_time", "plot_settlement_fan", "plot_timing_heatmap"]

_OUTCOME_COLOURS = {"war_solid": "#c44e52", "war_eroded": "#8c2d04", "settled": "#4c72b0"}


def plot_settlement_fan(
    curves: Any,
    *,
    ax: Axes | None = None,
    bands: tuple[tuple[float, float], ...] = ((0.05, 0.95), (0.25, 0.75)),
    **kwargs: Any,
) -> Axes:
    """Fan chart of the probability of a settlement by each quarter, across Monte Carlo draws.

    Parameters
    ----------
    curves : pandas.DataFrame
        ``DynamicMonteCarloResult.curves`` (columns ``draw``, ``quarter``, ``settled_by``).
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure when omitted.
    bands : tuple of (low, high) quantiles
        Shaded bands, widest first; the median is drawn as a line.
    **kwargs
        Passed to the median line.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    >>> mc = ms.analysis.dynamic_monte_carlo(sc, 100, pressure=0.8, rng=1)
    >>> ax = ms.analysis.plot_settlement_fan(mc.curves)
    >>> ax.get_ylabel()
    'P(settled by quarter)'
    """
    func = "plot_settlement_fan"
    ax, table = pivot_on_axes(
        curves, ax, func=func, index="quarter", columns="draw", values="settled_by"
    )
    quarters = table.index.to_numpy()
    values = table.to_numpy()
    for k, (lo, hi) in enumerate(bands):
        if not 0.0 <= lo < hi <= 1.0:
            raise InvalidArgumentError(f"{func}(): each band needs 0 <= low < high <= 1")
        ax.fill_between(
            quarters,
            np.quantile(values, lo, axis=1),
            np.quantile(values, hi, axis=1),
            alpha=0.2 + 0.15 * k,
            color="#4c72b0",
            linewidth=0,
            label=f"{lo:.0%}-{hi:.0%} of draws",
        )
    kwargs.setdefault("color", "#1f3b73")
    ax.plot(quarters, np.median(values, axis=1), label="median", **kwargs)
    return finish_axes(
        ax, "quarter", "P(settled by quarter)", unit_interval=True, legend="lower right"
    )


def plot_outcomes_over_time(frame: Any, *, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Stacked areas of war (solid / eroded consensus) and settlement, quarter by quarter.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`~mediation_sim.analysis.outcomes_over_time` output.
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure when omitted.
    **kwargs
        Passed to ``Axes.stackplot``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    >>> ax = ms.analysis.plot_outcomes_over_time(ms.analysis.outcomes_over_time(sc, 0.8))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['war, solid consensus', 'war, eroded consensus', 'settled']
    """
    func = "plot_outcomes_over_time"
    ax, table = pivot_on_axes(
        frame, ax, func=func, index="quarter", columns="outcome", values="probability"
    )
    order = [c for c in ("war_solid", "war_eroded", "settled") if c in table.columns]
    labels = {
        "war_solid": "war, solid consensus",
        "war_eroded": "war, eroded consensus",
        "settled": "settled",
    }
    ax.stackplot(
        table.index.to_numpy(),
        *(table[c].to_numpy() for c in order),
        labels=[labels[c] for c in order],
        colors=[_OUTCOME_COLOURS[c] for c in order],
        alpha=0.85,
        **kwargs,
    )
    return finish_axes(ax, "quarter", "probability", unit_interval=True, legend="upper right")


def plot_timing_heatmap(
    grid: Any, *, value: str = "settled_within", ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Heatmap of an outcome by pressure level (x) and start quarter (y).

    Parameters
    ----------
    grid : pandas.DataFrame
        :func:`~mediation_sim.analysis.timing_grid` output.
    value : str, default "settled_within"
        The column to colour by.
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure when omitted.
    **kwargs
        Passed to ``Axes.pcolormesh``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load_dynamic("ukraine-2023-dynamic")
    >>> grid = ms.analysis.timing_grid(sc, np.linspace(0, 1, 21), range(12))
    >>> ax = ms.analysis.plot_timing_heatmap(grid)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('pressure', 'start quarter of pressure')
    """
    func = "plot_timing_heatmap"
    ax, table = pivot_on_axes(grid, ax, func=func, index="start", columns="pressure", values=value)
    x = table.columns.to_numpy(dtype=float)
    y = table.index.to_numpy(dtype=float)
    kwargs.setdefault("shading", "nearest")
    kwargs.setdefault("cmap", "viridis")
    mesh = ax.pcolormesh(x, y, table.to_numpy(), **kwargs)
    ax.figure.colorbar(mesh, ax=ax, label=value.replace("_", " "))
    return finish_axes(ax, "pressure", "start quarter of pressure")
