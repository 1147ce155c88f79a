"""What an analyst does with a scenario: sweeps, critical thresholds, Monte Carlo, plots.

pandas, tqdm, matplotlib and Dask are imported only by the functions that
need them.
"""

from .forecast import (
    ForecastCrossing,
    ForecastMonteCarloResult,
    forecast_crossing,
    forecast_monte_carlo,
    forecast_sweep,
    plot_forecast_paths,
    plot_forecast_sweep,
)
from .monte_carlo import MonteCarloResult, monte_carlo
from .plots import (
    plot_critical_distribution,
    plot_phase_diagram,
    plot_qre_branch,
    plot_settlement_curve,
    plot_tornado,
)
from .sensitivity import SensitivityResult, sensitivity
from .sweep import summarise_sweep, sweep
from .thresholds import CriticalValueResult, Crossing, critical_value

__all__ = [
    "CriticalValueResult",
    "Crossing",
    "ForecastCrossing",
    "ForecastMonteCarloResult",
    "MonteCarloResult",
    "SensitivityResult",
    "critical_value",
    "forecast_crossing",
    "forecast_monte_carlo",
    "forecast_sweep",
    "monte_carlo",
    "plot_critical_distribution",
    "plot_forecast_paths",
    "plot_forecast_sweep",
    "plot_phase_diagram",
    "plot_qre_branch",
    "plot_settlement_curve",
    "plot_tornado",
    "sensitivity",
    "summarise_sweep",
    "sweep",
]
