"""bytes through a static component on both runtime paths against CPython: the fast path
(corecall.py: one copy into guest memory, one out) and wasmtime's component values must give
CPython's values and errors, from 0 B to 1 MiB; 16 MiB on the fast path (the component path
cannot return 16 MiB: wasmtime's hostcall budget, runtime README "Large bytes")."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import ModuleType, SimpleNamespace
from typing import NamedTuple

import pytest
import pywasm_runtime as pr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatch_pywasm import frontend
from hatch_pywasm.backends import static

from .test_corecall import Spec, outcome

MODULE = "bytespaths"
SOURCE = """
def echo(b: bytes) -> bytes:
    return b


def framed(b: bytes, i: int) -> bytes:
    return b[:i] + b"|" + b[i:]


def at(b: bytes, i: int) -> int:
    return b[i]


def checksum(b: bytes) -> int:
    total = 0
    for x in b:
        total = (total * 31 + x) % 1000003
    return total + len(b)
"""


class Paths(NamedTuple):
    native: ModuleType
    fast: SimpleNamespace
    slow: SimpleNamespace


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Paths]:
    root = tmp_path_factory.mktemp(MODULE)
    (root / f"{MODULE}.py").write_text(SOURCE)
    component = frontend.analyze(
        root, Spec(MODULE, (MODULE,)), namespace="test", package=MODULE, version="0.1.0"
    )
    wasm = root / f"{MODULE}.wasm"
    wasm.write_bytes(static.compile_component(component, static.read_sources(root, component)))
    found = {}
    for fast in (True, False):
        instance = pr.load(wasm, spec=component, core_calls=fast).instantiate()
        assert (instance._core is not None) is fast, "the fast path must take bytes"
        found[fast] = instance.interface(MODULE)
    sys.path.insert(0, str(root))
    try:
        yield Paths(__import__(MODULE), found[True], found[False])
    finally:
        sys.path.remove(str(root))
        sys.modules.pop(MODULE, None)


def agree(paths: Paths, name: str, *args: object, slow: bool = True) -> None:
    expected = outcome(getattr(paths.native, name), *args)
    assert outcome(getattr(paths.fast, name), *args) == expected, (name, len(args[0]))
    if slow:
        assert outcome(getattr(paths.slow, name), *args) == expected, (name, len(args[0]))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(b=st.binary(max_size=64), i=st.integers(-70, 70))
def test_both_paths_are_cpython(paths: Paths, b: bytes, i: int) -> None:
    for name, args in (("echo", (b,)), ("framed", (b, i)), ("at", (b, i)), ("checksum", (b,))):
        agree(paths, name, *args)


@pytest.mark.parametrize("size", [0, 1, 1 << 20])
def test_sizes_on_both_paths(paths: Paths, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    for name, args in (("echo", (data,)), ("framed", (data, size // 2)), ("at", (data, -1))):
        agree(paths, name, *args)


def test_16_mib_on_the_fast_path(paths: Paths) -> None:
    data = bytes(range(251)) * ((16 << 20) // 251 + 1)
    data = data[: 16 << 20]
    agree(paths, "echo", data, slow=False)
    agree(paths, "framed", data, 12345, slow=False)
    assert paths.fast.echo(data) is not data  # a copy out of guest memory, not the argument
