"""Names a scenario parameter may not take, because an option of the API already has it.

Scenario parameters are passed as keywords (``sc.game(china_pressure=0.5)``,
``analysis.critical_value(sc, tol=1e-6, leverage=1.2)``), next to the
options of the call. A parameter named like one of those options could never
be set: the option would swallow it. :func:`~mediation_sim.scenarios._spec.parse_spec`
therefore refuses such names when a spec is loaded.

The table is kept by hand (the scenarios layer cannot import ``analysis``);
``tests/scenarios/test_spec_validation.py`` derives the same set from the
signatures of every public call that takes parameters as keywords and fails
when the two differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["RESERVED_PARAMETER_NAMES"]

#: Reserved name -> one public call that has an option of that name.
RESERVED_PARAMETER_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "at": "analysis.compare_structures",
        "block_size": "analysis.forecast_monte_carlo",
        "blocks_per_task": "analysis.forecast_monte_carlo",
        "bounds": "analysis.critical_value",
        "chunk_size": "analysis.sweep",
        "delta": "Scenario.protocol_critical_pressures",
        "direction": "analysis.forecast_crossing",
        "dynamic": "analysis.report",
        "executor": "analysis.forecast_monte_carlo",
        "fix": "Scenario.game",
        "grid": "analysis.forecast_crossing",
        "lam": "analysis.sweep",
        "lens": "analysis.forecast_sweep",
        "level": "analysis.critical_value",
        "max_iter": "scenarios.forecast",
        "max_rounds": "scenarios.forecast_smp",
        "method": "analysis.critical_value",
        "mixed": "Scenario.subgame_perfect",
        "mode": "Scenario.game",
        "model": "scenarios.forecast_election",
        "modes": "analysis.report",
        "n": "analysis.forecast_monte_carlo",
        "n_grid": "analysis.critical_value",
        "outcome": "Scenario.critical_pressure",
        "parameter": "analysis.critical_value",
        "player": "Scenario.utility",
        "profile": "Scenario.outcome_distribution",
        "progress": "analysis.sweep",
        "quantity": "scenarios.equilibrium_quantity",
        "rng": "analysis.forecast_monte_carlo",
        "rule": "analysis.select_equilibrium",
        "scenario": "analysis.sweep",
        "selection": "analysis.critical_value",
        "self": "Scenario.game",
        "solver": "analysis.sweep",
        "structure": "analysis.report",
        "structures": "analysis.compare_structures",
        "target": "analysis.report",
        "tol": "Scenario.subgame_perfect",
        "vary_controls": "testing.scenarios.scenario_parameters",
        "victory": "scenarios.forecast_election",
        "within": "testing.scenarios.scenario_parameters",
        "xtol": "analysis.critical_value",
    }
)
