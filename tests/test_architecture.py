"""The layer contract of DESIGN.md, checked on the source with :mod:`ast`.

Layers, bottom to top::

    games -> solvers -> models -> scenarios -> analysis -> io, testing -> cli

* A module never imports a module of a higher layer (``io`` and ``testing`` sit
  side by side and do not import each other).
* The shared root modules (``_errors``, ``_validation``, ``_jsonable``,
  ``_results``) are below every layer: any layer may import them, and they
  import no layer.
* No private name -- a module or an attribute whose name starts with ``_`` --
  is imported from another subpackage. A name one layer needs from another is
  public in its home subpackage (or lives in a shared root module).
* No private attribute of another subpackage's objects is read
  (``tree._infoset_offset`` in a solver): an ``obj._name`` access is reported
  when ``_name`` is defined (as a function, class, assignment target or slot)
  in some other subpackage and nowhere in the accessing one. Without types
  this is a heuristic, but it catches every private tree attribute a solver
  or writer used to read.

The checks read the source (no import), so a violation is reported with its
file and line, whatever the import order at run time.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import mediation_sim

PACKAGE = Path(mediation_sim.__file__).resolve().parent

#: Rank of each layer; a module may import from its own rank or below.
LAYERS: dict[str, int] = {
    "games": 1,
    "solvers": 2,
    "models": 3,
    "scenarios": 4,
    "analysis": 5,
    "io": 6,
    "testing": 6,
    "cli": 7,
}

#: Root-level private modules shared by every layer (rank 0: they import no layer).
SHARED = {"_errors", "_validation", "_jsonable", "_results", "_nesting", "_suggest"}
SHARED.add("_deprecation")  # positional-to-keyword transitions (issue 10 item 4)
SHARED.add("_namespace")  # public homes for re-exported objects

#: Root-level modules that belong to a layer although they sit at the root.
ROOT_MEMBERS = {"cli": "cli", "_cli_forecast": "cli", "__main__": "cli"}


@dataclass(frozen=True)
class Import:
    source: str  # dotted name of the importing module
    path: Path
    line: int
    target: str  # dotted module imported from
    names: tuple[str, ...]  # names imported from it (empty for ``import x``)


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _imports() -> list[Import]:
    found: list[Import] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module, is_package = _module_name(path)
        here = module.split(".") if is_package else module.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                names = tuple(alias.name for alias in node.names)
                found.append(Import(module, path, node.lineno, target, names))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    found.append(Import(module, path, node.lineno, alias.name, ()))
    return [i for i in found if i.target.split(".")[0] == "mediation_sim"]


def _group(dotted: str) -> str | None:
    """The layer (or ``"shared"``) a dotted module name belongs to; None for the root package."""
    parts = dotted.split(".")
    if len(parts) == 1:
        return None
    head = parts[1]
    if head in LAYERS:
        return head
    if head in ROOT_MEMBERS:
        return ROOT_MEMBERS[head]
    if head in SHARED:
        return "shared"
    return "unknown:" + head


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _rank(group: str) -> int:
    return 0 if group == "shared" else LAYERS[group]


def _where(i: Import) -> str:
    return f"{i.path.relative_to(PACKAGE.parent)}:{i.line}: {i.source} imports {i.target}"


def _targets(i: Import) -> list[str]:
    """The modules an import reaches: ``from pkg import sub`` reaches ``pkg.sub`` too."""
    out = [i.target]
    for name in i.names:
        if (PACKAGE.parent / Path(*i.target.split("."), name)).is_dir() or (
            PACKAGE.parent / Path(*i.target.split("."), name + ".py")
        ).is_file():
            out.append(f"{i.target}.{name}")
    return out


def layer_violations(imports: list[Import]) -> list[str]:
    bad: list[str] = []
    for i in imports:
        source = _group(i.source)
        if source is None:  # the root package re-exports every layer
            continue
        for target in _targets(i):
            group = _group(target)
            if group is None:
                if source == "shared" or any(_private(n) for n in i.names):
                    bad.append(f"{_where(i)} (the root package)")
                continue
            if source.startswith("unknown:") or group.startswith("unknown:"):
                bad.append(f"{_where(i)} (outside the layer table: add it to LAYERS or SHARED)")
                continue
            if source == group:
                continue
            if (
                source == "shared"
                or _rank(group) > _rank(source)
                or (_rank(group) == _rank(source) and group != source)
            ):
                bad.append(f"{_where(i)} ({source} may not import {group})")
    return sorted(set(bad))


def private_violations(imports: list[Import]) -> list[str]:
    bad: list[str] = []
    for i in imports:
        source, group = _group(i.source), _group(i.target)
        if source is None or group is None or group in ("shared", source):
            continue
        private_modules = [p for p in i.target.split(".")[1:] if _private(p)]
        private_names = [n for n in i.names if _private(n)]
        if private_modules or private_names:
            what = ", ".join([*private_modules, *private_names])
            bad.append(f"{_where(i)} (private across subpackages: {what})")
    return sorted(set(bad))


def _defined_private_names(module: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name | ast.arg):
            names.add(node.id if isinstance(node, ast.Name) else node.arg)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)  # __slots__ entries
    return {n for n in names if _private(n)}


def attribute_violations(sources: dict[str, tuple[Path, ast.Module]]) -> list[str]:
    """``obj._name`` reads of a private name that only another subpackage defines."""
    defined: dict[str, set[str]] = {}
    for module, (_, tree) in sources.items():
        defined.setdefault(_group(module) or "root", set()).update(_defined_private_names(tree))
    bad: list[str] = []
    for module, (path, tree) in sources.items():
        group = _group(module) or "root"
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and _private(node.attr)):
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            owners = sorted(g for g, names in defined.items() if g != group and node.attr in names)
            if owners and node.attr not in defined.get(group, set()):
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                bad.append(
                    f"{where}: {module} reads {ast.unparse(node)} "
                    f"(private attribute of {', '.join(owners)})"
                )
    return sorted(set(bad))


def _sources() -> dict[str, tuple[Path, ast.Module]]:
    return {
        _module_name(path)[0]: (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_private_attribute_is_read_across_subpackages() -> None:
    bad = attribute_violations(_sources())
    assert bad == [], "private attributes read across subpackages:\n" + "\n".join(bad)


def test_the_attribute_check_catches_a_private_read() -> None:
    games = ast.parse(
        "class T:\n    __slots__ = ('_kind',)\n    def f(self):\n        self._kind = 1\n"
    )
    solver = ast.parse("def g(t):\n    own = t._cache\n    return t._kind, own\n_cache = 0\n")
    fake = PACKAGE / "fake.py"
    sources = {"mediation_sim.games.t": (fake, games), "mediation_sim.solvers.s": (fake, solver)}
    bad = attribute_violations(sources)
    assert len(bad) == 1
    assert "t._kind" in bad[0]


def test_every_module_is_in_the_layer_table() -> None:
    names = [_module_name(path)[0] for path in PACKAGE.rglob("*.py")]
    unknown = sorted(n for n in names if (_group(n) or "").startswith("unknown:"))
    assert unknown == [], "modules outside the layer table:\n" + "\n".join(unknown)


def test_a_lower_layer_never_imports_a_higher_one() -> None:
    bad = layer_violations(_imports())
    assert bad == [], "layer violations:\n" + "\n".join(bad)


def test_no_private_name_is_imported_across_subpackages() -> None:
    bad = private_violations(_imports())
    assert bad == [], "private imports across subpackages:\n" + "\n".join(bad)


def test_the_checks_catch_violations() -> None:
    """The checker itself: upward, sideways and private imports are all reported."""
    fake = PACKAGE / "games" / "fake.py"
    games, io, ms = "mediation_sim.games.fake", "mediation_sim.io.fake", "mediation_sim"
    cases = [
        Import(games, fake, 1, f"{ms}.analysis", ("sweep",)),  # upward
        Import(io, fake, 2, f"{ms}.solvers._core", ("NashResult",)),  # private module
        Import(io, fake, 3, f"{ms}.games.normal_form", ("_Frame",)),  # private name
        Import(io, fake, 4, f"{ms}.testing", ()),  # sideways (same rank)
        Import(f"{ms}._errors", fake, 5, f"{ms}.games", ()),  # shared module importing a layer
        Import(io, fake, 6, f"{ms}.games.normal_form", ("NormalFormGame",)),  # allowed
        Import(games, fake, 7, f"{ms}.games._private", ("_x",)),  # allowed: same subpackage
    ]
    assert [v.split(": ")[0][-1] for v in layer_violations(cases)] == ["1", "4", "5"]
    assert [v.split(": ")[0][-1] for v in private_violations(cases)] == ["2", "3"]
