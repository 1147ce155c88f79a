"""Issue 11, item 3: sizes are refused before anything is allocated.

Each test failed before (a hang, a multi-gigabyte allocation or a bare NumPy
error) and now gets a :class:`~mediation_sim.GameTooLargeError` or
:class:`~mediation_sim.InvalidArgumentError` naming the documented limit,
with a small, measured peak of traced memory.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

import mediation_sim as ms
from mediation_sim.solvers import pure_nash_mask

BASE = (Path(__file__).parent / "data" / "scenarios" / "two_party_mediation.toml").read_text()

#: Peak traced allocation allowed while refusing (the refusals allocate next to nothing).
PEAK_BYTES = 20_000_000


@contextmanager
def bounded_memory(limit: int = PEAK_BYTES) -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < limit, f"peak traced memory {peak:,} bytes"


def refused(
    call: Callable[[], object], error: type[Exception], match: str, limit: int = PEAK_BYTES
) -> None:
    with bounded_memory(limit), pytest.raises(error, match=match):
        call()


def spec_text(n_players: int, n_strategies: int) -> str:
    """The test scenario with ``n_players`` more players of ``n_strategies`` strategies each."""
    strategies = ", ".join(f'"s{j}"' for j in range(n_strategies))
    players = "".join(f"\n[players.p{i}]\nstrategies = [{strategies}]\n" for i in range(n_players))
    utilities = "".join(
        f'\n[utilities.p{i}]\ndeal = "deal_value"\nwar = "-war_cost"\n' for i in range(n_players)
    )
    return BASE.replace("[outcomes.deal]", players + "\n[outcomes.deal]") + utilities


def test_small_extended_spec_still_loads():
    sc = ms.scenarios.from_string(spec_text(2, 2))
    assert sc.game().shape == (2, 2, 2, 2)


@pytest.mark.parametrize(
    ("n_players", "n_strategies", "match"),
    [(28, 2, "payoff entries"), (70, 1, "above the limit of 63"), (0, 0, "")],
)
def test_spec_size_is_refused_before_any_profile_array(n_players, n_strategies, match):
    if n_players == 0:  # two players with 100,000 strategies each (9.3 GiB before)
        text = BASE.replace(
            'strategies = ["fight", "settle"]',
            "strategies = [" + ", ".join(f'"s{j}"' for j in range(100_000)) + "]",
        )
        match = "10,000,000,000 profiles"
    else:
        text = spec_text(n_players, n_strategies)
    # the TOML text itself is parsed first (linear in its size)
    with bounded_memory(200_000_000), pytest.raises(ms.GameTooLargeError, match=match) as info:
        ms.scenarios.from_string(text)
    assert "key 'players'" in str(info.value)


def test_scenario_batch_is_refused_by_its_broadcast_shape():
    sc = ms.scenarios.load("ukraine-2023")
    pressures = np.zeros(10**7)  # 80 MB, allocated by the caller before the check
    # the bounds check reads the values (about 3 bytes per value); the 40 GiB of
    # payoffs asked for before are refused
    linear = 40_000_000
    refused(lambda: sc.payoffs(china_pressure=pressures), ms.GameTooLargeError, "MAX_BATCH", linear)
    refused(
        lambda: sc.outcome_probabilities(china_pressure=pressures),
        ms.GameTooLargeError,
        "split",
        linear,
    )
    view = np.broadcast_to(np.zeros(1), (10**6, 10**3))
    refused(lambda: sc.evaluate(china_pressure=view), ms.GameTooLargeError, "batch of shape")


def test_scenario_arguments_are_not_silently_converted():
    sc = ms.scenarios.load("ukraine-2023")
    with pytest.raises(ms.ParameterOutOfBoundsError, match="boolean"):
        sc.game(china_pressure=True)
    with pytest.raises(ms.ParameterOutOfBoundsError, match="boolean"):
        sc.payoffs(china_pressure=np.array([True, False]))
    with pytest.raises(ms.ParameterOutOfBoundsError, match="masked"):
        sc.payoffs(china_pressure=np.ma.masked_array([0.1, 0.2], mask=[0, 1]))
    with pytest.raises(ms.InvalidArgumentError, match="mode must be"):
        sc.game(mode=["free"])  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="fix must be a mapping"):
        sc.game(fix="a")  # type: ignore[arg-type]
    with pytest.raises(ms.InvalidArgumentError, match="fix maps"):
        sc.game(fix={"kyiv": 1})  # type: ignore[dict-item]


def test_pure_nash_mask_refuses_huge_views_and_bad_shapes():
    view = np.broadcast_to(np.zeros((2, 2, 2)), (40, 2, 10**9, 2, 2, 2))  # 1 TiB as floats
    refused(lambda: pure_nash_mask(view, n_players=2), ms.GameTooLargeError, "MAX_BATCH_ENTRIES")
    with pytest.raises(ms.GameShapeError, match="rectangular"):
        pure_nash_mask([[[1, 2], [3]], [[1, 2], [3, 4]]])
    with pytest.raises(ms.GameShapeError, match="empty strategy set"):
        pure_nash_mask(np.zeros((2, 2, 0)))
    assert pure_nash_mask(np.zeros((0, 2, 2, 2)), n_players=2).shape == (0, 2, 2)


def test_pure_nash_mask_at_an_overflowing_range():
    # failed before: "payoffs must be finite" for finite payoffs whose range overflows
    payoffs = ms.games.matching_pennies().payoffs * 1.7e308
    assert not pure_nash_mask(payoffs).any()
    pd = ms.games.prisoners_dilemma().payoffs.copy()
    pd[0, 0, 0] = -1.7e308
    pd[1, 0, 0] = 1.7e308
    # with a range of 3.4e308, gains of 1 are within tol * range: only the
    # profiles where nobody can reach the +-1.7e308 entries are excluded
    assert pure_nash_mask(pd).tolist() == [[False, False], [True, True]]
    pure = ms.solvers.pure_nash(ms.NormalFormGame(pd))
    assert sorted(pure.pure_profiles()) == [(1, 0), (1, 1)]


def test_polytope_methods_refuse_games_too_big_for_qhull():
    wide = ms.NormalFormGame(np.random.default_rng(0).random((2, 2, 10_000)))
    refused(lambda: ms.solvers.vertex_enumeration(wide), ms.GameTooLargeError, "MAX_POLYTOPE_DIM")
    refused(lambda: ms.solvers.is_degenerate(wide), ms.GameTooLargeError, "MAX_POLYTOPE_DIM")
    square = ms.NormalFormGame(np.random.default_rng(0).random((2, 20, 20)))
    refused(lambda: ms.solvers.vertex_enumeration(square), ms.GameTooLargeError, "vertices")


def test_correlated_refuses_constraints_too_large():
    wide = ms.NormalFormGame(np.random.default_rng(0).random((2, 2, 10_000)))
    refused(lambda: ms.solvers.correlated(wide), ms.GameTooLargeError, "incentive constraints")


def test_alternating_offers_horizon_is_capped():
    refused(
        lambda: ms.solvers.alternating_offers(10**12, 0.9, 0.9),
        ms.InvalidArgumentError,
        "MAX_ALTERNATING_OFFERS_ROUNDS",
    )


def test_more_than_63_players_is_a_clear_error():
    with pytest.raises(ms.GameTooLargeError, match="above the limit of 63"):
        ms.games.normal_form.check_game_size((1,) * 64)


def test_limits_can_be_raised(monkeypatch):
    monkeypatch.setattr(ms.solvers._bargaining, "MAX_ALTERNATING_OFFERS_ROUNDS", 10)
    with pytest.raises(ms.InvalidArgumentError, match="limit of 10 "):
        ms.solvers.alternating_offers(11, 0.9, 0.9)
    monkeypatch.setattr(ms.solvers._bargaining, "MAX_ALTERNATING_OFFERS_ROUNDS", 100)
    assert ms.solvers.alternating_offers(11, 0.9, 0.9).n_rounds == 11


def test_lemke_howson_refuses_a_tableau_too_large_before_allocating():
    # a 2 x 10,000 game needs two tableaux of 10,002 x 10,003 entries (800 MB); no pure
    # equilibrium, so no presolve settles it
    parity = np.arange(10_000) % 2
    a = np.stack([parity, 1 - parity]).astype(float)
    wide = ms.NormalFormGame(np.stack([a, -a]))
    refused(lambda: ms.solvers.lemke_howson(wide), ms.GameTooLargeError, "MAX_TABLEAU_ENTRIES")
