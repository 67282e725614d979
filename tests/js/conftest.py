"""Shared fixtures of the JS glue tests: the hand-written test component (tests/js/guest), its
interface model, and its npm packages, each built once per session.

Until the build hook's fixtures build example_project, the JS tests use this component: its WIT
follows common.md's conventions and its model is written here by hand to match it."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import componentize_py
import pytest
from pywasm_runtime import manifest, model

from hatch_pywasm.js import write_js_package

HERE = Path(__file__).parent
GUEST_DIR = HERE / "guest"
REPO = HERE.parent.parent
NODE_MODULES = REPO / "node_modules"
#: The repo's pinned jco (scripts/setup_js.sh installs it), so tests never download one.
JCO = NODE_MODULES / ".bin" / "jco"

_S64 = model.Primitive("s64")
_F64 = model.Primitive("f64")
_STR = model.Primitive("string")
_POINT = model.Named("Point")


def _origin(module: str, qualname: str) -> model.Origin:
    return model.Origin(module=module, qualname=qualname)


def _fn(
    name: str, params: dict[str, model.TypeExpr], result: model.TypeExpr | None
) -> model.Function:
    return model.Function(
        name=name, params=tuple(model.Param(n, t) for n, t in params.items()), result=result
    )


COMPONENT = model.Component(
    name="jsglue",
    namespace="test",
    package="jsglue",
    version="0.1.0",
    shared=model.Interface(
        name="types",
        module="jsglue.types",
        functions=(),
        types=(
            model.Record(
                "Point",
                _origin("jsglue.types", "Point"),
                (model.Field("x", _F64), model.Field("y", _F64)),
            ),
        ),
    ),
    exports=(
        model.Interface(
            name="geometry",
            module="jsglue.geometry",
            doc="Points, shapes and labels.",
            functions=(
                _fn("add", {"a": _S64, "b": _S64}, _S64),
                _fn("midpoint", {"a": _POINT, "b": _POINT}, _POINT),
                _fn("describe", {"l": model.Named("Label")}, _STR),
                _fn("area", {"s": model.Named("Shape")}, _F64),
                _fn("safe_divide", {"a": _F64, "b": _F64}, _F64),
                _fn("nothing", {}, None),
            ),
            types=(
                model.Enum(
                    "Color",
                    _origin("jsglue.geometry", "Color"),
                    tuple(model.EnumCase(c) for c in ("RED", "DARK_GREEN", "BLUE")),
                ),
                model.Flags(
                    "Style",
                    _origin("jsglue.geometry", "Style"),
                    tuple(model.EnumCase(c) for c in ("BOLD", "ITALIC")),
                ),
                model.Record(
                    "Label",
                    _origin("jsglue.geometry", "Label"),
                    (
                        model.Field("text", _STR),
                        model.Field("color", model.Named("Color")),
                        model.Field("at", model.OptionOf(_POINT)),
                        model.Field("style", model.Named("Style")),
                    ),
                ),
                model.Record(
                    "Circle", _origin("jsglue.geometry", "Circle"), (model.Field("radius", _F64),)
                ),
                model.Record(
                    "Square", _origin("jsglue.geometry", "Square"), (model.Field("side", _F64),)
                ),
                model.Variant(
                    "Shape",
                    _origin("jsglue.geometry", "Shape"),
                    (
                        model.VariantCase("Circle", model.Named("Circle")),
                        model.VariantCase("Square", model.Named("Square")),
                    ),
                ),
            ),
        ),
        model.Interface(
            name="text-tools",
            module="jsglue.text_tools",
            functions=(
                _fn("word_counts", {"s": _STR}, model.DictOf(_STR, model.Primitive("u32"))),
                _fn("reverse_bytes", {"data": model.Bytes()}, model.Bytes()),
                _fn("first_word", {"s": _STR}, model.OptionOf(_STR)),
                _fn("shout", {"s": _STR}, _STR),
                _fn("nearest", {"points": model.ListOf(_POINT)}, model.OptionOf(_POINT)),
            ),
        ),
        model.Interface(
            name="counters",
            module="jsglue.counters",
            functions=(),
            types=(
                model.Resource(
                    "Counter",
                    _origin("jsglue.counters", "Counter"),
                    constructor=model.Function(
                        "__init__", (model.Param("start", _S64),), None, kind="constructor"
                    ),
                    methods=(
                        model.Function(
                            "increment", (model.Param("by", _S64),), _S64, kind="method"
                        ),
                        model.Function("value", (), _S64, kind="method"),
                    ),
                ),
            ),
        ),
    ),
    imports=(
        model.Interface(
            name="host",
            module="jsglue.host",
            functions=(_fn("suffix", {"level": model.Primitive("u32")}, _STR),),
        ),
    ),
)


def build_component(output: Path, *, stub_wasi: bool) -> Path:
    """One componentize-py build of the guest (~6 s, ~400 MB): call it from session fixtures."""
    componentize_py.componentize(
        [str(GUEST_DIR / "wit")], ["jsglue"], [], False, None, [str(GUEST_DIR)], [], "app",
        str(output), stub_wasi, [], [], False, None,
    )  # fmt: skip
    return output


@dataclass(frozen=True)
class BuiltPackage:
    component_file: Path
    component: model.Component
    root: Path  # the folder served / searched for node_modules
    package_dir: Path
    package_name: str


def _require_node_tools() -> None:
    if not JCO.exists():
        pytest.fail(f"{JCO} is missing: run scripts/setup_js.sh (npm ci from package-lock.json)")


def _package(root: Path, *, stub_wasi: bool, link_shim: bool) -> BuiltPackage:
    _require_node_tools()
    root.mkdir(parents=True, exist_ok=True)
    component_file = build_component(root / "jsglue.wasm", stub_wasi=stub_wasi)
    package_dir = write_js_package(
        component_file,
        COMPONENT,
        root / "jsglue" / "js",
        project_name="JS_Glue.Test",
        project_version="0.3rc1",
        stub_wasi=stub_wasi,
        jco_command=str(JCO),
    )
    name = "js-glue-test-jsglue"
    modules = root / "node_modules"
    modules.mkdir()
    (modules / name).symlink_to(package_dir)  # import by name, as an installed package
    if link_shim:
        (modules / "@bytecodealliance").symlink_to(NODE_MODULES / "@bytecodealliance")
    return BuiltPackage(component_file, COMPONENT, root, package_dir, name)


@pytest.fixture(scope="session")
def js_package(tmp_path_factory: pytest.TempPathFactory) -> BuiltPackage:
    """The test component with WASI, as an npm package; the WASI shim beside it, as if installed."""
    return _package(tmp_path_factory.mktemp("js-wasi"), stub_wasi=False, link_shim=True)


@pytest.fixture(scope="session")
def js_stub_package(tmp_path_factory: pytest.TempPathFactory) -> BuiltPackage:
    """The test component built with stub-wasi; no WASI shim anywhere near it."""
    return _package(tmp_path_factory.mktemp("js-stub"), stub_wasi=True, link_shim=False)


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
    project = tmp_path_factory.mktemp("example-js") / "project"
    shutil.copytree(
        REPO / "example_project",
        project,
        ignore=shutil.ignore_patterns("dist", "build", "__wasm__", "__pycache__"),
    )
    pyproject = project / "pyproject.toml"
    table = "[tool.hatch.build.hooks.pywasm]\n"
    text = pyproject.read_text(encoding="utf-8")
    assert table in text
    pyproject.write_text(text.replace(table, f"{table}js = true\njco = '{JCO}'\n"), "utf-8")
    done = build_project(project, "--wheel")
    assert "writing the JS package" in done.stdout + done.stderr
    (wheel,) = (project / "dist").glob("*.whl")
    site = project / "site"
    with zipfile.ZipFile(wheel) as archive:
        found = manifest.loads(archive.read("shop/__wasm__/manifest.json").decode())
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
