r"""Bueno de Mesquita's expected-utility model of group decisions, as specified by Scholz et al.

Actors ``i = 1..n`` hold positions :math:`x_i` on an issue line, with
capability :math:`c_i \ge 0` and salience :math:`s_i \in [0, 1]`. Let
:math:`R` be the length of the issue line (``bounds``; by default the
distance between the two extreme initial positions). One round:

1. **Votes.** Actor ``k`` backs position ``a`` against ``b`` with
   :math:`v_k(a, b) = c_k s_k \big[(|x_k - x_b|/R)^{r_k} - (|x_k - x_a|/R)^{r_k}\big]`.
2. **Median and mean.** The weighted mean is :math:`\sum c s x / \sum c s`;
   the median is the Condorcet winner among the actors' positions under the
   risk-neutral votes (:math:`r_k = 1`), which on a line is the position
   minimising :math:`\sum_k c_k s_k |x_k - z|` (the capability- and
   salience-weighted median; ties go to the lower position).
3. **Probability of prevailing.** :math:`P_{ab}`, the chance that ``a``
   wins a contest with ``b``, is the share of the votes for ``a`` (see
   ``probability`` below for the two normalisations in circulation).
4. **Expected utility of a challenge** by ``a`` against ``b``, seen with the
   risk exponent ``r`` of whoever is calculating
   (:math:`d = |x_a - x_b|/R`, :math:`\mu` the median):

   .. math::

      U_s &= 2 - 4(0.5 - 0.5 d)^r, \quad U_f = 2 - 4(0.5 + 0.5 d)^r,
      \quad U_{sq} = 2 - 4 \cdot 0.5^r,\\
      U_b &= 2 - 4\big(0.5 - 0.25(|x_a - \mu|/R + d)\big)^r, \quad
      U_w = 2 - 4\big(0.5 + 0.25(|x_a - \mu|/R + d)\big)^r,\\
      E(U_{ab}) &= s_b\,[P_{ab} U_s + (1 - P_{ab}) U_f] + (1 - s_b) U_s
                   - Q\,U_{sq} - (1 - Q)\,[T U_b + (1 - T) U_w].

5. **Risk exponents.** With every :math:`r = 1`, actor ``i``'s *danger* is
   :math:`S_i = \sum_{j \ne i} E(U_{ji})`. Then
   :math:`R_i = (2 S_i - \max S - \min S) / (\max S - \min S)` and
   :math:`r_i = (1 - R_i/3)/(1 + R_i/3) \in [1/2, 2]` (all ``1`` when every
   danger is equal). Steps 1-4 are repeated with these exponents.
6. **Offers.** Actor ``i`` looks at each ``j`` with another position, with
   its own exponent: :math:`A = E^i(U_{ij})`, :math:`B = E^i(U_{ji})`.

   * :math:`B > A > 0`: ``j`` would win a confrontation, ``i`` moves to :math:`x_j`;
   * :math:`B > 0 > A`, :math:`B > |A|`: ``i`` compromises, to
     :math:`x_i + (x_j - x_i)\,|A/B|`;
   * :math:`B > 0 > A`, :math:`B \le |A|`: ``i`` capitulates, to :math:`x_j`;
   * otherwise ``j`` makes ``i`` no offer that ``i`` accepts.

   Each actor takes one offer (``selection``); all move at once.
7. **Rounds** repeat until no position moves by more than ``tol * R`` (a
   fixed point) or ``max_iter`` rounds. The forecast is the median (BDM's
   rule) or the mean of the last round.

**Where public readings disagree** (and what this module does):

* *Probability denominator.* Scholz et al.'s formula divides the votes for
  ``a`` by the votes cast in the ``a``-vs-``b`` contest, so
  :math:`P_{ab} + P_{ba} = 1` (``probability="pairwise"``, the default).
  A public port of Scholz et al.'s own code (jmckib's, kept by D. Masad)
  divides by the votes summed over *all* pairs of positions, which makes
  every probability small (``probability="scholz_code"``).
* *Whose risk exponent.* Every utility, including a rival's, is computed
  with the calculating actor's exponent (Scholz et al.; the port agrees);
  votes use each voter's own exponent.
* *Which offer.* The paper says an actor accepts the offer that moves it
  least (``selection="least_move"``, default); the port first takes
  confrontations, then compromises, then capitulations
  (``selection="by_type"``, least move within a type). Ties go to the
  lower actor index.
* *Capitulation.* The port's test for it can never hold (a typo), so it
  never capitulates; here the case is implemented as the paper states.
* :math:`\mu` in :math:`U_b, U_w` is the median (used only when ``Q < 1``);
  D. Masad's port uses the mean. Bases of the powers are clipped at 0.
* The model need not converge: actors can cycle (Scholz et al. discuss
  it). :attr:`BDMForecast.converged` says whether a fixed point was reached.

**Sources**

* J. B. Scholz, G. J. Calbert and G. A. Smith, "Unravelling Bueno De
  Mesquita's group decision model", *Journal of Theoretical Politics* 23(4)
  (2011), pp. 510-531.
* B. Bueno de Mesquita, "Political forecasting: an expected utility
  method", in B. Bueno de Mesquita and F. N. Stokman (eds.), *European
  Community Decision Making*, Yale University Press, 1994, pp. 71-104.
* Public ports compared in the tests: ``jmckib/bdm-scholz-expected-utility-model``
  (as kept in ``dmasad/bdm-scholz-expected-utility-model``) and
  ``dmasad/BDM_DecisionModel_Replication``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ..._errors import InvalidArgumentError
from ..._validation import check_positive_int, check_probability, check_tol
from ._actors import FloatArray, checked_actors, checked_bounds, checked_names
from ._bdm_kernels import (
    IntArray,
    Probability,
    Selection,
    _eu,
    _mean,
    _median,
    _probabilities,
    _risk,
    _run,
)
from ._results import PathForecast

__all__ = [
    "MOVE_KINDS",
    "BDMForecast",
    "bdm_forecast",
    "bdm_settlements",
    "challenge_utilities",
    "risk_exponents",
    "weighted_mean",
    "weighted_median",
    "win_probabilities",
]

Outcome = Literal["median", "mean"]

#: What an actor did in a round, by code: 0 stayed, 1 lost a confrontation,
#: 2 compromised, 3 capitulated.
MOVE_KINDS: tuple[str, ...] = ("none", "confrontation", "compromise", "capitulation")


def _checked_risk(risk: ArrayLike, x: FloatArray, *, func: str) -> FloatArray:
    """Risk exponents broadcast to the actors' shape, finite and positive."""
    try:
        r = np.broadcast_to(np.asarray(risk, dtype=np.float64), x.shape)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"{func}(): risk must be a positive number or one exponent per actor (shape {x.shape})"
        ) from None
    if not (np.isfinite(r).all() and (r > 0).all()):
        raise InvalidArgumentError(f"{func}(): risk exponents must be finite and positive")
    return r


def _check_options(
    func: str, q: object, t: object, probability: object, selection: object, outcome: object
) -> tuple[float, float]:
    qf = check_probability(q, func=func, name="q")
    tf = check_probability(t, func=func, name="t")
    for name, value, allowed in (
        ("probability", probability, ("pairwise", "scholz_code")),
        ("selection", selection, ("least_move", "by_type")),
        ("outcome", outcome, ("median", "mean")),
    ):
        if value not in allowed:
            raise InvalidArgumentError(
                f"{func}(): {name} must be one of {', '.join(map(repr, allowed))}, got {value!r}"
            )
    return qf, tf


# ---------------------------------------------------------------- public building blocks


def weighted_mean(
    positions: ArrayLike, capabilities: ArrayLike, saliences: ArrayLike
) -> float | FloatArray:
    r"""The capability- and salience-weighted mean position :math:`\sum c s x / \sum c s`.

    Parameters
    ----------
    positions, capabilities, saliences : array_like, shape (..., n)
        Each actor's position, capability (``>= 0``) and salience (in
        ``[0, 1]``); leading axes are independent issues.

    Returns
    -------
    float or ndarray, shape (...)

    Raises
    ------
    InvalidArgumentError
        If an input is not finite, out of range or the shapes do not broadcast.

    Examples
    --------
    >>> from mediation_sim.models import forecasting as fc
    >>> fc.weighted_mean([0.0, 1.0], [1.0, 3.0], [1.0, 1.0])
    0.75
    """
    x, c, s = checked_actors("weighted_mean", positions, capabilities, saliences, min_actors=1)
    out = _mean(x, c * s)
    return float(out) if out.ndim == 0 else out


def weighted_median(
    positions: ArrayLike, capabilities: ArrayLike, saliences: ArrayLike
) -> float | FloatArray:
    r"""The median voter position: the Condorcet winner among the actors' positions.

    Votes are risk neutral and weighted by capability times salience
    (:math:`v_k(a, b) = c_k s_k (|x_k - x_b| - |x_k - x_a|)`), so the winner
    is the actors' position minimising :math:`\sum_k c_k s_k |x_k - z|`;
    ties go to the lower position.

    Parameters
    ----------
    positions, capabilities, saliences : array_like, shape (..., n)
        As in :func:`weighted_mean`.

    Returns
    -------
    float or ndarray, shape (...)

    Raises
    ------
    InvalidArgumentError
        If an input is not finite, out of range or the shapes do not broadcast.

    Examples
    --------
    >>> from mediation_sim.models import forecasting as fc
    >>> fc.weighted_median([0.0, 0.5, 1.0], [1.0, 1.0, 1.5], [1.0, 1.0, 1.0])
    0.5
    """
    x, c, s = checked_actors("weighted_median", positions, capabilities, saliences, min_actors=1)
    out = _median(x, c * s)
    return float(out) if out.ndim == 0 else out


def win_probabilities(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    risk: ArrayLike = 1.0,
    bounds: tuple[float, float] | None = None,
    probability: Probability = "pairwise",
) -> FloatArray:
    """``P[..., a, b]``: the probability that actor ``a`` prevails when it challenges ``b``.

    Parameters
    ----------
    positions, capabilities, saliences : array_like, shape (..., n)
        As in :func:`weighted_mean`.
    risk : float or array_like, shape (..., n), default 1
        Each voter's risk exponent (see the module docstring).
    bounds : (float, float), optional
        The ends of the issue line (default: the extreme positions).
    probability : {"pairwise", "scholz_code"}
        The normalisation (see the module docstring).

    Returns
    -------
    ndarray, shape (..., n, n)
        Zero where two actors hold the same position. With ``"pairwise"``,
        ``P[a, b] + P[b, a] = 1`` whenever some voter is not indifferent.

    Raises
    ------
    InvalidArgumentError
        On bad input.

    Examples
    --------
    Actor 0 against actor 1: the votes are ``1``, ``-1`` and ``2 (0.75 - 0.25) = 1``,
    so actor 0 prevails with probability ``2 / 3``.

    >>> from mediation_sim.models import forecasting as fc
    >>> fc.win_probabilities([0.0, 1.0, 0.25], [1.0, 1.0, 2.0], [1.0, 1.0, 1.0]).round(3)
    array([[0.   , 0.667, 0.25 ],
           [0.333, 0.   , 0.25 ],
           [0.75 , 0.75 , 0.   ]])
    """
    func = "win_probabilities"
    x, c, s = checked_actors(func, positions, capabilities, saliences)
    _check_options(func, 1.0, 1.0, probability, "least_move", "median")
    lo, hi = checked_bounds(bounds, x, func=func)
    r = _checked_risk(risk, x, func=func)
    return _probabilities(x, c * s, r, hi - lo, probability)


def challenge_utilities(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    risk: ArrayLike = 1.0,
    bounds: tuple[float, float] | None = None,
    q: float = 1.0,
    t: float = 1.0,
    probability: Probability = "pairwise",
    view: Literal["challenger", "target"] = "challenger",
) -> FloatArray:
    r"""``E[..., a, b]``: actor ``a``'s expected utility of challenging ``b``.

    Probabilities use every voter's own risk exponent. With
    ``view="challenger"`` each entry is computed with ``a``'s exponent
    (:math:`E^a(U_{ab})` of the module docstring); with ``view="target"``
    with ``b``'s (:math:`E^b(U_{ab})`, how ``b`` sees the threat).

    Parameters
    ----------
    positions, capabilities, saliences, risk, bounds
        As in :func:`win_probabilities`.
    q : float, default 1
        Probability that the status quo holds absent a challenge (``Q``).
    t : float, default 1
        Probability that things get better for ``a`` if it changes (``T``).
    probability
        As in :func:`win_probabilities`.
    view : {"challenger", "target"}, default "challenger"
        Whose risk exponent the utilities use.

    Returns
    -------
    ndarray, shape (..., n, n)
        The diagonal is zero.

    Raises
    ------
    InvalidArgumentError
        On bad input.

    Examples
    --------
    Two actors of equal weight at the two ends, with full salience: each has
    an even chance, and a challenge is worth :math:`0.5 (2) + 0.5 (-2) = 0`.

    >>> from mediation_sim.models import forecasting as fc
    >>> fc.challenge_utilities([0.0, 1.0], [1.0, 1.0], [1.0, 1.0])
    array([[0., 0.],
           [0., 0.]])
    """
    func = "challenge_utilities"
    x, c, s = checked_actors(func, positions, capabilities, saliences)
    qf, tf = _check_options(func, q, t, probability, "least_move", "median")
    lo, hi = checked_bounds(bounds, x, func=func)
    r = _checked_risk(risk, x, func=func)
    span = hi - lo
    w = c * s
    if view not in ("challenger", "target"):
        raise InvalidArgumentError(f"{func}(): view must be 'challenger' or 'target', got {view!r}")
    p = _probabilities(x, w, r, span, probability)
    r_view = r[..., :, None] if view == "challenger" else r[..., None, :]
    eu = _eu(x, s, p, np.broadcast_to(r_view, p.shape), span, _median(x, w), qf, tf)
    out: FloatArray = np.where(np.eye(x.shape[-1], dtype=bool), 0.0, eu)
    return out


def risk_exponents(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    bounds: tuple[float, float] | None = None,
    q: float = 1.0,
    t: float = 1.0,
    probability: Probability = "pairwise",
) -> FloatArray:
    r"""Each actor's risk exponent :math:`r_i \in [1/2, 2]`, from its danger relative to others'.

    Parameters
    ----------
    positions, capabilities, saliences, bounds, q, t, probability
        As in :func:`challenge_utilities`.

    Returns
    -------
    ndarray, shape (..., n)
        ``r < 1`` for the actors most exposed to challenges (risk averse in
        BDM's reading), ``r > 1`` for the safest.

    Raises
    ------
    InvalidArgumentError
        On bad input.

    Examples
    --------
    >>> from mediation_sim.models import forecasting as fc
    >>> r = fc.risk_exponents([0.0, 0.4, 1.0], [1.0, 2.0, 1.0], [1.0, 0.5, 1.0])
    >>> bool(r.min() >= 0.5 and r.max() <= 2.0), round(float(r.max()), 6)
    (True, 2.0)
    """
    func = "risk_exponents"
    x, c, s = checked_actors(func, positions, capabilities, saliences)
    qf, tf = _check_options(func, q, t, probability, "least_move", "median")
    lo, hi = checked_bounds(bounds, x, func=func)
    return _risk(x, c * s, s, hi - lo, qf, tf, probability)


# ---------------------------------------------------------------- the iterated model


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class BDMForecast(PathForecast):
    """The rounds of the BDM / Scholz model on one issue.

    Attributes
    ----------
    names : tuple of str
        Actor names.
    path : ndarray, shape (n_iter + 1, n)
        Positions before round 1 (row 0) and after each round.
    mean, median : ndarray, shape (n_iter + 1,)
        Weighted mean and median position of each row of ``path``.
    risk : ndarray, shape (n_iter, n)
        Risk exponents used in each round.
    kinds : ndarray of int, shape (n_iter, n)
        What each actor did in each round (index into :data:`MOVE_KINDS`).
    partners : ndarray of int, shape (n_iter, n)
        Whose offer it took (``-1`` for none).
    settlement : float
        The forecast: the last round's median or mean (``outcome``).
    outcome : str
        ``"median"`` or ``"mean"``.
    n_iter : int
        Rounds run.
    converged : bool
        Whether the last round left every position within ``tol * R``.
    parameters : dict
        The options used (``q``, ``t``, ``probability``, ``selection``,
        ``bounds``, ``max_iter``, ``tol``).
    """

    names: tuple[str, ...]
    path: FloatArray
    mean: FloatArray
    median: FloatArray
    risk: FloatArray
    kinds: IntArray
    partners: IntArray
    settlement: float
    outcome: str
    n_iter: int
    converged: bool
    parameters: dict[str, Any]

    def moves(self) -> list[tuple[int, str, str, str]]:
        """Every move as ``(round, actor, kind, partner)``, rounds counted from 1."""
        out = []
        for k, (kind_row, partner_row) in enumerate(zip(self.kinds, self.partners, strict=True)):
            for i, (kind, j) in enumerate(zip(kind_row, partner_row, strict=True)):
                if kind:
                    out.append((k + 1, self.names[i], MOVE_KINDS[kind], self.names[j]))
        return out

    def __repr__(self) -> str:
        state = "converged" if self.converged else "not converged"
        return (
            f"BDMForecast({self.outcome}={self.settlement:.6g}, n_actors={len(self.names)}, "
            f"n_iter={self.n_iter}, {state})"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{x0:.4g}</td><td>{x1:.4g}</td></tr>"
            for name, x0, x1 in zip(self.names, self.path[0], self.path[-1], strict=True)
        )
        return (
            f"<p><b>{html.escape(repr(self))}</b></p><table><tr><th>actor</th>"
            f"<th>start</th><th>end</th></tr>{rows}</table>"
        )


class _Options(NamedTuple):
    """The iterated model's options, as passed and (after :func:`_checked_run`) as checked."""

    q: float
    t: float
    probability: Probability
    selection: Selection
    outcome: Outcome
    max_iter: int
    tol: float


def _checked_run(
    func: str,
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    bounds: tuple[float, float] | None,
    options: _Options,
    *,
    names: Sequence[str] | None = None,
    one_issue: bool,
) -> tuple[tuple[str, ...], FloatArray, FloatArray, _Options, tuple[Any, ...]]:
    """Check the inputs and run the rounds: ``(labels, c, s, checked options, _run's output)``.

    ``one_issue`` (:func:`bdm_forecast`) requires 1-d inputs, checks
    ``names`` and records every round; otherwise (:func:`bdm_settlements`)
    only the final positions are kept and ``labels`` is empty.
    """
    x, c, s = checked_actors(func, positions, capabilities, saliences)
    o = options
    qf, tf = _check_options(func, o.q, o.t, o.probability, o.selection, o.outcome)
    lo, hi = checked_bounds(bounds, x, func=func)
    n_max = check_positive_int(o.max_iter, func=func, name="max_iter")
    tol_f = check_tol(o.tol, func=func)
    if one_issue and x.ndim != 1:
        raise InvalidArgumentError(
            f"{func}(): takes one issue (1-d arrays); use bdm_settlements for a batch"
        )
    labels = checked_names(names, x.shape[-1], func=func) if one_issue else ()
    out = _run(
        x,
        c,
        s,
        hi - lo,
        q=qf,
        t=tf,
        probability=o.probability,
        selection=o.selection,
        max_iter=n_max,
        tol=tol_f,
        record=one_issue,
    )
    return labels, c, s, o._replace(q=qf, t=tf, max_iter=n_max, tol=tol_f), out


def bdm_forecast(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    names: Sequence[str] | None = None,
    bounds: tuple[float, float] | None = None,
    q: float = 1.0,
    t: float = 1.0,
    probability: Probability = "pairwise",
    selection: Selection = "least_move",
    outcome: Outcome = "median",
    max_iter: int = 200,
    tol: float = 1e-6,
) -> BDMForecast:
    """Run the BDM / Scholz expected-utility model on one issue until it settles.

    Parameters
    ----------
    positions, capabilities, saliences : array_like, shape (n,)
        Each actor's position, capability (``>= 0``) and salience (``[0, 1]``).
    names : sequence of str, optional
        Actor names (default ``actor0, actor1, ...``).
    bounds : (float, float), optional
        Ends of the issue line; default the extreme initial positions.
    q, t : float, default 1
        ``Q`` and ``T`` of the expected utility (see the module docstring).
    probability : {"pairwise", "scholz_code"}, default "pairwise"
        How votes become probabilities of prevailing.
    selection : {"least_move", "by_type"}, default "least_move"
        Which of several offers an actor accepts.
    outcome : {"median", "mean"}, default "median"
        What the forecast reports at the end.
    max_iter : int, default 200
        Maximum number of rounds.
    tol : float, default 1e-6
        Stop when no position moves by more than ``tol`` times the length
        of the issue line.

    Returns
    -------
    BDMForecast

    Raises
    ------
    InvalidArgumentError
        If an input is not finite, out of range or of the wrong shape, or an
        option is unknown.

    See Also
    --------
    bdm_settlements : the forecast for many issues at once.

    Notes
    -----
    The formulas and every reading where public versions disagree are in
    the module docstring of :mod:`mediation_sim.models.forecasting.bdm`.

    Examples
    --------
    The EC car-emissions data used by Scholz et al. (2011) (positions on a
    4-10 scale of strictness; rows as in the public port of their code):

    >>> from mediation_sim.models import forecasting as fc
    >>> names = ["NL", "BE", "LU", "DE", "FR", "IT", "UK", "IE", "DK", "GR"]
    >>> x = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
    >>> c = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08]
    >>> s = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7]
    >>> res = fc.bdm_forecast(x, c, s, names=names)
    >>> float(res.median[0]), round(float(res.mean[0]), 4)
    (7.0, 7.39)
    >>> res
    BDMForecast(median=6.96859, n_actors=10, n_iter=96, converged)
    >>> res.moves()[:2]
    [(1, 'NL', 'compromise', 'UK'), (1, 'BE', 'confrontation', 'FR')]
    >>> res.positions.round(3).tolist() == [6.969] * 10      # a consensus
    True
    """
    func = "bdm_forecast"
    opts = _Options(q, t, probability, selection, outcome, max_iter, tol)
    labels, c, s, opts, run = _checked_run(
        func, positions, capabilities, saliences, bounds, opts, names=names, one_issue=True
    )
    _, n_iter, done, path, risks, kinds, partners = run
    path_a = np.stack(path)
    w = c * s
    mean = _mean(path_a, w)
    median = _median(path_a, w)
    final = median[-1] if outcome == "median" else mean[-1]
    return BDMForecast(
        names=labels,
        path=path_a,
        mean=mean,
        median=median,
        risk=np.stack(risks),
        kinds=np.stack(kinds),
        partners=np.stack(partners),
        settlement=float(final),
        outcome=outcome,
        n_iter=int(n_iter),
        converged=bool(done),
        parameters={
            "q": opts.q,
            "t": opts.t,
            "probability": probability,
            "selection": selection,
            "bounds": None if bounds is None else [float(bounds[0]), float(bounds[1])],
            "max_iter": opts.max_iter,
            "tol": opts.tol,
        },
    )


def bdm_settlements(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    bounds: tuple[float, float] | None = None,
    q: float = 1.0,
    t: float = 1.0,
    probability: Probability = "pairwise",
    selection: Selection = "least_move",
    outcome: Outcome = "median",
    max_iter: int = 200,
    tol: float = 1e-6,
) -> FloatArray:
    """The BDM forecast for a batch of issues, all rounds vectorised over the batch.

    Parameters
    ----------
    positions, capabilities, saliences : array_like, shape (..., n)
        Leading axes index independent issues (for example Monte Carlo draws).
    bounds, q, t, probability, selection, outcome, max_iter, tol
        As in :func:`bdm_forecast`; ``bounds`` is shared by every issue.

    Returns
    -------
    ndarray, shape (...)
        The forecast of each issue: identical to ``bdm_forecast(...).settlement``
        issue by issue.

    Raises
    ------
    InvalidArgumentError
        On bad input.

    Examples
    --------
    >>> import numpy as np
    >>> from mediation_sim.models import forecasting as fc
    >>> x = np.array([[0.0, 0.5, 1.0], [0.0, 0.2, 1.0]])
    >>> out = fc.bdm_settlements(x, [1.0, 1.0, 1.0], [0.9, 0.5, 0.9])
    >>> bool(np.allclose(out, [fc.bdm_forecast(row, [1.0] * 3, [0.9, 0.5, 0.9]).settlement
    ...                        for row in x]))
    True
    """
    func = "bdm_settlements"
    opts = _Options(q, t, probability, selection, outcome, max_iter, tol)
    _, c, s, _, (last, *_) = _checked_run(
        func, positions, capabilities, saliences, bounds, opts, one_issue=False
    )
    out: FloatArray = _median(last, c * s) if outcome == "median" else _mean(last, c * s)
    return out
