"""Close matches ("did you mean") for unknown names (private).

A scenario has some 60 parameters; an error that lists all of them hides the
one the user meant. :func:`unknown_name` names the closest matches first
(:func:`difflib.get_close_matches`) and lists every valid name only when
there are few.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["unknown_name"]

#: Lists of valid names longer than this are not spelled out in full.
MAX_LISTED = 12


def unknown_name(kind: str, name: object, known: Iterable[str], *, where: str = "") -> str:
    """The message for an unknown ``kind`` called ``name``, with close matches.

    Parameters
    ----------
    kind : str
        What was looked up (``"parameter"``, ``"outcome"``, ...).
    name : object
        What the user wrote.
    known : iterable of str
        The valid names.
    where : str, optional
        Who is missing it (``"scenario 'ukraine-2023'"``); starts the message.

    Examples
    --------
    >>> from mediation_sim._suggest import unknown_name
    >>> print(unknown_name("parameter", "levrage", ["china_pressure", "leverage"]))
    unknown parameter 'levrage'; did you mean 'leverage'? Valid: china_pressure, leverage
    >>> print(unknown_name("parameter", "p5x", [f"p{k}" for k in range(40)]))
    unknown parameter 'p5x'; did you mean 'p5' or 'p35' or 'p25'? There are 40 parameters ...
    >>> print(unknown_name("parameter", "x", [f"p{k}" for k in range(40)], where="scenario 's'"))
    scenario 's' has no parameter 'x'; there are 40 parameters (list them with .parameters)
    """
    names = sorted(set(known))
    head = f"{where} has no {kind} {name!r}" if where else f"unknown {kind} {name!r}"
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6) if isinstance(name, str) else []
    message = head
    if close:
        message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    sep = " " if close else "; "
    if len(names) <= MAX_LISTED:
        message += f"{sep}{'V' if close else 'v'}alid: " + ", ".join(names)
    else:
        message += (
            f"{sep}{'T' if close else 't'}here are {len(names)} {kind}s (list them with .{kind}s)"
        )
    return message
