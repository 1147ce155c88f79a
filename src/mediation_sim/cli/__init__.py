"""The ``mediation-sim`` command: analyse a scenario from the terminal.

Run ``mediation-sim --help`` for the list of commands and ``mediation-sim
COMMAND --help`` for each one (``python -m mediation_sim`` is the same
program). Every command works on a *scenario*: a shipped one by name
(``ukraine-2023``, the default) or your own TOML file by path.

The command is a package: ``_commands`` holds the table of commands (name,
help, arguments), ``_parser`` turns it into the parser, ``_base`` and
``_render`` hold the shared input handling and rendering, and one module
per command its ``run`` function. pandas and matplotlib are imported by the
commands that need them. :func:`main` takes
the argument list, so the command can also be run from Python::

    from mediation_sim.cli import main
    main(["threshold", "--outcome", "withdrawal"])

Errors in the input (an unknown parameter, a value out of bounds, a
malformed scenario file, a file that cannot be written) end the command
with a one-line message on standard error and exit status 2; an internal
error (a bug) with a one-line message and status 70. When standard output
is closed early (``mediation-sim sweep --output s.csv | head -3``) the
command stops printing, still writes its files and exits with status 0.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .._errors import MediationSimError
from ._base import PROG, CommandError, _Console, _silence_stdout
from ._parser import build_parser

__all__ = ["MAX_DRAWS", "MAX_GRID_POINTS", "CommandError", "build_parser", "main"]

#: Most points a ``--grid START:STOP:NUM`` may ask for, and most Monte Carlo
#: draws ``-n`` may ask for; checked before any work. Assign larger values to
#: ``mediation_sim.cli.MAX_GRID_POINTS`` / ``MAX_DRAWS`` to lift them.
MAX_GRID_POINTS = 1_000_000
MAX_DRAWS = 100_000_000


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``mediation-sim`` with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    Examples
    --------
    >>> from mediation_sim.cli import main
    >>> main(["threshold", "--outcome", "withdrawal", "--mode", "committed", "--quiet"])
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 2
        out = _Console(args.quiet)
        status: int = args.func(args, out)
        return status
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except BrokenPipeError:  # output piped into a program that stopped reading (`| head`)
        _silence_stdout()  # e.g. `--help | head -3`: nothing is lost, as for the commands
        return 0
    except (CommandError, MediationSimError) as exc:
        message = " ".join(str(exc).split())
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file or device failed under us (disk full, I/O error)
        message = " ".join(str(exc).split())
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one line, not a traceback (set MEDIATION_SIM_DEBUG=1)
        if os.environ.get("MEDIATION_SIM_DEBUG"):
            raise
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(
            f"{PROG}: internal error: {message} (please report it; set MEDIATION_SIM_DEBUG=1 "
            "for the traceback)",
            file=sys.stderr,
        )
        return 70
