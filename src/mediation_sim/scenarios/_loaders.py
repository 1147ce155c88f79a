"""Loading scenario specs: shipped ones by name, users' own from a file or a string."""

from __future__ import annotations

import warnings
from importlib.resources import files
from os import PathLike
from pathlib import Path

from .._errors import InvalidArgumentError, SpecError, UnknownNameError
from ._forecast import validate_forecast
from ._limits import check_spec_nesting
from ._spec import parse_spec, read_text
from .scenario import Scenario

__all__ = ["available", "from_string", "from_toml", "load"]


#: Largest scenario file or text accepted (16 MiB; the shipped ones are a few
#: kilobytes). Assign a larger value to
#: ``mediation_sim.scenarios._loaders.MAX_SPEC_BYTES`` to lift it.
MAX_SPEC_BYTES = 16 * 1024 * 1024


#: Old names of shipped scenarios still accepted by :func:`load`, with a
#: :class:`DeprecationWarning` naming the new one (removal planned for 0.3).
DEPRECATED_NAMES: dict[str, str] = {"ukraine-2023-revised": "ukraine-2023"}


def _data_dir() -> Path:
    return Path(str(files("mediation_sim.scenarios") / "data"))


def available() -> list[str]:
    """Names of the scenarios shipped with mediation_sim.

    Every name loads with :func:`load`. Deprecated old names (still accepted
    by :func:`load`, with a warning) are not listed, and neither are the
    extensions that build on a scenario (such as Beijing's type, loaded with
    :func:`~mediation_sim.scenarios.load_beijing_type`) or the dynamic
    scenarios (:func:`~mediation_sim.scenarios.available_dynamic`).

    Returns
    -------
    list of str
        The names, sorted.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> ms.scenarios.available()
    ['ukraine-2023', 'ukraine-2023-v0.1']
    """
    return sorted(p.stem for p in _data_dir().glob("*.toml"))


def load(name: str) -> Scenario:
    """Load a shipped scenario by name.

    Parameters
    ----------
    name : str
        One of :func:`available`, e.g. ``"ukraine-2023"`` (the flagship, with
        the revised payoffs) or ``"ukraine-2023-v0.1"`` (its v0.1 payoffs,
        kept for comparison).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    UnknownNameError
        If no scenario has that name (the message lists those shipped).

    Warns
    -----
    DeprecationWarning
        If ``name`` is an old name (``"ukraine-2023-revised"`` is now
        ``"ukraine-2023"``); the warning names the new one.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> sc.parameters["china_pressure"].bounds
    (0.0, 1.0)
    >>> ms.scenarios.load("ukraine-2023-v0.1").name
    'ukraine-2023-v0.1'
    """
    if name in tuple(DEPRECATED_NAMES):  # a tuple: an unhashable name is simply unknown
        new = DEPRECATED_NAMES[name]
        warnings.warn(
            f"load(): the scenario {name!r} is now called {new!r}; "
            f"use ms.scenarios.load({new!r}) (the old name goes in 0.3)",
            DeprecationWarning,
            stacklevel=2,
        )
        name = new
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
    if isinstance(path, bytes) or not isinstance(path, str | PathLike):
        raise InvalidArgumentError(
            f"from_toml(): path must be a str or an os.PathLike, got {type(path).__name__}; "
            "use from_string(text) for TOML text"
        )
    try:
        size = Path(path).stat().st_size
    except (OSError, ValueError) as exc:
        cause = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SpecError(f"cannot read scenario file: {cause}", path=str(path)) from None
    if size > MAX_SPEC_BYTES:
        raise SpecError(
            f"the scenario file has {size:,} bytes, above the limit of {MAX_SPEC_BYTES:,} "
            "(mediation_sim.scenarios._loaders.MAX_SPEC_BYTES)",
            path=str(path),
        )
    text = read_text(Path(path))
    return _build(text, str(path))


def from_string(text: str, *, name: str = "<string>") -> Scenario:
    """Load and validate a scenario from TOML text (``name`` is used in error messages)."""
    if not isinstance(text, str):
        raise InvalidArgumentError(
            f"from_string(): text must be a str, got {type(text).__name__}"
            + ("; decode bytes first (text.decode('utf-8'))" if isinstance(text, bytes) else "")
        )
    if not isinstance(name, str):
        raise InvalidArgumentError(f"from_string(): name must be a str, got {type(name).__name__}")
    if len(text) > MAX_SPEC_BYTES:
        raise SpecError(
            f"the scenario text has {len(text):,} characters, above the limit of "
            f"{MAX_SPEC_BYTES:,} (mediation_sim.scenarios._loaders.MAX_SPEC_BYTES)",
            path=name,
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: no file could hold this text
        line = text.count("\n", 0, exc.start) + 1
        raise SpecError(
            f"the scenario text is not valid Unicode ({exc.reason}) at line {line}", path=name
        ) from None
    return _build(text, name)


def _build(text: str, source: str) -> Scenario:
    """Parse and build, turning the parser's last-resort failures into located errors."""
    # tomllib recurses once per nested array or inline table: bound the depth first
    check_spec_nesting(text, source)
    try:
        spec = parse_spec(text, path=source)
        validate_forecast(spec)
        return Scenario(spec)
    except TypeError as exc:
        # a list or table where a name is expected (an unhashable lookup key)
        raise SpecError(
            f"a value has the wrong type where a name (a string) is expected ({exc})",
            path=source,
        ) from None
