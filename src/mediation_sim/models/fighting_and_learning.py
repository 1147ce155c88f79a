r"""Bargaining while fighting, with battles as information (after Powell 2004).

Side A does not know whether side B is **strong** or **weak** (prior
probability ``prior_strong`` of strong). Each period A makes B a
take-it-or-leave-it offer of a share of a unit flow (worth
:math:`x/(1-\delta)` to B once accepted, for ever). If B rejects, they
fight for a period: each pays its cost (``cost_a``, ``cost_b`` per period),
and B's side collapses — A wins everything — with probability ``q_strong``
or ``q_weak`` (a weak B collapses more often), and A's side collapses —
B wins everything — with probability ``win_strong`` or ``win_weak``. If the war is still on after
``horizon`` periods it ends in an imposed split giving B the share
``final_share``.

**Battles as information.** Every period that B survives is evidence that
it is strong: after :math:`k` periods of fighting A's belief is

.. math:: \mu_k = \frac{\mu_0 g_s^k}{\mu_0 g_s^k + (1 - \mu_0) g_w^k}, \qquad
          g_\theta = 1 - q_\theta - w_\theta ,

so the reachable beliefs form a grid indexed by the number of battles fought,
and the game is solved exactly by backward induction over (period, battles).

**Offers.** In each period A chooses the best of three moves:

* **pool**: offer the strong type's reservation value (its value of
  rejecting and being treated as strong thereafter); both types accept;
* **screen**: offer the weak type's reservation value; the weak type
  accepts, the strong type rejects, reveals itself, and the war goes on
  against a known strong B;
* **fight**: offer nothing either type accepts; A's belief moves up if B
  survives the period.

Off the path a rejection of an acceptable offer is read as strength (the
type that gains more from fighting on). Ties go to pooling, then screening.
With ``prior_strong`` at 0 or 1 (no private information) A pools at once and
there is no war (Fearon 1995); with private information, war, screening and
terms that improve for B the longer it survives (Powell 2004).

**Pressure.** ``pressure`` raises B's cost: ``cost_b + leverage * pressure``.

**Coupled to the random-walk war.** :meth:`FightingAndLearning.from_random_walk`
takes the per-period hazards from two :class:`~mediation_sim.models.RandomWalkWar`
fronts, one against a strong B and one against a weak B: a front on which A
wins the war with probability :math:`P` after :math:`D` battles on average
becomes the per-period hazards :math:`q = bP/D` (B collapses) and
:math:`w = b(1 - P)/D` (A collapses), with ``b`` battles per period. These
are the only constant hazards under which the geometric war of this model
has the random walk's victory probability :math:`q/(q + w) = P` and expected
length :math:`1/(q + w) = D/b` periods. Third-party pressure on the battle
odds (the walk's ``step_shift``) then reaches the bargaining through both
hazards.

**Sources**

* R. Powell, "Bargaining and learning while fighting", *American Journal of
  Political Science* 48(2) (2004), pp. 344-361.
* D. Filson and S. Werner, "A bargaining model of war and peace", *American
  Journal of Political Science* 46(4) (2002), pp. 819-837.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._errors import InvalidArgumentError
from .._results import Result
from ._common import FloatArray, as_array
from .battlefield import RandomWalkWar

__all__ = ["FightingAndLearning", "LearningPath"]

_MOVES = ("pool", "screen", "fight")


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class LearningPath(Result):
    """Equilibrium play of :class:`FightingAndLearning` along the path of play.

    Attributes
    ----------
    move : tuple of str
        A's moves on the path while B's type is unrevealed (``"pool"``,
        ``"screen"`` or ``"fight"``); the tuple ends at a pooling or
        screening offer (after a rejected screening offer, play continues
        against a known strong B).
    belief : ndarray, shape (horizon + 1,)
        A's belief that B is strong at the start of each period on the
        unrevealed path (NaN after it ends).
    settlement_by_period : ndarray, shape (horizon,)
        Probability that an offer is accepted in each period.
    collapse_by_period : ndarray, shape (horizon,)
        Probability that B collapses in each period's fighting.
    b_wins_by_period : ndarray, shape (horizon,)
        Probability that A's side collapses (B wins) in each period's fighting.
    offers : ndarray, shape (horizon,)
        The share A offers on the unrevealed path (NaN when A fights).
    imposed : float
        Probability that the horizon is reached (the imposed split).
    values : ndarray, shape (3,)
        A's value and the strong and weak types' values at the start.
    """

    move: tuple[str, ...]
    belief: FloatArray
    settlement_by_period: FloatArray
    collapse_by_period: FloatArray
    b_wins_by_period: FloatArray
    offers: FloatArray
    imposed: float
    values: FloatArray

    @property
    def war_probability(self) -> float:
        """Probability that at least one period is fought."""
        return float(1.0 - self.settlement_by_period[0])

    def _summary(self) -> dict[str, Any]:
        """Plain lists and numbers."""
        return {
            "move": list(self.move),
            "belief": self.belief.tolist(),
            "settlement_by_period": self.settlement_by_period.tolist(),
            "collapse_by_period": self.collapse_by_period.tolist(),
            "b_wins_by_period": self.b_wins_by_period.tolist(),
            "offers": self.offers.tolist(),
            "imposed": self.imposed,
            "values": self.values.tolist(),
        }

    def __repr__(self) -> str:
        moves = "/".join(self.move[:6]) + ("..." if len(self.move) > 6 else "")
        return f"LearningPath(moves={moves}, war_probability={self.war_probability:.3g})"


@dataclass(frozen=True, slots=True, repr=False)
class FightingAndLearning:  # numpydoc ignore=PR02
    """Two-type bargaining while fighting with battlefield learning (scalar parameters).

    Parameters
    ----------
    prior_strong : float
        A's prior that B is strong, in [0, 1].
    q_strong, q_weak : float
        Per-period probability that B collapses when strong / weak
        (``0 <= q_strong <= q_weak < 1``).
    cost_a, cost_b : float
        Per-period costs of fighting (shares of the unit flow, >= 0).
    delta : float, default 0.9
        Discount factor in [0, 1).
    horizon : int, default 20
        Periods before the imposed split.
    final_share : float, default 0.5
        B's share in the imposed split.
    leverage : float, default 0
        Rise in B's cost per unit of pressure.
    win_strong, win_weak : float, default 0
        Per-period probability that A's side collapses against a strong /
        weak B.

    Examples
    --------
    >>> from mediation_sim.models import FightingAndLearning
    >>> m = FightingAndLearning(prior_strong=0.2, q_strong=0.02, q_weak=0.4,
    ...                         win_strong=0.2, win_weak=0.0, cost_a=0.01,
    ...                         cost_b=0.01, horizon=15, leverage=0.3)
    >>> m.path().move        # fight while B's survival raises A's belief, then screen
    ('fight', 'fight', 'fight', 'fight', 'screen')
    >>> m.path().belief[:5].round(3)
    array([0.2  , 0.245, 0.297, 0.355, 0.417])
    >>> m.path(pressure=1.0).move   # pressure on B: screen at once
    ('screen',)
    >>> FightingAndLearning(prior_strong=1.0, q_strong=0.02, q_weak=0.4, win_strong=0.2,
    ...                     cost_a=0.01, cost_b=0.01).path().war_probability
    0.0
    """

    prior_strong: float
    q_strong: float
    q_weak: float
    cost_a: float
    cost_b: float
    delta: float = 0.9
    horizon: int = 20
    final_share: float = 0.5
    leverage: float = 0.0
    win_strong: float = 0.0
    win_weak: float = 0.0

    def __post_init__(self) -> None:
        func = "FightingAndLearning"
        for name in ("prior_strong", "final_share"):
            if as_array(getattr(self, name), func=func, name=name, lo=0.0, hi=1.0).ndim:
                raise InvalidArgumentError(f"{func}(): {name} must be a number")
        for name in ("q_strong", "q_weak", "delta", "win_strong", "win_weak"):
            if as_array(
                getattr(self, name), func=func, name=name, lo=0.0, hi=1.0, hi_open=True
            ).ndim:
                raise InvalidArgumentError(f"{func}(): {name} must be a number")
        for name in ("cost_a", "cost_b", "leverage"):
            if as_array(getattr(self, name), func=func, name=name, lo=0.0).ndim:
                raise InvalidArgumentError(f"{func}(): {name} must be a number")
        if self.q_strong > self.q_weak:
            raise InvalidArgumentError(
                f"{func}(): a strong B collapses no more often than a weak one "
                f"(q_strong <= q_weak), got {self.q_strong} > {self.q_weak}"
            )
        if self.win_strong < self.win_weak:
            raise InvalidArgumentError(
                f"{func}(): a strong B defeats A at least as often as a weak one "
                f"(win_strong >= win_weak), got {self.win_strong} < {self.win_weak}"
            )
        if self.q_strong + self.win_strong >= 1 or self.q_weak + self.win_weak >= 1:
            raise InvalidArgumentError(
                f"{func}(): a period of fighting must be able to end undecided "
                "(q_strong + win_strong < 1 and q_weak + win_weak < 1)"
            )
        horizon: object = self.horizon
        if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 1:
            raise InvalidArgumentError(
                f"{func}(): horizon must be an integer >= 1, got {horizon!r}"
            )

    @classmethod
    def from_random_walk(
        cls,
        strong: RandomWalkWar,
        weak: RandomWalkWar,
        *,
        prior_strong: float,
        battles_per_period: float = 1.0,
        pressure: float = 0.0,
        **kwargs: Any,
    ) -> FightingAndLearning:
        """The model whose fighting is the random-walk war against each type of B.

        Parameters
        ----------
        strong, weak : RandomWalkWar
            The front against a strong and against a weak B (scalar
            parameters, ``0 < start < n``); A's war-victory probability must
            be no higher against the strong type.
        prior_strong : float
            A's prior that B is strong.
        battles_per_period : float, default 1
            Battles fought per bargaining period (> 0).
        pressure : float, default 0
            Third-party pressure on the battle odds, through each war's
            ``step_shift``.
        **kwargs
            Other parameters of the model (``delta``, ``horizon``,
            ``final_share``, ``leverage``). ``cost_a`` and ``cost_b`` default
            to the strong front's cost per battle times ``battles_per_period``.

        Returns
        -------
        FightingAndLearning
            With ``q_theta = b P_theta / D_theta`` and
            ``win_theta = b (1 - P_theta) / D_theta``.

        Raises
        ------
        InvalidArgumentError
            If a war is not a RandomWalkWar with scalar parameters, has
            already ended, is more favourable to A against the strong type, or
            lasts too few battles for ``battles_per_period`` (a period must be
            able to end undecided: ``D > b``).

        Examples
        --------
        >>> from mediation_sim.models import FightingAndLearning, RandomWalkWar
        >>> strong = RandomWalkWar(q=0.45, start=3, n=6, cost_per_battle_a=0.005,
        ...                        cost_per_battle_b=0.005, step_shift=0.1)
        >>> weak = RandomWalkWar(q=0.6, start=3, n=6, step_shift=0.1)
        >>> m = FightingAndLearning.from_random_walk(strong, weak, prior_strong=0.2,
        ...                                          horizon=12)
        >>> round(m.q_strong / (m.q_strong + m.win_strong), 6)  # A's victory probability
        0.353883
        >>> round(float(strong.victory_probability()), 6)
        0.353883
        >>> m.path().move, float(m.path().offers[0].round(4))   # screen the weak type
        (('screen',), 0.2927)

        Pressure that tilts the battles towards A shrinks the offer:

        >>> m1 = FightingAndLearning.from_random_walk(strong, weak, prior_strong=0.2,
        ...                                           horizon=12, pressure=1.0)
        >>> float(m1.path().offers[0].round(4))
        0.1644
        """
        func = "FightingAndLearning.from_random_walk"
        b = float(as_array(battles_per_period, func=func, name="battles_per_period", lo=0.0))
        if b <= 0:
            raise InvalidArgumentError(f"{func}(): battles_per_period must be > 0, got {b}")
        hazards: dict[str, tuple[float, float, RandomWalkWar]] = {}
        for name, war in (("strong", strong), ("weak", weak)):
            if not isinstance(war, RandomWalkWar):
                raise InvalidArgumentError(
                    f"{func}(): {name} must be a RandomWalkWar, got {type(war).__name__}"
                )
            p = np.asarray(war.victory_probability(pressure), dtype=float)
            d = np.asarray(war.expected_duration(pressure), dtype=float)
            if p.ndim or d.ndim:
                raise InvalidArgumentError(f"{func}(): {name} must have scalar parameters")
            if not d > b:
                raise InvalidArgumentError(
                    f"{func}(): the war against a {name} B lasts {float(d):g} battles on "
                    f"average; it must last more than battles_per_period={b:g} "
                    "(and must not have ended: 0 < start < n)"
                )
            hazards[name] = (b * float(p) / float(d), b * (1.0 - float(p)) / float(d), war)
        q_s, w_s, _ = hazards["strong"]
        q_w, w_w, _ = hazards["weak"]
        p_s = q_s / (q_s + w_s)
        p_w = q_w / (q_w + w_w)
        if p_s > p_w + 1e-12:
            raise InvalidArgumentError(
                f"{func}(): A must do no better against the strong B (victory "
                f"probability {p_s:.4g}) than against the weak B ({p_w:.4g})"
            )
        # (relative slack: equal walks one rounding apart give hazards one ulp apart)
        slack = 1e-12 * max(q_s, q_w, w_s, w_w)
        if q_s > q_w + slack or w_s < w_w - slack:
            raise InvalidArgumentError(
                f"{func}(): per period, a strong B must collapse no more often "
                f"({q_s:.4g} vs {q_w:.4g}) and defeat A at least as often "
                f"({w_s:.4g} vs {w_w:.4g}) as a weak B; the fronts' lengths differ "
                "too much for the two-type model"
            )
        q_s, w_s = min(q_s, q_w), max(w_s, w_w)  # within the slack: the same walk
        kwargs.setdefault("cost_a", float(strong.cost_per_battle_a) * b)
        kwargs.setdefault("cost_b", float(strong.cost_per_battle_b) * b)
        return cls(
            prior_strong=prior_strong,
            q_strong=q_s,
            q_weak=q_w,
            win_strong=w_s,
            win_weak=w_w,
            **kwargs,
        )

    def beliefs(self) -> FloatArray:
        """A's belief that B is strong after ``k = 0..horizon`` periods of fighting."""
        k = np.arange(int(self.horizon) + 1)
        mu = float(self.prior_strong)
        go_s = 1 - float(self.q_strong) - float(self.win_strong)
        go_w = 1 - float(self.q_weak) - float(self.win_weak)
        s = mu * go_s**k
        w = (1 - mu) * go_w**k
        total = s + w
        return np.where(total > 0, s / np.where(total > 0, total, 1.0), mu)

    def _solve(self, pressure: float) -> dict[str, Any]:
        T = int(self.horizon)
        d = float(self.delta)
        cap = 1.0 / (1.0 - d)
        ca = float(self.cost_a)
        cb = float(self.cost_b) + float(self.leverage) * float(
            as_array(pressure, func="FightingAndLearning", name="pressure", lo=0.0)
        )
        qs, qw = float(self.q_strong), float(self.q_weak)
        rs, rw = float(self.win_strong), float(self.win_weak)
        z = float(self.final_share)
        if float(self.prior_strong) == 0.0:
            # no strong type at all: the "known" subgame is the known-weak one
            qs, rs = qw, rw
        # known-strong subgame: A's value, strong's and weak's values, A's move
        ua_s = np.empty(T + 1)
        vs_s = np.empty(T + 1)
        vw_s = np.empty(T + 1)
        ua_s[T], vs_s[T], vw_s[T] = (1 - z) * cap, z * cap, z * cap
        rej_s = np.empty(T)
        rej_w = np.empty(T)
        pool_s = np.zeros(T, dtype=bool)
        for t in range(T - 1, -1, -1):
            rej_s[t] = -cb + d * (rs * cap + (1 - qs - rs) * vs_s[t + 1])
            rej_w[t] = -cb + d * (rw * cap + (1 - qw - rw) * vw_s[t + 1])
            offer = min(max(rej_s[t], 0.0), cap)
            pool_a = cap - offer
            fight_a = -ca + d * (qs * cap + (1 - qs - rs) * ua_s[t + 1])
            if pool_a >= fight_a or rej_s[t] < 0:
                pool_s[t] = True
                ua_s[t], vs_s[t] = pool_a, offer
                vw_s[t] = offer
            else:
                ua_s[t], vs_s[t] = fight_a, rej_s[t]
                vw_s[t] = max(rej_w[t], 0.0)
        # the unrevealed game over (t, k battles fought), k <= t
        mu = self.beliefs()
        ua = np.empty((T + 1, T + 1))
        vs = np.empty((T + 1, T + 1))
        vw = np.empty((T + 1, T + 1))
        ua[T], vs[T], vw[T] = (1 - z) * cap, z * cap, z * cap
        move = np.empty((T, T + 1), dtype=np.int8)
        for t in range(T - 1, -1, -1):
            for k in range(t + 1):
                m = mu[k]
                pool_offer = min(max(rej_s[t], rej_w[t], 0.0), cap)
                options = [cap - pool_offer]
                screen_offer = min(max(rej_w[t], 0.0), cap)
                against_strong = -ca + d * (qs * cap + (1 - qs - rs) * ua_s[t + 1])
                options.append((1 - m) * (cap - screen_offer) + m * against_strong)
                fight_s = -cb + d * (rs * cap + (1 - qs - rs) * vs[t + 1, k + 1])
                fight_w = -cb + d * (rw * cap + (1 - qw - rw) * vw[t + 1, k + 1])
                collapse = m * qs + (1 - m) * qw
                go_on = m * (1 - qs - rs) + (1 - m) * (1 - qw - rw)
                survive_next = ua[t + 1, k + 1]
                fight_ok = fight_s >= 0 and fight_w >= 0
                options.append(
                    -ca + d * (collapse * cap + go_on * survive_next) if fight_ok else -math.inf
                )
                choice = int(np.argmax(options))  # ties: pool, then screen
                move[t, k] = choice
                ua[t, k] = options[choice]
                if choice == 0:
                    vs[t, k] = vw[t, k] = pool_offer
                elif choice == 1:
                    vs[t, k], vw[t, k] = max(rej_s[t], screen_offer), screen_offer
                else:
                    vs[t, k], vw[t, k] = fight_s, fight_w
        return {
            "move": move,
            "ua": ua,
            "vs": vs,
            "vw": vw,
            "rej_s": rej_s,
            "rej_w": rej_w,
            "pool_s": pool_s,
            "ua_s": ua_s,
            "vs_s": vs_s,
            "vw_s": vw_s,
            "mu": mu,
            "cap": cap,
        }

    def path(self, pressure: float = 0.0) -> LearningPath:
        """Equilibrium play from the start, and its distribution over outcomes."""
        sol = self._solve(pressure)
        T = int(self.horizon)
        cap = sol["cap"]
        qs, qw = float(self.q_strong), float(self.q_weak)
        rs, rw = float(self.win_strong), float(self.win_weak)
        settle = np.zeros(T)
        collapse = np.zeros(T)
        b_wins = np.zeros(T)
        offers = np.full(T, np.nan)
        belief = np.full(T + 1, np.nan)
        moves: list[str] = []
        strong, weak = float(self.prior_strong), 1.0 - float(self.prior_strong)
        revealed = 0.0
        k = 0  # battles fought on the unrevealed path
        for t in range(T):
            belief[t] = sol["mu"][k]
            choice = int(sol["move"][t, k])
            moves.append(_MOVES[choice])
            if choice == 0:  # pool: both types accept
                offers[t] = min(max(sol["rej_s"][t], sol["rej_w"][t], 0.0), cap) / cap
                settle[t] = strong + weak
                strong = weak = 0.0
                break
            if choice == 1:  # screen: weak accepts, strong fights on, revealed
                offers[t] = min(max(sol["rej_w"][t], 0.0), cap) / cap
                settle[t] = weak
                collapse[t] = strong * qs
                b_wins[t] = strong * rs
                revealed = strong * (1 - qs - rs)
                strong = weak = 0.0
                for t2 in range(t + 1, T):  # the known-strong subgame
                    if sol["pool_s"][t2]:
                        settle[t2] += revealed
                        revealed = 0.0
                        break
                    collapse[t2] += revealed * qs
                    b_wins[t2] += revealed * rs
                    revealed *= 1 - qs - rs
                break
            collapse[t] = strong * qs + weak * qw
            b_wins[t] = strong * rs + weak * rw
            strong *= 1 - qs - rs
            weak *= 1 - qw - rw
            k += 1  # noqa: SIM113 - k stops counting at a pool or screen
        else:
            belief[T] = sol["mu"][k]
        for arr in (settle, collapse, b_wins, offers, belief):
            arr.flags.writeable = False
        values = np.array([sol["ua"][0, 0], sol["vs"][0, 0], sol["vw"][0, 0]])
        values.flags.writeable = False
        return LearningPath(
            move=tuple(moves),
            belief=belief,
            settlement_by_period=settle,
            collapse_by_period=collapse,
            b_wins_by_period=b_wins,
            offers=offers,
            imposed=float(strong + weak + revealed),
            values=values,
        )

    def __repr__(self) -> str:
        return (
            f"FightingAndLearning(prior_strong={self.prior_strong:g}, q=({self.q_strong:g}, "
            f"{self.q_weak:g}), cost=({self.cost_a:g}, {self.cost_b:g}), horizon={self.horizon})"
        )
