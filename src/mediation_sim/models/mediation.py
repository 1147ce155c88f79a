r"""Mediation under incomplete information: Hörner–Morelli–Squintani, Kydd, Fey–Ramsay.

:class:`ShuttleDiplomacyModel` (Fey and Ramsay 2010: does an uninformed
go-between improve on talk?) is documented on the class.

**Hörner, Morelli and Squintani (2015)** — :class:`HMSModel`. Two players
share a pie of size one. Each is privately *strong* (``H``, probability
``q``) or *weak* (``L``), independently. War shrinks the pie to
:math:`\theta < 1`; a strong player beats a weak one with probability
:math:`p \ge 1/2`, equal types win with probability 1/2. Type :math:`t`'s
expected war payoff against type :math:`k` is therefore

.. math::

    w(H, H) = w(L, L) = \theta / 2, \qquad w(H, L) = p\theta, \qquad w(L, H) = (1 - p)\theta.

Three institutions are compared, each as a linear programme over direct
mechanisms (the revelation principle) that minimises the ex-ante
probability of war:

* **arbitration** (enforceable awards): report types; the arbitrator draws
  war with probability :math:`\pi(r)` or gives expected shares; interim
  participation (each type prefers the mechanism to war under the prior)
  and honesty;
* **mediation** (unenforceable recommendations): the communication
  equilibrium of the finite Bayesian game in which each player accepts or
  fights after a private recommendation
  (:func:`~mediation_sim.solvers.communication_equilibrium`); a neutral
  third "split" agent with no payoff receives the recommended split, so a
  recommendation may randomise over the split;
* **disclosed reports** (no confidentiality): like arbitration, but both
  (truthful) reports become public before the players accept, so each type
  must prefer the award to war against every *revealed* opponent type, and
  may lie and then fight. This is talk that reveals the types, the case
  HMS contrast with mediation; talk that reveals nothing leaves the
  no-communication outcome, which can be better (a strong player who learns
  that the opponent is weak rejects the equal split).

Results of the paper reproduced by tests: its central theorem — a mediator
who can only make unenforceable recommendations is as effective as an
arbitrator who can enforce them (the war probability of the best
communication equilibrium equals the arbitration optimum, across
parameters) — and the role of confidentiality: talk that discloses the
reports does worse. Derived here in the same model (and tested): without
communication peace is possible if and only if the strong type accepts an
equal split, :math:`\tfrac12 \ge \theta\,[q/2 + (1-q)p]`, i.e.
:math:`\theta \le \bar\theta = 1 / (q + 2(1-q)p)`; above
:math:`\bar\theta` war has positive probability under every institution.

Closed form (derived here from the binding constraints in the paper's
setting; checked against the LP in the tests): when
:math:`\theta > \bar\theta`, if the arbitrator goes to war only between two
strong players, the strong type's participation and the weak type's
honesty bind, and

.. math::

    \pi_{HH} = \frac{\theta\,[q/2 + (1-q)p] - 1/2}
        {q\,[(1-q)(1/2 - (1-p)\theta) - (1-\theta)/2]}, \qquad
    P(\text{war}) = q^2 \pi_{HH},

valid while :math:`0 \le \pi_{HH} \le 1` (beyond, war between a strong and
a weak player is needed too, and the LP answers).

**Sources**

* J. Hörner, M. Morelli and F. Squintani, "Mediation and peace", *Review of
  Economic Studies* 82(4) (2015) 1483-1501.
* R. B. Myerson, "Optimal coordination mechanisms in generalized
  principal-agent problems", *Journal of Mathematical Economics* 10 (1982)
  67-81.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linprog

from .._errors import InvalidArgumentError, SolverError
from .._namespace import rehome
from .._results import Result
from ..games.bayesian import BayesianGame
from ..solvers import CommunicationResult, communication_equilibrium
from ._kydd import BiasedMediatorModel, CredibilityBand
from ._mediation_common import FloatArray, _check_open_unit
from ._shuttle import ShuttleDiplomacyModel, ShuttleSolution

__all__ = [
    "BiasedMediatorModel",
    "CredibilityBand",
    "HMSModel",
    "HMSSolution",
    "ShuttleDiplomacyModel",
    "ShuttleSolution",
]

TYPES = ("strong", "weak")
_INSTITUTIONS = ("arbitration", "mediation", "disclosed")


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class HMSSolution(Result):
    """The war-minimising mechanism of one institution in the HMS model.

    Attributes
    ----------
    institution : str
        ``"arbitration"``, ``"mediation"`` or ``"disclosed"``.
    war_probability : float
        Ex-ante probability of war.
    war_by_types : ndarray, shape (2, 2)
        ``[t1, t2]``: probability of war when the types are ``(t1, t2)``
        (index 0 strong, 1 weak).
    shares : ndarray, shape (2, 2)
        Player 1's expected share of the pie through peace, by types
        (player 2's is ``1 - war - share``).
    interim_payoffs : ndarray, shape (2, 2)
        ``[player, type]``: expected payoff of each type, war included.
    communication : CommunicationResult or None
        For mediation: the verified communication equilibrium behind it.
    """

    institution: str
    war_probability: float
    war_by_types: FloatArray
    shares: FloatArray
    interim_payoffs: FloatArray
    communication: CommunicationResult | None = field(default=None, repr=False)

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        pairs = list(itertools.product(range(2), repeat=2))
        return {
            "institution": self.institution,
            "war_probability": self.war_probability,
            "war_by_types": {
                f"{TYPES[a]}/{TYPES[b]}": float(self.war_by_types[a, b]) for a, b in pairs
            },
            "shares": {f"{TYPES[a]}/{TYPES[b]}": float(self.shares[a, b]) for a, b in pairs},
            "interim_payoffs": {
                f"player{i + 1}": dict(zip(TYPES, self.interim_payoffs[i].tolist(), strict=True))
                for i in range(2)
            },
        }

    def __repr__(self) -> str:
        return f"HMSSolution({self.institution}, war probability {self.war_probability:.6g})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>"


@dataclass(frozen=True, slots=True)
class HMSModel:  # numpydoc ignore=PR02
    r"""Hörner, Morelli and Squintani's (2015) two-type model of mediation and peace.

    Parameters
    ----------
    q : float
        Prior probability that a player is strong, in ``(0, 1)``.
    p : float
        Probability that a strong player beats a weak one, in ``[1/2, 1]``.
    theta : float
        Size of the pie left after a war, in ``(0, 1)`` (``1 - theta`` is the
        war's destruction).

    Raises
    ------
    InvalidArgumentError
        If a parameter is outside its range.

    Examples
    --------
    With ``q = 1/2, p = 0.8, theta = 0.8`` peace needs communication
    (``theta`` is above :math:`\bar\theta = 1/1.3`), and the mediator's
    optimum equals the arbitrator's, which the closed form gives:

    >>> import mediation_sim as ms
    >>> m = ms.models.HMSModel(q=0.5, p=0.8, theta=0.8)
    >>> m.peace_without_communication
    False
    >>> round(m.closed_form_war_probability(), 6)
    0.142857
    >>> round(m.arbitration().war_probability, 6), round(m.mediation().war_probability, 6)
    (0.142857, 0.142857)
    >>> m.disclosed().war_probability > m.mediation().war_probability
    True
    """

    q: float
    p: float
    theta: float

    def __post_init__(self) -> None:
        func = "HMSModel"
        q = _check_open_unit(self.q, name="q", lo=0.0, hi=1.0, func=func)
        p = _check_open_unit(self.p, name="p", lo=0.5, hi=1.0, func=func)
        theta = _check_open_unit(self.theta, name="theta", lo=0.0, hi=1.0, func=func)
        if q in (0.0, 1.0) or theta in (0.0, 1.0):
            raise InvalidArgumentError(f"{func}(): q and theta must lie strictly inside (0, 1)")
        object.__setattr__(self, "q", q)
        object.__setattr__(self, "p", p)
        object.__setattr__(self, "theta", theta)

    # ------------------------------------------------------------------ closed forms
    @property
    def prior(self) -> FloatArray:
        """``[q, 1 - q]``: probability of strong and weak."""
        return np.array([self.q, 1.0 - self.q])

    @property
    def war_values(self) -> FloatArray:
        """``w[t, k]``: type ``t``'s expected war payoff against type ``k`` (0 strong, 1 weak)."""
        th, p = self.theta, self.p
        return np.array([[th / 2, p * th], [(1 - p) * th, th / 2]])

    @property
    def theta_bar(self) -> float:
        r""":math:`\bar\theta = 1/(q + 2(1-q)p)`: the largest ``theta`` with peace without talk."""
        return 1.0 / (self.q + 2.0 * (1.0 - self.q) * self.p)

    @property
    def peace_without_communication(self) -> bool:
        """Whether an equal split is accepted by both types (``theta <= theta_bar``)."""
        return self.theta <= self.theta_bar + 1e-12

    def closed_form_war_probability(self) -> float | None:
        """Ex-ante war probability of optimal arbitration where the closed form holds, else None.

        ``0.0`` when ``theta <= theta_bar``; ``q**2 * pi_HH`` (module
        docstring) when ``0 <= pi_HH <= 1``; ``None`` otherwise.
        """
        if self.peace_without_communication:
            return 0.0
        q, p, th = self.q, self.p, self.theta
        num = th * (q / 2 + (1 - q) * p) - 0.5
        den = q * ((1 - q) * (0.5 - (1 - p) * th) - (1 - th) / 2)
        if den <= 0:
            return None
        pi_hh = num / den
        if not 0.0 <= pi_hh <= 1.0:
            return None
        return q * q * pi_hh

    # ------------------------------------------------------------------ LPs
    def _mechanism_lp(self, *, disclosed: bool) -> HMSSolution:
        """Arbitration (``disclosed=False``) or disclosed reports, as one LP."""
        prior, w = self.prior, self.war_values
        # variables: pi[j,k] (0..3), x[j,k] (4..7), y[j,k] (8..11), aux z (disclosed only)
        n_base = 12

        def pi_(j: int, k: int) -> int:
            return 2 * j + k

        def x_(j: int, k: int) -> int:
            return 4 + 2 * j + k

        def y_(j: int, k: int) -> int:
            return 8 + 2 * j + k

        n_aux = 16 if disclosed else 0
        n_var = n_base + n_aux
        rows: list[FloatArray] = []
        rhs: list[float] = []

        def own(player: int, s: int, k: int) -> tuple[int, int]:
            """(share index, war index) for player's report s against opponent report k."""
            if player == 0:
                return x_(s, k), pi_(s, k)
            return y_(k, s), pi_(k, s)

        for player in range(2):
            for t in range(2):
                truth = np.zeros(n_var)
                for k in range(2):
                    sh, wr = own(player, t, k)
                    truth[sh] += prior[k]
                    truth[wr] += prior[k] * w[t, k]
                # participation: interim (arbitration) or after disclosure (disclosed)
                if disclosed:
                    for k in range(2):
                        row = np.zeros(n_var)
                        sh, wr = own(player, t, k)
                        row[sh] -= 1.0
                        row[wr] -= w[t, k]
                        rows.append(row)
                        rhs.append(-w[t, k])
                else:
                    rows.append(-truth)
                    rhs.append(-float(prior @ w[t]))
                for s in range(2):
                    if not disclosed and s == t:
                        continue
                    dev = np.zeros(n_var)
                    for k in range(2):
                        sh, wr = own(player, s, k)
                        if disclosed:
                            z = n_base + ((player * 2 + t) * 2 + s) * 2 + k
                            dev[z] += prior[k]
                            # z >= award and z >= war value
                            r1 = np.zeros(n_var)
                            r1[sh] += 1.0
                            r1[wr] += w[t, k]
                            r1[z] -= 1.0
                            rows.append(r1)
                            rhs.append(0.0)
                            r2 = np.zeros(n_var)
                            r2[z] -= 1.0
                            rows.append(r2)
                            rhs.append(-w[t, k])
                        else:
                            dev[sh] += prior[k]
                            dev[wr] += prior[k] * w[t, k]
                    if disclosed and s == t:
                        continue  # obeying after the truth is covered by participation
                    rows.append(dev - truth)
                    rhs.append(0.0)
        a_eq = np.zeros((4, n_var))
        for j, k in itertools.product(range(2), repeat=2):
            a_eq[2 * j + k, [pi_(j, k), x_(j, k), y_(j, k)]] = 1.0
        c = np.zeros(n_var)
        for j, k in itertools.product(range(2), repeat=2):
            c[pi_(j, k)] = prior[j] * prior[k]
        bounds = [(0.0, 1.0)] * n_base + [(None, None)] * n_aux
        lp = linprog(
            c,
            A_ub=np.array(rows),
            b_ub=np.array(rhs),
            A_eq=a_eq,
            b_eq=np.ones(4),
            bounds=bounds,
            method="highs",
        )
        if lp.status != 0 or lp.x is None:
            raise SolverError(f"HMSModel: HiGHS did not solve the LP ({lp.message})")
        v = np.asarray(lp.x, dtype=np.float64)
        war = np.clip(v[0:4], 0.0, 1.0).reshape(2, 2)
        x = np.clip(v[4:8], 0.0, 1.0).reshape(2, 2)
        y = np.clip(v[8:12], 0.0, 1.0).reshape(2, 2)
        interim = np.array(
            [
                [(prior * (x[t] + war[t] * w[t])).sum() for t in range(2)],
                [(prior * (y[:, t] + war[:, t] * w[t])).sum() for t in range(2)],
            ]
        )
        self._verify_mechanism(war, x, y, disclosed=disclosed)
        return HMSSolution(
            institution="disclosed" if disclosed else "arbitration",
            war_probability=float(prior @ war @ prior),
            war_by_types=war,
            shares=x,
            interim_payoffs=interim,
        )

    def _verify_mechanism(
        self, war: FloatArray, x: FloatArray, y: FloatArray, *, disclosed: bool
    ) -> None:
        """Check participation and honesty directly (absolute tolerance 1e-7)."""
        prior, w = self.prior, self.war_values
        worst = 0.0
        for player in range(2):
            share = x if player == 0 else y.T
            risk = war if player == 0 else war.T
            for t in range(2):
                truth = float((prior * (share[t] + risk[t] * w[t])).sum())
                if disclosed:
                    worst = max(worst, float((w[t] - share[t] - risk[t] * w[t]).max()))
                else:
                    worst = max(worst, float(prior @ w[t]) - truth)
                for s in range(2):
                    award = share[s] + risk[s] * w[t]
                    value = np.maximum(award, w[t]) if disclosed else award
                    worst = max(worst, float((prior * value).sum()) - truth)
        if worst > 1e-7:
            raise SolverError(f"HMSModel: the LP's mechanism violates a constraint by {worst:.3g}")

    def arbitration(self) -> HMSSolution:
        """Optimal arbitration: the war-minimising mechanism with enforceable awards."""
        return self._mechanism_lp(disclosed=False)

    def disclosed(self) -> HMSSolution:
        """Optimal mechanism when both reports are disclosed before the players accept."""
        return self._mechanism_lp(disclosed=True)

    def bayesian_game(self) -> BayesianGame:
        """The accept-or-fight game a mediator faces, as a :class:`BayesianGame`.

        Players ``"player1"`` and ``"player2"`` (types strong/weak, actions
        accept/fight) and ``"split"``, a payoff-less agent whose action is
        player 1's share (0 or 1; mixtures give any expected split). Peace
        when both accept; otherwise war.
        """
        w = self.war_values
        splits = np.array([0.0, 1.0])
        u = np.zeros((3, 2, 2, 1, 2, 2, 2))
        both = np.zeros((2, 2), dtype=bool)
        both[0, 0] = True
        for t1, t2 in itertools.product(range(2), repeat=2):
            u[0, t1, t2, 0] = np.where(both[:, :, None], splits, w[t1, t2])
            u[1, t1, t2, 0] = np.where(both[:, :, None], 1.0 - splits, w[t2, t1])
        return BayesianGame.independent(
            u,
            [self.prior, self.prior, [1.0]],
            players=["player1", "player2", "split"],
            types=[TYPES, TYPES, ["neutral"]],
            actions=[["accept", "fight"], ["accept", "fight"], ["all_to_2", "all_to_1"]],
        )

    def mediation(self, *, tol: float = 1e-8) -> HMSSolution:
        """Optimal mediation: the communication equilibrium that maximises peace."""
        game = self.bayesian_game()
        peace = np.zeros((2, 2, 2), dtype=bool)
        peace[0, 0, :] = True
        res = communication_equilibrium(game, objective=peace, tol=tol)
        mech = res.mechanism[:, :, 0]  # (t1, t2, a1, a2, split)
        war = 1.0 - mech[:, :, 0, 0, :].sum(axis=-1)
        x = mech[:, :, 0, 0, 1]
        y = mech[:, :, 0, 0, 0]
        prior, w = self.prior, self.war_values
        interim = np.array(
            [
                [(prior * (x[t] + war[t] * w[t])).sum() for t in range(2)],
                [(prior * (y[:, t] + war[:, t] * w[t])).sum() for t in range(2)],
            ]
        )
        return HMSSolution(
            institution="mediation",
            war_probability=float(prior @ war @ prior),
            war_by_types=war,
            shares=x,
            interim_payoffs=interim,
            communication=res,
        )

    def compare(self) -> dict[str, float]:
        """Ex-ante war probability under each institution, by name."""
        return {
            "disclosed": self.disclosed().war_probability,
            "mediation": self.mediation().war_probability,
            "arbitration": self.arbitration().war_probability,
        }


# Re-exported classes print, pickle and document under this module's path (see _namespace).
rehome(globals(), __all__, __name__, siblings=True)
