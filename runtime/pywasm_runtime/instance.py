"""Instances of components: one wasmtime store each, the calls, the traps, the resources.

An instance's exported interfaces are attributes (``instance.echo.add(1, 2)``).

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

import atexit
import contextlib
import threading
import weakref
from collections.abc import Callable, Mapping
from functools import partial
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple

import wasmtime
from wasmtime import component as wc

from pywasm_runtime import engine as engines
from pywasm_runtime import errors, exports, host, rawcall, sandbox
from pywasm_runtime import model as m
from pywasm_runtime.callplan import (
    CallPlan,
    namespace_of,
    param_names,
    signature_of,
    with_namespace,
)
from pywasm_runtime.convert import CodecFactory
from pywasm_runtime.limits import (
    CallThread,
    Limits,
    arm_call,
    call_failure,
    memory_limit_error,
    new_store,
)
from pywasm_runtime.resource import Resource, add_member

if TYPE_CHECKING:
    from pywasm_runtime import corecall
    from pywasm_runtime.component import Component

#: Bytes a componentize-py guest may leak (see the module docstring) before its store is
#: replaced: a store costs ~1 ms to make, so 1 MiB results pay ~16 us a call for it.
LEAKED_BYTES_BOUND = 64 << 20


#: Every instance, for closing their stores at exit (see sandbox's docstring).
_instances: weakref.WeakSet[Instance] = weakref.WeakSet()


def _close_at_exit() -> None:
    for instance in list(_instances):
        if instance._lock.acquire(blocking=False):  # else a daemon thread is still calling
            try:
                instance._poison()
            finally:
                instance._lock.release()
    sandbox.drain()


atexit.register(_close_at_exit)


class LiveStore(NamedTuple):
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
        settings = engines.EngineSettings.for_limits(limits)
        self._engine, self._compiled = component.compiled(settings)
        engine = self._engine.wasmtime
        self._exports = exports.exported(self._compiled, engine, component.model)
        #: The fast path (a static-backend component's core module called directly), or None.
        #: Its guest has no host imports, so it cannot wait in the host: a timeout needs no
        #: call thread, the epoch deadline stops it.
        self._core: corecall.CoreInstance | None = None
        #: (a componentize-py component is never one: its core modules are not even scanned)
        componentized = exports.built_by_componentize_py(self._compiled, engine)
        program = None if componentized else component.core_program(settings, self._exports)
        if program is not None and not exports.imported(self._compiled, engine, component.model):
            from pywasm_runtime.corecall import CoreInstance  # (imported with the program)

            self._core = CoreInstance(program, limits)
        #: Runs the calls of a timed instance whose guest can wait in the host (see
        #: limits.CallThread); None: the caller's thread. A guest waits in the host only in an
        #: import (a WASI poll or write, a host function): without imports the epoch deadline
        #: alone stops every call, as on the fast path, without a thread hand-over per call.
        self._call_thread: CallThread | None = None
        if limits.timeout is not None and self._core is None:
            self._engine.ticker.ensure_running(limits)
            if exports.can_wait_in_host(self._compiled, engine, component.model):
                self._call_thread = CallThread()
        self._lock = threading.RLock()
        self._pending_drops: list[wc.ResourceAny] = []
        #: Bytes the current store has leaked (None: the component does not leak them).
        self._leaked: int | None = None
        self._leak_bound = LEAKED_BYTES_BOUND
        if limits.memory is not None:
            self._leak_bound = min(self._leak_bound, limits.memory // 4)
        #: Resource objects handed out, to know whether replacing the store would void one.
        #: (by id: a proxy whose class defines ``__eq__`` is unhashable, as natively)
        self._resources: weakref.WeakValueDictionary[int, Resource] = weakref.WeakValueDictionary()
        on_guest_bytes = None
        if componentized:
            self._leaked = 0
            on_guest_bytes = self._count_leak
        defs = component.model.type_defs() if component.model else {}
        self._builder = CodecFactory(defs, self, on_guest_bytes)
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
        self._live: LiveStore | None = None if self._core else self._instantiate()
        self._namespaces: dict[str, SimpleNamespace] = {}
        _instances.add(self)

    def __repr__(self) -> str:
        return f"<pywasm_runtime.Instance of {self.component.path.name}>"

    # -- the store ---------------------------------------------------------------------------

    def _instantiate(self) -> LiveStore:
        store = new_store(self._engine.wasmtime, self.limits, epoch=self._engine.settings.epoch)
        store.set_wasi(sandbox.wasi_config(self._output))
        try:
            instance = self._linker.instantiate(store, self._compiled)
        except wasmtime.WasmtimeError as exc:
            raise errors.trap_from_wasmtime(
                str(exc), memory_limited=self.limits.memory is not None
            ) from None
        return LiveStore(store, instance, self._generation, {})

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
            r._handle is not None and r._generation == generation for r in self._resources.values()
        )

    def _current(self) -> LiveStore:
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
        self, live: LiveStore, interface: exports.InterfaceInfo, info: exports.FunctionInfo
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

    def _invoke(self, plan: CallPlan, values: list[Any]) -> Any:
        with self._lock:
            live = self._current()
            store = live.store
            arm_call(store, self.limits, epoch=self._engine.settings.epoch)
            func = self._func(live, plan.interface, plan.info)
            try:
                if self._call_thread is None:
                    raw = rawcall.call(func, store, plan.param_types, plan.result_type, values)
                else:
                    raw = self._timed_call(
                        live,
                        partial(
                            rawcall.call, func, store, plan.param_types, plan.result_type, values
                        ),
                    )
            except wasmtime.WasmtimeError as exc:
                self._poison()
                raise call_failure(str(exc), self.limits) from None
            except BaseException:
                # a host import raised through the guest, or Ctrl-C: the store is poisoned
                self._poison()
                raise
            try:
                return plan.finish(raw)
            except MemoryError:
                limited = memory_limit_error(self.limits)
                if limited is None:
                    raise
                self._poison()
                raise limited from None

    def _timed_call(self, live: LiveStore, call: Callable[[], Any]) -> Any:
        """``call()`` in the call thread; given up on at the deadline (the guest waits in the
        host) or on Ctrl-C, leaving the store to the thread, which closes it when the guest's
        wait ends."""
        thread = self._call_thread
        assert thread is not None and self.limits.timeout is not None
        try:
            return thread.run_within(call, self.limits.timeout, live.store.close)
        finally:
            if thread.abandoned:
                self._live = None  # the thread still uses it: not closed here (see _poison)
                self._call_thread = CallThread()

    # -- resources (the ResourceBridge of convert.CodecFactory) -----------------------------------

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
        names = param_names(info)
        namespace = namespace_of(info.model) if info.model is not None else {}
        signature = signature_of(names, info.model, info.kind, self._builder.defs, namespace)
        plan: CallPlan | None = None

        def build() -> CallPlan:
            return CallPlan.build(self, interface, info, names, signature)

        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal plan
            if plan is None:
                # Converters are built on first use, so a first call pays only for its own
                # function's types (and imports only the classes those name). Two threads may
                # both build one; either result is the same.
                plan = build()
            return self._invoke(plan, plan.prepare(args, kwargs))

        if self._core is not None:  # the fast path: same plan, the core module called directly
            from pywasm_runtime.corecall import record_classes

            function = self._core.functions[(interface.id, info.wit)]
            builder = self._builder
            call = self._core.bind(
                function, build, lambda: record_classes(builder, info.model, function)
            )

        call.__name__ = call.__qualname__ = info.python_name
        call.__doc__ = info.model.doc if info.model else f"{interface.id}#{info.wit}"
        return with_namespace(call, signature, namespace)

    def _resource_class(self, interface: exports.InterfaceInfo, wit: str) -> type[Resource]:
        definition = None
        if interface.model is not None:
            definition = next(
                (
                    t
                    for t in interface.model.types
                    if isinstance(t, m.Resource) and m.plain_wit_name(t.name) == wit
                ),
                None,
            )
        name = definition.name if definition else "".join(p.title() for p in wit.split("-"))
        members: dict[str, Any] = {"__doc__": definition.doc if definition else f"resource {wit}"}
        for info in interface.functions.values():
            if info.resource != wit:
                continue
            add_member(members, info.kind, info.model, self._bind(interface, info))
        cls = type(name, (Resource,), members)
        if definition is not None:
            self._resource_classes[definition.name] = cls
        return cls
