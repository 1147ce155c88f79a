"""Domain models built from validated TOML specs, and the shipped ``ukraine-2023`` scenario.

>>> import mediation_sim as ms
>>> sc = ms.scenarios.load("ukraine-2023")
>>> g = sc.game(china_pressure=0.6, mode="committed")
>>> g.n_players
5
"""

from . import assumptions
from ._bargaining import PROTOCOLS as BARGAINING_PROTOCOLS
from ._bargaining import Bargaining, bargained_terms
from ._bargaining_solve import BargainedPath
from ._forecast import (
    ForecastInputs,
    ForecastSpec,
    forecast,
    forecast_election,
    forecast_inputs,
    forecast_only_parameters,
    forecast_settlements,
    forecast_smp,
    forecast_spec,
)
from ._loaders import available, from_string, from_toml, load
from ._spec import Parameter, ScenarioSpec
from ._structure import Structure
from .assumptions import (
    CheckResult,
    Monotone,
    Prefers,
    check_assumptions,
    declared_assumptions,
    equilibrium_quantity,
    game_threshold,
    pressure_parameter,
    sample_parameters,
)
from .beijing_type import BeijingTypeModel, load_beijing_type
from .describe import assumptions_markdown, read_claims
from .dynamic import (
    DynamicParameter,
    DynamicScenario,
    DynamicSolution,
    available_dynamic,
    dynamic_from_toml,
    load_dynamic,
)
from .scenario import Scenario
from .sequential import SubgamePerfectBatch

__all__ = [
    "BARGAINING_PROTOCOLS",
    "BargainedPath",
    "Bargaining",
    "BeijingTypeModel",
    "CheckResult",
    "DynamicParameter",
    "DynamicScenario",
    "DynamicSolution",
    "ForecastInputs",
    "ForecastSpec",
    "Monotone",
    "Parameter",
    "Prefers",
    "Scenario",
    "ScenarioSpec",
    "Structure",
    "SubgamePerfectBatch",
    "assumptions",
    "assumptions_markdown",
    "available",
    "available_dynamic",
    "bargained_terms",
    "check_assumptions",
    "declared_assumptions",
    "dynamic_from_toml",
    "equilibrium_quantity",
    "forecast",
    "forecast_election",
    "forecast_inputs",
    "forecast_only_parameters",
    "forecast_settlements",
    "forecast_smp",
    "forecast_spec",
    "from_string",
    "from_toml",
    "game_threshold",
    "load",
    "load_beijing_type",
    "load_dynamic",
    "pressure_parameter",
    "read_claims",
    "sample_parameters",
]
