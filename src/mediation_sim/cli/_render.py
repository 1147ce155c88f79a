"""Rendering shared by the commands: plain-text tables, numbers and equilibria (private)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._errors import MediationSimError
from ._base import _Console

if TYPE_CHECKING:
    from ..scenarios.scenario import Scenario


#: Widest line a table is wrapped to (its last column wraps).
WIDTH = 100


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    indent: int = 2,
    width: int | None = WIDTH,
) -> str:
    """Plain-text table: text columns left-aligned, numeric columns right-aligned.

    Lines wider than ``width`` wrap their last (text) column onto
    continuation lines aligned under it.
    """
    import textwrap

    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
    widths = [max(len(str(cell)) for cell in col) for col in columns]

    def numeric(col: Sequence[str]) -> bool:
        cells = [c for c in col[1:] if c not in ("", "-", "never", "none")]
        return bool(cells) and all(_is_number(c) for c in cells)

    right = [numeric(col) for col in columns]
    pad = " " * indent
    lead = indent + sum(w + 2 for w in widths[:-1])  # where the last column starts
    room = (width or 0) - lead
    if width is not None and lead + widths[-1] > width and not right[-1] and room >= 20:
        widths[-1] = max(room, len(str(header[-1])))
    else:
        room = 0

    def line(cells: Sequence[str]) -> str:
        last = str(cells[-1])
        pieces = textwrap.wrap(last, room) if room and len(last) > room else [last]
        first = [*cells[:-1], pieces[0] if pieces else ""]
        parts = [
            str(c).rjust(w) if r else str(c).ljust(w)
            for c, w, r in zip(first, widths, right, strict=True)
        ]
        more = [" " * lead + piece for piece in pieces[1:]]
        return "\n".join([(pad + "  ".join(parts)).rstrip(), *more])

    rule = pad + "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def _is_number(text: str) -> bool:
    try:
        float(text.replace("–", "").split()[0] if " " in text else text)
    except (ValueError, IndexError):
        return False
    return True


def _num(x: float | None, digits: int = 6) -> str:
    """A parameter value or critical value: up to ``digits`` significant digits."""
    if x is None or math.isnan(x):
        return "-"
    return f"{x:.{digits}g}"


def _prob(x: float | None) -> str:
    """A probability with two decimals (``-`` when missing)."""
    if x is None or math.isnan(x):
        return "-"
    return f"{x:.2f}"


# --------------------------------------------------------------------------- shared views
def _strategy_text(profile: Any, i: int) -> str:
    """Player ``i``'s strategy: its label if pure, else ``a 0.70, b 0.30``."""
    probs = profile.probabilities[i]
    labels = profile.game.strategies[i]
    used = [k for k, p in enumerate(probs) if p > 1e-9]
    if len(used) == 1:
        return str(labels[used[0]])
    return ", ".join(f"{labels[k]} {probs[k]:.2f}" for k in used)


def _equilibrium_table(
    scenario: Scenario,
    profiles: Sequence[Any],
    mode: str,
    params: Mapping[str, Any],
    *,
    start: int = 0,
    outcomes: Sequence[Any] | None = None,
    kinds: Sequence[str] | None = None,
) -> str:
    """Equilibria as columns: each player's strategy, outcome probabilities, payoffs."""
    spec = scenario.spec
    header = ["", *(f"#{start + k + 1}" for k in range(len(profiles)))]
    rows: list[list[str]] = []
    game = profiles[0].game
    for i, player in enumerate(spec.players):
        fixed = " (fixed)" if game.shape[i] == 1 else ""
        rows.append([f"{player.label}{fixed}", *(_strategy_text(p, i) for p in profiles)])
    dists = (
        list(outcomes)
        if outcomes is not None
        else [scenario.outcome_distribution(p, mode=mode, **params) for p in profiles]
    )
    if kinds is not None:
        rows.append(["kind", *kinds])
    for outcome in spec.outcomes:
        rows.append([f"P({outcome.label})", *(_prob(d[outcome.id]) for d in dists)])
    settle = scenario.settlement_outcomes
    if settle:
        rows.append(["P(settlement)", *(_prob(sum(d[o] for o in settle)) for d in dists)])
    for i, player in enumerate(spec.players):
        rows.append([f"payoff {player.label}", *(f"{float(p.payoffs[i]):.3f}" for p in profiles)])
    rows.append(["regret", *(f"{p.regret:.1e}" for p in profiles)])
    return _table(header, rows)


def _print_equilibria(
    out: _Console,
    scenario: Scenario,
    profiles: Sequence[Any],
    mode: str,
    params: Mapping[str, Any],
    *,
    outcomes: Sequence[Any] | None = None,
    kinds: Sequence[str] | None = None,
) -> None:
    for k in range(0, len(profiles), 4):
        out.print(
            _equilibrium_table(
                scenario,
                profiles[k : k + 4],
                mode,
                params,
                start=k,
                outcomes=None if outcomes is None else outcomes[k : k + 4],
                kinds=None if kinds is None else kinds[k : k + 4],
            )
        )
        out.print()


def _describe_result(res: Any) -> str:
    """``from 0.55 to 0.75 (a window)`` for a CriticalValueResult."""
    from ..analysis import describe_critical

    return describe_critical(res)


def _analytic_text(value: float) -> str:
    """Reading of a closed-form critical pressure (0: none needed; inf: unreachable)."""
    from ..analysis import analytic_reading

    return analytic_reading(value)


def _analytic(scenario: Scenario, outcome: str, params: dict[str, Any]) -> float | None:
    """The scenario's closed-form critical pressure, when it has one for ``outcome``."""
    try:
        return float(scenario.critical_pressure(outcome, **params))
    except (MediationSimError, KeyError, ValueError):
        return None


def _paragraph(out: _Console, text: str) -> None:
    """Prose wrapped to 96 columns."""
    import textwrap

    out.print(textwrap.fill(text, width=96))
