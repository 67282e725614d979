"""The WAT of one IR function: statements, expressions, raising and checking."""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from .. import ir, support
from ..irbuild.common import LIBRARY_MODULE
from ..transform.walk import walk
from ..types import BOOL, BYTES, FLOAT, INT, NONE, STR, ListType, StructType, Type, wasm_type
from . import dicts
from .data import StaticData, float_literal, function_name, zero
from .ops import (
    BIAS,
    BIG_AWARE,
    BIG_CONSTANT_RIGHT,
    BIG_OPS,
    CONSTANT_RIGHT,
    ITEM_BITS,
    ITEM_LOAD,
    ITEM_STORE,
    OPS,
    TRUTH,
    lift_int,
    lower_int,
    raise_message,
)
from .sequences import SEQUENCE_OPS
from .smallints import GUARD, bounds_of, is_small, narrowing

#: Errors of the subset's limits, which CPython would not raise: handlers let them through.
UNCATCHABLE = ("overflow", "out_of_memory")


class FunctionCodegen:
    """The WAT of one IR function; records the functions it calls."""

    def __init__(
        self, module: ir.Module, fn: ir.Function, data: StaticData, general: bool = False
    ) -> None:
        self.module, self.file, self.fn, self.data = module.name, module.file, fn, data
        #: the traceback frame (info record, line) of each caller of the function being
        #: compiled inline, outermost (this function) first; ``info`` and ``line`` are the
        #: innermost frame's (the line of the statement being compiled)
        self.inlined: list[tuple[int, int]] = []
        #: the math library stands for CPython's C code, which adds no traceback frames: its
        #: functions push none, for themselves or for what they inline
        self.framed = self.module != LIBRARY_MODULE
        #: (a function that cannot raise has no frame: no record, no exit block; a raise or
        #: check compiled into it anyway would branch to a missing $exit and fail validation)
        self.info = data.frame_info(self.file, fn.name) if fn.may_raise and self.framed else -1
        self.line = fn.line
        self.returns: str | None = None  # the block a return leaves inside an inlined body
        self.out: list[str] = []
        self.locals: dict[str, str] = {}  # Python name -> WAT local
        self.extra_locals: list[tuple[str, str]] = []  # (WAT local, wasm type)
        self.loops: list[tuple[str, str]] = []  # (break label, continue label), innermost last
        self.handlers: list[str] = []  # the blocks of the enclosing try statements' handlers
        #: a re-raising handler's record -> (kept depth, raised line, its try's target, block)
        self.reraises: dict[str, tuple[str, str, str, str]] = {}
        #: the enclosing try statements' finally bodies, each with len(handlers) and len(loops)
        #: where it stands: a break, continue or return leaving that try runs it first
        self.finals: list[tuple[tuple[ir.Stmt, ...], int, int]] = []
        self.labels = 0
        self.called: set[str] = set()
        #: the math library's ints are bit fields within 64 bits (narrow: OverflowError beyond);
        #: the program's may be big (support/bigint.wat)
        self.narrow = module.name == LIBRARY_MODULE
        self.ops = OPS if self.narrow else {**OPS, **BIG_OPS}
        self.constant_right = (
            CONSTANT_RIGHT if self.narrow else {**CONSTANT_RIGHT, **BIG_CONSTANT_RIGHT}
        )
        #: the version for big int arguments (``general``), or the one that assumes its int
        #: parameters small and calls that version when one is not (versioned())
        self.general = general
        self.small = {} if self.narrow else bounds_of(fn, params_small=not general)
        #: for the operation being emitted: which of its operands are known small
        self.known: tuple[bool, ...] = ()

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
    # Every way out on an exception branches to one exit block at the end of the function,
    # carrying the statement's line: the frame push (a call) stays out of the hot code, so a
    # loop that may raise has no call in it and the engine keeps its values in registers.

    EXIT = "$exit"

    def check(self) -> None:
        """After a call that may raise: leave at once when it did, adding this frame."""
        self.emit("global.get $exc", "if")
        self.leave()
        self.emit("end")

    def raise_(self, exception: str, message: str, arguments: int = 1) -> None:
        record = self.data.error_record(exception, message, arguments)
        self.emit(f"i32.const {record}", "global.set $exc")
        self.leave()

    def leave(self) -> None:
        """To the exit block (or the handlers of the innermost try), with the frames of the
        inlined calls being compiled pushed first (a traceback lists them as if they had been
        called)."""
        target = self.raise_target()
        if not self.inlined or not self.framed:
            self.emit(f"i32.const {self.line}", f"br {target}")
            return
        for info, line in [(self.info, self.line), *reversed(self.inlined[1:])]:
            self.emit(f"i32.const {info}", f"i32.const {line}")
            self.call_runtime("tb.push", may_raise=False)
        self.emit(f"i32.const {self.inlined[0][1]}", f"br {target}")

    def raise_target(self) -> str:
        """Where a raise goes: the innermost try's handlers, else the function's exit."""
        return self.handlers[-1] if self.handlers else self.EXIT

    def try_(self, s: ir.Try) -> None:
        """try/except/else inside ``finally``'s block: ``finalbody`` runs after them, or, when
        an exception leaves them, with ``$exc`` put aside (calls in it test ``$exc``), which
        then goes on to the enclosing target with its line. Lowering rejected return, break
        and continue that would leave the try."""
        if not s.finalbody:
            self.try_except(s)
            return
        raised, after, again = self.label("finally"), self.label("done"), self.label("again")
        line, pending = self.hidden("line", "i32"), self.hidden("pending", "i32")
        entry, frames = self.hidden("entry", "i32"), self.hidden("frames", "i32")
        self.emit("global.get $tb.depth", f"local.set {entry}")
        self.emit(f"block {after}", f"block {raised} (result i32)")
        self.finals.append((s.finalbody, len(self.handlers), len(self.loops)))
        self.handlers.append(raised)
        if s.handlers:
            self.try_except(s)
        else:
            self.block(s.body)
        self.handlers.pop()
        self.finals.pop()
        self.block(s.finalbody)
        self.emit(f"br {after}", "end", f"local.set {line}")
        self.emit("global.get $exc", f"local.set {pending}", "i32.const 0", "global.set $exc")
        self.emit("global.get $tb.depth", f"local.set {frames}")
        self.emit(f"block {again} (result i32)")
        self.handlers.append(again)
        self.block(s.finalbody)
        self.handlers.pop()
        self.emit(f"local.get {pending}", "global.set $exc", f"local.get {line}",
                  f"br {self.raise_target()}", "end")  # fmt: skip
        # finally raised anew: its traceback shows its own frames (those of the exception it
        # replaced, below them, are dropped), as a handler's raise does
        self.emit(f"local.set {line}")
        self.cut_frames(entry, frames)
        self.emit(f"local.get {line}", f"br {self.raise_target()}", "end")

    def cut_frames(self, keep: str, above: str) -> None:
        """Drop the traceback frames from depth ``keep`` up to depth ``above`` (those of an
        exception a new one replaced), moving the newer frames above them down."""
        self.emit("global.get $tb.frames", f"local.get {keep}", "i32.const 3", "i32.shl",
                  "i32.add", "global.get $tb.frames", f"local.get {above}", "i32.const 3",
                  "i32.shl", "i32.add", "global.get $tb.depth", f"local.get {above}", "i32.sub",
                  "i32.const 3", "i32.shl", "memory.copy", f"local.get {keep}",
                  "global.get $tb.depth", f"local.get {above}", "i32.sub", "i32.add",
                  "global.set $tb.depth")  # fmt: skip

    def run_finals(self, loops: int) -> None:
        """The finally bodies a jump out of the tries inside the ``loops``-th loop leaves,
        innermost first, each raising to the target its own try stood in."""
        saved = self.handlers, self.finals
        for k in reversed(range(len(saved[1]))):
            body, handlers, within = saved[1][k]
            if within < loops:
                break
            self.handlers, self.finals = saved[0][:handlers], saved[1][:k]
            self.block(body)
        self.handlers, self.finals = saved

    def try_except(self, s: ir.Try) -> None:
        """The body inside a block that every raise in it leaves with its line; there the
        first handler whose type names hold the exception's runs (the traceback frames the
        raise pushed dropped, the exception cleared, the allocator's region floor as at the
        try), or it goes on to the enclosing target
        with that line. ``else`` runs after a body that raised nothing."""
        depth, line = self.hidden("depth", "i32"), self.hidden("line", "i32")
        floor = self.hidden("floor", "i32")
        after, normal, caught = self.label("try"), self.label("ok"), self.label("caught")
        self.emit("global.get $tb.depth", f"local.set {depth}")
        self.emit("global.get $alloc.floor", f"local.set {floor}")
        self.emit(f"block {after}", f"block {normal}", f"block {caught} (result i32)")
        self.handlers.append(caught)
        self.block(s.body)
        self.handlers.pop()
        self.emit(f"br {normal}", "end", f"local.set {line}")
        # the subset's own limits (an int beyond 64 bits, the heap exhausted) are no Python
        # exception CPython would raise there: no handler catches them
        for limit in UNCATCHABLE:
            self.emit(
                "global.get $exc", f"i32.const {self.data.error_record(*support.ERRORS[limit])}"
            )
            self.emit("i32.eq", "if", f"local.get {line}", f"br {self.raise_target()}", "end")
        for handler in s.handlers:
            if handler.types:
                for k, name in enumerate(handler.types):
                    self.emit("global.get $exc", f"i32.const {self.data.str_object(name)}")
                    self.call_runtime("exc.named", may_raise=False)
                    if k:
                        self.emit("i32.or")
                self.emit("if")
            if handler.name is not None:  # except E as name: the record
                self.emit("global.get $exc", f"local.set {self.local(handler.name)}")
            # a region loop the exception left (here or in a callee) left its floor set
            # (transform/regions.py): the floor back as it was
            self.emit(f"local.get {floor}", "global.set $alloc.floor")
            if handler.reraise:
                self.reraising_handler(handler, depth, line, after)
            else:  # the frames the raise pushed dropped
                self.emit("i32.const 0", "global.set $exc", f"local.get {depth}",
                          "global.set $tb.depth")  # fmt: skip
                self.block(handler.body)
                self.emit(f"br {after}")
            if handler.types:
                self.emit("end")
        self.emit(f"local.get {line}", f"br {self.raise_target()}", "end")
        self.block(s.orelse)
        self.emit("end")

    def reraising_handler(self, handler: ir.Handler, depth: str, line: str, after: str) -> None:
        """A handler whose body may re-raise what it caught (a bare ``raise``): the frames of
        the caught error stay on the traceback stack while it runs (anything it raises and
        catches pushes above them), so that the re-raise goes on with them and with the line
        it was raised at, as CPython's does. Its normal end drops them; another exception
        leaving it shows only its own frames (the kept ones are cut out from under them, as a
        handler's raise does elsewhere)."""
        assert handler.name is not None
        kept, raised_at, escaped = (self.hidden(n, "i32") for n in ("kept", "raised", "escaped"))
        inner = self.label("handler")
        self.emit("i32.const 0", "global.set $exc", "global.get $tb.depth", f"local.set {kept}",
                  f"local.get {line}", f"local.set {raised_at}")  # fmt: skip
        self.reraises[handler.name] = (kept, raised_at, self.raise_target(), inner)
        self.emit(f"block {inner} (result i32)")
        self.handlers.append(inner)
        self.block(handler.body)
        self.handlers.pop()
        self.emit(f"local.get {depth}", "global.set $tb.depth", f"br {after}", "end")
        self.emit(f"local.set {escaped}")
        self.cut_frames(depth, kept)
        self.emit(f"local.get {escaped}", f"br {self.raise_target()}")

    def reraise(self, caught: str) -> None:
        """A bare ``raise``: the caught record again, with the frames kept for it and the
        line it was first raised at, to where its handler's try would have sent it (lowering
        allows no try between the handler and the raise)."""
        kept, raised_at, target, inner = self.reraises[caught]
        assert self.raise_target() == inner
        self.emit(f"local.get {kept}", "global.set $tb.depth", f"local.get {self.local(caught)}",
                  "global.set $exc", f"local.get {raised_at}", f"br {target}")  # fmt: skip

    def enter_inlined(self, callee: str) -> None:
        self.inlined.append((self.info, self.line))
        self.info = self.data.frame_info(self.file, callee) if self.framed else -1

    def leave_inlined(self) -> None:
        self.info, self.line = self.inlined.pop()

    def exit_block(self) -> list[str]:
        """The shared exit, the line on the stack: push this function's traceback frame and
        return a dummy value (the caller sees ``$exc``)."""
        if not self.framed:
            return ["drop", zero(self.fn.result), "return"]
        line = self.scratch("i32", 0)
        self.called.add("tb.push")
        return [f"local.set {line}", f"i32.const {self.info}", f"local.get {line}", "call $tb.push",
                zero(self.fn.result), "return"]  # fmt: skip

    def call_runtime(self, name: str, may_raise: bool = True) -> None:
        self.called.add(name)
        self.emit(f"call ${name}")
        if may_raise:
            self.check()

    # -- the function ---------------------------------------------------------------------------

    def generate(self) -> None:
        """The function's instructions (text() then writes it)."""
        fn = self.fn
        for name, _ in fn.params:
            self.local(name)
        if self.versioned():
            self.guard()
        if fn.may_raise:
            self.emit(f"block {self.EXIT} (result i32)")
        self.block(fn.body)
        # lowering proved every path of a function with a result returns or raises
        self.emit("unreachable" if fn.result is not NONE else "return")
        if fn.may_raise:
            self.emit("end", *self.exit_block())

    def text(self, suffix: str = "") -> str:
        """The generated function's WAT, ``suffix`` after its name."""
        fn = self.fn
        params = " ".join(f"(param {self.local(n)} {wasm_type(t)})" for n, t in fn.params)
        result = f"(result {wasm_type(fn.result)})" if fn.result is not NONE else ""
        declared = [f"(local {self.local(n)} {wasm_type(t)})" for n, t in fn.locals]
        declared += [f"(local {n} {t})" for n, t in self.extra_locals]
        name = function_name(self.module, fn.name) + suffix
        head = f"(func {name} {params} {result}".rstrip()
        body = "\n  ".join([*declared, *self.out])
        return f"{head}\n  {body})"

    def narrowed_block(self, test: ir.Expr, body: Sequence[ir.Stmt]) -> None:
        """A while loop's body, the variable its test bounds narrowed until it is assigned
        (``while j <= n: ...; j += i``: the sum is small; codegen/smallints.py)."""
        narrowed = None if self.narrow else narrowing(test, self.small)
        if narrowed is None:
            self.block(body)
            return
        name, inside = narrowed
        outside = self.small[name]
        self.small[name] = inside
        for stmt in body:
            assigns = any(isinstance(n, ir.Assign | ir.Tee) and n.name == name for n in walk(stmt))
            direct = isinstance(stmt, ir.Assign) and stmt.name == name
            if direct and not any(isinstance(n, ir.Tee) and n.name == name for n in walk(stmt)):
                self.statement(stmt)  # (its value is computed before the assignment)
                self.small[name] = outside
                continue
            if assigns:
                self.small[name] = outside
            self.statement(stmt)
        self.small[name] = outside

    def versioned(self) -> bool:
        """Whether the function has two versions: one for small int arguments (the common case,
        whose operations on them skip the test for a big int), and one for any."""
        return not self.narrow and not self.general and any(t is INT for _, t in self.fn.params)

    def guard(self) -> None:
        """An int argument beyond smallints.GUARD: the general version's result (its frame,
        its $exc)."""
        ints = [self.local(n) for n, t in self.fn.params if t is INT]
        lo, hi = GUARD
        for k, x in enumerate(ints):
            self.emit(f"local.get {x}", f"i64.const {-lo}", "i64.add", f"i64.const {hi - lo}")
            self.emit("i64.gt_u", "i32.or" if k else "")
        self.emit("if")
        self.emit(*(f"local.get {self.local(n)}" for n, _ in self.fn.params))
        self.emit(f"call {function_name(self.module, self.fn.name)}.big", "return", "end")

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
            case ir.While(test=test, body=body, copies=copies):
                out, top = self.label("break"), self.label("loop")
                self.emit(f"block {out}", f"loop {top}")
                for _ in range(copies):
                    self.expr(test)
                    self.emit("i32.eqz", f"br_if {out}")
                    self.loops.append((out, top))
                    self.narrowed_block(test, body)
                    self.loops.pop()
                self.emit(f"br {top}", "end", "end")
            case ir.ForRange():
                self.for_range(s)
            case ir.ForList():
                self.for_list(s)
            case ir.SetField(target=target, index=index, value=value):
                assert isinstance(target.type, StructType)
                field_type = target.type.fields[index][1]
                held = self.hidden("value", wasm_type(field_type))
                self.raw(value)
                self.emit(f"local.set {held}")
                self.expr(target)
                self.emit(f"local.get {held}", f"{ITEM_STORE[field_type]} offset={8 * index}")
            case ir.SetItem(items=items, index=index, value=value):
                assert isinstance(items.type, ListType)
                held = self.hidden("value", wasm_type(items.type.element))
                self.raw(value)  # Python evaluates the value before the target
                self.emit(f"local.set {held}")
                self.item_address(items, index, "list_assign_index")
                self.emit(f"local.get {held}", item_layout(items.type).store)
            case ir.Break():
                self.run_finals(len(self.loops))
                self.emit(f"br {self.loops[-1][0]}")
            case ir.Continue():
                self.run_finals(len(self.loops))
                self.emit(f"br {self.loops[-1][1]}")
            case ir.Return(value=value):
                if value is not None:
                    self.expr(value)  # before the finally bodies, as Python does
                    if self.finals:
                        held = self.hidden("returned", wasm_type(value.type))
                        self.emit(f"local.set {held}")
                        self.run_finals(0)
                        self.emit(f"local.get {held}")
                else:
                    self.run_finals(0)
                self.emit(f"br {self.returns}" if self.returns else "return")
            case ir.Try():
                self.try_(s)
            case ir.Raise(exception="", message=ir.Name(name=caught)):
                self.reraise(caught)
            case ir.Raise(exception=exception, message=str() as message, arguments=arguments):
                self.raise_(exception, message, arguments)
            case ir.Raise(exception=exception, message=message):
                self.expr(message)  # a str known at run time
                raise_message(self, exception)

    def for_range(self, s: ir.ForRange) -> None:
        """Python evaluates the bounds once; the loop runs len(range(...)) times (computed
        without overflow by $range.count), and the variable is set from a hidden counter, so
        assigning it in the body does not change the iteration."""
        current, step, count = (self.hidden(n, "i64") for n in ("i", "step", "n"))
        self.raw(s.start)
        self.emit(f"local.tee {current}")
        self.raw(s.stop)
        match s.step:
            case ir.Const(value=c) if int(c) != 0:
                self.range_count(current, step, int(c))
            case _:
                self.raw(s.step)
                self.emit(f"local.tee {step}")
                self.call_runtime("range.count")
        self.emit(f"local.set {count}")
        out, top = self.label("break"), self.label("loop")
        self.emit(f"block {out}", f"loop {top}")
        for _ in range(s.copies):
            self.emit(f"local.get {count}", "i64.eqz", f"br_if {out}")
            self.emit(f"local.get {count}", "i64.const 1", "i64.sub", f"local.set {count}")
            self.emit(f"local.get {current}")
            if not is_small(ir.Name(s.var, INT), self.small):  # a value may be beyond
                self.loaded(INT)
            self.emit(f"local.set {self.local(s.var)}")
            # wraps only after the last iteration, when the value is no longer used
            self.emit(f"local.get {current}", f"local.get {step}", "i64.add")
            next_ = self.label("continue")
            self.emit(f"local.set {current}", f"block {next_}")
            self.loops.append((out, next_))
            self.block(s.body)
            self.loops.pop()
            self.emit("end")
        self.emit(f"br {top}", "end", "end")

    def range_count(self, start: str, step: str, c: int) -> None:
        """$range.count inline for a constant step ``c`` (start and stop on the stack, start
        in its local too): no call before an inner loop, so the outer loop's values stay in
        registers."""
        stop = self.scratch("i64", 7)
        self.emit(f"local.set {stop}", "drop", f"i64.const {c}", f"local.set {step}")
        low, high = (start, stop) if c > 0 else (stop, start)
        self.emit(f"local.get {low}", f"local.get {high}", "i64.lt_s", "if (result i64)")
        self.emit(f"local.get {high}", f"local.get {low}", "i64.sub")  # as unsigned: no overflow
        if abs(c) != 1:
            self.emit("i64.const 1", "i64.sub", f"i64.const {abs(c)}", "i64.div_u", "i64.const 1")
            self.emit("i64.add")
        self.emit("else", "i64.const 0", "end")

    def for_list(self, s: ir.ForList) -> None:
        layout = item_layout(s.items.type)
        items, index = self.hidden("items", "i32"), self.hidden("index", "i32")
        self.expr(s.items)
        self.emit(f"local.set {items}", "i32.const 0", f"local.set {index}")
        out, top, next_ = self.label("break"), self.label("loop"), self.label("continue")
        self.emit(f"block {out}", f"loop {top}")
        self.emit(
            f"local.get {index}", f"local.get {items}", "i32.load", "i32.ge_u", f"br_if {out}"
        )
        self.emit(f"local.get {items}", "i32.load offset=8", f"local.get {index}", *layout.scale)
        self.emit("i32.add", layout.load)
        self.loaded(s.items.type.element if isinstance(s.items.type, ListType) else NONE)
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
                elif t is BYTES:
                    self.emit(f"i32.const {self.data.str_object(bytes(value))}")
                elif t is INT and not -(2**63) <= int(value) < 2**63:
                    self.raise_(*support.ERRORS["big_int"])  # (no big constants yet)
                    self.emit("i64.const 0")
                else:
                    self.emit(f"{wasm_type(t)}.const {int(value)}")
                    if t is INT and not -BIAS <= int(value) < BIAS and not self.narrow:
                        lift_int(self)
            case ir.Name(name=name):
                self.emit(f"local.get {self.local(name)}")
            case ir.Tee(name=name, value=value):
                self.expr(value)
                self.emit(f"local.tee {self.local(name)}")
            case ir.Inline():
                self.inline(e)
            case ir.Call(func=func, args=args, module=module, may_raise=may_raise):
                narrow = module == LIBRARY_MODULE and not self.narrow  # ints cross as raw
                for a in args:
                    self.expr(a)
                    if narrow and a.type is INT:
                        lower_int(self)
                self.emit(f"call {function_name(module or self.module, func)}")
                if may_raise:  # (transform/raises.py)
                    self.check()
                if narrow and e.type is INT:
                    lift_int(self)
            case ir.Cond(test=test, body=body, orelse=orelse, type=t):
                self.expr(test)
                self.emit(f"if (result {wasm_type(t)})")
                self.expr(body)
                self.emit("else")
                self.expr(orelse)
                self.emit("end")
            case ir.Block(body=body, value=value):  # a list comprehension
                self.block(body)
                self.expr(value)
            case ir.Logical():
                self.logical(e)
            case ir.NewStruct(items=items, type=StructType(name="")) if all(
                isinstance(item, ir.Const) for item in items
            ):  # a tuple of constants: static, as CPython's code object holds it
                slots = tuple(self.slot_bits(item) for item in items if isinstance(item, ir.Const))
                self.emit(f"i32.const {self.data.struct_object(slots)}")
            case ir.NewStruct(items=items, type=t):
                self.new_struct(items)
            case ir.GetField() | ir.Op(op="list.get"):
                self.load(e)
                self.loaded(e.type)
            case ir.NewList(items=items, type=t):
                layout = item_layout(t)
                held = self.hidden("list", "i32")
                self.emit(f"i32.const {len(items)}", f"i32.const {max(len(items), 4)}")
                self.call_runtime("list.alloc" if layout.shift == 3 else "list.alloc_bytes")
                self.emit(f"local.set {held}")
                for k, item in enumerate(items):
                    self.emit(f"local.get {held}", "i32.load offset=8")
                    self.raw(item)
                    self.emit(f"{layout.store} offset={k << layout.shift}")
                self.emit(f"local.get {held}")
            case ir.Op(op="int.pow", args=(ir.Const(value=b), ir.Const(value=n))) if (
                0 <= int(n) <= 64 and -BIAS <= int(b) ** int(n) < BIAS
            ):  # ``10**9``: a constant, not the big-int routines' $int.big_pow (size)
                self.emit(f"i64.const {int(b) ** int(n)}")
            case ir.Op(op="list.repeat", args=(item, count), type=ListType(packed=True)):
                self.expr(item)
                self.expr(count)
                self.call_runtime("list.repeat_bytes")
            case ir.Op(op="list.repeat", args=(item, count), type=ListType(element=element)):
                self.raw(item)
                self.emit(ITEM_BITS[element])
                self.expr(count)
                self.call_runtime("list.repeat")
            case ir.Op(op="list.append", args=(items, value)):
                layout = item_layout(items.type)
                held = self.hidden("value", wasm_type(value.type))
                self.raw(value)
                self.emit(f"local.set {held}")
                self.expr(items)
                self.push_address(layout)
                self.emit(f"local.get {held}", layout.store)
            case ir.Op(op="int.add_unchecked" | "int.sub_unchecked" as op, args=args) if (
                self.narrow or all(is_small(a, self.small) for a in args)
            ):
                for a in args:  # transform/counters.py proved it cannot overflow
                    self.expr(a)
                self.emit("i64.add" if op == "int.add_unchecked" else "i64.sub")
            case ir.Op(op="int.add_unchecked" | "int.sub_unchecked" as op, args=args):
                self.expr(ir.Op(op.replace("_unchecked", ""), args, INT))  # a counter may be big
            case ir.Op(op="fact.nonneg", args=(value,)):
                self.expr(value)
            case ir.Op(op="int.add" | "int.sub" | "int.mul" as op, args=args) if (
                not self.narrow and is_small(e, self.small)
            ):
                for a in args:  # operands and result known small (codegen/smallints.py)
                    self.expr(a)
                self.emit(f"i64.{op.removeprefix('int.')}")
            case ir.Op(op=op, args=(left, ir.Const(value=c))) if op in self.constant_right:
                self.operand(op, left)
                self.known = (is_small(left, self.small), True)
                self.constant_right[op](self, c)
                self.result(e, c)
            case ir.Op(op="int.add" | "int.mul" as op, args=(ir.Const(value=c), right)):
                self.expr(right)  # c + x is x + c, c * x is x * c
                self.known = (is_small(right, self.small), True)
                self.constant_right[op](self, c)
            case ir.Op(op="int.add", args=(left, right)) if self.narrow and (
                _nonneg(left) or _nonneg(right)
            ):
                self.add_to_non_negative(left, right)
            case ir.Op(op=op) if op.startswith("dict."):  # the hash table (codegen/dicts.py)
                dicts.emit(self, self.storing(e))
                self.loaded(e.type)
            case ir.Op(op=op) if op.startswith("set."):  # CPython's set table (codegen/dicts.py)
                dicts.emit_set(self, self.storing(e))
                self.loaded(e.type)
            case ir.Op(op=op, args=args):
                for a in args:
                    self.operand(op, a)
                self.known = tuple(is_small(a, self.small) for a in args)
                (self.ops.get(op) or SEQUENCE_OPS[op])(self)
                self.result(e)

    # -- ints of any size: the program's operations that are not big-aware see raw i64s -------

    def raw(self, value: ir.Expr) -> None:
        """A value as memory, the library and operations that are not big-aware hold it: an
        int as a raw i64 (OverflowError beyond 64 bits)."""
        if self.load(value):  # (raw in memory: neither lifted nor lowered)
            return
        self.expr(value)
        if value.type is INT and not self.narrow and not is_small(value, self.small):
            lower_int(self)

    def load(self, e: ir.Expr) -> bool:
        """Whether ``e`` reads a field or a list item: then it is emitted, as memory holds it."""
        match e:
            case ir.GetField(value=value, index=index, type=t):
                self.expr(value)
                self.emit(f"{ITEM_LOAD[t]} offset={8 * index}")
            case ir.Op(op="list.get", args=(items, index)):
                self.item_address(items, index, "list_index")
                self.emit(item_layout(items.type).load)
            case _:
                return False
        return True

    def loaded(self, t: Type) -> None:
        """A value read from memory: an int as a tagged one."""
        if t is INT and not self.narrow:
            lift_int(self)

    def storing(self, e: ir.Op) -> ir.Op:
        """A dict or set operation with its int operands lowered (its tables hold raw i64s)."""
        if self.narrow:
            return e
        args = tuple(
            ir.Op("int.lowered", (a,), INT) if a.type is INT and not is_small(a, self.small) else a
            for a in e.args
        )
        return dataclasses.replace(e, args=args)

    def operand(self, op: str, value: ir.Expr) -> None:
        """An operand of ``op``: raw unless ``op`` is big-aware."""
        if op in BIG_AWARE:
            self.expr(value)
        else:
            self.raw(value)

    def result(self, e: ir.Op, constant: object = None) -> None:
        """The int result of an operation that is not big-aware, as a tagged int (a shift right
        or a division by a constant of at least 2 cannot reach the big range)."""
        if e.op in BIG_AWARE or self.narrow or e.type is not INT:
            return
        if isinstance(constant, int) and constant >= 2 and e.op in _NARROWING:
            return
        lift_int(self)

    def item_address(self, items: ir.Expr, index: ir.Expr, error: str) -> None:
        """The address of ``items[index]``, inline: a negative index counts from the end, and
        one unsigned compare finds both kinds of out of range (IndexError, ``error``'s
        message). No call, so a loop of indexing keeps its values in registers."""
        i = self.scratch("i64", 5)
        if isinstance(items, ir.CachedList):  # transform/headers.py
            length, pointer = self.local(items.length), self.local(items.items)
            self.expr(index)
            self.emit(f"local.set {i}")
        else:
            held, length, pointer = self.scratch("i32", 5), self.scratch("i64", 6), None
            self.expr(items)
            self.expr(index)  # may index lists itself: the scratch locals are set after it
            self.emit(f"local.set {i}", f"local.tee {held}", "i32.load", "i64.extend_i32_u")
            self.emit(f"local.set {length}")
        if _nonneg(index):
            self.emit(f"local.get {i}")  # a counter known to be >= 0
        else:  # i + (len if i < 0 else 0): in [0, len) exactly when the index is valid
            self.emit(f"local.get {i}", f"local.get {i}", "i64.const 63", "i64.shr_s")
            self.emit(f"local.get {length}", "i64.and", "i64.add", f"local.tee {i}")
        self.emit(f"local.get {length}", "i64.ge_u", "if")
        self.raise_(*support.ERRORS[error])
        self.emit("end")
        self.emit(f"local.get {pointer}" if pointer else f"local.get {held}")
        if pointer is None:
            self.emit("i32.load offset=8")
        self.emit(f"local.get {i}", "i32.wrap_i64", *item_layout(items.type).scale, "i32.add")

    def add_to_non_negative(self, left: ir.Expr, right: ir.Expr) -> None:
        """``a + b`` with one operand known >= 0: it can only overflow upwards, and then the
        wrapped sum is below the other operand; one compare instead of the sign test."""
        a, b, r = (self.scratch("i64", i) for i in range(3))
        self.expr(left)
        self.expr(right)
        self.emit(f"local.set {b}", f"local.tee {a}", f"local.get {b}", "i64.add", f"local.tee {r}")
        other = b if _nonneg(left) else a
        self.emit(f"local.get {other}", "i64.lt_s", "if")
        self.raise_(*support.ERRORS["overflow"])
        self.emit("end", f"local.get {r}")

    def inline(self, e: ir.Inline) -> None:
        """The callee in place of the call (transform/inline.py): the arguments in its fresh
        locals, in order, as a call evaluates them; then its returned expression, or its
        statements in a block its returns leave with the value (its loops and finally bodies
        its own)."""
        for name, arg in zip(e.params, e.args, strict=True):
            self.expr(arg)
            self.emit(f"local.set {self.local(name)}")
        self.enter_inlined(e.func)
        match e.body:
            case (ir.Return(value=value, line=line),) if value is not None:
                self.line = line
                self.expr(value)
            case body:
                label = self.label("inlined")
                saved = self.loops, self.finals, self.returns
                self.loops, self.finals, self.returns = [], [], label
                result = f" (result {wasm_type(e.type)})" if e.type is not NONE else ""
                self.emit(f"block {label}{result}")
                self.block(body)
                self.emit("unreachable" if e.type is not NONE else "", "end")
                self.loops, self.finals, self.returns = saved
        self.leave_inlined()

    def push_address(self, layout: ItemLayout) -> None:
        """List on the stack -> the address of a new last item. Inline while there is room;
        $list.push_sized grows the items (doubling, so rarely)."""
        held, length = self.scratch("i32", 10), self.scratch("i32", 11)
        self.emit(f"local.tee {held}", "i32.load", f"local.tee {length}", f"local.get {held}")
        self.emit("i32.load offset=4", "i32.lt_u", "if (result i32)", f"local.get {held}")
        self.emit(f"local.get {length}", "i32.const 1", "i32.add", "i32.store")
        self.emit(f"local.get {held}", "i32.load offset=8", f"local.get {length}", *layout.scale)
        self.emit("i32.add", "else", f"local.get {held}")
        self.emit(f"i32.const {layout.shift}")
        self.call_runtime("list.push_sized")
        self.emit("end")

    def slot_bits(self, item: ir.Const) -> int:
        """The 8 bytes a tuple slot holds for a constant, as a signed 64-bit word."""
        if item.type in (STR, BYTES):
            value = item.value
            return self.data.str_object(value if isinstance(value, bytes) else str(value))
        if item.type is FLOAT:
            return struct.unpack("<q", struct.pack("<d", float(item.value)))[0]
        return int(item.value)

    def new_struct(self, items: Sequence[ir.Expr]) -> None:
        """A block of 8-byte slots on the heap, one per item."""
        held = self.hidden("struct", "i32")
        self.emit(f"i32.const {8 * max(len(items), 1)}")
        self.call_runtime("struct.alloc")
        self.emit(f"local.set {held}")
        for k, item in enumerate(items):
            self.emit(f"local.get {held}")
            self.raw(item)
            self.emit(f"{ITEM_STORE[item.type]} offset={8 * k}")
        self.emit(f"local.get {held}")

    def logical(self, e: ir.Logical) -> None:
        """``a and b`` is ``b if a else a``; ``a or b`` is ``a if a else b``. The left value
        waits in a scratch local; the branch that reads it evaluates nothing else."""
        value_type = wasm_type(e.type)
        self.expr(e.left)
        keep = self.scratch(value_type, 9)
        self.emit(f"local.tee {keep}")
        if e.type is not BOOL:
            TRUTH[e.type](self)
        self.emit(f"if (result {value_type})")
        if e.op == "and":
            self.expr(e.right)
            self.emit("else", f"local.get {keep}", "end")
        else:
            self.emit(f"local.get {keep}", "else")
            self.expr(e.right)
            self.emit("end")


#: Operations whose result lies between 0 and the left operand when the constant right one is
#: at least 2.
_NARROWING = frozenset({"int.floordiv", "int.mod", "int.rshift"})


def _nonneg(e: ir.Expr) -> bool:
    """Whether ``e`` is a value transform/counters.py proved >= 0."""
    return isinstance(e, ir.Op) and e.op == "fact.nonneg"


@dataclass(frozen=True)
class ItemLayout:
    """How a list's items are read and written, and their size: ``1 << shift`` bytes."""

    load: str
    store: str
    shift: int

    @property
    def scale(self) -> tuple[str, ...]:
        """Index (i32) on the stack -> its offset among the items."""
        return (f"i32.const {self.shift}", "i32.shl") if self.shift else ()


def item_layout(t: Type) -> ItemLayout:
    """The items of a list of type ``t``: 8 bytes each, or one byte when packed
    (transform/packing.py)."""
    assert isinstance(t, ListType)
    if t.packed:
        return ItemLayout("i32.load8_u", "i32.store8", 0)
    return ItemLayout(ITEM_LOAD[t.element], ITEM_STORE[t.element], 3)
