r"""Deviation payoffs of an N-player game and their derivatives (private kernel).

For a mixed profile :math:`\sigma`, player :math:`i`'s *deviation payoff*
from pure strategy :math:`k` is

.. math:: U_{ik}(\sigma) = \sum_{a_{-i}} u_i(k, a_{-i}) \prod_{m \ne i} \sigma_m(a_m),

a multilinear function of the other players' mixtures. Its derivative with
respect to :math:`\sigma_{jl}` (:math:`j \ne i`) is the same sum with player
:math:`j`'s strategy fixed at :math:`l`:

.. math:: M_{ik,jl} = \frac{\partial U_{ik}}{\partial \sigma_{jl}}
          = \sum_{a_{-i,-j}} u_i(k, l, a_{-i,-j}) \prod_{m \ne i, j} \sigma_m(a_m),

and :math:`M_{ik,il} = 0`. Every N-player method (logit path following, the
tracing procedure, Newton refinement, learning dynamics) needs these, so they
are computed here once per game shape: one ``einsum`` per ordered pair of
players, with the contraction strings built at construction time. There is
no Python loop over profiles.

Strategies are flattened player by player into one vector of length
``D = s_1 + ... + s_n``; :attr:`PayoffKernel.offsets` gives each player's
slice.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ..games.normal_form import payoff_frame

__all__ = ["PayoffKernel", "normalised_payoffs"]

FloatArray = NDArray[np.float64]

_LETTERS = string.ascii_letters
#: Largest indicator matrix (entries) kept per player; larger games use einsum.
_MAX_INDICATOR = 2_000_000
#: Largest stacked indicator matrix (entries) built by :meth:`PayoffKernel.stacked`.
_MAX_STACKED = 200_000


@functools.lru_cache(maxsize=32)
def _einsum_ops(
    n: int,
) -> tuple[
    tuple[tuple[str, tuple[int, ...]], ...], dict[tuple[int, int], tuple[str, tuple[int, ...]]]
]:
    """Contraction strings for deviation payoffs and pair derivatives of an n-player game."""
    if n > len(_LETTERS):  # pragma: no cover - such games exceed MAX_PAYOFF_ENTRIES
        raise ValueError("too many players for the einsum kernel")
    axes = _LETTERS[:n]
    dev = []
    for i in range(n):
        others = tuple(m for m in range(n) if m != i)
        dev.append((",".join([axes, *(axes[m] for m in others)]) + "->" + axes[i], others))
    pairs: dict[tuple[int, int], tuple[str, tuple[int, ...]]] = {}
    for i in range(n):
        for j in range(n):
            if i != j:
                rest = tuple(m for m in range(n) if m not in (i, j))
                sub = ",".join([axes, *(axes[m] for m in rest)]) + "->" + axes[i] + axes[j]
                pairs[(i, j)] = (sub, rest)
    return tuple(dev), pairs


@functools.lru_cache(maxsize=32)
def _indicators(
    shape: tuple[int, ...], limit: int
) -> tuple[tuple[NDArray[np.intp], ...], tuple[FloatArray | None, ...]]:
    """Per player: the flat columns of the others' strategies, and their indicator matrix.

    The indicator maps each profile of the others (C order) to the
    strategies played in it. Both depend on the shape only, so they are
    built once per shape (read-only); players whose matrix would exceed
    ``limit`` entries get ``None``.
    """
    n = len(shape)
    offsets = np.concatenate([[0], np.cumsum(shape)]).astype(np.intp)
    cols: list[NDArray[np.intp]] = []
    indicators: list[FloatArray | None] = []
    for i in range(n):
        others = [m for m in range(n) if m != i]
        col = (
            np.concatenate([np.arange(offsets[m], offsets[m + 1]) for m in others])
            if others
            else np.zeros(0, dtype=np.intp)
        )
        col.flags.writeable = False
        cols.append(col)
        rest = tuple(shape[m] for m in others)
        n_rest = int(np.prod(rest)) if rest else 1
        if not others or n_rest * sum(rest) > limit:
            indicators.append(None)
            continue
        grids = np.indices(rest).reshape(len(rest), -1)
        ind = np.zeros((n_rest, sum(rest)))
        start = 0
        for pos, s_m in enumerate(rest):
            ind[np.arange(n_rest), start + grids[pos]] = 1.0
            start += s_m
        ind.flags.writeable = False
        indicators.append(ind)
    return tuple(cols), tuple(indicators)


@functools.lru_cache(maxsize=32)
def _stacked_events(shape: tuple[int, ...]) -> FloatArray:
    """The ``events`` matrix of :meth:`PayoffKernel.stacked` (shape only; read-only)."""
    n = len(shape)
    offsets = np.concatenate([[0], np.cumsum(shape)]).astype(np.intp)
    blocks = []
    for i in range(n):
        others = [m for m in range(n) if m != i]
        grids = np.indices([shape[m] for m in others]).reshape(len(others), -1)
        block = np.zeros((grids.shape[1], int(offsets[-1])))
        rows = np.arange(grids.shape[1])
        for pos, m in enumerate(others):
            block[rows, offsets[m] + grids[pos]] = 1.0
        blocks.append(block)
    events = np.vstack(blocks)
    events.flags.writeable = False
    return events


def normalised_payoffs(payoffs: FloatArray) -> tuple[FloatArray, float, float]:
    """Payoffs mapped affinely to ``[0, 1]`` with the game's common range.

    Returns ``(scaled, minimum, payoff_range)`` with
    ``scaled = (payoffs - minimum) / payoff_range``; the range is 1 for a
    constant game, as in :attr:`NormalFormGame.payoff_range`. One common map
    for all players keeps every equilibrium (and every logit response at
    ``lambda * payoff_range``) unchanged. Computed in the verifier's frame
    (a power-of-two scale first), so it neither overflows nor cancels at
    extreme scales; ``payoff_range`` is ``inf`` only when the true range
    exceeds the largest float.
    """
    frame = payoff_frame(payoffs)
    low = float(payoffs.min()) if payoffs.size else 0.0
    if frame.spread == 0.0:
        return np.zeros_like(payoffs), low, 1.0
    scaled = frame.shifted / frame.spread
    np.clip(scaled, 0.0, 1.0, out=scaled)
    return scaled, low, frame.to_payoff_units(frame.spread)


class PayoffKernel:
    """Deviation payoffs and their first derivatives for one payoff array.

    Parameters
    ----------
    payoffs : ndarray, shape (n, s_1, ..., s_n)
        Payoffs in the library's layout (usually normalised to ``[0, 1]``).
    """

    __slots__ = (
        "_cols",
        "_dev_ops",
        "_indicator",
        "_moved",
        "_others",
        "_pair_ops",
        "_stacked",
        "dim",
        "n_players",
        "offsets",
        "payoffs",
        "player_scale",
        "shape",
        "slices",
    )

    def __init__(self, payoffs: FloatArray, *, matrices: bool = True) -> None:
        self.payoffs = np.ascontiguousarray(payoffs, dtype=np.float64)
        self.n_players = int(self.payoffs.shape[0])
        self.shape = tuple(int(s) for s in self.payoffs.shape[1:])
        n = self.n_players
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(np.intp)
        self.dim = int(self.offsets[-1])
        self.slices = tuple(slice(int(self.offsets[i]), int(self.offsets[i + 1])) for i in range(n))
        spread = np.ptp(self.payoffs.reshape(n, -1), axis=1)
        #: Each player's own payoff range (1 where a player's payoffs are constant).
        self.player_scale = np.where(spread > 0, spread, 1.0)
        self._dev_ops, self._pair_ops = _einsum_ops(n)
        self._others = tuple(tuple(m for m in range(n) if m != i) for i in range(n))
        self._moved: tuple[FloatArray, ...] | None = None
        self._cols: tuple[NDArray[np.intp], ...] = ()
        self._indicator: tuple[FloatArray | None, ...] = ()
        self._stacked: tuple[FloatArray, FloatArray] | bool | None = False
        if matrices:
            self._build_matrices()

    def _build_matrices(self) -> None:
        # Matrix form, for the fast kernels: player i's payoffs as a matrix with
        # one row per own strategy and one column per profile of the others
        # (others in increasing order, C order), and a 0/1 matrix mapping each
        # such column to the strategies the others play in it.
        n = self.n_players
        self._moved = tuple(
            np.ascontiguousarray(np.moveaxis(self.payoffs[i], i, 0).reshape(self.shape[i], -1))
            for i in range(n)
        )
        self._cols, self._indicator = _indicators(self.shape, _MAX_INDICATOR)

    def stacked(self) -> tuple[FloatArray, FloatArray] | None:
        """All players' deviation payoffs as two matrices, for small games (built once).

        Row ``r`` of the stacked others' profiles is one pure profile of the
        players other than some player ``i``. Returns ``(events, weights)``:

        - ``events``, shape ``(R, dim)``: 1 where row ``r``'s profile has
          player ``j`` (not ``i``) play ``l``, so ``exp(events @ log_sigma)``
          is the probability of every row's profile;
        - ``weights``, shape ``(dim, R)``: ``u_i(k, profile r)`` in row
          ``(i, k)`` for the rows of player ``i`` (0 elsewhere).

        Then ``weights @ omega`` are the deviation payoffs, and
        ``(weights * omega) @ events`` the derivative with respect to the
        log-probabilities (as in :meth:`scaled_jacobian`): one product each
        for every player at once, which is what makes small games fast.
        ``None`` when the matrices would exceed ``200_000`` entries (or the game
        has one player); use :meth:`deviation` and :meth:`scaled_jacobian` then.
        """
        if self._stacked is not False:
            assert not isinstance(self._stacked, bool)
            return self._stacked
        n = self.n_players
        rows = [int(np.prod([self.shape[m] for m in others])) for others in self._others]
        total = sum(rows)
        if n == 1 or total * self.dim > _MAX_STACKED:
            self._stacked = None
            return None
        if self._moved is None:
            self._build_matrices()
        assert self._moved is not None
        events = _stacked_events(self.shape)
        weights = np.zeros((self.dim, total))
        start = 0
        for i in range(n):
            weights[self.slices[i], start : start + rows[i]] = self._moved[i]
            start += rows[i]
        self._stacked = (events, weights)
        return self._stacked

    # ------------------------------------------------------------------ helpers
    def split(self, flat: FloatArray) -> list[FloatArray]:
        """Per-player views of a flat strategy vector of length :attr:`dim`."""
        return [flat[sl] for sl in self.slices]

    def centroid(self) -> FloatArray:
        """The flat uniform profile."""
        return np.concatenate([np.full(s, 1.0 / s) for s in self.shape])

    # ------------------------------------------------------------------ kernels
    def _omegas(self, vectors: Sequence[FloatArray]) -> list[FloatArray]:
        """For every player, the others' product distribution, flattened like ``_moved[i]``.

        Prefix and suffix outer products are shared between players, so all
        ``n`` of them cost ``3n - 6`` outer products instead of ``n (n - 2)``.
        """
        n = self.n_players
        if n == 1:
            return [np.ones(1)]
        outer = np.multiply.outer
        prefix: list[FloatArray] = [vectors[0]]  # prefix[k] = sigma_0 x ... x sigma_k
        for m in range(1, n - 1):
            prefix.append(outer(prefix[-1], vectors[m]))
        suffix: list[FloatArray] = [vectors[n - 1]]  # suffix[0] = sigma_{n-1}; grows leftwards
        for m in range(n - 2, 0, -1):
            suffix.append(outer(vectors[m], suffix[-1]))
        out = [suffix[-1].reshape(-1)]  # player 0: sigma_1 x ... x sigma_{n-1}
        for i in range(1, n - 1):
            out.append(outer(prefix[i - 1], suffix[n - 2 - i]).reshape(-1))
        out.append(prefix[n - 2].reshape(-1))  # player n-1: sigma_0 x ... x sigma_{n-2}
        return out

    def deviation(self, vectors: Sequence[FloatArray]) -> FloatArray:
        """Flat vector of deviation payoffs ``U[i, k]`` (length :attr:`dim`)."""
        out = np.empty(self.dim)
        if self._moved is None:
            for i, (sub, others) in enumerate(self._dev_ops):
                if others:
                    out[self.slices[i]] = np.einsum(
                        sub, self.payoffs[i], *[vectors[m] for m in others]
                    )
                else:
                    out[self.slices[i]] = self.payoffs[i]
            return out
        for i, omega in enumerate(self._omegas(vectors)):
            out[self.slices[i]] = self._moved[i] @ omega
        return out

    def scaled_jacobian(self, vectors: Sequence[FloatArray]) -> tuple[FloatArray, FloatArray]:
        """Deviation payoffs and ``N = M * sigma`` (column ``(j, l)`` scaled by ``sigma[j, l]``).

        ``N`` is the derivative of ``U`` with respect to the *log*
        probabilities. It needs no division, so it is exact even when some
        probabilities underflow to zero, and it costs one matrix product per
        player.
        """
        if self._moved is None:
            self._build_matrices()
        assert self._moved is not None
        values = np.empty(self.dim)
        deriv = np.zeros((self.dim, self.dim))
        for i, omega in enumerate(self._omegas(vectors)):
            q = self._moved[i] * omega[None, :]
            values[self.slices[i]] = q.sum(axis=1)
            ind = self._indicator[i]
            if ind is not None:
                deriv[self.slices[i], self._cols[i]] = q @ ind
            elif self._others[i]:
                for j in self._others[i]:
                    sub, rest = self._pair_ops[(i, j)]
                    block = np.einsum(sub, self.payoffs[i], *[vectors[m] for m in rest])
                    deriv[self.slices[i], self.slices[j]] = block * vectors[j][None, :]
        return values, deriv

    def jacobian(self, vectors: Sequence[FloatArray]) -> tuple[FloatArray, FloatArray]:
        """Deviation payoffs and the matrix ``M[(i,k), (j,l)] = dU[i,k] / dsigma[j,l]``.

        Returns
        -------
        values : ndarray, shape (dim,)
        derivative : ndarray, shape (dim, dim)
            Zero on the diagonal blocks (a player's own mixture does not enter
            their deviation payoffs).
        """
        n = self.n_players
        values = np.empty(self.dim)
        deriv = np.zeros((self.dim, self.dim))
        if n == 1:
            values[:] = self.payoffs[0]
            return values, deriv
        for (i, j), (sub, rest) in self._pair_ops.items():
            block = np.einsum(sub, self.payoffs[i], *[vectors[m] for m in rest])
            deriv[self.slices[i], self.slices[j]] = block
        for i in range(n):
            j = 1 if i == 0 else 0
            values[self.slices[i]] = deriv[self.slices[i], self.slices[j]] @ vectors[j]
        return values, deriv

    def relative_regret(
        self, vectors: Sequence[FloatArray], values: FloatArray | None = None
    ) -> float:
        """Largest player regret measured in that player's own payoff range.

        Never smaller than the regret in the kernel's units (own ranges are at
        most the common one), and unchanged when one player's payoffs are
        rescaled: the acceptance test the N-player methods use internally.
        """
        return float((self.regrets(vectors, values) / self.player_scale).max())

    def regrets(
        self, vectors: Sequence[FloatArray], values: FloatArray | None = None
    ) -> FloatArray:
        """Each player's regret ``max_k U[i,k] - sigma_i . U[i]`` (in the kernel's payoff units)."""
        if values is None:
            values = self.deviation(vectors)
        return np.array(
            [
                max(float(values[sl].max() - values[sl] @ vectors[i]), 0.0)
                for i, sl in enumerate(self.slices)
            ]
        )
