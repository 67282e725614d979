"""Typed IR -> WAT text of one core module.

Exceptions: there is no try/except in the subset, so a raised exception only has to unwind to
the export. A raise stores the address of a static error record (type name, message) in the
global ``$exc`` and returns; every call that may raise is followed by a check of ``$exc`` that
returns at once. The export wrappers (abi.py) turn a set ``$exc`` into ``result::err``. This needs
no wasm exception-handling proposal, so the module runs in every engine and browser.

Memory layout: static data (strings, error records, the return area, the allocator's free-list
heads) from address 16, the heap after it (runtime/alloc.wat).
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import ir, runtime
from .types import BOOL, FLOAT, INT, NONE, STR, WASM_TYPE, ListType, StructType, Type

#: How an 8-byte list item is loaded and stored, by element type.
ITEM_LOAD = {INT: "i64.load", FLOAT: "f64.load", BOOL: "i32.load", STR: "i32.load"}
ITEM_STORE = {INT: "i64.store", FLOAT: "f64.store", BOOL: "i32.store", STR: "i32.store"}
#: An element's value as the 8 bytes a list item holds.
ITEM_BITS = {INT: "", FLOAT: "i64.reinterpret_f64", BOOL: "i64.extend_i32_u"}

DATA_BASE = 16
#: Size classes of the heap allocator (runtime/alloc.wat): blocks of 16 B to 2 GiB.
ALLOC_CLASSES = 28


@dataclass
class StaticData:
    """Bytes placed in memory at DATA_BASE: interned strings and error records."""

    content: bytearray = field(default_factory=bytearray)
    strings: dict[str, int] = field(default_factory=dict)
    errors: dict[tuple[str, str], int] = field(default_factory=dict)

    def allocate(self, size: int, align: int) -> int:
        while (DATA_BASE + len(self.content)) % align:
            self.content.append(0)
        address = DATA_BASE + len(self.content)
        self.content += bytes(size)
        return address

    def string(self, text: str) -> tuple[int, int]:
        encoded = text.encode()
        if text not in self.strings:
            self.strings[text] = DATA_BASE + len(self.content)
            self.content += encoded
        return self.strings[text], len(encoded)

    def str_object(self, text: str) -> int:
        """A str literal as a static str object: [byte length: i32][UTF-8 bytes]."""
        encoded = text.encode()
        address = self.allocate(4 + len(encoded), 4)
        offset = address - DATA_BASE
        self.content[offset : offset + 4 + len(encoded)] = struct.pack("<I", len(encoded)) + encoded
        return address

    def error_record(self, exception: str, message: str) -> int:
        """A 16-byte record: type-name pointer and length, message pointer and length."""
        key = (exception, message)
        if key not in self.errors:
            fields = (*self.string(exception), *self.string(message))
            address = self.allocate(16, 4)
            self.content[address - DATA_BASE : address - DATA_BASE + 16] = struct.pack(
                "<4I", *fields
            )
            self.errors[key] = address
        return self.errors[key]

    @property
    def end(self) -> int:
        return DATA_BASE + len(self.content)

    def segment(self) -> str:
        escaped = "".join(f"\\{b:02x}" for b in self.content)
        return f'(data (i32.const {DATA_BASE}) "{escaped}")'


def zero(t: Type) -> str:
    return "" if t is NONE else f"{WASM_TYPE[t]}.const 0"


def float_literal(value: float) -> str:
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return value.hex()


def function_name(module: str, name: str) -> str:
    return f"${module}.{name}"


class FunctionCodegen:
    """The WAT of one IR function; records the functions it calls."""

    def __init__(self, module: str, fn: ir.Function, data: StaticData) -> None:
        self.module, self.fn, self.data = module, fn, data
        self.out: list[str] = []
        self.locals: dict[str, str] = {}  # Python name -> WAT local
        self.extra_locals: list[tuple[str, str]] = []  # (WAT local, wasm type)
        self.loops: list[tuple[str, str]] = []  # (break label, continue label), innermost last
        self.labels = 0
        self.called: set[str] = set()

    def local(self, name: str) -> str:
        if name not in self.locals:
            ident = name if name.isascii() else f"u{len(self.locals)}"
            self.locals[name] = f"$v.{ident}"
        return self.locals[name]

    def scratch(self, wasm_type: str, index: int) -> str:
        """A local for holding operands inside one operation (never live across a subexpr)."""
        name = f"$s.{wasm_type}.{index}"
        if (name, wasm_type) not in self.extra_locals:
            self.extra_locals.append((name, wasm_type))
        return name

    def hidden(self, stem: str, wasm_type: str) -> str:
        self.labels += 1
        name = f"$h.{stem}{self.labels}"
        self.extra_locals.append((name, wasm_type))
        return name

    def label(self, stem: str) -> str:
        self.labels += 1
        return f"${stem}{self.labels}"

    def emit(self, *instructions: str) -> None:
        self.out.extend(i for i in instructions if i)

    # -- raising --------------------------------------------------------------------------------

    def leave(self) -> None:
        """Return from the function with a dummy value (the caller will see ``$exc``)."""
        self.emit(zero(self.fn.result), "return")

    def check(self) -> None:
        """After a call that may raise: leave at once when it did."""
        self.emit("global.get $exc", "if")
        self.leave()
        self.emit("end")

    def raise_(self, exception: str, message: str) -> None:
        self.emit(f"i32.const {self.data.error_record(exception, message)}", "global.set $exc")
        self.leave()

    def call_runtime(self, name: str, may_raise: bool = True) -> None:
        self.called.add(name)
        self.emit(f"call ${name}")
        if may_raise:
            self.check()

    # -- the function ---------------------------------------------------------------------------

    def generate(self) -> str:
        fn = self.fn
        for name, _ in fn.params:
            self.local(name)
        self.block(fn.body)
        if fn.result is not NONE:
            self.emit("unreachable")  # lowering proved every path returns or raises
        params = " ".join(f"(param {self.local(n)} {WASM_TYPE[t]})" for n, t in fn.params)
        result = f"(result {WASM_TYPE[fn.result]})" if fn.result is not NONE else ""
        declared = [f"(local {self.local(n)} {WASM_TYPE[t]})" for n, t in fn.locals]
        declared += [f"(local {n} {t})" for n, t in self.extra_locals]
        head = f"(func {function_name(self.module, fn.name)} {params} {result}".rstrip()
        body = "\n  ".join([*declared, *self.out])
        return f"{head}\n  {body})"

    def block(self, stmts: Sequence[ir.Stmt]) -> None:
        for s in stmts:
            self.statement(s)

    def statement(self, s: ir.Stmt) -> None:
        match s:
            case ir.Assign(name=name, value=value):
                self.expr(value)
                self.emit(f"local.set {self.local(name)}")
            case ir.Eval(value=value):
                self.expr(value)
                if value.type is not NONE:
                    self.emit("drop")
            case ir.If(test=test, body=body, orelse=orelse):
                self.expr(test)
                self.emit("if")
                self.block(body)
                if orelse:
                    self.emit("else")
                    self.block(orelse)
                self.emit("end")
            case ir.While(test=test, body=body):
                out, top = self.label("break"), self.label("loop")
                self.emit(f"block {out}", f"loop {top}")
                self.expr(test)
                self.emit("i32.eqz", f"br_if {out}")
                self.loops.append((out, top))
                self.block(body)
                self.loops.pop()
                self.emit(f"br {top}", "end", "end")
            case ir.ForRange():
                self.for_range(s)
            case ir.ForList():
                self.for_list(s)
            case ir.SetField(target=target, index=index, value=value):
                assert isinstance(target.type, StructType)
                field_type = target.type.fields[index][1]
                held = self.hidden("value", WASM_TYPE[field_type])
                self.expr(value)
                self.emit(f"local.set {held}")
                self.expr(target)
                self.emit(f"local.get {held}", f"{ITEM_STORE[field_type]} offset={8 * index}")
            case ir.SetItem(items=items, index=index, value=value):
                assert isinstance(items.type, ListType)
                element = items.type.element
                held = self.hidden("value", WASM_TYPE[element])
                self.expr(value)  # Python evaluates the value before the target
                self.emit(f"local.set {held}")
                self.expr(items)
                self.expr(index)
                self.item_address("list.item_set")
                self.emit(f"local.get {held}", ITEM_STORE[element])
            case ir.Break():
                self.emit(f"br {self.loops[-1][0]}")
            case ir.Continue():
                self.emit(f"br {self.loops[-1][1]}")
            case ir.Return(value=value):
                if value is not None:
                    self.expr(value)
                self.emit("return")
            case ir.Raise(exception=exception, message=message):
                self.raise_(exception, message)

    def for_range(self, s: ir.ForRange) -> None:
        """Python evaluates the bounds once; the loop runs len(range(...)) times (computed
        without overflow by $range.count), and the variable is set from a hidden counter, so
        assigning it in the body does not change the iteration."""
        current, step, count = (self.hidden(n, "i64") for n in ("i", "step", "n"))
        self.expr(s.start)
        self.emit(f"local.tee {current}")
        self.expr(s.stop)
        self.expr(s.step)
        self.emit(f"local.tee {step}")
        self.call_runtime("range.count")
        self.emit(f"local.set {count}")
        out, top, next_ = self.label("break"), self.label("loop"), self.label("continue")
        self.emit(f"block {out}", f"loop {top}")
        self.emit(f"local.get {count}", "i64.eqz", f"br_if {out}")
        self.emit(f"local.get {count}", "i64.const 1", "i64.sub", f"local.set {count}")
        self.emit(f"local.get {current}", f"local.set {self.local(s.var)}")
        # wraps only after the last iteration, when the value is no longer used
        self.emit(f"local.get {current}", f"local.get {step}", "i64.add", f"local.set {current}")
        self.emit(f"block {next_}")
        self.loops.append((out, next_))
        self.block(s.body)
        self.loops.pop()
        self.emit("end", f"br {top}", "end", "end")

    def for_list(self, s: ir.ForList) -> None:
        assert isinstance(s.items.type, ListType)
        items, index = self.hidden("items", "i32"), self.hidden("index", "i32")
        self.expr(s.items)
        self.emit(f"local.set {items}", "i32.const 0", f"local.set {index}")
        out, top, next_ = self.label("break"), self.label("loop"), self.label("continue")
        self.emit(f"block {out}", f"loop {top}")
        self.emit(
            f"local.get {index}", f"local.get {items}", "i32.load", "i32.ge_u", f"br_if {out}"
        )
        self.emit(f"local.get {items}", "i32.load offset=8", f"local.get {index}", "i32.const 3")
        self.emit("i32.shl", "i32.add", ITEM_LOAD[s.items.type.element])
        self.emit(f"local.set {self.local(s.var)}")
        self.emit(f"local.get {index}", "i32.const 1", "i32.add", f"local.set {index}")
        self.emit(f"block {next_}")
        self.loops.append((out, next_))
        self.block(s.body)
        self.loops.pop()
        self.emit("end", f"br {top}", "end", "end")

    # -- expressions ----------------------------------------------------------------------------

    def expr(self, e: ir.Expr) -> None:
        match e:
            case ir.Const(value=value, type=t):
                if t is FLOAT:
                    self.emit(f"f64.const {float_literal(float(value))}")
                elif t is STR:
                    self.emit(f"i32.const {self.data.str_object(str(value))}")
                else:
                    self.emit(f"{WASM_TYPE[t]}.const {int(value)}")
            case ir.Name(name=name):
                self.emit(f"local.get {self.local(name)}")
            case ir.Tee(name=name, value=value):
                self.expr(value)
                self.emit(f"local.tee {self.local(name)}")
            case ir.Call(func=func, args=args, module=module):
                for a in args:
                    self.expr(a)
                self.emit(f"call {function_name(module or self.module, func)}")
                self.check()
            case ir.Cond(test=test, body=body, orelse=orelse, type=t):
                self.expr(test)
                self.emit(f"if (result {WASM_TYPE[t]})")
                self.expr(body)
                self.emit("else")
                self.expr(orelse)
                self.emit("end")
            case ir.Logical():
                self.logical(e)
            case ir.NewStruct(items=items, type=t):
                self.new_struct(items)
            case ir.GetField(value=value, index=index, type=t):
                self.expr(value)
                self.emit(f"{ITEM_LOAD[t]} offset={8 * index}")
            case ir.NewList(items=items, type=t):
                assert isinstance(t, ListType)
                held = self.hidden("list", "i32")
                self.emit(f"i32.const {len(items)}", f"i32.const {max(len(items), 4)}")
                self.call_runtime("list.alloc")
                self.emit(f"local.set {held}")
                for k, item in enumerate(items):
                    self.emit(f"local.get {held}", "i32.load offset=8")
                    self.expr(item)
                    self.emit(f"{ITEM_STORE[t.element]} offset={8 * k}")
                self.emit(f"local.get {held}")
            case ir.Op(op="list.get", args=(items, index), type=element):
                self.expr(items)
                self.expr(index)
                self.item_address("list.item")
                self.emit(ITEM_LOAD[element])
            case ir.Op(op="list.repeat", args=(item, count), type=ListType(element=element)):
                self.expr(item)
                self.emit(ITEM_BITS[element])
                self.expr(count)
                self.call_runtime("list.repeat")
            case ir.Op(op="list.append", args=(items, value)):
                assert isinstance(items.type, ListType)
                held = self.hidden("value", WASM_TYPE[value.type])
                self.expr(value)
                self.emit(f"local.set {held}")
                self.expr(items)
                self.call_runtime("list.push")
                self.emit(f"local.get {held}", ITEM_STORE[items.type.element])
            case ir.Op(op=op, args=args):
                for a in args:
                    self.expr(a)
                OPS[op](self)

    def item_address(self, slow: str) -> None:
        """List and index on the stack -> the item's address. Inline when 0 <= index < len
        (one unsigned compare); the runtime handles negative indices and IndexError."""
        items, index = self.scratch("i32", 5), self.scratch("i64", 5)
        self.emit(f"local.set {index}", f"local.set {items}")
        self.emit(f"local.get {index}", f"local.get {items}", "i32.load", "i64.extend_i32_u")
        self.emit("i64.lt_u", "if (result i32)", f"local.get {items}", "i32.load offset=8")
        self.emit(f"local.get {index}", "i32.wrap_i64", "i32.const 3", "i32.shl", "i32.add")
        self.emit("else", f"local.get {items}", f"local.get {index}")
        self.call_runtime(slow)
        self.emit("end")

    def new_struct(self, items: Sequence[ir.Expr]) -> None:
        """A block of 8-byte slots on the heap, one per item."""
        held = self.hidden("struct", "i32")
        self.emit(f"i32.const {8 * max(len(items), 1)}")
        self.call_runtime("struct.alloc")
        self.emit(f"local.set {held}")
        for k, item in enumerate(items):
            self.emit(f"local.get {held}")
            self.expr(item)
            self.emit(f"{ITEM_STORE[item.type]} offset={8 * k}")
        self.emit(f"local.get {held}")

    def logical(self, e: ir.Logical) -> None:
        """``a and b`` is ``b if a else a``; ``a or b`` is ``a if a else b``. The left value
        waits in a scratch local; the branch that reads it evaluates nothing else."""
        wasm_type = WASM_TYPE[e.type]
        self.expr(e.left)
        keep = self.scratch(wasm_type, 9)
        self.emit(f"local.tee {keep}")
        if e.type is not BOOL:
            TRUTH[e.type](self)
        self.emit(f"if (result {wasm_type})")
        if e.op == "and":
            self.expr(e.right)
            self.emit("else", f"local.get {keep}", "end")
        else:
            self.emit(f"local.get {keep}", "else")
            self.expr(e.right)
            self.emit("end")


# -- primitive operations: each consumes its operands from the stack ------------------------------


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
        g.raise_(*runtime.ERRORS["overflow"])
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


def _int_neg(g: FunctionCodegen) -> None:
    x = g.scratch("i64", 0)
    g.emit(f"local.tee {x}", "i64.const 0x8000000000000000", "i64.eq", "if")
    g.raise_(*runtime.ERRORS["overflow"])
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


def _float_to_int(rounding: str) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        g.emit(f"f64.{rounding}")
        g.call_runtime("float.to_int")

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


def _no_raise(name: str, *after: str) -> Callable[[FunctionCodegen], None]:
    def emit(g: FunctionCodegen) -> None:
        g.call_runtime(name, may_raise=False)
        g.emit(*after)

    return emit


_CMP = {"lt": "lt", "le": "le", "gt": "gt", "ge": "ge", "eq": "eq", "ne": "ne"}

OPS: dict[str, Callable[[FunctionCodegen], None]] = {
    "int.add": _checked_add_sub("i64.add"),
    "int.sub": _checked_add_sub("i64.sub"),
    "int.mul": _fast_path(_BOTH_32_BIT, "i64.mul", "int.mul"),
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
    "float.div": _runtime("float.div"),
    "float.floordiv": _runtime("float.floordiv"),
    "float.mod": _runtime("float.mod"),
    "float.neg": _plain("f64.neg"),
    "float.abs": _plain("f64.abs"),
    "float.sqrt": _plain("f64.sqrt"),
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
    "int.bits_float": _plain("f64.reinterpret_i64"),
    "str.add": _runtime("str.concat"),
    "str.index": _runtime("str.index"),
    "str.slice": _runtime("str.slice"),
    "int.to_str": _runtime("int.to_str"),
    "str.len": _no_raise("str.len"),
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
    "bool.and": _plain("i32.and"),
    "bool.or": _plain("i32.or"),
    "bool.xor": _plain("i32.xor"),
    "bool.to_int": _plain("i64.extend_i32_u"),
    "bool.to_float": _plain("f64.convert_i32_u"),
}


@dataclass(frozen=True)
class CoreModule:
    """The WAT of a core module, before assembly."""

    text: str
    heap_start: int


def generate(modules: Sequence[ir.Module], abi: Callable[[StaticData], list[str]]) -> CoreModule:
    """The whole core module: user functions, the runtime functions they need, static data,
    and the export wrappers ``abi`` writes (it may add static data)."""
    data = StaticData()
    functions: list[str] = []
    called: set[str] = set()
    for module in modules:
        for fn in module.functions:
            gen = FunctionCodegen(module.name, fn, data)
            functions.append(gen.generate())
            called |= gen.called
    wrappers = abi(data)
    called |= {name for text in wrappers for name in runtime.calls_in(text)}
    free_lists = data.allocate(4 * ALLOC_CLASSES, 4)
    scratch = data.allocate(24, 4)  # int -> str digits (runtime/str.wat)
    runtime_functions, errors = runtime.select(called)
    for name in sorted(errors):
        data.error_record(*runtime.ERRORS[name])
    error_globals = [
        f"(global $err.{name} i32 (i32.const {data.error_record(*runtime.ERRORS[name])}))"
        for name in sorted(errors)
    ]
    heap = (data.end + 7) // 8 * 8
    parts = [
        "(module",
        f'(memory (export "memory") {(heap + 0xFFFF) // 0x10000})',
        "(global $exc (mut i32) (i32.const 0))",
        f"(global $alloc.lists i32 (i32.const {free_lists}))",
        f"(global $alloc.base i32 (i32.const {heap}))",
        f"(global $scratch i32 (i32.const {scratch}))",
        f"(global $alloc.top (mut i32) (i32.const {heap}))",
        *error_globals,
        *functions,
        *runtime_functions,
        *wrappers,
        data.segment(),
        ")",
    ]
    return CoreModule("\n".join(parts), heap)
