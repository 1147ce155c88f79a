"""Signalling games as game trees: nature draws a sender type, the sender sends, the receiver acts.

:func:`signalling_game` builds the standard two-stage tree [CK87]_: a chance
node draws the sender's type from a prior; the sender, knowing it, chooses a
message; the receiver sees the message (not the type) and responds. The
receiver's information set after message ``m`` is labelled ``m`` and holds
one node per type; the sender's decision node of type ``t`` is labelled
``t``. Solve it with :func:`mediation_sim.solvers.perfect_bayesian`.

References
----------
.. [CK87] I.-K. Cho and D. M. Kreps, "Signaling games and stable
   equilibria", *Quarterly Journal of Economics* 102 (1987) 179-221.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from .._errors import GameShapeError, InvalidArgumentError
from .._validation import check_labels
from .extensive_form import GameTree, chance, decision, terminal

__all__ = ["signalling_game"]


def signalling_game(
    prior: Mapping[str, float],
    messages: Sequence[str],
    responses: Sequence[str],
    payoffs: ArrayLike,
    *,
    players: Sequence[str] = ("sender", "receiver"),
    title: str = "",
) -> GameTree:
    """A sender-receiver signalling game as a :class:`GameTree`.

    Parameters
    ----------
    prior : Mapping[str, float]
        Sender type -> prior probability (positive, summing to 1).
    messages : sequence of str
        The sender's messages.
    responses : sequence of str
        The receiver's actions.
    payoffs : array_like, shape (n_types, n_messages, n_responses, 2)
        ``payoffs[t, m, a] = (sender's payoff, receiver's payoff)``.
    players : pair of str, default ("sender", "receiver")
        Player names.
    title : str, default ""
        Tree title.

    Returns
    -------
    GameTree

    Raises
    ------
    GameShapeError
        If ``payoffs`` has the wrong shape.
    InvalidArgumentError
        If the prior is not a distribution with positive entries, or labels
        repeat.

    Examples
    --------
    Cho and Kreps's beer-quiche game: the sender is strong with probability
    0.9; each type gets 1 for its preferred breakfast plus 2 if not
    challenged; the receiver gains 1 by duelling a weak sender or by
    leaving a strong one alone.

    >>> import numpy as np
    >>> from mediation_sim.games import signalling_game
    >>> u = np.zeros((2, 2, 2, 2))
    >>> for t, likes in enumerate([0, 1]):          # strong likes beer, weak quiche
    ...     for m in range(2):
    ...         for a in range(2):                  # a = 0 duel, 1 don't
    ...             u[t, m, a] = [(m == likes) + 2 * a, float((t == 1) == (a == 0))]
    >>> tree = signalling_game({"strong": 0.9, "weak": 0.1}, ["beer", "quiche"],
    ...                        ["duel", "dont"], u)
    >>> tree.n_terminals
    8
    """
    func = "signalling_game"
    if not prior:
        raise InvalidArgumentError(f"{func}(): prior must map each type to its probability")
    types = check_labels(list(prior), count=len(prior), what="types", func=func)
    probs = np.array([float(prior[t]) for t in types])
    if not np.isfinite(probs).all() or probs.min() <= 0 or abs(probs.sum() - 1.0) > 1e-9:
        raise InvalidArgumentError(
            f"{func}(): prior probabilities must be positive and sum to 1, got {probs.tolist()}"
        )
    msgs = check_labels(messages, count=len(messages), what="messages", func=func)
    acts = check_labels(responses, count=len(responses), what="responses", func=func)
    names = check_labels(players, count=2, what="players", func=func)
    u = np.asarray(payoffs, dtype=np.float64)
    expected = (len(types), len(msgs), len(acts), 2)
    if u.shape != expected:
        raise GameShapeError(
            f"{func}(): payoffs must have shape (types, messages, responses, 2) = {expected}, "
            f"got {u.shape}"
        )
    branches = {}
    for ti, t in enumerate(types):
        sends = {
            m: decision(
                names[1],
                {a: terminal(u[ti, mi, ai].tolist()) for ai, a in enumerate(acts)},
                infoset=m,
            )
            for mi, m in enumerate(msgs)
        }
        branches[t] = (float(probs[ti]), decision(names[0], sends, infoset=t))
    return GameTree(chance(branches), players=list(names), title=title)
