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
from .sensitivity import SensitivityResult, sensitivity
from .structures import (
    EquilibriumCredibility,
    StructureComparison,
    StructureRow,
    compare_structures,
    equilibrium_credibility,
)
from .sweep import summarise_sweep, sweep
from .thresholds import CriticalValueResult, Crossing, critical_value

__all__ = [
    "CriticalValueResult",
    "Crossing",
    "EquilibriumCredibility",
    "MonteCarloResult",
    "SensitivityResult",
    "StructureComparison",
    "StructureRow",
    "compare_structures",
    "critical_value",
    "equilibrium_credibility",
    "monte_carlo",
    "plot_critical_distribution",
    "plot_phase_diagram",
    "plot_qre_branch",
    "plot_settlement_curve",
    "plot_tornado",
    "sensitivity",
    "summarise_sweep",
    "sweep",
]
