"""What each public solver promises: the registry the contract suite runs over (private).

Every callable in ``mediation_sim.solvers.__all__`` is listed once, with what it
finds (all equilibria, all pure ones, one, a unique solution, or a check of a
candidate), whether its answer is exact (finite combinatorial or linear
programming) or numerical (path following, iteration, integration), whether
it draws random numbers (then it takes ``rng``), how many players it handles,
and which parameters define the problem and so may be positional. The tests
(``tests/solvers/test_signatures.py`` and the contract suite in
:mod:`mediation_sim.testing.contracts`) read their expectations from here, so
an exemption is a declared capability, never a name in a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

__all__ = ["SOLVER_CAPABILITIES", "SolverCapabilities"]

Kind = Literal["equilibrium", "solution", "dynamics", "check"]
Finds = Literal["all", "all_pure", "one", "unique", "path", "verdict"]
Input = Literal["normal_form", "tree", "stochastic", "bayesian", "coalitional", "bargaining"]


@dataclass(frozen=True, slots=True)
class SolverCapabilities:
    """The declared capabilities of one public solver.

    Attributes
    ----------
    name : str
        Its name in :mod:`mediation_sim.solvers`.
    kind : {"equilibrium", "solution", "dynamics", "check"}
        An equilibrium finder, a (unique) solution concept, a learning or
        path model that returns a trajectory, or a check of a candidate.
    finds : {"all", "all_pure", "one", "unique", "path", "verdict"}
        Every (extreme) equilibrium, every pure one, one (more on request),
        the unique solution, a trajectory, or a verdict on a candidate.
    exact : bool
        True for finite algorithms (enumeration, pivoting, linear
        programming, recursion); False for numerical ones (path following,
        iteration, integration, sampling by default).
    stochastic : bool
        Whether it draws random numbers; then it takes a keyword-only ``rng``
        whose ``None`` means :data:`~mediation_sim.solvers.DEFAULT_SEED`.
    players : int or None
        Number of players it handles (None: any).
    input : str
        The kind of problem: ``"normal_form"``, ``"tree"``, ``"stochastic"``,
        ``"bayesian"``, ``"coalitional"`` or ``"bargaining"``.
    positional : tuple of str
        Parameters that may be passed by position: the problem (the game)
        and, where declared with a ``reason``, what defines the problem
        beyond it (a check's candidate; the parameters of a closed-form
        bargaining solution, which has no game object). Every other
        parameter is keyword-only: options that used to be positional
        (``qre``'s ``lam``, ``correlated``'s ``objective`` ...) still work
        by position until 0.3, with a :class:`DeprecationWarning`.
    reason : str
        Why ``positional`` has more than the game ("" when it does not).
    returns_nash_result : bool
        Whether it returns :class:`~mediation_sim.solvers.NashResult` (then the
        Nash-solver contract applies).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> caps = ms.solvers.SOLVER_CAPABILITIES["lemke_howson"]
    >>> caps.finds, caps.exact, caps.stochastic, caps.players
    ('one', True, False, 2)
    """

    name: str
    kind: Kind
    finds: Finds
    exact: bool
    stochastic: bool
    players: int | None
    input: Input
    positional: tuple[str, ...] = ("game",)
    reason: str = ""
    returns_nash_result: bool = False


_CANDIDATE = "a check takes the game and the candidate it checks, as game.is_nash(profile) does"


def _entries() -> list[SolverCapabilities]:
    c = SolverCapabilities
    nf: Input = "normal_form"

    def nash(
        name: str, finds: Finds, exact: bool, stochastic: bool, players: int | None
    ) -> SolverCapabilities:
        return c(
            name, "equilibrium", finds, exact, stochastic, players, nf, returns_nash_result=True
        )

    return [
        # Nash equilibria of normal-form games, returning NashResult
        nash("support_enumeration", "all", True, False, 2),
        nash("vertex_enumeration", "all", True, False, 2),
        nash("lemke_howson", "one", True, False, 2),
        nash("nash_2p", "all", True, False, 2),
        nash("pure_nash", "all_pure", True, False, None),
        nash("logit_nash", "one", False, True, None),
        nash("tracing_nash", "one", False, True, None),
        nash("nash", "one", False, True, None),
        c("all_nash", "equilibrium", "all", True, False, None, nf),
        # refinements: all_nash's list filtered (numerical evidence beyond two players)
        nash("perfect_equilibria", "all", False, True, None),
        nash("proper_equilibria", "all", False, True, None),
        c(
            "pure_nash_mask",
            "equilibrium",
            "all_pure",
            True,
            False,
            None,
            nf,
            positional=("payoffs",),
            reason="the batched kernel takes a payoff array (or a game) as its problem",
        ),
        # other equilibrium concepts
        c("qre", "equilibrium", "one", False, False, None, nf),
        c("correlated", "equilibrium", "one", True, False, None, nf),
        c("communication_equilibrium", "equilibrium", "one", True, False, None, "bayesian"),
        c("bayes_nash", "equilibrium", "all", True, False, None, "bayesian"),
        c("backward_induction", "equilibrium", "one", True, False, None, "tree", ("tree",)),
        c("perfect_bayesian", "equilibrium", "all_pure", True, False, None, "tree", ("tree",)),
        c("stationary_equilibrium", "equilibrium", "one", False, False, None, "stochastic"),
        c("finite_horizon", "equilibrium", "one", True, False, None, "stochastic"),
        # solution concepts with a unique answer
        c("iterated_elimination", "solution", "unique", True, False, None, nf),
        c("nash_bargaining", "solution", "unique", True, False, 2, "bargaining", ("problem",)),
        c("kalai_smorodinsky", "solution", "unique", True, False, 2, "bargaining", ("problem",)),
        c(
            "rubinstein",
            "solution",
            "unique",
            True,
            False,
            2,
            "bargaining",
            positional=("delta_1", "delta_2"),
            reason="closed form: the two discount factors are the problem (no game object)",
        ),
        c(
            "alternating_offers",
            "solution",
            "unique",
            True,
            False,
            2,
            "bargaining",
            positional=("n_rounds", "delta_1", "delta_2"),
            reason="the horizon and discount factors are the problem (no game object)",
        ),
        c("shapley_value", "solution", "unique", True, True, None, "coalitional"),
        c("shapley_shubik_index", "solution", "unique", True, True, None, "coalitional"),
        c("banzhaf_index", "solution", "unique", True, True, None, "coalitional"),
        # learning dynamics and paths
        c("fictitious_play", "dynamics", "path", False, True, None, nf),
        c("replicator_dynamics", "dynamics", "path", False, False, None, nf),
        c("qre_path", "dynamics", "path", False, False, None, nf),
        # checks of a candidate
        c("is_degenerate", "check", "verdict", True, False, 2, nf),
        c(
            "is_correlated_equilibrium",
            "check",
            "verdict",
            True,
            False,
            None,
            nf,
            ("game", "distribution"),
            _CANDIDATE,
        ),
        c("perfection", "check", "verdict", False, True, None, nf, ("game", "profile"), _CANDIDATE),
        c("is_perfect", "check", "verdict", False, True, None, nf, ("game", "profile"), _CANDIDATE),
        c("properness", "check", "verdict", False, True, None, nf, ("game", "profile"), _CANDIDATE),
        c("is_proper", "check", "verdict", False, True, None, nf, ("game", "profile"), _CANDIDATE),
        c(
            "incentive_violations",
            "check",
            "verdict",
            True,
            False,
            None,
            nf,
            ("game", "distribution"),
            _CANDIDATE,
        ),
        c(
            "communication_violations",
            "check",
            "verdict",
            True,
            False,
            None,
            "bayesian",
            ("game", "mechanism"),
            _CANDIDATE,
        ),
        c(
            "core_violation",
            "check",
            "verdict",
            True,
            False,
            None,
            "coalitional",
            ("game", "allocation"),
            _CANDIDATE,
        ),
        c(
            "in_core",
            "check",
            "verdict",
            True,
            False,
            None,
            "coalitional",
            ("game", "allocation"),
            _CANDIDATE,
        ),
        c(
            "subgame_regrets",
            "check",
            "verdict",
            True,
            False,
            None,
            "tree",
            ("tree", "profile"),
            _CANDIDATE,
        ),
        c(
            "finite_horizon_regrets",
            "check",
            "verdict",
            True,
            False,
            None,
            "stochastic",
            ("game", "profiles"),
            _CANDIDATE,
        ),
    ]


#: Every public solver's declared capabilities, by name.
SOLVER_CAPABILITIES: Mapping[str, SolverCapabilities] = MappingProxyType(
    {entry.name: entry for entry in _entries()}
)
