"""Fey and Ramsay (2010): shuttle diplomacy by an uninformed go-between (see :mod:`.mediation`)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import linprog

from .._errors import InvalidArgumentError, SolverError
from .._results import Result
from .._validation import check_tol
from ..games.bayesian import BayesianGame
from ._mediation_common import FloatArray, _check_open_unit

# ---------------------------------------------------------------------- Fey and Ramsay (2010)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class ShuttleSolution(Result):
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

    def _summary(self) -> dict[str, Any]:
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
        from .mediation import HMSModel  # the HMS model lives with the module's public face

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
