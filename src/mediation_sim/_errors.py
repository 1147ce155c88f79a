"""Exception and warning hierarchy of mediation_sim.

Every error the library raises on bad input is a subclass of
:class:`MediationSimError`, so ``except ms.MediationSimError`` catches them all.
Each subclass also derives from the built-in exception a Python user would
expect (``ValueError`` for bad values, ``LookupError`` for unknown names,
``ImportError`` for a missing optional dependency), so existing ``except``
clauses keep working.

Errors that come from a file (a scenario TOML, a Gambit ``.nfg``) carry the
location as attributes (``path``, ``line``, ``key``) and show it at the start of
their message.
"""

from __future__ import annotations

from os import PathLike

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
    "NfgFormatError",
    "ParameterOutOfBoundsError",
    "ResultFormatError",
    "SolverError",
    "SpecError",
    "UnknownMethodError",
    "UnknownNameError",
]


class MediationSimError(Exception):
    """Base class of every error raised by mediation_sim on bad input or failure."""


class InvalidArgumentError(MediationSimError, ValueError):
    """An argument has a value outside its allowed range (the message names it)."""


class GameShapeError(MediationSimError, ValueError):
    """Payoffs, labels or profiles do not have the shape the game requires."""


class InvalidPayoffError(MediationSimError, ValueError):
    """Payoffs are not finite real numbers (NaN, infinity, strings, complex)."""


class InvalidProfileError(MediationSimError, ValueError):
    """A strategy profile is malformed: wrong length, negative or unnormalised probabilities."""


class GameTooLargeError(MediationSimError, ValueError):
    """A game would have too many payoff entries to enumerate; refused before allocating."""


class UnknownNameError(MediationSimError, LookupError):
    """A player, strategy, outcome, parameter or scenario name is not known.

    The message lists the valid names.
    """

    def __str__(self) -> str:  # LookupError subclasses would otherwise repr() the message
        return str(self.args[0]) if self.args else ""


class UnknownMethodError(UnknownNameError):
    """A solver ``method=`` string is not registered; the message lists the valid names."""


class ParameterOutOfBoundsError(MediationSimError, ValueError):
    """A scenario parameter value lies outside its declared bounds."""


class SolverError(MediationSimError, RuntimeError):
    """A solver could not produce a verified answer (for example it failed to converge)."""


class MissingDependencyError(MediationSimError, ImportError):
    """An optional dependency needed for this feature is not installed.

    The message says which ``pip install`` command provides it.
    """


class _LocatedError(MediationSimError, ValueError):
    """Base for errors that point into a file: ``path``, ``line`` and ``key`` attributes."""

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.key = key
        self.reason = message
        where = []
        if self.path is not None:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        if key is not None:
            where.append(f"key {key!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class FileFormatError(_LocatedError):
    """A data file (Gambit ``.nfg``/``.efg``, JSON) is malformed; names file and line."""


class EfgFormatError(FileFormatError):
    """A Gambit extensive-form (``.efg``) file is malformed; names the file and line."""


class NfgFormatError(FileFormatError):
    """A Gambit strategic-form (``.nfg``) file is malformed.

    The message names the file (``"<string>"`` for text) and the line, and
    says what was expected and what was found.
    """


class ResultFormatError(InvalidArgumentError):
    """A dictionary given to ``Result.from_dict`` is not a result this version can rebuild.

    The message names the field (``NashResult.game``) and what is wrong:
    an unknown type or class, a newer schema version, a missing or unknown
    field, a malformed array. :func:`mediation_sim.io.read_result` reports
    the same problems as a :class:`FileFormatError` naming the file.
    """


class SpecError(_LocatedError):
    """A scenario specification is invalid; names file, table, key and line where known."""


class FileAccessError(MediationSimError, OSError):
    """A file could not be read or written; the message names the file and the cause.

    Raised for a missing file, a directory, a denied permission, a full disk,
    an embedded NUL in the name, an I/O error or a file above a size limit.

    Also an :class:`OSError`, so ``except OSError`` keeps working.
    """

    def __init__(self, message: str, *, path: str | PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.path = None if path is None else str(path)


class MediationSimWarning(UserWarning):
    """Base class of the warnings issued by mediation_sim."""


class DegenerateGameWarning(MediationSimWarning):
    """The game is degenerate, so an enumeration method may not list every equilibrium.

    The same fact is recorded on the result (``NashResult.degenerate``).
    """


class ConvergenceWarning(MediationSimWarning):
    """An iterative method stopped before reaching its tolerance."""
