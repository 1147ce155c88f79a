"""The vocabulary of the command table: Arg, Group, Command and the shared options (private)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._base import DEFAULT_SCENARIO, _Console, _dpi, _draw_count

Runner = Callable[[argparse.Namespace, _Console], int]


@dataclass(frozen=True)
class Arg:
    """One ``add_argument`` call: option strings and keyword arguments."""

    flags: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict)


def arg(*flags: str, **options: Any) -> Arg:
    """An :class:`Arg` (``arg("--seed", type=int, help=...)``)."""
    return Arg(flags, options)


@dataclass(frozen=True)
class Group:
    """Arguments shown under their own heading in ``--help``."""

    title: str
    args: tuple[Arg, ...]


@dataclass(frozen=True)
class Command:
    """One command (or one kind of ``plot``): help texts, arguments and its runner."""

    name: str
    summary: str
    description: str
    examples: tuple[str, ...]
    args: tuple[Arg | Group, ...] = ()
    run: Runner | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    kinds: tuple[Command, ...] = ()  # sub-commands (``plot sweep``, ...)


# --------------------------------------------------------------------------- shared options
def scenario_args(*, overrides: bool = True, mode: bool = True) -> tuple[Arg, ...]:
    """The scenario (positional), ``--mode`` and ``--set``."""
    out = [
        arg(
            "scenario",
            nargs="?",
            default=DEFAULT_SCENARIO,
            help=f"shipped scenario name or path to a TOML file (default: {DEFAULT_SCENARIO})",
        )
    ]
    if mode:
        out.append(
            arg(
                "--mode",
                metavar="MODE",
                help="scenario mode, e.g. strategic or committed for ukraine-2023 "
                "(default: the scenario's default mode; see `mediation-sim info`)",
            )
        )
    if mode and overrides:
        out.append(
            arg(
                "--set",
                metavar="NAME=VALUE",
                action="append",
                help="set a parameter (repeatable), e.g. --set china_pressure=0.6",
            )
        )
    return tuple(out)


def display_args(*, progress: bool = False) -> tuple[Arg, ...]:
    """``--quiet``, ``--force`` and (for long runs) ``--no-progress``."""
    out = [
        arg("--quiet", action="store_true", help="print nothing but errors"),
        arg("--force", action="store_true", help="overwrite output files that already exist"),
    ]
    if progress:
        out.append(
            arg(
                "--no-progress",
                action="store_true",
                help="never show a progress bar (shown by default on a terminal for long runs)",
            )
        )
    return tuple(out)


EXECUTOR = Group(
    "parallel execution",
    (
        arg(
            "--executor",
            choices=["serial", "process", "dask"],
            default=None,
            help="where to run the draws: this process (default), a process pool, "
            "or a Dask cluster (a local one unless --scheduler is given)",
        ),
        arg(
            "--workers",
            type=int,
            metavar="N",
            help="number of worker processes (default: CPUs; dask: 2)",
        ),
        arg(
            "--scheduler",
            metavar="ADDRESS",
            help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies dask)",
        ),
    ),
)

OUTCOME_HELP = (
    "outcome id, or 'settlement': any of the scenario's settlement outcomes (default: settlement)"
)


def outcome_args() -> tuple[Arg, ...]:
    """``--outcome`` and ``--level``: the same default in every command."""
    return (
        arg("--outcome", default="settlement", help=OUTCOME_HELP),
        arg(
            "--level",
            type=float,
            default=0.5,
            help="probability the outcome must reach (default: 0.5)",
        ),
    )


def mc_args(*, n_default: int) -> tuple[Arg, ...]:
    """The Monte Carlo options of ``montecarlo`` and ``plot critical``."""
    return (
        arg(
            "-n",
            type=_draw_count,
            default=n_default,
            metavar="N",
            help=f"number of draws (default: {n_default})",
        ),
        arg(
            "--seed", type=int, metavar="INT", help="random seed (default: fresh entropy, printed)"
        ),
        arg("--param", metavar="NAME", help="control parameter (default: the scenario's first)"),
        *outcome_args(),
        arg(
            "--selection",
            choices=["best", "worst"],
            default="best",
            help="some (best) or every (worst) equilibrium must reach it (default: best)",
        ),
        arg(
            "--grid",
            metavar="START:STOP:NUM",
            help="values of the parameter for the probability curves (default: 21 over its bounds)",
        ),
        arg(
            "--within",
            choices=["range", "bounds"],
            default="range",
            help="sample assumptions over their plausible range or hard bounds (default: range)",
        ),
    )


FIGURE = (arg("--dpi", type=_dpi, default=150, help="resolution of PNG figures (default: 150)"),)

SWEEP = (
    arg(
        "--param",
        action="append",
        metavar="NAME[=GRID]",
        help="parameter to sweep (repeatable); optionally with its grid, e.g. "
        "china_pressure=0:1:201 (default: the scenario's control parameter)",
    ),
    arg(
        "--grid",
        action="append",
        metavar="START:STOP:NUM",
        help="grid of each --param in order: NUM values from START to STOP, or a list a,b,c "
        "(default: 101 values over the bounds for one parameter, 41 each for more)",
    ),
)

SOLVER_CHOICES = ["pure", "nash", "qre"]
LAM = arg("--lam", type=float, metavar="LAMBDA", help="QRE precision for --solver qre")


def figure_file(*, progress: bool = False) -> tuple[Arg, ...]:
    """The ``-o FILE`` of a ``plot`` kind, with ``--dpi`` and the display options."""
    return (
        arg(
            "-o", "--output", metavar="FILE", required=True, help="figure file (.png, .pdf or .svg)"
        ),
        *FIGURE,
        *display_args(progress=progress),
    )
