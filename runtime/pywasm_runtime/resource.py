"""Resource proxies: host objects standing for guest objects held by handle."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wasmtime import component as wc

if TYPE_CHECKING:
    from pywasm_runtime.instance import Instance


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


def resource_init(bound: Callable[..., Any]) -> Callable[..., None]:
    def __init__(self: Resource, *args: Any, **kwargs: Any) -> None:
        made = bound(*args, **kwargs)
        self._adopt(made._instance, made._handle)
        made._handle = None

    return __init__


def resource_method(bound: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: Resource, *args: Any, **kwargs: Any) -> Any:
        return bound(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = bound.__name__
    method.__doc__ = bound.__doc__
    method.__signature__ = bound.__signature__  # type: ignore[attr-defined]
    return method
