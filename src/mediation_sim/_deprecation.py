"""Deprecation helpers shared by every layer (private).

One decorator, :func:`deprecate_positional`, carries a public function through
the transition from a positional option to a keyword-only one, as SciPy's
``scipy._lib.deprecation._deprecate_positional_args`` does: the new signature
is keyword-only (so ``inspect.signature``, the docs and type checkers show the
target), while an old positional call still runs and emits a
:class:`DeprecationWarning` that names the keyword to use.

Why :class:`DeprecationWarning` rather than :class:`FutureWarning`: it is the
warning SciPy (this library's anchor for signatures) uses for this transition;
Python shows it where the call is written by the user -- code run as
``__main__``, in a notebook cell, or under pytest -- and hides it when the
call sits inside another installed library, whose own tests will show it to
its maintainers. The warning points at the caller's line (``stacklevel=2``).
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

__all__ = ["deprecate_positional"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def deprecate_positional(
    *names: str, since: str = "0.2", removed_in: str = "0.3"
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Accept, with a warning, the listed keyword-only options passed by position.

    Parameters
    ----------
    *names : str
        The keyword-only parameters that used to be positional, in their old
        order; they must directly follow the positional parameters' slots.
    since : str, default "0.2"
        The version whose signature made them keyword-only.
    removed_in : str, default "0.3"
        The version in which a positional call becomes a :class:`TypeError`.

    Returns
    -------
    callable
        A decorator. The decorated function keeps its name, docstring,
        signature (through ``__wrapped__``) and pickling by reference.

    Examples
    --------
    >>> import warnings
    >>> @deprecate_positional("scale")
    ... def stretch(x, *, scale=1.0):
    ...     return x * scale
    >>> stretch(2.0, scale=3.0)
    6.0
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     stretch(2.0, 3.0)
    6.0
    >>> caught[0].category.__name__
    'DeprecationWarning'
    >>> print(caught[0].message)
    stretch(): pass scale by keyword (scale=...); passing it by position is deprecated ...
    """

    def decorate(func: Callable[_P, _R]) -> Callable[_P, _R]:
        params = inspect.signature(func).parameters
        kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        n_positional = sum(p.kind in kinds for p in params.values())
        for name in names:
            if name not in params or params[name].kind is not inspect.Parameter.KEYWORD_ONLY:
                msg = f"{func.__qualname__}() has no keyword-only parameter {name!r}"
                raise TypeError(msg)
        qualname = func.__qualname__

        @functools.wraps(func)
        def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            extra = len(args) - n_positional
            if extra <= 0 or extra > len(names):
                return func(*args, **kwargs)  # the signature decides (a TypeError if too many)
            moved = names[:extra]
            duplicated = [name for name in moved if name in kwargs]
            if duplicated:
                msg = f"{qualname}() got multiple values for argument {duplicated[0]!r}"
                raise TypeError(msg)
            words = ", ".join(moved)
            example = ", ".join(f"{name}=..." for name in moved)
            warnings.warn(
                f"{qualname}(): pass {words} by keyword ({example}); passing "
                f"{'it' if len(moved) == 1 else 'them'} by position is deprecated since "
                f"{since} and will raise a TypeError in {removed_in}",
                DeprecationWarning,
                stacklevel=2,
            )
            options: dict[str, Any] = dict(kwargs)
            options.update(zip(moved, args[n_positional:], strict=True))
            return func(*args[:n_positional], **options)  # type: ignore[arg-type]

        return wrapper

    return decorate
