"""The ``dict.*`` operations (irbuild/dicts.py: support/dict.wat's hash table) and ``set.*``
ones (irbuild/sets.py: support/set.wat's CPython set table), each told how to hash and compare
its keys by a kind (``key_kind``); and the conversions of a dict or set argument or result at
the ABI boundary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ir
from ..types import (
    BOOL,
    FLOAT,
    INT,
    STR,
    DictType,
    EnumType,
    FlagType,
    ListType,
    SetType,
    StructType,
    Type,
    wasm_type,
)
from .data import StaticData
from .ops import ITEM_BITS

if TYPE_CHECKING:
    from .function import FunctionCodegen

#: support/dict.wat's kinds of scalar keys; a tuple's kind is the address of its description.
_SCALAR_KINDS = {INT: 0, FLOAT: 1, BOOL: 2, STR: 3}


def key_kind(data: StaticData, t: Type) -> int:
    """How support/dict.wat hashes and compares keys of ``t``: an int, bool, enum or str, or a
    tuple of those (any depth), described in static data as [field count][each field's kind]."""
    if isinstance(t, EnumType | FlagType):  # (an i32)
        return _SCALAR_KINDS[BOOL]
    if isinstance(t, StructType):
        kinds = tuple(key_kind(data, f) for _, f in t.fields)
        return data.words(f"dict.key.{t}", (len(kinds), *kinds))
    return _SCALAR_KINDS[t]


def _key_type(container: Type) -> Type:
    assert isinstance(container, DictType)
    return container.key


def emit(g: FunctionCodegen, op: ir.Op) -> None:
    """One ``dict.*`` operation; its operands are pushed here (each in the form its routine
    takes: a key or value as its 8 bytes)."""
    match op:
        case ir.Op(op="dict.new", args=()):
            g.call_runtime("dict.new")
        case ir.Op(op="dict.merge" | "dict.copy" as name, args=args):  # CPython's dict_merge
            for a in args:
                g.expr(a)
            g.emit(f"i32.const {key_kind(g.data, _key_type(args[0].type))}")
            g.call_runtime(name)
        case ir.Op(op="dict.presize", args=(container, ir.Const(value=n))):
            g.expr(container)
            g.emit(f"i32.const {n}")
            g.call_runtime("dict.presize")
        case ir.Op(op="dict.seek" | "dict.position" as name, args=(container, at)):
            g.expr(container)
            g.expr(at)
            g.call_runtime(name, may_raise=False)
        case ir.Op(op="dict.pop_last", args=(container,)):
            g.expr(container)
            g.call_runtime("dict.pop_last", may_raise=False)
        case ir.Op(op="dict.find", args=(key, container)):  # the index of the key, or -1
            g.expr(key)
            g.emit(ITEM_BITS[key.type])
            g.expr(container)
            g.emit(f"i32.const {key_kind(g.data, _key_type(container.type))}")
            g.call_runtime("dict.find", may_raise=False)
        case ir.Op(op="dict.store", args=(container, key, value)):  # d[k] = v
            g.expr(container)
            g.expr(key)
            g.emit(ITEM_BITS[key.type])
            g.expr(value)
            g.emit(ITEM_BITS[value.type])
            g.emit(f"i32.const {key_kind(g.data, _key_type(container.type))}")
            g.call_runtime("dict.store")
        case ir.Op(op="dict.delete", args=(container, index)):
            g.expr(container)
            g.expr(index)
            g.emit("i32.wrap_i64")
            g.call_runtime("dict.delete", may_raise=False)
        case ir.Op(op="dict.items", args=(container,)):
            g.expr(container)
            g.call_runtime("dict.items", may_raise=False)  # (out of memory traps)
        case ir.Op(op="dict.clear", args=(container,)):
            g.expr(container)
            g.call_runtime("dict.clear", may_raise=False)
        case ir.Op(op="dict.deletions", args=(container,)):
            g.expr(container)
            g.call_runtime("dict.deletions", may_raise=False)
        case _:
            raise AssertionError(f"unknown dict operation {op.op}")


#: support/set.wat's operations that build or change a set (they may run out of memory).
_SET_BUILDERS = (
    "union", "intersection", "difference", "symmetric_difference", "merge",
    "intersection_update", "difference_update", "symmetric_difference_update", "isdisjoint",
    "intersection_list", "intersection_update_list", "difference_list", "difference_update_list",
)  # fmt: skip
#: support/set.wat's operations by their IR name: (may it raise, does it take the kind).
_SET_CALLS = {
    "set.new": (True, False),
    "set.add": (True, True),
    "set.discard": (False, True),
    "set.contains": (False, True),
    "set.len": (False, False),
    "set.items": (True, False),
    "set.pop": (False, False),
    "set.clear": (True, False),
    "set.copy": (True, True),
    "set.next": (False, False),
    "set.size": (False, False),
    "set.key": (False, False),
    "set.adopt": (False, False),
    **{f"set.{name}": (True, True) for name in _SET_BUILDERS},
    **{f"set.{name}": (False, True) for name in ("issubset", "le", "lt", "eq", "ne")},
}
#: An item's 8 bytes (support/set.wat's keys) as a value of its wasm type.
_FROM_BITS = {"i64": (), "f64": ("f64.reinterpret_i64",), "i32": ("i32.wrap_i64",)}


def emit_set(g: FunctionCodegen, op: ir.Op) -> None:
    """One ``set.*`` operation: its operands pushed (an item as its 8 bytes), then the kind of
    the set's items when the routine hashes or compares them."""
    may_raise, takes_kind = _SET_CALLS[op.op]
    container: Type | None = None
    for a in op.args:
        g.expr(a)
        if isinstance(a.type, SetType):
            container = a.type
        elif not isinstance(a.type, ListType):  # (a list goes as its address)
            g.emit(ITEM_BITS[a.type])  # an item (or a table index: an int already)
    if takes_kind:
        assert container is not None
        g.emit(f"i32.const {key_kind(g.data, container.element)}")
    g.call_runtime(op.op, may_raise=may_raise)
    if op.op in ("set.pop", "set.key"):
        g.emit(*_FROM_BITS[wasm_type(op.type)])


def from_abi(t: Type, data: StaticData) -> list[str]:
    """After a dict or set argument was lifted as its list (of (key, value) tuples, or of
    items): the dict or set made of it, as CPython's ``dict(pairs)`` / ``set(items)``."""
    if isinstance(t, SetType):
        return [f"i32.const {key_kind(data, t.element)}", "call $set.from_list"]
    if not isinstance(t, DictType):
        return []
    return [f"i32.const {key_kind(data, t.key)}", "call $dict.from_list"]


def to_abi(t: Type) -> list[str]:
    """Before a dict or set result is lowered as its list: a new list of its (key, value)
    tuples in insertion order, or of a set's items in its table's order."""
    if isinstance(t, DictType):
        return ["call $dict.items"]
    if isinstance(t, SetType):
        return ["call $set.items"]
    return []
