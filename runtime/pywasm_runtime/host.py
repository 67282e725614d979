"""Host imports: the functions a component imports, bound to Python callables.

By default each imported interface of our model is its Python module (the configured import
module), imported and its functions bound by name. ``imports={"pkg.host": obj_or_mapping}``
overrides one (keys may also be the WIT id or short name, which is how components without our
model get their imports). Everything missing is reported at once, before instantiation.

A built component's imports return ``result<T, guest-error>``: an exception the host function
raises, or a result that does not fit its declared type, goes to the guest as an error value
(the guest raises it as the same exception; uncaught, it comes back out of the guest call) and
never traps the store. Imports of other shapes (a component without our model) are called
plainly: an exception then propagates out of the guest call that led there, as wasmtime does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from wasmtime import component as wc

from pywasm_runtime import errordetail, exports, model
from pywasm_runtime.annotations import annotation
from pywasm_runtime.callplan import is_guest_error_result
from pywasm_runtime.convert import CodecFactory
from pywasm_runtime.errors import MissingImports


def bind(
    linker: wc.Linker,
    interfaces: list[exports.InterfaceInfo],
    overrides: Mapping[str, object],
    builder: CodecFactory,
) -> None:
    known = {name for i in interfaces for name in i.names()}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise MissingImports(
            f"imports= names {unknown}, which the component does not import; "
            f"it imports {sorted(i.id for i in interfaces)}"
        )
    missing: list[str] = []
    bindings: list[tuple[str, str, Callable[..., Any]]] = []
    for interface in interfaces:
        provider = _provider(interface, overrides)
        for info in interface.functions.values():
            impl = _lookup(provider, info.python_name) if provider is not None else None
            if impl is None:
                where = interface.model.module if interface.model else interface.id
                missing.append(f"{where}.{info.python_name} ({interface.id}#{info.wit})")
                continue
            where = f"{interface.model.module}.{info.python_name}" if interface.model else info.wit
            bindings.append((interface.id, info.wit, _host_function(impl, info, builder, where)))
    if missing:
        raise MissingImports(
            "the component imports functions the host does not provide: "
            + ", ".join(missing)
            + "; pass imports={module: object_or_mapping} to provide them"
        )
    with linker.root() as root:
        for interface in interfaces:
            funcs = [(wit, func) for owner, wit, func in bindings if owner == interface.id]
            if interface.id == exports.WORLD:
                for wit, func in funcs:
                    root.add_func(wit, func)
                continue
            with root.add_instance(interface.id) as target:
                for wit, func in funcs:
                    target.add_func(wit, func)


def _provider(interface: exports.InterfaceInfo, overrides: Mapping[str, object]) -> object | None:
    for name in interface.names():
        if name in overrides:
            return overrides[name]
    if interface.model is None:
        return None
    try:
        return importlib.import_module(interface.model.module)
    except ImportError:
        return None


def _lookup(provider: object, name: str) -> Callable[..., Any] | None:
    found = provider.get(name) if isinstance(provider, Mapping) else getattr(provider, name, None)
    return found if callable(found) else None


def _host_function(
    impl: Callable[..., Any], info: exports.FunctionInfo, builder: CodecFactory, where: str
) -> Callable[..., Any]:
    """Guest values in, source types to ``impl``, its result back to a guest value."""
    spec = info.model
    exprs = [p.type for p in spec.params] if spec else [None] * len(info.type.params)
    params = [builder.codec(t, x).lift for (_, t), x in zip(info.type.params, exprs, strict=True)]
    result_type = info.type.result
    wrapped = is_guest_error_result(result_type)
    if wrapped:
        assert isinstance(result_type, wc.ResultType)
        result_type = result_type.ok
    expr = spec.result if spec else None
    boxed = wrapped and spec is not None and model.boxed_import_result(expr)
    if boxed:
        assert isinstance(result_type, wc.TupleType)
        result_type = result_type.elements[0]
    lower = builder.codec(result_type, expr).lower if result_type else None
    if boxed and lower is not None:
        lower = _boxed(lower)
    if not wrapped:

        def call_plainly(_store: object, *args: Any) -> Any:
            value = impl(*(lift(a) for lift, a in zip(params, args, strict=True)))
            return None if lower is None else lower(value)

        return call_plainly

    assert isinstance(info.type.result, wc.ResultType)
    tagged = info.type.result._tagged()
    declared = annotation(expr, builder.defs) if spec else str(result_type)

    def call(_store: object, *args: Any) -> Any:
        try:
            value = impl(*(lift(a) for lift, a in zip(params, args, strict=True)))
        except Exception as exc:  # the guest raises it: catchable there, as natively
            return _err(exc, exc.__traceback__.tb_next if exc.__traceback__ else None, tagged)
        if lower is None:
            return wc.Variant("ok", None) if tagged else None
        try:
            lowered = lower(value)
        except (TypeError, ValueError, OverflowError) as exc:
            kind = OverflowError if isinstance(exc, OverflowError) else TypeError
            misfit = kind(
                f"{where}() must return {declared}, but returned {_type_name(value)} ({exc})"
            )
            return _err(misfit, None, tagged)
        return wc.Variant("ok", lowered) if tagged else lowered

    return call


def _boxed(lower: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The result in WIT's one-element box (see ``model.boxed_import_result``)."""
    return lambda value: (lower(value),)


def _type_name(value: Any) -> str:
    kind = type(value)
    return kind.__qualname__ if kind.__module__ == "builtins" else errordetail.qualified(kind)


def _err(exc: Exception, tb: Any, tagged: bool) -> Any:
    """The ``err(guest-error)`` of ``exc`` (frames from ``tb``: those of the host function)."""
    import traceback  # (and textwrap) only once a host function raised

    text = "".join(traceback.format_exception(type(exc), exc, tb))
    try:
        detail = errordetail.document(exc, tb, text)
    except Exception:  # a broken __dict__ or __str__: class and message only
        detail = text
    record = wc.Record()
    for field, value in (
        ("type-name", errordetail.qualified(type(exc))),
        ("message", errordetail.safe_str(exc)),
        ("traceback", detail),
    ):
        setattr(record, field, value)
    return wc.Variant("err", record) if tagged else record
