"""Shared fixtures of the JS glue tests: the test package (tests/js/project) and example_project,
each built by the real hook with ``js = true`` once per session, and their npm packages.

tests/js/project exercises every kind of WIT type the JS side decodes, a resource and a host
import; it is built twice, with WASI and with ``stub-wasi``."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pywasm_runtime import manifest, model

HERE = Path(__file__).parent
TEST_PROJECT = HERE / "project"
REPO = HERE.parent.parent
NODE_MODULES = REPO / "node_modules"
#: The repo's pinned jco (scripts/setup_js.sh installs it), so tests never download one.
JCO = NODE_MODULES / ".bin" / "jco"
HOOK_TABLE = "[tool.hatch.build.hooks.pywasm]\n"


@dataclass(frozen=True)
class BuiltPackage:
    component_file: Path
    component: model.Component
    root: Path  # the folder served / searched for node_modules
    package_dir: Path
    package_name: str
    site: Path  # the wheel unpacked (as installed): put it on sys.path to import the package


def _require_node_tools() -> None:
    if not JCO.exists():
        pytest.fail(f"{JCO} is missing: run scripts/setup_js.sh (npm ci from package-lock.json)")


def with_hook_options(project: Path, options: str) -> None:
    """Adds TOML lines to the project's hook table (the copy's pyproject.toml)."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert HOOK_TABLE in text
    pyproject.write_text(text.replace(HOOK_TABLE, HOOK_TABLE + options), "utf-8")


def copy_project(source: Path, parent: Path) -> Path:
    """A copy of a project folder, without earlier build outputs, as ``parent/project``."""
    ignore = shutil.ignore_patterns("dist", "build", "__wasm__", "__pycache__", "node_modules")
    return Path(shutil.copytree(source, parent / "project", ignore=ignore))


def read_manifest(wheel: Path, package: str) -> manifest.Manifest:
    with zipfile.ZipFile(wheel) as archive:
        return manifest.loads(archive.read(f"{package}/__wasm__/manifest.json").decode())


def _package(parent: Path, build_project, *, stub_wasi: bool, link_shim: bool) -> BuiltPackage:
    """tests/js/project copied into ``parent`` and built by the hook; its ``jsglue`` npm package
    linked into the copy's node_modules by name, as if installed."""
    _require_node_tools()
    project = copy_project(TEST_PROJECT, parent)
    with_hook_options(project, f"jco = '{JCO}'\nstub-wasi = {str(stub_wasi).lower()}\n")
    build_project(project, "--wheel")
    (wheel,) = (project / "dist").glob("*.whl")
    (entry,) = read_manifest(wheel, "jsglue").components
    site = project / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    out_dir = project / "dist" / "wasm" / entry.name
    package_dir = out_dir / "js"
    name = "js-glue-test-jsglue"
    modules = project / "node_modules"
    modules.mkdir()
    (modules / name).symlink_to(package_dir)
    if link_shim:
        (modules / "@bytecodealliance").symlink_to(NODE_MODULES / "@bytecodealliance")
    return BuiltPackage(out_dir / entry.file, entry.model, project, package_dir, name, site)


@pytest.fixture(scope="session")
def js_package(tmp_path_factory: pytest.TempPathFactory, build_project) -> BuiltPackage:
    """The test package with WASI, as an npm package; the WASI shim beside it, as if installed."""
    parent = tmp_path_factory.mktemp("js-wasi")
    return _package(parent, build_project, stub_wasi=False, link_shim=True)


@pytest.fixture(scope="session")
def js_stub_package(tmp_path_factory: pytest.TempPathFactory, build_project) -> BuiltPackage:
    """The test package built with stub-wasi; no WASI shim anywhere near it."""
    parent = tmp_path_factory.mktemp("js-stub")
    return _package(parent, build_project, stub_wasi=True, link_shim=False)


@pytest.fixture(scope="session")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is not on PATH: install Node.js 20+ (the JS glue tests need it)")
    return found


@dataclass(frozen=True)
class ExampleJs:
    """example_project built by the real hook with ``js = true``: its out-dir's npm packages."""

    project: Path
    site: Path  # the wheel unpacked (as installed): put it on sys.path to import the package
    packages: dict[str, Path]  # component name -> its js/ folder
    components: dict[str, model.Component]  # from the wheel's manifest
    component_files: dict[str, Path]


@pytest.fixture(scope="session")
def example_js(tmp_path_factory: pytest.TempPathFactory, build_project, example_build) -> ExampleJs:
    """One hook build of a copy of example_project with ``js = true`` and the repo's jco. After
    ``example_build`` (the session's shared build), so its components come from the session's
    build cache and only jco runs."""
    _require_node_tools()
    project = copy_project(REPO / "example_project", tmp_path_factory.mktemp("example-js"))
    with_hook_options(project, f"js = true\njco = '{JCO}'\n")
    done = build_project(project, "--wheel")
    assert "writing the JS package" in done.stdout + done.stderr
    (wheel,) = (project / "dist").glob("*.whl")
    found = read_manifest(wheel, "shop")
    site = project / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    out_dir = project / "dist" / "wasm"
    (project / "node_modules").mkdir()  # the shim, as if the packages were installed here
    (project / "node_modules" / "@bytecodealliance").symlink_to(NODE_MODULES / "@bytecodealliance")
    names = [entry.name for entry in found.components]
    return ExampleJs(
        project,
        site,
        {name: out_dir / name / "js" for name in names},
        {entry.name: entry.model for entry in found.components},
        {name: out_dir / name / f"{name}.wasm" for name in names},
    )
