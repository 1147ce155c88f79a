"""The ``mediation-sim`` parser, built from the command table (private)."""

from __future__ import annotations

import argparse
from typing import Any

from ._base import PROG, _Parser
from ._commands import COMMANDS
from ._options import Arg, Command, Group

DESCRIPTION = """\
Game-theoretic analysis of mediated war-termination negotiations.

Every command works on a scenario: a shipped one by name (ukraine-2023, the
default) or your own TOML file by path. Start with `mediation-sim report`,
then `mediation-sim info` to see the players, outcomes and parameters you can
vary with --param and --set.
"""

EPILOG = """\
examples:
  mediation-sim report                                   # the flagship analysis on defaults
  mediation-sim info                                     # players, outcomes, parameters
  mediation-sim solve --mode committed --set china_pressure=0.6
  mediation-sim sweep --param china_pressure --plot curve.png
  mediation-sim threshold --outcome withdrawal --mode committed
  mediation-sim montecarlo -n 2000 --seed 1 --output draws.csv
  mediation-sim plot phase --param china_pressure --param leverage -o phase.png
  mediation-sim export --set china_pressure=0.6 -o game.nfg
  mediation-sim sweep my_conflict.toml --param pressure  # your own scenario

Exit status: 0 on success (also when standard output is closed early, as in
`... | head -3`: printing stops, files are still written); 2 on bad input
(one-line message on standard error); 70 on an internal error (a bug: set
MEDIATION_SIM_DEBUG=1 for the traceback).
"""


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32, width=100)


def _add_args(parser: argparse.ArgumentParser, args: tuple[Arg | Group, ...]) -> None:
    for item in args:
        if isinstance(item, Group):
            group = parser.add_argument_group(item.title)
            for a in item.args:
                group.add_argument(*a.flags, **a.options)
        else:
            parser.add_argument(*item.flags, **item.options)


def _add_command(sub: Any, cmd: Command) -> None:
    """Add ``cmd`` (and its kinds) to the sub-parsers ``sub``."""
    examples = "".join(f"  {PROG} {e}\n" for e in cmd.examples)
    p = sub.add_parser(
        cmd.name,
        help=cmd.summary,
        description=cmd.description or cmd.summary[0].upper() + cmd.summary[1:] + ".",
        epilog="examples:\n" + examples,
        formatter_class=_formatter,
    )
    _add_args(p, cmd.args)
    if cmd.kinds:
        kinds = p.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)
        for kind in cmd.kinds:
            _add_command(kinds, kind)
        return
    defaults: dict[str, Any] = {"func": cmd.run, **cmd.defaults}
    if not any(isinstance(a, Arg) and "--no-progress" in a.flags for a in cmd.args):
        defaults["no_progress"] = True
    p.set_defaults(**defaults)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``mediation-sim``, built from :data:`COMMANDS`."""
    from .. import __version__

    parser = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG, formatter_class=_formatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for cmd in COMMANDS:
        _add_command(sub, cmd)
    return parser
