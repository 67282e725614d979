"""Compile a Python module with the static backend (through the real frontend and WIT) and call
it in wasmtime; run the same module in CPython; compare outcomes."""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import importlib
import io
import math
import re
import struct
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import wasmtime
from pywasm_runtime import model
from wasmtime import component as C

from hatch_pywasm import frontend
from hatch_pywasm.backends import static

INT_MIN, INT_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class Spec:
    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


def analyze(root: Path, module: str, source: str) -> model.Component:
    root.joinpath(*module.split(".")).with_suffix(".py").write_text(source)
    return frontend.analyze(
        root, Spec("kernels", (module,)), namespace="test", package="kernels", version="0.1.0"
    )


@dataclass(frozen=True)
class Outcome:
    """What a call did: returned ``value``, or raised ``error`` (builtins.X) with ``message``."""

    value: Any = None
    error: str | None = None
    message: str = ""
    printed: str = ""  # what it wrote to standard output


class Compiled:
    """One compiled component, instantiated once and reused by every call (a guest exception
    must leave the instance usable). ``source`` is the module ``module``; ``others`` are more
    modules of the project (dotted name -> source) that it may import."""

    def __init__(
        self, root: Path, source: str, module: str = "kern", others: dict[str, str] | None = None
    ) -> None:
        self.source_root = root
        for name, text in (others or {}).items():
            path = root.joinpath(*name.split(".")).with_suffix(".py")
            path.parent.mkdir(parents=True, exist_ok=True)
            packages = path.parent.relative_to(root).parts
            for depth in range(1, len(packages) + 1):
                (root.joinpath(*packages[:depth]) / "__init__.py").touch()
            path.write_text(text)
        self.component = analyze(root, module, source)
        self.source = source
        self.wasm = static.compile_component(
            self.component, static.read_sources(root, self.component)
        )
        engine = wasmtime.Engine()
        self.store, self.printed = _store_printing_to(engine)
        compiled = C.Component(engine, self.wasm)
        self.instance = _linker(engine).instantiate(self.store, compiled)
        interface = compiled.get_export_index(self.component.qualified(self.component.exports[0]))
        self.funcs = {
            f.name: self.instance.get_func(
                self.store,
                compiled.get_export_index(model.plain_wit_name(f.name), interface),
            )
            for f in self.component.exports[0].functions
        }
        self.module_name = module
        self.python = _run_in_cpython(root, module, source, bool(others))

    def limited(self, name: str, memory_bytes: int) -> Any:
        """The export ``name`` of a fresh instance whose memory may not grow beyond
        ``memory_bytes``: a callable of its arguments."""
        engine = wasmtime.Engine()
        store, _ = _store_printing_to(engine)
        store.set_limits(memory_size=memory_bytes)
        compiled = C.Component(engine, self.wasm)
        instance = _linker(engine).instantiate(store, compiled)
        interface = compiled.get_export_index(self.component.qualified(self.component.exports[0]))
        wit_name = model.plain_wit_name(name)
        func = instance.get_func(store, compiled.get_export_index(wit_name, interface))
        return lambda *args: func(store, *args)

    def call(self, name: str, *args: Any) -> Outcome:
        self.printed.clear()
        outcome = self._call(name, *args)
        return dataclasses.replace(outcome, printed=b"".join(self.printed).decode())

    def _call(self, name: str, *args: Any) -> Outcome:
        result = self.funcs[name](self.store, *args)
        # result<T, guest-error> comes back as the bare payload, or as Variant("ok"/"err", ...)
        # when T is a record too (wasmtime cannot tell the cases apart by Python type)
        if isinstance(result, C.Variant):
            if result.tag == "ok":
                return Outcome(value=result.payload)
            result = result.payload
        elif not isinstance(result, C.Record) or not hasattr(result, "type-name"):
            return Outcome(value=result)
        fields = vars(result)
        return Outcome(error=fields["type-name"], message=fields["message"])

    def reference(self, name: str, *args: Any) -> Outcome:
        """CPython's outcome (with what it printed); an int result beyond 64 bits is the
        subset's OverflowError."""
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            outcome = self._reference(name, *args)
        return dataclasses.replace(outcome, printed=printed.getvalue())

    def _reference(self, name: str, *args: Any) -> Outcome:
        try:
            value = self.python[name](*args)
        except Exception as error:  # named as the guest errors name it: module.qualname
            kind = type(error)
            builtin = getattr(builtins, kind.__name__, None) is kind
            module = "builtins" if builtin else self.module_name  # (exec'd: not in sys.modules)
            return Outcome(error=f"{module}.{kind.__qualname__}", message=str(error))
        beyond_64_bits = isinstance(value, int) and not INT_MIN <= value <= INT_MAX
        if beyond_64_bits and not isinstance(value, bool):
            return Outcome(error="builtins.OverflowError", message=OVERFLOW)
        return Outcome(value=value)

    def check_traceback(self, name: str, *args: Any) -> None:
        """The guest traceback of a call that raises lists CPython's frames (function, line),
        from the export inwards."""
        try:
            self.python[name](*args)
        except Exception as error:
            expected = [(f.name, f.lineno) for f in traceback.extract_tb(error.__traceback__)]
        else:
            raise AssertionError(f"{name}{args} raises nothing in CPython")
        got = vars(self.funcs[name](self.store, *args))["traceback"]
        frames = [(f, int(n)) for n, f in re.findall(r'File "[^"]*", line (\d+), in (\w+)', got)]
        assert frames == expected[1:], got  # (expected[0]: this frame, the caller's)

    def check(self, name: str, *args: Any) -> None:
        """Compiled and CPython agree: same value (floats bit for bit), or same error."""
        got, expected = self.call(name, *args), self.reference(name, *args)
        assert same(got, expected), f"{name}{args}: compiled {got}, CPython {expected}"


OVERFLOW = "int result does not fit in 64 bits"


def _store_printing_to(engine: wasmtime.Engine) -> tuple[wasmtime.Store, list[bytes]]:
    """A store whose guest's standard output (a module that prints imports WASI's) is
    collected in the list returned with it."""
    store, printed = wasmtime.Store(engine), []
    config = wasmtime.WasiConfig()
    config.stdout_custom = lambda data: printed.append(bytes(data))
    store.set_wasi(config)
    return store, printed


def _linker(engine: wasmtime.Engine) -> C.Linker:
    linker = C.Linker(engine)
    linker.add_wasip2()  # (defines WASI for the components that print; others import none)
    return linker


def bits(x: float) -> int:
    return struct.unpack("<q", struct.pack("<d", x))[0]


def same_value(got: Any, expected: Any) -> bool:
    """Equal values of the same type; floats bit for bit (any NaN equals any NaN); lists and
    tuples item by item; a returned record and a dataclass field by field."""
    if isinstance(expected, float) and isinstance(got, float):
        return (math.isnan(got) and math.isnan(expected)) or bits(got) == bits(expected)
    if isinstance(expected, list | tuple) and type(got) is type(expected):
        return len(got) == len(expected) and all(map(same_value, got, expected))
    if dataclasses.is_dataclass(expected) and isinstance(got, C.Record):  # field by field
        fields = {name.replace("-", "_"): value for name, value in vars(got).items()}
        wanted = vars(expected)
        return fields.keys() == wanted.keys() and all(
            same_value(fields[name], wanted[name]) for name in wanted
        )
    return type(got) is type(expected) and got == expected


def same(got: Outcome, expected: Outcome) -> bool:
    if got.printed != expected.printed:
        return False
    if got.error is not None or expected.error is not None:
        return (got.error, got.message) == (expected.error, expected.message)
    return same_value(got.value, expected.value)


def neumaier_sum(xs: list[float]) -> float:
    """CPython 3.12+'s sum() of floats (Python/bltinmodule.c, builtin_sum_impl), step by step:
    the algorithm the compiled sum() follows, and componentize-py's CPython 3.14 runs."""
    if not xs:
        return 0
    total, compensation = 0 + xs[0], 0.0
    for x in xs[1:]:
        t = total + x
        if abs(total) >= abs(x):
            compensation += (total - t) + x
        else:
            compensation += (x - t) + total
        total = t
    if compensation and math.isfinite(compensation):
        total += compensation
    return total


def sum_as_312(items: Any, start: Any = 0) -> Any:
    """``sum`` as CPython 3.12+ computes it (floats compensated), whatever CPython runs the
    reference: the static backend and componentize-py's 3.14 both sum that way."""
    values = list(items)
    if start != 0 or not all(type(v) is float for v in values) or not values:
        return sum(values, start)
    return neumaier_sum(values)


def _run_in_cpython(root: Path, module: str, source: str, imports: bool) -> dict[str, Any]:
    """The module's namespace in CPython; with ``imports``, imported from ``root`` (its other
    modules importable), else run from its text. Before 3.12, ``sum`` is 3.12's."""
    if not imports:
        namespace: dict[str, Any] = {}
        if sys.version_info < (3, 12):
            namespace["sum"] = sum_as_312
        exec(compile(source, f"{module}.py", "exec"), namespace)
        return namespace
    sys.path.insert(0, str(root))
    try:
        loaded = importlib.import_module(module)
        if sys.version_info < (3, 12):
            loaded.sum = sum_as_312  # type: ignore[attr-defined]
        return vars(loaded)
    finally:
        sys.path.remove(str(root))
