"""Fuzz suite (issue 11): hostile payloads against the public API, the loaders and the CLI.

Every example must end in one of two ways: a result that is right, or a
:class:`~mediation_sim.MediationSimError` (the CLI: exit status 2 with one
line on stderr). A bare exception, a wrong answer (a claimed equilibrium
whose regret, recomputed independently, exceeds the bound) or a traced
allocation far above the input's size fails the test.

Budget: ``MEDIATION_SIM_FUZZ_EXAMPLES`` examples per test (default 25, so
the suite runs in CI in well under a minute); set it to e.g. 2000 for a
long run on demand::

    MEDIATION_SIM_FUZZ_EXAMPLES=2000 python -m pytest -p no:cacheprovider tests/fuzz
"""

from __future__ import annotations

import os
import tracemalloc
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.cli import main

EXAMPLES = int(os.environ.get("MEDIATION_SIM_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

#: Traced memory a call may use beyond 64 times its input's size.
SLACK_BYTES = 64_000_000


def outcome(call: Callable[[], object], input_size: int = 0) -> object:
    """Run ``call``; return its result or the MediationSimError it raised (anything else fails)."""
    tracemalloc.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result: object = call()
    except ms.MediationSimError as exc:
        result = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak <= 64 * input_size + SLACK_BYTES, f"peak {peak:,} bytes"
    return result


# --------------------------------------------------------------------------- payoffs
extreme_floats = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 1.0, -1.0, 1e308, -1e308, 1.7e308, 5e-324, 1e12, -1e12, 1e-300]),
    st.integers(-3, 3).map(float),
)
hostile_payoffs = st.one_of(
    st.integers(1, 3).flatmap(
        lambda n: st.lists(st.integers(1, 3), min_size=n, max_size=n).flatmap(
            lambda shape: st.lists(
                extreme_floats,
                min_size=len(shape) * int(np.prod(shape)),
                max_size=len(shape) * int(np.prod(shape)),
            ).map(lambda xs, shape=shape: np.array(xs).reshape((len(shape), *shape)))
        )
    ),
    st.recursive(
        st.one_of(st.floats(), st.integers(), st.text(max_size=3), st.none(), st.booleans()),
        lambda inner: st.lists(inner, max_size=3),
        max_leaves=12,
    ),
)


def independent_regret(game: ms.NormalFormGame, probabilities) -> float:
    """Largest deviation gain, computed in exact rational arithmetic from the payoffs."""
    from fractions import Fraction
    from itertools import product

    n = game.n_players
    probs = [[Fraction(float(p)) for p in v] for v in probabilities]
    probs = [[p / sum(v) for p in v] for v in probs]
    worst = Fraction(0)
    for i in range(n):
        values = [Fraction(0)] * game.shape[i]
        for prof in product(*(range(s) for s in game.shape)):
            weight = Fraction(1)
            for j in range(n):
                if j != i:
                    weight *= probs[j][prof[j]]
            if weight:
                values[prof[i]] += weight * Fraction(float(game.payoffs[(i, *prof)]))
        current = sum(p * v for p, v in zip(probs[i], values, strict=True))
        worst = max(worst, max(values) - current)
    return float(
        worst
        / max(
            Fraction(float(game.payoffs.max())) - Fraction(float(game.payoffs.min())), Fraction(1)
        )
    )


SOLVERS: list[tuple[str, Callable[[ms.NormalFormGame], object]]] = [
    ("pure_nash", ms.solvers.pure_nash),
    ("nash", ms.solvers.nash),
    ("nash_2p", lambda g: ms.solvers.nash_2p(g) if g.n_players == 2 else ms.solvers.nash(g)),
    ("lemke_howson", lambda g: ms.solvers.lemke_howson(g) if g.n_players == 2 else None),
]


@pytest.mark.parametrize(("name", "solver"), SOLVERS, ids=[s[0] for s in SOLVERS])
@FUZZ
@given(payoffs=hostile_payoffs)
def test_solvers_on_hostile_payoffs(name, solver, payoffs):
    made = outcome(lambda: ms.NormalFormGame(payoffs))
    if not isinstance(made, ms.NormalFormGame):
        return
    game = made
    result = outcome(lambda: solver(game))
    if not isinstance(result, ms.solvers.NashResult):
        return
    for eq in result:
        # no wrong answers: the exact relative regret is within tol (+ float slack)
        assert independent_regret(game, eq.probabilities) <= 1e-8 + 1e-9, (name, eq)


@FUZZ
@given(payoffs=hostile_payoffs, data=st.data())
def test_verifier_on_hostile_profiles(payoffs, data):
    made = outcome(lambda: ms.NormalFormGame(payoffs))
    if not isinstance(made, ms.NormalFormGame):
        return
    game = made
    profile = data.draw(
        st.lists(
            st.lists(extreme_floats | st.floats(0, 1), min_size=1, max_size=4),
            min_size=game.n_players,
            max_size=game.n_players,
        )
    )
    verdict = outcome(lambda: game.is_nash(profile))
    if verdict is True:
        exact = independent_regret(game, profile)
        assert exact <= 1e-8 + 1e-9


@FUZZ
@given(payoffs=hostile_payoffs)
def test_pure_nash_mask_on_hostile_payoffs(payoffs):
    outcome(lambda: ms.solvers.pure_nash_mask(payoffs))


# --------------------------------------------------------------------------- text formats
def _mutations(seed: str) -> st.SearchStrategy[str]:
    """The seed text with random slices replaced, repeated or deleted, or random text."""

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        text = seed
        for _ in range(draw(st.integers(0, 4))):
            i = draw(st.integers(0, len(text)))
            j = draw(st.integers(i, min(len(text), i + 20)))
            piece = draw(
                st.one_of(
                    st.text(max_size=8),
                    st.sampled_from(
                        ['"', "{", "}", "[" * 50, "9" * 5000, "\ud800", "\x00", "1/0", "-"]
                    ),
                    st.just(text[i:j] * draw(st.integers(0, 50))),
                )
            )
            text = text[:i] + piece + text[j:]
        return text

    return st.one_of(mutate(), st.text(max_size=200))


NFG = ms.io.dumps_nfg(ms.games.prisoners_dilemma())
# a real game tree from the catalogue (a hasattr() fallback here hid that the
# previously named game did not exist, so the fuzz corpus never used a written tree)
EFG = ms.io.dumps_efg(
    ms.games.signalling_game(
        {"strong": 0.9, "weak": 0.1},
        ["beer", "quiche"],
        ["duel", "dont"],
        np.arange(16.0).reshape(2, 2, 2, 2),
    )
)
JSON = ms.io.dumps_game_json(ms.games.chicken())
TOML = (ms.scenarios._loaders._data_dir() / "ukraine-2023.toml").read_text()


@pytest.mark.parametrize(
    ("loads", "seed"),
    [
        (ms.io.loads_nfg, NFG),
        (ms.io.loads_efg, EFG),
        (ms.io.loads_game_json, JSON),
        (ms.scenarios.from_string, TOML),
    ],
    ids=["nfg", "efg", "json", "toml"],
)
@FUZZ
@given(data=st.data())
def test_loaders_on_mutated_text(loads, seed, data):
    text = data.draw(_mutations(seed))
    outcome(lambda: loads(text), input_size=len(text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(payoffs=st.lists(st.integers(-5, 5).map(float), min_size=8, max_size=8), label=st.text())
def test_writers_round_trip_or_refuse_any_label(payoffs, label, tmp_path_factory):
    game = ms.NormalFormGame(np.array(payoffs).reshape(2, 2, 2), title=label)
    path = tmp_path_factory.mktemp("w") / "g.nfg"
    written = outcome(lambda: ms.io.write_nfg(game, path))
    if written is None:
        assert ms.io.read_nfg(path) == game


# --------------------------------------------------------------------------- CLI
cli_words = st.sampled_from(
    [
        "sweep",
        "solve",
        "threshold",
        "report",
        "info",
        "export",
        "--grid",
        "0:1:3",
        "0:1:20000000",
        "-n",
        "5",
        "0",
        "-1",
        "1e12",
        "--dpi",
        "0",
        "--scheduler",
        "garbage",
        "--mode",
        "free",
        "committed",
        "--set",
        "x=1",
        "china_pressure=2",
        "--param",
        "--quiet",
        "--output",
        "--force",
        "--seed",
        "nan",
        "--solver",
        "qre",
        "--lam",
        "-3",
        "--outcome",
        "withdrawal",
        "\x00",
        "",
    ]
)


@FUZZ
@given(argv=st.lists(cli_words, max_size=6))
def test_cli_fails_with_one_line(argv, capsys, tmp_path_factory, monkeypatch):
    monkeypatch.chdir(tmp_path_factory.mktemp("cli"))
    monkeypatch.delenv("MEDIATION_SIM_DEBUG", raising=False)
    status = outcome(lambda: main(argv))
    err = capsys.readouterr().err
    assert status in (0, 2), (argv, status, err)
    if status == 2 and err:
        assert "Traceback" not in err
        assert err.rstrip("\n").count("\n") <= 1 or "usage:" in err
