"""Subgame-perfect play of a scenario under a declared move order, for whole batches.

A scenario's :attr:`~mediation_sim.scenarios.Scenario.structure` orders the
players into stages. Every player observes all choices of earlier stages;
players of one stage choose simultaneously. The game is therefore a tree whose
proper subgames start after every complete stage, and backward induction over
the stages gives its subgame-perfect equilibria:

1. Start from the payoff array ``(*batch, n_players, *profiles)`` and the
   outcome lottery ``(*batch, n_outcomes, *profiles)`` of every action profile.
2. For the last stage, at every history of earlier choices (every index of the
   other players' axes) and every batch point at once, find the stage's pure
   Nash equilibria: profiles of the stage's movers where no mover gains more
   than ``tol * payoff_range`` by changing its own choice. A single mover
   simply maximises.
3. Keep one of them (the first in the order the strategies are listed) and
   replace the stage by its value: payoffs, outcome probabilities and the
   actions chosen, gathered with one ``take_along_axis``.
4. Repeat for the earlier stages; what is left at the root is the equilibrium
   path, its payoffs and its outcome distribution.

Nothing loops over profiles or batch points in Python; the loop runs over the
(few) stages. Two flags say how much the answer rests on tie-breaking:
``ties`` counts the histories where a mover (or a simultaneous stage) had
another optimal choice whose consequences differ for some player (then other
subgame-perfect equilibria exist), and ``exists`` is false where some history
of a simultaneous stage has no pure equilibrium (then no pure subgame-perfect
equilibrium exists and the values returned are the least-regret choice's,
marked by a regret above tolerance). The same game is available as a
:class:`~mediation_sim.games.GameTree` (:meth:`Scenario.game_tree`), which
:func:`mediation_sim.solvers.backward_induction` solves node by node; the tests
check that both agree.

**Source**

* R. Selten, "Reexamination of the perfectness concept for equilibrium points in extensive
  games", *International Journal of Game Theory* 4 (1975), pp. 25-55.
"""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._errors import DegenerateGameWarning, GameTooLargeError
from .._results import Result
from ..games.normal_form import NormalFormGame

__all__ = ["StageSolver", "SubgamePerfectBatch", "mixed_stage_solver", "solve_stages"]

FloatArray = NDArray[np.float64]
#: ``f(stage_payoffs) -> (mixed strategy per mover, regret) or None`` (see :func:`solve_stages`).
StageSolver = Callable[[FloatArray], "tuple[Sequence[FloatArray], float] | None"]


@dataclass(frozen=True, slots=True)
class StageRecord:
    """What backward induction decided at one stage, at every history of a batch.

    ``others`` are the players not moving at this stage (in index order), and
    a history is one index into their (current) axes, flattened to ``O``
    entries; the stage's movers' profiles are flattened to ``k`` entries in
    C order over ``stage``. ``terminal`` holds, for every history and movers'
    profile, the flat index (into the full profile space) of the terminal
    profile that the later stages' choices lead to, ``(B, O, k)``; ``gain``
    the largest gain of a mover from changing its own choice there,
    ``choice`` the chosen movers' profile ``(B, O)``, ``mask`` which movers'
    profiles are stage equilibria ``(B, O, k)`` and ``count`` how many are
    ``(B, O)``.
    """

    stage: tuple[int, ...]
    others: tuple[int, ...]
    o_shape: tuple[int, ...]
    m_shape: tuple[int, ...]
    terminal: NDArray[np.intp]
    gain: FloatArray
    mask: NDArray[np.bool_]
    choice: NDArray[np.intp]
    count: NDArray[np.intp]


def _shortfall(a: FloatArray, axis: int) -> FloatArray:
    """``a.max(axis=axis, keepdims=True) - a`` by slices, for a C-contiguous ``a``.

    The batch is the last axis, so every slice operation runs long
    contiguous loops (NumPy's reductions over a short axis are slow).
    """
    shape = a.shape
    x = a.reshape((math.prod(shape[:axis]), shape[axis], math.prod(shape[axis + 1 :])))
    top = x[:, 0]
    for j in range(1, shape[axis]):
        top = np.maximum(top, x[:, j])
    return (top[:, None, :] - x).reshape(shape)


def stage_indices(
    payoffs: FloatArray,
    sizes: Sequence[int],
    stages: Sequence[Sequence[int]],
    thr: FloatArray,
    *,
    by_player: FloatArray | None = None,
) -> tuple[list[StageRecord], NDArray[np.intp]]:
    """Backward induction on terminal-profile indices for a flat batch of games.

    ``payoffs`` is ``(B, n, K)`` (``K`` the number of pure profiles of
    ``sizes``, in C order) and ``thr`` the absolute tolerance per game
    ``(B,)``. Instead of carrying every player's value and every outcome
    probability through the stages, each history carries the index of the
    terminal profile its subgame-perfect continuation reaches; a stage reads
    its movers' payoffs at those indices (one gather per mover). The choices
    and tie-breaks are those of the module docstring. The work runs with the
    batch on the innermost axis (one transposing copy of the payoffs); the
    records are views in batch-first order. ``by_player``, if given, is that
    copy already made: ``payoffs`` as ``(n, K, B)``, C-contiguous.

    Returns the stage records (last stage first) and the terminal profile
    index reached from the root, ``(B,)``.
    """
    b = payoffs.shape[0]
    n = payoffs.shape[1]
    k_all = math.prod(sizes)
    if by_player is None:
        by_player = np.ascontiguousarray(payoffs.reshape((b, n, k_all)).transpose(1, 2, 0))
    flat = by_player.reshape(-1)
    column = np.arange(b, dtype=np.intp)
    cur = list(sizes)
    cont: NDArray[np.intp] | None = None  # None: every profile is terminal (identity)
    records: list[StageRecord] = []
    for stage in reversed([tuple(s) for s in stages]):
        others = tuple(j for j in range(n) if j not in stage)
        perm = [*others, *stage, n]
        o_shape = tuple(cur[j] for j in others)
        m_shape = tuple(cur[i] for i in stage)
        o_size = math.prod(o_shape)
        k = math.prod(m_shape)
        gain: Any = None
        for i in stage:
            if cont is None:
                own = by_player[i].reshape((*sizes, b))
            else:
                own = flat[(i * k_all + cont) * b + column]
            g = _shortfall(own, i)
            gain = g if gain is None else np.maximum(gain, g, out=gain)
        gain = np.ascontiguousarray(gain.transpose(perm)).reshape((o_size, k, b))
        if cont is None:
            ident = np.arange(k_all, dtype=np.intp).reshape(cur)
            ident = ident.transpose(perm[:-1]).reshape((o_size, k, 1))
            terminal = np.broadcast_to(ident, (o_size, k, b))
        else:
            terminal = cont.transpose(perm).reshape((o_size, k, b))
        mask = gain <= thr
        # the first optimal profile, and how many there are (a loop over the k
        # profiles of the movers)
        choice = np.zeros((o_size, b), dtype=np.intp)
        count = np.zeros((o_size, b), dtype=np.intp)
        for j in range(k - 1, -1, -1):
            here = mask[:, j]
            choice[here] = j
            count += here
        has = count > 0
        if not has.all():
            choice = np.where(has, choice, np.argmin(gain, axis=1))
        chosen = np.take_along_axis(terminal, choice[:, None, :], axis=1)[:, 0]
        for i in stage:
            cur[i] = 1
        cont = chosen.reshape((*cur, b))
        records.append(
            StageRecord(
                stage,
                others,
                o_shape,
                m_shape,
                terminal.transpose(2, 0, 1),
                gain.transpose(2, 0, 1),
                mask.transpose(2, 0, 1),
                choice.T,
                count.T,
            )
        )
    root = np.zeros(b, dtype=np.intp) if cont is None else cont.reshape(b)
    return records, root


#: Games solved together by :func:`solve_stages` (a block's arrays stay in cache).
_BLOCK = 1024


def _pure_block(
    pf: FloatArray,
    qf: FloatArray,
    sizes: tuple[int, ...],
    stages: Sequence[Sequence[int]],
    tol: float,
) -> tuple[
    NDArray[np.intp], FloatArray, FloatArray, FloatArray, NDArray[np.bool_], NDArray[np.intp]
]:
    """The pure-strategy part of :func:`solve_stages` for a block ``(b, n, K)`` of games."""
    flat_b, n, k_all = pf.shape
    # the batch innermost: reductions over the players and profiles run long loops
    by_player = np.ascontiguousarray(pf.transpose(1, 2, 0))
    if k_all and flat_b:
        spread = by_player.max(axis=(0, 1)) - by_player.min(axis=(0, 1))
    else:
        spread = np.zeros(flat_b)
    thr = tol * np.where(spread > 0, spread, 1.0)
    records, root = stage_indices(pf, sizes, stages, thr, by_player=by_player)
    flat_pf = pf.reshape(-1)
    rows = np.arange(flat_b)
    regret = np.zeros(flat_b)
    exists = np.ones(flat_b, dtype=bool)
    ties = np.zeros(flat_b, dtype=np.intp)
    for rec in records:
        chosen_gain = np.take_along_axis(rec.gain, rec.choice[..., None], axis=-1)[..., 0]
        regret = np.maximum(regret, chosen_gain.max(axis=1))
        exists &= (rec.count > 0).all(axis=1)
        multi = rec.count > 1
        if multi.any():
            # ties matter only where another optimal choice changes someone's payoff
            bi, oi = np.nonzero(multi)
            term = rec.terminal[bi, oi]  # (m, k)
            pick = term[np.arange(bi.size), rec.choice[bi, oi]][:, None]
            row = (bi * (n * k_all))[:, None]
            limit = thr[bi][:, None]
            differs = np.zeros(term.shape, dtype=bool)
            for i in range(n):  # a loop over players: short reductions are slow
                at = row + i * k_all
                differs |= np.abs(flat_pf[at + term] - flat_pf[at + pick]) > limit
            tie = (rec.mask[bi, oi] & differs).any(axis=-1)
            np.add.at(ties, bi[tie], 1)
    # the path, forward: each stage's choice at the history the earlier stages chose
    path = np.zeros((flat_b, n), dtype=np.intp)
    for rec in reversed(records):
        choice = rec.choice.reshape((flat_b, *rec.o_shape))
        at = tuple(path[:, j] if choice.shape[1 + q] > 1 else 0 for q, j in enumerate(rec.others))
        flat_choice = choice[(rows, *at)]
        for i, a in zip(rec.stage, np.unravel_index(flat_choice, rec.m_shape), strict=True):
            path[:, i] = a
    values = pf[rows, :, root]
    dist = qf[rows, :, root]
    return path, values, dist, regret, exists, ties


def solve_stages(
    payoffs: FloatArray,
    probs: FloatArray,
    stages: Sequence[Sequence[int]],
    *,
    tol: float,
    mixed_solver: StageSolver | None = None,
) -> tuple[
    NDArray[np.intp], FloatArray, FloatArray, FloatArray, NDArray[np.bool_], NDArray[np.intp]
]:
    """Backward induction over stages for a batch of games (see the module docstring).

    The pure-strategy work runs on terminal-profile indices
    (:func:`stage_indices`); with ``mixed_solver``, the games where a
    simultaneous stage has no pure equilibrium at some history are solved
    again carrying values through the stages, so that mixed stage equilibria
    can be substituted there.

    Parameters
    ----------
    payoffs : ndarray
        ``(*batch, n, s_1, ..., s_n)``.
    probs : ndarray
        ``(*batch, n_outcomes, s_1, ..., s_n)`` with the same batch shape.
    stages : sequence of sequence of int
        Player indices per stage, in the order of play; every player once.
    tol : float
        Relative tolerance (scale: each game's payoff range).
    mixed_solver : callable, optional
        ``f(stage_payoffs) -> (vectors, regret) or None`` for the histories
        where a simultaneous stage has no pure equilibrium: ``stage_payoffs``
        is the movers' ``(m, s_1, ..., s_m)`` payoff array there, ``vectors``
        one mixed strategy per mover and ``regret`` its largest gain from a
        deviation. Play continues with the expected values under it (a mixed
        subgame-perfect equilibrium); on the path such movers get action
        ``-1``. Without it the least-regret pure choice is kept.

    Returns
    -------
    path, values, outcome_probs, regret, exists, ties
        ``path`` ``(*batch, n)`` action index of each player on the
        equilibrium path; ``values`` ``(*batch, n)``; ``outcome_probs``
        ``(*batch, n_outcomes)``; ``regret`` ``(*batch,)`` largest gain from a
        deviation at any history (absolute); ``exists`` ``(*batch,)``
        whether the equilibrium found is pure (with ``mixed_solver``: whether
        every stage has a pure equilibrium); ``ties`` ``(*batch,)`` count of
        consequential ties.
    """
    n = len([i for s in stages for i in s])
    nb = payoffs.ndim - 1 - n
    batch = payoffs.shape[:nb]
    sizes = tuple(payoffs.shape[nb + 1 :])
    flat_b = math.prod(batch)
    k_all = math.prod(sizes)
    pf = np.ascontiguousarray(payoffs, dtype=np.float64).reshape((flat_b, n, k_all))
    qf = np.ascontiguousarray(probs, dtype=np.float64).reshape((flat_b, probs.shape[nb], k_all))
    n_out = qf.shape[1]
    parts = [
        _pure_block(pf[r : r + _BLOCK], qf[r : r + _BLOCK], sizes, stages, tol)
        for r in range(0, flat_b, _BLOCK)
    ] or [_pure_block(pf, qf, sizes, stages, tol)]
    path, values, dist, regret, exists, ties = (np.concatenate(x) for x in zip(*parts, strict=True))
    if mixed_solver is not None and not exists.all():
        redo = np.flatnonzero(~exists)
        m_path, m_values, m_dist, m_regret, m_exists, m_ties = _solve_stages_values(
            pf[redo].reshape((redo.size, n, *sizes)),
            qf[redo].reshape((redo.size, n_out, *sizes)),
            stages,
            tol=tol,
            mixed_solver=mixed_solver,
        )
        path[redo], values[redo], dist[redo] = m_path, m_values, m_dist
        regret[redo], exists[redo], ties[redo] = m_regret, m_exists, m_ties
    return (
        path.reshape((*batch, n)),
        values.reshape((*batch, n)),
        dist.reshape((*batch, n_out)),
        regret.reshape(batch),
        exists.reshape(batch),
        ties.reshape(batch),
    )


def _solve_stages_values(
    payoffs: FloatArray,
    probs: FloatArray,
    stages: Sequence[Sequence[int]],
    *,
    tol: float,
    mixed_solver: StageSolver | None = None,
) -> tuple[
    NDArray[np.intp], FloatArray, FloatArray, FloatArray, NDArray[np.bool_], NDArray[np.intp]
]:
    """:func:`solve_stages` carrying every value through the stages (used for the mixed fill)."""
    n = len([i for s in stages for i in s])
    nb = payoffs.ndim - 1 - n
    batch = payoffs.shape[:nb]
    sizes = payoffs.shape[nb + 1 :]
    # one flat batch axis inside; reshaped back at the end
    flat_b = math.prod(batch)
    payoffs = payoffs.reshape((flat_b, n, *sizes))
    probs = probs.reshape((flat_b, probs.shape[nb], *sizes))
    n_out = probs.shape[1]
    flat = payoffs.reshape((flat_b, -1))
    spread = flat.max(axis=-1) - flat.min(axis=-1) if flat.shape[-1] else np.zeros(flat_b)
    thr = tol * np.where(spread > 0, spread, 1.0)
    combined = np.concatenate([payoffs, probs], axis=1)
    regret = np.zeros(flat_b)
    exists = np.ones(flat_b, dtype=bool)
    ties = np.zeros(flat_b, dtype=np.intp)
    # per stage (last first): the movers, the other players and the choice at every history
    Record = tuple[list[int], list[int], tuple[int, ...], NDArray[np.intp], NDArray[np.bool_]]
    record: list[Record] = []
    for stage in reversed([list(s) for s in stages]):
        current = combined.shape[2:]
        others = [j for j in range(n) if j not in stage]
        perm = [0, 1, *(2 + j for j in others), *(2 + i for i in stage)]
        xp = combined.transpose(perm)
        o_shape = tuple(current[j] for j in others)
        m_shape = tuple(current[i] for i in stage)
        k = math.prod(m_shape)
        gain: Any = 0.0
        for pos, i in enumerate(stage):
            own = xp[:, i]  # (B, *others, *movers)
            axis = 1 + len(others) + pos
            gain = np.maximum(gain, own.max(axis=axis, keepdims=True) - own)
        gain = np.broadcast_to(gain, (flat_b, *o_shape, *m_shape)).reshape((flat_b, *o_shape, k))
        thr_b = thr.reshape((flat_b,) + (1,) * (len(o_shape) + 1))
        mask = gain <= thr_b
        count = mask.sum(axis=-1)
        has = count > 0
        choice = np.where(has, np.argmax(mask, axis=-1), np.argmin(gain, axis=-1))
        o_axes = tuple(range(1, 1 + len(o_shape)))
        exists &= has.all(axis=o_axes) if o_axes else has
        chosen_gain = np.take_along_axis(gain, choice[..., None], axis=-1)[..., 0]
        xf = xp.reshape((flat_b, xp.shape[1], *o_shape, k))
        picked = np.take_along_axis(xf, choice.reshape((flat_b, 1, *o_shape, 1)), axis=-1)
        filled = np.zeros(has.shape, dtype=bool)
        if mixed_solver is not None and len(stage) > 1 and not has.all():
            # the (rare) histories without a pure stage equilibrium: one small game each
            for cell in zip(*np.nonzero(~has), strict=True):
                block = xf[(cell[0], slice(None), *cell[1:], slice(None))]  # (n + n_out, k)
                found = mixed_solver(block[stage].reshape((len(stage), *m_shape)))
                if found is None:
                    continue
                vectors, stage_regret = found
                weights = vectors[0]
                for v in vectors[1:]:
                    weights = np.multiply.outer(weights, v)
                picked[(cell[0], slice(None), *cell[1:], 0)] = block @ np.ravel(weights)
                chosen_gain[cell] = stage_regret
                filled[cell] = True
        regret = np.maximum(regret, chosen_gain.max(axis=o_axes) if o_axes else chosen_gain)
        multi = count > 1
        if multi.any():
            # ties matter only where another optimal choice changes someone's payoff
            where = np.nonzero(multi)
            vf = np.moveaxis(xf[:, :n], 1, -2)[where]  # (m, n, k)
            v_pick = np.moveaxis(picked[:, :n], 1, -2)[where]  # (m, n, 1)
            differs = (np.abs(vf - v_pick) > thr[where[0]][:, None, None]).any(axis=1)
            tie = (mask[where] & differs).any(axis=-1)
            np.add.at(ties, where[0][tie], 1)
        new_sizes = tuple(1 if j in stage else current[j] for j in range(n))
        combined = picked[..., 0].reshape((flat_b, xp.shape[1], *new_sizes))
        record.append((stage, others, m_shape, choice, filled))
    # the path, forward: each stage's choice at the history the earlier stages chose
    path = np.zeros((flat_b, n), dtype=np.intp)
    rows = np.arange(flat_b)
    for stage, others, m_shape, choice, filled in reversed(record):
        at = tuple(path[:, j] if choice.shape[1 + q] > 1 else 0 for q, j in enumerate(others))
        flat_choice = choice[(rows, *at)]
        mixed_here = filled[(rows, *at)]
        for i, a in zip(stage, np.unravel_index(flat_choice, m_shape), strict=True):
            path[:, i] = np.where(mixed_here, -1, a)
    root = combined.reshape((flat_b, -1))
    return (
        path.reshape((*batch, n)),
        root[:, :n].reshape((*batch, n)),
        root[:, n : n + n_out].reshape((*batch, n_out)),
        regret.reshape(batch),
        exists.reshape(batch),
        ties.reshape(batch),
    )


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class SubgamePerfectBatch(Result):
    """Subgame-perfect equilibrium paths of a scenario at one or many parameter points.

    Attributes
    ----------
    scenario : str
        Scenario name.
    structure : str
        The move order solved.
    mode : str
        Scenario mode.
    players : tuple of str
        Player ids.
    outcomes : tuple of str
        Outcome ids.
    strategies : tuple of tuple of str
        Strategy labels of each player in this mode.
    path : ndarray
        ``(*batch, n_players)`` index of each player's action on the path
        (``-1`` for a player of a stage played in mixed strategies).
    payoffs : ndarray
        ``(*batch, n_players)`` equilibrium payoffs.
    probabilities : ndarray
        ``(*batch, n_outcomes)`` outcome distribution of the path.
    regret : ndarray
        ``(*batch,)`` largest gain from deviating at any history (absolute).
    exists : ndarray
        ``(*batch,)`` whether a pure subgame-perfect equilibrium exists (where
        it does not, the values are a mixed one's if ``regret`` is within
        tolerance: see :meth:`Scenario.subgame_perfect`'s ``mixed``).
    ties : ndarray
        ``(*batch,)`` histories where another optimal choice with different
        consequences existed (0: the subgame-perfect equilibrium is unique).
    settlement : tuple of int
        Indices of the settlement outcomes.
    """

    scenario: str
    structure: str
    mode: str
    players: tuple[str, ...]
    outcomes: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    path: NDArray[np.intp]
    payoffs: FloatArray
    probabilities: FloatArray
    regret: FloatArray
    exists: NDArray[np.bool_]
    ties: NDArray[np.intp]
    settlement: tuple[int, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        """Batch shape (``()`` for one parameter point)."""
        return self.regret.shape

    @property
    def unique(self) -> NDArray[np.bool_]:
        """Where no consequential tie occurred (the subgame-perfect equilibrium is unique)."""
        return np.asarray(self.ties == 0)

    @property
    def settlement_probability(self) -> FloatArray:
        """Probability of the settlement outcomes on the path, ``(*batch,)``."""
        return np.asarray(self.probabilities[..., list(self.settlement)].sum(axis=-1))

    def labels(self, index: tuple[int, ...] = ()) -> dict[str, str]:
        """The path at one batch point as ``player -> action`` (``"mixed"`` for a mixed stage)."""
        row = self.path[index]
        return {
            p: self.strategies[i][int(row[i])] if row[i] >= 0 else "mixed"
            for i, p in enumerate(self.players)
        }

    def outcome_distribution(self, index: tuple[int, ...] = ()) -> dict[str, float]:
        """Outcome distribution of the path at one batch point."""
        row = self.probabilities[index]
        return {o: float(row[k]) for k, o in enumerate(self.outcomes)}

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form (arrays as nested lists)."""
        return {
            "scenario": self.scenario,
            "structure": self.structure,
            "mode": self.mode,
            "players": list(self.players),
            "outcomes": list(self.outcomes),
            "path": self.path.tolist(),
            "payoffs": self.payoffs.tolist(),
            "probabilities": self.probabilities.tolist(),
            "regret": self.regret.tolist(),
            "exists": self.exists.tolist(),
            "ties": self.ties.tolist(),
        }

    def __repr__(self) -> str:
        if self.shape == ():
            path = ", ".join(f"{p}={a}" for p, a in self.labels().items())
            unique = "unique" if int(self.ties) == 0 else f"{int(self.ties)} ties"
            return f"SubgamePerfectBatch({self.structure!r}: {path}; {unique})"
        return f"SubgamePerfectBatch({self.structure!r}, batch shape {self.shape})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>"


def mixed_stage_solver(tol: float) -> StageSolver:
    """A :data:`StageSolver` for :func:`solve_stages`: a verified mixed stage equilibrium, or None.

    The first equilibrium of :func:`~mediation_sim.solvers.all_nash` (stage
    games are small; :func:`~mediation_sim.solvers.nash` for one too large).
    """
    from ..solvers import NashResult, all_nash, nash

    def solve(stage_payoffs: FloatArray) -> tuple[list[FloatArray], float] | None:
        game = NormalFormGame(stage_payoffs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)
            result: NashResult
            try:  # stage games are small: every equilibrium, certified, is cheapest
                result = all_nash(game, tol=tol)
            except GameTooLargeError:
                result = nash(game, tol=tol)
        if not result.equilibria:
            return None
        eq = result.equilibria[0]
        return [np.asarray(v, dtype=np.float64) for v in eq.probabilities], float(game.regret(eq))

    return solve
