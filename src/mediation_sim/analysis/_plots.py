"""Plots of analysis results: functions that take an Axes (or make one) and return it.

Every function here draws one kind of result onto a matplotlib ``Axes``:

:func:`plot_settlement_curve`
    Settlement (or outcome) probability against the control parameter, from a
    sweep (best and worst equilibrium) and/or a Monte Carlo run (median and
    quantile band), with exact critical values marked.
:func:`plot_phase_diagram`
    Equilibrium-outcome regions over two swept parameters.
:func:`plot_qre_branch`
    The principal branch of logit quantal response equilibrium.
:func:`plot_critical_distribution`
    The distribution of the critical value over Monte Carlo draws.
:func:`plot_tornado`
    One-at-a-time sensitivities of the critical value (a tornado chart).

Conventions: ``ax=None`` draws on a new figure (created with pyplot, so it
shows in notebooks); the function never calls ``plt.show()``; extra keywords
style the main artist. matplotlib is imported when a function is called, not
when :mod:`mediation_sim` is imported (``pip install 'mediation_sim[plot]'``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidArgumentError, MissingDependencyError, UnknownNameError
from ._monte_carlo import MonteCarloResult
from ._plot_data import (
    PhaseGrid,
    QREBranchLines,
    outcome_colours,
    phase_grid,
    qre_branch_lines,
    swept_parameters,
    tornado_bars,
)
from ._thresholds import CriticalValueResult

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..scenarios.scenario import Scenario
    from ..solvers import QREPath

__all__ = [
    "draw_phase_diagram",
    "draw_qre_branch",
    "plot_critical_distribution",
    "plot_phase_diagram",
    "plot_qre_branch",
    "plot_settlement_curve",
    "plot_tornado",
]

FloatArray = NDArray[np.float64]

#: Colour of grid cells with no pure equilibrium in a phase diagram.
_NO_EQUILIBRIUM_COLOUR = "#d9d9d9"
#: Hatch pattern marking cells where equilibria with different outcomes coexist.
_COEXIST_HATCH = "////"
#: Hatch pattern marking cells whose best-case equilibrium is mixed.
_MIXED_HATCH = "..."


def _pyplot(func: str) -> Any:
    """Import ``matplotlib.pyplot`` or raise an actionable error."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingDependencyError(
            f"{func}() needs matplotlib: pip install 'mediation_sim[plot]'"
        ) from exc
    return plt


def _axes(ax: Axes | None, func: str, figsize: tuple[float, float] = (7.0, 4.5)) -> Axes:
    plt = _pyplot(func)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _pretty(name: str) -> str:
    """``china_pressure`` -> ``china pressure`` (axis labels and titles)."""
    return name.replace("_", " ")


def _is_frame(data: object) -> bool:
    return hasattr(data, "columns") and hasattr(data, "attrs")


def _probability_column(frame: Any, outcome: str, func: str) -> str:
    if outcome == "settlement":
        return "settlement_probability"
    column = f"prob_{outcome}"
    if column not in frame.columns:
        known = [c.removeprefix("prob_") for c in frame.columns if c.startswith("prob_")]
        raise UnknownNameError(
            f"{func}(): unknown outcome {outcome!r}; outcomes: {known} or 'settlement'"
        )
    return column


def _describe_intervals(intervals: Sequence[tuple[float, float]]) -> str:
    if not intervals:
        return "never"
    return ", ".join(f"[{a:.4g}, {b:.4g}]" for a, b in intervals)


def _mark_critical(ax: Axes, results: Sequence[CriticalValueResult]) -> None:
    """Dotted vertical lines at every exact crossing, labelled with its value."""
    from matplotlib.transforms import blended_transform_factory

    transform = blended_transform_factory(ax.transData, ax.transAxes)
    for res in results:
        target = "settlement" if res.outcome == "settlement" else _pretty(res.outcome)
        label = f"{target} ({res.mode}, {res.method}): {_describe_intervals(res.intervals)}"
        if not res.crossings:
            # keep the statement in the legend even without a line to draw
            ax.plot([], [], linestyle=":", color="0.3", label=label)
            continue
        for k, crossing in enumerate(res.crossings):
            ax.axvline(
                crossing.value,
                linestyle=":",
                linewidth=1.2,
                color="0.3",
                label=label if k == 0 else None,
            )
            ax.text(
                crossing.value,
                1.01,
                f"{crossing.value:.3g}",
                transform=transform,
                ha="center",
                va="bottom",
                fontsize="small",
                color="0.3",
            )


def plot_settlement_curve(
    data: Any,
    *,
    ax: Axes | None = None,
    band: tuple[float, float] = (0.05, 0.95),
    critical: CriticalValueResult | Sequence[CriticalValueResult] | None = None,
    outcome: str | None = None,
    which: Literal["best", "worst"] = "best",
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Plot the probability of settlement (or of one outcome) against the control parameter.

    A **sweep** (the DataFrame from :func:`~mediation_sim.analysis.sweep`
    over one parameter) is drawn as two step lines: the best and the worst
    equilibrium at each grid value, with the gap between them shaded, so
    that equilibrium multiplicity is visible. A **Monte Carlo** result
    (:class:`~mediation_sim.analysis.MonteCarloResult`) is drawn as the
    median over draws of the best (or worst) equilibrium probability, a
    shaded quantile band, and the mean over draws (dashed), which is the
    share of draws in which the outcome is reached when probabilities are 0
    or 1. Exact critical values from
    :func:`~mediation_sim.analysis.critical_value` are marked as dotted
    vertical lines.

    Parameters
    ----------
    data : DataFrame, MonteCarloResult, or a sequence of them
        What to draw (all on the same axes).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    band : (float, float), default (0.05, 0.95)
        Lower and upper quantiles of the Monte Carlo band.
    critical : CriticalValueResult or sequence of them, optional
        Exact critical values to mark.
    outcome : str, optional
        For sweep frames: ``"settlement"`` (all settlement outcomes) or an
        outcome id. Default: the outcome of the Monte Carlo result among
        ``data`` if there is one, else ``"settlement"``. Monte Carlo results
        carry their own outcome.
    which : {"best", "worst"}, default "best"
        Which equilibrium the Monte Carlo curves follow.
    title : str, optional
        Axes title (a descriptive default otherwise).
    **kwargs
        Line properties of the main line of the first data set (for example
        ``color="k"``).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    InvalidArgumentError
        If ``data`` is not a sweep frame or Monte Carlo result, the sweep
        varies more than one parameter, or ``band`` is not two increasing
        probabilities.
    MissingDependencyError
        If matplotlib is not installed.

    See Also
    --------
    plot_phase_diagram : two swept parameters.
    plot_critical_distribution : the distribution of the critical value.

    Examples
    --------
    >>> import numpy as np, mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> df = ms.analysis.sweep(sc, china_pressure=np.linspace(0, 1, 101), mode="committed")
    >>> crit = ms.analysis.critical_value(sc, "china_pressure", mode="committed")
    >>> ax = ms.analysis.plot_settlement_curve(df, critical=crit)
    >>> ax.get_xlabel()
    'china pressure'
    >>> [line.get_label() for line in ax.get_lines()[:2]]
    ['best equilibrium (committed)', 'worst equilibrium (committed)']
    """
    func = "plot_settlement_curve"
    items = list(data) if isinstance(data, list | tuple) else [data]
    if not items:
        raise InvalidArgumentError(f"{func}(): data is empty")
    lo_q, hi_q = band
    if not (0.0 <= lo_q < hi_q <= 1.0):
        raise InvalidArgumentError(
            f"{func}(): band must be two quantiles 0 <= low < high <= 1, got {band!r}"
        )
    if which not in ("best", "worst"):
        raise InvalidArgumentError(f"{func}(): which must be 'best' or 'worst', got {which!r}")
    for item in items:
        if not (isinstance(item, MonteCarloResult) or _is_frame(item)):
            raise InvalidArgumentError(
                f"{func}(): data must be a sweep DataFrame or a MonteCarloResult, "
                f"got {type(item).__name__}"
            )
    crit_list: list[CriticalValueResult] = (
        []
        if critical is None
        else [critical]
        if isinstance(critical, CriticalValueResult)
        else list(critical)
    )
    if outcome is None:
        outcome = next(
            (str(i.metadata["outcome"]) for i in items if isinstance(i, MonteCarloResult)),
            "settlement",
        )
    ax = _axes(ax, func)
    parameters: list[str] = []
    quantities: list[str] = []
    scenarios: list[str] = []
    for k, item in enumerate(items):
        style = dict(kwargs) if k == 0 else {}
        if isinstance(item, MonteCarloResult):
            param, quantity = _draw_monte_carlo(
                ax, item, band=(lo_q, hi_q), which=which, style=style
            )
            scenarios.append(str(item.metadata.get("scenario", "")))
        else:
            param, quantity = _draw_sweep(ax, item, outcome=outcome, style=style, func=func)
            scenarios.append(str(item.attrs.get("mediation_sim", {}).get("scenario", "")))
        parameters.append(param)
        quantities.append(quantity)
    _mark_critical(ax, crit_list)
    param = parameters[0]
    quantity = quantities[0] if len(set(quantities)) == 1 else "outcome"
    ax.set_xlabel(_pretty(param))
    ax.set_ylabel(f"probability of {quantity}")
    ax.set_ylim(-0.03, 1.03)
    ax.grid(alpha=0.3)
    if title is None:
        where = next((s for s in scenarios if s), "")
        title = f"Probability of {quantity} vs {_pretty(param)}" + (f"\n{where}" if where else "")
    ax.set_title(title, pad=14 if crit_list else 6)
    _legend(ax)
    return ax


def _legend(ax: Axes, *, crowded: int = 4, ncol: int = 2, **kwargs: Any) -> None:
    """A legend inside the axes when short, below them when it would hide the data."""
    _, labels = ax.get_legend_handles_labels()
    if not labels:
        return
    if len(labels) > crowded:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13),
            ncol=ncol,
            fontsize="small",
            frameon=False,
            **kwargs,
        )
    else:
        ax.legend(loc="best", fontsize="small", **kwargs)


def _draw_sweep(
    ax: Axes, frame: Any, *, outcome: str, style: dict[str, Any], func: str
) -> tuple[str, str]:
    params = swept_parameters(frame, func)
    varying = [p for p in params if frame[p].nunique() > 1]
    if len(varying) > 1:
        raise InvalidArgumentError(
            f"{func}(): the sweep varies {varying}; plot one parameter (filter the frame to one "
            "value of the others) or use plot_phase_diagram() for two"
        )
    param = varying[0] if varying else params[0]
    column = _probability_column(frame, outcome, func)
    grouped = frame.groupby(param, sort=True)[column]
    best = grouped.max()
    worst = grouped.min()
    x = best.index.to_numpy(dtype=float)
    modes = frame["mode"].unique() if "mode" in frame.columns else []
    mode = f" ({modes[0]})" if len(modes) == 1 else ""
    pure = "method" in frame.columns and bool((frame["method"] == "pure_nash_mask").all())
    draw = "steps-mid" if pure else "default"
    options = {"linewidth": 2.0, **style}
    (line,) = ax.plot(
        x, best.to_numpy(float), drawstyle=draw, label=f"best equilibrium{mode}", **options
    )
    colour = line.get_color()
    ax.plot(
        x,
        worst.to_numpy(float),
        drawstyle=draw,
        linestyle="--",
        linewidth=1.4,
        color=colour,
        label=f"worst equilibrium{mode}",
    )
    ax.fill_between(
        x,
        worst.to_numpy(float),
        best.to_numpy(float),
        step="mid" if pure else None,
        color=colour,
        alpha=0.15,
        linewidth=0,
        label="range over equilibria",
    )
    quantity = "settlement" if outcome == "settlement" else _pretty(outcome)
    return param, quantity


def _draw_monte_carlo(
    ax: Axes,
    mc: MonteCarloResult,
    *,
    band: tuple[float, float],
    which: str,
    style: dict[str, Any],
) -> tuple[str, str]:
    param = mc.parameter
    quantiles = mc.band((band[0], 0.5, band[1]), which=which)
    mean = mc.curves.groupby(param, sort=True)[which].mean()
    x = quantiles.index.to_numpy(dtype=float)
    n = len(mc.draws)
    mode = mc.metadata.get("mode", "")
    options = {"linewidth": 2.0, **style}
    (line,) = ax.plot(
        x,
        quantiles[0.5].to_numpy(float),
        label=f"median over {n} draws ({which} equilibrium, {mode})",
        **options,
    )
    colour = line.get_color()
    ax.fill_between(
        x,
        quantiles[band[0]].to_numpy(float),
        quantiles[band[1]].to_numpy(float),
        color=colour,
        alpha=0.2,
        linewidth=0,
        label=f"{band[0]:.0%}–{band[1]:.0%} of draws",
    )
    ax.plot(
        x,
        mean.to_numpy(float),
        linestyle="--",
        linewidth=1.4,
        color=colour,
        label="mean over draws",
    )
    outcome = str(mc.metadata.get("outcome", "settlement"))
    quantity = "settlement" if outcome == "settlement" else _pretty(outcome)
    return param, quantity


def _edges(values: FloatArray) -> FloatArray:
    """Cell edges around sorted grid values (midpoints, half a step beyond the ends)."""
    mid = (values[1:] + values[:-1]) / 2
    first = values[0] - (mid[0] - values[0])
    last = values[-1] + (values[-1] - mid[-1])
    return np.concatenate([[first], mid, [last]])


def plot_phase_diagram(
    frame: Any,
    x: str,
    y: str,
    *,
    ax: Axes | None = None,
    scenario: Scenario | None = None,
    labels: Mapping[str, str] | None = None,
    colors: Mapping[str, str] | None = None,
    title: str | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Map equilibrium outcomes over two swept parameters (a phase diagram).

    Each cell of the ``x`` × ``y`` grid is coloured by the most likely
    outcome of its *best-case* equilibrium (the equilibrium with the
    highest settlement probability). Cells where equilibria with different
    most likely outcomes coexist are hatched; cells whose equilibrium is
    mixed (the sweep's ``equilibrium_kind`` column: no pure equilibrium
    there, so :func:`~mediation_sim.solvers.all_nash` solved the point) are
    dotted; cells without any equilibrium in the frame (``mixed=False``
    sweeps) are grey. Region boundaries lie halfway between grid values,
    so refine the grid (or use :func:`~mediation_sim.analysis.critical_value`)
    for exact boundaries.

    Parameters
    ----------
    frame : pandas.DataFrame
        A sweep over (at least) ``x`` and ``y`` from
        :func:`~mediation_sim.analysis.sweep`, each with two or more values.
    x, y : str
        The parameters on the horizontal and vertical axes.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    scenario : Scenario, optional
        The scenario swept: its outcome labels name the regions, and
        settlement outcomes get cool colours (blues and greens), the others
        warm ones.
    labels : mapping, optional
        Display names of outcomes (``{"withdrawal": "Russian withdrawal"}``);
        default the scenario's labels, else the outcome ids with spaces.
    colors : mapping, optional
        Colours of outcomes; default a fixed palette in the order of the
        frame's outcome columns (the same outcome always gets the same
        colour).
    title : str, optional
        Axes title.
    legend : bool, default True
        Draw a legend of the outcomes shown.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.pcolormesh`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    InvalidArgumentError
        If ``x`` or ``y`` is not swept with at least two values, or another
        swept parameter varies too.

    Examples
    --------
    >>> import numpy as np, mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> df = ms.analysis.sweep(sc, china_pressure=np.linspace(0, 1, 21),
    ...                        leverage=np.linspace(0.5, 1.5, 11))
    >>> ax = ms.analysis.plot_phase_diagram(df, "china_pressure", "leverage")
    >>> sorted(t.get_text() for t in ax.get_legend().get_texts())  # one path per point
    ['prolonged war', 'withdrawal']
    """
    grid = phase_grid(frame, x, y)
    return draw_phase_diagram(
        grid,
        ax=ax,
        scenario=scenario,
        labels=labels,
        colors=colors,
        title=title,
        legend=legend,
        **kwargs,
    )


def draw_phase_diagram(
    grid: PhaseGrid,
    *,
    ax: Axes | None = None,
    scenario: Scenario | None = None,
    labels: Mapping[str, str] | None = None,
    colors: Mapping[str, str] | None = None,
    title: str | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Draw a :class:`~mediation_sim.analysis.PhaseGrid`: the drawing half of a phase diagram.

    Parameters are those of :func:`plot_phase_diagram` after ``frame``, ``x``
    and ``y``, whose cells :func:`~mediation_sim.analysis.phase_grid` computed.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import numpy as np, mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> df = ms.analysis.sweep(sc, china_pressure=np.linspace(0, 1, 11),
    ...                        leverage=np.linspace(0.5, 1.5, 5))
    >>> grid = ms.analysis.phase_grid(df, "china_pressure", "leverage")
    >>> ax = ms.analysis.draw_phase_diagram(grid, scenario=sc)
    >>> ax.get_xlabel()
    'china pressure'
    """
    func = "plot_phase_diagram"
    outcomes, codes, coexist, mixed = grid.outcomes, grid.codes, grid.coexist, grid.mixed
    x, y, xs, ys = grid.x, grid.y, grid.xs, grid.ys
    palette = outcome_colours(outcomes, colors, scenario)
    present = sorted({int(c) for c in codes.ravel()})
    # map codes to positions in a compact colour list
    shown = [c for c in present if c >= 0]
    colour_list = [palette[outcomes[c]] for c in shown]
    index = {c: k for k, c in enumerate(shown)}
    if -1 in present:
        index[-1] = len(colour_list)
        colour_list.append(_NO_EQUILIBRIUM_COLOUR)
    compact = np.vectorize(index.__getitem__)(codes)
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch, Rectangle

    ax = _axes(ax, func)
    xe, ye = _edges(xs), _edges(ys)
    ax.pcolormesh(
        xe,
        ye,
        compact,
        cmap=ListedColormap(colour_list),
        vmin=-0.5,
        vmax=len(colour_list) - 0.5,
        shading="flat",
        **kwargs,
    )
    rows, cols = np.nonzero(coexist)
    if rows.size:
        cells = [
            Rectangle((xe[c], ye[r]), xe[c + 1] - xe[c], ye[r + 1] - ye[r])
            for r, c in zip(rows, cols, strict=True)
        ]
        ax.add_collection(
            PatchCollection(
                cells, facecolor="none", edgecolor="0.15", linewidth=0.0, hatch=_COEXIST_HATCH
            )
        )
    mrows, mcols = np.nonzero(mixed)
    if mrows.size:
        ax.add_collection(
            PatchCollection(
                [
                    Rectangle((xe[c], ye[r]), xe[c + 1] - xe[c], ye[r + 1] - ye[r])
                    for r, c in zip(mrows, mcols, strict=True)
                ],
                facecolor="none",
                edgecolor="0.15",
                linewidth=0.0,
                hatch=_MIXED_HATCH,
            )
        )
    names = {} if scenario is None else {o.id: o.label for o in scenario.spec.outcomes}
    names.update(labels or {})
    ax.set_xlim(xe[0], xe[-1])
    ax.set_ylim(ye[0], ye[-1])
    ax.set_xlabel(_pretty(x))
    ax.set_ylabel(_pretty(y))
    if title is None:
        mode = f" ({grid.mode} mode)" if grid.mode is not None else ""
        title = f"Most likely outcome of the best-case equilibrium{mode}"
    ax.set_title(title)
    if legend:
        handles: list[Any] = [
            Patch(
                facecolor=palette[outcomes[c]], label=names.get(outcomes[c], _pretty(outcomes[c]))
            )
            for c in shown
        ]
        if rows.size:
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor="0.15",
                    hatch=_COEXIST_HATCH,
                    label="several equilibrium outcomes",
                )
            )
        if mrows.size:
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor="0.15",
                    hatch=_MIXED_HATCH,
                    label="mixed equilibrium (no pure one)",
                )
            )
        if -1 in present:
            handles.append(Patch(facecolor=_NO_EQUILIBRIUM_COLOUR, label="no pure equilibrium"))
        ax.legend(handles=handles, loc="best", fontsize="small", framealpha=0.9)
    return ax


def plot_qre_branch(
    path: QREPath,
    *,
    ax: Axes | None = None,
    player: str | int | None = None,
    xscale: str = "symlog",
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Plot the principal branch of logit QRE: each strategy's probability against precision.

    At precision 0 every player mixes uniformly; as the precision grows the
    branch approaches a Nash equilibrium (its limit, when traced, is marked
    at the right). The branch can bend back in precision in games with
    several equilibria; the plotted line follows it.

    Parameters
    ----------
    path : QREPath
        From :func:`mediation_sim.solvers.qre_path`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    player : str or int, optional
        Plot only this player's strategies; default every player with more
        than one strategy (lines labelled ``player: strategy``).
    xscale : str, default "symlog"
        Scale of the precision axis (``"linear"``, ``"log"``, ``"symlog"``).
    title : str, optional
        Axes title.
    **kwargs
        Line properties of every branch line.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> g = ms.games.battle_of_the_sexes()
    >>> path = ms.solvers.qre_path(g)
    >>> ax = ms.analysis.plot_qre_branch(path, player="row")
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['opera', 'football']
    """
    data = qre_branch_lines(path, player=player)
    return draw_qre_branch(data, ax=ax, xscale=xscale, title=title, **kwargs)


def draw_qre_branch(
    data: QREBranchLines,
    *,
    ax: Axes | None = None,
    xscale: str = "symlog",
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw :class:`~mediation_sim.analysis.QREBranchLines`: the drawing half of a QRE branch plot.

    Each line keeps the colour and line style
    :func:`~mediation_sim.analysis.qre_branch_lines` gave it (``**kwargs``
    override them for every line).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> data = ms.analysis.qre_branch_lines(ms.solvers.qre_path(ms.games.matching_pennies()))
    >>> ax = ms.analysis.draw_qre_branch(data, xscale="linear")
    >>> len({(line.get_color(), line.get_linestyle()) for line in ax.get_lines()[:-1]})
    4
    """
    func = "plot_qre_branch"
    n_lines = len(data.lines)
    ax = _axes(ax, func, figsize=(9.5, 4.8) if n_lines > 6 else (7.0, 4.5))
    lam = data.lam
    single = len(data.players) == 1
    for line in data.lines:
        options = {
            "linewidth": 1.8,
            "color": line.color,
            "linestyle": line.linestyle,
            **kwargs,
        }
        ax.plot(lam, line.probability, label=line.label, **options)
    if data.nash_limit is not None and lam.size:
        limit = data.nash_limit
        ax.plot(
            np.full(limit.size, lam.max()),
            limit,
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="none",
            color="k",
            label="Nash limit",
        )
    if xscale == "symlog":
        ax.set_xscale("symlog", linthresh=1.0)
    else:
        ax.set_xscale(xscale)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("precision λ (inverse payoff units)")
    who = f"{data.players[0]}'s " if single else ""
    ax.set_ylabel(f"{who}probability of each strategy")
    ax.grid(alpha=0.3)
    if title is None:
        title = "Logit QRE principal branch" + (f"\n{data.title}" if data.title else "")
    ax.set_title(title)
    if n_lines > 6:
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small", frameon=False)
    else:
        ax.legend(loc="best", fontsize="small")
    return ax


def plot_critical_distribution(
    mc: MonteCarloResult,
    *,
    ax: Axes | None = None,
    kind: Literal["hist", "ecdf"] = "hist",
    bins: int = 30,
    quantiles: Sequence[float] = (0.05, 0.5, 0.95),
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Plot the distribution of the critical value over Monte Carlo draws.

    Bar heights (or the ECDF) are shares of *all* draws, so the bars add up
    to the share of draws in which a critical value exists at all; the rest
    (the outcome is never an equilibrium outcome within the bounds) is
    stated in the title and legend. Vertical lines mark quantiles of the
    critical value over the draws where it exists.

    Parameters
    ----------
    mc : MonteCarloResult
        From :func:`~mediation_sim.analysis.monte_carlo`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    kind : {"hist", "ecdf"}, default "hist"
        Histogram or empirical cumulative distribution.
    bins : int, default 30
        Histogram bins across the parameter's bounds.
    quantiles : sequence of float, default (0.05, 0.5, 0.95)
        Quantiles to mark.
    title : str, optional
        Axes title.
    **kwargs
        Properties of the bars (or the ECDF line).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> mc = ms.analysis.monte_carlo(sc, n=256, rng=0, mode="committed")
    >>> ax = ms.analysis.plot_critical_distribution(mc)
    >>> ax.get_legend().get_texts()[-1].get_text().startswith("q95")
    True
    """
    func = "plot_critical_distribution"
    if not isinstance(mc, MonteCarloResult):
        raise InvalidArgumentError(
            f"{func}(): mc must be a MonteCarloResult, got {type(mc).__name__}"
        )
    if kind not in ("hist", "ecdf"):
        raise InvalidArgumentError(f"{func}(): kind must be 'hist' or 'ecdf', got {kind!r}")
    qs = [float(q) for q in quantiles]
    if any(not 0.0 <= q <= 1.0 for q in qs):
        raise InvalidArgumentError(f"{func}(): quantiles must lie in [0, 1], got {quantiles!r}")
    ax = _axes(ax, func)
    values = mc.draws["critical_value"].to_numpy(dtype=float)
    total = values.size
    found = np.sort(values[np.isfinite(values)])
    share_none = 1.0 - found.size / total if total else math.nan
    bounds = tuple(float(b) for b in mc.metadata.get("bounds", (np.nan, np.nan)))
    param = mc.parameter
    outcome = str(mc.metadata.get("outcome", ""))
    label = f"critical value exists ({1 - share_none:.1%} of {total} draws)"
    if found.size == 0:
        ax.text(
            0.5,
            0.5,
            f"no draw has a critical value\n({outcome} is never an equilibrium outcome)",
            transform=ax.transAxes,
            ha="center",
            va="center",
        )
    elif kind == "hist":
        lo, hi = bounds if all(math.isfinite(b) for b in bounds) else (found[0], found[-1])
        options = {"color": "C0", "alpha": 0.75, "edgecolor": "white", **kwargs}
        edges: Any = np.linspace(lo, hi, bins + 1) if hi > lo else bins
        ax.hist(
            found,
            bins=edges,
            weights=np.full(found.size, 1.0 / total),
            label=label,
            **options,
        )
        ax.set_ylabel("share of draws")
    else:
        options = {"color": "C0", "linewidth": 2.0, **kwargs}
        xs = (
            np.concatenate([[bounds[0]], found, [bounds[1]]])
            if math.isfinite(bounds[0] + bounds[1])
            else np.concatenate([[found[0]], found, [found[-1]]])
        )
        ys = np.concatenate([[0.0], np.arange(1, found.size + 1) / total, [found.size / total]])
        ax.step(xs, ys, where="post", label=label, **options)
        ax.set_ylabel("share of draws with a critical value ≤ x")
        ax.set_ylim(0.0, 1.02)
    if found.size:
        ax.plot([], [], " ", label=f"no critical value: {share_none:.1%} of draws")
        values_q = np.quantile(found, qs)
        for q, v in zip(qs, values_q, strict=True):
            ax.axvline(
                v,
                color="0.2",
                linestyle="--" if q == 0.5 else ":",
                linewidth=1.3,
                label=f"q{round(q * 100):02d} = {v:.3g}",
            )
    if all(math.isfinite(b) for b in bounds):
        ax.set_xlim(*bounds)
    ax.set_xlabel(f"critical {_pretty(param)}")
    ax.grid(alpha=0.3)
    if title is None:
        title = (
            f"Critical {_pretty(param)} for {_pretty(outcome)}\n"
            f"{total} draws; no critical value in {share_none:.1%}"
        )
    ax.set_title(title)
    _legend(ax, crowded=3)
    return ax


def plot_tornado(
    sensitivity: Any,
    *,
    ax: Axes | None = None,
    baseline: float | None = None,
    max_bars: int = 15,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw a tornado chart: how the critical value moves with each assumption.

    One horizontal bar per assumption, largest effect at the top: from the
    critical value at the assumption's central estimate to the critical
    value at the low end of its range (one colour) and at the high end (the
    other), every other assumption held at its default. Without a known
    central value the bar spans the low and high results.

    Parameters
    ----------
    sensitivity : result of ``ms.analysis.sensitivity`` or DataFrame
        An object with a ``frame`` attribute (or the frame itself) with
        columns ``assumption``, ``low``, ``high`` and ``effect``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    baseline : float, optional
        The critical value at the defaults; read from the result
        (``baseline`` attribute or column) when omitted.
    max_bars : int, default 15
        Show the assumptions with the largest ``|effect|`` only.
    labels : mapping, optional
        Display names of assumptions.
    title : str, optional
        Axes title.
    **kwargs
        Properties of the bars.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import pandas as pd, mediation_sim as ms
    >>> frame = pd.DataFrame({"assumption": ["leverage", "war_cost_moscow"],
    ...                       "low": [0.82, 0.62], "high": [0.38, 0.48],
    ...                       "effect": [-0.44, -0.14]})
    >>> ax = ms.analysis.plot_tornado(frame, baseline=0.55)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['leverage', 'war cost moscow']
    """
    func = "plot_tornado"
    bars = tornado_bars(sensitivity, baseline=baseline, max_bars=max_bars)
    ax = _axes(ax, func, figsize=(7.0, 0.38 * len(bars.assumptions) + 2.0))
    names = dict(labels or {})
    ypos = np.arange(len(bars.assumptions))
    low, high = bars.low, bars.high
    finite, anchor, span, edge = bars.finite, bars.anchor, bars.span, bars.edge
    known = bars.baseline is not None and math.isfinite(bars.baseline)
    low_colour = kwargs.pop("low_color", "#4c72b0")
    high_colour = kwargs.pop("high_color", "#dd8452")
    options = {"height": 0.6, **kwargs}
    if known:
        for values, colour, end in ((low, low_colour, "low"), (high, high_colour, "high")):
            ax.barh(
                ypos,
                np.where(np.isfinite(values), values - anchor, 0.0),
                left=anchor,
                color=colour,
                label=f"one assumption at the {end} end of its range, others central",
                **options,
            )
        ax.axvline(
            anchor, color="k", linewidth=1.0, label=f"all at central estimates: {anchor:.3g}"
        )
    else:
        left = np.fmin(low, high)
        ax.barh(
            ypos,
            np.nan_to_num(np.fmax(low, high) - left),
            left=np.nan_to_num(left, nan=anchor),
            color="0.8",
            label="between the low and high end",
            **options,
        )
        ax.plot(low, ypos, "o", color=low_colour, markeredgecolor="k", label="low end of range")
        ax.plot(high, ypos, "s", color=high_colour, markeredgecolor="k", label="high end of range")
    labelled = False
    for values, colour in ((low, low_colour), (high, high_colour)):
        missing = ~np.isfinite(values)
        if missing.any():
            ax.barh(
                ypos[missing],
                edge - anchor,
                left=anchor,
                color="none",
                edgecolor=colour,
                hatch="///",
                linewidth=1.0,
                height=options["height"],
                label=None if labelled else "no critical value within the bounds",
            )
            labelled = True
    ax.set_xlim((float(finite.min()) if finite.size else anchor) - 0.08 * span, edge)
    ax.set_yticks(ypos)
    ax.set_yticklabels([names.get(a, _pretty(str(a))) for a in bars.assumptions])
    ax.invert_yaxis()
    param, target = bars.parameter, bars.outcome
    critical = f"critical {_pretty(str(param))}" if param else "critical value"
    ax.set_xlabel(critical + (f" for {_pretty(str(target))}" if target else ""))
    ax.grid(axis="x", alpha=0.3)
    if title is None:
        title = f"What moves the {critical}?"
    ax.set_title(title)
    _legend(ax, crowded=0, ncol=1)
    return ax
