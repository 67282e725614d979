"""Guest code of the runtime's test component: one class per exported interface."""

import os
import socket
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from componentize_py_types import Err
from rtshop.errors import OutOfStock
from wit_world import exports
from wit_world.imports import host
from wit_world.imports.types import GuestError

T = TypeVar("T")


def guarded(call: Callable[[], T]) -> T:
    """Runs ``call``; a Python exception leaves as Err(guest-error), as the convention says."""
    try:
        return call()
    except Exception as exc:
        kind = type(exc)
        raise Err(
            GuestError(
                type_name=f"{kind.__module__}.{kind.__qualname__}",
                message=str(exc),
                traceback="".join(traceback.format_exception(exc)),
            )
        ) from None


def _same(v: T) -> T:
    return guarded(lambda: v)


class Echo(exports.Echo):
    echo_bool = echo_s8 = echo_s16 = echo_s32 = echo_s64 = staticmethod(_same)
    echo_u8 = echo_u16 = echo_u32 = echo_u64 = echo_f32 = echo_f64 = staticmethod(_same)
    echo_char = echo_string = echo_bytes = echo_list = echo_tuple = staticmethod(_same)
    echo_option = echo_dict = echo_point = echo_color = echo_style = staticmethod(_same)
    echo_shape = echo_label = staticmethod(_same)

    def add(self, a: int, b: int) -> int:
        return guarded(lambda: a + b)

    def nothing(self) -> None:
        return guarded(lambda: None)


_hoard: list[bytearray] = []
_bumps = 0


def _raise(exc: Exception) -> None:
    raise exc


def _spin() -> None:
    while True:
        pass


def _hog(megabytes: int) -> int:
    for _ in range(megabytes):
        _hoard.append(bytearray(1 << 20))
    return len(_hoard)


def _bump() -> int:
    global _bumps
    _bumps += 1
    return _bumps


def _read(path: str) -> str:
    return Path(path).read_text()


def _connect(address: str, port: int) -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        s.connect((address, port))
        return str(s.getpeername())


def _say(out: str, err: str) -> None:
    print(out)
    print(err, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()


class _Unlisted(Exception):
    """Not importable on the host: arrives as pywasm_runtime.GuestError."""


class Faults(exports.Faults):
    def raise_builtin(self, message: str) -> None:
        return guarded(lambda: _raise(ValueError(message)))

    def raise_user(self, item: str) -> None:
        return guarded(lambda: _raise(OutOfStock(f"no {item} left")))

    def raise_unknown(self) -> None:
        return guarded(lambda: _raise(_Unlisted("nobody knows me")))

    def crash(self) -> None:
        raise RuntimeError("an uncaught guest exception traps the instance")

    def spin(self) -> None:
        return guarded(_spin)

    def hog(self, megabytes: int) -> int:
        return guarded(lambda: _hog(megabytes))

    def bump(self) -> int:
        return guarded(_bump)

    def swallow(self, data: bytes) -> int:
        return guarded(lambda: len(data))

    def read_file(self, path: str) -> str:
        return guarded(lambda: _read(path))

    def read_env(self, name: str) -> str | None:
        return guarded(lambda: os.environ.get(name))

    def environ_size(self) -> int:
        return guarded(lambda: len(os.environ))

    def connect(self, address: str, port: int) -> str:
        return guarded(lambda: _connect(address, port))

    def read_stdin(self) -> str:
        return guarded(lambda: sys.stdin.read())

    def say(self, out: str, err: str) -> None:
        return guarded(lambda: _say(out, err))

    def shout(self, s: str) -> str:
        return guarded(lambda: s.upper() + host.suffix(len(s)))

    def nap(self, seconds: float) -> None:
        return guarded(lambda: time.sleep(seconds))  # waits in the host: no epoch check runs
