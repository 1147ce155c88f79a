"""mediation_sim: game-theoretic simulation of mediated war-termination negotiations.

The library is layered; data flows one way, from top to bottom:

``games``
    What a game is: :class:`NormalFormGame`, game trees, bargaining problems,
    coalitional games, and a catalogue of classic games.
``solvers``
    Equilibria and how to find them; every equilibrium returned is verified
    by regret.
``models``
    Closed-form models of war and bargaining from the rationalist tradition.
``scenarios``
    Domain models built from validated TOML specs, such as ``ukraine-2023``.
``analysis``
    Sweeps, critical thresholds, Monte Carlo, plots.
``io``
    Gambit ``.nfg``/``.efg`` files and JSON.
``testing``
    Hypothesis strategies and assertions for property tests of your own models.

Examples
--------
>>> import mediation_sim as ms
>>> g = ms.games.prisoners_dilemma()
>>> ms.solvers.pure_nash(g)[0]
MixedProfile(row=defect, column=defect)
"""

from __future__ import annotations

import importlib as _importlib
from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version
from typing import TYPE_CHECKING

from . import games, solvers
from ._errors import (
    ConvergenceWarning,
    DegenerateGameWarning,
    EfgFormatError,
    FileAccessError,
    FileFormatError,
    GameShapeError,
    GameTooLargeError,
    InvalidArgumentError,
    InvalidPayoffError,
    InvalidProfileError,
    MediationSimError,
    MediationSimWarning,
    MissingDependencyError,
    NfgFormatError,
    ParameterOutOfBoundsError,
    ResultFormatError,
    SolverError,
    SpecError,
    UnknownMethodError,
    UnknownNameError,
)
from ._results import Result
from .games import MixedProfile, NormalFormGame
from .solvers import NashResult

if TYPE_CHECKING:
    from types import ModuleType

try:
    __version__ = _version("mediation_sim")
except _PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

#: Subpackages imported on first attribute access, so that ``import mediation_sim``
#: stays light (``testing`` needs Hypothesis; ``analysis`` may pull in pandas).
_LAZY_SUBMODULES = ("analysis", "cli", "io", "models", "scenarios", "testing")

__all__ = [
    "ConvergenceWarning",
    "DegenerateGameWarning",
    "EfgFormatError",
    "FileAccessError",
    "FileFormatError",
    "GameShapeError",
    "GameTooLargeError",
    "InvalidArgumentError",
    "InvalidPayoffError",
    "InvalidProfileError",
    "MediationSimError",
    "MediationSimWarning",
    "MissingDependencyError",
    "MixedProfile",
    "NashResult",
    "NfgFormatError",
    "NormalFormGame",
    "ParameterOutOfBoundsError",
    "Result",
    "ResultFormatError",
    "SolverError",
    "SpecError",
    "UnknownMethodError",
    "UnknownNameError",
    "__version__",
    "games",
    "solvers",
]


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY_SUBMODULES:
        module = _importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'mediation_sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API (``__all__``, the lazily imported layers) and the module's dunders.

    Helpers of this module (``importlib``, ``TYPE_CHECKING``, the
    ``annotations`` future flag) and private submodules stay out of
    ``dir(ms)`` and so out of tab completion.
    """
    dunders = {name for name in globals() if name.startswith("__") and name.endswith("__")}
    return sorted({*__all__, *_LAZY_SUBMODULES, *dunders})


del annotations, TYPE_CHECKING
