"""What an analyst does with a scenario: sweeps, critical thresholds, Monte Carlo, plots.

pandas, tqdm, matplotlib and Dask are imported only by the functions that
need them.
"""

from .._namespace import rehome
from ._bargaining import STANDARD_PROTOCOLS, protocol_critical_values, terms_critical_value
from ._dynamic import (
    DynamicMonteCarloResult,
    critical_pressure_by_start,
    dynamic_monte_carlo,
    outcomes_over_time,
    timing_grid,
)
from ._dynamic_plots import plot_outcomes_over_time, plot_settlement_fan, plot_timing_heatmap
from ._executors import BLAS_THREAD_VARIABLES, open_executor
from ._forecast import (
    ForecastCrossing,
    ForecastMonteCarloResult,
    forecast_crossing,
    forecast_monte_carlo,
    forecast_sweep,
    plot_forecast_paths,
    plot_forecast_sweep,
)
from ._monte_carlo import MonteCarloResult, monte_carlo
from ._plot_data import (
    PhaseGrid,
    QREBranchLine,
    QREBranchLines,
    TornadoBars,
    phase_grid,
    qre_branch_lines,
    tornado_bars,
)
from ._plots import (
    draw_phase_diagram,
    draw_qre_branch,
    plot_critical_distribution,
    plot_phase_diagram,
    plot_qre_branch,
    plot_settlement_curve,
    plot_tornado,
)
from ._report import (
    ModeReport,
    PressureTiming,
    ProtocolTerms,
    ScenarioReport,
    analytic_reading,
    describe_critical,
    report,
)
from ._selection import Multiplicity, Selection, equilibrium_multiplicity, select_equilibrium
from ._sensitivity import SensitivityResult, sensitivity
from ._structures import (
    EquilibriumCredibility,
    StructureComparison,
    StructureRow,
    compare_structures,
    equilibrium_credibility,
)
from ._sweep import summarise_sweep, sweep
from ._thresholds import CriticalValueResult, Crossing, critical_value

__all__ = [
    "BLAS_THREAD_VARIABLES",
    "STANDARD_PROTOCOLS",
    "CriticalValueResult",
    "Crossing",
    "DynamicMonteCarloResult",
    "EquilibriumCredibility",
    "ForecastCrossing",
    "ForecastMonteCarloResult",
    "ModeReport",
    "MonteCarloResult",
    "Multiplicity",
    "PhaseGrid",
    "PressureTiming",
    "ProtocolTerms",
    "QREBranchLine",
    "QREBranchLines",
    "ScenarioReport",
    "Selection",
    "SensitivityResult",
    "StructureComparison",
    "StructureRow",
    "TornadoBars",
    "analytic_reading",
    "compare_structures",
    "critical_pressure_by_start",
    "critical_value",
    "describe_critical",
    "draw_phase_diagram",
    "draw_qre_branch",
    "dynamic_monte_carlo",
    "equilibrium_credibility",
    "equilibrium_multiplicity",
    "forecast_crossing",
    "forecast_monte_carlo",
    "forecast_sweep",
    "monte_carlo",
    "open_executor",
    "outcomes_over_time",
    "phase_grid",
    "plot_critical_distribution",
    "plot_forecast_paths",
    "plot_forecast_sweep",
    "plot_outcomes_over_time",
    "plot_phase_diagram",
    "plot_qre_branch",
    "plot_settlement_curve",
    "plot_settlement_fan",
    "plot_timing_heatmap",
    "plot_tornado",
    "protocol_critical_values",
    "qre_branch_lines",
    "report",
    "select_equilibrium",
    "sensitivity",
    "summarise_sweep",
    "sweep",
    "terms_critical_value",
    "timing_grid",
    "tornado_bars",
]


# Public objects print, pickle and document under the package (see _namespace).
rehome(globals(), __all__, __name__)
