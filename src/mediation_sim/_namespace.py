"""Give public objects a public home (private).

Public classes and functions print, pickle and document under the package
that exports them, not under the private module that defines them (as in
NumPy and SciPy). Methods follow their class, so that :mod:`doctest`, which
collects an object's examples from its ``__module__``, still finds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import FunctionType

__all__ = ["rehome"]


def rehome(
    namespace: Mapping[str, object], names: Iterable[str], package: str, *, siblings: bool = False
) -> None:
    """Set ``__module__`` to ``package`` on the objects ``names`` and on their methods.

    Only objects defined in a module inside ``package`` move (with
    ``siblings``, also those of a private module beside it: a public module
    re-exporting its private neighbours). Re-exports from elsewhere and
    values that are not classes or functions are left as they are.
    """
    parent = package.rpartition(".")[0]
    for name in names:
        obj = namespace[name]
        if not isinstance(obj, type | FunctionType):
            continue
        home = obj.__module__
        where, _, leaf = home.rpartition(".")
        inside = home.startswith(f"{package}.")
        beside = siblings and where == parent and leaf.startswith("_")
        if not (inside or beside):
            continue
        for member in vars(obj).values() if isinstance(obj, type) else ():
            func = getattr(member, "__func__", member)  # classmethod and staticmethod
            if isinstance(func, FunctionType) and func.__module__ == home:
                func.__module__ = package
            fget = getattr(member, "fget", None)  # properties
            if isinstance(fget, FunctionType) and fget.__module__ == home:
                fget.__module__ = package
        obj.__module__ = package
