"""The payoff engine of a scenario: outcome lotteries and payoffs over profiles (private).

:class:`PayoffEngine` is the part of :class:`~mediation_sim.scenarios.Scenario`
that turns resolved parameter arrays into outcome probabilities
``P[..., outcome, *profile]`` and payoffs: each rule's lottery is computed
once per class of profiles that meet the same conditions (sparse over
outcomes), each payoff term once on its own batch axes, and the dense arrays
are written once. Nothing loops in Python over profiles or parameter points.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._errors import InvalidArgumentError, ParameterOutOfBoundsError, UnknownNameError
from .._suggest import unknown_name
from ._limits import check_batch_size, check_parameter_value
from ._spec import ScenarioSpec, condition_mask

__all__ = ["PayoffEngine"]

FloatArray = NDArray[np.float64]

#: A lottery by outcome index: ``None`` for probability one, else an array
#: ``([*batch,] n_classes)`` over classes of profiles; outcomes of probability
#: zero are absent.
_Sparse = dict[int, FloatArray | None]


def _condition_key(condition: Mapping[str, frozenset[str]]) -> tuple[Any, ...]:
    """A hashable key of a profile condition (player -> allowed strategies)."""
    return tuple(sorted((k, tuple(sorted(v))) for k, v in condition.items()))


def _add_scaled(out: _Sparse, p: FloatArray, lottery: _Sparse) -> None:
    """``out += p * lottery``, outcome by outcome, skipping exact zeros and ones."""
    for k, v in lottery.items():
        term = p if v is None else p * v
        before = out.get(k)
        out[k] = term if before is None else before + term


class PayoffEngine:
    """Lotteries and payoffs of a compiled spec (a base of :class:`Scenario`).

    The subclass sets the attributes below when it compiles its spec.
    """

    __slots__ = ("_classes", "_masks")  # caches this engine fills

    _spec: ScenarioSpec
    _shape: tuple[int, ...]
    _player_index: dict[str, int]
    _outcome_index: dict[str, int]
    _rule_index: NDArray[np.intp]
    _masks: dict[Any, NDArray[np.bool_]]
    _classes: tuple[NDArray[np.intp], dict[Any, NDArray[np.bool_]]] | None

    def _mask(self, condition: Mapping[str, frozenset[str]]) -> NDArray[np.bool_]:
        key = _condition_key(condition)
        cached = self._masks.get(key)
        if cached is None:
            cached = condition_mask(condition, self._spec.players)
            self._masks[key] = cached
        return cached

    def _per_profile(self, value: FloatArray) -> FloatArray:
        """Append singleton profile axes to a 0-d or batch-shaped value."""
        return value.reshape(value.shape + (1,) * len(self._shape))

    def _lottery(
        self, name: str, params: Mapping[str, FloatArray], memo: dict[str, _Sparse]
    ) -> FloatArray:
        """Probabilities over outcomes, shape ``([*batch,] n_outcomes, *profiles)``.

        The batch axes are present only if some value the lottery uses varies
        over the batch (NumPy broadcasting does the rest).
        """
        sparse = self._sparse_lottery(name, params, memo)
        return self._densify([(None, sparse)])

    def _sparse_lottery(
        self, name: str, params: Mapping[str, FloatArray], memo: dict[str, _Sparse]
    ) -> _Sparse:
        """A lottery as ``{outcome index: probability}``, outcomes it never reaches left out.

        A probability is ``None`` for a certain outcome (exactly 1) or an
        array of shape ``([*batch,] n_classes)``: a lottery depends on the
        profile only through the conditions its probabilities test, so it is
        computed once per class of profiles that meet the same conditions
        (:meth:`_profile_classes`; the flagship's 108 profiles fall into a
        handful) and spread over the profiles by :meth:`_densify`. Leaving out
        the outcomes of probability zero, and the factor 1 of a certain one,
        gives the same bits as the dense product-and-sum over every outcome
        (adding an exact zero and multiplying by an exact one change no finite
        number), and each class's entry is computed with the same operations
        as each of its profiles' was.
        """
        if name in memo:
            return memo[name]
        if name in self._outcome_index:
            certain: _Sparse = {self._outcome_index[name]: None}
            memo[name] = certain
            return certain
        _, class_masks = self._profile_classes()
        n_classes = next(iter(class_masks.values())).shape if class_masks else (1,)
        lottery = self._spec.lotteries[name]
        out: _Sparse = {}
        listed: Any = 0.0
        for prob in lottery.probabilities:
            p: Any = prob.base.evaluate(params)[..., None]
            for coef, cond in prob.terms:
                p = p + coef.evaluate(params)[..., None] * class_masks[_condition_key(cond)]
            p = np.broadcast_to(p, np.broadcast_shapes(np.shape(p), n_classes))
            listed = listed + p
            _add_scaled(out, p, self._sparse_lottery(prob.outcome, params, memo))
        rest = 1.0 - np.asarray(listed)
        _add_scaled(out, rest, self._sparse_lottery(lottery.remainder, params, memo))
        memo[name] = out
        return out

    def _profile_classes(self) -> tuple[NDArray[np.intp], dict[Any, NDArray[np.bool_]]]:
        """Classes of profiles that meet the same lottery conditions.

        Returns the class of every flat profile and, for each condition a
        lottery probability tests, whether each class meets it.
        """
        if self._classes is None:
            conditions = {
                _condition_key(cond): cond
                for lot in self._spec.lotteries.values()
                for prob in lot.probabilities
                for _, cond in prob.terms
            }
            keys = list(conditions)
            bits = np.stack(
                [self._mask(conditions[k]).reshape(-1) for k in keys]
                or [np.zeros(math.prod(self._shape), dtype=bool)]
            )
            rows, class_of = np.unique(bits.T, axis=0, return_inverse=True)
            masks = {k: np.ascontiguousarray(rows[:, j]) for j, k in enumerate(keys)}
            self._classes = (class_of.reshape(-1).astype(np.intp), masks)
        return self._classes

    def _densify(self, parts: Sequence[tuple[NDArray[np.bool_] | None, _Sparse]]) -> FloatArray:
        """Dense ``([*batch,] n_outcomes, *profiles)`` probabilities from sparse lotteries.

        ``parts`` pairs each lottery with the profiles it applies to (``None``:
        all of them); the profile sets are disjoint, so each entry is written
        once, gathered from its class.
        """
        class_of, _ = self._profile_classes()
        k_all = class_of.size
        shapes = [np.shape(v) for _, lot in parts for v in lot.values() if v is not None]
        batch = np.broadcast_shapes(*shapes)[:-1] if shapes else ()
        out = np.zeros((*batch, len(self._spec.outcomes), k_all))
        for where, lot in parts:
            at = np.arange(k_all) if where is None else np.flatnonzero(where)
            classes = class_of[at]
            for k, v in lot.items():
                out[..., k, at] = 1.0 if v is None else np.take(v, classes, axis=-1)
        return out.reshape((*batch, len(self._spec.outcomes), *self._shape))

    def _outcome_probabilities_base(self, params: Mapping[str, FloatArray]) -> FloatArray:
        """Outcome probabilities ``([*batch,] n_outcomes, *profiles)``.

        Batch axes are present only where some value varies over the batch.
        Each profile takes the lottery of its rule (one rule per profile).
        """
        memo: dict[str, _Sparse] = {}
        parts: list[tuple[NDArray[np.bool_] | None, _Sparse]] = []
        for r, rule in enumerate(self._spec.rules):
            where = self._rule_index == r
            if where.any():
                parts.append((where, self._sparse_lottery(rule.lottery, params, memo)))
        return self._densify(parts)

    def _payoffs_full(
        self, params: Mapping[str, FloatArray], batch: tuple[int, ...]
    ) -> tuple[FloatArray, FloatArray]:
        """Payoffs ``(*batch, n_players, *profiles)`` and the un-broadcast outcome probabilities."""
        spec = self._spec
        ns = len(self._shape)
        probs = self._outcome_probabilities_base(params)
        n_out = len(spec.outcomes)
        n = len(spec.players)
        values = [
            [spec.utilities[p.id][o.id].evaluate(params) for o in spec.outcomes]
            for p in spec.players
        ]
        u_batch = np.broadcast_shapes(*(np.shape(v) for row in values for v in row))
        utilities = np.empty((*u_batch, n, n_out))
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                utilities[..., i, j] = v
        # (..., n, O) @ (..., O, K): the batch axes broadcast, so a pressure sweep
        # multiplies the constant lottery array once per point only where needed
        flat = probs.reshape((*probs.shape[: probs.ndim - ns - 1], n_out, math.prod(self._shape)))
        expected = np.matmul(utilities, flat)
        expected = expected.reshape((*expected.shape[:-2], n, *self._shape))
        # outcome axis first, so that outcome subsets are a plain index
        by_outcome = np.moveaxis(probs, probs.ndim - ns - 1, 0)
        # several terms weigh by the same set of outcomes: sum each set once
        # (summed in the same order, so the same bits)
        summed: dict[tuple[int, ...], FloatArray] = {}
        # each player's payoffs add that player's terms in the declared order, on
        # the batch axes they vary along (a term constant along a batch axis is
        # not repeated along it); the full batch is written once at the end
        totals: list[Any] = list(np.moveaxis(expected, expected.ndim - ns - 1, 0))
        for term in spec.terms:
            i = self._player_index[term.player]
            weight: Any = self._mask(term.when)
            if term.outcomes is not None:
                idx = tuple(self._outcome_index[o] for o in term.outcomes)
                if idx not in summed:
                    summed[idx] = by_outcome[list(idx)].sum(axis=0)
                weight = weight * summed[idx]
            totals[i] = totals[i] + self._per_profile(term.value.evaluate(params)) * weight
        payoffs = np.empty((*batch, n, *self._shape))
        by_player = np.moveaxis(payoffs, payoffs.ndim - ns - 1, 0)  # a view
        for i, total in enumerate(totals):
            by_player[i] = total
        return payoffs, probs

    def resolve(self, **values: ArrayLike) -> tuple[dict[str, FloatArray], tuple[int, ...]]:
        """Validate parameter overrides and broadcast them into a batch.

        Unspecified parameters take their defaults. Returns the full parameter
        mapping (arrays of the common batch shape) and that shape.

        Raises
        ------
        UnknownNameError
            For a name that is not a parameter (the message lists them).
        ParameterOutOfBoundsError
            For a value outside the parameter's bounds, or not finite.
        """
        params = self._spec.parameters
        n_players, n_outcomes = len(self._spec.players), len(self._spec.outcomes)
        arrays: dict[str, FloatArray] = {}
        for name, raw in values.items():
            if name not in params:
                raise UnknownNameError(
                    unknown_name("parameter", name, params, where=f"scenario {self._spec.name!r}")
                )
            check_parameter_value(name, raw, self._spec.name, self._shape, n_players, n_outcomes)
            try:
                arr = np.asarray(raw, dtype=np.float64)
            except (TypeError, ValueError):
                raise ParameterOutOfBoundsError(
                    f"parameter {name!r} must be a number or an array of numbers, got {raw!r}"
                ) from None
            lo, hi = params[name].bounds
            bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
            if bad.any():
                first = float(arr[bad][0]) if arr.ndim else float(arr)
                raise ParameterOutOfBoundsError(
                    f"parameter {name!r} = {first!r} lies outside its bounds [{lo}, {hi}]"
                    + (f" ({params[name].unit})" if params[name].unit else "")
                )
            arrays[name] = arr
        try:
            shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        except ValueError:
            shapes = {k: a.shape for k, a in arrays.items()}
            raise InvalidArgumentError(
                f"parameter arrays cannot be broadcast together: {shapes}"
            ) from None
        check_batch_size(
            self._spec.name, shape, self._shape, len(self._spec.players), len(self._spec.outcomes)
        )
        # Each override keeps its own (left-padded) shape and defaults stay 0-d, so a
        # value that depends only on parameters constant along some batch axes is
        # computed once along them, not once per batch point; NumPy broadcasting
        # expands the results where they meet.
        full: dict[str, FloatArray] = {
            name: (
                arrays[name].reshape((1,) * (len(shape) - arrays[name].ndim) + arrays[name].shape)
                if name in arrays
                else np.asarray(p.default, dtype=np.float64)
            )
            for name, p in params.items()
        }
        return full, shape
