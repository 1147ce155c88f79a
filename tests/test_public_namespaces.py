"""Public namespaces: algorithm modules are private, in SciPy's style (issue 10, item 2).

A user imports from the package (``from mediation_sim.solvers import
lemke_howson``); the module that defines a function is private
(``solvers/_lemke_howson.py``), so a submodule can never shadow the function
of the same name, and every public class and function names its package as
its ``__module__``, so pickles, reprs and the docs never name a private module.
"""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
import subprocess
import sys
import types

import pytest

import mediation_sim

#: Packages whose modules are all private, but for the documented exceptions.
PRIVATE_MODULE_PACKAGES = ("mediation_sim.solvers", "mediation_sim.analysis")

#: Modules of those packages that stay public, and why.
DOCUMENTED_PUBLIC_MODULES = {
    # docs/reference/limits.md documents its limit MAX_BATCH_ENTRIES there, and
    # analysis imports its public helper profile_regrets across the layer boundary
    "mediation_sim.solvers.pure",
}


def _import_everything() -> list[str]:
    """Import every module of the library; return the names of its packages."""
    packages = ["mediation_sim"]
    for info in pkgutil.walk_packages(mediation_sim.__path__, prefix="mediation_sim."):
        importlib.import_module(info.name)
        if info.ispkg:
            packages.append(info.name)
    return packages


PACKAGES = _import_everything()


def _public_objects(package: str) -> list[tuple[str, object]]:
    module = sys.modules[package]
    return [(name, getattr(module, name)) for name in getattr(module, "__all__", ())]


def _submodules(package: str) -> list[str]:
    return [info.name for info in pkgutil.iter_modules(sys.modules[package].__path__)]


@pytest.mark.parametrize("package", PRIVATE_MODULE_PACKAGES)
def test_algorithm_modules_are_private(package: str) -> None:
    public = {f"{package}.{name}" for name in _submodules(package) if not name.startswith("_")}
    assert public <= DOCUMENTED_PUBLIC_MODULES, (
        f"public modules in {package}: {sorted(public - DOCUMENTED_PUBLIC_MODULES)}; "
        "name them _<name>.py and import from the package (or document the exception)"
    )


def test_documented_public_modules_exist() -> None:
    for name in DOCUMENTED_PUBLIC_MODULES:
        assert isinstance(sys.modules.get(name), types.ModuleType), name


SHADOWING_CHECK = """
import importlib, pkgutil, sys
import mediation_sim

packages = ["mediation_sim"] + [
    info.name for info in pkgutil.walk_packages(mediation_sim.__path__, prefix="mediation_sim.")
    if info.ispkg
]
def public(package):
    module = importlib.import_module(package)
    return {name: getattr(module, name) for name in getattr(module, "__all__", ())}
before = {package: public(package) for package in packages}
# Import every module, and bind each as an attribute of its package as pytest's
# importlib mode does for every file it collects (the failure the old conftest hid).
for info in pkgutil.walk_packages(mediation_sim.__path__, prefix="mediation_sim."):
    module = importlib.import_module(info.name)
    parent, _, leaf = info.name.rpartition(".")
    setattr(sys.modules[parent], leaf, module)
for package in packages:
    for name, obj in public(package).items():
        if obj is not before[package][name]:
            print(f"{package}.{name} is shadowed by {obj!r}")
"""


def test_no_public_name_is_shadowed_by_a_submodule() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SHADOWING_CHECK], capture_output=True, text=True, check=True
    )
    assert out.stdout == ""


@pytest.mark.parametrize("package", PRIVATE_MODULE_PACKAGES)
def test_public_objects_name_a_public_module(package: str) -> None:
    checked = 0
    for name, obj in _public_objects(package):
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue  # constants and mappings have no home module
        home = obj.__module__
        assert not any(part.startswith("_") for part in home.split(".")), (
            f"{package}.{name} names the private module {home}"
        )
        assert home == package, f"{package}.{name}.__module__ is {home}"
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("package", PACKAGES)
def test_public_objects_are_found_at_their_home(package: str) -> None:
    # what pickle does for a class or function: look its qualified name up in the
    # module its __module__ names; it must find the very object
    for name, obj in _public_objects(package):
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        found: object = sys.modules[obj.__module__]
        for part in obj.__qualname__.split("."):
            found = getattr(found, part)
        assert found is obj, f"{package}.{name}"


@pytest.mark.parametrize("package", PRIVATE_MODULE_PACKAGES)
def test_public_classes_and_functions_pickle_by_public_name(package: str) -> None:
    for name, obj in _public_objects(package):
        if inspect.isclass(obj) or inspect.isfunction(obj):
            data = pickle.dumps(obj)
            assert pickle.loads(data) is obj, name
            private = f"{package}._".encode()
            assert private not in data, f"the pickle of {name} names a private module"


@pytest.mark.parametrize(
    "package",
    [
        *PRIVATE_MODULE_PACKAGES,
        "mediation_sim.games.extensive_form",
        "mediation_sim.models.mediation",
    ],
)
def test_method_examples_are_still_collected(package: str) -> None:
    # doctest collects an object's examples from the module its __module__ names:
    # the methods of a re-homed class must follow it, or their examples never run
    for name, obj in _public_objects(package):
        if not inspect.isclass(obj):
            continue
        for attr, member in vars(obj).items():
            func = getattr(member, "__func__", member)
            if inspect.isfunction(func) and func.__doc__ and ">>>" in func.__doc__:
                assert func.__module__ == package, f"{name}.{attr}"


@pytest.mark.parametrize("package", PACKAGES)
def test_all_lists_resolve(package: str) -> None:
    module = sys.modules[package]
    names = list(getattr(module, "__all__", ()))
    assert len(names) == len(set(names)), f"{package}.__all__ repeats a name"
    missing = [name for name in names if not hasattr(module, name)]
    assert not missing, f"{package}.__all__ lists names it does not define: {missing}"
