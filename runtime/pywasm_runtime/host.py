"""Host imports: the functions a component imports, bound to Python callables.

By default each imported interface of our model is its Python module (the configured import
module), imported and its functions bound by name. ``imports={"pkg.host": obj_or_mapping}``
overrides one (keys may also be the WIT id or short name, which is how components without our
model get their imports). Everything missing is reported at once, before instantiation.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from wasmtime import component as wc

from pywasm_runtime import exports
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
            bindings.append((interface.id, info.wit, _host_function(impl, info, builder)))
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
    impl: Callable[..., Any], info: exports.FunctionInfo, builder: CodecFactory
) -> Callable[..., Any]:
    """Guest values in, source types to ``impl``, its result back to a guest value. An
    exception ``impl`` raises propagates out of the guest call that led here."""
    spec = info.model
    exprs = [p.type for p in spec.params] if spec else [None] * len(info.type.params)
    params = [builder.codec(t, x).lift for (_, t), x in zip(info.type.params, exprs, strict=True)]
    result_type = info.type.result
    lower = builder.codec(result_type, spec.result if spec else None).lower if result_type else None

    def call(_store: object, *args: Any) -> Any:
        value = impl(*(lift(a) for lift, a in zip(params, args, strict=True)))
        return None if lower is None else lower(value)

    return call
