"""The ``mediation-sim`` command: analyse a scenario from the terminal.

Run ``mediation-sim --help`` for the list of commands and ``mediation-sim
COMMAND --help`` for each one (``python -m mediation_sim`` is the same
program). Every command works on a *scenario*: a shipped one by name
(``ukraine-2023``, the default) or your own TOML file by path.

The module imports only the standard library at import time; pandas and
matplotlib are imported by the commands that need them. :func:`main` takes
the argument list, so the command can also be run from Python::

    from mediation_sim.cli import main
    main(["threshold", "--outcome", "withdrawal"])

Errors in the input (an unknown parameter, a value out of bounds, a
malformed scenario file, a file that cannot be written) end the command
with a one-line message on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from ._errors import MediationSimError, MissingDependencyError
from ._jsonable import jsonable

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from matplotlib.figure import Figure

    from .scenarios.scenario import Scenario

__all__ = ["build_parser", "main"]

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


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], *, indent: int = 2) -> str:
    """Plain-text table: text columns left-aligned, numeric columns right-aligned."""
    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
    widths = [max(len(str(cell)) for cell in col) for col in columns]

    def numeric(col: Sequence[str]) -> bool:
        cells = [c for c in col[1:] if c not in ("", "-", "never", "none")]
        return bool(cells) and all(_is_number(c) for c in cells)

    right = [numeric(col) for col in columns]
    pad = " " * indent

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).rjust(w) if r else str(c).ljust(w)
            for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return (pad + "  ".join(parts)).rstrip()

    rule = pad + "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def _is_number(text: str) -> bool:
    try:
        float(text.replace("–", "").split()[0] if " " in text else text)
    except (ValueError, IndexError):
        return False
    return True


def _num(x: float | None, digits: int = 6) -> str:
    """A parameter value or critical value: up to ``digits`` significant digits."""
    if x is None or math.isnan(x):
        return "-"
    return f"{x:.{digits}g}"


def _prob(x: float | None) -> str:
    """A probability with two decimals (``-`` when missing)."""
    if x is None or math.isnan(x):
        return "-"
    return f"{x:.2f}"


# --------------------------------------------------------------------------- inputs
def _load_scenario(spec: str) -> Scenario:
    from . import scenarios

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


#: Most points a ``--grid START:STOP:NUM`` may ask for, and most Monte Carlo
#: draws ``-n`` may ask for; checked before any work. Assign larger values to
#: ``mediation_sim.cli.MAX_GRID_POINTS`` / ``MAX_DRAWS`` to lift them.
MAX_GRID_POINTS = 1_000_000
MAX_DRAWS = 100_000_000


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
    if value > MAX_DRAWS:
        raise argparse.ArgumentTypeError(
            f"{value:,} draws are above the limit of {MAX_DRAWS:,} (mediation_sim.cli.MAX_DRAWS)"
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
            if num > MAX_GRID_POINTS:
                raise CommandError(
                    f"{option} {text!r} asks for {num:,} points, above the limit of "
                    f"{MAX_GRID_POINTS:,} (mediation_sim.cli.MAX_GRID_POINTS)"
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


#: Environment variables that cap the threads of NumPy's BLAS in a worker process.
_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _one_blas_thread_per_worker() -> Iterator[None]:
    """Spawned workers inherit one BLAS thread each (unless the user set a number).

    Several processes whose BLAS libraries each start a thread per core
    oversubscribe the machine; Dask's nanny does the same for its workers.
    """
    added = [name for name in _BLAS_THREAD_VARIABLES if name not in os.environ]
    for name in added:
        os.environ[name] = "1"
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


@contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    """The executor chosen by ``--executor`` (closed afterwards)."""
    kind = args.executor
    if args.scheduler and kind not in (None, "dask"):
        raise CommandError("--scheduler needs --executor dask")
    if args.scheduler:
        kind = "dask"
        if not re.fullmatch(r"(tcp|tls|ucx|ws|wss|inproc)://[^\s/]+(:\d+)?/?", args.scheduler):
            raise CommandError(
                f"--scheduler expects an address like tcp://10.0.0.5:8786, got {args.scheduler!r}"
            )
    workers = args.workers
    if workers is not None and workers < 1:
        raise CommandError(f"--workers must be at least 1, got {workers}")
    if kind in (None, "serial"):
        yield None
        return
    if kind == "process":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with (
            _one_blas_thread_per_worker(),
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
        ):
            yield pool
        return
    try:
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError as exc:
        raise MissingDependencyError(
            "--executor dask needs Dask: pip install 'mediation_sim[dask]'"
        ) from exc
    if args.scheduler:
        try:
            client = distributed.Client(args.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise CommandError(
                f"--scheduler {args.scheduler}: cannot connect within 10 s ({exc})"
            ) from None
        try:
            yield client.get_executor()
        finally:
            client.close()
        return
    import logging

    cluster = distributed.LocalCluster(
        n_workers=workers or 2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never clash with a running cluster
        silence_logs=logging.ERROR,
    )
    client = distributed.Client(cluster)
    try:
        yield client.get_executor()
    finally:
        client.close()
        cluster.close()


# --------------------------------------------------------------------------- shared views
def _strategy_text(profile: Any, i: int) -> str:
    """Player ``i``'s strategy: its label if pure, else ``a 0.70, b 0.30``."""
    probs = profile.probabilities[i]
    labels = profile.game.strategies[i]
    used = [k for k, p in enumerate(probs) if p > 1e-9]
    if len(used) == 1:
        return str(labels[used[0]])
    return ", ".join(f"{labels[k]} {probs[k]:.2f}" for k in used)


def _equilibrium_table(
    scenario: Scenario,
    profiles: Sequence[Any],
    mode: str,
    params: Mapping[str, Any],
    *,
    start: int = 0,
    outcomes: Sequence[Any] | None = None,
    kinds: Sequence[str] | None = None,
) -> str:
    """Equilibria as columns: each player's strategy, outcome probabilities, payoffs."""
    spec = scenario.spec
    header = ["", *(f"#{start + k + 1}" for k in range(len(profiles)))]
    rows: list[list[str]] = []
    game = profiles[0].game
    for i, player in enumerate(spec.players):
        fixed = " (fixed)" if game.shape[i] == 1 else ""
        rows.append([f"{player.label}{fixed}", *(_strategy_text(p, i) for p in profiles)])
    dists = (
        list(outcomes)
        if outcomes is not None
        else [scenario.outcome_distribution(p, mode=mode, **params) for p in profiles]
    )
    if kinds is not None:
        rows.append(["kind", *kinds])
    for outcome in spec.outcomes:
        rows.append([f"P({outcome.label})", *(_prob(d[outcome.id]) for d in dists)])
    settle = scenario.settlement_outcomes
    if settle:
        rows.append(["P(settlement)", *(_prob(sum(d[o] for o in settle)) for d in dists)])
    for i, player in enumerate(spec.players):
        rows.append([f"payoff {player.label}", *(f"{float(p.payoffs[i]):.3f}" for p in profiles)])
    rows.append(["regret", *(f"{p.regret:.1e}" for p in profiles)])
    return _table(header, rows)


def _print_equilibria(
    out: _Console,
    scenario: Scenario,
    profiles: Sequence[Any],
    mode: str,
    params: Mapping[str, Any],
    *,
    outcomes: Sequence[Any] | None = None,
    kinds: Sequence[str] | None = None,
) -> None:
    for k in range(0, len(profiles), 4):
        out.print(
            _equilibrium_table(
                scenario,
                profiles[k : k + 4],
                mode,
                params,
                start=k,
                outcomes=None if outcomes is None else outcomes[k : k + 4],
                kinds=None if kinds is None else kinds[k : k + 4],
            )
        )
        out.print()


def _describe_result(res: Any) -> str:
    """``from 0.55 to 0.75 (a window)`` for a CriticalValueResult."""
    from .analysis import describe_critical

    return describe_critical(res)


def _analytic_text(value: float) -> str:
    """Reading of a closed-form critical pressure (0: none needed; inf: unreachable)."""
    from .analysis import analytic_reading

    return analytic_reading(value)


def _analytic(scenario: Scenario, outcome: str, params: dict[str, Any]) -> float | None:
    """The scenario's closed-form critical pressure, when it has one for ``outcome``."""
    try:
        return float(scenario.critical_pressure(outcome, **params))
    except (MediationSimError, KeyError, ValueError):
        return None


# --------------------------------------------------------------------------- commands
def _print_subgame_perfect(out: _Console, scenario: Scenario, credibility: Sequence[Any]) -> None:
    """The subgame-perfect path of a sequential structure, with its uniqueness."""
    stages = " -> ".join(" + ".join(stage) for stage in scenario.stages)
    out.print(f"Move order ({scenario.structure}): {stages}")
    if not credibility:
        out.print("No pure subgame-perfect equilibrium at these values.")
        out.print()
        return
    eq = credibility[0]
    out.print("Subgame-perfect equilibrium path (backward induction; every threat is credible):")
    out.print(_table(["player", "action"], [[p, a] for p, a in eq.profile.items()]))
    top = max(eq.outcomes, key=eq.outcomes.__getitem__)
    out.print(
        f"most likely outcome: {top}; settlement probability {_num(eq.settlement_probability)}; "
        + ("unique" if eq.unique else "other subgame-perfect equilibria exist (ties)")
    )
    out.print()


def _print_credibility(out: _Console, credibility: Sequence[Any]) -> None:
    """Flags on simultaneous-move equilibria: weakly dominated or untested choices."""
    flagged = [c for c in credibility if not c.credible]
    if not flagged:
        return
    out.print(
        f"Credibility: {len(flagged)} of {len(credibility)} pure equilibria rest on a weakly "
        "dominated strategy or on a player indifferent between its choice and another (a threat "
        "never tested); a settlement among them is not a credible prediction:"
    )
    rows = [
        [
            max(c.outcomes, key=c.outcomes.__getitem__),
            ", ".join(c.weakly_dominated) or "-",
            ", ".join(c.indifferent) or "-",
        ]
        for c in flagged
    ]
    out.print(_table(["outcome", "weakly dominated", "indifferent"], rows))
    out.print()


def _print_mode(out: _Console, rep: Any, sec: Any) -> None:
    """One mode of a ScenarioReport: its equilibria and critical values."""
    import textwrap

    scenario = rep.scenario
    out.print()
    out.print(f"== Mode {sec.mode!r} ==")
    if sec.description:
        out.print(textwrap.fill(sec.description, width=96))
    out.print()
    if scenario.is_sequential:
        _print_subgame_perfect(out, scenario, sec.credibility)
    else:
        _print_equilibrium_list(out, rep, sec)
        _print_credibility(out, sec.credibility)
    for control, results in sec.critical.items():
        if not results:
            continue
        lo, hi = scenario.parameters[control].bounds
        first = next(iter(results.values()))
        mixed = any(r.equilibrium_kind != "pure" for r in results.values())
        out.print(
            f"Critical {control} over [{_num(lo)}, {_num(hi)}] ({first.method}):\n"
            + (
                "where the subgame-perfect path reaches the outcome with probability >= 0.5"
                if scenario.is_sequential
                else "where some equilibrium (pure; mixed where no pure one exists) reaches "
                "the outcome with probability >= 0.5"
                if mixed
                else "where some pure equilibrium reaches the outcome with probability >= 0.5"
            )
        )
        rows = [
            [
                outcome,
                _num(res.value),
                _num(res.upper) if res.intervals else "-",
                _describe_result(res),
            ]
            for outcome, res in results.items()
        ]
        out.print(_table(["outcome", "from", "to", "reading"], rows))
        for res in results.values():
            if res.mixed_ranges:
                spans = ", ".join(f"[{_num(a)}, {_num(b)}]" for a, b in res.mixed_ranges)
                out.print(f"  no pure equilibrium for {control} in {spans}: judged over all")
                break
        out.print()


def _print_equilibrium_list(out: _Console, rep: Any, sec: Any) -> None:
    """Pure equilibria; every equilibrium, with its kind, where there is not one pure one."""
    scenario, params = rep.scenario, rep.parameters
    n = len(sec.equilibria)
    if sec.method == "all_nash":
        n_pure = sec.kinds.count("pure")
        out.print(
            f"Nash equilibria at these values: {n} ({n_pure} pure, {n - n_pure} mixed; "
            f"every equilibrium searched, all_nash): {sec.completeness}"
        )
    else:
        out.print(
            f"Pure Nash equilibria at these values: {n}" + ("" if n else f" ({sec.completeness})")
        )
    out.print()
    if sec.equilibria:
        _print_equilibria(
            out, scenario, sec.equilibria, sec.mode, params, outcomes=sec.outcomes, kinds=sec.kinds
        )


def _print_report_tail(out: _Console, rep: Any) -> None:
    """Analytic core, protocols, structural comparison and timing of a ScenarioReport."""
    for control, values in rep.analytic.items():
        out.print(f"Analytic core (rationalist bargaining model), critical {control}:")
        out.print(
            _table(
                ["outcome", "closed form", "reading"],
                [[o, _num(v), _analytic_text(v)] for o, v in values.items()],
            )
        )
        out.print()
    for control in rep.controls:
        for terms in rep.protocols.get(control, ()):
            if not terms.bargained:
                _paragraph(
                    out,
                    f"Bargaining protocols: {terms.outcome} gives {terms.side} "
                    f"{_num(terms.share)}, no more than its value of war "
                    f"({_num(terms.reservation)}), so every protocol gives {terms.side} better "
                    f"terms; bargaining does not end in a {terms.outcome}.",
                )
                out.print()
                continue
            _paragraph(
                out,
                f"Critical {control} for {terms.outcome} by bargaining protocol "
                "(who sets the terms; closed forms on the war lottery):",
            )
            out.print(
                _table(
                    ["protocol", "critical", "reading"],
                    [[k, _num(v), _analytic_text(v)] for k, v in terms.critical.items()],
                )
            )
            out.print()
        cmp = rep.structures.get(control)
        if cmp is None:
            continue
        _paragraph(
            out,
            f"Structural comparison: {cmp.outcome} over {control} under each move order "
            f"(settlement probability at {control} = {_num(cmp.at)}):",
        )
        rows = [
            [
                r.structure,
                _num(r.critical_value) if r.intervals else "never",
                _num(r.window_upper) if r.intervals else "-",
                f"{_num(r.settlement_min)}-{_num(r.settlement_max)}"
                if r.settlement_min != r.settlement_max
                else _num(r.settlement_min),
                r.outcome,
                "yes" if r.credible else "no",
            ]
            for r in cmp.rows
        ]
        out.print(_table(["structure", "from", "to", "settlement", "outcome", "credible"], rows))
        flips = cmp.flips()
        out.print(
            f"Under every declared move order the {cmp.outcome} threshold agrees."
            if not flips
            else f"The {cmp.outcome} conclusion flips under: {', '.join(flips)}."
        )
        out.print()
    if rep.timing is not None:
        _print_timing(out, rep.timing)


def _paragraph(out: _Console, text: str) -> None:
    """Prose wrapped to 96 columns."""
    import textwrap

    out.print(textwrap.fill(text, width=96))


def _print_timing(out: _Console, timing: Any) -> None:
    """When should pressure come: the least pressure for the target, by start quarter."""
    import math

    _paragraph(
        out,
        f"When should pressure come? ({timing.scenario}, at its central values): the least "
        f"pressure giving a {timing.target:.0%} chance of settlement within {timing.quarters} "
        f"quarters, by the quarter pressure starts (that chance without any pressure: "
        f"{timing.without_pressure:.2f}):",
    )
    rows: list[list[str]] = []
    k = 0
    starts, critical = timing.starts, timing.critical
    while k < len(starts):
        j = k
        while j + 1 < len(starts) and (
            critical[j + 1] == critical[k]
            or (math.isnan(critical[j + 1]) and math.isnan(critical[k]))
        ):
            j += 1
        span = str(starts[k]) if j == k else f"{starts[k]}-{starts[j]}"
        value = critical[k]
        rows.append(
            [span, "never" if math.isnan(value) else f"{value:.3g}"]
            + (["even full pressure falls short"] if math.isnan(value) else [""])
        )
        k = j + 1
    out.print(_table(["start quarter", "pressure", "note"], rows))
    out.print()


def _cmd_report(args: argparse.Namespace, out: _Console) -> int:
    import textwrap

    from . import analysis

    _precheck(args, output=(".json",))
    scenario = _load_scenario(args.scenario)
    if args.structure:
        scenario = scenario.with_structure(args.structure)
    params = _overrides(scenario, args.set)
    rep = analysis.report(scenario, modes=[args.mode] if args.mode else None, **params)
    out.print(scenario.title)
    out.print(
        f"scenario {scenario.name}: {len(scenario.players)} players, "
        f"{len(scenario.outcomes)} outcomes, {len(scenario.parameters)} parameters"
    )
    settings = ", ".join(f"{k} = {_num(v)}" for k, v in rep.values.items())
    out.print(
        "Parameters at their central values"
        + (f", except {settings}" if params else f" ({settings})" if settings else "")
    )
    if scenario.settlement_outcomes:
        out.print("Settlement outcomes: " + ", ".join(scenario.settlement_outcomes))
    for sec in rep.modes:
        _print_mode(out, rep, sec)
    _print_report_tail(out, rep)
    out.print("In brief:")
    for line in rep.summary():
        out.print(textwrap.fill(line, width=96, initial_indent="  ", subsequent_indent="    "))
    if args.output:
        path = Path(args.output)
        _write_json(rep.to_dict(), path, "--output")
        out.note(f"wrote {path}")
    return 0


def _solve_profiles(args: argparse.Namespace, game: Any) -> tuple[list[Any], str]:
    from . import solvers

    if args.solver == "pure":
        return list(solvers.pure_nash(game)), "pure_nash"
    if args.solver == "nash":
        nash = getattr(solvers, "nash", None)
        if nash is None:
            raise CommandError("--solver nash is not available in this version of mediation_sim")
        n_equilibria = getattr(args, "n_equilibria", None) or 1
        return list(nash(game, n_equilibria=n_equilibria)), "nash"
    qre = getattr(solvers, "qre", None)
    if qre is None:
        raise CommandError("--solver qre is not available in this version of mediation_sim")
    if args.lam is None:
        raise CommandError("--solver qre needs the precision --lam (e.g. --lam 10)")
    return [qre(game, args.lam).profile], f"qre(lam={args.lam:g})"


def _solve_all(args: argparse.Namespace, game: Any) -> Any:
    """``--all``: every equilibrium with its certificate (None without the flag)."""
    if not getattr(args, "all", False):
        return None
    if args.solver == "qre" or getattr(args, "n_equilibria", None):
        raise CommandError("--all lists every Nash equilibrium; drop --solver qre / --n-equilibria")
    import warnings

    from . import solvers
    from ._errors import DegenerateGameWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)  # completeness is printed
        return solvers.all_nash(game)


def _print_certificates(out: _Console, result: Any) -> None:
    """How each equilibrium of an all_nash result is proved, and whether the list is complete."""
    out.print("Certificates:")
    for k, cert in enumerate(result.certificates):
        radius = f" (box radius {cert.radius:.1e})" if cert.kind == "interval" else ""
        out.print(f"  #{k}: {cert.kind}{radius}: {cert.detail}")
    for group in result.components:
        members = ", ".join(f"#{k}" for k in group)
        out.print(f"Set of equilibria: {members} are points of one connected set.")
    if result.complete:
        out.print("Complete: these are all the equilibria of the game.")
    else:
        out.print(
            "Complete: NOT guaranteed (sets of equilibria or unresolved supports); "
            "see the message below."
        )
        out.print(f"  {result.message}")
    out.print()


def _cmd_solve(args: argparse.Namespace, out: _Console) -> int:
    _precheck(args, output=FRAME_FORMATS)
    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    mode = args.mode or scenario.default_mode
    game = scenario.game(mode=mode, **params)
    every = _solve_all(args, game)
    profiles, method = (list(every), "all_nash") if every else _solve_profiles(args, game)
    out.print(
        f"{game.title}: {len(profiles)} equilibri{'um' if len(profiles) == 1 else 'a'} ({method})"
    )
    out.print()
    if profiles:
        _print_equilibria(out, scenario, profiles, mode, params)
    elif args.solver == "pure":
        out.print("No pure equilibrium; try --all (every equilibrium, mixed ones included).")
    if every:
        _print_certificates(out, every)
    if args.output:
        path = Path(args.output)
        ext = _suffix(path, FRAME_FORMATS, "--output")
        records = []
        for k, prof in enumerate(profiles):
            dist = scenario.outcome_distribution(prof, mode=mode, **params)
            row: dict[str, Any] = {"equilibrium": k}
            for i, player in enumerate(game.players):
                row[player] = _strategy_text(prof, i)
            row.update({f"prob_{o}": p for o, p in dist.items()})
            row["settlement_probability"] = sum(dist[o] for o in scenario.settlement_outcomes)
            row.update(
                {f"payoff_{p}": float(v) for p, v in zip(game.players, prof.payoffs, strict=True)}
            )
            row["regret"] = prof.regret
            records.append(row)
        meta = {"scenario": scenario.name, "mode": mode, "parameters": params, "method": method}
        if ext == ".json":
            data = {
                **meta,
                "equilibria": [
                    {
                        **prof.to_dict(),
                        "outcomes": scenario.outcome_distribution(prof, mode=mode, **params),
                    }
                    for prof in profiles
                ],
            }
            if every:
                for entry, cert in zip(data["equilibria"], every.certificates, strict=True):
                    entry["certificate"] = cert.to_dict()
                data["complete"] = every.complete
                data["components"] = [list(c) for c in every.components]
            _write_json(data, path, "--output")
        else:
            import pandas as pd

            _write_frame(pd.DataFrame(records), path, "--output", meta)
        out.note(f"wrote {path}")
    return 0


def _runs(summary: Any, params: Sequence[str]) -> list[list[str]]:
    """Collapse consecutive grid points with the same equilibrium summary into one row."""
    varying = [p for p in params if summary[p].nunique() > 1] or list(params[:1])
    last, outer = varying[-1], varying[:-1]
    rows: list[list[str]] = []
    current: dict[str, Any] | None = None

    def flush() -> None:
        if current is None:
            return
        a, b = current["start"], current["stop"]
        span = _num(a, 4) if a == b else f"{_num(a, 4)} – {_num(b, 4)}"
        rows.append(
            [
                *(_num(current[p], 4) for p in outer),
                span,
                str(current["count"]),
                str(current["n_equilibria"]),
                current["settle"],
                current["outcomes"],
            ]
        )

    for rec in summary.to_dict(orient="records"):
        lo, hi = rec["min_settlement"], rec["max_settlement"]
        settle = _prob(lo) if _prob(lo) == _prob(hi) else f"{_prob(lo)} – {_prob(hi)}"
        key = (
            *(rec[p] for p in outer),
            rec["n_equilibria"],
            settle,
            rec["outcomes"],
        )
        if current is not None and current["key"] == key:
            current["stop"] = rec[last]
            current["count"] += 1
            continue
        flush()
        current = {
            "key": key,
            "start": rec[last],
            "stop": rec[last],
            "count": 1,
            "n_equilibria": int(rec["n_equilibria"]),
            "settle": settle,
            "outcomes": rec["outcomes"],
            **{p: rec[p] for p in outer},
        }
    flush()
    return rows


def _cmd_sweep(args: argparse.Namespace, out: _Console) -> int:
    from . import analysis

    _precheck(args, output=FRAME_FORMATS, plot=FIGURE_FORMATS)
    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    grids = _swept_grids(scenario, args.param, args.grid)
    clash = sorted(set(grids) & set(params))
    if clash:
        raise CommandError(f"{', '.join(clash)} is swept; do not also --set it")
    if len(grids) > 2 and args.plot:
        raise CommandError("--plot draws one or two swept parameters; sweep fewer with --param")
    mode = args.mode or scenario.default_mode
    fixed: dict[str, Any] = {k: [v] for k, v in params.items()}
    frame = analysis.sweep(
        scenario,
        solver=args.solver,
        mode=mode,
        lam=args.lam,
        progress=_progress(args),
        **grids,
        **fixed,
    )
    names = list(grids)
    summary = analysis.summarise_sweep(frame)
    sizes = " x ".join(f"{len(v)}" for v in grids.values())
    meta = frame.attrs.get("mediation_sim", {})
    out.print(
        f"{scenario.name} ({mode}): "
        + (
            f"subgame-perfect paths ({scenario.structure}) over "
            if scenario.is_sequential
            else f"{args.solver} equilibria over "
        )
        + ", ".join(f"{n} in [{_num(min(g), 4)}, {_num(max(g), 4)}]" for n, g in grids.items())
        + f" ({sizes} points, {meta.get('wall_time', 0.0) * 1000:.0f} ms)"
    )
    if params:
        out.print("with " + ", ".join(f"{k} = {_num(v)}" for k, v in params.items()))
    out.print()
    header = [*names[:-1], names[-1], "points", "equilibria", "settlement", "outcome(s)"]
    if args.all_points:
        rows = [
            [
                *(_num(rec[p], 4) for p in names),
                "1",
                str(int(rec["n_equilibria"])),
                _prob(rec["min_settlement"])
                if rec["min_settlement"] == rec["max_settlement"]
                else f"{_prob(rec['min_settlement'])} – {_prob(rec['max_settlement'])}",
                rec["outcomes"],
            ]
            for rec in summary.to_dict(orient="records")
        ]
    else:
        rows = _runs(summary, names)
        header = [*[n for n in names if summary[n].nunique() > 1][:-1], *header[-5:]]
        if len(rows[0]) != len(header):  # only the last parameter varies
            header = header[-len(rows[0]) :]
    out.print(_table(header, rows))
    out.print()
    out.print(
        "settlement: probability of a settlement outcome, lowest – highest over the "
        "equilibria; outcome(s): most likely outcome of each equilibrium"
    )
    crit = None
    if len(names) == 1 and scenario.is_affine_in(names[0]) and args.solver == "pure":
        lo, hi = min(grids[names[0]]), max(grids[names[0]])
        p_lo, p_hi = scenario.parameters[names[0]].bounds
        if p_lo <= lo < hi <= p_hi and scenario.settlement_outcomes:
            crit = analysis.critical_value(
                scenario, names[0], outcome="settlement", mode=mode, bounds=(lo, hi), **params
            )
            out.print(
                f"exact: for {names[0]} {_describe_result(crit)}, some equilibrium settles "
                "with probability >= 0.5"
                if crit.intervals
                else f"exact: no {names[0]} in [{_num(lo)}, {_num(hi)}] gives an equilibrium "
                "that settles with probability >= 0.5"
            )
    if args.output:
        path = Path(args.output)
        _write_frame(frame, path, "--output")
        out.note(f"wrote {path} ({len(frame)} rows)")
    if args.plot:
        path = Path(args.plot)
        fig = _new_figure("--plot")
        ax = fig.axes[0]
        if len(names) == 1:
            analysis.plot_settlement_curve(frame, ax=ax, critical=crit)
        else:
            fig.set_size_inches(7.5, 5.5)
            analysis.plot_phase_diagram(frame, names[0], names[1], ax=ax, scenario=scenario)
        _save_figure(fig, path, "--plot", args.dpi)
        out.note(f"wrote {path}")
    return 0


def _cmd_threshold(args: argparse.Namespace, out: _Console) -> int:
    from . import analysis

    _precheck(args, output=FRAME_FORMATS)
    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    parameter = _default_parameter(scenario, args.param)
    params.pop(parameter, None)
    bounds = None
    if args.bounds:
        values = _grid(args.bounds.replace(":", ","), "--bounds")
        if len(values) != 2:
            raise CommandError(f"--bounds expects LOW:HIGH, got {args.bounds!r}")
        bounds = (values[0], values[1])
    mode = args.mode or scenario.default_mode
    res = analysis.critical_value(
        scenario,
        parameter,
        outcome=args.outcome,
        level=args.level,
        selection=args.selection,
        mode=mode,
        bounds=bounds,
        method=args.method,
        **params,
    )
    who = "some pure equilibrium" if args.selection == "best" else "every pure equilibrium"
    out.print(
        f"{scenario.name} ({mode}): where {who} gives {args.outcome} probability >= "
        f"{res.level:g}, over {parameter} in [{_num(res.bounds[0])}, {_num(res.bounds[1])}] "
        f"({res.method})"
    )
    out.print()
    out.print(f"  critical value: {_num(res.value)}")
    out.print(f"  holds: {_describe_result(res)}")
    if res.crossings:
        out.print()
        out.print(
            _table(
                [parameter, "crossing"],
                [[_num(c.value), c.direction] for c in res.crossings],
            )
        )
    analytic = None if args.outcome == "settlement" else _analytic(scenario, args.outcome, params)
    if analytic is not None:
        out.print()
        out.print(
            f"  analytic closed form (bargaining model): {_num(analytic)} "
            f"({_analytic_text(analytic)})"
        )
    if args.output:
        path = Path(args.output)
        ext = _suffix(path, FRAME_FORMATS, "--output")
        data = {
            **res.to_dict(),
            "analytic": analytic,
            "scenario": scenario.name,
            "parameters": params,
        }
        if ext == ".json":
            _write_json(data, path, "--output")
        else:
            import pandas as pd

            frame = pd.DataFrame(
                [{"start": a, "stop": b} for a, b in res.intervals], columns=["start", "stop"]
            )
            _write_frame(frame, path, "--output")
        out.note(f"wrote {path}")
    return 0


def _run_monte_carlo(
    args: argparse.Namespace,
    scenario: Scenario,
    n: int,
    *,
    parameter: str | None = None,
    grid: Sequence[float] | None = None,
) -> Any:
    from . import analysis

    if n < 1:
        raise CommandError(f"the number of draws must be at least 1, got {n}")
    if grid is None and args.grid:
        grid = _grid(args.grid, "--grid")
    with _executor(args) as executor:
        return analysis.monte_carlo(
            scenario,
            n,
            rng=args.seed,
            parameter=parameter or _default_parameter(scenario, args.param),
            outcome=args.outcome,
            level=args.level,
            selection=args.selection,
            mode=args.mode,
            grid=grid,
            within=args.within,
            executor=executor,
            progress=_progress(args),
        )


def _cmd_montecarlo(args: argparse.Namespace, out: _Console) -> int:
    from . import analysis

    _precheck(args, output=FRAME_FORMATS, curves=FRAME_FORMATS, plot=FIGURE_FORMATS)
    scenario = _load_scenario(args.scenario)
    mc = _run_monte_carlo(args, scenario, args.n)
    out.print(mc.summary())
    seed = mc.metadata["seed_entropy"]
    out.print(f"  seed {seed}" + ("" if args.seed is not None else f" (repeat with --seed {seed})"))
    if args.output:
        path = Path(args.output)
        _write_frame(mc.draws, path, "--output", mc.metadata)
        out.note(f"wrote {path} ({len(mc.draws)} draws)")
    if args.curves:
        path = Path(args.curves)
        _write_frame(mc.curves, path, "--curves", mc.metadata)
        out.note(f"wrote {path}")
    if args.plot:
        path = Path(args.plot)
        fig = _new_figure("--plot", 1, 2, size=(12, 4.8))
        left, right = fig.axes
        analysis.plot_settlement_curve(mc, ax=left)
        analysis.plot_critical_distribution(mc, ax=right)
        _save_figure(fig, path, "--plot", args.dpi)
        out.note(f"wrote {path}")
    return 0


def _cmd_plot(args: argparse.Namespace, out: _Console) -> int:
    from . import analysis

    scenario = _load_scenario(args.scenario)
    _precheck(args, output=FIGURE_FORMATS)
    path = Path(args.output)
    kind = args.kind
    mode = args.mode or scenario.default_mode
    fig = _new_figure(f"plot {kind}")
    ax = fig.axes[0]
    if kind in ("sweep", "phase"):
        params = _overrides(scenario, args.set)
        grids = _swept_grids(scenario, args.param, args.grid)
        want = 1 if kind == "sweep" else 2
        if len(grids) != want:
            raise CommandError(
                f"plot {kind} needs {'one' if want == 1 else 'two'} --param (got {len(grids)})"
            )
        clash = sorted(set(grids) & set(params))
        if clash:
            raise CommandError(f"{', '.join(clash)} is swept; do not also --set it")
        fixed: dict[str, Any] = {k: [v] for k, v in params.items()}
        frame = analysis.sweep(scenario, mode=mode, progress=_progress(args), **grids, **fixed)
        names = list(grids)
        if kind == "sweep":
            data: list[Any] = [frame]
            crit = None
            if scenario.is_affine_in(names[0]) and scenario.settlement_outcomes:
                crit = analysis.critical_value(
                    scenario, names[0], outcome=args.outcome, mode=mode, **params
                )
            if args.monte_carlo:
                data.append(
                    _run_monte_carlo(
                        args, scenario, args.monte_carlo, parameter=names[0], grid=grids[names[0]]
                    )
                )
            analysis.plot_settlement_curve(data, ax=ax, critical=crit, outcome=args.outcome)
        else:
            fig.set_size_inches(7.5, 5.5)
            analysis.plot_phase_diagram(frame, names[0], names[1], ax=ax, scenario=scenario)
    elif kind == "critical":
        mc = _run_monte_carlo(args, scenario, args.n)
        analysis.plot_critical_distribution(mc, ax=ax, kind=args.style)
    elif kind == "tornado":
        res = analysis.sensitivity(
            scenario,
            parameter=_default_parameter(scenario, args.param),
            outcome=args.outcome,
            level=args.level,
            mode=args.mode,
            method="oat",
        )
        fig.set_size_inches(7.5, 0.38 * min(len(res.frame), args.max_bars) + 3.0)
        analysis.plot_tornado(res, ax=ax, max_bars=args.max_bars)
    else:  # qre
        from . import solvers

        params = _overrides(scenario, args.set)
        trace: Any = getattr(solvers, "qre_path", None)
        if trace is None:  # not yet re-exported by mediation_sim.solvers
            from .solvers.logit_qre import qre_path as trace
        game = scenario.game(mode=mode, **params)
        path_result = trace(game, lam_max=args.lam_max)
        if args.player is None:
            fig.set_size_inches(9.5, 4.8)
        analysis.plot_qre_branch(path_result, ax=ax, player=args.player)
    _save_figure(fig, path, "--output", args.dpi)
    out.note(f"wrote {path}")
    return 0


def _cmd_export(args: argparse.Namespace, out: _Console) -> int:
    from . import io

    scenario = _load_scenario(args.scenario)
    params = _overrides(scenario, args.set)
    mode = args.mode or scenario.default_mode
    _precheck(args, output=GAME_FORMATS)
    path = Path(args.output)
    ext = _suffix(path, GAME_FORMATS, "--output", args.format)
    game = scenario.game(mode=mode, **params)
    try:
        if ext == ".nfg":
            io.write_nfg(
                game,
                path,
                comment=f"exported by mediation-sim from {scenario.name}",
                overwrite=bool(getattr(args, "force", False)),
            )
        elif ext == ".json":
            io.write_game_json(game, path, overwrite=bool(getattr(args, "force", False)))
        else:
            frame = _profile_frame(scenario, game, mode, params)
            _write_frame(frame, path, "--output", fmt="csv")
    except OSError as exc:
        raise CommandError(f"--output {path}: cannot write ({exc.strerror})") from None
    shape = "x".join(str(s) for s in game.shape)
    out.print(
        f"wrote {path}: {game.title}, {game.n_players} players, {shape} = "
        f"{game.n_profiles} profiles"
    )
    return 0


def _profile_frame(scenario: Scenario, game: Any, mode: str, params: dict[str, Any]) -> Any:
    """One row per pure profile: strategies, payoffs and outcome probabilities."""
    import numpy as np
    import pandas as pd

    index = np.indices(game.shape).reshape(game.n_players, -1)
    columns: dict[str, Any] = {}
    for i, player in enumerate(game.players):
        columns[player] = np.array(game.strategies[i], dtype=object)[index[i]]
    payoffs = game.payoffs.reshape(game.n_players, -1)
    for i, player in enumerate(game.players):
        columns[f"payoff_{player}"] = payoffs[i]
    probs = scenario.outcome_probabilities(mode=mode, **params).reshape(len(scenario.outcomes), -1)
    for k, outcome in enumerate(scenario.outcomes):
        columns[f"prob_{outcome}"] = probs[k]
    return pd.DataFrame(columns)


def _cmd_info(args: argparse.Namespace, out: _Console) -> int:
    from . import scenarios

    scenario = _load_scenario(args.scenario)
    spec = scenario.spec
    out.print(f"{scenario.title} ({scenario.name})")
    out.print()
    out.print(
        _table(
            ["player", "strategies"],
            [[p.id, ", ".join(p.strategies)] for p in spec.players],
        )
    )
    out.print()
    out.print(
        _table(
            ["outcome", "label", "settlement"],
            [[o.id, o.label, "yes" if o.settlement else ""] for o in spec.outcomes],
        )
    )
    out.print()
    out.print(
        _table(
            ["mode", "description"],
            [
                [m.name, m.description + (" (default)" if m.name == scenario.default_mode else "")]
                for m in spec.modes.values()
            ],
        )
    )
    out.print()
    out.print(
        _table(
            ["parameter", "kind", "default", "range", "bounds", "unit"],
            [
                [
                    p.name,
                    p.kind,
                    _num(p.default),
                    f"{_num(p.range[0])} – {_num(p.range[1])}",
                    f"{_num(p.bounds[0])} – {_num(p.bounds[1])}",
                    p.unit,
                ]
                for p in scenario.parameters.values()
            ],
        )
    )
    if args.scenario == DEFAULT_SCENARIO or not args.scenario:
        out.print()
        out.print("Shipped scenarios: " + ", ".join(scenarios.available()))
    return 0


# --------------------------------------------------------------------------- parser
_DESCRIPTION = """\
Game-theoretic analysis of mediated war-termination negotiations.

Every command works on a scenario: a shipped one by name (ukraine-2023, the
default) or your own TOML file by path. Start with `mediation-sim report`,
then `mediation-sim info` to see the players, outcomes and parameters you can
vary with --param and --set.
"""

_EPILOG = """\
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

Exit status: 0 on success, 2 on bad input (one-line message on standard error).
"""


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32, width=100)


def _scenario_options(
    parser: argparse.ArgumentParser, *, overrides: bool = True, mode: bool = True
) -> None:
    parser.add_argument(
        "scenario",
        nargs="?",
        default=DEFAULT_SCENARIO,
        help=f"shipped scenario name or path to a TOML file (default: {DEFAULT_SCENARIO})",
    )
    if not mode:
        return
    parser.add_argument(
        "--mode",
        metavar="MODE",
        help="scenario mode, e.g. strategic or committed for ukraine-2023 "
        "(default: the scenario's default mode; see `mediation-sim info`)",
    )
    if overrides:
        parser.add_argument(
            "--set",
            metavar="NAME=VALUE",
            action="append",
            help="set a parameter (repeatable), e.g. --set china_pressure=0.6",
        )


def _display_options(parser: argparse.ArgumentParser, *, progress: bool = False) -> None:
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument(
        "--force", action="store_true", help="overwrite output files that already exist"
    )
    if progress:
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="never show a progress bar (shown by default on a terminal for long runs)",
        )
    else:
        parser.set_defaults(no_progress=True)


def _executor_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("parallel execution")
    group.add_argument(
        "--executor",
        choices=["serial", "process", "dask"],
        default=None,
        help="where to run the draws: this process (default), a process pool, "
        "or a Dask cluster (a local one unless --scheduler is given)",
    )
    group.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="number of worker processes (default: CPUs; dask: 2)",
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies dask)",
    )


def _mc_options(parser: argparse.ArgumentParser, *, n_default: int) -> None:
    parser.add_argument(
        "-n",
        type=_draw_count,
        default=n_default,
        metavar="N",
        help=f"number of draws (default: {n_default})",
    )
    parser.add_argument(
        "--seed", type=int, metavar="INT", help="random seed (default: fresh entropy, printed)"
    )
    parser.add_argument(
        "--param", metavar="NAME", help="control parameter (default: the scenario's first)"
    )
    parser.add_argument(
        "--outcome",
        default="withdrawal",
        help="outcome id, or 'settlement' (default: withdrawal)",
    )
    parser.add_argument(
        "--level", type=float, default=0.5, help="probability the outcome must reach (default: 0.5)"
    )
    parser.add_argument(
        "--selection",
        choices=["best", "worst"],
        default="best",
        help="some (best) or every (worst) pure equilibrium must reach it (default: best)",
    )
    parser.add_argument(
        "--grid",
        metavar="START:STOP:NUM",
        help="values of the parameter for the probability curves (default: 21 over its bounds)",
    )
    parser.add_argument(
        "--within",
        choices=["range", "bounds"],
        default="range",
        help="sample assumptions over their plausible range or hard bounds (default: range)",
    )


def _figure_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dpi", type=_dpi, default=150, help="resolution of PNG figures (default: 150)"
    )


def _sweep_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param",
        action="append",
        metavar="NAME[=GRID]",
        help="parameter to sweep (repeatable); optionally with its grid, e.g. "
        "china_pressure=0:1:201 (default: the scenario's control parameter)",
    )
    parser.add_argument(
        "--grid",
        action="append",
        metavar="START:STOP:NUM",
        help="grid of each --param in order: NUM values from START to STOP, or a list a,b,c "
        "(default: 101 values over the bounds for one parameter, 41 each for more)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``mediation-sim`` (used by :func:`main` and the docs)."""
    from . import __version__

    parser = _Parser(
        prog=PROG, description=_DESCRIPTION, epilog=_EPILOG, formatter_class=_formatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, summary: str, description: str, examples: str
    ) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=summary,
            description=description,
            epilog="examples:\n" + examples,
            formatter_class=_formatter,
        )

    p = command(
        "report",
        "equilibria and critical pressure at default parameters (start here)",
        "The main analysis of a scenario at its central parameter values: the pure Nash "
        "equilibria of each mode with their outcome probabilities, and the exact critical "
        "values of each control parameter (where settlement becomes, and stops being, an "
        "equilibrium outcome).",
        f"  {PROG} report\n  {PROG} report --set leverage=1.2\n"
        f"  {PROG} report my_conflict.toml --output report.json\n",
    )
    _scenario_options(p)
    p.add_argument("--output", metavar="FILE", help="also write the results as JSON")
    p.add_argument(
        "--structure",
        metavar="NAME",
        help="solve under this declared move order (default: the scenario's own; "
        "'simultaneous' is the one-shot game)",
    )
    _display_options(p)
    p.set_defaults(func=_cmd_report)

    p = command(
        "solve",
        "equilibria of the game at given parameter values",
        "Solve the scenario's game at one parameter point and show each equilibrium: the "
        "strategies, the probability of each outcome, the payoffs and the verified regret.",
        f"  {PROG} solve --mode committed --set china_pressure=0.6\n"
        f"  {PROG} solve --solver qre --lam 20 --output qre.json\n"
        f"  {PROG} solve ukraine-2023 --set china_pressure=0.6 --all\n",
    )
    _scenario_options(p)
    p.add_argument(
        "--solver",
        choices=["pure", "nash", "qre"],
        default="pure",
        help="pure: every pure equilibrium (default); nash: one mixed equilibrium "
        "(more with --n-equilibria; every one with --all); "
        "qre: logit quantal response equilibrium at --lam",
    )
    p.add_argument("--lam", type=float, metavar="LAMBDA", help="QRE precision for --solver qre")
    p.add_argument(
        "--all",
        action="store_true",
        help="every Nash equilibrium, mixed ones included, each certified (small games)",
    )
    p.add_argument(
        "--n-equilibria",
        type=int,
        metavar="N",
        help="--solver nash: look for up to N equilibria (default 1)",
    )
    p.add_argument("--output", metavar="FILE", help="write the equilibria (.csv or .json)")
    _display_options(p)
    p.set_defaults(func=_cmd_solve)

    p = command(
        "sweep",
        "equilibria and settlement probability over a grid of values",
        "Solve the game at every value of one or more parameters and print a compact "
        "settlement curve: runs of grid values with the same number of equilibria, range "
        "of settlement probability and most likely outcomes. With one affine parameter the "
        "exact breakpoints are printed too.",
        f"  {PROG} sweep ukraine-2023 --param china_pressure\n"
        f"  {PROG} sweep --param china_pressure=0:1:1001 --mode committed --plot curve.png\n"
        f"  {PROG} sweep --param china_pressure --param leverage --plot phase.png\n"
        f"  {PROG} sweep --param china_pressure --output sweep.csv --all-points\n",
    )
    _scenario_options(p)
    _sweep_options(p)
    p.add_argument(
        "--solver",
        choices=["pure", "nash", "qre"],
        default="pure",
        help="equilibrium concept (default: pure, with mixed equilibria where no pure one "
        "exists; nash: one equilibrium per point; the others solve point by point)",
    )
    p.add_argument("--lam", type=float, metavar="LAMBDA", help="QRE precision for --solver qre")
    p.add_argument("--all-points", action="store_true", help="print every grid value, not runs")
    p.add_argument("--output", metavar="FILE", help="write the tidy results (.csv or .json)")
    p.add_argument(
        "--plot",
        metavar="FILE",
        help="draw the curve (one parameter) or phase diagram (two) to .png, .pdf or .svg",
    )
    _figure_options(p)
    _display_options(p, progress=True)
    p.set_defaults(func=_cmd_sweep)

    p = command(
        "threshold",
        "exact critical value of a parameter for an outcome",
        "Find every interval of a parameter on which an outcome is an equilibrium outcome: "
        "the critical value is where it starts; a window closes again before the upper "
        "bound. Exact (interval arithmetic) when payoffs are affine in the parameter.",
        f"  {PROG} threshold --outcome withdrawal --mode committed\n"
        f"  {PROG} threshold --param china_pressure --selection worst --set leverage=1.2\n",
    )
    _scenario_options(p)
    p.add_argument(
        "--param", metavar="NAME", help="parameter to vary (default: the scenario's control)"
    )
    p.add_argument("--outcome", default="settlement", help="outcome id or 'settlement' (default)")
    p.add_argument(
        "--level", type=float, default=0.5, help="probability the outcome must reach (default: 0.5)"
    )
    p.add_argument(
        "--selection",
        choices=["best", "worst"],
        default="best",
        help="some (best, default) or every (worst) pure equilibrium must reach it",
    )
    p.add_argument(
        "--method",
        choices=["auto", "exact", "bracket"],
        default="auto",
        help="exact interval arithmetic or scan and bisection (default: auto)",
    )
    p.add_argument("--bounds", metavar="LOW:HIGH", help="search only this interval")
    p.add_argument(
        "--output", metavar="FILE", help="write the result (.json, or .csv of intervals)"
    )
    _display_options(p)
    p.set_defaults(func=_cmd_threshold)

    p = command(
        "montecarlo",
        "uncertainty of the critical value over the assumptions' ranges",
        "Draw every assumption from its plausible range (seeded), compute the exact critical "
        "value and the outcome probability curve for each draw, and summarise. Results are "
        "identical for the same seed whatever the executor.",
        f"  {PROG} montecarlo -n 2000 --seed 1\n"
        f"  {PROG} montecarlo -n 100000 --seed 1 --executor process --output draws.csv\n"
        f"  {PROG} montecarlo -n 100000 --seed 1 --scheduler tcp://10.0.0.5:8786\n"
        f"  {PROG} montecarlo --mode committed --plot mc.png\n",
    )
    _scenario_options(p, overrides=False)
    _mc_options(p, n_default=10_000)
    p.add_argument("--output", metavar="FILE", help="write one row per draw (.csv or .json)")
    p.add_argument("--curves", metavar="FILE", help="write the probability curves (.csv or .json)")
    p.add_argument(
        "--plot", metavar="FILE", help="draw the band and the critical-value distribution"
    )
    _figure_options(p)
    _executor_options(p)
    _display_options(p, progress=True)
    p.set_defaults(func=_cmd_montecarlo)

    p = command(
        "plot",
        "draw a figure: sweep, phase, critical, tornado or qre",
        "Draw one figure to a file (.png, .pdf or .svg). Kinds: sweep (settlement "
        "probability against a parameter, optionally with a Monte Carlo band), phase "
        "(equilibrium outcomes over two parameters), critical (distribution of the critical "
        "value over Monte Carlo draws), tornado (what moves the critical value) and qre (the "
        "logit QRE branch of the game).",
        f"  {PROG} plot sweep --param china_pressure --monte-carlo 1000 -o curve.png\n"
        f"  {PROG} plot phase --param china_pressure --param breakthrough_offensive -o phase.pdf\n"
        f"  {PROG} plot critical -n 5000 --seed 1 -o critical.png\n"
        f"  {PROG} plot tornado --mode committed -o tornado.svg\n"
        f"  {PROG} plot qre --mode committed --set china_pressure=0.6 --player moscow -o qre.png\n",
    )
    kinds = p.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser, required=True)

    def kind(name: str, summary: str, examples: str) -> argparse.ArgumentParser:
        return kinds.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog="examples:\n" + examples,
            formatter_class=_formatter,
        )

    def output(k: argparse.ArgumentParser, *, progress: bool = False) -> None:
        k.add_argument(
            "-o", "--output", metavar="FILE", required=True, help="figure file (.png, .pdf or .svg)"
        )
        _figure_options(k)
        _display_options(k, progress=progress)
        k.set_defaults(func=_cmd_plot)

    k = kind(
        "sweep",
        "settlement probability against one parameter",
        f"  {PROG} plot sweep --param china_pressure -o curve.png\n"
        f"  {PROG} plot sweep --mode committed --monte-carlo 2000 --seed 1 -o curve.pdf\n",
    )
    _scenario_options(k)
    _sweep_options(k)
    k.add_argument("--outcome", default="settlement", help="outcome id or 'settlement' (default)")
    k.add_argument(
        "--monte-carlo",
        type=int,
        metavar="N",
        default=0,
        help="overlay the median and band of N Monte Carlo draws (outcome as --outcome)",
    )
    k.add_argument("--seed", type=int, metavar="INT", help="random seed of the Monte Carlo draws")
    k.set_defaults(level=0.5, selection="best", within="range")
    _executor_options(k)
    output(k, progress=True)

    k = kind(
        "phase",
        "equilibrium outcomes over two parameters",
        f"  {PROG} plot phase --param china_pressure --param leverage -o phase.png\n",
    )
    _scenario_options(k)
    _sweep_options(k)
    output(k, progress=True)

    k = kind(
        "critical",
        "distribution of the critical value over Monte Carlo draws",
        f"  {PROG} plot critical -n 5000 --seed 1 -o critical.png\n",
    )
    _scenario_options(k, overrides=False)
    _mc_options(k, n_default=2000)
    k.add_argument(
        "--style",
        choices=["hist", "ecdf"],
        default="hist",
        help="histogram (default) or cumulative distribution",
    )
    _executor_options(k)
    output(k, progress=True)

    k = kind(
        "tornado",
        "what moves the critical value, one assumption at a time",
        f"  {PROG} plot tornado --outcome withdrawal -o tornado.png\n",
    )
    _scenario_options(k, overrides=False)
    k.add_argument(
        "--param", metavar="NAME", help="control parameter (default: the scenario's first)"
    )
    k.add_argument(
        "--outcome", default="withdrawal", help="outcome id or 'settlement' (default: withdrawal)"
    )
    k.add_argument(
        "--level", type=float, default=0.5, help="probability the outcome must reach (default: 0.5)"
    )
    k.add_argument("--max-bars", type=int, default=15, help="assumptions shown (default: 15)")
    output(k)

    k = kind(
        "qre",
        "the logit quantal response equilibrium branch of the game",
        f"  {PROG} plot qre --mode committed --set china_pressure=0.6 -o qre.png\n",
    )
    _scenario_options(k)
    k.add_argument("--player", help="plot only this player's strategies")
    k.add_argument(
        "--lam-max",
        type=float,
        metavar="LAMBDA",
        help="trace up to this precision (default: until the Nash limit is found)",
    )
    output(k)

    p = command(
        "export",
        "write the game at given parameters (.nfg, .json or .csv)",
        "Write the scenario's game at one parameter point as a Gambit strategic-form file "
        "(.nfg, readable by Gambit and pygambit), a JSON game (readable back with "
        "mediation_sim.io.read_game_json) or a CSV table of every pure profile with payoffs "
        "and outcome probabilities.",
        f"  {PROG} export --set china_pressure=0.6 -o ukraine.nfg\n"
        f"  {PROG} export --mode committed -o game.csv\n",
    )
    _scenario_options(p)
    p.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="output file (.nfg, .json or .csv)"
    )
    p.add_argument(
        "--format", choices=["nfg", "json", "csv"], help="file format (default: from the extension)"
    )
    _display_options(p)
    p.set_defaults(func=_cmd_export)

    p = command(
        "info",
        "players, strategies, outcomes, modes and parameters of a scenario",
        "Describe a scenario: what you can pass to --mode, --param and --set.",
        f"  {PROG} info\n  {PROG} info my_conflict.toml\n",
    )
    _scenario_options(p, overrides=False, mode=False)
    _display_options(p)
    p.set_defaults(func=_cmd_info)

    from ._cli_forecast import register as register_forecast

    register_forecast(command)
    return parser


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
        _silence_stdout()
        return 1
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
