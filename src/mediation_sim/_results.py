"""One base for every result type: JSON round trips, pickling and exact equality (private).

Every object a public function hands back to be read -- a
:class:`~mediation_sim.NashResult`, a Monte Carlo run, a critical value, a
scenario report -- is a frozen, slotted dataclass deriving from
:class:`Result`. The base gives each of them:

* ``to_dict()``: plain JSON-ready data. The keys ``"type"`` (the class name)
  and ``"version"`` come first, then the class's own summary keys (what
  ``to_dict()`` always returned: equilibria by label, diagnostics, ...),
  then ``"fields"``, every dataclass field in an exact, tagged encoding from
  which ``from_dict`` rebuilds an equal object.
* ``from_dict(data)``: the inverse (``Result.from_dict`` reads any type).
* ``==`` that compares arrays exactly (NaN equal to NaN) and data frames by
  value, so a loaded result equals the one saved.
* Pickling, including read-only :class:`types.MappingProxyType` fields,
  which :mod:`pickle` refuses on its own.

The encoding of ``"fields"`` (values that JSON lacks are one-key objects)::

    float nan / inf      {"__float__": "nan"}        ("inf", "-inf")
    fractions.Fraction   {"__fraction__": "1/3"}
    numpy array          {"__ndarray__": [flat values], "dtype": "float64", "shape": [2, 2]}
                         (non-finite entries spelled "nan", "inf", "-inf")
    tuple                a JSON list;  list: {"__list__": [...]}
    set / frozenset      {"__set__": [...]} / {"__frozenset__": [...]}
    read-only mapping    {"__mapping__": {...}}
    mapping, other keys  {"__items__": [[key, value], ...]}
    pandas DataFrame     {"__dataframe__": {"columns": [...], "data": [...], "index": ...}}
    dataclass            {"__dataclass__": "MixedProfile", "fields": {...}}
    game, scenario       {"__object__": "NormalFormGame", "id": 0, "args": [...]}
                         and {"__ref__": 0} where the same object recurs
    anything else        {"__repr__": "Generator(PCG64) at 0x..."}, loaded as that
                         string (a Generator or a function among the parameters)

Only registered classes can be rebuilt (:func:`register_dataclass`,
:func:`register_reducible`; every :class:`Result` subclass registers
itself), each from its name, so loading a result never imports or runs
anything named by the data.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Self, TypeVar

import numpy as np

from ._errors import InvalidArgumentError, ResultFormatError

__all__ = [
    "Result",
    "ResultFormatError",
    "decode_value",
    "encode_value",
    "pickle_by_fields",
    "register_dataclass",
    "register_reducible",
    "result_types",
    "values_equal",
]

T = TypeVar("T")

#: Schema version written into every ``to_dict()``.
RESULT_SCHEMA_VERSION = 1

#: Class name -> dataclass that ``"__dataclass__"`` and ``"type"`` may name.
_DATACLASSES: dict[str, type] = {}
#: Class name -> (class, rebuild function) for objects stored through ``__reduce__``.
_REDUCIBLE: dict[str, tuple[type, Callable[..., Any]]] = {}
_REDUCIBLE_NAMES: dict[type, str] = {}

_FLOAT_WORDS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_TAGS = frozenset(
    {
        "__float__",
        "__fraction__",
        "__ndarray__",
        "__list__",
        "__set__",
        "__frozenset__",
        "__mapping__",
        "__items__",
        "__dataframe__",
        "__dataclass__",
        "__object__",
        "__ref__",
        "__repr__",
    }
)


def register_dataclass(cls: type[T]) -> type[T]:
    """Allow instances of the dataclass ``cls`` inside saved results (a class decorator).

    The instance is stored field by field and rebuilt without calling
    ``__init__`` (as :mod:`pickle` does), so derived fields come back as they
    were. The class is named by ``cls.__name__``, which must be unique.
    """
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"register_dataclass(): {cls.__name__} is not a dataclass")
    known = _DATACLASSES.get(cls.__name__)
    if known is not None and (known.__module__, known.__qualname__) != (
        cls.__module__,
        cls.__qualname__,
    ):
        raise TypeError(f"register_dataclass(): two result classes named {cls.__name__!r}")
    _DATACLASSES[cls.__name__] = cls  # a slotted dataclass replaces its first draft
    if "__reduce__" not in vars(cls):
        pickle_by_fields(cls)
    return cls


def pickle_by_fields(cls: type[T]) -> type[T]:
    """Pickle the frozen dataclass ``cls`` field by field, read-only mappings included.

    A class decorator: :mod:`pickle` refuses :class:`types.MappingProxyType`,
    which frozen specs and results use for their mappings; with it, each
    proxy travels as a dict and comes back as a proxy, and arrays come back
    read-only.
    """
    setattr(cls, "__reduce__", reduce_fields)  # noqa: B010 - a dunder set on a class
    return cls


def _lookup(name: object) -> type | None:
    """The registered dataclass called ``name`` (registering late-declared results first)."""
    if not isinstance(name, str):
        return None
    if name not in _DATACLASSES:
        for cls in _all_subclasses(Result):
            if _is_final(cls) and cls.__name__ == name:
                register_dataclass(cls)
    return _DATACLASSES.get(name)


def _is_final(cls: type) -> bool:
    """A slotted dataclass (not the draft class ``dataclass(slots=True)`` replaces)."""
    return dataclasses.is_dataclass(cls) and "__slots__" in vars(cls)


def _all_subclasses(cls: type) -> list[type]:
    out: list[type] = []
    stack: list[type] = [cls]
    while stack:
        subs: list[type] = stack.pop().__subclasses__()
        for sub in subs:
            out.append(sub)
            stack.append(sub)
    return out


def register_reducible(cls: type, rebuild: Callable[..., Any], *, name: str | None = None) -> None:
    """Allow instances of ``cls`` inside saved results, stored as ``cls.__reduce__()`` gives them.

    ``obj.__reduce__()`` must return ``(rebuild, args)`` with plain (encodable)
    ``args``; loading calls ``rebuild(*args)``, and nothing else.
    """
    key = name or cls.__name__
    _REDUCIBLE[key] = (cls, rebuild)
    _REDUCIBLE_NAMES[cls] = key


# ---------------------------------------------------------------------- equality
def values_equal(a: object, b: object) -> bool:
    """Exact, recursive equality: arrays element by element (NaN equals NaN), frames by value.

    Examples
    --------
    >>> import numpy as np
    >>> values_equal({"x": (np.array([np.nan, 1.0]),)}, {"x": (np.array([np.nan, 1.0]),)})
    True
    >>> values_equal(np.array([1, 2]), np.array([1.0, 2.0]))  # dtypes differ
    False
    """
    if a is b:
        return True
    if type(a) in _REDUCIBLE_NAMES:
        return type(a) is type(b) and values_equal(
            a.__reduce__()[1],
            b.__reduce__()[1],
        )
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.kind == "O":
            return all(values_equal(x, y) for x, y in zip(a.ravel(), b.ravel(), strict=True))
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if _is_frame(a) or _is_frame(b):
        return type(a) is type(b) and _frames_equal(a, b)
    if isinstance(a, float | np.floating) and isinstance(b, float | np.floating):
        return bool(a == b or (math.isnan(a) and math.isnan(b)))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(values_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(values_equal(x, y) for x, y in zip(a, b, strict=True))
        )
    if dataclasses.is_dataclass(a) and not isinstance(a, Result):
        if type(a) is not type(b):
            return False
        return all(
            values_equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _is_frame(value: object) -> bool:
    module = type(value).__module__
    return module.startswith("pandas") and type(value).__name__ in ("DataFrame", "Series")


def _frames_equal(a: Any, b: Any) -> bool:
    if a.shape != b.shape or not a.index.equals(b.index):
        return False
    if type(a).__name__ == "Series":
        return bool(a.dtype == b.dtype and a.name == b.name and a.equals(b))
    return bool(
        list(a.columns) == list(b.columns) and list(a.dtypes) == list(b.dtypes) and a.equals(b)
    )


# ---------------------------------------------------------------------- encoding
class _Encoder:
    """One encoding pass: remembers the games and scenarios already written."""

    def __init__(self) -> None:
        self.refs: dict[int, int] = {}
        self.keep: list[object] = []

    def encode(self, value: object, where: str) -> object:
        if value is None or isinstance(value, bool | str):
            return value
        if isinstance(value, np.generic):
            return self.encode(value.item(), where)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            number = float(value)
            return number if math.isfinite(number) else {"__float__": _float_word(number)}
        if isinstance(value, Fraction):
            return {"__fraction__": f"{value.numerator}/{value.denominator}"}
        if isinstance(value, np.ndarray):
            return self._array(value, where)
        if _is_frame(value):
            return self._frame(value, where)
        if isinstance(value, MappingProxyType):
            return {"__mapping__": self._mapping(value, where)}
        if isinstance(value, Mapping):
            return self._mapping(value, where)
        if isinstance(value, tuple):
            return [self.encode(v, f"{where}[{k}]") for k, v in enumerate(value)]
        if isinstance(value, list):
            return {"__list__": [self.encode(v, f"{where}[{k}]") for k, v in enumerate(value)]}
        if isinstance(value, frozenset | set):
            tag = "__frozenset__" if isinstance(value, frozenset) else "__set__"
            items = sorted(value, key=repr)
            return {tag: [self.encode(v, f"{where}[{k}]") for k, v in enumerate(items)]}
        name = _REDUCIBLE_NAMES.get(type(value))
        if name is not None:
            return self._reducible(value, name, where)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            cls_name = type(value).__name__
            if isinstance(value, Result):
                register_dataclass(type(value))
            if _DATACLASSES.get(cls_name) is type(value):
                return {"__dataclass__": cls_name, "fields": self.fields(value, where)}
        # a Generator, a function, an executor recorded among the parameters: kept
        # as its repr, for the record (it loads as that string)
        return {"__repr__": repr(value)}

    def fields(self, obj: Any, where: str) -> dict[str, object]:
        return {
            f.name: self.encode(getattr(obj, f.name), f"{where}.{f.name}")
            for f in dataclasses.fields(obj)
        }

    def _mapping(self, value: Mapping[Any, Any], where: str) -> dict[str, object]:
        if all(isinstance(k, str) and k not in _TAGS for k in value):
            return {k: self.encode(v, f"{where}[{k!r}]") for k, v in value.items()}
        return {
            "__items__": [
                [self.encode(k, f"{where}.keys()"), self.encode(v, f"{where}[{k!r}]")]
                for k, v in value.items()
            ]
        }

    def _array(self, value: np.ndarray[Any, Any], where: str) -> dict[str, object]:
        kind = value.dtype.kind
        flat = value.ravel()
        data: list[Any]
        if kind == "f":
            data = [x if math.isfinite(x) else _float_word(x) for x in flat.tolist()]
        elif kind in "biuU":
            data = flat.tolist()
        elif kind == "O":
            data = [self.encode(x, f"{where}[{k}]") for k, x in enumerate(flat.tolist())]
        else:
            raise InvalidArgumentError(
                f"to_dict(): {where} is an array of dtype {value.dtype}, which a saved result "
                "cannot hold"
            )
        return {"__ndarray__": data, "dtype": value.dtype.str, "shape": list(value.shape)}

    def _frame(self, value: Any, where: str) -> dict[str, object]:
        if type(value).__name__ == "Series":
            return {
                "__dataframe__": {
                    "series": True,
                    "name": self.encode(value.name, f"{where}.name"),
                    "data": [self._column(value, where)],
                    "index": self._index(value.index, where),
                }
            }
        columns = list(value.columns)
        return {
            "__dataframe__": {
                "columns": [self.encode(c, f"{where}.columns") for c in columns],
                "data": [
                    self._column(value.iloc[:, k], f"{where}[{c!r}]") for k, c in enumerate(columns)
                ],
                "index": self._index(value.index, where),
            }
        }

    def _column(self, series: Any, where: str) -> object:
        if str(series.dtype) == "category":
            raise InvalidArgumentError(f"to_dict(): {where} is categorical; save it as strings")
        return self._array(series.to_numpy(), where)

    def _index(self, index: Any, where: str) -> object:
        if type(index).__name__ == "RangeIndex" and index.start == 0 and index.step == 1:
            return None
        if type(index).__name__ == "MultiIndex":
            raise InvalidArgumentError(f"to_dict(): {where} has a MultiIndex; reset it first")
        return {
            "values": self._array(index.to_numpy(), f"{where}.index"),
            "name": self.encode(index.name, f"{where}.index.name"),
        }

    def _reducible(self, value: object, name: str, where: str) -> object:
        key = id(value)
        if key in self.refs:
            return {"__ref__": self.refs[key]}
        reduced = value.__reduce__()
        rebuild = _REDUCIBLE[name][1]
        if not isinstance(reduced, tuple) or reduced[0] is not rebuild:
            raise InvalidArgumentError(f"to_dict(): {where} ({name}) does not reduce as registered")
        number = len(self.refs)
        self.refs[key] = number
        self.keep.append(value)
        return {"__object__": name, "id": number, "args": self.encode(tuple(reduced[1]), where)}


def _float_word(number: float) -> str:
    if math.isnan(number):
        return "nan"
    return "inf" if number > 0 else "-inf"


def encode_value(value: object) -> object:
    """``value`` in the tagged JSON-ready encoding of saved results (see the module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> encode_value((np.array([1.0, np.inf]), float("nan")))
    [{'__ndarray__': [1.0, 'inf'], 'dtype': '<f8', 'shape': [2]}, {'__float__': 'nan'}]
    """
    return _Encoder().encode(value, "value")


# ---------------------------------------------------------------------- decoding
class _Decoder:
    def __init__(self) -> None:
        self.refs: dict[int, object] = {}

    def fail(self, message: str, where: str) -> ResultFormatError:
        return ResultFormatError(f"from_dict(): {where}: {message}")

    def decode(self, value: object, where: str) -> object:
        if value is None or isinstance(value, bool | int | str):
            return value
        if isinstance(value, float):
            return value
        if isinstance(value, list):
            return tuple(self.decode(v, f"{where}[{k}]") for k, v in enumerate(value))
        if not isinstance(value, dict):
            raise self.fail(f"unexpected {type(value).__name__}", where)
        tag = next((k for k in value if k in _TAGS), None)
        if tag is None:
            return {str(k): self.decode(v, f"{where}[{k!r}]") for k, v in value.items()}
        body = value[tag]
        if tag == "__float__":
            if body not in _FLOAT_WORDS:
                raise self.fail(f"{body!r} is not 'nan', 'inf' or '-inf'", where)
            return _FLOAT_WORDS[body]
        if tag == "__fraction__":
            try:
                return Fraction(str(body))
            except (ValueError, ZeroDivisionError):
                raise self.fail(f"{body!r} is not a fraction 'p/q'", where) from None
        if tag == "__ndarray__":
            return self.array(value, where)
        if tag in ("__list__", "__set__", "__frozenset__"):
            items = self.decode(self.expect_list(body, where), where)
            assert isinstance(items, tuple)
            return {"__list__": list, "__set__": set, "__frozenset__": frozenset}[tag](items)
        if tag == "__mapping__":
            inner = self.decode(body, where)
            if not isinstance(inner, dict):
                raise self.fail("a read-only mapping must hold an object", where)
            return MappingProxyType(inner)
        if tag == "__items__":
            pairs = self.expect_list(body, where)
            out: dict[Any, Any] = {}
            for k, pair in enumerate(pairs):
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise self.fail("each item must be a [key, value] pair", f"{where}[{k}]")
                out[self.decode(pair[0], f"{where}[{k}]")] = self.decode(pair[1], f"{where}[{k}]")
            return out
        if tag == "__dataframe__":
            return self.frame(body, where)
        if tag == "__dataclass__":
            cls = _lookup(body)
            if cls is None:
                raise self.fail(f"unknown class {body!r}", where)
            return self.build(cls, value.get("fields"), where)
        if tag == "__object__":
            return self.reducible(value, where)
        if tag == "__repr__":
            if not isinstance(body, str):
                raise self.fail("a repr must be a string", where)
            return body
        ref = body
        if not isinstance(ref, int) or ref not in self.refs:
            raise self.fail(f"reference {ref!r} to an object not defined before it", where)
        return self.refs[ref]

    def expect_list(self, body: object, where: str) -> list[Any]:
        if not isinstance(body, list):
            raise self.fail(f"expected a list, found {type(body).__name__}", where)
        return body

    def array(self, value: dict[str, Any], where: str) -> np.ndarray[Any, Any]:
        data = self.expect_list(value["__ndarray__"], where)
        shape = value.get("shape")
        try:
            dtype = np.dtype(value.get("dtype"))
        except TypeError:
            raise self.fail(f"unknown dtype {value.get('dtype')!r}", where) from None
        if not (isinstance(shape, list) and all(isinstance(n, int) and n >= 0 for n in shape)):
            raise self.fail("an array needs a list of non-negative sizes as its shape", where)
        if math.prod(shape) != len(data):
            raise self.fail(f"{len(data)} values do not fill the shape {tuple(shape)}", where)
        kind = dtype.kind
        arr: np.ndarray[Any, Any]
        try:
            if kind == "O":
                items = [self.decode(x, f"{where}[{k}]") for k, x in enumerate(data)]
                arr = np.empty(len(items), dtype=object)
                arr[...] = items
            elif kind == "f":
                arr = np.array([_FLOAT_WORDS.get(x, x) for x in data], dtype=dtype)
                if any(isinstance(x, str) and x not in _FLOAT_WORDS for x in data):
                    raise ValueError("a string among the numbers")
            elif kind in "biuU":
                if kind != "U" and any(isinstance(x, str) for x in data):
                    raise ValueError("a string among the numbers")
                arr = np.array(data, dtype=dtype)
            else:
                raise ValueError(f"dtype {dtype} is not stored in results")
        except (TypeError, ValueError, OverflowError) as exc:
            raise self.fail(f"not an array of {dtype}: {exc}", where) from None
        arr = arr.reshape(shape)
        arr.flags.writeable = False
        return arr

    def frame(self, body: object, where: str) -> Any:
        import pandas as pd

        if not isinstance(body, dict):
            raise self.fail("a data frame must be an object", where)
        columns = [
            self.decode(c, f"{where}.columns")
            for c in self.expect_list(body.get("columns", []), where)
        ]
        data = [self.decode(c, where) for c in self.expect_list(body.get("data"), where)]
        index = None
        if body.get("index") is not None:
            spec = body["index"]
            if not isinstance(spec, dict):
                raise self.fail("an index must be an object", where)
            index = pd.Index(
                np.array(self.decode(spec.get("values"), where)),
                name=self.decode(spec.get("name"), where),
            )
        arrays = [np.array(c) for c in data]  # writeable copies for pandas
        if body.get("series"):
            if len(arrays) != 1:
                raise self.fail("a series holds one column", where)
            return pd.Series(arrays[0], index=index, name=self.decode(body.get("name"), where))
        if len(columns) != len(arrays):
            raise self.fail("as many columns as names are needed", where)
        frame = pd.DataFrame(dict(zip(range(len(arrays)), arrays, strict=True)), index=index)
        frame.columns = pd.Index(columns, dtype=object) if columns else frame.columns
        return frame

    def reducible(self, value: dict[str, Any], where: str) -> object:
        name = value["__object__"]
        entry = _REDUCIBLE.get(name) if isinstance(name, str) else None
        if entry is None:
            raise self.fail(f"unknown object type {name!r}", where)
        args = self.decode(value.get("args"), where)
        if not isinstance(args, tuple):
            raise self.fail("the arguments of an object must be a list", where)
        try:
            obj: object = entry[1](*args)
        except Exception as exc:  # noqa: BLE001 - a damaged game is a format error
            raise self.fail(f"cannot rebuild the {name}: {exc}", where) from None
        number = value.get("id")
        if isinstance(number, int):
            self.refs[number] = obj
        return obj

    def build(self, cls: type, fields: object, where: str) -> Any:
        if not isinstance(fields, dict):
            raise self.fail(f"the fields of a {cls.__name__} must be an object", where)
        names = [f.name for f in dataclasses.fields(cls)]
        missing = [n for n in names if n not in fields]
        unknown = sorted(set(fields) - set(names))
        if missing or unknown:
            raise self.fail(
                f"a {cls.__name__} has the fields {names}; missing {missing}, unknown {unknown}",
                where,
            )
        obj: Any = object.__new__(cls)
        for name in names:
            object.__setattr__(obj, name, self.decode(fields[name], f"{where}.{name}"))
        return obj


def decode_value(data: object) -> object:
    """The inverse of :func:`encode_value`.

    Examples
    --------
    >>> decode_value(encode_value({"x": [1, 2], "y": (float("inf"),)}))
    {'x': [1, 2], 'y': (inf,)}
    """
    return _Decoder().decode(data, "value")


# ---------------------------------------------------------------------- pickling
@dataclasses.dataclass(frozen=True, slots=True)
class _Proxy:
    """A mapping proxy on its way through :mod:`pickle` (which cannot store proxies)."""

    data: dict[Any, Any]


def _strip(value: object) -> object:
    if isinstance(value, MappingProxyType):
        return _Proxy({k: _strip(v) for k, v in value.items()})
    if type(value) is dict:
        return {k: _strip(v) for k, v in value.items()}
    if type(value) is tuple:
        return tuple(_strip(v) for v in value)
    return value


def _dress(value: object) -> object:
    if isinstance(value, _Proxy):
        return MappingProxyType({k: _dress(v) for k, v in value.data.items()})
    if type(value) is dict:
        return {k: _dress(v) for k, v in value.items()}
    if type(value) is tuple:
        return tuple(_dress(v) for v in value)
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    return value


def reduce_fields(obj: Any) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """``__reduce__`` for a frozen dataclass whose fields may hold mapping proxies."""
    state = tuple(_strip(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    return (restore_fields, (type(obj), state))


def restore_fields(cls: type[T], state: tuple[Any, ...]) -> T:
    """The inverse of :func:`reduce_fields` (module level, so that :mod:`pickle` finds it)."""
    obj = object.__new__(cls)
    for f, value in zip(dataclasses.fields(cls), state, strict=True):  # type: ignore[arg-type]
        object.__setattr__(obj, f.name, _dress(value))
    return obj


# ---------------------------------------------------------------------- the base
class Result:
    """Base of every result type: ``to_dict``/``from_dict``, exact ``==``, pickling.

    Subclasses are frozen, slotted dataclasses declared with ``eq=False`` (the
    base's ``__eq__`` compares arrays exactly) that put their own summary keys
    in ``_summary()``. Each registers itself by class name, so
    ``Result.from_dict(data)`` rebuilds any of them.

    Examples
    --------
    >>> import json
    >>> import mediation_sim as ms
    >>> res = ms.solvers.nash_2p(ms.games.matching_pennies())
    >>> data = res.to_dict()
    >>> data["type"], data["version"], data["method"]
    ('NashResult', 1, 'support_enumeration')
    >>> ms.Result.from_dict(json.loads(json.dumps(data))) == res
    True
    """

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if _is_final(cls):
            register_dataclass(cls)

    # --------------------------------------------------------------- dict form
    def _summary(self) -> dict[str, Any]:
        """The class's own JSON-ready summary keys (empty by default)."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``type``, ``version``, the summary keys, then every field.

        Returns
        -------
        dict
            Plain data for :func:`json.dumps`; pass it to :meth:`from_dict`
            to rebuild an equal result. The summary keys are as the class
            has always written them (a NaN there stays a float NaN, which
            :func:`mediation_sim.io.to_json` writes as ``null``); ``"fields"``
            is strict JSON, with NaN and infinities spelled as strings.
        """
        out: dict[str, Any] = {"type": type(self).__name__, "version": RESULT_SCHEMA_VERSION}
        out.update(self._summary())
        out["type"] = type(self).__name__
        out["version"] = RESULT_SCHEMA_VERSION
        out["fields"] = _Encoder().fields(self, type(self).__name__)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Rebuild a result from :meth:`to_dict` output (after a JSON round trip too).

        Parameters
        ----------
        data : Mapping
            The dictionary; only ``type``, ``version`` and ``fields`` are read.

        Returns
        -------
        Result
            An object equal to the one saved, of the class ``data["type"]``
            names (which must be ``cls`` or a subclass of it).

        Raises
        ------
        ResultFormatError
            If ``data`` is not a saved result, names an unknown type or a
            newer version, or a field is missing, unknown or malformed.
        """
        if not isinstance(data, Mapping):
            raise ResultFormatError(f"from_dict(): expected a mapping, got {type(data).__name__}")
        name = data.get("type")
        target = _lookup(name)
        if target is None or not issubclass(target, Result):
            raise ResultFormatError(f"from_dict(): {name!r} is not a known result type")
        if not issubclass(target, cls):
            raise ResultFormatError(f"from_dict(): the data holds a {name}, not a {cls.__name__}")
        version = data.get("version")
        if not isinstance(version, int) or not 1 <= version <= RESULT_SCHEMA_VERSION:
            raise ResultFormatError(
                f"from_dict(): unsupported version {version!r}; this mediation_sim reads "
                f"versions 1 to {RESULT_SCHEMA_VERSION}"
            )
        built: Self = _Decoder().build(target, data.get("fields"), str(name))
        return built

    # --------------------------------------------------------------- equality
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            values_equal(getattr(self, f.name), getattr(other, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        )

    __hash__ = None  # type: ignore[assignment]

    # --------------------------------------------------------------- pickling
    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return reduce_fields(self)


def result_types() -> Iterator[type[Result]]:
    """Every concrete :class:`Result` dataclass imported so far, by name."""
    for cls in _all_subclasses(Result):
        if _is_final(cls):
            register_dataclass(cls)
    for name in sorted(_DATACLASSES):
        cls = _DATACLASSES[name]
        if issubclass(cls, Result):
            yield cls
