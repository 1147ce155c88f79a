r"""KTAB's building blocks: votes, coalition strengths, victory probabilities, Condorcet elections.

KAPSARC's Toolkit for Behavioral Analysis (KTAB) models a collective
decision among options ``i = 1..m`` by ``n`` actors with weights
:math:`w_k > 0` and utilities :math:`u_k(i)`:

1. **Votes.** Actor ``k`` votes for ``i`` over ``j`` with
   :math:`v_k(i, j) = w_k\,\rho(u_k(i) - u_k(j))`, where the *voting rule*
   :math:`\rho` is

   ========================  =======================================================
   ``"binary"``              :math:`\operatorname{clip}(\Delta / 10^{-8}, -1, 1)`
   ``"proportional"``        :math:`\Delta`
   ``"prop_bin"``            :math:`0.8\,\Delta + 0.2\,\text{binary}`
   ``"cubic"``               :math:`\Delta^3`
   ``"prop_cubic"``          :math:`0.5\,\Delta + 0.5\,\Delta^3`
   ``"asym_prospect"``       :math:`\Delta` for losses, :math:`\tfrac{2}{3}\Delta` for gains
   ========================  =======================================================

2. **Coalition strength** of ``i`` against ``j``:
   :math:`C_{ij} = \sum_k \max(v_k(i, j), 0)` (the diagonal is zero).
3. **Victory probability** of ``i`` over ``j`` (*VPModel*): with
   :math:`f(c) = c, c^2, c^4, c^8` (``"linear"``, ``"square"``,
   ``"quartic"``, ``"octic"``), :math:`P_{ij} = f(C_{ij}) / (f(C_{ij}) + f(C_{ji}))`;
   ``"binary"`` gives certain victory to a coalition at least 10% stronger
   and interpolates linearly in :math:`C_{ij}/(C_{ij}+C_{ji})` between.
   :math:`P_{ij} + P_{ji} = 1` and :math:`P_{ii} = 1/2`.
4. **Probabilistic Condorcet election** (*PCEModel*): the probability that
   each option is the outcome.

   * ``"conditional"``: the chance that ``i`` beats every other option,
     conditional on some option doing so:
     :math:`p_i \propto \prod_j P_{ij}`.
   * ``"markov_uniform"``: a Markov chain in which the current favourite
     ``i`` is challenged by a uniformly drawn option and the winner becomes
     the favourite; ``p`` is its stationary distribution, the fixed point of
     :math:`p_i = \tfrac{1}{m}\sum_j P_{ij}(p_i + p_j)`.
   * ``"markov_incentive"``: as above, but ``j`` challenges the favourite
     ``i`` with probability proportional to its incentive
     :math:`C_{ji} P_{ji}` (KTAB's "Markov voting with incentives").

   KTAB iterates the chains with damping until the change is below
   :math:`10^{-8}`; here the stationary distribution is solved for directly
   (both maps are column-stochastic), which agrees to that tolerance.

**Sources**

* B. Wise, *KTAB: the Kapsarc Toolkit for Behavioral Analysis*, KAPSARC
  discussion papers (2015-2017); the KTAB source (MIT licence),
  ``KTAB/kmodel/libsrc/kmodel.cpp`` (``Model::vote``, ``Model::vProb``,
  ``Model::coalitions``, ``condPCE``, ``markovUniformPCE``,
  ``markovIncentivePCE``), and its reference run
  ``KTAB/kmodel/20170530_ref-demomodel.txt``, reproduced in the tests.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from ..._errors import InvalidArgumentError
from ..._results import Result
from ._actors import FloatArray

__all__ = [
    "PCE_MODELS",
    "VICTORY_MODELS",
    "VOTING_RULES",
    "CondorcetElection",
    "coalition_strengths",
    "condorcet_election",
    "condorcet_probabilities",
    "spatial_election",
    "victory_probabilities",
    "votes",
]

VotingRule = Literal["binary", "prop_bin", "proportional", "prop_cubic", "cubic", "asym_prospect"]
VictoryModel = Literal["linear", "square", "quartic", "octic", "binary"]
PCEModel = Literal["conditional", "markov_uniform", "markov_incentive"]

#: Voting rules, in KTAB's order.
VOTING_RULES: tuple[str, ...] = (
    "binary",
    "prop_bin",
    "proportional",
    "prop_cubic",
    "cubic",
    "asym_prospect",
)
#: Victory-probability models (KTAB's ``VPModel``).
VICTORY_MODELS: tuple[str, ...] = ("linear", "square", "quartic", "octic", "binary")
#: Probabilistic Condorcet election models (KTAB's ``PCEModel``).
PCE_MODELS: tuple[str, ...] = ("conditional", "markov_uniform", "markov_incentive")

_BINARY_TOL = 1e-8  # KTAB's width of the binary vote's linear ramp
_BINARY_THRESHOLD = 1.10  # KTAB: 10% more strength wins for certain
_MIN_X = 1e-6  # KTAB: the loser's weight under the binary victory model
_EPS_SUPPORT = 1e-10  # KTAB: an option's incentive to "challenge" itself


def _choice(func: str, name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise InvalidArgumentError(
            f"{func}(): {name} must be one of {', '.join(map(repr, allowed))}, got {value!r}"
        )


def _finite(func: str, name: str, value: ArrayLike, *, min_ndim: int) -> FloatArray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{func}(): {name} must be an array of numbers") from None
    if arr.ndim < min_ndim:
        raise InvalidArgumentError(
            f"{func}(): {name} must have at least {min_ndim} dimension(s), got shape {arr.shape}"
        )
    if not np.isfinite(arr).all():
        raise InvalidArgumentError(f"{func}(): {name} must be finite")
    return arr


def votes(
    weights: ArrayLike, u_i: ArrayLike, u_j: ArrayLike, *, rule: VotingRule = "proportional"
) -> FloatArray:
    """Each actor's vote for option ``i`` over option ``j`` under a KTAB voting rule.

    Parameters
    ----------
    weights : array_like
        Voting weights (``> 0``), broadcast with the utilities.
    u_i, u_j : array_like
        Each actor's utility for the two options.
    rule : str, default "proportional"
        One of :data:`VOTING_RULES` (see the module docstring).

    Returns
    -------
    ndarray
        Positive for ``i``, negative for ``j``.

    Raises
    ------
    InvalidArgumentError
        If a weight is not positive, a value not finite, or the rule unknown.

    Examples
    --------
    >>> from mediation_sim.models.forecasting import ktab
    >>> ktab.votes([2.0, 2.0], [0.5, 0.2], [0.2, 0.5], rule="asym_prospect").round(6)
    array([ 0.4, -0.6])
    """
    func = "votes"
    _choice(func, "rule", rule, VOTING_RULES)
    w = _finite(func, "weights", weights, min_ndim=0)
    if (w <= 0).any():
        raise InvalidArgumentError(f"{func}(): weights must be positive")
    ui = _finite(func, "u_i", u_i, min_ndim=0)
    uj = _finite(func, "u_j", u_j, min_ndim=0)
    try:
        w, ui, uj = np.broadcast_arrays(w, ui, uj)
    except ValueError:
        raise InvalidArgumentError(
            f"{func}(): weights {w.shape}, u_i {ui.shape} and u_j {uj.shape} do not broadcast"
        ) from None
    return _vote(w, ui - uj, rule)


def _vote(w: FloatArray, du: FloatArray, rule: str) -> FloatArray:
    if rule == "binary":
        r = np.clip(du / _BINARY_TOL, -1.0, 1.0)
    elif rule == "prop_bin":
        r = 0.8 * du + 0.2 * np.clip(du / _BINARY_TOL, -1.0, 1.0)
    elif rule == "proportional":
        r = du
    elif rule == "prop_cubic":
        r = 0.5 * du + 0.5 * du**3
    elif rule == "cubic":
        r = du**3
    else:  # asym_prospect: gains count two thirds as much as losses
        r = np.where(du > 0, 2.0 * du / 3.0, du)
    out: FloatArray = w * r
    return out


def coalition_strengths(
    weights: ArrayLike, utilities: ArrayLike, *, rule: VotingRule = "proportional"
) -> FloatArray:
    r"""``C[..., i, j]``: the strength of the coalition for option ``i`` against ``j``.

    :math:`C_{ij} = \sum_k \max(v_k(i, j), 0)`, with votes from :func:`votes`.

    Parameters
    ----------
    weights : array_like, shape (..., n)
        The actors' voting weights (``> 0``; in KTAB's spatial model,
        capability times salience).
    utilities : array_like, shape (..., n, m)
        ``utilities[..., k, i]``: actor ``k``'s utility for option ``i``.
    rule : str, default "proportional"
        One of :data:`VOTING_RULES`.

    Returns
    -------
    ndarray, shape (..., m, m)
        Non-negative, zero on the diagonal.

    Raises
    ------
    InvalidArgumentError
        On bad input.

    Examples
    --------
    Two actors of weight 1 and 2 who prefer different options:

    >>> from mediation_sim.models.forecasting import ktab
    >>> ktab.coalition_strengths([1.0, 2.0], [[1.0, 0.0], [0.25, 1.0]])
    array([[0. , 1. ],
           [1.5, 0. ]])
    """
    func = "coalition_strengths"
    _choice(func, "rule", rule, VOTING_RULES)
    w = _finite(func, "weights", weights, min_ndim=1)
    u = _finite(func, "utilities", utilities, min_ndim=2)
    if (w <= 0).any():
        raise InvalidArgumentError(f"{func}(): weights must be positive")
    if u.shape[-2] != w.shape[-1]:
        raise InvalidArgumentError(
            f"{func}(): utilities have {u.shape[-2]} actors (rows) but weights {w.shape[-1]}"
        )
    try:
        np.broadcast_shapes(w.shape[:-1], u.shape[:-2])
    except ValueError:
        raise InvalidArgumentError(
            f"{func}(): the batch shapes of weights {w.shape[:-1]} and utilities "
            f"{u.shape[:-2]} do not broadcast"
        ) from None
    return _coalitions(w, u, rule)


def _coalitions(w: FloatArray, u: FloatArray, rule: str) -> FloatArray:
    du = u[..., :, :, None] - u[..., :, None, :]  # (..., k, i, j)
    v = _vote(w[..., :, None, None], du, rule)
    c: FloatArray = np.maximum(v, 0.0).sum(axis=-3)
    return c


def victory_probabilities(strengths: ArrayLike, *, model: VictoryModel = "linear") -> FloatArray:
    """``P[..., i, j]``: the probability that option ``i``'s coalition defeats ``j``'s.

    Parameters
    ----------
    strengths : array_like, shape (..., m, m)
        Coalition strengths (non-negative), for example from
        :func:`coalition_strengths`.
    model : str, default "linear"
        One of :data:`VICTORY_MODELS` (see the module docstring).

    Returns
    -------
    ndarray, shape (..., m, m)
        ``P + P.T == 1``; the diagonal is ``1/2``.

    Raises
    ------
    InvalidArgumentError
        If a strength is negative or not finite, or both ``C[i, j]`` and
        ``C[j, i]`` are zero for some ``i != j``.

    Examples
    --------
    The first pair of KTAB's reference run (``Square``):
    ``12.099^2 / (12.099^2 + 10.333^2)``.

    >>> from mediation_sim.models.forecasting import ktab
    >>> ktab.victory_probabilities([[0, 12.099], [10.333, 0]], model="square").round(4)
    array([[0.5   , 0.5782],
           [0.4218, 0.5   ]])
    """
    func = "victory_probabilities"
    _choice(func, "model", model, VICTORY_MODELS)
    c = _finite(func, "strengths", strengths, min_ndim=2)
    if c.shape[-1] != c.shape[-2]:
        raise InvalidArgumentError(f"{func}(): strengths must be square, got shape {c.shape}")
    if (c < 0).any():
        raise InvalidArgumentError(f"{func}(): strengths must be non-negative")
    off = ~np.eye(c.shape[-1], dtype=bool)
    if ((c + np.swapaxes(c, -1, -2) <= 0) & off).any():
        raise InvalidArgumentError(
            f"{func}(): for every pair of options one coalition must have positive strength"
        )
    return _victory(c, model)


def _victory(c: FloatArray, model: str) -> FloatArray:
    ct = np.swapaxes(c, -1, -2)
    if model == "binary":
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = c / (c + ct)
        t = _BINARY_THRESHOLD
        ramp = (ratio * (t + 1.0) - 1.0) / (t - 1.0)
        x1 = np.where(c >= t * ct, 1.0, np.where(ct >= t * c, _MIN_X, ramp))
        x2 = np.where(c >= t * ct, _MIN_X, np.where(ct >= t * c, 1.0, 1.0 - ramp))
    else:
        power = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[model]
        x1, x2 = c**power, ct**power
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x1 / (x1 + x2)
    m = c.shape[-1]
    out: FloatArray = np.where(np.eye(m, dtype=bool), 0.5, p)
    return out


def _stationary(mat: FloatArray) -> FloatArray:
    """Stationary distribution of column-stochastic matrices ``(..., m, m)``: ``M p = p``."""
    m = mat.shape[-1]
    a = mat - np.eye(m)
    a[..., -1, :] = 1.0  # replace one (redundant) equation by sum(p) = 1
    b = np.zeros(mat.shape[:-1])
    b[..., -1] = 1.0
    p = np.maximum(np.linalg.solve(a, b[..., None])[..., 0], 0.0)
    out: FloatArray = p / p.sum(axis=-1, keepdims=True)
    return out


def _pce(c: FloatArray, pv: FloatArray, model: str) -> FloatArray:
    m = pv.shape[-1]
    if model == "conditional":
        prod = np.prod(pv, axis=-1)
        out: FloatArray = prod / prod.sum(axis=-1, keepdims=True)
        return out
    eye = np.eye(m, dtype=bool)
    if model == "markov_uniform":
        # p_i <- (1/m) sum_j P_ij (p_i + p_j)
        mat = (pv + np.where(eye, pv.sum(axis=-1, keepdims=True), 0.0)) / m
        return _stationary(mat)
    # markov_incentive: challenge of favourite i by j with prob chl[j, i]
    incentive = c * pv + np.where(eye, _EPS_SUPPORT, 0.0)
    chl = incentive / incentive.sum(axis=-2, keepdims=True)
    # q_i = sum_j P_ij (p_i chl[j, i] + p_j chl[i, j])
    diag = (pv * np.swapaxes(chl, -1, -2)).sum(axis=-1)
    mat = pv * chl + np.where(eye, diag[..., :, None], 0.0)
    return _stationary(mat)


def condorcet_probabilities(
    strengths: ArrayLike,
    *,
    victory: VictoryModel = "linear",
    model: PCEModel = "conditional",
) -> FloatArray:
    """The probability that each option wins a probabilistic Condorcet election.

    Parameters
    ----------
    strengths : array_like, shape (..., m, m)
        Coalition strengths (see :func:`coalition_strengths`).
    victory : str, default "linear"
        One of :data:`VICTORY_MODELS`.
    model : str, default "conditional"
        One of :data:`PCE_MODELS` (see the module docstring).

    Returns
    -------
    ndarray, shape (..., m)
        Non-negative, summing to one.

    Raises
    ------
    InvalidArgumentError
        On bad input (as :func:`victory_probabilities`) or an unknown model.

    Examples
    --------
    KTAB's reference run (``Square`` victory probabilities):

    >>> from mediation_sim.models.forecasting import ktab
    >>> c = [[0, 12.099, 54.921], [10.333, 0, 27.079], [5.007, 55.047, 0]]
    >>> ktab.condorcet_probabilities(c, victory="square").round(4)
    array([0.8659, 0.1241, 0.01  ])
    >>> ktab.condorcet_probabilities(c, victory="square", model="markov_uniform").round(4)
    array([0.6351, 0.2148, 0.1501])
    """
    func = "condorcet_probabilities"
    _choice(func, "model", model, PCE_MODELS)
    pv = victory_probabilities(strengths, model=victory)
    c = np.asarray(strengths, dtype=np.float64)
    return _pce(c, pv, model)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class CondorcetElection(Result):
    """A probabilistic Condorcet election among options (KTAB).

    Attributes
    ----------
    probabilities : ndarray, shape (m,)
        Probability that each option is the outcome.
    victory : ndarray, shape (m, m)
        ``victory[i, j]``: probability that ``i`` defeats ``j``.
    strengths : ndarray, shape (m, m)
        Coalition strengths.
    parameters : dict
        ``rule``, ``victory_model`` and ``model``.
    options : ndarray, shape (m,), optional
        Where the options lie on an issue line (set by :func:`spatial_election`).
    """

    probabilities: FloatArray
    victory: FloatArray
    strengths: FloatArray
    parameters: dict[str, Any]
    options: FloatArray | None = None

    @property
    def expected_option(self) -> float:
        """The probability-weighted position of the outcome (needs ``options``)."""
        if self.options is None:
            raise InvalidArgumentError(
                "expected_option needs option positions; use spatial_election()"
            )
        return float(self.probabilities @ self.options)

    @property
    def winner(self) -> int:
        """Index of the most probable option (lowest index on ties)."""
        return int(np.argmax(self.probabilities))

    def _summary(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "probabilities": self.probabilities.tolist(),
            "victory": self.victory.tolist(),
            "strengths": self.strengths.tolist(),
            "parameters": dict(self.parameters),
            "options": None if self.options is None else self.options.tolist(),
        }

    def __repr__(self) -> str:
        probs = ", ".join(f"{p:.4g}" for p in self.probabilities[:6])
        more = ", ..." if self.probabilities.size > 6 else ""
        return f"CondorcetElection(probabilities=[{probs}{more}], winner={self.winner})"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(repr(self))}</b></p>"


def condorcet_election(
    weights: ArrayLike,
    utilities: ArrayLike,
    *,
    rule: VotingRule = "proportional",
    victory: VictoryModel = "linear",
    model: PCEModel = "conditional",
) -> CondorcetElection:
    """Votes, coalitions, victory probabilities and the election among ``m`` options.

    Parameters
    ----------
    weights : array_like, shape (n,)
        The actors' voting weights (``> 0``).
    utilities : array_like, shape (n, m)
        Each actor's utility for each option.
    rule, victory, model : str
        The voting rule, victory-probability model and election model (see
        the module docstring).

    Returns
    -------
    CondorcetElection

    Raises
    ------
    InvalidArgumentError
        On bad input, or when two options are tied for every actor (no
        coalition forms between them).

    Examples
    --------
    Three actors on a line at 0, 0.5 and 1 with weights 1, 1 and 1.5,
    options at their positions, utility ``1 - |x - option|``:

    >>> import numpy as np
    >>> from mediation_sim.models.forecasting import ktab
    >>> x = np.array([0.0, 0.5, 1.0])
    >>> u = 1 - np.abs(x[:, None] - x[None, :])
    >>> ktab.condorcet_election([1.0, 1.0, 1.5], u).winner   # the median position
    1
    """
    func = "condorcet_election"
    for name, value, allowed in (
        ("rule", rule, VOTING_RULES),
        ("victory", victory, VICTORY_MODELS),
        ("model", model, PCE_MODELS),
    ):
        _choice(func, name, value, allowed)
    w = _finite(func, "weights", weights, min_ndim=1)
    u = _finite(func, "utilities", utilities, min_ndim=2)
    if w.ndim != 1 or u.ndim != 2:
        raise InvalidArgumentError(f"{func}(): weights must be 1-d and utilities 2-d")
    c = coalition_strengths(w, u, rule=rule)
    pv = victory_probabilities(c, model=victory)
    return CondorcetElection(
        probabilities=_pce(c, pv, model),
        victory=pv,
        strengths=c,
        parameters={"rule": rule, "victory_model": victory, "model": model},
    )


def spatial_election(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    bounds: tuple[float, float] | None = None,
    rule: VotingRule = "proportional",
    victory: VictoryModel = "square",
    model: PCEModel = "conditional",
) -> CondorcetElection:
    r"""A probabilistic Condorcet election among the positions actors hold on an issue line.

    The options are the distinct positions; actor ``k`` votes with weight
    :math:`c_k s_k` and utility :math:`1 - |x_k - z| / R` for option ``z``
    (``R`` the length of the issue line), the same spatial votes as the BDM
    model. This is the one-shot election KTAB's spatial model holds among
    the current positions, without its bargaining rounds.

    Parameters
    ----------
    positions, capabilities, saliences : array_like, shape (n,)
        As in :func:`mediation_sim.models.forecasting.bdm_forecast`.
    bounds : (float, float), optional
        Ends of the issue line (default: the extreme positions).
    rule, victory, model : str
        Voting rule, victory-probability model (default ``"square"``) and
        election model, as in :func:`condorcet_election`.

    Returns
    -------
    CondorcetElection
        With ``options`` set to the distinct positions (increasing), so
        ``expected_option`` is the probability-weighted outcome.

    Raises
    ------
    InvalidArgumentError
        On bad input, or fewer than two distinct positions with positive weight.

    Examples
    --------
    >>> from mediation_sim.models.forecasting import ktab
    >>> el = ktab.spatial_election([0.0, 0.5, 1.0], [1.0, 1.0, 1.5], [1.0, 1.0, 1.0])
    >>> el.options.tolist(), el.winner          # the weighted median wins most often
    ([0.0, 0.5, 1.0], 1)
    >>> el.probabilities.round(4)     # prop. to the products of P[i, j]: 0.0212, 0.2759, 0.1246
    array([0.0503, 0.6542, 0.2955])
    >>> round(el.expected_option, 4)
    0.6226
    """
    from ._actors import checked_actors, checked_bounds

    func = "spatial_election"
    x, c, s = checked_actors(func, positions, capabilities, saliences)
    if x.ndim != 1:
        raise InvalidArgumentError(f"{func}(): takes one issue (1-d arrays)")
    lo, hi = checked_bounds(bounds, x, func=func)
    keep = c * s > 0
    options = np.unique(x)
    if options.size < 2:
        raise InvalidArgumentError(f"{func}(): needs at least two distinct positions")
    span = float(hi - lo)
    u = 1.0 - np.abs(x[keep][:, None] - options[None, :]) / span
    res = condorcet_election(c[keep] * s[keep], u, rule=rule, victory=victory, model=model)
    return CondorcetElection(
        probabilities=res.probabilities,
        victory=res.victory,
        strengths=res.strengths,
        parameters=res.parameters,
        options=options,
    )
