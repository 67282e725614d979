"""Components and their instances: the calls, the traps, the resources.

``load(path)`` gives a :class:`Component`; ``component.instantiate(...)`` an :class:`Instance`,
whose interfaces are attributes (``instance.echo.add(1, 2)``).

Threads: an instance serialises its calls with a lock (a wasmtime store is single-threaded), so
it may be shared by threads; for parallel guest execution instantiate once per thread.

Traps: after a trap (a guest bug, an uncaught guest exception, a limit hit, a host import that
raised) the instance's store is unusable. The instance replaces it with a fresh one from the
component's snapshot before the next call: module state resets, and resource objects from
before the trap become invalid.

Leak bound: componentize-py 0.25 never frees a ``list<u8>`` its guest hands to the host (an
export's ``bytes`` result, a host import's ``bytes`` argument; arguments going into the guest
are freed). Upstream, its runtime's ``maybe_pop_list`` copies the bytes into a fresh allocation
and never defers its deallocation. So the linear memory of such an instance would grow by every
byte returned, until it hit its limit and trapped. The runtime counts those bytes; past
:data:`LEAKED_BYTES_BOUND` (or a quarter of ``Limits.memory``, if lower) it replaces the store
before the next call, as after a trap (module state resets), unless resource objects of the
store are still open.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import threading
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple

import wasmtime
from wasmtime import component as wc

from pywasm_runtime import classes, errors, exports, host, rawcall, sandbox
from pywasm_runtime import engine as engines
from pywasm_runtime import model as m
from pywasm_runtime.annotations import annotation as annotation_text
from pywasm_runtime.convert import Builder, Codec, with_context
from pywasm_runtime.limits import NO_DEADLINE, Limits

_GUEST_ERROR_FIELDS = ["type-name", "message", "traceback"]

#: Bytes a componentize-py guest may leak (see the module docstring) before its store is
#: replaced: a store costs ~1 ms to make, so 1 MiB results pay ~16 us a call for it.
LEAKED_BYTES_BOUND = 64 << 20


class Component:
    """A component file, compiled lazily (through the compile cache) per engine settings."""

    def __init__(
        self, path: Path, *, spec: m.Component | None = None, sha256: str | None = None
    ) -> None:
        self.path = path
        self.model = spec
        self._sha256 = sha256
        self._compiled: dict[engines.EngineSettings, wc.Component] = {}
        self._lock = threading.Lock()
        modules = [i.module for i in spec.interfaces()] if spec else []
        #: Top-level packages whose exception classes a guest error may be re-raised as.
        self.packages = frozenset(name.split(".")[0] for name in modules)

    def __repr__(self) -> str:
        return f"<pywasm_runtime.Component {self.path}>"

    def compiled(self, settings: engines.EngineSettings) -> tuple[engines.Engine, wc.Component]:
        engine = engines.engine_for(settings)
        with self._lock:
            found = self._compiled.get(settings)
            if found is None:
                if self._sha256 is None:
                    self._sha256 = engines.file_sha256(self.path)
                found = engines.compile_component(engine, self.path, self._sha256)
                self._compiled[settings] = found
        return engine, found

    def exports(self) -> list[exports.InterfaceInfo]:
        engine, compiled = self.compiled(engines.EngineSettings())
        return exports.exported(compiled, engine.wasmtime, self.model)

    def imports(self) -> list[exports.InterfaceInfo]:
        engine, compiled = self.compiled(engines.EngineSettings())
        return exports.imported(compiled, engine.wasmtime, self.model)

    def instantiate(
        self,
        *,
        imports: Mapping[str, object] | None = None,
        limits: Limits | None = None,
        output: sandbox.Output = "forward",
    ) -> Instance:
        """A sandboxed instance. ``imports`` maps an imported interface (Python module name,
        WIT id or short WIT name) to an object or mapping providing its functions; by default
        the model's import modules are imported and their functions bound. Raises
        :class:`~pywasm_runtime.errors.MissingImports` listing everything not provided."""
        return Instance(self, imports or {}, limits or Limits(), output)


def load(
    path: str | Path, *, spec: m.Component | None = None, sha256: str | None = None
) -> Component:
    """Any component file. Without ``spec`` (our model) values are built from the component's
    own types; ``sha256`` (from a manifest) spares hashing the file for the compile cache."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such component file")
    return Component(path, spec=spec, sha256=sha256)


class _Live(NamedTuple):
    """One wasmtime store and instance; replaced wholesale after a trap."""

    store: wasmtime.Store
    instance: wc.Instance
    generation: int
    funcs: dict[tuple[str, str], wc.Func]


class Instance:
    def __init__(
        self,
        component: Component,
        imports: Mapping[str, object],
        limits: Limits,
        output: sandbox.Output,
    ) -> None:
        self.component = component
        self.limits = limits
        self._output = output
        self._engine, self._compiled = component.compiled(
            engines.EngineSettings(epoch=limits.timeout is not None, fuel=limits.fuel is not None)
        )
        if limits.timeout is not None:
            self._engine.ticker.ensure_running()
        engine = self._engine.wasmtime
        self._exports = exports.exported(self._compiled, engine, component.model)
        self._lock = threading.RLock()
        self._pending_drops: list[wc.ResourceAny] = []
        #: Bytes the current store has leaked (None: the component does not leak them).
        self._leaked: int | None = None
        self._leak_bound = LEAKED_BYTES_BOUND
        if limits.memory is not None:
            self._leak_bound = min(self._leak_bound, limits.memory // 4)
        #: Resource objects handed out, to know whether replacing the store would void one.
        self._resources: weakref.WeakSet[Resource] = weakref.WeakSet()
        on_guest_bytes = None
        if exports.built_by_componentize_py(self._compiled, engine):
            self._leaked = 0
            on_guest_bytes = self._count_leak
        defs = component.model.type_defs() if component.model else {}
        self._builder = Builder(defs, self, on_guest_bytes)
        self._resource_classes: dict[str, type[Resource]] = {}
        self._linker = wc.Linker(engine)
        if exports.uses_wasi(self._compiled, engine):
            self._linker.add_wasip2()
        host.bind(
            self._linker,
            exports.imported(self._compiled, engine, component.model),
            imports,
            self._builder,
        )
        #: Bumped when a store is discarded: resource handles of older generations are void.
        self._generation = 0
        self._live: _Live | None = self._instantiate()
        self._namespaces: dict[str, SimpleNamespace] = {}

    def __repr__(self) -> str:
        return f"<pywasm_runtime.Instance of {self.component.path.name}>"

    # -- the store ---------------------------------------------------------------------------

    def _instantiate(self) -> _Live:
        store = wasmtime.Store(self._engine.wasmtime)
        store.set_wasi(sandbox.wasi_config(self._output))
        if self.limits.timeout is not None:
            store.set_epoch_deadline(NO_DEADLINE)
        if self.limits.memory is not None:
            store.set_limits(memory_size=self.limits.memory)
        if self.limits.fuel is not None:
            store.set_fuel(1 << 62)  # instantiation runs guest start code: do not meter it
        try:
            instance = self._linker.instantiate(store, self._compiled)
        except wasmtime.WasmtimeError as exc:
            raise errors.trap_from_wasmtime(
                str(exc), memory_limited=self.limits.memory is not None
            ) from None
        return _Live(store, instance, self._generation, {})

    def _poison(self) -> None:
        """Discard the store now: its ~20 MB would otherwise wait for the cycle collector."""
        live, self._live = self._live, None
        self._generation += 1
        if self._leaked is not None:
            self._leaked = 0  # the leaked memory goes with the store
        if live is not None:
            live.funcs.clear()
            live.store.close()

    def _count_leak(self, size: int) -> None:
        self._leaked = (self._leaked or 0) + size

    def _leak_too_big(self) -> bool:
        if self._leaked is None or self._leaked <= self._leak_bound:
            return False
        generation = self._generation
        return not any(
            r._handle is not None and r._generation == generation for r in self._resources
        )

    def _current(self) -> _Live:
        live = self._live
        if live is not None and self._leak_too_big():
            self._poison()
            live = None
        if live is None:
            live = self._live = self._instantiate()
            self._pending_drops.clear()  # handles of the old store died with it
        elif self._pending_drops:
            drops, self._pending_drops = self._pending_drops, []
            for handle in drops:
                # already gone, or a failing guest destructor: not the caller's error
                with contextlib.suppress(wasmtime.WasmtimeError):
                    handle.drop(live.store)
        return live

    def _func(
        self, live: _Live, interface: exports.InterfaceInfo, info: exports.FunctionInfo
    ) -> wc.Func:
        key = (interface.id, info.wit)
        func = live.funcs.get(key)
        if func is None:
            outer = None
            if interface.id != exports.WORLD:
                outer = self._compiled.get_export_index(interface.id)
            index = self._compiled.get_export_index(info.wit, outer)
            func = live.instance.get_func(live.store, index)
            assert func is not None, key
            live.funcs[key] = func
        return func

    def _invoke(self, plan: _Plan, values: list[Any]) -> Any:
        with self._lock:
            live = self._current()
            store = live.store
            if self.limits.timeout is not None:
                store.set_epoch_deadline(self.limits.ticks)
            if self.limits.fuel is not None:
                store.set_fuel(self.limits.fuel)
            func = self._func(live, plan.interface, plan.info)
            try:
                raw = rawcall.call(func, store, plan.param_types, plan.result_type, values)
            except wasmtime.WasmtimeError as exc:
                self._poison()
                raise errors.trap_from_wasmtime(
                    str(exc), memory_limited=self.limits.memory is not None
                ) from None
            except BaseException:
                self._poison()  # a host import raised through the guest: the store is poisoned
                raise
            try:
                return plan.finish(raw)
            except MemoryError:
                if self.limits.memory is not None:
                    self._poison()
                    raise errors.MemoryLimitExceeded(
                        f"the guest exceeded its memory limit of {self.limits.memory} bytes "
                        "(Limits.memory)"
                    ) from None
                raise

    # -- resources (the ResourceBridge of convert.Builder) -----------------------------------

    def lift(self, handle: wc.ResourceAny, resource: str | None) -> Any:
        cls = self._resource_classes.get(resource or "", Resource)
        proxy = cls.__new__(cls)
        proxy._adopt(self, handle)
        return proxy

    def lower(self, proxy: Any, *, owned: bool) -> wc.ResourceAny:
        if not isinstance(proxy, Resource):
            raise TypeError(f"expected a resource object, got {type(proxy).__name__}")
        handle = proxy._handle_for(self)
        if owned:  # ownership moves into the guest
            proxy._handle = None
        return handle

    def _release(self, handle: wc.ResourceAny, generation: int) -> None:
        """Drop a guest resource now if we can, else before the next call."""
        if generation != self._generation or self._live is None:
            return
        if self._lock.acquire(blocking=False):
            try:
                if self._live is not None and self._live.generation == generation:
                    handle.drop(self._live.store)
            except wasmtime.WasmtimeError:
                pass
            finally:
                self._lock.release()
        else:
            self._pending_drops.append(handle)

    # -- the namespaces ----------------------------------------------------------------------

    def interface(self, name: str) -> SimpleNamespace:
        """The functions and resource classes of one exported interface, by attribute."""
        info = exports.find(self._exports, name)
        found = self._namespaces.get(info.id)
        if found is None:
            found = self._namespaces[info.id] = self._namespace(info)
        return found

    def __getattr__(self, name: str) -> SimpleNamespace:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.interface(name)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *(i.python_name for i in self._exports)]

    def _namespace(self, info: exports.InterfaceInfo) -> SimpleNamespace:
        members: dict[str, Any] = {}
        for resource in info.resources:  # first: functions may return them
            cls = self._resource_class(info, resource)
            members[cls.__name__] = cls
        for function in info.functions.values():
            if function.kind == "function":
                members[function.python_name] = self._bind(info, function)
        namespace = SimpleNamespace(**members)
        namespace.__doc__ = info.model.doc if info.model else f"interface {info.id}"
        return namespace

    def _bind(
        self, interface: exports.InterfaceInfo, info: exports.FunctionInfo
    ) -> Callable[..., Any]:
        names = _param_names(info)
        signature = _signature(names, info.model, info.kind, self._builder.defs)
        invoke = self._invoke
        plan: _Plan | None = None

        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal plan
            if plan is None:
                # Converters are built on first use, so a first call pays only for its own
                # function's types (and imports only the classes those name). Two threads may
                # both build one; either result is the same.
                plan = _Plan.build(self, interface, info, names, signature)
            return invoke(plan, plan.prepare(args, kwargs))

        call.__name__ = call.__qualname__ = info.python_name
        call.__doc__ = info.model.doc if info.model else f"{interface.id}#{info.wit}"
        call.__signature__ = signature  # type: ignore[attr-defined]
        return call

    def _resource_class(self, interface: exports.InterfaceInfo, wit: str) -> type[Resource]:
        definition = None
        if interface.model is not None:
            definition = next(
                (
                    t
                    for t in interface.model.types
                    if isinstance(t, m.Resource) and m.wit_name(t.name) == wit
                ),
                None,
            )
        name = definition.name if definition else "".join(p.title() for p in wit.split("-"))
        members: dict[str, Any] = {"__doc__": definition.doc if definition else f"resource {wit}"}
        for info in interface.functions.values():
            if info.resource != wit:
                continue
            bound = self._bind(interface, info)
            if info.kind == "constructor":
                members["__init__"] = _constructor(bound)
                members["__signature__"] = bound.__signature__  # type: ignore[attr-defined]
            elif info.kind == "static":
                members[info.python_name] = staticmethod(bound)
            else:
                members[info.python_name] = _method(bound)
        cls = type(name, (Resource,), members)
        if definition is not None:
            self._resource_classes[definition.name] = cls
        return cls


class Resource:
    """A guest object held by handle. ``close()`` (or ``with``) releases it at once; otherwise
    it is released when the proxy is garbage-collected."""

    _instance: Instance | None = None
    _handle: wc.ResourceAny | None = None
    _generation = 0

    def _adopt(self, instance: Instance, handle: wc.ResourceAny) -> None:
        self._instance = instance
        self._handle = handle
        self._generation = instance._generation
        instance._resources.add(self)

    def _handle_for(self, instance: Instance) -> wc.ResourceAny:
        if self._handle is None:
            raise ValueError(
                f"{type(self).__name__} object is closed (or was moved into the guest)"
            )
        if instance is not self._instance or self._generation != instance._generation:
            raise ValueError(
                f"{type(self).__name__} object belongs to another instance or to one that trapped"
            )
        return self._handle

    def close(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None and self._instance is not None:
            self._instance._release(handle, self._generation)

    def __enter__(self) -> Resource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # at interpreter exit the instance may be half torn down: nothing left to release
        with contextlib.suppress(Exception):
            self.close()

    def __repr__(self) -> str:
        state = "closed" if self._handle is None else "open"
        return f"<{type(self).__name__} resource ({state})>"


def _constructor(bound: Callable[..., Any]) -> Callable[..., None]:
    def __init__(self: Resource, *args: Any, **kwargs: Any) -> None:
        made = bound(*args, **kwargs)
        self._adopt(made._instance, made._handle)
        made._handle = None

    return __init__


def _method(bound: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: Resource, *args: Any, **kwargs: Any) -> Any:
        return bound(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = bound.__name__
    method.__doc__ = bound.__doc__
    method.__signature__ = bound.__signature__  # type: ignore[attr-defined]
    return method


class _Plan(NamedTuple):
    """Everything about one function that does not change between calls."""

    interface: exports.InterfaceInfo
    info: exports.FunctionInfo
    names: list[str]
    codecs: list[Codec]
    param_types: list[rawcall.Converter]
    result_type: rawcall.Converter | None
    finish: Callable[[Any], Any]
    signature: inspect.Signature

    @classmethod
    def build(
        cls,
        instance: Instance,
        interface: exports.InterfaceInfo,
        info: exports.FunctionInfo,
        names: list[str],
        signature: inspect.Signature,
    ) -> _Plan:
        builder = instance._builder
        spec = info.model
        wit_params = info.type.params
        exprs: list[m.TypeExpr | None] = [None] * len(wit_params)
        if spec is not None:
            for i, param in enumerate(spec.params, start=_self_offset(info.kind)):
                exprs[i] = param.type
        codecs = [builder.codec(t, x) for (_, t), x in zip(wit_params, exprs, strict=True)]
        result_type = info.type.result
        finish = _finisher(instance, builder, result_type, spec)
        param_types = [rawcall.converter(t) for _, t in wit_params]
        raw_result = None if result_type is None else rawcall.converter(result_type)
        return cls(interface, info, names, codecs, param_types, raw_result, finish, signature)

    def prepare(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        """Bind the arguments (with defaults) and lower them; errors name the parameter."""
        if kwargs or len(args) != len(self.codecs):
            try:
                bound = self.signature.bind(*args, **kwargs)
            except TypeError as exc:
                raise TypeError(f"{self.info.python_name}(): {exc}") from None
            bound.apply_defaults()
            args = tuple(bound.arguments.values())
        values = []
        for name, codec, value in zip(self.names, self.codecs, args, strict=True):
            try:
                values.append(codec.lower(value))
            except (TypeError, OverflowError, ValueError) as exc:
                where = f"{self.info.python_name}() argument {name!r}"
                raise with_context(exc, where) from None
        return values


def _self_offset(kind: str) -> int:
    """Where the model's parameters start among the WIT ones: a method's WIT ``self`` is not
    in the model."""
    return 1 if kind == "method" else 0


def _param_names(info: exports.FunctionInfo) -> list[str]:
    """The Python parameter names: the source's with a model, else from the WIT names."""
    names = [classes.python_name(n) for n, _ in info.type.params]
    if info.model is not None:
        for i, param in enumerate(info.model.params, start=_self_offset(info.kind)):
            names[i] = param.name
    return names


def _is_guest_error(vt: wc.ValType | None) -> bool:
    return isinstance(vt, wc.RecordType) and [n for n, _ in vt.fields] == _GUEST_ERROR_FIELDS


def _finisher(
    instance: Instance, builder: Builder, result_type: wc.ValType | None, spec: m.Function | None
) -> Callable[[Any], Any]:
    """Lifting of the result; for ``result<T, guest-error>`` (our convention) the error case
    becomes the host exception."""
    expr = spec.result if spec is not None else None
    if spec is not None and spec.kind == "constructor":
        expr = None  # the WIT result is the resource itself
    if not (isinstance(result_type, wc.ResultType) and _is_guest_error(result_type.err)):
        if result_type is None:
            return lambda raw: None
        return builder.codec(result_type, expr).lift
    ok_type = result_type.ok
    ok = builder.codec(ok_type, expr).lift if ok_type is not None else None
    tagged = result_type._tagged()
    packages = instance.component.packages

    def fail(record: wc.Record) -> Exception:
        fields = [getattr(record, f) for f in _GUEST_ERROR_FIELDS]
        return errors.from_guest(*fields, packages=packages)

    def finish(raw: Any) -> Any:
        if tagged:
            if raw.tag == "err":
                raise fail(raw.payload)
            raw = raw.payload
        elif isinstance(raw, wc.Record):
            raise fail(raw)
        return None if ok is None else ok(raw)

    return finish


def _signature(
    names: list[str], spec: m.Function | None, kind: str, defs: dict[str, m.TypeDef]
) -> inspect.Signature:
    """The source's signature: names, literal defaults and annotations as source text (what
    ``inspect.signature`` shows for a module written with ``from __future__ import
    annotations``). Without a model: the WIT parameter names only."""
    empty = inspect.Parameter.empty
    offset = _self_offset(kind)
    params = []
    for i, name in enumerate(names):
        default: Any = empty
        annotation: Any = empty
        if spec is not None and i >= offset:
            param = spec.params[i - offset]
            annotation = annotation_text(param.type, defs)
            if param.default is not None:
                default = ast.literal_eval(param.default)
        params.append(
            inspect.Parameter(
                name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=default,
                annotation=annotation,
            )
        )
    if spec is None:
        return inspect.Signature(params)
    result = "None" if kind == "constructor" else annotation_text(spec.result, defs)
    return inspect.Signature(params, return_annotation=result)
