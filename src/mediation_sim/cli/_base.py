"""Shared plumbing of the commands: console, parsing of inputs, checks and writers (private)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .._errors import MissingDependencyError
from .._jsonable import jsonable

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from matplotlib.figure import Figure

    from ..scenarios.scenario import Scenario

PROG = "mediation-sim"
DEFAULT_SCENARIO = "ukraine-2023"
FRAME_FORMATS = (".csv", ".json")
FIGURE_FORMATS = (".png", ".pdf", ".svg")
GAME_FORMATS = (".nfg", ".json", ".csv")


class CommandError(Exception):
    """Bad input detected by the command line itself (one-line message, exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors become one-line messages."""

    def error(self, message: str) -> NoReturn:
        raise CommandError(f"{message} (see '{self.prog} --help')")


# --------------------------------------------------------------------------- output
def _silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's final flush raises no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (captured in tests)
        pass


class _Console:
    """Prints results unless ``--quiet``; notes (files written) go to stderr."""

    def __init__(self, quiet: bool, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream
        self.closed = False

    def print(self, text: str = "") -> None:
        if self.quiet or self.closed:
            return
        try:
            print(text, file=self.stream or sys.stdout)
        except BrokenPipeError:
            # the reader stopped (`... | head -3`): stop printing but finish the
            # command, so that files it was asked to write (--output) are written
            self.closed = True
            _silence_stdout()

    def note(self, text: str) -> None:
        if not self.quiet:
            print(text, file=sys.stderr)


# --------------------------------------------------------------------------- inputs
def _load_scenario(spec: str) -> Scenario:
    from .. import scenarios

    path = Path(spec)
    if spec.endswith(".toml") or os.sep in spec or "/" in spec or path.is_file():
        return scenarios.from_toml(path)
    return scenarios.load(spec)


def _overrides(scenario: Scenario, items: Sequence[str] | None) -> dict[str, Any]:
    """``--set NAME=VALUE`` options as a validated dict."""
    values: dict[str, Any] = {}
    for item in items or ():
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name or not raw.strip():
            raise CommandError(f"--set expects NAME=VALUE, got {item!r}")
        try:
            values[name] = float(raw)
        except ValueError:
            raise CommandError(f"--set {name}: {raw!r} is not a number") from None
    scenario.resolve(**values)  # unknown names and out-of-bounds values raise here
    return values


def _limit(name: str) -> int:
    """``MAX_GRID_POINTS`` or ``MAX_DRAWS``, read from :mod:`mediation_sim.cli` when used.

    Read at call time, so that a user who assigns a larger value to
    ``mediation_sim.cli.MAX_GRID_POINTS`` lifts the limit.
    """
    return int(getattr(sys.modules[__package__], name))


def _draw_count(text: str) -> int:
    """``-n``: a positive integer of draws, at most :data:`MAX_DRAWS`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of draws, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"the number of draws must be at least 1, got {value}")
    limit = _limit("MAX_DRAWS")
    if value > limit:
        raise argparse.ArgumentTypeError(
            f"{value:,} draws are above the limit of {limit:,} (mediation_sim.cli.MAX_DRAWS)"
        )
    return value


def _dpi(text: str) -> int:
    """``--dpi``: an integer resolution in [10, 2400]."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if not 10 <= value <= 2400:
        raise argparse.ArgumentTypeError(f"must lie in [10, 2400], got {value}")
    return value


def _grid(text: str, option: str) -> list[float]:
    """``start:stop:num`` (inclusive, ``num`` points) or ``a,b,c`` as a list of floats."""
    import numpy as np

    try:
        if ":" in text:
            parts = text.split(":")
            if len(parts) != 3:
                raise ValueError
            start, stop, num = float(parts[0]), float(parts[1]), int(parts[2])
            if num < 1:
                raise ValueError
            limit = _limit("MAX_GRID_POINTS")
            if num > limit:
                raise CommandError(
                    f"{option} {text!r} asks for {num:,} points, above the limit of "
                    f"{limit:,} (mediation_sim.cli.MAX_GRID_POINTS)"
                )
            return [float(v) for v in np.linspace(start, stop, num)]
        values = [float(v) for v in text.split(",") if v.strip()]
        if not values:
            raise ValueError
        return values
    except ValueError:
        raise CommandError(
            f"{option} expects START:STOP:NUM (e.g. 0:1:101) or a list like 0,0.5,1; got {text!r}"
        ) from None


def _control_parameters(scenario: Scenario) -> list[str]:
    return [k for k, p in scenario.parameters.items() if p.kind == "control"]


def _default_parameter(scenario: Scenario, given: str | None) -> str:
    if given is not None:
        if given not in scenario.parameters:
            raise CommandError(
                f"unknown parameter {given!r}; parameters: {', '.join(sorted(scenario.parameters))}"
            )
        return given
    controls = _control_parameters(scenario)
    if not controls:
        raise CommandError(
            f"scenario {scenario.name!r} declares no control parameter; choose one with --param"
        )
    return controls[0]


def _swept_grids(
    scenario: Scenario, params: Sequence[str] | None, grids: Sequence[str] | None
) -> dict[str, Any]:
    """The grids of ``--param NAME[=GRID]`` and ``--grid GRID`` options."""
    import numpy as np

    names: list[str] = []
    inline: dict[str, list[float]] = {}
    for item in params or [_default_parameter(scenario, None)]:
        name, sep, grid = item.partition("=")
        name = name.strip()
        if name not in scenario.parameters:
            raise CommandError(
                f"unknown parameter {name!r}; parameters: {', '.join(sorted(scenario.parameters))}"
            )
        if name in names:
            raise CommandError(f"--param {name} given twice")
        names.append(name)
        if sep:
            inline[name] = _grid(grid, f"--param {name}=")
    plain = [n for n in names if n not in inline]
    given = list(grids or [])
    if given and len(given) != len(plain):
        raise CommandError(
            f"give one --grid per --param without an inline grid ({len(plain)}), "
            f"got {len(given)} --grid options"
        )
    default_points = 101 if len(names) == 1 else 41
    out: dict[str, Any] = {}
    for name in names:
        if name in inline:
            out[name] = inline[name]
        elif given:
            out[name] = _grid(given[plain.index(name)], f"--grid (for {name})")
        else:
            lo, hi = scenario.parameters[name].bounds
            out[name] = [float(v) for v in np.linspace(lo, hi, default_points)]
    return out


def _modes(scenario: Scenario) -> list[str]:
    """The default mode first, then every declared mode (the implicit ``free`` only if used)."""
    declared = [m for m in scenario.modes if m != "free"]
    return [scenario.default_mode, *(m for m in declared if m != scenario.default_mode)]


def _suffix(path: Path, allowed: Sequence[str], option: str, fmt: str | None = None) -> str:
    ext = f".{fmt.lower().lstrip('.')}" if fmt else path.suffix.lower()
    if ext not in allowed:
        raise CommandError(
            f"{option} {path}: unsupported file type {ext or '(none)'!r}; "
            f"use one of {', '.join(allowed)}"
        )
    return ext


def _check_writable(path: Path, option: str) -> None:
    parent = path.parent if str(path.parent) else Path()
    if not parent.is_dir():
        raise CommandError(f"{option} {path}: directory {parent} does not exist")


def _precheck(args: argparse.Namespace, **allowed: Sequence[str]) -> None:
    """Check output options (type and directory) before any work is done."""
    for name, formats in allowed.items():
        value = getattr(args, name, None)
        if value:
            option = "--" + name.replace("_", "-")
            path = Path(value)
            _suffix(
                path, formats, option, getattr(args, "format", None) if name == "output" else None
            )
            _check_writable(path, option)
            if path.exists() and not getattr(args, "force", False):
                raise CommandError(
                    f"{option} {path}: the file exists; pass --force to overwrite it"
                )


def _progress(args: argparse.Namespace) -> bool | None:
    return False if (args.no_progress or args.quiet) else None


# --------------------------------------------------------------------------- writers
def _jsonable(value: Any) -> Any:
    """Plain JSON data: NaN and infinities become null, numpy values become Python ones."""
    return jsonable(value, finite=True, other=lambda obj, _where: str(obj))


def _write_text(path: Path, text: str, option: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{option} {path}: cannot write ({exc.strerror})") from None


def _write_frame(
    frame: Any, path: Path, option: str, metadata: Any = None, fmt: str | None = None
) -> None:
    ext = _suffix(path, FRAME_FORMATS, option, fmt)
    _check_writable(path, option)
    if ext == ".csv":
        text = frame.to_csv(index=False, lineterminator="\n")
    else:
        meta = metadata if metadata is not None else frame.attrs.get("mediation_sim", {})
        rows = json.loads(frame.to_json(orient="records"))
        text = json.dumps(
            {"metadata": _jsonable(dict(meta)), "rows": rows}, indent=1, allow_nan=False
        )
    _write_text(path, text, option)


def _write_json(data: Any, path: Path, option: str) -> None:
    _check_writable(path, option)
    _write_text(path, json.dumps(_jsonable(data), indent=2, allow_nan=False) + "\n", option)


def _new_figure(
    func: str, nrows: int = 1, ncols: int = 1, size: tuple[float, float] = (7, 4.5)
) -> Figure:
    """A matplotlib Figure not managed by pyplot (no GUI backend, no global state)."""
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingDependencyError(
            f"{func} needs matplotlib: pip install 'mediation_sim[plot]'"
        ) from exc
    fig = Figure(figsize=size, layout="constrained")
    fig.subplots(nrows, ncols)
    return fig


def _save_figure(fig: Figure, path: Path, option: str, dpi: int) -> None:
    _suffix(path, FIGURE_FORMATS, option)
    _check_writable(path, option)
    try:
        fig.savefig(path, dpi=dpi)
    except OSError as exc:
        raise CommandError(f"{option} {path}: cannot write ({exc.strerror})") from None


@contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    """The executor chosen by ``--executor`` (closed afterwards).

    The options are checked here, so that mistakes read as option errors;
    :func:`mediation_sim.analysis.open_executor` opens the executor.
    """
    from ..analysis import open_executor

    kind = args.executor
    if args.scheduler and kind not in (None, "dask"):
        raise CommandError("--scheduler needs --executor dask")
    if args.scheduler and not re.fullmatch(
        r"(tcp|tls|ucx|ws|wss|inproc)://[^\s/]+(:\d+)?/?", args.scheduler
    ):
        raise CommandError(
            f"--scheduler expects an address like tcp://10.0.0.5:8786, got {args.scheduler!r}"
        )
    if args.workers is not None and args.workers < 1:
        raise CommandError(f"--workers must be at least 1, got {args.workers}")
    try:
        context = open_executor(kind, workers=args.workers, scheduler=args.scheduler)
        with context as executor:
            yield executor
    except MissingDependencyError:
        raise MissingDependencyError(
            "--executor dask needs Dask: pip install 'mediation_sim[dask]'"
        ) from None
