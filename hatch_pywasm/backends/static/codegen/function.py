"""The WAT of one IR function: statements, expressions, raising and checking."""

from __future__ import annotations

from collections.abc import Sequence

from .. import ir
from ..types import BOOL, FLOAT, NONE, STR, WASM_TYPE, ListType, StructType
from .data import StaticData, float_literal, function_name, zero
from .ops import ITEM_BITS, ITEM_LOAD, ITEM_STORE, OPS, TRUTH
from .sequences import SEQUENCE_OPS


class FunctionCodegen:
    """The WAT of one IR function; records the functions it calls."""

    def __init__(self, module: ir.Module, fn: ir.Function, data: StaticData) -> None:
        self.module, self.file, self.fn, self.data = module.name, module.file, fn, data
        self.line = fn.line  # of the statement being compiled, for traceback frames
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
        """After a call that may raise: leave at once when it did, adding this frame."""
        self.emit("global.get $exc", "if")
        self.push_frame()
        self.leave()
        self.emit("end")

    def raise_(self, exception: str, message: str) -> None:
        self.emit(f"i32.const {self.data.error_record(exception, message)}", "global.set $exc")
        self.push_frame()
        self.leave()

    def push_frame(self) -> None:
        """This function's traceback line, at the statement being compiled."""
        info = self.data.frame_info(self.file, self.fn.name)
        self.emit(f"i32.const {info}", f"i32.const {self.line}")
        self.call_runtime("tb.push", may_raise=False)

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
        self.line = s.line
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
            case ir.Block(body=body, value=value):  # a list comprehension
                self.block(body)
                self.expr(value)
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
                (OPS.get(op) or SEQUENCE_OPS[op])(self)

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
