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
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import linprog

from .._errors import InvalidArgumentError, SolverError
from .._validation import check_tol
from ..games.bayesian import BayesianGame
from ..solvers.communication import CommunicationResult, communication_equilibrium

__all__ = [
    "BiasedMediatorModel",
    "CredibilityBand",
    "HMSModel",
    "HMSSolution",
    "ShuttleDiplomacyModel",
    "ShuttleSolution",
]

FloatArray = NDArray[np.float64]
TYPES = ("strong", "weak")
_INSTITUTIONS = ("arbitration", "mediation", "disclosed")


def _check_open_unit(value: object, *, name: str, lo: float, hi: float, func: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise InvalidArgumentError(f"{func}(): {name} must be a number")
    out = float(value)
    if not (lo <= out <= hi) or not np.isfinite(out):
        raise InvalidArgumentError(f"{func}(): {name} must lie in [{lo}, {hi}], got {out!r}")
    return out


@dataclass(frozen=True, slots=True, repr=False)
class HMSSolution:
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

    def to_dict(self) -> dict[str, Any]:
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
class HMSModel:
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
        res = communication_equilibrium(game, peace, tol=tol)
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


# ---------------------------------------------------------------------- Kydd (2003)
@dataclass(frozen=True, slots=True, repr=False)
class CredibilityBand:
    """The biases at which a mediator's advice is credible (an interval, possibly empty).

    Attributes
    ----------
    lower, upper : float
        Ends of the band of ``bias`` (the mediator's weight on the advised
        side's payoff) in which truthful advice is an equilibrium; ``nan``
        when the band is empty.
    informative : bool
        Whether the advice would change the advised side's decision at all
        (its best action differs between the two states).
    value_of_advice : float
        The advised side's expected gain from truthful advice over acting
        on its prior.
    """

    lower: float
    upper: float
    informative: bool
    value_of_advice: float

    @property
    def empty(self) -> bool:
        """Whether no bias makes the advice credible."""
        return bool(np.isnan(self.lower))

    def contains(self, bias: float) -> bool:
        """Whether advice from a mediator with this ``bias`` is credible."""
        return (not self.empty) and self.lower - 1e-12 <= bias <= self.upper + 1e-12

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (``None`` for an empty band's ends)."""
        return {
            "lower": None if self.empty else self.lower,
            "upper": None if self.empty else self.upper,
            "informative": self.informative,
            "value_of_advice": self.value_of_advice,
        }

    def __repr__(self) -> str:
        if self.empty:
            return "CredibilityBand(empty)"
        return f"CredibilityBand([{self.lower:.6g}, {self.upper:.6g}])"


@dataclass(frozen=True, slots=True)
class BiasedMediatorModel:
    r"""A biased mediator's advice as cheap talk: when is it credible? (after Kydd 2003).

    Side ``A`` must choose to *concede* (a settlement giving it ``concession``
    of a unit pie) or to *stand firm*. Side ``B`` is *resolved* (probability
    ``prior_resolved``) or not; only the mediator knows which. Standing firm
    against a resolved ``B`` means war; against an irresolute ``B`` it wins
    ``victory`` (> ``concession``), except that the crisis escalates to war
    anyway with probability ``escalation``. War gives ``A`` the payoff
    :math:`w_A = p - c_A` and ``B`` :math:`w_B = 1 - p - c_B`.

    The mediator's payoff is :math:`\beta u_A + (1-\beta) u_B - k\,[\text{war}]`,
    with ``bias`` :math:`\beta` its weight on the advised side ``A`` and
    ``mediator_war_cost`` :math:`k \ge 0`. It tells ``A`` "resolved" or
    "irresolute"; truthful advice is an equilibrium iff the mediator prefers
    ``A``'s informed choice in each state:

    .. math::

        f_R(\beta) = \beta (x - w_A) + (1-\beta)(1 - x - w_B) + k \ge 0, \\
        f_I(\beta) = (1-e)[\beta y + (1-\beta)(1-y)] + e[\beta w_A + (1-\beta) w_B - k]
                     - [\beta x + (1-\beta)(1-x)] \ge 0,

    both linear in :math:`\beta`, so the credible biases form an interval
    (:meth:`credibility_band`). Kydd's result follows: an impartial
    mediator (:math:`\beta = 1/2`) who fears war (``escalation > 0``) is
    *not* credible, since :math:`f_I(1/2) = e\,[(w_A + w_B - 1)/2 - k] < 0`
    — it would always urge concession; only a mediator biased towards the
    side it advises can credibly tell it that the other side is resolved.

    Parameters
    ----------
    prior_resolved : float
        Probability that ``B`` is resolved, in ``(0, 1)``.
    concession, victory : float
        ``A``'s share when it concedes / when an irresolute ``B`` backs down.
    p, cost_a, cost_b : float
        ``A``'s chance of winning a war and each side's cost of war.
    escalation : float, default 0.0
        Probability that standing firm against an irresolute ``B`` still
        ends in war.
    mediator_war_cost : float, default 0.0
        The mediator's own cost of a war (``k``).

    References
    ----------
    .. [1] A. Kydd, "Which side are you on? Bias, credibility, and
       mediation", *American Journal of Political Science* 47(4) (2003)
       597-611 (effective mediators are biased towards the side they advise).
    .. [2] V. Crawford and J. Sobel, "Strategic information transmission",
       *Econometrica* 50 (1982) 1431-1451 (the cheap-talk logic).

    Examples
    --------
    >>> import mediation_sim as ms
    >>> m = ms.models.BiasedMediatorModel(prior_resolved=0.5, concession=0.4, victory=0.7,
    ...     p=0.5, cost_a=0.2, cost_b=0.2, escalation=0.2, mediator_war_cost=0.1)
    >>> band = m.credibility_band()
    >>> band.contains(0.5), band.contains(0.9)
    (False, True)
    >>> round(band.lower, 6)
    0.6
    """

    prior_resolved: float
    concession: float
    victory: float
    p: float
    cost_a: float
    cost_b: float
    escalation: float = 0.0
    mediator_war_cost: float = 0.0

    def __post_init__(self) -> None:
        func = "BiasedMediatorModel"
        for name in ("prior_resolved", "concession", "victory", "p", "escalation"):
            object.__setattr__(
                self,
                name,
                _check_open_unit(getattr(self, name), name=name, lo=0.0, hi=1.0, func=func),
            )
        for name in ("cost_a", "cost_b", "mediator_war_cost"):
            value = _check_open_unit(getattr(self, name), name=name, lo=0.0, hi=np.inf, func=func)
            object.__setattr__(self, name, value)
        if self.prior_resolved in (0.0, 1.0):
            raise InvalidArgumentError(f"{func}(): prior_resolved must lie strictly inside (0, 1)")
        if self.victory <= self.concession:
            raise InvalidArgumentError(f"{func}(): victory must exceed concession")

    @property
    def war_payoffs(self) -> tuple[float, float]:
        """``(w_A, w_B)``: each side's expected payoff from war."""
        return self.p - self.cost_a, 1.0 - self.p - self.cost_b

    def _firm_vs_irresolute(self) -> float:
        w_a, _ = self.war_payoffs
        return (1 - self.escalation) * self.victory + self.escalation * w_a

    def _coefficients(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """``(f_R(0), f_R(1)), (f_I(0), f_I(1))``: the two conditions at both ends of [0, 1]."""
        x, y, e, k = self.concession, self.victory, self.escalation, self.mediator_war_cost
        w_a, w_b = self.war_payoffs

        def f_r(b: float) -> float:
            return b * (x - w_a) + (1 - b) * (1 - x - w_b) + k

        def f_i(b: float) -> float:
            firm = (1 - e) * (b * y + (1 - b) * (1 - y)) + e * (b * w_a + (1 - b) * w_b - k)
            return firm - (b * x + (1 - b) * (1 - x))

        return (f_r(0.0), f_r(1.0)), (f_i(0.0), f_i(1.0))

    def credibility_band(self) -> CredibilityBand:
        """The interval of biases in which truthful advice is an equilibrium (closed form)."""
        w_a, _ = self.war_payoffs
        concede_if_resolved = self.concession >= w_a
        firm_if_irresolute = self._firm_vs_irresolute() >= self.concession
        informative = concede_if_resolved and firm_if_irresolute
        lo, hi = 0.0, 1.0
        for f0, f1 in self._coefficients():
            slope = f1 - f0
            if abs(slope) < 1e-15:
                if f0 < -1e-12:
                    lo, hi = 1.0, 0.0
                continue
            root = -f0 / slope
            if slope > 0:
                lo = max(lo, root)
            else:
                hi = min(hi, root)
        r = self.prior_resolved
        informed = r * max(self.concession, w_a) + (1 - r) * max(
            self._firm_vs_irresolute(), self.concession
        )
        uninformed = max(self.concession, r * w_a + (1 - r) * self._firm_vs_irresolute())
        if not informative or lo > hi + 1e-12:
            return CredibilityBand(float("nan"), float("nan"), informative, informed - uninformed)
        return CredibilityBand(float(lo), float(hi), informative, informed - uninformed)

    def truthful_is_equilibrium(self, bias: float) -> bool:
        """Direct check for one bias: the mediator prefers A's informed choice in both states."""
        b = _check_open_unit(bias, name="bias", lo=0.0, hi=1.0, func="truthful_is_equilibrium")
        x, k = self.concession, self.mediator_war_cost
        w_a, w_b = self.war_payoffs
        e, y = self.escalation, self.victory

        def mediator(share_a: float, war: float) -> float:
            peace = b * share_a + (1 - b) * (1 - share_a)
            fight = b * w_a + (1 - b) * w_b - k
            return (1 - war) * peace + war * fight

        concede = mediator(x, 0.0)
        resolved_ok = concede >= mediator(0.0, 1.0) - 1e-12
        irresolute_ok = mediator(y, e) >= concede - 1e-12
        band = self.credibility_band()
        return band.informative and resolved_ok and irresolute_ok


# ---------------------------------------------------------------------- Fey and Ramsay (2010)


@dataclass(frozen=True, slots=True, repr=False)
class ShuttleSolution:
    """The war-minimising outcome of one institution in :class:`ShuttleDiplomacyModel`.

    Attributes
    ----------
    institution : str
        ``"cheap_talk"``, ``"mediation"`` or ``"informed_mediation"``.
    war_probability : float
        Ex-ante probability of war.
    war_by_types : ndarray, shape (T1, T2)
        Probability of war given the disputants' types (averaged over the
        mediator's signal).
    share_by_types : ndarray, shape (T1, T2)
        Player 1's expected share of the pie through peace, by types.
    mechanism : ndarray, shape (T1, T2, Z, 1 + n_splits)
        Probability of each public outcome (index 0 war, then peace at each
        split) given the reported types and the mediator's signal.
    incentive_violation : float
        Largest interim gain, in payoff units, from lying and/or refusing,
        checked to be at most ``tol`` times the payoff range.
    """

    institution: str
    war_probability: float
    war_by_types: FloatArray
    share_by_types: FloatArray
    mechanism: FloatArray = field(repr=False)
    incentive_violation: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "institution": self.institution,
            "war_probability": self.war_probability,
            "war_by_types": self.war_by_types.tolist(),
            "share_by_types": self.share_by_types.tolist(),
            "mechanism": self.mechanism.tolist(),
            "incentive_violation": self.incentive_violation,
        }

    def __repr__(self) -> str:
        return f"ShuttleSolution({self.institution}, war probability {self.war_probability:.6g})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>"


def _as_float_array(value: object, *, name: str, ndim: int, func: str) -> FloatArray:
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}(): {name} must be a real array") from None
    if arr.ndim != ndim or 0 in arr.shape:
        raise InvalidArgumentError(f"{func}(): {name} must be a non-empty {ndim}-d array")
    if not np.isfinite(arr).all():
        raise InvalidArgumentError(f"{func}(): {name} must be finite")
    return arr


@dataclass(frozen=True, slots=True, eq=False, init=False)
class ShuttleDiplomacyModel:
    r"""Is shuttle diplomacy worth the commute? Talk, mediation and an informed mediator.

    After Fey and Ramsay (2010). Two disputants with finite private types
    ``t1, t2`` (common prior ``prior[t1, t2]``, correlated allowed) face a
    crisis over a unit pie. A **public proposal** is made — peace at a
    split :math:`\sigma` (player 1's share, from the finite grid
    ``splits``) or war — and each disputant accepts or fights; war if either
    fights, giving player :math:`i` the expected payoff
    ``war_payoffs[i, t1, t2]`` (a war lottery net of costs). The question
    is how the proposal may depend on the disputants' private information.
    Each institution is a linear programme over mechanisms
    :math:`\mu(o \mid r, z)` (public outcome :math:`o` given reports
    :math:`r` and a signal :math:`z`) that minimises the ex-ante war
    probability subject to honesty and to each type's willingness to accept
    every peace proposal it receives, given what it then knows:

    * ``cheap_talk`` — unmediated talk: both disputants announce their types
      publicly, then a jointly controlled public lottery (which two players
      can run without a third party) draws the proposal; a type accepts
      knowing the other's report *and* the proposal;
    * ``mediation`` — an uninformed go-between: reports go to the mediator
      in confidence and only the proposal is public (the mediator commits
      to its mechanism, as in Hörner, Morelli and Squintani 2015);
    * ``informed_mediation`` — the same mediator also observes a signal
      :math:`z` correlated with the types (``signal[t1, t2, z]`` is
      :math:`P(z \mid t1, t2)`).

    Each rung relaxes the one before: a mechanism feasible with less
    confidentiality or information stays feasible with more, so
    ``cheap_talk >= mediation >= informed_mediation`` in war
    probability (property-tested).

    **Private values** (``war_payoffs[0]`` depends on ``t1`` only and
    ``war_payoffs[1]`` on ``t2`` only — private information about one's own
    costs or resolve): whether a type accepts a proposal does not depend on
    what it believes about the other, so learning the other's report
    changes neither obedience nor the best reply of a liar; the ``cheap
    talk`` and ``mediation`` programmes have the same constraints and
    **the same value** (exactly, for every prior). The best war
    probability of *any* unmediated talk protocol lies between the two
    values (its players learn at least the proposal, and truthful
    announcement is one protocol), so an uninformed go-between cannot
    improve on unmediated talk. With **interdependent values** (one side's strength
    enters the other's war payoff) confidentiality can have value (the
    HMS case, where a strong side accepts terms it would refuse if it
    knew the other were weak), and a mediator with **independent
    information** can lower the probability of war even under private
    values, because its signal checks the reports (both tested).

    What is reproduced and what is formalised here. From Fey and Ramsay
    (2010), through their published abstract: a go-between who only gathers
    and relays the disputants' information, with no source of its own,
    cannot reach outcomes unmediated pre-play communication cannot reach,
    whatever its preferences, and mediation should matter only where the
    mediator has independent information. Their general theorem concerns a
    mediator who *cannot commit*; this class formalises the comparison
    differently, in the library's own terms (public proposals, finite
    types, a split grid, talk as public announcement plus a jointly
    controlled lottery, a mediator who commits): the private-values equality
    and the value of independent information are theorems of this
    formalisation, and the interdependent-values gap is the boundary with
    HMS. The closed forms (:meth:`closed_form_war_probability`,
    :meth:`full_information_war_probability`) are derived here, not taken
    from the paper, which has none for this game.

    Parameters
    ----------
    war_payoffs : array_like, shape (2, T1, T2)
        ``war_payoffs[i, t1, t2]``: player ``i``'s expected payoff from war.
    prior : array_like, shape (T1, T2)
        Common prior over type profiles (non-negative, summing to 1, every
        type with positive probability).
    splits : int or array_like, default 10
        An integer ``n`` gives the grid ``0, 1/n, ..., 1``; or give player 1's
        possible shares in ``[0, 1]``.
    signal : array_like, shape (T1, T2, Z), optional
        The mediator's own information, ``P(z | t1, t2)``; needed for
        :meth:`informed_mediation`.

    Raises
    ------
    InvalidArgumentError
        If an array has the wrong shape or is not a distribution.

    References
    ----------
    .. [1] M. Fey and K. W. Ramsay, "When is shuttle diplomacy worth the
       commute? Information sharing through mediation", *World Politics*
       62(4) (2010) 529-560.
    .. [2] R. J. Aumann, M. Maschler and R. E. Stearns, "Repeated games of
       incomplete information: an approach to the non-zero-sum case" (1968),
       in *Repeated Games with Incomplete Information*, MIT Press (1995)
       (jointly controlled lotteries).

    Examples
    --------
    Uncertainty about costs (private values). A *hawk* gains from fighting
    (cost -0.1), a *dove* pays 0.3; war is an even lottery; proposals are
    quarters of the pie. Two hawks must fight. Talk does exactly as well as
    an uninformed go-between (the closed form gives both), and a mediator
    who sees the types leaves only the unavoidable war:

    >>> import mediation_sim as ms
    >>> m = ms.models.ShuttleDiplomacyModel.costs(
    ...     p=0.5, costs1=[-0.1, 0.3], costs2=[-0.1, 0.3], prior1=[0.5, 0.5],
    ...     prior2=[0.5, 0.5], signal_accuracy=1.0, splits=4)
    >>> m.private_values
    True
    >>> {k: round(v, 6) for k, v in m.compare().items()}
    {'cheap_talk': 0.45, 'mediation': 0.45, 'informed_mediation': 0.25}
    >>> round(m.closed_form_war_probability(), 6), m.full_information_war_probability()
    (0.45, 0.25)

    With uncertainty about strength (the HMS setting) confidentiality has
    value, and the mediator matches Hörner, Morelli and Squintani's optimum:

    >>> h = ms.models.ShuttleDiplomacyModel.power(q=0.5, p=0.8, theta=0.8, splits=20)
    >>> round(h.mediation().war_probability, 6)
    0.142857
    >>> h.cheap_talk().war_probability > h.mediation().war_probability
    True
    """

    war_payoffs: FloatArray
    prior: FloatArray
    splits: FloatArray
    signal: FloatArray | None = None

    def __init__(
        self,
        war_payoffs: object,
        prior: object,
        splits: int | object = 10,
        signal: object | None = None,
    ) -> None:
        func = "ShuttleDiplomacyModel"
        w = _as_float_array(war_payoffs, name="war_payoffs", ndim=3, func=func)
        pr = _as_float_array(prior, name="prior", ndim=2, func=func)
        if w.shape[0] != 2 or w.shape[1:] != pr.shape:
            raise InvalidArgumentError(
                f"{func}(): war_payoffs must have shape (2, T1, T2) = (2, {pr.shape[0]}, "
                f"{pr.shape[1]}) to match the prior, got {w.shape}"
            )
        if pr.min() < 0 or abs(float(pr.sum()) - 1.0) > 1e-9:
            raise InvalidArgumentError(f"{func}(): prior must be non-negative and sum to 1")
        if pr.sum(axis=1).min() <= 0 or pr.sum(axis=0).min() <= 0:
            raise InvalidArgumentError(f"{func}(): every type needs positive prior probability")
        if isinstance(splits, bool):
            raise InvalidArgumentError(f"{func}(): splits must be an int or an array of shares")
        if isinstance(splits, int | np.integer):
            if not 1 <= int(splits) <= 200:
                raise InvalidArgumentError(f"{func}(): splits must be an int in [1, 200]")
            grid = np.linspace(0.0, 1.0, int(splits) + 1)
        else:
            grid = _as_float_array(splits, name="splits", ndim=1, func=func)
            if grid.min() < 0 or grid.max() > 1:
                raise InvalidArgumentError(f"{func}(): splits must lie in [0, 1]")
            grid = np.unique(grid)
        sig = None
        if signal is not None:
            sig = _as_float_array(signal, name="signal", ndim=3, func=func)
            if sig.shape[:2] != pr.shape:
                raise InvalidArgumentError(
                    f"{func}(): signal must have shape (T1, T2, Z) with (T1, T2) = {pr.shape}, "
                    f"got {sig.shape}"
                )
            if sig.min() < 0 or np.abs(sig.sum(axis=2) - 1.0).max() > 1e-9:
                raise InvalidArgumentError(
                    f"{func}(): signal[t1, t2, :] must be a probability vector for every types"
                )
            sig.flags.writeable = False
        for arr in (w, pr, grid):
            arr.flags.writeable = False
        object.__setattr__(self, "war_payoffs", w)
        object.__setattr__(self, "prior", pr)
        object.__setattr__(self, "splits", grid)
        object.__setattr__(self, "signal", sig)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def costs(
        cls,
        *,
        p: float,
        costs1: object,
        costs2: object,
        prior1: object,
        prior2: object,
        signal_accuracy: float | None = None,
        splits: int | object = 10,
    ) -> ShuttleDiplomacyModel:
        r"""Private values: each side privately knows its own cost of war.

        Player 1 wins a war with the common-knowledge probability ``p``;
        type ``k`` of player ``i`` pays ``costs_i[k]``, so
        :math:`w_1 = p - c_1(t_1)`, :math:`w_2 = 1 - p - c_2(t_2)`. Types are
        independent. With ``signal_accuracy`` :math:`a`, the mediator
        observes each side's type correctly with probability :math:`a` and
        otherwise a uniformly drawn other type (independently per side).
        """
        func = "ShuttleDiplomacyModel.costs"
        pw = _check_open_unit(p, name="p", lo=0.0, hi=1.0, func=func)
        c1 = _as_float_array(costs1, name="costs1", ndim=1, func=func)
        c2 = _as_float_array(costs2, name="costs2", ndim=1, func=func)
        q1 = _as_float_array(prior1, name="prior1", ndim=1, func=func)
        q2 = _as_float_array(prior2, name="prior2", ndim=1, func=func)
        if c1.shape != q1.shape or c2.shape != q2.shape:
            raise InvalidArgumentError(f"{func}(): each side needs one cost per prior entry")
        w = np.empty((2, c1.size, c2.size))
        w[0] = (pw - c1)[:, None]
        w[1] = (1.0 - pw - c2)[None, :]
        signal = None
        if signal_accuracy is not None:
            acc = _check_open_unit(
                signal_accuracy, name="signal_accuracy", lo=0.0, hi=1.0, func=func
            )
            signal = _product_signal(_noisy_channel(c1.size, acc), _noisy_channel(c2.size, acc))
        return cls(w, np.outer(q1, q2), splits, signal)

    @classmethod
    def power(
        cls,
        *,
        q: float,
        p: float,
        theta: float,
        signal_accuracy: float | None = None,
        splits: int | object = 10,
    ) -> ShuttleDiplomacyModel:
        """Interdependent values: the HMS setting (private strength; see :class:`HMSModel`).

        Types strong/weak with prior ``q``; war leaves ``theta`` of the pie; a
        strong side beats a weak one with probability ``p``. Each side's war
        payoff depends on *both* types. ``signal_accuracy`` as in :meth:`costs`.
        """
        hms = HMSModel(q=q, p=p, theta=theta)
        w = np.empty((2, 2, 2))
        w[0] = hms.war_values
        w[1] = hms.war_values.T
        signal = None
        if signal_accuracy is not None:
            acc = _check_open_unit(
                signal_accuracy,
                name="signal_accuracy",
                lo=0.0,
                hi=1.0,
                func="ShuttleDiplomacyModel.power",
            )
            signal = _product_signal(_noisy_channel(2, acc), _noisy_channel(2, acc))
        return cls(w, np.outer(hms.prior, hms.prior), splits, signal)

    # ------------------------------------------------------------------ properties
    @property
    def private_values(self) -> bool:
        """Whether each side's war payoff depends on its own type only."""
        w = self.war_payoffs
        return bool(
            np.allclose(w[0], w[0][:, :1], atol=1e-12)
            and np.allclose(w[1], w[1][:1, :], atol=1e-12)
        )

    def full_information_war_probability(self) -> float:
        r"""War probability when the types are common knowledge (closed form).

        Peace at a type profile needs a grid split :math:`\sigma` with
        :math:`\sigma \ge w_1(t)` and :math:`1 - \sigma \ge w_2(t)`; the
        answer is the prior probability of the profiles with no such split.
        With private values no mechanism does better, and a mediator whose
        signal reveals the types reaches it (:meth:`informed_mediation`
        with a perfect signal). With interdependent values a mediator can
        do *better*, by not passing on what it knows: a side unsure of its
        own war prospects may accept terms it would refuse if informed.
        """
        w, s = self.war_payoffs, self.splits
        tol = 1e-9  # the LPs' feasibility tolerance
        ok = (s[None, None, :] >= w[0][..., None] - tol) & (
            1.0 - s[None, None, :] >= w[1][..., None] - tol
        )
        return float(self.prior[~ok.any(axis=2)].sum())

    def closed_form_war_probability(self) -> float | None:
        r"""War probability of talk and of uninformed mediation in the symmetric two-type case.

        Applies when values are private, both sides have the same two types
        (war payoffs :math:`w_H > w_L`, prior probability :math:`q` of
        :math:`H`), the split grid is symmetric, two :math:`H` types cannot
        make peace, and the other profiles can. Let :math:`s` be the
        smallest grid share with :math:`s \ge w_H` and :math:`1 - s \ge w_L`
        (what an :math:`H` facing an :math:`L` is offered). An :math:`L` who
        claims to be :math:`H` gains :math:`s - w_L` against an :math:`L`;
        truth gains it the surplus :math:`1 - s - w_L` against an :math:`H`
        and :math:`1/2 - w_L` against an :math:`L`. Peace between
        :math:`H` and :math:`L` with probability :math:`y` keeps :math:`L`
        honest iff

        .. math::

            y\,[(1-q)(s - w_L) - q(1 - s - w_L)] \le (1-q)(1/2 - w_L),

        and the war probability is :math:`q^2 + 2q(1-q)(1 - y^*)` at the
        largest such :math:`y^* \le 1` (derived here; equal to the LP in
        the tests). Returns ``None`` outside this case.
        """
        w, pr, grid = self.war_payoffs, self.prior, self.splits
        if not self.private_values or pr.shape != (2, 2):
            return None
        w1, w2 = w[0][:, 0], w[1][0, :]
        q1, q2 = pr.sum(axis=1), pr.sum(axis=0)
        symmetric = (
            np.allclose(w1, w2) and np.allclose(q1, q2) and np.allclose(pr, np.outer(q1, q2))
        )
        if not symmetric or not np.allclose(np.sort(1.0 - grid), grid) or w1[0] == w1[1]:
            return None
        h = int(np.argmax(w1))
        l_ = 1 - h
        w_h, w_l, q = float(w1[h]), float(w1[l_]), float(q1[h])
        tol = 1e-9
        hh = (grid >= w_h - tol) & (1.0 - grid >= w_h - tol)
        hl = grid[(grid >= w_h - tol) & (1.0 - grid >= w_l - tol)]
        ll = (grid >= w_l - tol) & (1.0 - grid >= w_l - tol)
        if hh.any() or hl.size == 0 or not ll.any():
            return None
        s = float(hl.min())
        denom = (1.0 - q) * (s - w_l) - q * (1.0 - s - w_l)
        y = 1.0 if denom <= 0 else min(1.0, (1.0 - q) * (0.5 - w_l) / denom)
        return q * q + 2.0 * q * (1.0 - q) * (1.0 - y)

    # ------------------------------------------------------------------ LPs
    def cheap_talk(self, *, tol: float = 1e-7) -> ShuttleSolution:
        """Unmediated talk: public announcements, then a jointly controlled lottery.

        ``tol`` (here and in the other institutions) bounds the verified
        incentive violation, relative to the payoff range.
        """
        return self._solve("cheap_talk", tol)

    def mediation(self, *, tol: float = 1e-7) -> ShuttleSolution:
        """An uninformed go-between: confidential reports, public proposals."""
        return self._solve("mediation", tol)

    def informed_mediation(self, *, tol: float = 1e-7) -> ShuttleSolution:
        """A go-between who also observes its own signal of the types.

        Raises
        ------
        InvalidArgumentError
            If the model has no ``signal``.
        """
        if self.signal is None:
            raise InvalidArgumentError(
                "ShuttleDiplomacyModel.informed_mediation(): the model has no signal; pass "
                "signal=... (or signal_accuracy=... to costs()/power())"
            )
        return self._solve("informed_mediation", tol)

    def compare(self, *, tol: float = 1e-7) -> dict[str, float]:
        """Ex-ante war probability under each institution (informed only with a signal)."""
        out = {
            "cheap_talk": self.cheap_talk(tol=tol).war_probability,
            "mediation": self.mediation(tol=tol).war_probability,
        }
        if self.signal is not None:
            out["informed_mediation"] = self.informed_mediation(tol=tol).war_probability
        return out

    def value_of_mediation(self) -> float:
        """War probability under cheap talk minus under uninformed mediation (>= 0)."""
        return max(self.cheap_talk().war_probability - self.mediation().war_probability, 0.0)

    def _joint(self, institution: str) -> FloatArray:
        """``P[t1, t2, z]``: the prior with the signal axis (size 1 without a signal)."""
        if institution == "informed_mediation" and self.signal is not None:
            return np.asarray(self.prior[:, :, None] * self.signal, dtype=np.float64)
        return np.asarray(self.prior[:, :, None], dtype=np.float64)

    def _oriented(
        self, i: int, joint: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray, tuple[int, ...]]:
        """``(P[t, u, z], W[t, u], shares, axes)`` from player ``i``'s point of view."""
        if i == 0:
            return joint, self.war_payoffs[0], self.splits, (0, 1, 2, 3)
        return (
            joint.transpose(1, 0, 2),
            self.war_payoffs[1].T,
            1.0 - self.splits,
            (1, 0, 2, 3),
        )

    def _solve(self, institution: str, tol: float) -> ShuttleSolution:
        tol = check_tol(tol, func=f"ShuttleDiplomacyModel.{institution}")
        w_all = self.war_payoffs
        payoff_range = max(float(w_all.max()), 1.0) - min(float(w_all.min()), 0.0)
        joint = self._joint(institution)
        t1, t2, nz = joint.shape
        k = 1 + self.splits.size
        n_mu = t1 * t2 * nz * k
        idx = np.arange(n_mu).reshape(t1, t2, nz, k)
        talk = institution == "cheap_talk"
        a_ub, n_aux = self._honesty_rows(joint, idx, talk=talk)
        n_var = n_mu + n_aux
        a_eq = sp.csr_array(
            (np.ones(n_mu), (np.repeat(np.arange(t1 * t2 * nz), k), np.arange(n_mu))),
            shape=(t1 * t2 * nz, n_var),
        )
        c = np.zeros(n_var)
        c[idx[..., 0].ravel()] = joint.ravel()
        bounds = [(0.0, 1.0)] * n_mu + [(None, None)] * n_aux
        lp = linprog(  # type: ignore[call-overload]  # sparse matrices
            c,
            A_ub=a_ub,
            b_ub=np.zeros(a_ub.shape[0]),
            A_eq=a_eq,
            b_eq=np.ones(a_eq.shape[0]),
            bounds=bounds,
            method="highs",
        )
        if lp.status != 0 or lp.x is None:
            raise SolverError(f"ShuttleDiplomacyModel: HiGHS did not solve the LP ({lp.message})")
        mu = np.clip(np.asarray(lp.x[:n_mu], dtype=np.float64), 0.0, None).reshape(t1, t2, nz, k)
        mu /= mu.sum(axis=3, keepdims=True)
        violation = self._violation(mu, joint, talk=talk)
        if violation > tol * payoff_range:
            raise SolverError(
                f"ShuttleDiplomacyModel: the LP's mechanism violates honesty or obedience by "
                f"{violation:.3g}"
            )
        cond = joint / self.prior[:, :, None]
        war = (cond * mu[..., 0]).sum(axis=2)
        share = (cond[..., None] * mu[..., 1:] * self.splits).sum(axis=(2, 3))
        mu.flags.writeable = False
        return ShuttleSolution(
            institution=institution,
            war_probability=float((joint * mu[..., 0]).sum()),
            war_by_types=war,
            share_by_types=share,
            mechanism=mu,
            incentive_violation=violation,
        )

    def _honesty_rows(
        self, joint: FloatArray, idx: NDArray[np.intp], *, talk: bool
    ) -> tuple[sp.csr_array, int]:
        """Sparse rows ``A x <= 0`` of honesty and obedience over (mechanism, auxiliaries).

        For player ``i``, true type ``t``, report ``s``, observed group ``g``
        (the other's report under talk, else everything) and peace proposal
        ``o``, an auxiliary ``y[t, s, g, o]`` bounds both the value of
        accepting and of fighting; and for each ``(t, s)`` the sum of the
        ``y`` plus the value of proposed wars is at most the truthful value.
        Built with array operations (no loop over profiles).
        """
        n_mu = idx.size
        k = idx.shape[3]
        rows: list[NDArray[np.intp]] = []
        cols: list[NDArray[np.intp]] = []
        vals: list[FloatArray] = []
        n_rows = 0
        n_aux = 0
        for i in range(2):
            pr, w, share, axes = self._oriented(i, joint)
            mi = idx.transpose(axes)  # (reported own type s, u, z, o)
            n_own, n_oth, nz = pr.shape
            n_g = n_oth if talk else 1
            group = np.arange(n_oth) if talk else np.zeros(n_oth, dtype=np.intp)
            shape = (n_own, n_own, n_oth, nz, k - 1)  # (t, s, u, z, o>=1)
            t_, s_, u_, z_, o_ = np.indices(shape)
            y = (
                n_mu
                + n_aux
                + np.arange(n_own * n_own * n_g * (k - 1)).reshape(n_own, n_own, n_g, k - 1)
            )
            n_aux += y.size
            y_of = y[t_, s_, group[u_], o_]
            weight = pr[t_, u_, z_]
            mu_col = mi[s_, u_, z_, o_ + 1]
            # accept rows (one per y) then fight rows (one per y), then one row per (t, s)
            acc_row = n_rows + (y_of - y.flat[0])
            fight_row = acc_row + y.size
            for row, value in (
                (acc_row, weight * share[o_]),
                (fight_row, weight * w[t_, u_]),
            ):
                rows.append(row.ravel())
                cols.append(mu_col.ravel())
                vals.append(value.ravel())
            y_rows = n_rows + np.arange(y.size)
            rows.extend([y_rows, y_rows + y.size])
            cols.extend([y.ravel(), y.ravel()])
            vals.extend([-np.ones(y.size), -np.ones(y.size)])
            ts_row = n_rows + 2 * y.size + np.arange(n_own * n_own).reshape(n_own, n_own)
            # + sum of y
            rows.append(np.broadcast_to(ts_row[:, :, None, None], y.shape).ravel())
            cols.append(y.ravel())
            vals.append(np.ones(y.size))
            # + value of a proposed war after reporting s
            t2_, s2_, u2_, z2_ = np.indices((n_own, n_own, n_oth, nz))
            rows.append(ts_row[t2_, s2_].ravel())
            cols.append(mi[s2_, u2_, z2_, 0].ravel())
            vals.append((pr[t2_, u2_, z2_] * w[t2_, u2_]).ravel())
            # - truthful value (war and peace terms)
            outcome_value = np.concatenate(
                [w[:, :, None], np.broadcast_to(share, (n_own, n_oth, k - 1))], axis=2
            )  # (t, u, o)
            t3_, s3_, u3_, z3_, o3_ = np.indices((n_own, n_own, n_oth, nz, k))
            rows.append(ts_row[t3_, s3_].ravel())
            cols.append(mi[t3_, u3_, z3_, o3_].ravel())
            vals.append(-(pr[t3_, u3_, z3_] * outcome_value[t3_, u3_, o3_]).ravel())
            n_rows += 2 * y.size + n_own * n_own
        data = np.concatenate(vals)
        keep = data != 0
        matrix = sp.coo_array(
            (data[keep], (np.concatenate(rows)[keep], np.concatenate(cols)[keep])),
            shape=(n_rows, n_mu + n_aux),
        ).tocsr()
        return matrix, n_aux

    def _violation(self, mu: FloatArray, joint: FloatArray, *, talk: bool) -> float:
        """Largest interim gain from lying and/or refusing a proposal (vectorised check)."""
        worst = 0.0
        for i in range(2):
            pr, w, share, axes = self._oriented(i, joint)
            m = mu.transpose(axes)  # (s, u, z, o)
            # acc[t, s, u, o], fig[t, s, u, o]: summed over z
            acc = np.einsum("tuz,suzo,o->tsuo", pr, m[..., 1:], share)
            fig = np.einsum("tuz,suzo,tu->tsuo", pr, m, w)
            war_term = fig[..., 0].sum(axis=2)
            acc_o, fig_o = acc, fig[..., 1:]
            if not talk:
                acc_o, fig_o = acc_o.sum(axis=2), fig_o.sum(axis=2)
                dev = np.maximum(acc_o, fig_o).sum(axis=2) + war_term
            else:
                dev = np.maximum(acc_o, fig_o).sum(axis=(2, 3)) + war_term
            truth = acc.sum(axis=(2, 3)).diagonal() + war_term.diagonal()
            marginal = pr.sum(axis=(1, 2))
            gain = (dev - truth[:, None]) / marginal[:, None]
            worst = max(worst, float(gain.max()))
        return max(worst, 0.0)

    def bayesian_game(self, *, informed: bool = False) -> BayesianGame:
        r"""The proposal game as a :class:`BayesianGame`, for :func:`communication_equilibrium`.

        Disputants ``"side1"``, ``"side2"`` choose ``"fight"`` or ``"accept
        <split>"``; a payoff-less ``"proposer"`` (whose type is the
        mediator's signal when ``informed``) chooses a split. Peace at
        :math:`\sigma` when both accept the split the proposer makes; war
        otherwise. A public-proposal mechanism of :meth:`mediation` is a
        communication equilibrium of this game, so the communication LP's
        war probability is never higher.
        """
        joint = self._joint("informed_mediation" if informed else "mediation")
        t1, t2, nz = joint.shape
        n = self.splits.size
        u = np.zeros((3, t1, t2, nz, n + 1, n + 1, n))
        w = self.war_payoffs
        u[0] = w[0][:, :, None, None, None, None]
        u[1] = w[1][:, :, None, None, None, None]
        for j in range(n):
            u[0, :, :, :, 1 + j, 1 + j, j] = self.splits[j]
            u[1, :, :, :, 1 + j, 1 + j, j] = 1.0 - self.splits[j]
        labels = [f"{s:g}" for s in self.splits]
        names = ["fight", *(f"accept {x}" for x in labels)]
        return BayesianGame(
            u,
            joint,
            players=["side1", "side2", "proposer"],
            types=[
                [f"type{k}" for k in range(t1)],
                [f"type{k}" for k in range(t2)],
                [f"signal{k}" for k in range(nz)],
            ],
            actions=[names, names, [f"propose {x}" for x in labels]],
        )


def _noisy_channel(n: int, accuracy: float) -> FloatArray:
    """``C[t, z]``: the true type with probability ``accuracy``, else uniform over the others."""
    if n == 1:
        return np.ones((1, 1))
    off = (1.0 - accuracy) / (n - 1)
    return np.full((n, n), off) + np.eye(n) * (accuracy - off)


def _product_signal(c1: FloatArray, c2: FloatArray) -> FloatArray:
    """``P(z | t1, t2)`` for the pair of independent readings ``z = (z1, z2)``, flattened."""
    sig = np.einsum("ax,by->abxy", c1, c2)
    return np.asarray(sig.reshape(c1.shape[0], c2.shape[0], -1), dtype=np.float64)
