"""Shared test components for the runtime, each built once and cached by its sources' hash.

* ``rtshop``: a componentize-py component from guest/ (WIT + guest Python) and hostpkg/ (the
  package's own Python types, importable on both sides): identity functions for every row of
  the type table, faults, sandbox probes, a resource, a host import. Built in a subprocess
  (~5 s, ~400 MB) so the test process stays lean for the RSS soak.
* ``small``: a 261-byte component (a core module's s64 add, componentised with wasm-tools),
  for compile-cache tests that must compile from scratch; ``small_sub`` the same with i64.sub.

``rtshop_package`` lays the component out as an installed wasm-backed package: ``rtshop/``
with its ``__wasm__/manifest.json`` (model hand-written here, as the build hook would write it).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import wasmtime
from pywasm_runtime import manifest
from pywasm_runtime import model as m

from hatch_pywasm.backends.componentize.adapter import guest_support_files

if TYPE_CHECKING:
    from ..conftest import RunShared

HERE = Path(__file__).parent
GUEST = HERE / "guest"
HOSTPKG = HERE / "hostpkg"
#: The guest support every componentize-py component of the hook carries (file name -> text).
GUEST_SUPPORT = guest_support_files()


def _sources_hash(*roots: Path) -> str:
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _cached(config: pytest.Config, name: str, key: str) -> Path:
    return Path(config.cache.mkdir(f"pywasm-runtime-{name}")) / key / f"{name}.wasm"


@pytest.fixture(scope="session", autouse=True)
def compile_cache(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """Serialized components survive between sessions (pytest's cache dir) unless a test
    points PYWASM_RUNTIME_CACHE elsewhere."""
    path = Path(pytestconfig.cache.mkdir("pywasm-runtime-cwasm"))
    os.environ["PYWASM_RUNTIME_CACHE"] = str(path)
    return path


@pytest.fixture(scope="session")
def rtshop_wasm(pytestconfig: pytest.Config, run_shared: RunShared) -> Path:
    support_hash = hashlib.sha256(repr(sorted(GUEST_SUPPORT.items())).encode()).hexdigest()
    out = _cached(pytestconfig, "rtshop", _sources_hash(GUEST, HOSTPKG) + support_hash[:8])
    with run_shared.lock("rtshop"):  # one xdist worker builds it, the other finds it built
        if not out.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            support = out.parent / "support"
            support.mkdir(exist_ok=True)
            for name, text in GUEST_SUPPORT.items():
                (support / name).write_text(text, encoding="utf-8")
            tmp = out.with_suffix(".tmp")
            build = (
                "import componentize_py, sys; componentize_py.componentize("
                f"[{str(GUEST / 'wit')!r}], ['rtshop'], [], False, None, "
                f"[{str(GUEST)!r}, {str(HOSTPKG)!r}, {str(support)!r}], [], 'app', {str(tmp)!r}, "
                "False, [], [], False, None)"
            )
            subprocess.run([sys.executable, "-c", build], check=True)
            tmp.replace(out)
    return out


def _small_component(config: pytest.Config, name: str, instruction: str) -> Path:
    """A component exporting ``add: func(a: s64, b: s64) -> s64`` computed by one i64
    instruction (a core module componentised with wasm-tools)."""
    wit = "package test:small@0.1.0;\nworld small { export add: func(a: s64, b: s64) -> s64; }\n"
    wat = (
        '(module (func (export "add") (param i64 i64) (result i64)'
        f" local.get 0 local.get 1 {instruction}))"
    )
    out = _cached(config, name, hashlib.sha256((wit + wat).encode()).hexdigest()[:16])
    if not out.is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        (out.parent / "small.wit").write_text(wit)
        (out.parent / "core.wasm").write_bytes(wasmtime.wat2wasm(wat))
        tools = Path(sys.executable).parent / "wasm-tools"
        embedded = out.parent / "embedded.wasm"
        subprocess.run(
            [tools, "component", "embed", out.parent / "small.wit", out.parent / "core.wasm",
             "--world", "small", "-o", embedded],
            check=True,
        )  # fmt: skip
        subprocess.run([tools, "component", "new", embedded, "-o", out], check=True)
    return out


@pytest.fixture(scope="session")
def small_wasm(pytestconfig: pytest.Config) -> Path:
    return _small_component(pytestconfig, "small", "i64.add")


@pytest.fixture(scope="session")
def small_sub_wasm(pytestconfig: pytest.Config) -> Path:
    """The same interface as ``small``, but ``add`` subtracts: tells the two apart."""
    return _small_component(pytestconfig, "small-sub", "i64.sub")


def _prim(name: str) -> m.Primitive:
    return m.Primitive(name)


def _origin(qualname: str, module: str = "rtshop.models") -> m.Origin:
    return m.Origin(module, qualname)


GUEST_ERRORS_NOTE = "every export returns result<T, guest-error>; Function.result keeps T"


def rtshop_model() -> m.Component:
    """The model the build hook would write for the rtshop test package."""
    point = m.Named("Point")
    shared = m.Interface(
        "types",
        "rtshop.models",
        (),
        (
            m.Record(
                "Point",
                _origin("Point"),
                (m.Field("x", _prim("f64")), m.Field("y", _prim("f64"))),
                python_kind="namedtuple",
            ),
        ),
    )
    echo_types: tuple[m.TypeDef, ...] = (
        m.Enum(
            "Color", _origin("Color"), tuple(m.EnumCase(c) for c in ("RED", "DARK_GREEN", "BLUE"))
        ),
        m.Flags(
            "Style", _origin("Style"), tuple(m.EnumCase(c) for c in ("BOLD", "ITALIC", "UNDERLINE"))
        ),
        m.Record("Circle", _origin("Circle"), (m.Field("radius", _prim("f64")),)),
        m.Record("Square", _origin("Square"), (m.Field("side", _prim("f64")),)),
        m.Variant(
            "Shape",
            _origin("Shape"),
            (
                m.VariantCase("Circle", m.Named("Circle")),
                m.VariantCase("Square", m.Named("Square")),
            ),
        ),
        m.Record(
            "Label",
            _origin("Label"),
            (
                m.Field("text", _prim("string")),
                m.Field("color", m.Named("Color")),
                m.Field("at", m.OptionOf(point)),
                m.Field("style", m.Named("Style")),
                m.Field("tags", m.ListOf(_prim("string"))),
            ),
        ),
    )
    echoed: dict[str, m.TypeExpr] = {
        **{p: _prim(p) for p in ("bool", "s8", "s16", "s32", "s64", "u8", "u16", "u32", "u64")},
        **{p: _prim(p) for p in ("f32", "f64", "char", "string")},
        "bytes": m.Bytes(),
        "list": m.ListOf(_prim("s64")),
        "tuple": m.TupleOf((_prim("s64"), _prim("string"), _prim("bool"))),
        "option": m.OptionOf(_prim("string")),
        "dict": m.DictOf(_prim("string"), _prim("s64")),
        "point": point,
        "color": m.Named("Color"),
        "style": m.Named("Style"),
        "shape": m.Named("Shape"),
        "label": m.Named("Label"),
    }
    s64 = _prim("s64")
    echo_functions = (
        *(m.Function(f"echo_{k}", (m.Param("v", t),), t) for k, t in echoed.items()),
        m.Function("add", (m.Param("a", s64), m.Param("b", s64, default="0")), s64, doc="a + b"),
        m.Function("nothing", (), None),
    )
    text, none = _prim("string"), None
    faults = (
        m.Function("raise_builtin", (m.Param("message", text),), none),
        m.Function("raise_user", (m.Param("item", text),), none),
        m.Function("raise_unknown", (), none),
        m.Function("crash", (), none),
        m.Function("spin", (), none),
        m.Function("hog", (m.Param("megabytes", _prim("u32")),), _prim("u32")),
        m.Function("bump", (), _prim("u32")),
        m.Function("swallow", (m.Param("data", m.Bytes()),), _prim("u32")),
        m.Function("read_file", (m.Param("path", text),), text),
        m.Function("read_env", (m.Param("name", text),), m.OptionOf(text)),
        m.Function("environ_size", (), _prim("u32")),
        m.Function("connect", (m.Param("host", text), m.Param("port", _prim("u16"))), text),
        m.Function("read_stdin", (), text),
        m.Function("say", (m.Param("out", text), m.Param("err", text)), none),
        m.Function("shout", (m.Param("s", text),), text),
        m.Function("nap", (m.Param("seconds", _prim("f64")),), none),
    )
    counter = m.Resource(
        "Counter",
        _origin("Counter", "rtshop.counters"),
        m.Function("__init__", (m.Param("start", s64),), None, kind="constructor"),
        (
            m.Function("increment", (m.Param("by", s64, default="1"),), s64, kind="method"),
            m.Function("value", (), s64, kind="method"),
            m.Function("zero", (), m.Named("Counter"), kind="static"),
        ),
    )
    return m.Component(
        name="rtshop",
        namespace="test",
        package="rtshop",
        version="0.1.0",
        exports=(
            m.Interface("echo", "rtshop.echo", echo_functions, echo_types),
            m.Interface("faults", "rtshop.faults", faults),
            m.Interface("counters", "rtshop.counters", (), (counter,)),
        ),
        imports=(
            m.Interface(
                "host",
                "rtshop.host",
                (m.Function("suffix", (m.Param("level", _prim("u32")),), text),),
            ),
        ),
        shared=shared,
    )


@pytest.fixture(scope="session")
def rtshop_package(tmp_path_factory: pytest.TempPathFactory, rtshop_wasm: Path) -> Iterator[Path]:
    """A site dir holding the installed package ``rtshop`` (on sys.path for the session)."""
    site = tmp_path_factory.mktemp("site")
    package = site / "rtshop"
    shutil.copytree(HOSTPKG / "rtshop", package, ignore=shutil.ignore_patterns("__pycache__"))
    wasm_dir = package / manifest.WASM_DIR
    wasm_dir.mkdir()
    os.link(rtshop_wasm, wasm_dir / "rtshop.wasm")
    entry = manifest.ComponentEntry(
        name="rtshop",
        file="rtshop.wasm",
        sha256=hashlib.sha256(rtshop_wasm.read_bytes()).hexdigest(),
        backend="componentize",
        stub_wasi=False,
        model=rtshop_model(),
    )
    manifest.write(wasm_dir / manifest.MANIFEST_NAME, manifest.Manifest((entry,)))
    sys.path.insert(0, str(site))
    yield site
    sys.path.remove(str(site))
    for name in [n for n in sys.modules if n == "rtshop" or n.startswith("rtshop.")]:
        del sys.modules[name]
