"""Scenarios: a validated spec plus parameter values gives a game.

A :class:`Scenario` compiles its spec once (which rule applies to each pure
profile, which profiles each condition selects) and then evaluates payoffs
for one parameter point or for a whole batch of points with array
operations: outcome lotteries ``P[..., outcome, *profile]``, utilities
``U[..., player, outcome]``, expected payoffs ``U @ P`` plus the declared
terms. Nothing loops in Python over profiles or over parameter points.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import (
    InvalidArgumentError,
    UnknownNameError,
)
from .._results import register_reducible
from .._suggest import unknown_name
from ..games.extensive_form import GameTree
from ..games.normal_form import MixedProfile, NormalFormGame, ProfileLike, check_game_size
from ..solvers import QREResult
from ._bargaining import Bargaining
from ._bargaining_questions import BargainingQuestions
from ._limits import check_mode_and_fix
from ._spec import Parameter, ScenarioSpec, condition_mask
from ._structure import Structure
from ._values import Value
from .sequential import SubgamePerfectBatch, mixed_stage_solver, solve_stages

__all__ = ["Scenario"]

FloatArray = NDArray[np.float64]


class Scenario(BargainingQuestions):
    """A domain model that turns parameter values into games.

    Build one with :func:`mediation_sim.scenarios.load` (shipped scenarios)
    or :func:`mediation_sim.scenarios.from_toml` (your own file).

    Parameters
    ----------
    spec : ScenarioSpec
        A validated specification (from the loaders).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> sc.players
    ('kyiv', 'moscow', 'washington', 'brussels', 'beijing')
    >>> g = sc.game(china_pressure=0.6)
    >>> g.shape
    (3, 3, 2, 2, 3)
    >>> eq = ms.solvers.pure_nash(g)[0]
    >>> g.is_nash(eq)
    True
    """

    __slots__ = (
        "_outcome_index",
        "_player_index",
        "_rule_index",
        "_shape",
        "_spec",
        "_structure",
        "_structure_obj",
    )

    def __init__(self, spec: ScenarioSpec, structure: str | Structure | None = None) -> None:
        self._spec = spec
        if isinstance(structure, Structure):
            # built in Python (with_bargaining): validated there against this spec
            self._structure = structure.name
            self._structure_obj = structure
        else:
            name = spec.default_structure if structure is None else structure
            if name not in spec.structures:
                raise UnknownNameError(
                    unknown_name(
                        "structure", name, spec.structures, where=f"scenario {spec.name!r}"
                    )
                )
            self._structure = name
            self._structure_obj = spec.structures[name]
        self._shape = tuple(len(p.strategies) for p in spec.players)
        check_game_size(self._shape, what=f"scenario {spec.name!r}")
        self._player_index = {p.id: i for i, p in enumerate(spec.players)}
        self._outcome_index = {o.id: k for k, o in enumerate(spec.outcomes)}
        rule_index = np.full(self._shape, -1, dtype=np.intp)
        for r, rule in enumerate(spec.rules):
            mask = condition_mask(rule.when, spec.players) & (rule_index < 0)
            rule_index[mask] = r
        self._rule_index = rule_index
        self._masks: dict[Any, NDArray[np.bool_]] = {}
        self._classes: tuple[NDArray[np.intp], dict[Any, NDArray[np.bool_]]] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # re-parse from the spec text: cheap, and only small data crosses process boundaries
        declared = self._spec.structures.get(self._structure) == self._structure_obj
        structure = self._structure if declared else self._structure_obj
        return (_rebuild_scenario, (self._spec.text, self._spec.path, structure))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return (
            self._spec.sha256 == other._spec.sha256
            and self._spec.path == other._spec.path
            and self._structure_obj == other._structure_obj
        )

    def __hash__(self) -> int:
        return hash((self._spec.sha256, self._spec.path, self._structure))

    # ------------------------------------------------------------------ description
    @property
    def spec(self) -> ScenarioSpec:
        """The validated specification."""
        return self._spec

    @property
    def name(self) -> str:
        """Scenario name (as passed to :func:`~mediation_sim.scenarios.load`)."""
        return self._spec.name

    @property
    def title(self) -> str:
        """Human-readable title."""
        return self._spec.title

    @property
    def players(self) -> tuple[str, ...]:
        """Player ids, in game order."""
        return tuple(p.id for p in self._spec.players)

    @property
    def strategies(self) -> dict[str, tuple[str, ...]]:
        """Strategy ids of each player."""
        return {p.id: p.strategies for p in self._spec.players}

    @property
    def outcomes(self) -> tuple[str, ...]:
        """Outcome ids."""
        return tuple(o.id for o in self._spec.outcomes)

    @property
    def settlement_outcomes(self) -> tuple[str, ...]:
        """Outcomes marked ``settlement = true``."""
        return tuple(o.id for o in self._spec.outcomes if o.settlement)

    @property
    def parameters(self) -> Mapping[str, Parameter]:
        """Every named number: ``name -> Parameter`` (default, bounds, range, provenance...)."""
        return self._spec.parameters

    @property
    def modes(self) -> tuple[str, ...]:
        """Names of the declared modes (``"free"`` is always available)."""
        return tuple(self._spec.modes)

    @property
    def default_mode(self) -> str:
        """Mode used when ``mode`` is not given."""
        return self._spec.default_mode

    @property
    def sha256(self) -> str:
        """SHA-256 of the spec file's text (recorded in analysis metadata)."""
        return self._spec.sha256

    def defaults(self) -> dict[str, float]:
        """Central value of every parameter."""
        return {name: p.default for name, p in self._spec.parameters.items()}

    # ------------------------------------------------------------------ move order
    @property
    def structure(self) -> str:
        """Name of the move order this scenario object solves (see :meth:`with_structure`)."""
        return self._structure

    @property
    def structures(self) -> tuple[str, ...]:
        """Names of the declared move orders (``"simultaneous"`` always exists)."""
        return tuple(self._spec.structures)

    @property
    def stages(self) -> tuple[tuple[str, ...], ...]:
        """Player ids per stage, in the order of play, under :attr:`structure`."""
        return self._structure_obj.stages

    @property
    def is_sequential(self) -> bool:
        """Whether the structure has more than one stage or a bargaining stage.

        Such structures are solved by backward induction.
        """
        return self._structure_obj.sequential

    @property
    def bargaining(self) -> Bargaining | None:
        """The structure's bargaining stage, if it has one (see :meth:`with_bargaining`)."""
        return self._structure_obj.bargaining

    def with_bargaining(
        self,
        protocol: str,
        *,
        outcome: str | None = None,
        structure: str | None = None,
        name: str | None = None,
        proposer: str | None = None,
        mediator: str | None = None,
        power: float | str | None = None,
        discount: float | str | Sequence[float | str] | None = None,
        rounds: int | None = None,
        between: Sequence[str] | None = None,
        after: int | None = None,
        terms: str | None = None,
        disagreement: Mapping[str, str] | None = None,
    ) -> Scenario:
        """The same scenario with the settlement's terms bargained inside the game.

        Builds a structure from ``structure`` (default :attr:`structure`) with a
        bargaining stage (spec reference, "Bargaining stage"). Unless
        ``options`` say otherwise it mirrors the scenario's
        ``[bargaining_model]``: side A and side B bargain over the terms of
        ``outcome``, whose share in ``[bargaining_model].settlements`` must be a
        single parameter (it becomes the terms parameter); side B leaves its
        stage of play, the bargaining takes that stage's place, and if talks
        fail side B plays its strategy of the model's ``war_profile``.

        Parameters
        ----------
        protocol : str
            ``"take_it_or_leave_it"``, ``"mediator"``, ``"alternating_offers"``
            or ``"nash"``.
        outcome : str, optional
            Settlement outcome of an agreement (default: the first of
            ``[bargaining_model].settlements``).
        structure : str, optional
            The declared structure to start from.
        name : str, optional
            Name of the new structure (default ``"<structure>+<protocol>"``).
        proposer, mediator, power, discount, rounds, between, after, terms, disagreement
            The keys of a spec's bargaining table (spec reference, "Bargaining
            stage"); ``power`` and ``discount`` take numbers or parameter
            names. ``None`` leaves a key out (its default applies).

        Raises
        ------
        InvalidArgumentError
            For options the spec would refuse (the message names the key).

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023").with_bargaining("nash", outcome="withdrawal")
        >>> sc.stages, sc.bargaining.after
        ((('beijing',), ('kyiv', 'washington', 'brussels')), 1)
        >>> spe = sc.subgame_perfect(china_pressure=0.5, mode="committed")
        >>> bool(spe.agreed), 0.0 < float(spe.terms) < 1.0
        (True, True)
        """
        from ._bargaining import parse_bargaining
        from ._values import parse_value

        base = (
            self._structure_obj
            if structure is None
            else Scenario(self._spec, structure)._structure_obj
        )
        spec = self._spec
        bm = spec.bargaining
        given = {
            "proposer": proposer,
            "mediator": mediator,
            "power": power,
            "discount": list(discount) if isinstance(discount, list | tuple) else discount,
            "rounds": rounds,
            "between": None if between is None else list(between),
            "after": after,
            "terms": terms,
            "disagreement": None if disagreement is None else dict(disagreement),
        }
        raw: dict[str, Any] = {
            "protocol": protocol,
            **{k: v for k, v in given.items() if v is not None},
        }
        stages = [list(s) for s in base.stages]
        if base.bargaining is not None:
            # re-bargain: the same stage with another protocol (given keys win)
            kept = base.bargaining
            raw.setdefault("after", kept.after)
            raw.setdefault("between", list(kept.between))
            raw.setdefault("terms", kept.terms)
            if kept.disagreement:
                raw.setdefault("disagreement", dict(kept.disagreement))
            if outcome is None:
                outcome = kept.outcome
        if bm is not None:
            if outcome is None:
                outcome = next(iter(bm.settlements))
            share = bm.settlements.get(outcome)
            if "terms" not in raw and share is not None and len(share.parameters) == 1:
                (param,) = share.parameters
                if share.monomials[0].constant == 1.0 and share.monomials[0].factors == (param,):
                    raw["terms"] = param
            if "after" not in raw and "disagreement" not in raw:
                k = next((k for k, s in enumerate(stages) if bm.side_b in s), None)
                if k is not None:
                    stages[k].remove(bm.side_b)
                    if not stages[k]:
                        del stages[k]
                    raw["after"] = k
                    raw["disagreement"] = {bm.side_b: bm.war_profile[bm.side_b]}
        raw["outcome"] = outcome

        def fail(where: tuple[str | int, ...], message: str) -> Exception:
            key = ".".join(str(w) for w in where)
            return InvalidArgumentError(f"with_bargaining(): {key}: {message}")

        def value(v: object, where: tuple[str | int, ...]) -> Value:
            parsed = parse_value(v, where="", fail=lambda _, m: fail(where, m))
            unknown = sorted(parsed.parameters - set(spec.parameters))
            if unknown:
                raise fail(where, unknown_name("parameter", unknown[0], spec.parameters))
            return parsed

        bargaining = parse_bargaining(
            raw,
            ("bargaining",),
            fail=fail,
            value=value,
            stages=stages,
            strategies={p.id: p.strategies for p in spec.players},
            settlements=list(self.settlement_outcomes),
            outcomes=list(self.outcomes),
            parameters=spec.parameters,
            utilities=spec.utilities,
            term_values=[t.value for t in spec.terms],
            default_sides=None if bm is None else (bm.side_a, bm.side_b),
        )
        staged = {p for s in stages for p in s} | {p for p, _ in bargaining.disagreement}
        missing = [p for p in self.players if p not in staged]
        if missing:
            raise InvalidArgumentError(
                f"with_bargaining(): players {missing} are in no stage nor in disagreement"
            )
        built = Structure(
            name or f"{base.name}+{protocol}",
            f"{base.description} Terms bargained: {bargaining.describe()}.".strip(),
            tuple(tuple(s) for s in stages),
            bargaining,
        )
        return Scenario(spec, built)

    def with_structure(self, structure: str | Structure) -> Scenario:
        """The same scenario under another declared move order.

        Parameters
        ----------
        structure : str or Structure
            One of :attr:`structures`, or the :attr:`structure_spec` of a
            scenario made by :meth:`with_bargaining`.

        Raises
        ------
        UnknownNameError
            For an undeclared structure.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> sc.structure, sc.is_sequential
        ('sequential', True)
        >>> sc.with_structure("simultaneous").stages
        (('kyiv', 'moscow', 'washington', 'brussels', 'beijing'),)
        """
        return Scenario(self._spec, structure)

    @property
    def structure_spec(self) -> Structure:
        """The :class:`Structure` solved (stages and any bargaining stage)."""
        return self._structure_obj

    def subgame_perfect(
        self,
        *,
        mode: str | None = None,
        fix: Mapping[str, str] | None = None,
        tol: float = 1e-8,
        mixed: bool = False,
        **params: ArrayLike,
    ) -> SubgamePerfectBatch:
        """Subgame-perfect equilibrium path under :attr:`structure`, for a point or a batch.

        Backward induction over the stages, vectorised over histories and
        parameter points (see :mod:`mediation_sim.scenarios.sequential`);
        among several optimal choices the first listed is taken and the tie
        is counted in ``ties``. Under the one-stage ``"simultaneous"``
        structure this is the first pure Nash equilibrium.

        Parameters
        ----------
        mode, fix : optional
            As in :meth:`payoffs`.
        tol : float, default 1e-8
            Relative tolerance of optimality and ties (scale: payoff range).
        mixed : bool, default False
            Where a simultaneous stage has no pure equilibrium at some history
            (then no pure subgame-perfect equilibrium exists; ``exists`` is
            false), continue with a mixed equilibrium of that stage game
            (the first of :func:`~mediation_sim.solvers.all_nash`, or of
            :func:`~mediation_sim.solvers.nash` for a stage too large for it;
            verified by regret): the
            values are then those of a mixed subgame-perfect equilibrium, the
            movers of such a stage on the path get action ``-1`` and ``regret``
            stays within tolerance. Only the (rare) histories without a pure
            stage equilibrium are solved one by one.
        **params : float or array_like
            Parameter values; arrays broadcast into a batch.

        Returns
        -------
        SubgamePerfectBatch

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> spe = sc.subgame_perfect(china_pressure=0.9, mode="committed")
        >>> spe.labels()["moscow"], bool(spe.unique), int(spe.ties)
        ('withdraw', False, 1)
        """
        from .._validation import check_tol

        tol = check_tol(tol, func="subgame_perfect")
        if self.bargaining is not None:
            from ._bargaining_solve import bargained_path

            solver = mixed_stage_solver(tol) if mixed else None
            return bargained_path(
                self, mode=mode, fix=fix, tol=tol, mixed_solver=solver, params=params
            )
        payoffs, probs = self.evaluate(mode=mode, fix=fix, **params)
        index = {p: i for i, p in enumerate(self.players)}
        stages = [[index[p] for p in stage] for stage in self.stages]
        stage_solver = mixed_stage_solver(tol) if mixed else None
        path, values, dist, regret, exists, ties = solve_stages(
            payoffs, probs, stages, tol=tol, mixed_solver=stage_solver
        )
        settle = tuple(self.outcomes.index(o) for o in self.settlement_outcomes)
        return SubgamePerfectBatch(
            scenario=self.name,
            structure=self._structure,
            mode=mode or self.default_mode,
            players=self.players,
            outcomes=self.outcomes,
            strategies=tuple(tuple(s) for s in self.strategy_labels(mode=mode, fix=fix)),
            path=path,
            payoffs=values,
            probabilities=dist,
            regret=regret,
            exists=exists,
            ties=ties,
            settlement=settle,
        )

    def game_tree(
        self, *, mode: str | None = None, fix: Mapping[str, str] | None = None, **params: float
    ) -> GameTree:
        """The extensive form of the scenario under :attr:`structure` at one parameter point.

        Players move in the order of :attr:`stages`; within a stage each later
        player's decision nodes form one information set per history of
        earlier stages (it does not see the choices made in its own stage).
        Terminal payoffs are the expected payoffs of the action profile, and
        each terminal is named by its most likely outcome.
        :func:`mediation_sim.solvers.backward_induction` solves it node by
        node (an independent check of :meth:`subgame_perfect`).

        Under a structure with a bargaining stage (:attr:`bargaining`) the
        bargaining is a deterministic function of the history before it, so it
        needs no node of its own: every terminal after a history where the
        sides agree carries the agreement's payoffs at the bargained terms
        (named by the settlement outcome), and the players fixed by
        ``disagreement`` have a single move.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> tree = sc.game_tree(china_pressure=0.9, mode="committed")
        >>> spe = ms.solvers.backward_induction(tree)
        >>> dict(zip(tree.players, spe.payoffs.round(4))) == {
        ...     p: round(float(v), 4)
        ...     for p, v in zip(sc.players, sc.subgame_perfect(china_pressure=0.9,
        ...                                                     mode="committed").payoffs)}
        True
        """
        from ..games.extensive_form import decision, terminal

        for name, value in params.items():
            if np.ndim(value) != 0:
                raise InvalidArgumentError(
                    f"game_tree(): parameter {name!r} must be a single number"
                )
        payoffs, probs = self.evaluate(mode=mode, fix=fix, **params)
        labels = self.strategy_labels(mode=mode, fix=fix)
        index = {p: i for i, p in enumerate(self.players)}
        order = [(index[p], k) for k, stage in enumerate(self.stages) for p in stage]
        outcomes = self.outcomes
        agreed: Any = None
        if self.bargaining is not None:
            # the bargaining stage is a deterministic function of the history before
            # it: the terminals after an agreement carry the agreement's payoffs
            from ._bargaining_solve import bargained_payoffs, effective_fix, engine_stages

            payoffs, agreed, _, labels = bargained_payoffs(
                self, mode=mode, fix=fix, tol=1e-8, params=params
            )
            _, probs = self.evaluate(mode=mode, fix=effective_fix(self.bargaining, fix), **params)
            before, after = engine_stages(self.players, self.stages, self.bargaining)
            order = [(i, k) for k, stage in enumerate([*before, *after]) for i in stage]
            deal = self.bargaining.outcome

        def build(depth: int, chosen: dict[int, int], history: str) -> Any:
            if depth == len(order):
                at = tuple(chosen[i] for i in range(len(self.players)))
                where: tuple[Any, ...] = (slice(None), *at)
                if agreed is not None and agreed[at]:
                    return terminal(payoffs[where], outcome=deal)
                dist = probs[where]
                return terminal(payoffs[where], outcome=outcomes[int(np.argmax(dist))])
            i, stage = order[depth]
            starts = depth == 0 or order[depth - 1][1] != stage
            history_here = (
                history
                if not starts
                else ";".join(f"{self.players[j]}={labels[j][chosen[j]]}" for j in sorted(chosen))
            )
            moves = {
                label: build(depth + 1, {**chosen, i: a}, history_here)
                for a, label in enumerate(labels[i])
            }
            infoset = f"{self.players[i]}@{history_here or 'start'}"
            return decision(self.players[i], moves, infoset=infoset)

        shown = ", ".join(f"{k}={float(v):g}" for k, v in sorted(params.items()))
        return GameTree(
            build(0, {}, ""),
            players=list(self.players),
            title=f"{self.name} ({self._structure}, {mode or self.default_mode}"
            + (f"; {shown})" if shown else ")"),
        )

    def bargained_game(
        self, *, mode: str | None = None, fix: Mapping[str, str] | None = None, **params: float
    ) -> NormalFormGame:
        """The normal form of :meth:`game_tree` under a bargaining stage, at one point.

        A bargaining stage is a deterministic function of the history before
        it, so the game tree is the action game with the agreement's payoffs
        (at the bargained terms) on every profile whose history before the
        bargaining ends in an agreement; this is that game's normal form
        (players fixed by ``disagreement`` keep one strategy). The
        subgame-perfect path is one of its Nash equilibria. Without a
        bargaining stage it is :meth:`game`.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023").with_bargaining("nash", outcome="withdrawal")
        >>> g = sc.bargained_game(china_pressure=0.5, mode="committed")
        >>> spe = sc.subgame_perfect(china_pressure=0.5, mode="committed")
        >>> g.is_nash(spe.labels())
        True
        """
        if self.bargaining is None:
            return self.game(mode=mode, fix=fix, **params)
        from ._bargaining_solve import bargained_payoffs

        for name, value in params.items():
            if np.ndim(value) != 0:
                raise InvalidArgumentError(
                    f"bargained_game(): parameter {name!r} must be a single number"
                )
        payoffs, _, _, labels = bargained_payoffs(self, mode=mode, fix=fix, tol=1e-8, params=params)
        shown = ", ".join(f"{k}={float(v):g}" for k, v in sorted(params.items()))
        title = f"{self.name} ({self._structure}, {mode or self.default_mode}"
        return NormalFormGame(
            payoffs, self.players, labels, title=title + (f"; {shown})" if shown else ")")
        )

    # ------------------------------------------------------------------ parameters

    # ------------------------------------------------------------------ evaluation

    def _mode_slices(self, mode: str | None, fix: Mapping[str, str] | None) -> tuple[Any, ...]:
        check_mode_and_fix(mode, fix)
        name = self.default_mode if mode is None else mode
        if name not in self._spec.modes:
            raise UnknownNameError(
                f"scenario {self.name!r} has no mode {name!r}; modes: {list(self._spec.modes)}"
            )
        fixed = dict(self._spec.modes[name].fix)
        for player, strategy in (fix or {}).items():
            if player not in self._player_index:
                raise UnknownNameError(f"unknown player {player!r}; players: {list(self.players)}")
            if strategy not in self.strategies[player]:
                raise UnknownNameError(
                    f"unknown strategy {strategy!r} of {player!r}; its strategies: "
                    f"{list(self.strategies[player])}"
                )
            fixed[player] = strategy
        slices: list[Any] = []
        for p in self._spec.players:
            if p.id in fixed:
                k = p.strategies.index(fixed[p.id])
                slices.append(slice(k, k + 1))
            else:
                slices.append(slice(None))
        return tuple(slices)

    def evaluate(
        self, *, mode: str | None = None, fix: Mapping[str, str] | None = None, **params: ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Payoffs and outcome probabilities together (one lottery evaluation).

        Returns
        -------
        (payoffs, probabilities) : tuple of ndarray
            As :meth:`payoffs` and :meth:`outcome_probabilities`.
        """
        values, batch = self.resolve(**params)
        payoffs, probs = self._payoffs_full(values, batch)
        slices = self._mode_slices(mode, fix)
        probs = np.broadcast_to(probs, (*batch, *probs.shape[probs.ndim - len(self._shape) - 1 :]))
        return (
            np.ascontiguousarray(payoffs[(..., slice(None), *slices)]),
            np.ascontiguousarray(probs[(..., slice(None), *slices)]),
        )

    def payoffs(
        self, *, mode: str | None = None, fix: Mapping[str, str] | None = None, **params: ArrayLike
    ) -> FloatArray:
        """Payoff arrays for one parameter point or a batch.

        Parameters
        ----------
        mode : str, optional
            A declared mode (fixing some players' strategies); default
            :attr:`default_mode`.
        fix : mapping, optional
            Further ``player -> strategy`` restrictions.
        **params : float or array_like
            Parameter values; arrays broadcast together into the batch.

        Returns
        -------
        ndarray
            Shape ``(*batch, n_players, s_1, ..., s_n)`` in the library's
            payoff layout (fixed players have one strategy).

        Examples
        --------
        >>> import numpy as np, mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> sc.payoffs(china_pressure=np.linspace(0, 1, 11), mode="committed").shape
        (11, 5, 3, 3, 2, 2, 1)
        """
        values, batch = self.resolve(**params)
        payoffs, _ = self._payoffs_full(values, batch)
        slices = self._mode_slices(mode, fix)
        return np.ascontiguousarray(payoffs[(..., slice(None), *slices)])

    def outcome_probabilities(
        self, *, mode: str | None = None, fix: Mapping[str, str] | None = None, **params: ArrayLike
    ) -> FloatArray:
        """Lottery over outcomes at every pure profile: ``(*batch, n_outcomes, s_1, ..., s_n)``."""
        values, batch = self.resolve(**params)
        probs = self._outcome_probabilities_base(values)
        probs = np.broadcast_to(probs, (*batch, *probs.shape[probs.ndim - len(self._shape) - 1 :]))
        slices = self._mode_slices(mode, fix)
        return np.ascontiguousarray(probs[(..., slice(None), *slices)])

    def strategy_labels(
        self, *, mode: str | None = None, fix: Mapping[str, str] | None = None
    ) -> list[list[str]]:
        """Strategy ids of each player in the game of ``mode`` (fixed players keep one)."""
        slices = self._mode_slices(mode, fix)
        return [list(p.strategies[s]) for p, s in zip(self._spec.players, slices, strict=True)]

    def game(
        self, *, mode: str | None = None, fix: Mapping[str, str] | None = None, **params: float
    ) -> NormalFormGame:
        """The :class:`~mediation_sim.NormalFormGame` at one parameter point.

        Parameters
        ----------
        mode : str, optional
            For ``ukraine-2023``: ``"strategic"`` (Beijing chooses; the
            default) or ``"committed"`` (Beijing presses at the given level).
        fix : mapping, optional
            Further ``player -> strategy`` restrictions.
        **params : float
            Parameter values (defaults for the others).

        Raises
        ------
        UnknownNameError, ParameterOutOfBoundsError
            For unknown names or values outside the bounds.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> g = sc.game(china_pressure=0.7, mode="committed")
        >>> g.strategies[4]
        ('press_moscow',)
        """
        for name, value in params.items():
            if np.ndim(value) != 0:
                raise InvalidArgumentError(
                    f"game(): parameter {name!r} must be a single number; use payoffs() for a batch"
                )
        payoffs = self.payoffs(mode=mode, fix=fix, **params)
        shown = ", ".join(f"{k}={float(v):g}" for k, v in sorted(params.items()))
        title = f"{self.name} ({mode or self.default_mode}{'; ' + shown if shown else ''})"
        return NormalFormGame(
            payoffs, self.players, self.strategy_labels(mode=mode, fix=fix), title=title
        )

    def outcome_distribution(
        self,
        profile: ProfileLike | QREResult,
        *,
        mode: str | None = None,
        fix: Mapping[str, str] | None = None,
        **params: float,
    ) -> dict[str, float]:
        """Probability of each outcome when ``profile`` is played.

        Parameters
        ----------
        profile : profile-like or QREResult
            A pure or mixed profile of the game of this ``mode`` (for example
            an equilibrium returned by a solver, or ``{"kyiv": "fight_on", ...}``),
            or a :class:`~mediation_sim.solvers.QREResult` (its profile is used).
            A :class:`~mediation_sim.MixedProfile` carries its game, so when
            ``mode`` and ``fix`` are not given they are read from it: an
            equilibrium of ``sc.game(mode="committed", ...)`` needs no
            ``mode="committed"`` here.
        mode, fix, **params
            As in :meth:`game`.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> d = sc.outcome_distribution({"kyiv": "fight_on", "moscow": "withdraw",
        ...     "washington": "sustain_aid", "brussels": "sustain_aid", "beijing": "press_moscow"})
        >>> d["withdrawal"]
        1.0
        >>> round(sum(d.values()), 12)
        1.0
        """
        if isinstance(profile, QREResult):
            profile = profile.profile
        if isinstance(profile, MixedProfile) and mode is None and fix is None:
            mode, fix = self._restriction_of(profile.game)
        game = self.game(mode=mode, fix=fix, **params)
        vectors = game.as_profile(profile).probabilities
        probs = self.outcome_probabilities(mode=mode, fix=fix, **params)
        n = len(vectors)
        operands: list[Any] = [probs, [n, *range(n)]]
        for i, v in enumerate(vectors):
            operands.extend((v, [i]))
        operands.append([n])
        dist = np.einsum(*operands)
        return {o: float(p) for o, p in zip(self.outcomes, dist, strict=True)}

    def _restriction_of(self, game: NormalFormGame) -> tuple[str | None, dict[str, str] | None]:
        """The ``(mode, fix)`` whose game has ``game``'s players and strategy labels."""
        labels = [list(s) for s in game.strategies]
        if list(game.players) != list(self.players) or labels == self.strategy_labels():
            return None, None  # the default mode's game, or not this scenario's (as_profile says)
        for mode in (self.default_mode, *self.modes):
            allowed = self.strategy_labels(mode=mode)
            if not all(set(mine) <= set(a) for mine, a in zip(labels, allowed, strict=True)):
                continue
            fix = {
                p: mine[0]
                for p, mine, a in zip(self.players, labels, allowed, strict=True)
                if len(mine) == 1 and len(a) > 1
            }
            if self.strategy_labels(mode=mode, fix=fix or None) == labels:
                return mode, fix or None
        return None, None

    def settlement_probability(
        self,
        profile: ProfileLike | QREResult,
        *,
        mode: str | None = None,
        fix: Mapping[str, str] | None = None,
        **params: float,
    ) -> float:
        """Probability that ``profile`` ends in a settlement outcome."""
        dist = self.outcome_distribution(profile, mode=mode, fix=fix, **params)
        return float(sum(dist[o] for o in self.settlement_outcomes))

    def utility(self, player: str, outcome: str, **params: float) -> float:
        """``player``'s utility of ``outcome`` from ``[utilities]`` (before payoff terms)."""
        if player not in self._player_index:
            raise UnknownNameError(f"unknown player {player!r}; players: {list(self.players)}")
        if outcome not in self._outcome_index:
            raise UnknownNameError(f"unknown outcome {outcome!r}; outcomes: {list(self.outcomes)}")
        values, _ = self.resolve(**params)
        return float(self._spec.utilities[player][outcome].evaluate(values))

    # ------------------------------------------------------------------ the analytic core
    def is_affine_in(self, parameter: str) -> bool:
        """Whether payoffs are affine in ``parameter`` (so exact breakpoints apply).

        True when no value multiplies the parameter by itself and no outcome
        probability depends on it while a payoff term is weighted by outcome
        probabilities and also depends on it.
        """
        if parameter not in self._spec.parameters:
            raise UnknownNameError(unknown_name("parameter", parameter, self._spec.parameters))
        if self.bargaining is not None:
            # bargained terms are ratios of affine functions of the parameter
            # (and clipped to the core): exact breakpoints do not apply
            return False
        spec = self._spec
        lottery_values = [
            v
            for lot in spec.lotteries.values()
            for p in lot.probabilities
            for v in (p.base, *(c for c, _ in p.terms))
        ]
        in_probs = any(parameter in v.parameters for v in lottery_values)
        utility_values = [v for table in spec.utilities.values() for v in table.values()]
        term_values = [t.value for t in spec.terms]
        all_values: Sequence[Value] = [*lottery_values, *utility_values, *term_values]
        if not all(v.is_affine_in(parameter) for v in all_values):
            return False
        if in_probs:
            # products of a parameter-dependent probability and a parameter-dependent utility
            if any(parameter in v.parameters for v in utility_values):
                return False
            if any(parameter in t.value.parameters and t.outcomes for t in spec.terms):
                return False
        return True

    # ------------------------------------------------------------------ display
    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary (players, strategies, outcomes, parameters)."""
        return {
            "name": self.name,
            "title": self.title,
            "players": {p: list(s) for p, s in self.strategies.items()},
            "outcomes": list(self.outcomes),
            "settlement_outcomes": list(self.settlement_outcomes),
            "parameters": {k: p.to_dict() for k, p in self.parameters.items()},
            "modes": {m.name: dict(m.fix) for m in self._spec.modes.values()},
            "sha256": self.sha256,
        }

    def __repr__(self) -> str:
        shape = "x".join(map(str, self._shape))
        return (
            f"Scenario({self.name!r}, {len(self.players)} players, shape {shape}, "
            f"{len(self.outcomes)} outcomes, {len(self.parameters)} parameters)"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(p.name)}</td><td>{p.default:g}</td>"
            f"<td>[{p.range[0]:g}, {p.range[1]:g}]</td>"
            f"<td>{esc(p.unit)}</td><td>{esc(p.provenance)}</td></tr>"
            for p in self.parameters.values()
        )
        return (
            f"<p><b>{esc(self.title)}</b> ({esc(repr(self))})</p><table><tr><th>parameter</th>"
            f"<th>default</th><th>range</th><th>unit</th><th>provenance</th></tr>{rows}</table>"
        )


def _rebuild_scenario(text: str, path: str, structure: str | Structure | None = None) -> Scenario:
    """Unpickle a scenario: parse its spec text once per process.

    Parsing and validating the spec takes tens of milliseconds, and a
    process pool or Dask worker unpickles the scenario with every task;
    scenarios are immutable, so a worker reuses the one it built.
    """
    try:
        return _rebuild_cached(text, path, structure)
    except TypeError:  # a structure built in Python that does not hash
        return _parse_and_build(text, path, structure)


def _parse_and_build(text: str, path: str, structure: str | Structure | None) -> Scenario:
    from ._spec import parse_spec

    return Scenario(parse_spec(text, path=path), structure)


_rebuild_cached = functools.lru_cache(maxsize=8)(_parse_and_build)


register_reducible(Scenario, _rebuild_scenario)
