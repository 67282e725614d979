"""Primitive operations: each emits the WAT that consumes its operands from the stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import support
from ..support.mathtables import DERIVED, TABLES
from ..types import BOOL, FLOAT, INT, STR, Type
from .data import float_literal

if TYPE_CHECKING:
    from .function import FunctionCodegen


class _OpsByItemType(dict[Type, str]):
    """A table by value type whose str entry also serves every other heap value (a list, tuple
    or dataclass held in a field is, like a str, the i32 address of its block)."""

    def __missing__(self, t: Type) -> str:
        if t in (INT, FLOAT, BOOL):
            raise KeyError(t)
        return self[STR]


#: How an 8-byte list item or tuple/dataclass slot is loaded and stored, by its type.
ITEM_LOAD = _OpsByItemType({INT: "i64.load", FLOAT: "f64.load", BOOL: "i32.load", STR: "i32.load"})
ITEM_STORE = _OpsByItemType(
    {INT: "i64.store", FLOAT: "f64.store", BOOL: "i32.store", STR: "i32.store"}
)
#: An element's value as the 8 bytes a list item holds.
ITEM_BITS = _OpsByItemType(
    {
        INT: "",
        FLOAT: "i64.reinterpret_f64",
        BOOL: "i64.extend_i32_u",
        STR: "i64.extend_i32_u",
    }
)


def _table_item(name: str) -> Callable[[FunctionCodegen], None]:
    """Item i (an i64 on the stack) of a math table, placed in static data on first use."""

    def emit(g: FunctionCodegen) -> None:
        address = g.data.words(name, TABLES[name]())
        g.emit("i32.wrap_i64", "i32.const 3", "i32.shl", f"i64.load offset={address}")

    return emit


def _table_store(name: str) -> Callable[[FunctionCodegen], None]:
    """Word i of a derived math table := v (i and v, i64s, on the stack)."""

    def emit(g: FunctionCodegen) -> None:
        address, v = g.data.words(name, TABLES[name]()), g.scratch("i64", 0)
        g.emit(f"local.set {v}", "i32.wrap_i64", "i32.const 3", "i32.shl", f"local.get {v}",
               f"i64.store offset={address}")  # fmt: skip

    return emit


def _plain(*instructions: str) -> Callable[[FunctionCodegen], None]:
    return lambda g: g.emit(*instructions)


def _runtime(name: str, *after: str) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        g.call_runtime(name)
        g.emit(*after)

    return emit


def _checked_add_sub(instruction: str) -> Callable[[FunctionCodegen], None]:
    """Inline, as the hottest operations, with the classic sign test for overflow."""

    def emit(g: FunctionCodegen) -> None:
        a, b, r = (g.scratch("i64", i) for i in range(3))
        g.emit(f"local.set {b}", f"local.tee {a}", f"local.get {b}", instruction, f"local.set {r}")
        # a + b overflows iff (a ^ r) & (b ^ r) < 0; a - b iff (a ^ b) & (a ^ r) < 0
        first, second = ((a, r), (b, r)) if instruction == "i64.add" else ((a, b), (a, r))
        for x, y in (first, second):
            g.emit(f"local.get {x}", f"local.get {y}", "i64.xor")
        g.emit("i64.and")
        g.emit("i64.const 0", "i64.lt_s", "if")
        g.raise_(*support.ERRORS["overflow"])
        g.emit("end", f"local.get {r}")

    return emit


def _fast_path(
    condition: tuple[str, ...], fast: str, slow: str
) -> Callable[[FunctionCodegen], None]:
    """Inline the common case (operands ``A`` and ``B`` satisfy ``condition``: one instruction
    gives Python's result); call the runtime for the rest."""

    def emit(g: FunctionCodegen) -> None:
        a, b = g.scratch("i64", 0), g.scratch("i64", 1)
        g.emit(f"local.set {b}", f"local.set {a}")
        g.emit(*(i.replace("A", a).replace("B", b) for i in condition))
        g.emit("if (result i64)", f"local.get {a}", f"local.get {b}", fast, "else")
        g.emit(f"local.get {a}", f"local.get {b}")
        g.call_runtime(slow)
        g.emit("end")

    return emit


#: both operands within 32 bits: the product cannot overflow
_BOTH_32_BIT = (
    "local.get A", "i64.extend32_s", "local.get A", "i64.eq",
    "local.get B", "i64.extend32_s", "local.get B", "i64.eq", "i32.and",
)  # fmt: skip
#: a >= 0 and b > 0: truncating division is floor division
_NON_NEGATIVE = ("local.get A", "i64.const 0", "i64.ge_s", "local.get B", "i64.const 0")
_NON_NEGATIVE += ("i64.gt_s", "i32.and")


INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def _int_mul(g: FunctionCodegen) -> None:
    """Inline, with no call (a call in a loop makes the engine keep the loop's values in
    memory): factors within 32 bits cannot overflow; otherwise the product is checked by
    dividing it back (a = 0 and a = -1 apart: MIN / -1 traps)."""
    a, b, r = (g.scratch("i64", i) for i in range(3))
    g.emit(f"local.set {b}", f"local.set {a}", f"local.get {a}", f"local.get {b}", "i64.mul")
    g.emit(f"local.set {r}", *(i.replace("A", a).replace("B", b) for i in _BOTH_32_BIT))
    g.emit("i32.eqz", "if", f"local.get {a}", "i64.const -1", "i64.eq", "if (result i32)")
    g.emit(f"local.get {b}", f"i64.const {INT_MIN}", "i64.eq", "else", f"local.get {a}")
    g.emit("i64.eqz", "if (result i32)", "i32.const 0", "else", f"local.get {r}")
    g.emit(f"local.get {a}", "i64.div_s", f"local.get {b}", "i64.ne", "end", "end", "if")
    g.raise_(*support.ERRORS["overflow"])
    g.emit("end", "end", f"local.get {r}")


def _mul_constant(g: FunctionCodegen, c: int) -> None:
    """``x * c`` fits iff x is in [lo, hi] (exact bounds computed here): one unsigned compare."""
    c = int(c)
    if c == 0:
        g.emit("drop", "i64.const 0")
        return
    if c > 0:
        lo, hi = -(-INT_MIN // c), INT_MAX // c
    else:
        lo, hi = -(-INT_MAX // c), min(INT_MIN // c, INT_MAX)  # c = -1: -MIN does not fit
    x = g.scratch("i64", 0)
    if (lo, hi) != (INT_MIN, INT_MAX):  # c = 1
        span = hi - lo if hi - lo <= INT_MAX else hi - lo - 2**64  # as i64.const (unsigned use)
        g.emit(f"local.tee {x}", f"i64.const {lo}", "i64.sub", f"i64.const {span}", "i64.gt_u")
        g.emit("if")
        g.raise_(*support.ERRORS["overflow"])
        g.emit("end", f"local.get {x}")
    g.emit(f"i64.const {c}", "i64.mul")


def _floordiv_constant(g: FunctionCodegen, c: int) -> None:
    """By a positive constant: a shift for a power of two (an arithmetic shift is floor
    division), else the truncated quotient minus one when the remainder is negative."""
    c = int(c)
    if c <= 0:
        g.emit(f"i64.const {c}")
        OPS["int.floordiv"](g)
    elif c & (c - 1) == 0:
        g.emit(f"i64.const {c.bit_length() - 1}", "i64.shr_s")
    else:
        x = g.scratch("i64", 0)
        g.emit(f"local.tee {x}", f"i64.const {c}", "i64.div_s", f"local.get {x}", f"i64.const {c}")
        g.emit("i64.rem_s", "i64.const 0", "i64.lt_s", "i64.extend_i32_u", "i64.sub")


def _mod_constant(g: FunctionCodegen, c: int) -> None:
    """By a positive constant the result is in [0, c): a mask for a power of two, else the
    truncated remainder plus c when it is negative."""
    c = int(c)
    if c <= 0:
        g.emit(f"i64.const {c}")
        OPS["int.mod"](g)
    elif c & (c - 1) == 0:
        g.emit(f"i64.const {c - 1}", "i64.and")
    else:
        r = g.scratch("i64", 0)
        g.emit(f"i64.const {c}", "i64.rem_s", f"local.tee {r}", f"local.get {r}", "i64.const 63")
        g.emit("i64.shr_s", f"i64.const {c}", "i64.and", "i64.add")


def _add_constant(g: FunctionCodegen, c: int) -> None:
    """``x + c`` with ``c`` known: it overflows iff x > MAX - c (c > 0) or x < MIN - c (c < 0),
    one compare instead of the sign test (``i += 1``, ``n - 1`` in hot loops)."""
    c = int(c)
    if c:
        x = g.scratch("i64", 0)
        bound, compare = (INT_MAX - c, "i64.gt_s") if c > 0 else (INT_MIN - c, "i64.lt_s")
        g.emit(f"local.tee {x}", f"i64.const {bound}", compare, "if")
        g.raise_(*support.ERRORS["overflow"])
        g.emit("end", f"local.get {x}", f"i64.const {c}", "i64.add")


def _sub_constant(g: FunctionCodegen, c: int) -> None:
    c = int(c)
    if c == INT_MIN:  # x - MIN overflows iff x >= 0 (and -MIN itself does not fit)
        x = g.scratch("i64", 0)
        g.emit(f"local.tee {x}", "i64.const 0", "i64.ge_s", "if")
        g.raise_(*support.ERRORS["overflow"])
        g.emit("end", f"local.get {x}", f"i64.const {c}", "i64.sub")
    else:
        _add_constant(g, -c)


def _lshift_constant(g: FunctionCodegen, c: int) -> None:
    """``x << c`` with 0 <= c <= 62 known: it fits iff MIN >> c <= x <= MAX >> c, one compare
    and a shift instead of a call (the math library's bit fields)."""
    c = int(c)
    if not 0 <= c <= 62:
        g.emit(f"i64.const {c}")
        OPS["int.lshift"](g)
        return
    if c:
        x = g.scratch("i64", 0)
        lo, span = INT_MIN >> c, (INT_MAX >> c) - (INT_MIN >> c)
        g.emit(f"local.tee {x}", f"i64.const {lo}", "i64.sub", f"i64.const {span}", "i64.gt_u")
        g.emit("if")
        g.raise_(*support.ERRORS["overflow"])
        g.emit("end", f"local.get {x}", f"i64.const {c}", "i64.shl")


def _rshift_constant(g: FunctionCodegen, c: int) -> None:
    """``x >> c`` with c >= 0 known: an arithmetic shift (beyond 63 bits, the sign)."""
    c = int(c)
    if c < 0:
        g.emit(f"i64.const {c}")
        OPS["int.rshift"](g)  # raises ValueError
    else:
        g.emit(f"i64.const {min(c, 63)}", "i64.shr_s")


# -- ints of any size (support/bigint.wat): the program's code, not the math library's ---------
#: Small ints are those in [-BIAS, BIAS): x is small iff x + BIAS >= 0 as a signed i64.
BIAS = 2**62


def _biased(g: FunctionCodegen, x: str) -> None:
    g.emit(f"local.get {x}", f"i64.const {BIAS}", "i64.add")


def _any_big(g: FunctionCodegen, operands: tuple[str, ...], known: tuple[bool, ...]) -> bool:
    """Push whether an operand not known small is big (an i32); False (nothing pushed) when
    all are known small. The biased values or'ed: one sign test for all."""
    tested = [x for x, small in zip(operands, known, strict=True) if not small]
    for k, x in enumerate(tested):
        _biased(g, x)
        if k:
            g.emit("i64.or")
    if tested:
        g.emit("i64.const 0", "i64.lt_s")
    return bool(tested)


def _slow_or(g: FunctionCodegen, slow: str, operands: tuple[str, str], fast: str) -> None:
    """i32 condition on the stack: when set, the big-int routine ``slow`` on the operands
    (a cold call), else the value of local ``fast``."""
    g.emit("if (result i64)", *(f"local.get {x}" for x in operands))
    g.call_runtime(slow)
    g.emit("else", f"local.get {fast}", "end")


def _big_add_sub(instruction: str, slow: str) -> Callable[[FunctionCodegen], None]:
    """Small operands cannot overflow 64 bits: one sign test of the biased operands and result
    finds a big operand or a result beyond the small range."""

    def emit(g: FunctionCodegen) -> None:
        a, b, r = (g.scratch("i64", i) for i in range(3))
        g.emit(f"local.set {b}", f"local.tee {a}", f"local.get {b}", instruction, f"local.set {r}")
        _any_big(g, (a, b, r), (*g.known, False))
        _slow_or(g, slow, (a, b), r)

    return emit


def _big_mul(g: FunctionCodegen) -> None:
    """Factors within 32 bits: the product is small but for (-2**31) ** 2 = 2**62. Otherwise
    checked by dividing it back (a = 0 and a = -1 apart: MIN / -1 traps; -1 times a small int
    fits), and tested small."""
    a, b, r = (g.scratch("i64", i) for i in range(3))
    g.emit(f"local.set {b}", f"local.set {a}", f"local.get {a}", f"local.get {b}", "i64.mul")
    g.emit(f"local.set {r}", *(i.replace("A", a).replace("B", b) for i in _BOTH_32_BIT))
    g.emit("if (result i32)", f"local.get {r}", f"i64.const {BIAS}", "i64.eq", "else")
    g.emit(f"local.get {a}", "i64.const 1", "i64.add", "i64.const 1", "i64.le_u")
    g.emit("if (result i32)", "i32.const 0", "else", f"local.get {r}", f"local.get {a}")
    g.emit("i64.div_s", f"local.get {b}", "i64.ne", "end")
    _any_big(g, (a, b, r), (False, False, False))
    g.emit("i32.or", "end")
    _slow_or(g, "int.big_mul", (a, b), r)


def _big_compare(compare: str) -> Callable[[FunctionCodegen], None]:
    """The i64 compare unless both operands are big (a big int's tag lies below or above every
    small int by its sign; one form per value): then $int.big_cmp."""
    plain = f"i64.{compare}" if compare in ("eq", "ne") else f"i64.{compare}_s"

    def emit(g: FunctionCodegen) -> None:
        if any(g.known):
            g.emit(plain)
            return
        a, b = g.scratch("i64", 0), g.scratch("i64", 1)
        g.emit(f"local.set {b}", f"local.set {a}")
        _biased(g, a)  # both big: both biased values negative
        _biased(g, b)
        g.emit("i64.and", "i64.const 0", "i64.lt_s")
        g.emit("if (result i32)", f"local.get {a}", f"local.get {b}")
        g.call_runtime("int.big_cmp", may_raise=False)
        g.emit("i32.const 0", f"i32.{compare}" if compare in ("eq", "ne") else f"i32.{compare}_s")
        g.emit("else", f"local.get {a}", f"local.get {b}", plain, "end")

    return emit


def _big_constant(slow: str, bounds: Callable[[int], tuple[int, int]], fast: str):
    """``x op c`` with a small constant c: the result is small iff x is in [lo, hi] (exact
    bounds computed here), one unsigned compare; else $int.big_<op>(x, c)."""

    def emit(g: FunctionCodegen, c: int) -> None:
        c = int(c)
        if not -BIAS <= c < BIAS:
            g.emit(f"i64.const {c}", "call $int.lift")
            g.called.add("int.lift")
            g.known = (False, False)
            BIG_OPS[slow.replace("big_", "")](g)
            return
        lo, hi = bounds(c)
        x = g.scratch("i64", 0)
        g.emit(f"local.tee {x}", f"i64.const {lo}", "i64.sub", f"i64.const {hi - lo}", "i64.gt_u")
        g.emit("if (result i64)", f"local.get {x}", f"i64.const {c}")
        g.call_runtime(slow)
        g.emit("else", f"local.get {x}", f"i64.const {c}", fast, "end")

    return emit


def _compare_constant(compare: str) -> Callable[[FunctionCodegen, Any], None]:
    """``x < c`` (<=, >, >=, ==, !=) with a small constant: the i64 compare (a big x's tag lies
    on the side of c its sign puts it; it never equals a small int)."""
    plain = f"i64.{compare}" if compare in ("eq", "ne") else f"i64.{compare}_s"

    def emit(g: FunctionCodegen, c: Any) -> None:
        c = int(c)
        if not -BIAS <= c < BIAS:
            g.emit(f"i64.const {c}", "call $int.lift")
            g.called.add("int.lift")
            g.known = (g.known[0], False)
            BIG_OPS[f"int.{compare}"](g)
            return
        g.emit(f"i64.const {c}", plain)

    return emit


def _big_unary(slow: str, *fast: str) -> Callable[[FunctionCodegen], None]:
    """-x, abs(x): small for x in (-2**62, 2**62), one unsigned compare; else ``slow``."""

    def emit(g: FunctionCodegen) -> None:
        x = g.scratch("i64", 0)
        g.emit(f"local.tee {x}", f"i64.const {1 - BIAS}", "i64.sub", f"i64.const {2 * BIAS - 2}")
        g.emit("i64.gt_u", "if (result i64)", f"local.get {x}")
        g.call_runtime(slow)
        g.emit("else", *(i.replace("X", x) for i in fast), "end")

    return emit


def _lshift_big_constant(g: FunctionCodegen, c: int) -> None:
    """``x << c``: for 0 <= c <= 61 as a constant operation; else $int.big_lshift."""
    c = int(c)
    if 0 <= c <= 61:
        _LSHIFT_CONSTANT(g, c)
    else:
        g.emit(f"i64.const {c}")
        g.call_runtime("int.big_lshift")


def _sum_bounds(d: int) -> tuple[int, int]:
    """The x with x and x + d small."""
    return max(-BIAS, -BIAS - d), min(BIAS - 1, BIAS - 1 - d)


def _product_bounds(c: int) -> tuple[int, int]:
    """The x with x and x * c small (c = 0: every small x)."""
    if c == 0:
        return -BIAS, BIAS - 1
    ends = sorted((-BIAS, BIAS - 1), key=lambda e: e if c > 0 else -e)
    lo, hi = -(-ends[0] // c), ends[1] // c  # ceil, floor of the ends divided by c
    return max(-BIAS, lo), min(BIAS - 1, hi)


def _convert(routine: str, may_raise: bool) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        x = g.scratch("i64", 8)
        g.emit(f"local.tee {x}", f"i64.const {BIAS}", "i64.add", "i64.const 0", "i64.lt_s")
        g.emit("if (result i64)", f"local.get {x}")
        g.call_runtime(routine, may_raise=may_raise)
        g.emit("else", f"local.get {x}", "end")

    return emit


#: tagged int -> raw i64 (memory, the library, operations that are not big-aware):
#: OverflowError beyond 64 bits
lower_int = _convert("int.lower", may_raise=True)
#: raw i64 -> tagged int (a value beyond the small range gets its block)
lift_int = _convert("int.lift", may_raise=False)


def _big_str(g: FunctionCodegen) -> None:
    g.call_runtime("int.big_str")


def _float_div(g: FunctionCodegen) -> None:
    """Inline: a division is too hot for a call (and the engine's check at each entry)."""
    a, b = g.scratch("f64", 0), g.scratch("f64", 1)
    g.emit(f"local.set {b}", f"local.set {a}", f"local.get {b}", "f64.const 0", "f64.eq", "if")
    g.raise_(*support.ERRORS["float_div_zero"])
    g.emit("end", f"local.get {a}", f"local.get {b}", "f64.div")


def _float_div_constant(g: FunctionCodegen, c: float) -> None:
    g.emit(f"f64.const {float_literal(c)}")
    if c == 0:
        _float_div(g)  # raises
    else:
        g.emit("f64.div")


def _float_sqrt(g: FunctionCodegen) -> None:
    """math.sqrt: one instruction, but below zero (-inf too; not -0.0 or NaN) CPython raises
    ValueError where the instruction gives NaN."""
    x = g.scratch("f64", 0)
    g.emit(f"local.tee {x}", "f64.const 0", "f64.lt", "if")
    g.raise_("builtins.ValueError", "math domain error")
    g.emit("end", f"local.get {x}", "f64.sqrt")


def _box(wasm_type: str) -> Callable[[FunctionCodegen], None]:
    """An int, float, bool, enum member or flag value as a present optional value: an 8-byte
    heap block holding it."""

    def emit(g: FunctionCodegen) -> None:
        # (two locals for an i32 too: one, both the value and the block, boxed the address)
        value, block = g.scratch(wasm_type, 15), g.scratch("i32", 12)
        g.emit(f"local.set {value}", "i32.const 8")
        g.call_runtime("struct.alloc")
        g.emit(
            f"local.tee {block}", f"local.get {value}", f"{wasm_type}.store", f"local.get {block}"
        )

    return emit


def _int_neg(g: FunctionCodegen) -> None:
    x = g.scratch("i64", 0)
    g.emit(f"local.tee {x}", "i64.const 0x8000000000000000", "i64.eq", "if")
    g.raise_(*support.ERRORS["overflow"])
    g.emit("end", "i64.const 0", f"local.get {x}", "i64.sub")


def _int_abs(g: FunctionCodegen) -> None:
    x = g.scratch("i64", 0)
    g.emit(f"local.tee {x}", "i64.const 0", "i64.lt_s", "if (result i64)", f"local.get {x}")
    _int_neg(g)
    g.emit("else", f"local.get {x}", "end")


def _select(wasm_type: str, compare: str) -> Callable[[FunctionCodegen], None]:
    """min/max as CPython's left fold: the candidate replaces the result only when strictly
    better, so the first of equal values (and of -0.0/0.0) wins and NaN compares false."""

    def emit(g: FunctionCodegen) -> None:
        a, b = g.scratch(wasm_type, 0), g.scratch(wasm_type, 1)
        g.emit(f"local.set {b}", f"local.set {a}", f"local.get {b}", f"local.get {a}")
        g.emit(f"local.get {b}", f"local.get {a}", f"{wasm_type}.{compare}", "select")

    return emit


def _float_to_int(
    rounding: str, routine: str = "float.to_int"
) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        g.emit(f"f64.{rounding}")
        g.call_runtime(routine)

    return emit


def _float_test(*instructions: str) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        x = g.scratch("f64", 0)
        g.emit(f"local.set {x}", *(i.replace("X", x) for i in instructions))

    return emit


def _int_float(*after: str) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        g.call_runtime("int_float.cmp", may_raise=False)
        g.emit(*after)

    return emit


TRUTH: dict[Type, Callable[[FunctionCodegen], None]] = {
    INT: _plain("i64.const 0", "i64.ne"),
    FLOAT: _plain("f64.const 0", "f64.ne"),
    STR: _plain("i32.load", "i32.const 0", "i32.ne"),  # a non-empty byte length
}


def _str_order(*after: str) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        g.call_runtime("str.cmp", may_raise=False)
        g.emit(*after)

    return emit


#: How the first 1 to 4 bytes of a str object's text are read as one little-endian i32.
_TEXT_LOADS = {
    1: ("i32.load8_u offset=4",),
    2: ("i32.load16_u offset=4",),
    4: ("i32.load offset=4",),
}


def _str_eq_constant(negate: bool) -> Callable[[FunctionCodegen, Any], None]:
    """``s == "..."`` / ``!=`` with a constant of at most 4 bytes (``""``, one character),
    inline: the lengths, then the bytes as one word (read only when the lengths agree). A
    longer constant calls $str.eq."""

    def emit(g: FunctionCodegen, c: Any) -> None:
        encoded = c if isinstance(c, bytes) else str(c).encode()
        if len(encoded) not in (0, *_TEXT_LOADS):
            g.emit(f"i32.const {g.data.str_object(c)}")
            OPS["str.ne" if negate else "str.eq"](g)
            return
        held = g.scratch("i32", 13)
        g.emit(f"local.tee {held}", "i32.load", f"i32.const {len(encoded)}", "i32.eq")
        if encoded:
            g.emit("if (result i32)", f"local.get {held}", *_TEXT_LOADS[len(encoded)])
            g.emit(f"i32.const {int.from_bytes(encoded, 'little')}", "i32.eq")
            g.emit("else", "i32.const 0", "end")
        if negate:
            g.emit("i32.eqz")

    return emit


def _char_at(g: FunctionCodegen) -> None:
    """The one-code-point str at byte offset ``at`` of a str (``for ch in s``): an ASCII one
    inline, its static str written in place (support/str.wat ``$str.latin1``), any other by
    ``$str.char_from`` (static below U+0100, else new: MemoryError)."""
    text, at, byte, char = (g.scratch("i32", k) for k in (13, 14, 15, 16))
    g.emit("i32.wrap_i64", f"local.set {at}", f"local.tee {text}", f"local.get {at}", "i32.add")
    g.emit("i32.load8_u offset=4", f"local.tee {byte}", "i32.const 0x80", "i32.lt_u")
    g.emit("if (result i32)", "global.get $str.latin1", f"local.get {byte}", "i32.const 3")
    g.emit("i32.shl", "i32.add", f"local.tee {char}", "i32.const 1", "i32.store")
    g.emit(f"local.get {char}", f"local.get {byte}", "i32.store8 offset=4", f"local.get {char}")
    g.emit("else", f"local.get {text}", f"local.get {at}")
    g.call_runtime("str.char_from")
    g.emit("end")


def _no_raise(name: str, *after: str) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        g.call_runtime(name, may_raise=False)
        g.emit(*after)

    return emit


def _heap_release(g: FunctionCodegen) -> None:
    """mark, saved floor -> (): the heap's top back to the mark (everything allocated since is
    dead: transform/regions.py), and frees ignored from the outermost active mark up."""
    mark, saved = g.scratch("i32", 0), g.scratch("i32", 1)
    g.emit("i32.wrap_i64", f"local.set {saved}", "i32.wrap_i64", f"local.tee {mark}")
    g.emit("global.set $alloc.top", f"local.get {saved}", f"local.get {mark}", f"local.get {saved}")
    g.emit(f"local.get {mark}", "i32.lt_u", "select", "global.set $alloc.floor")


_CMP = {"lt": "lt", "le": "le", "gt": "gt", "ge": "ge", "eq": "eq", "ne": "ne"}

OPS: dict[str, Callable[[FunctionCodegen], None]] = {
    "int.add": _checked_add_sub("i64.add"),
    "int.sub": _checked_add_sub("i64.sub"),
    "int.mul": _int_mul,
    "int.floordiv": _fast_path(_NON_NEGATIVE, "i64.div_s", "int.floordiv"),
    "int.mod": _fast_path(_NON_NEGATIVE, "i64.rem_s", "int.mod"),
    "int.pow": _runtime("int.pow"),
    "int.truediv": _runtime("int.truediv"),
    "int.lshift": _runtime("int.lshift"),
    "int.rshift": _runtime("int.rshift"),
    "int.and": _plain("i64.and"),
    "int.or": _plain("i64.or"),
    "int.xor": _plain("i64.xor"),
    "int.invert": _plain("i64.const -1", "i64.xor"),
    "int.neg": _int_neg,
    "int.abs": _int_abs,
    "int.min": _select("i64", "lt_s"),
    "int.max": _select("i64", "gt_s"),
    "int.truth": TRUTH[INT],
    "int.to_float": _plain("f64.convert_i64_s"),
    **{f"int.{op}": _plain(f"i64.{op}" if op in ("eq", "ne") else f"i64.{op}_s") for op in _CMP},
    "float.add": _plain("f64.add"),
    "float.sub": _plain("f64.sub"),
    "float.mul": _plain("f64.mul"),
    "float.div": _float_div,
    "float.floordiv": _runtime("float.floordiv"),
    "float.mod": _runtime("float.mod"),
    "float.neg": _plain("f64.neg"),
    "float.abs": _plain("f64.abs"),
    "float.sqrt": _float_sqrt,
    "float.copysign": _plain("f64.copysign"),
    "float.min": _select("f64", "lt"),
    "float.max": _select("f64", "gt"),
    "float.truth": TRUTH[FLOAT],
    "float.floor_int": _float_to_int("floor"),
    "float.ceil_int": _float_to_int("ceil"),
    "float.trunc_int": _float_to_int("trunc"),
    "float.round_int": _float_to_int("nearest"),  # ties to even, as CPython's round()
    "float.isnan": _float_test("local.get X", "local.get X", "f64.ne"),
    "float.isinf": _float_test("local.get X", "f64.abs", "f64.const inf", "f64.eq"),
    "float.isfinite": _float_test("local.get X", "f64.abs", "f64.const inf", "f64.lt"),
    **{f"float.{op}": _plain(f"f64.{op}") for op in _CMP},
    "int_float.lt": _int_float("i32.const -1", "i32.eq"),
    "int_float.le": _int_float("i32.const 0", "i32.le_s"),
    "int_float.gt": _int_float("i32.const 1", "i32.eq"),
    "int_float.ge": _int_float("i32.const 1", "i32.le_u"),
    "int_float.eq": _int_float("i32.eqz"),
    "int_float.ne": _int_float("i32.const 0", "i32.ne"),
    "float.bits": _plain("i64.reinterpret_f64"),
    "float.fmod": _no_raise("float.fmod"),
    "float.fma": _no_raise("float.fma"),
    "float.floor": _plain("f64.floor"),
    "int.bits_float": _plain("f64.reinterpret_i64"),
    "int.add64": _plain("i64.add"),
    "int.sub64": _plain("i64.sub"),
    "int.mul64": _plain("i64.mul"),
    "int.shl64": _plain("i64.shl"),
    "float.fdiv": _plain("f64.div"),
    **{f"table.{name}": _table_item(name) for name in TABLES},
    **{f"table.set.{name}": _table_store(name) for name in DERIVED},
    "str.add": _runtime("str.concat"),
    "io.print": _no_raise("io.print"),
    **{f"bytes.{name}": _runtime(f"bytes.{name}") for name in ("index", "slice", "zeros", "items")},
    "str.index": _runtime("str.index"),
    "str.slice": _runtime("str.slice"),
    "int.to_str": _runtime("int.to_str"),
    "str.len": _no_raise("str.len"),
    # the math library's text primitives (byte offsets, support/str.wat)
    "str.byte_length": _plain("i32.load", "i64.extend_i32_u"),
    "str.code_point": _no_raise("str.code_point"),
    "str.chr": _runtime("str.chr"),
    "str.char_at": _char_at,
    "str.byte_slice": _runtime("str.byte_slice"),
    "str.truth": TRUTH[STR],
    "str.contains": _no_raise("str.contains"),
    "str.eq": _no_raise("str.eq"),
    "str.ne": _no_raise("str.eq", "i32.eqz"),
    "str.lt": _str_order("i32.const 0", "i32.lt_s"),
    "str.le": _str_order("i32.const 0", "i32.le_s"),
    "str.gt": _str_order("i32.const 0", "i32.gt_s"),
    "str.ge": _str_order("i32.const 0", "i32.ge_s"),
    "list.len": _plain("i32.load", "i64.extend_i32_u"),
    "list.truth": _plain("i32.load", "i32.const 0", "i32.ne"),
    "bool.not": _plain("i32.eqz"),
    "option.is_none": _plain("i32.eqz"),
    "enum.eq": _plain("i32.eq"),
    "enum.ne": _plain("i32.ne"),
    "flag.or": _plain("i32.or"),
    "flag.and": _plain("i32.and"),
    "flag.xor": _plain("i32.xor"),
    "flag.truth": _plain("i32.const 0", "i32.ne"),
    "flag.to_int": _plain("i64.extend_i32_u"),
    "option.some": _plain(),  # a heap value is its own present optional value
    "option.value": _plain(),
    **{f"option.box.{w}": _box(w) for w in ("i64", "f64", "i32")},
    **{f"option.unbox.{w}": _plain(f"{w}.load") for w in ("i64", "f64", "i32")},
    "bool.and": _plain("i32.and"),
    "bool.or": _plain("i32.or"),
    "bool.xor": _plain("i32.xor"),
    "bool.to_int": _plain("i64.extend_i32_u"),
    "bool.to_float": _plain("f64.convert_i32_u"),
    # the allocator's state for loop regions (transform/regions.py), addresses as i64 values
    "heap.top": _plain("global.get $alloc.top", "i64.extend_i32_u"),
    "heap.floor": _plain("global.get $alloc.floor", "i64.extend_i32_u"),
    "heap.release": _heap_release,
    "heap.bigs": _plain("i64.const 0"),  # (the math library makes no big int)
    "heap.restore": _plain("i32.wrap_i64", "global.set $alloc.floor"),
}

#: Operations with a constant right operand (the constant as a Python value), where knowing it
#: makes the check cheaper or unneeded.
CONSTANT_RIGHT: dict[str, Callable[[FunctionCodegen, Any], None]] = {
    "int.add": _add_constant,
    "int.sub": _sub_constant,
    "int.mul": _mul_constant,
    "int.floordiv": _floordiv_constant,
    "int.mod": _mod_constant,
    "int.lshift": _lshift_constant,
    "int.rshift": _rshift_constant,
    "float.div": _float_div_constant,
    "str.eq": _str_eq_constant(negate=False),
    "str.ne": _str_eq_constant(negate=True),
}


#: The program's int operations that take and give big ints (the math library keeps OPS: its
#: ints are bit fields within 64 bits).
BIG_OPS: dict[str, Callable[[FunctionCodegen], None]] = {
    "int.add": _big_add_sub("i64.add", "int.big_add"),
    "int.sub": _big_add_sub("i64.sub", "int.big_sub"),
    "int.mul": _big_mul,
    **{f"int.{op}": _big_compare(op) for op in _CMP},
    "int.to_str": _big_str,
    "int.neg": _big_unary("int.big_neg", "i64.const 0", "local.get X", "i64.sub"),
    "int.abs": _big_unary(
        "int.big_abs",
        "i64.const 0",
        "local.get X",
        "i64.sub",
        "local.get X",
        "local.get X",
        "i64.const 0",
        "i64.lt_s",
        "select",
    ),
    "int.lshift": _runtime("int.big_lshift"),
    **{
        f"float.{name}_int": _float_to_int(rounding, "int.from_float")
        for name, rounding in (("floor", "floor"), ("ceil", "ceil"), ("trunc", "trunc"))
    },
    "float.round_int": _float_to_int("nearest", "int.from_float"),
    "int.pow": _runtime("int.big_pow"),
    "int.lowered": lower_int,
    "heap.bigs": _plain("global.get $int.bigs", "i64.extend_i32_u"),
}
BIG_CONSTANT_RIGHT: dict[str, Callable[[FunctionCodegen, Any], None]] = {
    "int.add": _big_constant("int.big_add", _sum_bounds, "i64.add"),
    "int.sub": _big_constant("int.big_sub", lambda c: _sum_bounds(-c), "i64.sub"),
    "int.mul": _big_constant("int.big_mul", _product_bounds, "i64.mul"),
    **{f"int.{op}": _compare_constant(op) for op in _CMP},
    "int.lshift": _lshift_big_constant,
}
_LSHIFT_CONSTANT = _big_constant(
    "int.big_lshift", lambda c: (-BIAS >> c, (BIAS - 1) >> c), "i64.shl"
)
#: The program's ops whose int operands and results are tagged as they are (the rest see raw
#: i64s: lowered operands, lifted results).
BIG_AWARE = frozenset({*BIG_OPS, "int.truth", "fact.nonneg", "int.add_unchecked"})
BIG_AWARE |= {"int.sub_unchecked", "list.len", "str.len", "str.byte_length"}


def raise_message(g: FunctionCodegen, exception: str) -> None:
    """Raise ``exception`` with the str on the stack as its message (known only at run time:
    ``raise ValueError(f"... {s!r}")``): support/exc.wat builds a heap error record from the
    message and the exception's static record, then the raise leaves as a static one does."""
    g.emit(f"i32.const {g.data.error_record(exception, '')}")
    g.call_runtime("exc.raise_str", may_raise=False)
    g.leave()
