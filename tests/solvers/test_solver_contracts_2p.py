"""The shared Nash-solver contract, run on each two-player solver."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mediation_sim as ms
from mediation_sim.testing import (
    NashSolverContract,
    assert_is_equilibrium,
    assert_same_equilibria,
)
from mediation_sim.testing import strategies as mst

# Random contract games often tie (payoff 0.0 is a favourite draw); the enumeration methods
# then warn, which is not what these tests are about.
pytestmark = pytest.mark.filterwarnings("ignore::mediation_sim.DegenerateGameWarning")


def _own_scale(game: ms.NormalFormGame) -> ms.NormalFormGame:
    """The strategically equivalent game with each player's payoffs mapped onto [0, 1]."""
    spread = np.ptp(game.payoffs.reshape(2, -1), axis=1)
    scale = np.where(spread > 0, 1.0 / np.where(spread > 0, spread, 1.0), 1.0)
    shift = -game.payoffs.reshape(2, -1).min(axis=1) * scale
    return game.affine_transform(scale, shift)


class TwoPlayerContract(NashSolverContract):
    """The contract, with two checks restated for tolerances judged on each player's scale.

    The two-player solvers count two payoffs of a player as tied when they differ by at most
    ``tol`` times that player's own payoff range, so that their answers do not change when one
    player's payoffs are rescaled. ``pure_nash`` judges ties on the game-wide payoff range.
    """

    @given(data=st.data())
    def test_finds_planted_pure_equilibrium(self, data: st.DataObject) -> None:
        """The planted strict equilibrium, and every pure equilibrium with ties on own scales.

        The contract compares with ``pure_nash(game)``, whose ties are relative to the game-wide
        range: a near tie between ``tol * range_i`` and ``tol * payoff_range`` is a tie for it
        but not here. On the game with each player's payoffs mapped onto [0, 1] (strategically
        the same game) both judge ties alike.
        """
        game, planted = data.draw(
            mst.games_with_pure_equilibrium(
                n_players=2, max_strategies=self.max_strategies, margin=1.0
            )
        )
        res = self._solve(game)
        if self.finds_all:
            assert planted in res.pure_profiles()
            expected = set(ms.solvers.pure_nash(_own_scale(game)).pure_profiles())
            assert expected <= set(res.pure_profiles())
        else:
            assert res.success, res.message

    @given(data=st.data())
    def test_invariant_under_rescaling(self, data: st.DataObject) -> None:
        """As the contract's, on payoffs that survive a float shift (whole numbers).

        The contract's games may hold payoffs like 1e-300, which a shift of 1 wipes out in
        float arithmetic: the "rescaled" game is then another game. ``test_pure.py`` restates
        this check the same way for ``pure_nash``.
        """
        game = data.draw(
            mst.bimatrix_games(
                max_strategies=self.max_strategies, elements=mst.payoff_values(integers=True)
            )
        )
        scale, shift = data.draw(mst.affine_rescalings(2))
        res = self._solve(game.affine_transform(scale, shift))
        for eq in res:
            assert_is_equilibrium(game, eq.probabilities, tol=1e-6)
        if self.finds_all:
            back = [game.as_profile(list(eq.probabilities)) for eq in res]
            assert_same_equilibria(back, self._solve(game), atol=1e-6)


class TestSupportEnumerationContract(TwoPlayerContract):
    solver = staticmethod(ms.solvers.support_enumeration)
    n_players = 2
    finds_all = True
    max_strategies = 4


class TestVertexEnumerationContract(TwoPlayerContract):
    solver = staticmethod(ms.solvers.vertex_enumeration)
    n_players = 2
    finds_all = True
    max_strategies = 4


class TestLemkeHowsonContract(TwoPlayerContract):
    solver = staticmethod(ms.solvers.lemke_howson)
    n_players = 2
    finds_all = False
    max_strategies = 4


class TestLemkeHowsonAllLabelsContract(TwoPlayerContract):
    solver = staticmethod(ms.solvers.lemke_howson)
    n_players = 2
    finds_all = False
    max_strategies = 4
    options = {"initial_label": "all"}  # noqa: RUF012 - the contract's class attribute


class TestNash2pContract(TwoPlayerContract):
    solver = staticmethod(ms.solvers.nash_2p)
    n_players = 2
    finds_all = True
    max_strategies = 3
    options = {"method": "vertex"}  # noqa: RUF012 - the contract's class attribute
