"""The fast path (corecall.py) against the component path and CPython: a static-backend
component called both ways gives the same values (types at every level), the same exceptions
(class, message, args, guest traceback and notes), the same traps and limits."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import math
import shutil
import signal
import struct
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, NamedTuple

import pytest
import pywasm_runtime as pr
from pywasm_runtime import corecall

from hatch_pywasm import frontend
from hatch_pywasm.backends import static

GUEST = Path(__file__).parent / "fastpath"
MODULE = "fpkern"


class Spec(NamedTuple):
    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


class Built(NamedTuple):
    path: Path
    model: Any
    native: ModuleType


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("fastpath")
    source = (GUEST / f"{MODULE}.py").read_text()
    (root / f"{MODULE}.py").write_text(source)
    model = frontend.analyze(
        root, Spec(MODULE, (MODULE,)), namespace="test", package=MODULE, version="0.1.0"
    )
    path = root / f"{MODULE}.wasm"
    path.write_bytes(static.compile_component(model, static.read_sources(root, model)))
    sys.path.insert(0, str(GUEST))  # the guest's own classes come back, as from a package
    try:
        yield Built(path, model, importlib.import_module(MODULE))
    finally:
        sys.path.remove(str(GUEST))
        sys.modules.pop(MODULE, None)


def functions(built: Built, *, fast: bool, limits: pr.Limits | None = None) -> SimpleNamespace:
    component = pr.load(built.path, spec=built.model, core_calls=fast)
    instance = component.instantiate(limits=limits)
    assert (instance._core is not None) is fast, "the fast path must be used exactly when asked"
    return instance.interface(MODULE)


@pytest.fixture(scope="module")
def fast(built: Built) -> SimpleNamespace:
    return functions(built, fast=True)


@pytest.fixture(scope="module")
def slow(built: Built) -> SimpleNamespace:
    return functions(built, fast=False)


def typed(value: Any) -> Any:
    """A value with its type at every level (floats by their bits, enum members by name)."""
    if isinstance(value, enum.Enum):
        return (type(value), value.name)
    if isinstance(value, float):
        return ("float", struct.pack("<d", value))
    if isinstance(value, list | tuple):
        return (type(value), [typed(v) for v in value])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value), [typed(getattr(value, f.name)) for f in dataclasses.fields(value)])
    return (type(value), value)


def outcome(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    try:
        return ("returned", typed(function(*args, **kwargs)))
    except Exception as exc:  # every detail a caller could look at
        return (
            "raised",
            type(exc),
            str(exc),
            exc.args,
            getattr(exc, "guest_traceback", None),
            getattr(exc, "__notes__", None),
        )


def vec(built: Built, x: float, y: float) -> Any:
    return built.native.Vec(x, y)


def item(built: Built) -> Any:
    return built.native.Item("eggs", 12, True, ["a", "bé", ""])


#: Calls CPython answers the same way (the subset's ints are 64-bit: not for overflows).
AGREEING: list[tuple[str, Callable[[Built], tuple[Any, ...]]]] = [
    ("add", lambda b: (1, 2)),
    ("add", lambda b: (-(2**63), 2**63 - 1)),
    ("add", lambda b: (True, 2)),
    ("norm2", lambda b: (vec(b, 1.5, -2.25),)),
    ("norm2", lambda b: (vec(b, math.inf, 0.0),)),
    ("total", lambda b: (list(range(100)),)),
    ("total", lambda b: ([],)),
    ("total", lambda b: ((1, 2, 3),)),  # a tuple for a list
    ("total", lambda b: ([True, 2, False],)),  # bools are ints, as in CPython's sum
    ("total", lambda b: ([-(2**63), 2**63 - 1],)),
    ("total", lambda b: (list(range(2000)),)),  # beyond corecall._PACKED_MAX: an array
    ("scale", lambda b: ([0.5, -0.0, math.nan, 1e308], 2.0)),
    ("negate", lambda b: ([True, False, True],)),
    ("is_positive", lambda b: (-0.0,)),
    ("is_positive", lambda b: (3,)),
    ("greet", lambda b: ("wörld ✓",)),
    ("greet", lambda b: ("",)),
    ("shout", lambda b: (["a", "", "ß" * 100],)),
    ("pair", lambda b: (7, "seven")),
    ("swap", lambda b: (("x", 3),)),
    ("swap", lambda b: (["x", 3],)),  # a list for a tuple
    ("restock", lambda b: (item(b), 3)),
    ("vecs", lambda b: (5,)),
    ("vecs", lambda b: (0,)),
    ("grid", lambda b: (4,)),
    ("points", lambda b: ([(1, 0.5), (2, -1.5)],)),
    ("pick", lambda b: ([1, 2, 3], -1)),
    ("pick", lambda b: ([1, 2, 3], 3)),  # IndexError
    ("check", lambda b: (1,)),
    ("check", lambda b: (-1,)),  # ValueError
    ("divide", lambda b: (1, 0)),  # ZeroDivisionError
    ("divide", lambda b: (1, 3)),
    ("flip", lambda b: (b.native.Shade.LIGHT,)),
    ("levels", lambda b: ([1, 5, 3, 4],)),
    ("maybe_half", lambda b: (None,)),
    ("maybe_half", lambda b: (-7,)),
    ("first_word", lambda b: (["", "", "ü"],)),
    ("first_word", lambda b: ([""],)),
    ("grow_box", lambda b: (box(b, None), 0.5)),
    ("grow_box", lambda b: (box(b, "lid"), -1.0)),
    ("labels", lambda b: ([box(b, "a"), box(b, None)],)),
]


def box(built: Built, label: str | None) -> Any:
    n = built.native
    return n.Box(n.Vec(1.0, 2.0), n.Vec(3.0, 4.0), n.Shade.DARK, label)


@pytest.mark.parametrize(("name", "make"), AGREEING)
def test_values_and_guest_errors_agree_with_the_component_path_and_cpython(
    built: Built, fast: SimpleNamespace, slow: SimpleNamespace, name: str, make: Any
) -> None:
    args = make(built)
    got = outcome(getattr(fast, name), *args)
    assert got == outcome(getattr(slow, name), *args)
    expected = outcome(getattr(built.native, name), *args)
    assert got[:3] == expected[:3]  # CPython has no guest traceback


def test_lists_of_many_lengths_are_lowered_alike(fast: SimpleNamespace) -> None:
    # more lengths than a list type keeps Structs for (corecall._PACKS_KEPT)
    for n in range(2 * corecall._PACKS_KEPT + 1):
        assert fast.total(list(range(-n, 2 * n))) == sum(range(-n, 2 * n))
        assert fast.scale([0.5] * n, 2.0) == [1.0] * n


#: Calls whose arguments the host rejects, or that the subset answers otherwise than CPython.
DIFFERING: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("add", (2**62, 2**62), {}),  # OverflowError in the guest
    ("add", (2**63, 0), {}),  # out of range for s64
    ("add", ("1", 2), {}),
    ("add", (1.0, 2), {}),
    ("add", (1,), {}),
    ("add", (1, 2, 3), {}),
    ("add", (), {"a": 1, "b": 2}),
    ("add", (1,), {"c": 2}),
    ("norm2", (None,), {}),
    ("norm2", (SimpleNamespace(x=1.0),), {}),
    ("norm2", (SimpleNamespace(x=1.0, y="2"),), {}),
    ("norm2", ({"x": 1.0, "y": 2.0},), {}),  # a mapping for a record
    ("total", ([1, "2"],), {}),
    ("total", ([1, 2**63],), {}),
    ("total", ([1, 2.0],), {}),
    ("total", ("12",), {}),
    ("scale", ([1.0, True], 2.0), {}),
    ("scale", ([1, 2], 3), {}),  # ints for floats: floats come back
    ("negate", ([1],), {}),
    ("greet", ("\ud800",), {}),
    ("greet", (b"x",), {}),
    ("swap", (("x", 3, 4),), {}),
    ("shout", (["a", 3],), {}),
    ("pick", ([], 0), {}),
    ("flip", ("light",), {}),  # the value, not the member
    ("flip", (None,), {}),
    ("levels", ([1, None],), {}),
    ("maybe_half", (1.5,), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), DIFFERING)
def test_rejections_and_overflows_are_the_component_paths(
    fast: SimpleNamespace, slow: SimpleNamespace, name: str, args: Any, kwargs: Any
) -> None:
    got = outcome(getattr(fast, name), *args, **kwargs)
    assert got == outcome(getattr(slow, name), *args, **kwargs)


def test_signatures_are_the_sources(
    built: Built, fast: SimpleNamespace, slow: SimpleNamespace
) -> None:
    for function in built.model.exports[0].functions:
        native = inspect.signature(getattr(built.native, function.name))
        assert inspect.signature(getattr(fast, function.name)) == native
        assert str(inspect.signature(getattr(slow, function.name))) == str(native)


def test_large_arguments_and_results(
    built: Built, fast: SimpleNamespace, slow: SimpleNamespace
) -> None:
    cases = [
        ("total", (list(range(200_000)),)),
        ("scale", ([i / 7 for i in range(100_000)], 0.5)),
        ("greet", ("x" * (1 << 20),)),
        ("shout", ([str(i) for i in range(2000)],)),
        ("vecs", (3000,)),
        ("grid", (60,)),
    ]
    for name, args in cases:
        got = outcome(getattr(fast, name), *args)
        assert got == outcome(getattr(built.native, name), *args)[:2]
        assert got == outcome(getattr(slow, name), *args)


def test_a_trap_replaces_the_store_and_reads_as_on_the_component_path(
    fast: SimpleNamespace, slow: SimpleNamespace
) -> None:
    got, expected = outcome(fast.deep, 0), outcome(slow.deep, 0)
    assert got[1] is pr.Trap and got[:3] == expected[:3]
    assert fast.add(2, 3) == 5 and fast.greet("again") == "hello again!"


@pytest.mark.parametrize(
    ("limits", "function", "error"),
    [
        (pr.Limits(timeout=0.2), "spin", pr.Timeout),
        (pr.Limits(fuel=200_000), "spin", pr.OutOfFuel),
        (pr.Limits(memory=8 << 20), "grow", pr.MemoryLimitExceeded),
    ],
)
def test_limits_hold_on_both_paths(
    built: Built, limits: pr.Limits, function: str, error: type[Exception]
) -> None:
    limited = {fast: functions(built, fast=fast, limits=limits) for fast in (True, False)}
    got, expected = (outcome(getattr(limited[f], function), 1) for f in (True, False))
    assert got[1] is error and got[:4] == expected[:4]
    for functions_ in limited.values():  # the instance is usable again
        assert functions_.add(40, 2) == 42
        assert functions_.total(list(range(1000))) == 499500


def test_a_timed_guest_without_imports_runs_in_the_callers_thread(built: Built) -> None:
    """A guest that imports nothing cannot wait in the host, so a timed call on the component
    path needs no call thread: the epoch deadline stops it (as on the fast path), and the
    guest runs in the caller's thread."""
    component = pr.load(built.path, spec=built.model, core_calls=False)
    instance = component.instantiate(limits=pr.Limits(timeout=0.2))
    assert instance._call_thread is None
    threads = threading.active_count()
    assert outcome(instance.interface(MODULE).spin, 1)[1] is pr.Timeout
    assert instance.interface(MODULE).add(40, 2) == 42
    assert threading.active_count() == threads  # no thread started for the calls


def test_fuel_is_per_call(built: Built) -> None:
    """Fuel enough for one call is enough for every call (it is reset, not drained)."""
    limited = functions(built, fast=True, limits=pr.Limits(fuel=2_000_000))
    for _ in range(50):
        assert limited.total(list(range(10_000))) == 49_995_000


#: A host calling fpkern through the fast path (argv[4] "fast"; else the component path) with
#: no limits given or a 60 s timeout (argv[3]): calls, then an endless guest loop that SIGINT
#: must stop, twice (the deadline is re-armed after each SIGINT, not before each call), with
#: calls working in between and after. A timed call without a call thread is stopped in the
#: caller's thread: the SIGINT relay advances the ticking engine past its deadline.
SPINNER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import pywasm_runtime as pr
    from hatch_pywasm import frontend

    class Spec:
        name, modules, imports = "fpkern", ("fpkern",), ()

    model = frontend.analyze(Path(sys.argv[1]), Spec(), namespace="test", package="fpkern",
                             version="0.1.0")
    fast = sys.argv[4] == "fast"
    timeout = None if sys.argv[3] == "none" else float(sys.argv[3])
    component = pr.load(sys.argv[2], spec=model, core_calls=fast)
    instance = component.instantiate(limits=pr.Limits(timeout=timeout))
    assert (instance._core is not None) == fast and instance._call_thread is None
    f = instance.interface("fpkern")
    for round in (1, 2):
        # inside the try: a loaded machine may deliver the SIGINT before the guest is entered,
        # and the host must survive it there too
        try:
            print(sum(f.add(i, 1) for i in range(1000)), flush=True)
            f.spin(3)
        except KeyboardInterrupt:
            print(f"interrupted {time.monotonic()!r}", flush=True)
    print(f.add(40, 2), flush=True)
    """
)


@pytest.mark.parametrize(
    ("timeout", "path"), [("none", "fast"), ("60", "fast"), ("60", "component")]
)
def test_ctrl_c_interrupts_a_fast_path_call(built: Built, timeout: str, path: str) -> None:
    host = subprocess.Popen(
        [sys.executable, "-c", SPINNER, str(built.path.parent), str(built.path), timeout, path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=built.path.parent,
    )  # fmt: skip
    assert host.stdout is not None
    try:
        for _ in (1, 2):
            first = host.stdout.readline()
            assert first == "500500\n", first + host.stderr.read()
            time.sleep(0.5)  # inside the guest's loop by now
            sent = time.monotonic()  # CLOCK_MONOTONIC: the same clock in both processes
            host.send_signal(signal.SIGINT)
            line = host.stdout.readline()
            assert line.startswith("interrupted "), line + host.stderr.read()
            latency = float(line.split()[1]) - sent
            assert latency < 1.0, f"KeyboardInterrupt {latency:.2f} s after SIGINT"
        last = host.stdout.readline()
        assert host.wait(timeout=60) == 0 and last == "42\n", last + host.stderr.read()
    finally:
        host.kill()


def test_threads_share_one_instance(built: Built, fast: SimpleNamespace) -> None:
    failures: list[str] = []

    def work(k: int) -> None:
        for i in range(300):
            if fast.add(k, i) != k + i or fast.greet(str(i)) != f"hello {i}!":
                failures.append(f"thread {k}, call {i}")
            if fast.vecs(3) != built.native.vecs(3):
                failures.append(f"thread {k}, vecs {i}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_only_a_static_component_with_our_model_takes_the_fast_path(
    built: Built, tmp_path: Path, rtshop_wasm: Path
) -> None:
    assert corecall.core_module(built.path) is not None
    assert corecall.core_module(rtshop_wasm) is None  # componentize-py: several core modules
    copy = tmp_path / "foreign.wasm"
    shutil.copy(built.path, copy)
    assert pr.load(copy).instantiate()._core is None  # no model: wasmtime's component values


def test_the_heap_is_freed_after_every_call(built: Built) -> None:
    """A heapless ok result (an int here) skips the post-return call: the export wrapper frees
    the heap itself (abi.HEAPLESS_OK_RESETS). 300 calls of 1.6 MB of arguments each fit in
    8 MiB only if every call frees them."""
    wasm = corecall.core_module(built.path)
    assert wasm is not None
    assert corecall._HEAPLESS_OK_RESETS in corecall.custom_sections(wasm)
    limited = functions(built, fast=True, limits=pr.Limits(memory=8 << 20))
    values = list(range(200_000))
    for _ in range(300):
        assert limited.total(values) == 19_999_900_000
    assert limited.grid(3) == [[0, 0, 0], [0, 1, 2], [0, 2, 4]]  # a heap result, then post
    for _ in range(300):
        assert limited.total(values) == 19_999_900_000
