"""One equilibrium of a two-player game by the Lemke–Howson algorithm."""

from __future__ import annotations

import numbers
from typing import Literal

import numpy as np

from .._errors import ConvergenceWarning, GameTooLargeError, InvalidArgumentError
from .._validation import DEFAULT_TOL, check_positive_int, warn_user
from ..games.normal_form import NormalFormGame
from ._core import SolverOutput, nash_solver
from ._polytope import FloatArray, normalised_payoffs

__all__ = ["lemke_howson"]

#: Pivot elements at or below this (in normalised payoff units) are treated as zero.
_PIVOT_EPS = 1e-12
#: Ratios within this relative distance tie in the lexicographic ratio test.
_TIE_RTOL = 1e-12


#: Most entries of the two Lemke-Howson tableaux together, ``(m + n) * (m + n + 1)``
#: for an ``m x n`` game (50 million floats, 400 MB). Checked before anything is
#: allocated; assign a larger value to
#: ``mediation_sim.solvers._lemke_howson.MAX_TABLEAU_ENTRIES`` to lift it.
MAX_TABLEAU_ENTRIES = 50_000_000


def _lexicographic_row(
    tableau: FloatArray, column: int, slack: slice, rhs: FloatArray, ratios: FloatArray
) -> int | None:
    """Leaving row by the lexicographic minimum-ratio test (None: column unbounded).

    Rows are compared by ``(rhs, basis-inverse row) / pivot element``; the
    basis inverse sits in the columns of the slack variables (they started
    as the identity), whose rows are linearly independent, so the winner is
    unique and the path cannot cycle in degenerate games. The first
    comparison almost always decides, so it is done for all rows at once.
    ``rhs`` is the tableau's right-hand-side column and ``ratios`` a scratch
    vector of the same length.
    """
    col = tableau[:, column]
    positive = col > _PIVOT_EPS
    ratios.fill(np.inf)
    np.divide(rhs, col, out=ratios, where=positive)
    row = int(ratios.argmin())
    best = float(ratios[row])
    if best == np.inf:
        return None
    tied = ratios <= best + _TIE_RTOL * max(1.0, abs(best))
    if np.count_nonzero(tied) == 1:
        return row
    rows = np.flatnonzero(tied)
    for k in range(slack.start, slack.stop):
        vals = tableau[rows, k] / col[rows]
        least = vals.min()
        rows = rows[vals <= least + _TIE_RTOL * max(1.0, abs(least))]
        if rows.size == 1:
            break
    return int(rows[0])


def _path(
    a: FloatArray, b: FloatArray, label: int, max_iter: int
) -> tuple[FloatArray, FloatArray, int, bool]:
    """Follow the Lemke–Howson path that drops ``label``; ``(x, y, pivots, finished)``.

    Both tableaux have one column per label (then the right-hand side):
    the row player's ``B^T x + s = 1`` with columns ``x_0..x_{m-1}``,
    ``s_0..s_{n-1}``; the column player's ``r + A y = 1`` with columns
    ``r_0..r_{m-1}``, ``y_0..y_{n-1}``. Variable ``x_i`` and ``r_i`` carry
    label ``i``; ``s_j`` and ``y_j`` carry label ``m + j``.

    Each pivot is a handful of NumPy calls on the small tableau (the
    minimum-ratio test inline, the update as one rank-one subtraction); the
    lexicographic comparison runs only when minimum ratios tie.
    """
    m, n = a.shape
    n_labels = m + n
    width = n_labels + 1
    tab_p = np.zeros((n, width))
    tab_p[:, :m] = b.T
    tab_p.reshape(-1)[m :: n_labels + 2] = 1.0  # the slack identity, columns m..m+n-1
    tab_p[:, n_labels] = 1.0
    tab_q = np.zeros((m, width))
    tab_q.reshape(-1)[:: n_labels + 2] = 1.0  # the slack identity, columns 0..m-1
    tab_q[:, m:n_labels] = a
    tab_q[:, n_labels] = 1.0
    basis_p = list(range(m, n_labels))  # label of the basic variable of each row
    basis_q = list(range(m))
    # per tableau: itself, its basis, its slack columns, its rhs column, scratch ratios
    tableaux = (
        (tab_p, basis_p, slice(m, n_labels), tab_p[:, n_labels], np.empty(n)),
        (tab_q, basis_q, slice(0, m), tab_q[:, n_labels], np.empty(m)),
    )
    side = 0 if label < m else 1
    entering = label
    pivots = 0
    finished = False
    inf = np.inf
    while pivots < max_iter:
        tableau, basis, slack, rhs, ratios = tableaux[side]
        col = tableau[:, entering]
        positive = col > _PIVOT_EPS
        ratios.fill(inf)
        np.divide(rhs, col, out=ratios, where=positive)
        row = int(ratios.argmin())
        best = float(ratios[row])
        if best == inf:  # pragma: no cover - impossible with positive payoffs
            break
        if np.count_nonzero(ratios <= best + _TIE_RTOL * max(1.0, abs(best))) > 1:
            # ties: the lexicographic test (it recomputes the same ratios first)
            tie_row = _lexicographic_row(tableau, entering, slack, rhs, ratios)
            row = row if tie_row is None else tie_row
        pivot_row = tableau[row] / col[row]
        tableau -= np.multiply.outer(col, pivot_row)
        tableau[row] = pivot_row
        leaving = basis[row]
        basis[row] = entering
        pivots += 1
        if leaving == label:
            finished = True
            break
        entering = leaving
        side = 1 - side
    x = np.zeros(m)
    y = np.zeros(n)
    for r, lab in enumerate(basis_p):
        if lab < m:
            x[lab] = max(tab_p[r, n_labels], 0.0)
    for r, lab in enumerate(basis_q):
        if lab >= m:
            y[lab - m] = max(tab_q[r, n_labels], 0.0)
    return x, y, pivots, finished


def _check_label(initial_label: object, n_labels: int) -> list[int]:
    if isinstance(initial_label, str) and initial_label == "all":
        return list(range(n_labels))
    if (
        isinstance(initial_label, bool)
        or not isinstance(initial_label, numbers.Integral)
        or not 0 <= int(initial_label) < n_labels
    ):
        raise InvalidArgumentError(
            f"lemke_howson(): initial_label must be an integer in [0, {n_labels}) "
            f"(0..m-1 the row player's strategies, m..m+n-1 the column player's) "
            f"or 'all', got {initial_label!r}"
        )
    return [int(initial_label)]


@nash_solver("lemke_howson", n_players=2)
def lemke_howson(
    game: NormalFormGame,
    *,
    initial_label: int | Literal["all"] = 0,
    tol: float = DEFAULT_TOL,  # noqa: ARG001 - used by the @nash_solver verifier
    max_iter: int = 1_000_000,
) -> SolverOutput:
    """One Nash equilibrium of a two-player game by the Lemke–Howson algorithm.

    Complementary pivoting on the best-response polytopes (Lemke and
    Howson 1964; von Stengel 2007, section 3.4), with the lexicographic
    ratio test so that degenerate games are handled too:

    1. Map each player's payoffs affinely onto ``[1, 2]`` (equilibria are
       unchanged; all payoffs become positive) and set up the two tableaux
       ``B^T x + s = 1`` and ``A y + r = 1``, starting from the artificial
       equilibrium ``x = 0, y = 0``, where every label is present.
    2. Drop ``initial_label``: its variable enters its tableau's basis.
    3. Choose the leaving variable by the lexicographic minimum-ratio test
       and pivot. The leaving variable's label is now duplicated, so the
       variable with that label enters the *other* tableau.
    4. Repeat until the label that leaves is ``initial_label``: the pair
       is then completely labelled, an equilibrium.
    5. Normalise to probabilities and verify with the shared regret oracle.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with ``m x n`` strategies.
    initial_label : int or "all", default 0
        The label dropped at the start: ``0..m-1`` are the row player's
        strategies, ``m..m+n-1`` the column player's. Different labels may
        lead to different equilibria. ``"all"`` runs the algorithm from
        every label and returns the distinct equilibria reached (still not
        necessarily all equilibria: Lemke–Howson from the artificial
        equilibrium only reaches equilibria of index +1).
    tol : float, default 1e-8
        Relative regret tolerance of the verifier (scale:
        :attr:`~mediation_sim.NormalFormGame.payoff_range`).
    max_iter : int, default 1_000_000
        Largest number of pivots per path. Paths can be exponentially
        long (Savani and von Stengel 2006), but are short on typical games.

    Returns
    -------
    NashResult
        One equilibrium (or, with ``"all"``, the distinct ones reached);
        ``n_iter`` counts the pivots; ``degenerate`` is None (not tested:
        use :func:`is_degenerate`).

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`~mediation_sim.NormalFormGame`,
        ``initial_label`` is not a label or ``"all"``, ``max_iter < 1`` or
        ``tol`` is negative.
    GameShapeError
        If the game does not have two players.

    Warns
    -----
    ConvergenceWarning
        If a path needs more than ``max_iter`` pivots; the result then has
        ``success=False`` (or, with ``"all"``, lacks that label's answer).

    See Also
    --------
    support_enumeration, vertex_enumeration : every extreme equilibrium.
    nash_2p : choose the method by name.

    Notes
    -----
    Each pivot is a rank-one update of a small dense tableau (one NumPy
    call); the lexicographic test compares rows of the basis inverse, kept
    in the slack columns, only when minimum ratios tie. Floating-point
    tableaux are used, and the verifier checks the answer, so no exact
    (integer) pivoting is needed.

    References
    ----------
    .. [1] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix
       games", *Journal of the SIAM* 12 (1964), 413-423.
    .. [2] B. von Stengel, "Equilibrium computation for two-player games in
       strategic and extensive form", in N. Nisan et al. (eds.),
       *Algorithmic Game Theory*, Cambridge University Press, 2007, ch. 3.
    .. [3] R. Savani and B. von Stengel, "Hard-to-solve bimatrix games",
       *Econometrica* 74 (2006), 397-429.
    .. [4] L. S. Shapley, "A note on the Lemke-Howson algorithm",
       *Mathematical Programming Study* 1 (1974), 175-189.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> from mediation_sim.solvers import lemke_howson
    >>> g = ms.NormalFormGame([[[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]])
    >>> res = lemke_howson(g, initial_label=1)
    >>> res[0]
    MixedProfile(p1={s2: 0.3333, s3: 0.6667}, p2={s1: 0.3333, s2: 0.6667})
    >>> g.is_nash(res[0])
    True
    """
    m, n = game.shape
    entries = (m + n) * (m + n + 1)
    if entries > MAX_TABLEAU_ENTRIES:
        raise GameTooLargeError(
            f"lemke_howson(): a {m}x{n} game needs tableaux of {entries:,} entries, above the "
            f"limit of {MAX_TABLEAU_ENTRIES:,} "
            "(mediation_sim.solvers._lemke_howson.MAX_TABLEAU_ENTRIES); eliminate dominated "
            "strategies first"
        )
    labels = _check_label(initial_label, m + n)
    max_iter = check_positive_int(max_iter, func="lemke_howson", name="max_iter")
    a, b = normalised_payoffs(game)
    profiles: list[tuple[FloatArray, FloatArray]] = []
    unfinished: list[int] = []
    total = 0
    for label in labels:
        x, y, pivots, finished = _path(a, b, label, max_iter)
        total += pivots
        if finished:
            profiles.append((x / x.sum(), y / y.sum()))
        else:
            unfinished.append(label)
    if unfinished:
        warn_user(
            f"lemke_howson: the path from label(s) {unfinished} did not end within "
            f"max_iter={max_iter} pivots",
            ConvergenceWarning,
        )
    which = "every label" if len(labels) > 1 else f"label {labels[0]}"
    message = f"Followed the path from {which} ({total} pivots);"
    if unfinished:
        message += f" label(s) {unfinished} stopped at max_iter={max_iter};"
    return SolverOutput(profiles, n_iter=total, message=message, distinct=len(profiles) <= 1)
