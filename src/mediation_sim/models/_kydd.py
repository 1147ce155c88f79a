"""Kydd (2003): when a biased mediator's advice is credible (see :mod:`.mediation`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._errors import InvalidArgumentError
from .._results import Result
from ._mediation_common import _check_open_unit


# ---------------------------------------------------------------------- Kydd (2003)
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class CredibilityBand(Result):
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

    def _summary(self) -> dict[str, Any]:
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
