r"""KTAB's Spatial Model of Politics (SMP): bargaining rounds on an issue.

Actors ``i = 1..n`` hold positions :math:`x_i` on one issue (or on ``d``
issue dimensions), with a capability :math:`c_i > 0` and a salience
:math:`s_i \in (0, 1]` (per dimension; their sum at most one). Positions are
rescaled to :math:`[0, 1]` by the issue bounds. Each round of KTAB's SMP
(``SMPState::stepBCN`` in ``KTAB/examples/smp/libsrc/smp*.cpp``) does:

1. **Utilities and risk attitudes.** Ideals are the current positions (KTAB's
   default identity accommodation matrix). The distance from ``i``'s ideal to
   ``j``'s position is the salience-weighted
   :math:`d_{ij} = \sqrt{\sum_k (s_{ik}\,\Delta_k)^2 / \sum_k s_{ik}^2}`
   (:math:`|x_i - x_j|` on one issue), and the utility with risk attitude
   :math:`r` is :math:`u = (1 - d)(1 + d\,r)`. A probabilistic Condorcet
   election among the positions with risk-neutral utilities, votes weighted by
   capability, gives each position a probability :math:`p_i`; the risk
   attitude is ``big_r_range`` ``"mid"``:
   :math:`r_i = (3p_i - p_{\max} - 2p_{\min}) / (2(p_{\max} - p_{\min}))` in
   :math:`[-1/2, 1]` (``"min"``: :math:`[0, 1]`, ``"max"``: :math:`[-1, 1]`).
   Actor ``h``'s estimate of ``i``'s attitude is
   :math:`(2r_h + r_i)/3` (``big_r_adjust="one_third"``, KTAB's default; also
   ``"full"``, ``"two_thirds"``, ``"half"``, ``"none"``).
2. **Challenges.** ``i`` assesses challenging each ``j`` with its own
   utilities :math:`U = u^i`: the principals contribute
   :math:`v(S_i c_i, U_{ii} - U_{ij})` and :math:`v(S_j c_j, U_{ji} - U_{jj})`
   (:math:`S` the salience total, :math:`v` the voting rule of
   :mod:`~mediation_sim.models.forecasting.ktab`) to the coalitions for
   ``i`` and ``j`` (each starting at :math:`10^{-10}`); every third party
   ``n`` looks at the little contest of ``i``, ``j`` and itself,
   :math:`\pi_n = C_i^n / (C_i^n + C_j^n)`, and votes
   :math:`v(S_n c_n,\ \pi_n(2U_{ni} + U_{nn}) + (1-\pi_n)3U_{nj}
   - \pi_n 3U_{ni} - (1-\pi_n)(2U_{nj} + U_{nn}))` (KTAB's "semi-commit";
   also ``"full"`` and ``"none"``, under which KTAB's formula gives every
   third party a zero vote, so only the principals count). With
   :math:`P = C_i / (C_i + C_j)`, the expected gain of the challenge is
   :math:`(1 - S_j)\,2U_{ii} + S_j(P\,2U_{ii} + (1 - P)\,2U_{ij})
   - (U_{ii} + U_{ij})`; ``i`` challenges the ``j`` with the largest gain
   above :math:`10^{-5}`, or no one.
3. **Bargains** (KTAB's default ``InitOnlyInterp``): the bargain proposes
   that both move, dimension by dimension, to
   :math:`b_i = ((w_i + \epsilon)x_i + w_j x_j)/(w_i + \epsilon + w_j)` and
   :math:`b_j = (w_i x_i + (w_j + \epsilon) x_j)/(w_i + \epsilon + w_j)`,
   rounded to four decimals, with :math:`w_i = s_i^2 P^2`,
   :math:`w_j = s_j^2 (1 - P)^2`, :math:`\epsilon = 10^{-6}`
   (``interpolation="s2p2"``; ``"s1p1"`` uses first powers, ``"s2pmax"``
   KTAB's asymmetric variant).
4. **Resolution.** Each actor ``k`` faces its status quo and every bargain
   it initiated or received. All actors value each alternative by the mean of
   their utilities over the resulting positions of all actors, vote with
   weight :math:`c` over the alternatives, and the Condorcet election
   (``victory``, ``model``) picks the most probable one (KTAB's
   deterministic transitions); ``k`` moves to its side of that bargain.
5. **Stop** after ``min_rounds`` (2) once the round's total movement
   :math:`\sum_i \lVert x_i' - x_i \rVert` (on the rescaled issue) is below
   ``min_delta_ratio`` (0.02) times the first round's movement plus
   :math:`10^{-4}`, or after ``max_rounds`` (100).

**Where this implementation differs from KTAB's code** (each is a choice
KTAB leaves to an option, or a defect of the code that this module avoids):

* Only deterministic transitions: KTAB's stochastic mode draws the bargain
  with its own random-number generator, which cannot be reproduced here.
* Only the ``InitOnlyInterp`` bargain model (KTAB's default). KTAB's other
  two models interpolate with the receiver's estimate ``get<1>(Vjij)`` of the
  probability, which is the expected utility gain rather than a probability;
  they are not offered rather than reproduced with that slip.
* Ideals always follow positions (no ideal-accommodation matrix).
* KTAB processes the bargains an actor received in thread order, which is not
  deterministic; here they come after the status quo and the actor's own
  bargain, by initiator index. Only exact ties between alternatives can tell
  the difference.
* When all positions win the risk election with the same probability, KTAB
  divides by zero; here every risk attitude is then zero (risk neutral).
* KTAB needs at least three actors; any number from one works here.

With these defaults, KTAB's whole deterministic reference runs
``examples/smp/doc/20170530_ref-dummyData_3Dim.txt`` (7 actors, 3 dimensions,
10 rounds) and ``20170530_ref-SOE-Pol-Comp.txt`` (13 actors, 2 dimensions,
27 rounds) are reproduced in the tests: every position and every winning
probability, as printed.

Positions closer than ``1e-3`` (on the rescaled issue) are one option in the
election that gives the winning probabilities, represented by the actor with
the lowest index, as in KTAB. Renumbering the actors permutes the path
exactly, but can change those probabilities slightly when two positions are
that close without being equal.

**Sources**

* B. Wise, *KTAB: the Kapsarc Toolkit for Behavioral Analysis*, KAPSARC
  discussion papers (2015-2017), and the KTAB source (MIT licence):
  ``examples/smp/libsrc/smp.cpp`` (``bsUtil``, ``bvDiff``, ``setAllAUtil``,
  ``interpBrgnSnPm``, ``interpBrgnS2PMax``, ``smpStopFn``),
  ``examples/smp/libsrc/smpbcn.cpp`` (``probEduChlg``, ``bestChallenge``,
  ``doBCN``, ``updateBestBrgnPositions``) and
  ``KTAB/kmodel/libsrc/kmodel.cpp`` (``vote``, ``coalitions``,
  ``bigRfromProb``, ``estNRA``, ``thirdPartyVoteSU``, ``vProbLittle``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..._errors import InvalidArgumentError
from ..._validation import check_positive_int
from ._actors import FloatArray, checked_names
from ._results import PathForecast
from .ktab import (
    PCE_MODELS,
    VICTORY_MODELS,
    VOTING_RULES,
    PCEModel,
    VictoryModel,
    VotingRule,
    _choice,
    _pce,
    _victory,
    _vote,
)

__all__ = [
    "BIG_R_ADJUSTS",
    "BIG_R_RANGES",
    "INTERPOLATIONS",
    "THIRD_PARTY_COMMITS",
    "SMPForecast",
    "smp_forecast",
]

IntArray = NDArray[np.int64]

BigRRange = Literal["min", "mid", "max"]
BigRAdjust = Literal["full", "two_thirds", "half", "one_third", "none"]
ThirdParty = Literal["full", "semi", "none"]
Interpolation = Literal["s1p1", "s2p2", "s2pmax"]

#: Ranges of inferred risk attitudes (KTAB's ``BigRRange``).
BIG_R_RANGES: tuple[str, ...] = ("min", "mid", "max")
#: How actor ``h`` estimates ``i``'s risk attitude (KTAB's ``BigRAdjust``).
BIG_R_ADJUSTS: tuple[str, ...] = ("full", "two_thirds", "half", "one_third", "none")
#: Third parties' commitment in a challenge (KTAB's ``ThirdPartyCommit``).
THIRD_PARTY_COMMITS: tuple[str, ...] = ("full", "semi", "none")
#: Bargain interpolation rules (KTAB's ``InterVecBrgn``).
INTERPOLATIONS: tuple[str, ...] = ("s1p1", "s2p2", "s2pmax")

_MIN_COALITION = 1e-8  # KTAB Model::coalitions: every coalition starts here
_MIN_CHALLENGE = 1e-10  # KTAB probEduChlg: principals' coalitions start here
_MIN_GAIN = 1e-5  # KTAB bestChallenge: smallest expected gain worth a challenge
_MIN_W = 1e-6  # KTAB interpolation: keeps 0/0 away
_MIN_SIG_DELTA = 1e-4  # KTAB smpStopFn


def _bs_util(d: FloatArray, r: FloatArray) -> FloatArray:
    """KTAB ``bsUtil``: utility of a normalised distance ``d`` with risk attitude ``r``."""
    out: FloatArray = np.where(d <= 1.0, (1.0 - d) * (1.0 + d * r), (1.0 - d) * (1.0 + r))
    return out


def _distances(ideals: FloatArray, points: FloatArray, sal: FloatArray) -> FloatArray:
    """``D[i, j]``: salience-weighted distance from ``i``'s ideal to ``points[j]``."""
    diff = ideals[:, None, :] - points[None, :, :]  # (i, j, d)
    num = ((sal[:, None, :] * diff) ** 2).sum(axis=-1)
    den = (sal**2).sum(axis=-1)[:, None]
    out: FloatArray = np.sqrt(num / den)
    return out


def _election(w: FloatArray, u: FloatArray, rule: str, victory: str, model: str) -> FloatArray:
    """KTAB ``scalarPCE``: voters ``w`` (n,), utilities ``u`` (n, m) -> option probabilities."""
    du = u[:, :, None] - u[:, None, :]
    v = _vote(w[:, None, None], du, rule)
    c = _MIN_COALITION + np.maximum(v, 0.0).sum(axis=0)
    pv = _victory(c, victory)
    return _pce(c, pv, model)


def _risk_attitudes(p: FloatArray, big_r_range: str) -> FloatArray:
    lo, hi = float(p.min()), float(p.max())
    if hi - lo <= 1e-12:
        return np.zeros_like(p)
    if big_r_range == "min":
        out: FloatArray = (p - lo) / (hi - lo)
    elif big_r_range == "mid":
        out = (3.0 * p - (hi + 2.0 * lo)) / (2.0 * (hi - lo))
    else:
        out = (2.0 * p - (hi + lo)) / (hi - lo)
    return out


_ADJUST = {"full": 0.0, "two_thirds": 1.0 / 3.0, "half": 0.5, "one_third": 2.0 / 3.0, "none": 1.0}


def _challenge_gains(
    a_util: FloatArray, w: FloatArray, s_tot: FloatArray, rule: str, third: str
) -> tuple[FloatArray, FloatArray]:
    """Each ``i``'s own estimate of challenging each ``j``: ``(P[i, j], gain[i, j])``.

    ``a_util[h, i, j]``: ``h``'s estimate of ``i``'s utility for ``j``'s position.
    """
    n = w.size
    idx = np.arange(n)
    u = a_util  # u[i] is i's perspective, (i, a, b)
    uii = u[idx, idx, idx][:, None]  # (i, 1)
    uij = u[idx, idx, :]  # (i, j)
    uji = u[idx, :, idx]  # (i, j): U^i_{j i}
    ujj = np.diagonal(u, axis1=1, axis2=2)  # (i, j): U^i_{j j}
    ci = _vote(w[:, None], uii - uij, rule)
    cj = _vote(w[None, :], uji - ujj, rule)
    chij = _MIN_CHALLENGE + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
    chji = _MIN_CHALLENGE + np.maximum(-ci, 0.0) + np.maximum(-cj, 0.0)
    # third parties t: (i, j, t)
    u_ti = u[idx, :, idx][:, None, :]  # U^i_{t i}: (i, 1, t)
    u_tj = np.ascontiguousarray(np.swapaxes(u, 1, 2))  # U^i_{t j} at [i, j, t]
    u_tt = np.diagonal(u, axis1=1, axis2=2)[:, None, :]  # U^i_{t t}: (i, 1, t)
    if third == "semi":
        wt = w[None, None, :]
        vt0 = _vote(wt, u_ti - u_tj, rule)
        cni = chij[:, :, None] + np.maximum(vt0, 0.0)
        cnj = chji[:, :, None] + np.maximum(-vt0, 0.0)
        pin = cni / (cni + cnj)
        # KTAB's thirdPartyVoteSU: pin (2U_ti + U_tt) + pjn 3U_tj - pin 3U_ti - pjn (2U_tj + U_tt)
        vt = _vote(wt, pin * (u_tt - u_ti) + (1.0 - pin) * (u_tj - u_tt), rule)
        third_party = (idx[None, None, :] != idx[:, None, None]) & (
            idx[None, None, :] != idx[None, :, None]
        )
        vt = np.where(third_party, vt, 0.0)
        chij = chij + np.maximum(vt, 0.0).sum(axis=-1)
        chji = chji + np.maximum(-vt, 0.0).sum(axis=-1)
    # "full" and "none": the two hypothetical contests have the same utilities,
    # so KTAB's third-party votes are exactly zero and only the principals count
    p = chij / (chij + chji)
    sj = s_tot[None, :]
    eu_vict = 2.0 * uii
    eu_contest = p * eu_vict + (1.0 - p) * 2.0 * uij
    gain = (1.0 - sj) * eu_vict + sj * eu_contest - (uii + uij)
    gain = np.where(np.eye(n, dtype=bool), -np.inf, gain)
    return p, gain


def _round4(x: FloatArray) -> FloatArray:
    out: FloatArray = np.floor(0.5 + x * 10000.0) / 10000.0
    return out


def _interpolate(
    xi: FloatArray, si: FloatArray, xj: FloatArray, sj: FloatArray, p: FloatArray, rule: str
) -> tuple[FloatArray, FloatArray]:
    """Bargain positions for initiators ``i`` and receivers ``j`` (rows), per dimension."""
    pi, pj = p[:, None], 1.0 - p[:, None]
    if rule == "s2pmax":
        di, dj = np.maximum(pj - pi, 0.0), np.maximum(pi - pj, 0.0)
        si2, sj2 = si**2, sj**2
        dik = di * sj2 / (di * sj2 + _MIN_W + (1.0 - di) * si2)
        djk = dj * si2 / (dj * si2 + _MIN_W + (1.0 - dj) * sj2)
        return xi + dik * (xj - xi), xj + djk * (xi - xj)
    k = 1 if rule == "s1p1" else 2
    wi, wj = si**k * pi**k, sj**k * pj**k
    tot = wi + _MIN_W + wj
    return _round4(((wi + _MIN_W) * xi + wj * xj) / tot), _round4(
        (wi * xi + (_MIN_W + wj) * xj) / tot
    )


_POS_TOL = 1e-3  # KTAB SMPModel::posTol: positions this close (rescaled) are one option


def _unique_classes(x: FloatArray) -> tuple[IntArray, IntArray]:
    """KTAB ``ueIndices``: a representative actor of each distinct position, each actor's class.

    Actors are scanned by index, as in KTAB: the first actor of a class
    represents it.
    """
    firsts: list[int] = []
    cls = np.empty(x.shape[0], dtype=np.int64)
    close = np.linalg.norm(x[:, None, :] - x[None, :, :], axis=-1) < _POS_TOL
    for i in range(x.shape[0]):
        hit = [k for k, j in enumerate(firsts) if close[i, j]]
        if hit:
            cls[i] = hit[0]
        else:
            cls[i] = len(firsts)
            firsts.append(int(i))
    return np.array(firsts, dtype=np.int64), cls


@dataclass(frozen=True, slots=True)
class _State:
    dist: FloatArray  # [i, j] distance from i's ideal to j's position
    risk: FloatArray  # (n,)
    a_util: FloatArray  # [h, i, j]
    probabilities: FloatArray  # (n,) each actor's position's winning probability
    expected: FloatArray  # (d,) probability-weighted position


def _state(x: FloatArray, cap: FloatArray, sal: FloatArray, opts: dict[str, str]) -> _State:
    """Utilities, risk attitudes and the election among positions ``x`` (n, d)."""
    rule, victory, model = opts["rule"], opts["victory"], opts["model"]
    dist = _distances(x, x, sal)  # ideals are the positions
    r = _risk_attitudes(_election(cap, 1.0 - dist, rule, victory, model), opts["big_r_range"])
    a = _ADJUST[opts["big_r_adjust"]]
    r_est = a * r[:, None] + (1.0 - a) * r[None, :]  # [h, i]
    a_util = _bs_util(dist[None, :, :], r_est[:, :, None])  # [h, i, j]
    firsts, cls = _unique_classes(x)
    own = _bs_util(dist, r[:, None])  # [i, j] = u^i_{ij}
    p_unique = _election(cap, own[:, firsts], rule, victory, model)
    return _State(dist, r, a_util, p_unique[cls], p_unique @ x[firsts])


@dataclass(frozen=True, slots=True)
class _Round:
    state: _State
    positions: FloatArray
    targets: IntArray


def _step(x: FloatArray, cap: FloatArray, sal: FloatArray, opts: dict[str, str]) -> _Round:
    """One round of the SMP from positions ``x`` (n, d) (rescaled to [0, 1])."""
    n = cap.size
    rule, victory, model = opts["rule"], opts["victory"], opts["model"]
    s_tot = sal.sum(axis=-1)
    st = _state(x, cap, sal, opts)
    a_util, r = st.a_util, st.risk
    win, gain = _challenge_gains(a_util, cap * s_tot, s_tot, rule, opts["third_party"])
    best = np.argmax(gain, axis=1)
    best_gain = gain[np.arange(n), best]
    targets: IntArray = np.where(best_gain > _MIN_GAIN, best, -1).astype(np.int64)
    init = np.flatnonzero(targets >= 0)
    rcvr = targets[init]
    p_win = win[init, rcvr]
    b_init, b_rcvr = _interpolate(
        x[init], sal[init], x[rcvr], sal[rcvr], p_win, opts["interpolation"]
    )
    new = x.copy()
    if init.size:
        # utility of every bargain to every voter: mean over the actors' resulting positions
        own = a_util[np.arange(n), np.arange(n), :]  # own[v, m] = u^v_{v m}
        base = own.sum(axis=1)  # status quo, times n
        u_bi = _bs_util(_distances(x, b_init, sal), r[:, None])  # (v, b)
        u_br = _bs_util(_distances(x, b_rcvr, sal), r[:, None])
        u_b = (base[:, None] - own[:, init] - own[:, rcvr] + u_bi + u_br) / n  # (v, b)
        u_sq = base / n
        for k in range(n):
            mine = np.flatnonzero((init == k) | (rcvr == k))
            if mine.size == 0:
                continue
            # status quo, then own bargain, then received ones by initiator index
            order = mine[np.argsort(init[mine] != k, kind="stable")]
            u = np.column_stack([u_sq, u_b[:, order]])
            p = _election(cap, u, rule, victory, model)
            choice = int(np.argmax(p))
            if choice == 0:
                continue
            b = order[choice - 1]
            new[k] = b_init[b] if init[b] == k else b_rcvr[b]
    return _Round(st, new, targets)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class SMPForecast(PathForecast):
    """The bargaining rounds of KTAB's Spatial Model of Politics.

    Attributes
    ----------
    names : tuple of str
        Actor names.
    path : ndarray, shape (n_rounds + 1, n) or (n_rounds + 1, n, d)
        Positions before round 1 (row 0) and after each round, on the
        caller's scale.
    probabilities : ndarray, shape (n_rounds + 1, n)
        Probability that each actor's position wins the Condorcet election
        among the distinct positions (actors within 0.1% of the scale share
        one), each voter using its own risk attitude, in each state (KTAB's
        "winning probabilities").
    expected : ndarray, shape (n_rounds + 1,) or (n_rounds + 1, d)
        The probability-weighted position of each state (over distinct
        positions).
    risk : ndarray, shape (n_rounds + 1, n)
        Inferred risk attitudes in each state.
    targets : ndarray of int, shape (n_rounds, n)
        Whom each actor challenged in each round (``-1``: no one).
    settlement : float or ndarray
        The forecast: the probability-weighted final position
        (``expected[-1]``).
    n_rounds : int
        Rounds run.
    converged : bool
        Whether KTAB's stopping rule fired before ``max_rounds``.
    parameters : dict
        The options used.
    """

    names: tuple[str, ...]
    path: FloatArray
    probabilities: FloatArray
    expected: FloatArray
    risk: FloatArray
    targets: IntArray
    settlement: float | FloatArray
    n_rounds: int
    converged: bool
    parameters: dict[str, Any]

    def challenges(self) -> list[tuple[int, str, str]]:
        """Every challenge as ``(round, challenger, target)``, rounds counted from 1."""
        return [
            (k + 1, self.names[i], self.names[j])
            for k, row in enumerate(self.targets)
            for i, j in enumerate(row)
            if j >= 0
        ]

    def __repr__(self) -> str:
        state = "converged" if self.converged else "not converged"
        if isinstance(self.settlement, float):
            where = f"{self.settlement:.6g}"
        else:
            where = "[" + ", ".join(f"{v:.4g}" for v in self.settlement) + "]"
        return (
            f"SMPForecast(settlement={where}, n_actors={len(self.names)}, "
            f"n_rounds={self.n_rounds}, {state})"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def _checked(
    func: str,
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    bounds: tuple[float, float] | None,
) -> tuple[FloatArray, FloatArray, FloatArray, float, float, bool]:
    def arr(value: ArrayLike, name: str) -> FloatArray:
        try:
            out = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"{func}(): {name} must be an array of numbers") from None
        if not np.isfinite(out).all():
            raise InvalidArgumentError(f"{func}(): {name} must be finite")
        return out

    x, c, s = (
        arr(positions, "positions"),
        arr(capabilities, "capabilities"),
        arr(saliences, "saliences"),
    )
    if x.ndim not in (1, 2) or x.shape[0] < 1:
        raise InvalidArgumentError(
            f"{func}(): positions must have shape (n,) or (n, d), got {x.shape}"
        )
    one_issue = x.ndim == 1
    x2 = x[:, None] if one_issue else x
    n, d = x2.shape
    if c.shape != (n,):
        raise InvalidArgumentError(f"{func}(): capabilities must have shape ({n},), got {c.shape}")
    if s.shape != x.shape:
        raise InvalidArgumentError(
            f"{func}(): saliences must have the shape of positions {x.shape}, got {s.shape}"
        )
    s2 = s.reshape(n, d)
    if (c <= 0).any():
        raise InvalidArgumentError(f"{func}(): capabilities must be > 0")
    if (s2 < 0).any() or (s2.sum(axis=1) <= 0).any() or (s2.sum(axis=1) > 1.0 + 1e-12).any():
        raise InvalidArgumentError(
            f"{func}(): saliences must be >= 0 with each actor's total in (0, 1]"
        )
    if bounds is None:
        lo, hi = float(x2.min()), float(x2.max())
        if hi <= lo:
            lo, hi = lo - 0.5, lo + 0.5
    else:
        try:
            lo, hi = (float(b) for b in bounds)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"{func}(): bounds must be a pair (lo, hi)") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise InvalidArgumentError(
                f"{func}(): bounds must be finite with lo < hi, got {bounds!r}"
            )
        if ((x2 < lo) | (x2 > hi)).any():
            raise InvalidArgumentError(
                f"{func}(): every position must lie within bounds {bounds!r}"
            )
    return (x2 - lo) / (hi - lo), c, s2, lo, hi, one_issue


def smp_forecast(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    names: Sequence[str] | None = None,
    bounds: tuple[float, float] | None = None,
    rule: VotingRule = "proportional",
    victory: VictoryModel = "linear",
    model: PCEModel = "conditional",
    big_r_range: BigRRange = "mid",
    big_r_adjust: BigRAdjust = "one_third",
    third_party: ThirdParty = "semi",
    interpolation: Interpolation = "s2p2",
    max_rounds: int = 100,
    min_rounds: int = 2,
    min_delta_ratio: float = 0.02,
) -> SMPForecast:
    """Run KTAB's Spatial Model of Politics (deterministic transitions) to its stop.

    See the module docstring for the mathematics and every difference from
    KTAB's code. The defaults are KTAB's.

    Parameters
    ----------
    positions : array_like, shape (n,) or (n, d)
        Positions on one issue (or ``d`` issue dimensions).
    capabilities : array_like, shape (n,)
        Capabilities (``> 0``).
    saliences : array_like, same shape as ``positions``
        Saliences (``>= 0``), each actor's total in ``(0, 1]``.
    names : sequence of str, optional
        Actor names (default ``actor0, actor1, ...``).
    bounds : (float, float), optional
        Ends of the issue scale (default: the extreme positions). KTAB's
        inputs are on ``(0, 100)``.
    rule, victory, model : str
        Voting rule, victory-probability model and Condorcet election model,
        as in :mod:`~mediation_sim.models.forecasting.ktab`.
    big_r_range : {"min", "mid", "max"}
        Range of inferred risk attitudes.
    big_r_adjust : {"full", "two_thirds", "half", "one_third", "none"}
        How much of ``i``'s own risk attitude ``h`` uses (the rest is ``h``'s).
    third_party : {"full", "semi", "none"}
        Third parties' commitment in challenges.
    interpolation : {"s1p1", "s2p2", "s2pmax"}
        How a bargain interpolates the two positions.
    max_rounds, min_rounds : int
        Bounds on the number of rounds.
    min_delta_ratio : float
        Stop when a round moves less than this fraction of the first round.

    Returns
    -------
    SMPForecast

    Raises
    ------
    InvalidArgumentError
        On bad input.

    Examples
    --------
    Three actors on a 0-100 line; the strong centrist draws the others in:

    >>> from mediation_sim.models.forecasting import smp_forecast
    >>> f = smp_forecast([10.0, 50.0, 90.0], [1.0, 3.0, 1.0], [0.5, 0.8, 0.5],
    ...                  bounds=(0.0, 100.0))
    >>> f
    SMPForecast(settlement=49.9991, n_actors=3, n_rounds=2, converged)
    >>> f.path.round(2)
    array([[10.  , 50.  , 90.  ],
           [50.  , 48.41, 50.  ],
           [49.82, 49.82, 50.  ]])
    >>> f.challenges()[:2]
    [(1, 'actor0', 'actor2'), (1, 'actor1', 'actor0')]
    """
    func = "smp_forecast"
    for name, value, allowed in (
        ("rule", rule, VOTING_RULES),
        ("victory", victory, VICTORY_MODELS),
        ("model", model, PCE_MODELS),
        ("big_r_range", big_r_range, BIG_R_RANGES),
        ("big_r_adjust", big_r_adjust, BIG_R_ADJUSTS),
        ("third_party", third_party, THIRD_PARTY_COMMITS),
        ("interpolation", interpolation, INTERPOLATIONS),
    ):
        _choice(func, name, value, allowed)
    n_max = check_positive_int(max_rounds, func=func, name="max_rounds")
    n_min = check_positive_int(min_rounds, func=func, name="min_rounds")
    try:
        ratio = float(min_delta_ratio)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}(): min_delta_ratio must be a number") from None
    if not (np.isfinite(ratio) and ratio >= 0):
        raise InvalidArgumentError(f"{func}(): min_delta_ratio must be >= 0")
    z, cap, sal, lo, hi, one_issue = _checked(func, positions, capabilities, saliences, bounds)
    labels = checked_names(names, cap.size, func=func)
    opts: dict[str, str] = {
        "rule": rule,
        "victory": victory,
        "model": model,
        "big_r_range": big_r_range,
        "big_r_adjust": big_r_adjust,
        "third_party": third_party,
        "interpolation": interpolation,
    }
    path, probs, risks, targets, expected = [z], [], [], [], []
    first = 0.0
    converged = False
    for it in range(1, n_max + 1):
        step = _step(path[-1], cap, sal, opts)
        probs.append(step.state.probabilities)
        expected.append(step.state.expected)
        risks.append(step.state.risk)
        targets.append(step.targets)
        moved = float(np.linalg.norm(step.positions - path[-1], axis=-1).sum())
        path.append(step.positions)
        if it == 1:
            first = moved
        if it >= n_min and moved / (first + _MIN_SIG_DELTA) < ratio:
            converged = True
            break
    last = _state(path[-1], cap, sal, opts)  # the final state's election and risk attitudes
    probs.append(last.probabilities)
    expected.append(last.expected)
    risks.append(last.risk)
    scaled = lo + (hi - lo) * np.array(path)
    out_path: FloatArray = scaled[..., 0] if one_issue else scaled
    p_arr = np.array(probs)
    exp = lo + (hi - lo) * np.array(expected)
    out_exp: FloatArray = exp[:, 0] if one_issue else exp
    settlement: float | FloatArray = float(out_exp[-1]) if one_issue else out_exp[-1]
    return SMPForecast(
        names=labels,
        path=out_path,
        probabilities=p_arr,
        expected=out_exp,
        risk=np.array(risks),
        targets=np.array(targets, dtype=np.int64).reshape(len(targets), cap.size),
        settlement=settlement,
        n_rounds=len(targets),
        converged=converged,
        parameters={
            **opts,
            "bounds": (lo, hi),
            "max_rounds": n_max,
            "min_rounds": n_min,
            "min_delta_ratio": ratio,
        },
    )
