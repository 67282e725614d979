"""Guest exceptions, traps and recovery, limits, host imports, resources."""

from __future__ import annotations

import gc
import json
import sys
import traceback
from pathlib import Path
from types import ModuleType

import pytest
import pywasm_runtime as pr
from pywasm_runtime import errors


@pytest.fixture(scope="module")
def faults(rtshop_package: Path) -> ModuleType:
    return pr.import_wasm("rtshop.faults", imports={"rtshop.host": {"suffix": lambda n: "?" * n}})


def test_builtin_exception_comes_back_as_itself(faults: ModuleType) -> None:
    with pytest.raises(ValueError) as caught:
        faults.raise_builtin("bad input")
    assert str(caught.value) == "bad input"
    # The guest's frames are in the host traceback; nothing is added to the instance (no note,
    # no attribute): __notes__ and vars() stay the guest's.
    assert "in _raise" in "".join(traceback.format_exception(caught.value))
    assert not hasattr(caught.value, "__notes__") and vars(caught.value) == {}


def test_user_exception_comes_back_as_the_package_class(faults: ModuleType) -> None:
    from rtshop.errors import OutOfStock

    with pytest.raises(OutOfStock, match="no eggs left"):
        faults.raise_user("eggs")


def test_unimportable_exception_is_a_guest_error(faults: ModuleType) -> None:
    with pytest.raises(pr.GuestError) as caught:
        faults.raise_unknown()
    assert caught.value.type_name == "app._Unlisted"
    assert caught.value.message == "nobody knows me"
    assert "_Unlisted" in caught.value.guest_traceback


def test_guest_error_does_not_reset_state(faults: ModuleType) -> None:
    before = faults.bump()
    with pytest.raises(ValueError):
        faults.raise_builtin("x")
    assert faults.bump() == before + 1


def test_trap_replaces_the_instance(faults: ModuleType) -> None:
    faults.bump()
    with pytest.raises(pr.Trap, match="unreachable") as caught:
        faults.crash()
    assert type(caught.value) is pr.Trap
    assert faults.bump() == 1  # a fresh instance: module state reset


def test_host_import_default_binds_the_real_module(rtshop_package: Path) -> None:
    assert pr.import_wasm("rtshop.faults").shout("abc") == "ABC!!!"


def test_host_import_override(faults: ModuleType) -> None:
    assert faults.shout("abc") == "ABC???"


def test_host_import_exception_propagates_and_instance_recovers(rtshop_package: Path) -> None:
    def refuse(level: int) -> str:
        raise KeyError(f"no suffix for {level}")

    faults = pr.import_wasm("rtshop.faults", imports={"host": {"suffix": refuse}})
    faults.bump()
    with pytest.raises(KeyError, match="no suffix for 2"):
        faults.shout("ab")
    assert faults.bump() == 1


def test_missing_import_lists_what_is_missing(rtshop_wasm: Path) -> None:
    with pytest.raises(pr.MissingImports, match=r"test:rtshop/host@0.1.0\.suffix"):
        pr.load(rtshop_wasm).instantiate()
    with pytest.raises(pr.MissingImports, match=r"rtshop\.host\.suffix"):
        pr.import_wasm("rtshop.faults", imports={"rtshop.host": object()})
    with pytest.raises(pr.MissingImports, match="does not import"):
        pr.import_wasm("rtshop.faults", imports={"rtshop.nope": {}})


def test_timeout(rtshop_package: Path) -> None:
    faults = pr.import_wasm(
        "rtshop.faults", limits=pr.Limits(timeout=0.2), imports={"host": {"suffix": str}}
    )
    faults.bump()
    with pytest.raises(pr.Timeout):
        faults.spin()
    assert faults.bump() == 1


def test_fuel(rtshop_package: Path) -> None:
    faults = pr.import_wasm(
        "rtshop.faults", limits=pr.Limits(fuel=50_000_000), imports={"host": {"suffix": str}}
    )
    assert faults.bump() == 1  # fuel is per call: a short call fits
    with pytest.raises(pr.OutOfFuel):
        faults.spin()
    assert faults.bump() == 1


def test_memory(rtshop_package: Path) -> None:
    faults = pr.import_wasm(
        "rtshop.faults", limits=pr.Limits(memory=64 << 20), imports={"host": {"suffix": str}}
    )
    assert faults.hog(1) == 1
    with pytest.raises(pr.MemoryLimitExceeded):
        faults.hog(1000)
    assert faults.hog(1) == 1  # the bloated instance was replaced


def test_memory_limit_below_the_start_size(rtshop_package: Path) -> None:
    with pytest.raises(pr.MemoryLimitExceeded, match=r"Limits\.memory") as caught:
        pr.import_wasm(
            "rtshop.faults", limits=pr.Limits(memory=4 << 20), imports={"host": {"suffix": str}}
        )
    assert "exceeds memory limits" in caught.value.detail


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"timeout": 0}, ValueError),
        ({"timeout": -1.0}, ValueError),
        ({"fuel": 1.5}, TypeError),
        ({"memory": "1G"}, TypeError),
        ({"fuel": True}, TypeError),
    ],
)
def test_bad_limits(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error, match=f"Limits.{next(iter(kwargs))}"):
        pr.Limits(**kwargs)  # type: ignore[arg-type]


def test_resources(rtshop_package: Path) -> None:
    counters = pr.import_wasm("rtshop.counters")
    with counters.Counter(5) as counter:
        assert counter.increment(3) == 8
        assert counter.increment() == 9  # the model's default
        assert counter.value() == 9
    with pytest.raises(ValueError, match="closed"):
        counter.value()
    with pytest.raises(ValueError, match="cannot start below zero"):
        counters.Counter(-1)
    zero = counters.Counter.zero()  # a static method returning the resource
    assert type(zero) is counters.Counter and zero.increment(2) == 2
    assert [counters.Counter(i).value() for i in range(200)] == list(range(200))


def test_released_handles_are_gone_in_the_guest(rtshop_package: Path) -> None:
    counters = pr.import_wasm("rtshop.counters")
    instance = counters.__wasm_instance__

    def reused(handle: object) -> pr.Resource:
        """A proxy around a handle the runtime already released (white box: the only way to
        ask the guest about a handle the host no longer has)."""
        proxy = counters.Counter.__new__(counters.Counter)
        proxy._adopt(instance, handle)
        return proxy

    closed = counters.Counter(1)
    handle = closed._handle
    closed.close()
    with pytest.raises(pr.Trap, match="unknown handle"):
        reused(handle).value()

    collected = counters.Counter(2)
    handle = collected._handle
    del collected
    gc.collect()
    with pytest.raises(pr.Trap, match="unknown handle"):
        reused(handle).value()


def test_resource_from_a_trapped_instance_is_invalid(rtshop_package: Path) -> None:
    counters = pr.import_wasm("rtshop.counters")
    faults = pr.import_wasm("rtshop.faults")  # the same shared instance
    counter = counters.Counter(1)
    with pytest.raises(pr.Trap):
        faults.crash()
    with pytest.raises(ValueError, match="trapped"):
        counter.value()


def test_guest_named_modules_are_not_imported() -> None:
    """The type name is guest-controlled data: only the component's own packages, their
    installed dependencies and the stdlib (less modules that act on import) are imported."""
    for name in ("antigravity.Fly", "this.Zen", "not_installed_anywhere.Error"):
        top = name.split(".")[0]
        assert top not in sys.modules
        exc = errors.from_guest(name, "up", "tb", packages=frozenset({"shop"}))
        assert isinstance(exc, pr.GuestError) and exc.type_name == name
        assert top not in sys.modules


def test_exception_class_lookup() -> None:
    assert type(errors.from_guest("builtins.KeyError", "k", "", packages=frozenset())) is KeyError
    # not an exception class
    not_class = errors.from_guest("builtins.print", "x", "", packages=frozenset())
    assert isinstance(not_class, pr.GuestError) and str(not_class) == "x"
    # a stdlib class, from a plain traceback (the static backend's record: no detail)
    exc = errors.from_guest("json.decoder.JSONDecodeError", "bad", "tb", packages=frozenset())
    assert type(exc) is json.JSONDecodeError and exc.args == ("bad",)


def test_runtime_classes_are_never_forged() -> None:
    for name in ("Trap", "Timeout", "OutOfFuel", "MemoryLimitExceeded", "GuestError"):
        exc = errors.from_guest(f"pywasm_runtime.errors.{name}", "x", "", packages=frozenset())
        assert type(exc) is not getattr(pr, name) and not isinstance(exc, pr.Trap)
        assert isinstance(exc, pr.GuestError)
