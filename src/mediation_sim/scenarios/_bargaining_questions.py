"""What the scenario's rationalist bargaining model answers in closed form (private).

:class:`BargainingQuestions` is the part of
:class:`~mediation_sim.scenarios.Scenario` that maps a scenario onto the
rationalist bargaining model of war declared in ``[bargaining_model]``
(Fearon 1995) and asks it for critical pressures, overall and by bargaining
protocol: the closed forms the report shows beside the game's own answers.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from .._errors import SpecError, UnknownNameError
from ..models.rationalist import RationalistModel
from ._payoff_engine import PayoffEngine

__all__ = ["BargainingQuestions"]


class BargainingQuestions(PayoffEngine):
    """Closed-form questions to the ``[bargaining_model]`` (a base of :class:`Scenario`)."""

    __slots__ = ()

    def bargaining_model(self, **params: ArrayLike) -> RationalistModel:
        """The rationalist bargaining model of war built from the same assumptions.

        Uses the scenario's ``[bargaining_model]`` table: side A's expected
        share from war ``p`` is the expectation of the war lottery at the
        declared ``war_profile`` (outcome shares as declared), the costs and
        the leverage are the declared values, and the scenario's pressure
        parameter raises side B's cost by ``leverage`` per unit. Parameters
        may be arrays (they broadcast).

        Raises
        ------
        SpecError
            If the scenario declares no bargaining model, or the war lottery
            gives positive probability to an outcome without a declared share.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> model = sc.bargaining_model()
        >>> round(float(model.p), 4)
        0.319
        >>> model.sides
        ('kyiv', 'moscow')
        """
        bm = self._spec.bargaining
        if bm is None:
            raise SpecError(
                f"scenario {self._spec.name!r} declares no [bargaining_model]", path=self._spec.path
            )
        values, _ = self.resolve(**params)
        probs = self._lottery(bm.war_lottery, values, {})
        at = tuple(p.strategies.index(bm.war_profile[p.id]) for p in self._spec.players)
        index: tuple[Any, ...] = (..., slice(None), *at)
        war = probs[index]  # (*batch, n_outcomes)
        p: Any = 0.0
        for k, outcome in enumerate(o.id for o in self._spec.outcomes):
            share = bm.shares.get(outcome)
            if share is None:
                if np.any(war[..., k] > 1e-12):
                    raise SpecError(
                        f"the war lottery {bm.war_lottery!r} can end in {outcome!r}, which has no "
                        "share in [bargaining_model].shares",
                        path=self._spec.path,
                        key="bargaining_model.shares",
                    )
                continue
            p = p + war[..., k] * share.evaluate(values)
        return RationalistModel(
            p=np.clip(p, 0.0, 1.0),
            cost_a=bm.cost_a.evaluate(values),
            cost_b=bm.cost_b.evaluate(values),
            leverage=bm.leverage.evaluate(values),
            sides=(bm.side_a, bm.side_b),
        )

    def critical_pressure(
        self,
        outcome: str = "settlement",
        *,
        rule: Literal["range", "nash"] = "range",
        **params: ArrayLike,
    ) -> Any:
        """Closed-form critical pressure for a settlement outcome (the analytic core).

        ``(x - p - c_B) / leverage`` for the settlement share ``x`` of
        ``outcome`` (0 if already acceptable, ``inf`` if unreachable); see
        :func:`mediation_sim.models.rationalist.critical_pressure`. The value
        of the pressure parameter itself is irrelevant and ignored.

        .. versionchanged:: 0.2
           ``outcome`` defaults to ``"settlement"`` (was ``"withdrawal"``, an
           outcome of the flagship only).

        Parameters
        ----------
        outcome : str, default "settlement"
            A settlement outcome listed in ``[bargaining_model].settlements``,
            or ``"settlement"``: the smallest critical pressure over those
            whose share side A prefers to war (``x > p - c_A``; the pressure
            from which some settlement is in reach), ``inf`` if none.
        rule : {"range", "nash"}, default "range"
            Settlement possible (in the bargaining range) or predicted (the
            Nash bargaining split).
        **params : float or array_like
            Assumption values (arrays broadcast).

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> round(float(sc.critical_pressure("withdrawal")), 4)
        0.59
        >>> res = ms.analysis.critical_value(sc, "china_pressure", outcome="withdrawal",
        ...                                  mode="committed")
        >>> round(res.value, 4)
        0.6807
        """
        bm = self._spec.bargaining
        if bm is None:
            raise SpecError(
                f"scenario {self._spec.name!r} declares no [bargaining_model]", path=self._spec.path
            )
        targets = _settlement_targets(bm.settlements, outcome, "critical_pressure")
        params = {k: v for k, v in params.items() if k != bm.pressure}
        model = self.bargaining_model(**params)
        values, _ = self.resolve(**params)
        if outcome != "settlement":
            return model.critical_pressure(bm.settlements[outcome].evaluate(values), rule=rule)
        found = []
        for o in targets:
            share = bm.settlements[o].evaluate(values)
            cp = model.critical_pressure(share, rule=rule)
            # a settlement no better for side A than war is not one pressure can bring
            found.append(np.where(share > model.p - model.cost_a, cp, np.inf))
        best = functools.reduce(np.minimum, found)
        return float(best) if np.ndim(best) == 0 else best

    def protocol_critical_pressures(
        self,
        outcome: str = "settlement",
        *,
        delta: float = 0.9,
        **params: ArrayLike,
    ) -> dict[str, Any]:
        """Critical pressure for a settlement under each named bargaining protocol.

        The bargaining model's war lottery gives side A (Kyiv) the reservation
        ``d_A = p - c_A`` and side B (Moscow) ``d_B = 1 - p - c_B - leverage * s``
        at pressure ``s``; a protocol splits the surplus ``1 - d_A - d_B``,
        giving side A the terms ``x(s) = d_A + w * (1 - d_A - d_B)``, where the
        weight ``w`` is the protocol's:

        ``"side_a_proposes"``
            take-it-or-leave-it demand by side A (``w = 1``; v0.1's implicit rule);
        ``"side_b_proposes"``
            take-it-or-leave-it offer by side B (``w = 0``: pressure never helps);
        ``"nash"``
            the Nash bargaining split (``w = 1/2``);
        ``"alternating"``
            Rubinstein alternating offers, side A first, both discounting by
            ``delta`` per round (``w`` = the first proposer's share,
            :func:`mediation_sim.solvers.rubinstein`).

        The critical pressure is the smallest ``s`` with ``x(s)`` at least the
        outcome's share: ``(x - p + c_A - w (c_A + c_B)) / (w * leverage)``,
        ``0`` if already reached, ``inf`` if no pressure within the bounds
        reaches it.

        .. versionchanged:: 0.2
           ``outcome`` defaults to ``"settlement"`` (was ``"withdrawal"``).

        Parameters
        ----------
        outcome : str, default "settlement"
            A settlement outcome listed in ``[bargaining_model].settlements``,
            or ``"settlement"``: the one with the smallest share for side A
            among those side A prefers to war (``x > p - c_A``), the easiest
            to reach; ``inf`` under every protocol if there is none.
        delta : float, default 0.9
            Both sides' discount factor per round of alternating offers.
        **params : float or array_like
            Assumption values (arrays broadcast).

        Returns
        -------
        dict of str to float or ndarray
            The critical pressure under each protocol, in the order above.

        Examples
        --------
        >>> import mediation_sim as ms
        >>> sc = ms.scenarios.load("ukraine-2023")
        >>> cp = sc.protocol_critical_pressures("withdrawal")
        >>> {k: round(float(v), 3) for k, v in cp.items()}
        {'side_a_proposes': 0.59, 'alternating': inf, 'nash': inf, 'side_b_proposes': inf}
        """
        from ..solvers import rubinstein

        bm = self._spec.bargaining
        if bm is None:
            raise SpecError(
                f"scenario {self._spec.name!r} declares no [bargaining_model]", path=self._spec.path
            )
        targets = _settlement_targets(bm.settlements, outcome, "protocol_critical_pressures")
        params = {k: v for k, v in params.items() if k != bm.pressure}
        model = self.bargaining_model(**params)
        values, _ = self.resolve(**params)
        p, c_a, c_b, lev = model.p, model.cost_a, model.cost_b, model.leverage
        # "settlement": the smallest share above side A's reservation (a share no
        # better for A than war is not a settlement pressure can bring)
        shares = [bm.settlements[o].evaluate(values) for o in targets]
        if outcome == "settlement":
            shares = [np.where(x > p - c_a, x, np.inf) for x in shares]
        x = functools.reduce(np.minimum, shares)
        hi = self._spec.parameters[bm.pressure].bounds[1]
        weights = {
            "side_a_proposes": 1.0,
            "alternating": float(rubinstein(delta, delta).shares[0]),
            "nash": 0.5,
            "side_b_proposes": 0.0,
        }
        out: dict[str, Any] = {}
        for name, w in weights.items():
            with np.errstate(divide="ignore", invalid="ignore"):
                need = x - p + c_a - w * (c_a + c_b)
                s = np.where(need <= 0, 0.0, need / (w * lev) if w > 0 else np.inf)
            s = np.where(s > hi, np.inf, s)
            out[name] = s[()] if np.ndim(s) == 0 else s
        return out


def _settlement_targets(settlements: Mapping[str, Any], outcome: str, func: str) -> list[str]:
    """The settlement outcomes meant by ``outcome`` (all of them for ``"settlement"``)."""
    if outcome == "settlement":
        return list(settlements)
    if outcome not in settlements:
        raise UnknownNameError(
            f"{func}(): outcome {outcome!r} has no settlement share; settlements: "
            f"{sorted(settlements)} (or 'settlement' for any of them)"
        )
    return [outcome]
