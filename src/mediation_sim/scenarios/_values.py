"""Declarative values in scenario specs: numbers, parameter references, products and sums.

A *value* in a scenario file is data, never code. The grammar is

.. code-block:: text

    value := number | "name" | "-name"
           | {coef = value, times = "name" | ["name", ...]}
           | [value, ...]

* a number is a constant;
* ``"name"`` is the value of parameter ``name``; ``"-name"`` its negative;
* ``{coef = v, times = [...]}`` is ``v`` multiplied by each named parameter;
* a list is the sum of its items.

So every value is a polynomial in the parameters: a sum of monomials
``constant * prod(parameters)``. It is evaluated vectorised over a batch of
parameter values, and its interval over a box of parameter bounds is computed
by interval arithmetic (used to prove that lottery probabilities stay in
[0, 1] for every admissible parameter value).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .._results import register_dataclass

__all__ = ["Monomial", "Value", "parse_value"]

FloatArray = NDArray[np.float64]


@register_dataclass
@dataclass(frozen=True, slots=True)
class Monomial:
    """``constant * prod(factors)``."""

    constant: float
    factors: tuple[str, ...]


@register_dataclass
@dataclass(frozen=True, slots=True)
class Value:
    """A sum of monomials in the scenario's parameters."""

    monomials: tuple[Monomial, ...]

    @property
    def parameters(self) -> frozenset[str]:
        """Names of the parameters the value depends on."""
        return frozenset(f for m in self.monomials for f in m.factors)

    @property
    def literals(self) -> tuple[float, ...]:
        """Constants written as bare numbers (monomials without factors)."""
        return tuple(m.constant for m in self.monomials if not m.factors)

    def evaluate(self, params: Mapping[str, FloatArray]) -> FloatArray:
        """Evaluate for parameter values given as 0-d or batch-shaped arrays.

        The result has the broadcast shape of the parameters it uses (0-d if
        none of them varies over the batch).
        """
        out: FloatArray = np.asarray(0.0)
        for m in self.monomials:
            term: FloatArray = np.asarray(m.constant)
            for f in m.factors:
                term = term * params[f]
            out = out + term
        return np.asarray(out, dtype=np.float64)

    def interval(self, bounds: Mapping[str, tuple[float, float]]) -> tuple[float, float]:
        """An enclosure ``[lo, hi]`` of the value over the box of parameter bounds."""
        lo_total = 0.0
        hi_total = 0.0
        for m in self.monomials:
            lo, hi = m.constant, m.constant
            for f in m.factors:
                a, b = bounds[f]
                products = (lo * a, lo * b, hi * a, hi * b)
                lo, hi = min(products), max(products)
            lo_total += lo
            hi_total += hi
        return lo_total, hi_total

    def is_affine_in(self, name: str) -> bool:
        """Whether no monomial has ``name`` as a factor more than once."""
        return all(m.factors.count(name) <= 1 for m in self.monomials)

    def coefficient_of(self, name: str) -> Value:
        """The part multiplying ``name`` (for a value affine in it)."""
        return Value(
            tuple(
                Monomial(m.constant, tuple(f for f in m.factors if f != name))
                for m in self.monomials
                if name in m.factors
            )
        )

    def __add__(self, other: Value) -> Value:
        return Value(self.monomials + other.monomials)


ZERO = Value(())


def parse_value(raw: object, *, where: str, fail: Callable[[str, str], Exception]) -> Value:
    """Parse the value grammar; ``fail(where, message)`` builds the error to raise."""
    if isinstance(raw, bool):
        raise fail(where, "a value must be a number or a parameter name, not a boolean")
    if isinstance(raw, numbers.Real):
        x = float(raw)
        if not math.isfinite(x):
            raise fail(where, f"numbers must be finite, got {raw!r}")
        return Value((Monomial(x, ()),))
    if isinstance(raw, str):
        name = raw.strip()
        sign = 1.0
        if name.startswith("-"):
            sign, name = -1.0, name[1:].strip()
        if not name.isidentifier():
            raise fail(where, f"{raw!r} is not a parameter name (letters, digits, underscores)")
        return Value((Monomial(sign, (name,)),))
    if isinstance(raw, list):
        if not raw:
            raise fail(where, "an empty list is not a value")
        total = ZERO
        for k, item in enumerate(raw):
            total = total + parse_value(item, where=f"{where}[{k}]", fail=fail)
        return total
    if isinstance(raw, dict):
        unknown = set(raw) - {"coef", "times"}
        if unknown or "coef" not in raw:
            raise fail(
                where,
                "a product must be written {coef = value, times = name or [names]}"
                + (f"; unknown keys {sorted(unknown)}" if unknown else ""),
            )
        coef = parse_value(raw["coef"], where=f"{where}.coef", fail=fail)
        times = raw.get("times", [])
        if isinstance(times, str):
            times = [times]
        if not isinstance(times, list) or not all(
            isinstance(t, str) and t.isidentifier() for t in times
        ):
            raise fail(f"{where}.times", "times must be a parameter name or a list of names")
        return Value(tuple(Monomial(m.constant, m.factors + tuple(times)) for m in coef.monomials))
    raise fail(where, f"cannot read {type(raw).__name__} {raw!r} as a value")
