"""What an analyst does with a scenario: sweeps, critical thresholds, Monte Carlo, plots.

pandas, tqdm, matplotlib and Dask are imported only by the functions that
need them.
"""

from .monte_carlo import MonteCarloResult, monte_carlo
from .plots import (
    plot_critical_distribution,
    plot_phase_diagram,
    plot_qre_branch,
    plot_settlement_curve,
    plot_tornado,
)
from .selection import Multiplicity, Selection, equilibrium_multiplicity, select_equilibrium
from .sensitivity import SensitivityResult, sensitivity
from .sweep import summarise_sweep, sweep
from .thresholds import CriticalValueResult, Crossing, critical_value

__all__ = [
    "CriticalValueResult",
    "Crossing",
    "MonteCarloResult",
    "Multiplicity",
    "Selection",
    "SensitivityResult",
    "critical_value",
    "equilibrium_multiplicity",
    "monte_carlo",
    "plot_critical_distribution",
    "plot_phase_diagram",
    "plot_qre_branch",
    "plot_settlement_curve",
    "plot_tornado",
    "select_equilibrium",
    "sensitivity",
    "summarise_sweep",
    "sweep",
]
