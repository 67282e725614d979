"""Whole-list operations (``==``, ``in``, ``min``, ``max``, ``sum``), slices, and tuples
indexed at run time: calls of support/sequence.wat, which reads items by a kind number (the
element type)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..support import chartables
from ..types import BOOL, FLOAT, INT, STR, ListType
from .ops import ITEM_BITS, ITEM_LOAD

if TYPE_CHECKING:
    from .function import FunctionCodegen

#: How support/sequence.wat reads an item of each element type.
KIND = {INT: 0, FLOAT: 1, BOOL: 2, STR: 3}
#: float items compared with an int needle (exactly, as CPython compares int with float)
INT_IN_FLOATS = 4


def _call(name: str, *before: str, after: tuple[str, ...] = (), may_raise: bool = False) -> (
    Callable[[FunctionCodegen], None]
):  # fmt: skip
    def emit(g: FunctionCodegen) -> None:
        g.emit(*before)
        g.call_runtime(name, may_raise=may_raise)
        g.emit(*after)

    return emit


def _search(routine: str, to_bits: str, kind: int) -> Callable[[FunctionCodegen], None]:
    """value, list on the stack (Python evaluates the value first) -> what the runtime's
    ``routine`` (``list.contains``, ``list.find``: the index or -1, ``list.count``) answers; it
    takes the value's 8 bytes under the list."""

    def emit(g: FunctionCodegen) -> None:
        items = g.scratch("i32", 6)
        g.emit(f"local.set {items}", to_bits, f"local.get {items}", f"i32.const {kind}")
        g.call_runtime(routine, may_raise=False)

    return emit


def _plain_store_zero_length(g: FunctionCodegen) -> None:
    """xs.clear(): the length 0 (the items block stays, as capacity)."""
    g.emit("i32.const 0", "i32.store")


def _whole_list_ops() -> dict[str, Callable[[FunctionCodegen], None]]:
    """``==``, ``!=``, ``in``, ``min`` and ``max`` of each list type."""
    ops = {}
    for element, kind in KIND.items():
        name = str(ListType(element))
        ops[f"{name}.eq"] = _call("list.eq", f"i32.const {kind}")
        ops[f"{name}.ne"] = _call("list.eq", f"i32.const {kind}", after=("i32.eqz",))
        ops[f"{name}.contains"] = _search("list.contains", ITEM_BITS[element], kind)
        for op in ("min", "max"):  # the runtime gives the chosen item's address
            load = (ITEM_LOAD[element],)
            ops[f"{name}.{op}"] = _call(
                f"list.{op}", f"i32.const {kind}", after=load, may_raise=True
            )
    return ops


def _tuple_len(g: FunctionCodegen) -> None:
    """tuple, its constant length on the stack -> the length (the tuple was only evaluated)."""
    length = g.scratch("i64", 6)
    g.emit(f"local.set {length}", "drop", f"local.get {length}")


def _tuple_ops() -> dict[str, Callable[[FunctionCodegen], None]]:
    """``t[i]`` of a tuple whose items have one type, with i known at run time (and so the
    items of ``for x in t``): tuple, index, length -> the item."""
    return {
        f"tuple.get.{element}": _call("tuple.address", after=(ITEM_LOAD[element],), may_raise=True)
        for element in KIND
    }


def _char_class(predicate: str) -> Callable[[FunctionCodegen], None]:
    """``s.isdigit()`` etc.: every code point of s in the predicate's table. A str of one byte
    (one ASCII character: ``ch.isalpha()`` in a loop over a str) is tested inline in the
    table's ASCII bitmap; any other calls $str.all_in."""

    def emit(g: FunctionCodegen) -> None:
        table = g.data.words(f"chars.{predicate}", chartables.ranges(predicate))
        held, byte = g.scratch("i32", 13), g.scratch("i32", 14)
        g.emit(f"local.tee {held}", "i32.load", "i32.const 1", "i32.eq", "if (result i32)")
        g.emit(f"local.get {held}", "i32.load8_u offset=4", f"local.tee {byte}")
        g.emit("i32.const 6", "i32.shr_u", "i32.const 3", "i32.shl", f"i64.load offset={table}")
        g.emit(f"local.get {byte}", "i64.extend_i32_u", "i64.shr_u", "i64.const 1", "i64.and")
        g.emit("i32.wrap_i64", "else", f"local.get {held}", f"i32.const {table}")
        g.call_runtime("str.all_in", may_raise=False)
        g.emit("end")

    return emit


def _spaces(name: str, *before: str) -> Callable[[FunctionCodegen], None]:
    """A str routine that also takes the isspace table (whitespace as CPython's str.split)."""

    def emit(g: FunctionCodegen) -> None:
        table = g.data.words("chars.isspace", chartables.ranges("isspace"))
        g.emit(*before, f"i32.const {table}")
        g.call_runtime(name)

    return emit


def _case(method: str) -> Callable[[FunctionCodegen], None]:
    """``s.lower()`` / ``s.upper()``: the case table and, for lower, capital sigma's context."""

    def emit(g: FunctionCodegen) -> None:
        table = g.data.words(f"chars.{method}", chartables.case_table(method))
        g.emit(f"i32.const {table}", f"i32.const {int(method == 'lower')}")
        if method == "lower":
            ignorable, cased = chartables.sigma_tables()
            g.emit(f"i32.const {g.data.words('chars.case_ignorable', ignorable)}")
            g.emit(f"i32.const {g.data.words('chars.cased', cased)}")
        else:
            g.emit("i32.const 0", "i32.const 0")
        g.call_runtime("str.case")

    return emit


#: lstrip, rstrip, strip: which ends $str.strip trims.
_STRIP_MODES = {"lstrip": 1, "rstrip": 2, "strip": 3}


SEQUENCE_OPS: dict[str, Callable[[FunctionCodegen], None]] = {
    "str.lower": _case("lower"),
    "str.upper": _case("upper"),
    "str.repeat": _call("str.repeat", may_raise=True),
    "str.find": _call("str.find"),
    "str.count": _call("str.count"),
    "str.replace": _call("str.replace", may_raise=True),
    "str.startswith": _call("str.affix", "i32.const 0"),
    "str.endswith": _call("str.affix", "i32.const 1"),
    **{f"str.{n}": _spaces("str.strip", f"i32.const {m}") for n, m in _STRIP_MODES.items()},
    **{
        f"str.{n}_ws": _spaces("str.strip", "i32.const 0", f"i32.const {m}")
        for n, m in _STRIP_MODES.items()
    },
    "str.split_ws": _spaces("str.split_ws"),
    "str.split_on": _call("str.split_on", may_raise=True),
    **{f"str.{p}": _char_class(p) for p in chartables.PREDICATES},
    "tuple.len": _tuple_len,
    "list.slice": _call("list.slice", may_raise=True),
    # the address of a list's items, cached before a loop (transform/headers.py)
    "list.items": lambda g: g.emit("i32.load offset=8"),
    "str.slice_step": _call("str.slice_step", may_raise=True),
    "list[float].contains_int": _search("list.contains", "", INT_IN_FLOATS),
    "list[int].sum": _call("list.sum_int", may_raise=True),
    "list[bool].sum": _call("list.sum_bool"),
    "list[float].sum": _call("list.sum_float"),
    # an object as its base class or back (the same address), a None-valued expression
    "object.as_base": lambda g: None,
    "object.as_subclass": lambda g: None,
    "none": lambda g: None,
    "list.extend": _call("list.extend", may_raise=True),
    "exc.str": _call("exc.str", may_raise=True),
    "exc.args": _call("exc.args", may_raise=True),
    "list.pop.i64": _call("list.pop", may_raise=True),
    "list.pop.f64": _call("list.pop", after=("f64.reinterpret_i64",), may_raise=True),
    "list.pop.i32": _call("list.pop", after=("i32.wrap_i64",), may_raise=True),
    **{
        f"list.insert.{element}": _call("list.insert", ITEM_BITS[element], may_raise=True)
        for element in (INT, FLOAT, BOOL, STR)
    },
    "list.reverse": _call("list.reverse"),
    "list.clear": _plain_store_zero_length,
    **{
        f"list.count.{element}": _search("list.count", ITEM_BITS[element], kind)
        for element, kind in KIND.items()
    },
    **{
        f"list.find.{element}": _search("list.find", ITEM_BITS[element], kind)
        for element, kind in KIND.items()
    },
    "str.ord": _call("str.ord"),
    "str.join": _call("str.join", may_raise=True),
    "str.chars": _call("str.chars", may_raise=True),
    "str.reversed_chars": _call("str.reversed_chars", may_raise=True),
    "list.reversed": _call("list.reversed", may_raise=True),
    **{
        f"{ListType(element)}.sorted": _call("list.sorted", f"i32.const {kind}", may_raise=True)
        for element, kind in KIND.items()
    },
    **{
        f"{ListType(element)}.sorted_by": _call(
            "list.sorted_by", f"i32.const {kind}", may_raise=True
        )
        for element, kind in KIND.items()
    },
    **_whole_list_ops(),
    **_tuple_ops(),
}
