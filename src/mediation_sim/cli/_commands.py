"""The table of commands: name, help, arguments and the function that runs each (private).

:data:`COMMANDS` declares every ``mediation-sim`` command as data; the
option groups several commands share are tuples of :class:`Arg`;
:func:`~._parser.build_parser` turns the table into an :mod:`argparse` parser. To add
a command, write its module (a ``run(args, out) -> int`` function) and add
one :class:`Command` entry.
"""

from __future__ import annotations

from . import export, forecast, info, montecarlo, plot, report, solve, sweep, threshold
from ._options import (
    EXECUTOR,
    FIGURE,
    LAM,
    OUTCOME_HELP,
    SOLVER_CHOICES,
    SWEEP,
    Command,
    arg,
    display_args,
    figure_file,
    mc_args,
    outcome_args,
    scenario_args,
)

# --------------------------------------------------------------------------- the table
PLOT_KINDS = (
    Command(
        "sweep",
        "settlement probability against one parameter",
        "",
        (
            "plot sweep --param china_pressure -o curve.png",
            "plot sweep --mode committed --monte-carlo 2000 --seed 1 -o curve.pdf",
        ),
        (
            *scenario_args(),
            *SWEEP,
            arg("--outcome", default="settlement", help=OUTCOME_HELP),
            arg(
                "--monte-carlo",
                type=int,
                metavar="N",
                default=0,
                help="overlay the median and band of N Monte Carlo draws (outcome as --outcome)",
            ),
            arg("--seed", type=int, metavar="INT", help="random seed of the Monte Carlo draws"),
            EXECUTOR,
            *figure_file(progress=True),
        ),
        plot.run,
        {"level": 0.5, "selection": "best", "within": "range"},
    ),
    Command(
        "phase",
        "equilibrium outcomes over two parameters",
        "",
        ("plot phase --param china_pressure --param leverage -o phase.png",),
        (*scenario_args(), *SWEEP, *figure_file(progress=True)),
        plot.run,
    ),
    Command(
        "critical",
        "distribution of the critical value over Monte Carlo draws",
        "",
        ("plot critical -n 5000 --seed 1 -o critical.png",),
        (
            *scenario_args(overrides=False),
            *mc_args(n_default=2000),
            arg(
                "--style",
                choices=["hist", "ecdf"],
                default="hist",
                help="histogram (default) or cumulative distribution",
            ),
            EXECUTOR,
            *figure_file(progress=True),
        ),
        plot.run,
    ),
    Command(
        "tornado",
        "what moves the critical value, one assumption at a time",
        "",
        ("plot tornado --outcome withdrawal -o tornado.png",),
        (
            *scenario_args(overrides=False),
            arg(
                "--param", metavar="NAME", help="control parameter (default: the scenario's first)"
            ),
            *outcome_args(),
            arg("--max-bars", type=int, default=15, help="assumptions shown (default: 15)"),
            *figure_file(),
        ),
        plot.run,
    ),
    Command(
        "qre",
        "the logit quantal response equilibrium branch of the game",
        "",
        ("plot qre --mode committed --set china_pressure=0.6 -o qre.png",),
        (
            *scenario_args(),
            arg("--player", help="plot only this player's strategies"),
            arg(
                "--lam-max",
                type=float,
                metavar="LAMBDA",
                help="trace up to this precision (default: until the Nash limit is found)",
            ),
            *figure_file(),
        ),
        plot.run,
    ),
)

COMMANDS = (
    Command(
        "report",
        "equilibria and critical pressure at default parameters (start here)",
        "The main analysis of a scenario at its central parameter values: the equilibria "
        "of each mode with their outcome probabilities (every equilibrium, mixed ones "
        "included, where there is no pure one or several), the exact critical values of each "
        "control parameter (where settlement becomes, and stops being, an equilibrium "
        "outcome), the analytic core, bargaining protocols, the structural comparison and, "
        "for a scenario with a dynamic variant, when pressure should come.",
        ("report", "report --set leverage=1.2", "report my_conflict.toml --output report.json"),
        (
            *scenario_args(),
            arg("--output", metavar="FILE", help="also write the results as JSON"),
            arg(
                "--structure",
                metavar="NAME",
                help="solve under this declared move order (default: the scenario's own; "
                "'simultaneous' is the one-shot game)",
            ),
            *display_args(),
        ),
        report.run,
    ),
    Command(
        "solve",
        "equilibria of the game at given parameter values",
        "Solve the scenario's game at one parameter point and show each equilibrium: the "
        "strategies, the probability of each outcome, the payoffs and the verified regret.",
        (
            "solve --mode committed --set china_pressure=0.6",
            "solve --solver qre --lam 20 --output qre.json",
            "solve ukraine-2023 --set china_pressure=0.6 --all",
        ),
        (
            *scenario_args(),
            arg(
                "--solver",
                choices=SOLVER_CHOICES,
                default="pure",
                help="pure: every pure equilibrium (default); nash: one mixed equilibrium "
                "(more with --n-equilibria; every one with --all); "
                "qre: logit quantal response equilibrium at --lam",
            ),
            LAM,
            arg(
                "--all",
                action="store_true",
                help="every Nash equilibrium, mixed ones included, each certified (small games)",
            ),
            arg(
                "--n-equilibria",
                type=int,
                metavar="N",
                help="--solver nash: look for up to N equilibria (default 1)",
            ),
            arg("--output", metavar="FILE", help="write the equilibria (.csv or .json)"),
            *display_args(),
        ),
        solve.run,
    ),
    Command(
        "sweep",
        "equilibria and settlement probability over a grid of values",
        "Solve the game at every value of one or more parameters and print a compact "
        "settlement curve: runs of grid values with the same number of equilibria, range "
        "of settlement probability and most likely outcomes. With one affine parameter the "
        "exact breakpoints are printed too.",
        (
            "sweep ukraine-2023 --param china_pressure",
            "sweep --param china_pressure=0:1:1001 --mode committed --plot curve.png",
            "sweep --param china_pressure --param leverage --plot phase.png",
            "sweep --param china_pressure --output sweep.csv --all-points",
        ),
        (
            *scenario_args(),
            *SWEEP,
            arg(
                "--solver",
                choices=SOLVER_CHOICES,
                default="pure",
                help="equilibrium concept (default: pure, with mixed equilibria where no pure "
                "one exists; nash: one equilibrium per point; the others solve point by point)",
            ),
            LAM,
            arg("--all-points", action="store_true", help="print every grid value, not runs"),
            arg("--output", metavar="FILE", help="write the tidy results (.csv or .json)"),
            arg(
                "--plot",
                metavar="FILE",
                help="draw the curve (one parameter) or phase diagram (two) to .png, .pdf or .svg",
            ),
            *FIGURE,
            *display_args(progress=True),
        ),
        sweep.run,
    ),
    Command(
        "threshold",
        "exact critical value of a parameter for an outcome",
        "Find every interval of a parameter on which an outcome is an equilibrium outcome: "
        "the critical value is where it starts; a window closes again before the upper "
        "bound. Exact (interval arithmetic) when payoffs are affine in the parameter.",
        (
            "threshold --outcome withdrawal --mode committed",
            "threshold --param china_pressure --selection worst --set leverage=1.2",
        ),
        (
            *scenario_args(),
            arg(
                "--param",
                metavar="NAME",
                help="parameter to vary (default: the scenario's control)",
            ),
            *outcome_args(),
            arg(
                "--selection",
                choices=["best", "worst"],
                default="best",
                help="some (best, default) or every (worst) pure equilibrium must reach it",
            ),
            arg(
                "--method",
                choices=["auto", "exact", "bracket"],
                default="auto",
                help="exact interval arithmetic or scan and bisection (default: auto)",
            ),
            arg("--bounds", metavar="LOW:HIGH", help="search only this interval"),
            arg("--output", metavar="FILE", help="write the result (.json, or .csv of intervals)"),
            *display_args(),
        ),
        threshold.run,
    ),
    Command(
        "montecarlo",
        "uncertainty of the critical value over the assumptions' ranges",
        "Draw every assumption from its plausible range (seeded), compute the exact critical "
        "value and the outcome probability curve for each draw, and summarise. Results are "
        "identical for the same seed whatever the executor.",
        (
            "montecarlo -n 2000 --seed 1",
            "montecarlo -n 100000 --seed 1 --executor process --output draws.csv",
            "montecarlo -n 100000 --seed 1 --scheduler tcp://10.0.0.5:8786",
            "montecarlo --mode committed --plot mc.png",
            "montecarlo -n 10000000 --seed 1 --keep critical --executor process",
        ),
        (
            *scenario_args(overrides=False),
            *mc_args(n_default=10_000),
            arg("--output", metavar="FILE", help="write one row per draw (.csv or .json)"),
            arg("--curves", metavar="FILE", help="write the probability curves (.csv or .json)"),
            arg("--plot", metavar="FILE", help="draw the band and the critical-value distribution"),
            arg(
                "--keep",
                choices=["all", "critical"],
                default="all",
                help="keep the assumptions and curves (all) or only the critical values "
                "(critical: 24 bytes per draw, for very many draws)",
            ),
            *FIGURE,
            EXECUTOR,
            *display_args(progress=True),
        ),
        montecarlo.run,
    ),
    Command(
        "plot",
        "draw a figure: sweep, phase, critical, tornado or qre",
        "Draw one figure to a file (.png, .pdf or .svg). Kinds: sweep (settlement "
        "probability against a parameter, optionally with a Monte Carlo band), phase "
        "(equilibrium outcomes over two parameters), critical (distribution of the critical "
        "value over Monte Carlo draws), tornado (what moves the critical value) and qre (the "
        "logit QRE branch of the game).",
        (
            "plot sweep --param china_pressure --monte-carlo 1000 -o curve.png",
            "plot phase --param china_pressure --param breakthrough_offensive -o phase.pdf",
            "plot critical -n 5000 --seed 1 -o critical.png",
            "plot tornado --mode committed -o tornado.svg",
            "plot qre --mode committed --set china_pressure=0.6 --player moscow -o qre.png",
        ),
        kinds=PLOT_KINDS,
    ),
    Command(
        "export",
        "write the game at given parameters (.nfg, .json or .csv)",
        "Write the scenario's game at one parameter point as a Gambit strategic-form file "
        "(.nfg, readable by Gambit and pygambit), a JSON game (readable back with "
        "mediation_sim.io.read_game_json) or a CSV table of every pure profile with payoffs "
        "and outcome probabilities.",
        ("export --set china_pressure=0.6 -o ukraine.nfg", "export --mode committed -o game.csv"),
        (
            *scenario_args(),
            arg(
                "-o",
                "--output",
                metavar="FILE",
                required=True,
                help="output file (.nfg, .json or .csv)",
            ),
            arg(
                "--format",
                choices=["nfg", "json", "csv"],
                help="file format (default: from the extension)",
            ),
            *display_args(),
        ),
        export.run,
    ),
    Command(
        "info",
        "players, strategies, outcomes, modes and parameters of a scenario",
        "Describe a scenario: what you can pass to --mode, --param and --set.",
        ("info", "info my_conflict.toml"),
        (*scenario_args(overrides=False, mode=False), *display_args()),
        info.run,
    ),
    Command(
        "forecast",
        "expected-utility (BDM) forecast next to the equilibrium settlement",
        "Forecast where the scenario's issue settles with Bueno de Mesquita's expected-utility "
        "model (as specified by Scholz et al. 2011) from the positions, capabilities and "
        "saliences in the scenario's [forecast] table, and print it next to each pure "
        "equilibrium's expected place on the same line. --sweep N repeats both over N values "
        "of --param.",
        (
            "forecast ukraine-2023",
            "forecast --set china_pressure=0.8 --mode committed",
            "forecast --sweep 11 --output forecast.json --plot paths.png",
        ),
        (
            *scenario_args(),
            arg(
                "--sweep",
                type=int,
                default=0,
                metavar="N",
                help="also compare forecast and equilibria at N values of --param over its bounds",
            ),
            arg(
                "--param",
                metavar="NAME",
                help="the parameter --sweep varies (default: the scenario's control parameter)",
            ),
            arg(
                "--max-iter",
                type=int,
                default=200,
                metavar="N",
                help="maximum rounds (default 200)",
            ),
            arg("--output", metavar="FILE", help="write forecast and equilibria as JSON"),
            arg("--plot", metavar="FILE", help="draw the actors' paths (.png, .pdf, .svg)"),
            *display_args(progress=True),
        ),
        forecast.run,
    ),
)
