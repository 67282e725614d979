"""Resource proxies: host objects standing for guest objects held by handle."""

from __future__ import annotations

import contextlib
import inspect
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wasmtime import component as wc

from pywasm_runtime import errordetail, model

if TYPE_CHECKING:
    from pywasm_runtime.instance import Instance


class Resource:
    """A guest object held by handle. ``close()`` (or ``with``, unless the guest class has its
    own ``__enter__``/``__exit__``, which ``with`` then calls as natively) releases it at once;
    otherwise it is released when the proxy is garbage-collected."""

    _instance: Instance | None = None
    _handle: wc.ResourceAny | None = None
    _generation = 0

    def _adopt(self, instance: Instance, handle: wc.ResourceAny) -> None:
        self._instance = instance
        self._handle = handle
        self._generation = instance._generation
        instance._resources[id(self)] = self

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


def resource_init(bound: Callable[..., Any]) -> Callable[..., None]:
    def __init__(self: Resource, *args: Any, **kwargs: Any) -> None:
        made = bound(*args, **kwargs)
        self._adopt(made._instance, made._handle)
        made._handle = None

    return __init__


def resource_method(bound: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: Resource, *args: Any, **kwargs: Any) -> Any:
        return bound(self, *args, **kwargs)

    return method


def add_member(
    members: dict[str, Any], kind: str, spec: model.Function | None, bound: Callable[..., Any]
) -> None:
    """Adds one exported function of a resource to its proxy class's ``members``: the
    constructor, a static or class method (a plain function: the host has no ``cls`` to pass),
    a property's getter or setter, a dunder, a method."""
    if kind == "constructor":
        members["__init__"] = resource_init(bound)
        members["__signature__"] = bound.__signature__  # type: ignore[attr-defined]
        return
    name = spec.name if spec is not None else bound.__name__
    if kind == "static":
        members[name] = staticmethod(bound)
        return
    method = _with_same_attributes(resource_method(bound), bound)
    python_kind = spec.kind if spec is not None else "method"
    if python_kind in ("getter", "setter"):
        attribute = name.removeprefix("set_") if python_kind == "setter" else name
        found = members.get(attribute)
        getter = found.fget if isinstance(found, property) else None
        setter = found.fset if isinstance(found, property) else None
        if python_kind == "getter":
            getter = method
        else:
            setter = method
        members[attribute] = property(getter, setter, doc=spec.doc if spec else None)
        return
    if name == "__eq__":
        members["__eq__"] = _eq(method)
        members.setdefault("__hash__", None)  # as natively: __eq__ without __hash__
        return
    if name == "__exit__":
        members["__exit__"] = _exit(method)
        return
    if name == "__enter__" and spec is not None and isinstance(spec.result, model.OptionOf):
        members["__enter__"] = _enter(method)
        return
    members[name] = method  # a guest __enter__ replaces the proxy's own (which closes it)


def _eq(method: Callable[..., Any]) -> Callable[..., Any]:
    def __eq__(self: Resource, other: object) -> Any:
        if type(other) is not type(self):
            return NotImplemented  # natively the guest object would decide; its WIT takes one
        return method(self, other)

    return _with_same_attributes(__eq__, method)


def _enter(method: Callable[..., Any]) -> Callable[..., Any]:
    """The guest's ``__enter__`` of a class it returns: none from the guest means it returned
    the object itself, and so does this proxy (``with obj as x``: ``x is obj``)."""

    def __enter__(self: Resource) -> Any:
        entered = method(self)
        return self if entered is None else entered

    return _with_same_attributes(__enter__, method)


def _exit(method: Callable[..., Any]) -> Callable[..., Any]:
    """The guest's ``__exit__``: it gets the exception's class (``module.qualname``), its
    detail document (as a host import's exception travels: class, args, attributes, frames)
    and its formatted traceback, and the guest rebuilds the exception from them (see the
    frontend's WIT of ``__exit__``). What it returns decides, as natively, whether ``with``
    suppresses the exception."""
    signature = inspect.signature(method)
    described = _described  # the function runs with the source's globals (see below)

    def __exit__(self: Resource, *args: Any, **kwargs: Any) -> Any:
        _, exc, tb = signature.bind(self, *args, **kwargs).args[1:]
        if exc is None:
            return method(self, None, None, None)
        return method(self, *described(exc, tb))

    return _with_same_attributes(__exit__, method)


def _described(exc: BaseException, tb: Any) -> tuple[str, str | None, str]:
    """The class of ``exc``, its detail document (None when it cannot be described) and its
    formatted traceback."""
    import traceback  # (and textwrap) only once a method raised

    text = "".join(traceback.format_exception(type(exc), exc, tb))
    try:
        document = errordetail.document(exc, tb, text)
    except Exception:  # a broken __dict__ or __str__: the guest gets the class only
        document = None
    return errordetail.qualified(type(exc)), document, text


def _with_same_attributes(
    made: Callable[..., Any], source: Callable[..., Any]
) -> Callable[..., Any]:
    """``made`` with the name, signature and annotations of ``source``, and its globals (the
    names ``typing.get_type_hints`` resolves text annotations with)."""
    assert isinstance(made, types.FunctionType)
    if isinstance(source, types.FunctionType):
        made = types.FunctionType(
            made.__code__, source.__globals__, made.__name__, None, made.__closure__
        )
    for attribute in ("__name__", "__qualname__", "__doc__", "__signature__", "__annotations__"):
        if hasattr(source, attribute):
            setattr(made, attribute, getattr(source, attribute))
    return made
