"""Scaffolding shared by the plots of dynamic scenarios and forecasts (private).

Every plot checks its frame's columns, takes or makes an Axes (matplotlib is
imported lazily by :func:`~mediation_sim.analysis._plots._axes`), pivots a
tidy frame into a table, and ends by labelling its axes and drawing a legend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from .._errors import InvalidArgumentError
from ._plots import _axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["finish_axes", "pivot_on_axes", "plot_axes"]


def plot_axes(ax: Axes | None, func: str) -> Axes:
    """``ax``, or the Axes of a new figure (``func`` names the caller in errors).

    The one place these plots reach into :mod:`~mediation_sim.analysis._plots`.
    """
    return _axes(ax, func)


def pivot_on_axes(
    frame: Any, ax: Axes | None, *, func: str, index: str, columns: str, values: str
) -> tuple[Axes, Any]:
    """Check that ``frame`` has the three columns, then ``(axes, frame.pivot(...))``."""
    missing = [c for c in (index, columns, values) if c not in getattr(frame, "columns", ())]
    if missing:
        raise InvalidArgumentError(f"{func}(): the frame lacks columns {missing}")
    axes = _axes(ax, func)
    return axes, frame.pivot(index=index, columns=columns, values=values)


def finish_axes(
    ax: Axes,
    xlabel: str,
    ylabel: str,
    *,
    unit_interval: bool = False,
    legend: str | None = None,
    **legend_kwargs: Any,
) -> Axes:
    """Label both axes, clamp y to ``[0, 1]`` (``unit_interval``), draw a legend at ``legend``."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if unit_interval:
        ax.set_ylim(0, 1)
    if legend is not None:
        ax.legend(loc=cast(Any, legend), **legend_kwargs)
    return ax
