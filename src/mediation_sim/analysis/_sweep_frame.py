"""The columns every sweep frame starts with (private).

:func:`~mediation_sim.analysis.sweep` builds its tidy frame from pure
equilibria (one-shot structures) or from subgame-perfect paths (sequential
ones); both start with the same columns, in the same order, built here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..scenarios.scenario import Scenario

__all__ = ["leading_columns"]


def leading_columns(
    scenario: Scenario,
    *,
    point: NDArray[Any],
    params: Mapping[str, NDArray[Any]],
    mode: str | None,
    n_equilibria: NDArray[Any],
    equilibrium: NDArray[Any],
    strategies: Sequence[NDArray[Any]],
    probabilities: NDArray[np.float64],
    payoffs: NDArray[np.float64],
    regret: NDArray[np.float64],
    method: str,
    changed: NDArray[np.bool_],
) -> dict[str, Any]:
    """Columns ``point`` … ``changed`` of a sweep frame, one row per (point, equilibrium).

    ``probabilities`` (rows, outcomes) and ``payoffs`` (rows, players) hold
    ``nan`` on rows without an equilibrium; ``settlement_probability`` sums
    the scenario's settlement outcomes.
    """
    settle = [scenario.outcomes.index(o) for o in scenario.settlement_outcomes]
    columns: dict[str, Any] = {"point": point, **params}
    columns["mode"] = mode or scenario.default_mode
    columns["n_equilibria"] = n_equilibria
    columns["equilibrium"] = equilibrium
    for p, strategy in zip(scenario.players, strategies, strict=True):
        columns[p] = strategy
    for k, o in enumerate(scenario.outcomes):
        columns[f"prob_{o}"] = probabilities[:, k]
    columns["settlement_probability"] = probabilities[:, settle].sum(axis=1)
    for i, p in enumerate(scenario.players):
        columns[f"payoff_{p}"] = payoffs[:, i]
    columns["regret"] = regret
    columns["method"] = method
    columns["changed"] = changed
    return columns
