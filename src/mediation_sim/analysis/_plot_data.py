"""What the plots show, computed without matplotlib: frozen data for the draw functions.

Each ``plot_*`` function of :mod:`mediation_sim.analysis._plots` is a compute
step here followed by a draw step there. The compute step validates the
input and returns a small frozen dataclass of read-only arrays and labels;
the draw step only renders it. Use the data directly to test what a figure
would show, to draw it with another library, or to export it.

:func:`phase_grid`
    The outcome regions of a phase diagram (for :func:`~mediation_sim.analysis.draw_phase_diagram`).
:func:`qre_branch_lines`
    The lines of a logit-QRE branch plot, with their colours and line styles
    (for :func:`~mediation_sim.analysis.draw_qre_branch`).
:func:`tornado_bars`
    The bars of a tornado chart, largest effect first, and the chart's extent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .._errors import InvalidArgumentError, UnknownNameError
from .._results import Result, register_dataclass
from .._validation import check_positive_int

if TYPE_CHECKING:
    from ..scenarios.scenario import Scenario
    from ..solvers import QREPath

__all__ = [
    "PhaseGrid",
    "QREBranchLine",
    "QREBranchLines",
    "TornadoBars",
    "phase_grid",
    "qre_branch_lines",
    "tornado_bars",
]

FloatArray = NDArray[np.float64]

#: matplotlib's ``tab10`` palette: one colour per player in a QRE branch plot.
TAB10 = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
#: One line style per strategy (matplotlib dash patterns).
STRATEGY_STYLES: tuple[Any, ...] = (
    "-",
    "--",
    "-.",
    ":",
    (0, (5, 1.5, 1, 1.5, 1, 1.5)),
    (0, (8, 2)),
    (0, (1, 3)),
    (0, (3, 1, 1, 1)),
)


def _ro(array: Any, dtype: Any = None) -> NDArray[Any]:
    out = np.array(array, dtype=dtype)
    out.flags.writeable = False
    return out


def _is_frame(data: object) -> bool:
    return hasattr(data, "columns") and hasattr(data, "attrs")


def swept_parameters(frame: Any, func: str) -> list[str]:
    """The parameters a sweep frame varies (from its metadata, else its columns)."""
    meta = frame.attrs.get("mediation_sim", {})
    if "grid" in meta:
        names = [k for k in meta["grid"] if k in frame.columns]
    else:
        cols = list(frame.columns)
        if "point" not in cols or "mode" not in cols:
            raise InvalidArgumentError(
                f"{func}(): expected a DataFrame from mediation_sim.analysis.sweep(), with "
                "'point' and 'mode' columns"
            )
        names = cols[cols.index("point") + 1 : cols.index("mode")]
    if not names:
        raise InvalidArgumentError(f"{func}(): the frame names no swept parameter")
    return names


# ---------------------------------------------------------------------- phase diagram
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class PhaseGrid(Result):
    """The cells of a phase diagram: what :func:`phase_grid` computes from a sweep.

    Attributes
    ----------
    x, y : str
        The parameters on the horizontal and vertical axes.
    xs, ys : ndarray
        Sorted grid values of ``x`` and ``y``.
    outcomes : tuple of str
        Outcome ids, in the order of the sweep's ``prob_*`` columns.
    codes : ndarray of int, shape (len(ys), len(xs))
        Index into ``outcomes`` of the most likely outcome of each cell's
        best-case equilibrium (highest settlement probability); -1 where the
        frame has no equilibrium.
    coexist : ndarray of bool, shape (len(ys), len(xs))
        Equilibria with different most likely outcomes coexist.
    mixed : ndarray of bool, shape (len(ys), len(xs))
        The best-case equilibrium is mixed.
    mode : str or None
        The scenario mode, when the frame has one.
    """

    x: str
    y: str
    xs: FloatArray
    ys: FloatArray
    outcomes: tuple[str, ...]
    codes: NDArray[np.int64]
    coexist: NDArray[np.bool_]
    mixed: NDArray[np.bool_]
    mode: str | None

    def shares(self) -> dict[str, float]:
        """Share of the cells where each outcome is the most likely one (``"none"`` for -1)."""
        n = self.codes.size
        out = {o: float(np.count_nonzero(self.codes == k)) / n for k, o in enumerate(self.outcomes)}
        out["none"] = float(np.count_nonzero(self.codes < 0)) / n
        return out

    def __repr__(self) -> str:
        return (
            f"PhaseGrid({self.x!r} x {self.y!r}, {self.xs.size} x {self.ys.size} cells, "
            f"{len(self.outcomes)} outcomes)"
        )


def phase_grid(frame: Any, x: str, y: str) -> PhaseGrid:
    """The outcome regions of a sweep over two parameters (the data of a phase diagram).

    Parameters
    ----------
    frame : pandas.DataFrame
        A sweep over (at least) ``x`` and ``y`` from
        :func:`~mediation_sim.analysis.sweep`, each with two or more values.
    x, y : str
        The parameters on the horizontal and vertical axes.

    Returns
    -------
    PhaseGrid

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
    >>> grid = ms.analysis.phase_grid(df, "china_pressure", "leverage")
    >>> grid.codes.shape
    (11, 21)
    >>> sorted(o for o, share in grid.shares().items() if share > 0)
    ['prolonged_war', 'withdrawal']
    """
    func = "plot_phase_diagram"
    if not _is_frame(frame):
        raise InvalidArgumentError(
            f"{func}(): frame must be a DataFrame from sweep(), got {type(frame).__name__}"
        )
    params = swept_parameters(frame, func)
    for name in (x, y):
        if name not in params:
            raise InvalidArgumentError(
                f"{func}(): {name!r} is not a swept parameter of the frame; swept: {params}"
            )
    if x == y:
        raise InvalidArgumentError(f"{func}(): x and y must differ")
    others = [p for p in params if p not in (x, y) and frame[p].nunique() > 1]
    if others:
        raise InvalidArgumentError(
            f"{func}(): the sweep also varies {others}; filter the frame to one value of each"
        )
    xs = np.sort(frame[x].unique().astype(float))
    ys = np.sort(frame[y].unique().astype(float))
    if xs.size < 2 or ys.size < 2:
        raise InvalidArgumentError(f"{func}(): x and y need at least two grid values each")
    prob_cols = [c for c in frame.columns if c.startswith("prob_")]
    outcomes = tuple(c.removeprefix("prob_") for c in prob_cols)
    has = (frame["equilibrium"] >= 0).to_numpy()
    probs = frame[prob_cols].to_numpy(dtype=float)
    top = np.where(has, np.nan_to_num(probs, nan=-1.0).argmax(axis=1), -1)
    settle = np.where(has, frame["settlement_probability"].to_numpy(dtype=float), -np.inf)
    point = frame["point"].to_numpy()
    # best-case equilibrium of each point: highest settlement probability (first on ties)
    order = np.lexsort((-settle, point))
    first = np.ones(order.size, dtype=bool)
    first[1:] = point[order][1:] != point[order][:-1]
    best_rows = order[first]
    # outcomes coexist where the equilibria of a point have different top outcomes
    top_min = np.full(point.max() + 1, np.iinfo(np.int64).max)
    top_max = np.full(point.max() + 1, -1)
    np.minimum.at(top_min, point[has], top[has])
    np.maximum.at(top_max, point[has], top[has])
    ix = np.searchsorted(xs, frame[x].to_numpy(dtype=float)[best_rows])
    iy = np.searchsorted(ys, frame[y].to_numpy(dtype=float)[best_rows])
    codes = np.full((ys.size, xs.size), -1, dtype=np.int64)
    codes[iy, ix] = top[best_rows]
    coexist = np.zeros((ys.size, xs.size), dtype=bool)
    pts = point[best_rows]
    coexist[iy, ix] = top_max[pts] > top_min[pts]
    # cells whose best-case equilibrium is mixed (sweep's all_nash fallback)
    mixed = np.zeros((ys.size, xs.size), dtype=bool)
    if "equilibrium_kind" in frame.columns:
        kind = frame["equilibrium_kind"].to_numpy()[best_rows]
        mixed[iy, ix] = (kind == "mixed") & has[best_rows]
    modes = frame["mode"].unique() if "mode" in frame.columns else []
    return PhaseGrid(
        x=x,
        y=y,
        xs=_ro(xs),
        ys=_ro(ys),
        outcomes=outcomes,
        codes=_ro(codes),
        coexist=_ro(coexist),
        mixed=_ro(mixed),
        mode=str(modes[0]) if len(modes) == 1 else None,
    )


# ---------------------------------------------------------------------- QRE branch
@register_dataclass
@dataclass(frozen=True, slots=True, repr=False)
class QREBranchLine:
    """One line of a QRE branch plot: a strategy's probability along the branch.

    Attributes
    ----------
    player, strategy : str
        Whose strategy.
    label : str
        Legend label (``strategy``, or ``player: strategy`` when several
        players are drawn).
    probability : ndarray
        The strategy's probability at each precision of the branch.
    color : str
        The player's colour (with one player, each strategy's colour).
    linestyle : str or tuple
        The strategy's line style (with one player, solid).
    """

    player: str
    strategy: str
    label: str
    probability: FloatArray
    color: str
    linestyle: Any

    def __repr__(self) -> str:
        return f"QREBranchLine({self.label!r}, color={self.color!r}, linestyle={self.linestyle!r})"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class QREBranchLines(Result):
    """What :func:`qre_branch_lines` computes: the lines of a QRE branch plot.

    Attributes
    ----------
    lam : ndarray
        Precision at each point of the branch.
    lines : tuple of QREBranchLine
        One per strategy of the players drawn.
    players : tuple of str
        The players drawn.
    nash_limit : ndarray or None
        The traced Nash limit of the drawn players' strategies (in line
        order), or None if the branch was not traced to one.
    title : str
        The game's title.
    """

    lam: FloatArray
    lines: tuple[QREBranchLine, ...]
    players: tuple[str, ...]
    nash_limit: FloatArray | None
    title: str

    def __repr__(self) -> str:
        return (
            f"QREBranchLines({len(self.lines)} lines, players={list(self.players)}, "
            f"{self.lam.size} points)"
        )


def qre_branch_lines(path: QREPath, *, player: str | int | None = None) -> QREBranchLines:
    """The lines of a logit-QRE branch plot, each with its colour and line style.

    With several players drawn, each player has its own colour and each of
    its strategies its own line style, so no two lines look alike (styles
    repeat only beyond eight strategies of one player, colours beyond ten
    players). With one player, each strategy has its own colour.

    Parameters
    ----------
    path : QREPath
        From :func:`mediation_sim.solvers.qre_path`.
    player : str or int, optional
        Only this player's strategies; default every player with more than
        one strategy.

    Returns
    -------
    QREBranchLines

    Examples
    --------
    >>> import mediation_sim as ms
    >>> path = ms.solvers.qre_path(ms.games.battle_of_the_sexes())
    >>> data = ms.analysis.qre_branch_lines(path)
    >>> for line in data.lines:
    ...     print(line.label, line.color, line.linestyle)
    row: opera #1f77b4 -
    row: football #1f77b4 --
    column: opera #ff7f0e -
    column: football #ff7f0e --
    """
    func = "plot_qre_branch"
    game = getattr(path, "game", None)
    if game is None or not hasattr(path, "probabilities") or not hasattr(path, "lam"):
        raise InvalidArgumentError(
            f"{func}(): path must be a QREPath from ms.solvers.qre_path(), "
            f"got {type(path).__name__}"
        )
    if player is None:
        chosen = [i for i, s in enumerate(game.shape) if s > 1] or [0]
    else:
        chosen = [game.player_index(player)]
    single = len(chosen) == 1
    lines: list[QREBranchLine] = []
    for n, i in enumerate(chosen):
        probs = np.asarray(path.probabilities[i], dtype=float)
        for k, label in enumerate(game.strategies[i]):
            lines.append(
                QREBranchLine(
                    player=game.players[i],
                    strategy=label,
                    label=label if single else f"{game.players[i]}: {label}",
                    probability=_ro(probs[:, k]),
                    color=TAB10[(k if single else n) % len(TAB10)],
                    linestyle="-" if single else STRATEGY_STYLES[k % len(STRATEGY_STYLES)],
                )
            )
    nash = getattr(path, "nash", None)
    limit = None
    if nash is not None:
        limit = _ro(
            np.concatenate([np.asarray(nash.probabilities[i], dtype=float) for i in chosen])
        )
    return QREBranchLines(
        lam=_ro(np.asarray(path.lam, dtype=float)),
        lines=tuple(lines),
        players=tuple(game.players[i] for i in chosen),
        nash_limit=limit,
        title=game.title,
    )


# ---------------------------------------------------------------------- colours
#: Region colours when the scenario says which outcomes are settlements.
_SETTLEMENT_COLOURS = ("#2a9d8f", "#8ecae6", "#90be6d", "#457b9d", "#b5e48c")
_OTHER_COLOURS = ("#e76f51", "#f4a261", "#9d4edd", "#6c757d", "#e9c46a", "#bc4749")


def outcome_colours(
    outcomes: Sequence[str], colors: Mapping[str, str] | None, scenario: Scenario | None
) -> dict[str, str]:
    """Colours of outcomes: settlements cool, others warm (tab10 without a scenario)."""
    if scenario is None:
        palette = {o: TAB10[k % len(TAB10)] for k, o in enumerate(outcomes)}
    else:
        settle = set(scenario.settlement_outcomes)
        cool = [o for o in outcomes if o in settle]
        warm = [o for o in outcomes if o not in settle]
        palette = {o: _SETTLEMENT_COLOURS[k % len(_SETTLEMENT_COLOURS)] for k, o in enumerate(cool)}
        palette.update({o: _OTHER_COLOURS[k % len(_OTHER_COLOURS)] for k, o in enumerate(warm)})
    for name, colour in (colors or {}).items():
        if name not in palette:
            raise UnknownNameError(
                f"plot_phase_diagram(): colors names unknown outcome {name!r}; outcomes: "
                f"{list(outcomes)}"
            )
        palette[name] = colour
    return palette


# ---------------------------------------------------------------------- tornado chart
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class TornadoBars(Result):
    """The bars of a tornado chart (what :func:`tornado_bars` computes).

    Attributes
    ----------
    assumptions : tuple of str
        Assumption names, largest ``|effect|`` first (a missing effect counts
        as largest).
    low, high : ndarray
        Critical value with the assumption at the low and the high end of its
        range (NaN or inf where there is none within the bounds).
    baseline : float or None
        Critical value with every assumption at its central estimate.
    anchor : float
        Where the bars start: the baseline, else the median of the finite ends.
    finite : ndarray
        The finite bar ends (and the baseline), which set the chart's extent.
    span, edge : float
        Width of the finite ends (at least 10% of the anchor) and the right
        edge where bars without a critical value end.
    parameter, outcome : str or None
        The critical parameter and the outcome, when the result names them.
    """

    assumptions: tuple[str, ...]
    low: FloatArray
    high: FloatArray
    baseline: float | None
    anchor: float
    finite: FloatArray
    span: float
    edge: float
    parameter: str | None
    outcome: str | None

    def __repr__(self) -> str:
        return f"TornadoBars({len(self.assumptions)} bars, baseline={self.baseline!r})"


def tornado_bars(
    sensitivity: Any, *, baseline: float | None = None, max_bars: int = 15
) -> TornadoBars:
    """The bars of a tornado chart from a sensitivity result, largest effect first.

    Parameters are those of :func:`~mediation_sim.analysis.plot_tornado`.

    Returns
    -------
    TornadoBars

    Examples
    --------
    >>> import pandas as pd, mediation_sim as ms
    >>> frame = pd.DataFrame({"assumption": ["a", "b"], "low": [0.4, 0.5],
    ...                       "high": [0.7, 0.55], "effect": [0.3, 0.05]})
    >>> bars = ms.analysis.tornado_bars(frame, baseline=0.5)
    >>> bars.assumptions, bars.anchor
    (('a', 'b'), 0.5)
    """
    func = "plot_tornado"
    frame = getattr(sensitivity, "frame", sensitivity)
    if not _is_frame(frame):
        raise InvalidArgumentError(
            f"{func}(): expected the result of ms.analysis.sensitivity() or a DataFrame, "
            f"got {type(sensitivity).__name__}"
        )
    missing = [c for c in ("assumption", "low", "high", "effect") if c not in frame.columns]
    if missing:
        raise InvalidArgumentError(f"{func}(): the frame lacks columns {missing}")
    max_bars = check_positive_int(max_bars, func=func, name="max_bars")
    base = _baseline(sensitivity, frame, baseline)
    # largest |effect| first; a missing effect (no critical value at one end) counts as largest
    size = frame["effect"].abs().fillna(np.inf)
    data = frame.assign(_size=size).sort_values("_size", ascending=False, kind="stable")
    data = data.head(max_bars)
    low = data["low"].to_numpy(dtype=float)
    high = data["high"].to_numpy(dtype=float)
    finite = np.concatenate([low[np.isfinite(low)], high[np.isfinite(high)]])
    if base is not None and math.isfinite(base):
        finite = np.append(finite, base)
        anchor = float(base)
    else:
        anchor = float(np.median(finite)) if finite.size else 0.0
    span = float(np.ptp(finite)) if finite.size > 1 else 0.0
    span = span if span > 0 else max(abs(anchor), 1.0) * 0.1
    # an end with no critical value (the outcome is never an equilibrium outcome within
    # the bounds) is drawn as a hatched bar running off the right of the chart
    edge = (float(finite.max()) if finite.size else anchor) + 0.25 * span
    meta = getattr(frame, "attrs", {}).get("mediation_sim", {})
    param = meta.get("parameter") or getattr(sensitivity, "parameter", None)
    target = meta.get("outcome")
    return TornadoBars(
        assumptions=tuple(str(a) for a in data["assumption"]),
        low=_ro(low),
        high=_ro(high),
        baseline=base,
        anchor=anchor,
        finite=_ro(finite),
        span=span,
        edge=edge,
        parameter=None if param is None else str(param),
        outcome=None if target is None else str(target),
    )


def _baseline(sensitivity: Any, frame: Any, baseline: float | None) -> float | None:
    if baseline is not None:
        return float(baseline)
    for source in (sensitivity, frame.attrs.get("mediation_sim", {})):
        value = (
            source.get("baseline")
            if isinstance(source, Mapping)
            else getattr(source, "baseline", None)
        )
        if isinstance(value, int | float | np.floating) and not isinstance(value, bool):
            return float(value)
    if "baseline" in frame.columns:
        return float(frame["baseline"].iloc[0])
    return None
