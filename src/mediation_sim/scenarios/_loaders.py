"""Loading scenario specs: shipped ones by name, users' own from a file or a string."""

from __future__ import annotations

from importlib.resources import files
from os import PathLike
from pathlib import Path

from .._errors import UnknownNameError
from ._forecast import validate_forecast
from ._spec import parse_spec, read_text
from .scenario import Scenario

__all__ = ["available", "from_string", "from_toml", "load"]


def _data_dir() -> Path:
    return Path(str(files("mediation_sim.scenarios") / "data"))


def available() -> list[str]:
    """Names of the scenarios shipped with mediation_sim.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> "ukraine-2023" in ms.scenarios.available()
    True
    """
    return sorted(p.stem for p in _data_dir().glob("*.toml"))


def load(name: str) -> Scenario:
    """Load a shipped scenario by name.

    Parameters
    ----------
    name : str
        One of :func:`available`, e.g. ``"ukraine-2023"``.

    Raises
    ------
    UnknownNameError
        If no scenario has that name (the message lists those shipped).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> sc.parameters["china_pressure"].bounds
    (0.0, 1.0)
    """
    names = available()
    if name not in names:
        raise UnknownNameError(
            f"no shipped scenario called {name!r}; available: {names}. "
            "For your own file use ms.scenarios.from_toml(path)."
        )
    return from_toml(_data_dir() / f"{name}.toml")


def from_toml(path: str | PathLike[str]) -> Scenario:
    """Load and validate a scenario from a TOML file.

    The file is parsed as data (``tomllib``); nothing in it is executed.

    Raises
    ------
    SpecError
        If the file cannot be read or is invalid; the message names the file,
        the key and the line.
    """
    text = read_text(Path(path))
    spec = parse_spec(text, path=str(path))
    validate_forecast(spec)
    return Scenario(spec)


def from_string(text: str, *, name: str = "<string>") -> Scenario:
    """Load and validate a scenario from TOML text (``name`` is used in error messages)."""
    spec = parse_spec(text, path=name)
    validate_forecast(spec)
    return Scenario(spec)
