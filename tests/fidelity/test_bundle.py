"""What a componentize-py component holds: the project's whole package and its dependency
closure (lazy imports work), nothing written into the source tree; native dependencies and
``exclude``, on real installed metadata."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from hatch_pywasm import bundle
from hatch_pywasm.config import GLOBAL_TABLE, ConfigError, Source, load_config
from hatch_pywasm.frontend.sources import SourceSet

PROJECT = Path(__file__).parent / "project"
WHERE = Source("pyproject.toml", GLOBAL_TABLE)


@pytest.mark.slow
def test_dependency_imported_lazily_at_call_time(native: ModuleType, wasm: ModuleType) -> None:
    # slugify imports text_unidecode with importlib at the first non-ASCII text.
    assert (
        wasm.slug("Ünïcode Ledger 2026")
        == native.slug("Ünïcode Ledger 2026")
        == "unicode-ledger-2026"
    )


@pytest.mark.slow
def test_build_writes_nothing_into_the_source_tree(ledger_build: Any) -> None:
    assert not list((ledger_build.project / "src").rglob("__pycache__"))
    assert not list((ledger_build.project / "src").rglob("*.pyc"))


def test_closure_follows_installed_metadata() -> None:
    closure = bundle.dependency_closure(["python-slugify>=9.2,<10", "pywasm-runtime>=0.1,<0.2"])
    names = {d.name.lower() for d in closure.distributions}
    assert names == {"python-slugify", "text-unidecode"}  # the runtime is the host's side
    unidecode = next(d for d in closure.distributions if d.name.lower() == "text-unidecode")
    assert unidecode.modules == ("text_unidecode",) and not unidecode.native


def test_native_dependency_is_an_error_when_imported_else_a_warning() -> None:
    sources = SourceSet(PROJECT, ("src",))
    closure = bundle.dependency_closure(["wasmtime"])  # ships a native library
    roots = [PROJECT / "src"]
    unused = bundle.guest_bundle(sources, roots, ["ledger.accounts"], closure, ())
    assert not unused.errors and "wasmtime" in unused.warnings[0]
    assert not any(m.startswith("wasmtime") for m in unused.modules)
    sources.add("ledger.native_user", "native_user.py", "import wasmtime\n")
    used = bundle.guest_bundle(sources, roots, ["ledger.native_user"], closure, ())
    (error,) = used.errors
    assert "dependency wasmtime" in error and "native extension modules" in error
    assert "the exported code imports wasmtime" in error


def test_exclude_drops_modules_and_packages() -> None:
    sources = SourceSet(PROJECT, ("src",))
    closure = bundle.dependency_closure(["python-slugify>=9.2,<10"])
    everything = bundle.guest_bundle(sources, [PROJECT / "src"], ["ledger.accounts"], closure, ())
    assert {"ledger.models", "ledger.rules", "slugify.slugify", "text_unidecode"} <= set(
        everything.modules
    )
    fewer = bundle.guest_bundle(
        sources, [PROJECT / "src"], ["ledger.accounts"], closure, ["slugify.__main__", "ledger.r*"]
    )
    assert "slugify.__main__" not in fewer.modules and "ledger.rules" not in fewer.modules
    assert "slugify.slugify" in fewer.modules


def test_exclude_option_is_checked() -> None:
    table = {"modules": ["ledger.accounts"], "exclude": ["slugify.__main__", "dep.tests.*"]}
    assert load_config(table, source=WHERE, project_name="ledger").exclude == (
        "slugify.__main__",
        "dep.tests.*",
    )
    with pytest.raises(ConfigError, match=r"option 'exclude'.*\[0\].*module name or glob"):
        load_config(
            {"modules": ["a.b"], "exclude": ["not a module"]}, source=WHERE, project_name="x"
        )
    with pytest.raises(ConfigError, match="option 'exclude': expected a list"):
        load_config({"modules": ["a.b"], "exclude": "a.b"}, source=WHERE, project_name="x")


def test_package_modules_lists_every_module(tmp_path: Path) -> None:
    assert bundle.package_modules([PROJECT / "src"], ["ledger"]) == [
        "ledger",
        "ledger.accounts",
        "ledger.bank",
        "ledger.models",
        "ledger.rules",
    ]
