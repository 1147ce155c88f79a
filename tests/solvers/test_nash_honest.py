"""nash(): the message describes what is returned; misspelt options always fail."""

from __future__ import annotations

import re

import pytest

import mediation_sim as ms
from mediation_sim._errors import InvalidArgumentError


@pytest.fixture(scope="module")
def flagship():
    return ms.scenarios.load("ukraine-2023").game(china_pressure=0.6)


def test_message_counts_the_equilibria_returned(flagship):
    res = ms.solvers.nash(flagship)
    assert len(res) == 1
    assert "kept the first 1 of 3" in res.message
    verified = re.findall(r"(\d+) equilibri(?:um|a) verified", res.message)
    assert verified == ["1"]


@pytest.mark.parametrize("option", [{"n_eq": 3}, {"max_iters": 5}, {"seed": 1}])
def test_unknown_options_raise_even_when_the_presolve_settles_the_game(flagship, option):
    with pytest.raises(InvalidArgumentError, match="unknown option"):
        ms.solvers.nash(flagship, **option)
    with pytest.raises(InvalidArgumentError, match="unknown option"):
        ms.solvers.nash(flagship, method="tracing", **option)


def test_unknown_option_raises_with_a_warm_start(flagship):
    res = ms.solvers.nash(flagship)
    with pytest.raises(InvalidArgumentError, match="unknown option"):
        ms.solvers.nash(flagship, init=res[0], max_iters=5)


def test_no_sentence_is_repeated():
    game = ms.games.volunteers_dilemma(3)
    res = ms.solvers.nash(game, presolve=False, n_equilibria=2)
    sentences = [s.strip() for s in re.split(r"[.;]", res.message) if s.strip()]
    assert len(sentences) == len(set(sentences))


def test_all_returns_every_certified_equilibrium():
    game = ms.games.volunteers_dilemma(3)
    res = ms.solvers.nash(game, n_equilibria="all")
    assert isinstance(res, ms.solvers.AllNashResult)
    # 3 pure (one volunteer), 3 with two players mixing, 1 symmetric mixed.
    assert len(res) == 7
    assert res.complete
    assert res.certified
    with pytest.raises(InvalidArgumentError, match="unknown option"):
        ms.solvers.nash(game, n_equilibria="all", max_iter=3)
    with pytest.raises(InvalidArgumentError):
        ms.solvers.nash(game, n_equilibria="some")
