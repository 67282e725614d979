"""The typed IR: a structured tree (wasm's control flow is structured too), plain frozen data.

Every expression carries its type; every primitive operation is an :class:`Op` named
``<type>.<operation>`` (``int.add``, ``float.floordiv``, ``int.to_float``), so the IR spells out
each conversion and each check that the source leaves implicit. :func:`format_ir` prints it in a
Python-like form for tests and debugging.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from .types import Type

# --------------------------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Const:
    value: int | float | bool | str | bytes
    type: Type


@dataclass(frozen=True)
class Name:
    """Read a local variable (or parameter)."""

    name: str
    type: Type


@dataclass(frozen=True)
class Tee:
    """Assign ``value`` to a local and yield it (a chained comparison's middle operand)."""

    name: str
    value: Expr
    type: Type


@dataclass(frozen=True)
class Op:
    """A primitive operation (``int.add``, ``float.lt``, ``int.to_float``, ``math.sqrt``)."""

    op: str
    args: tuple[Expr, ...]
    type: Type


@dataclass(frozen=True)
class Logical:
    """Short-circuit ``and``/``or``; both operands have the result's type."""

    op: str  # "and" | "or"
    left: Expr
    right: Expr
    type: Type


@dataclass(frozen=True)
class Cond:
    """``body if test else orelse``."""

    test: Expr
    body: Expr
    orelse: Expr
    type: Type


@dataclass(frozen=True)
class Call:
    """A call of a function of the module being compiled, or of ``module`` (the math library)."""

    func: str
    args: tuple[Expr, ...]
    type: Type
    module: str | None = None
    may_raise: bool = True  # False: the callee cannot raise (transform/raises.py), no check


@dataclass(frozen=True)
class NewList:
    """A list display ``[a, b, c]`` (items already of the element type)."""

    items: tuple[Expr, ...]
    type: Type


@dataclass(frozen=True)
class NewStruct:
    """A tuple display ``(a, b)`` or a dataclass construction ``Point(x, y)``."""

    items: tuple[Expr, ...]
    type: Type


@dataclass(frozen=True)
class GetField:
    """``t[0]`` of a tuple (constant index) or ``p.x`` of a dataclass: field ``index``."""

    value: Expr
    index: int
    type: Type


@dataclass(frozen=True)
class Block:
    """Statements run for their effects, then ``value``: a list comprehension is its loop, then
    the list the loop filled."""

    body: tuple[Stmt, ...]
    value: Expr
    type: Type


@dataclass(frozen=True)
class Inline:
    """A call of ``func`` (of this module) compiled in place (transform/inline.py): ``args``
    evaluated in order into the fresh locals ``params``, then ``body`` runs as the callee (a
    raise in it shows the callee's traceback frame, called from the current line); a Return in
    it leaves the Inline with the value. A body of one Return is an expression, in place."""

    func: str
    params: tuple[str, ...]
    args: tuple[Expr, ...]
    body: tuple[Stmt, ...]
    type: Type


@dataclass(frozen=True)
class CachedList:
    """The list variable ``name`` inside a loop that cannot change its header, as the operand of
    an index: its length (int) and items address were loaded into the locals ``length`` and
    ``items`` before the loop (transform/headers.py)."""

    name: str
    length: str
    items: str
    type: Type


Expr: TypeAlias = (
    Const
    | Name
    | Tee
    | Op
    | Logical
    | Cond
    | Call
    | NewList
    | NewStruct
    | GetField
    | Block
    | Inline
    | CachedList
)

# --------------------------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assign:
    name: str
    value: Expr
    line: int


@dataclass(frozen=True)
class Eval:
    """An expression evaluated for its effects (a call); its value is dropped."""

    value: Expr
    line: int


@dataclass(frozen=True)
class If:
    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    line: int


@dataclass(frozen=True)
class While:
    """``while test: body``; ``copies``: how many times codegen emits the test and body per trip
    round the wasm loop (transform/unroll.py), as for the two loops below."""

    test: Expr
    body: tuple[Stmt, ...]
    line: int
    copies: int = 1


@dataclass(frozen=True)
class ForRange:
    """``for var in range(start, stop, step)``: bounds evaluated once, as in Python."""

    var: str
    start: Expr
    stop: Expr
    step: Expr
    body: tuple[Stmt, ...]
    line: int
    copies: int = 1


@dataclass(frozen=True)
class ForList:
    """``for var in items``: by index, re-reading the length each time (as CPython does)."""

    var: str
    items: Expr
    body: tuple[Stmt, ...]
    line: int
    copies: int = 1


@dataclass(frozen=True)
class SetItem:
    """``items[index] = value``; Python evaluates ``value`` first."""

    items: Expr
    index: Expr
    value: Expr
    line: int


@dataclass(frozen=True)
class SetField:
    """``p.x = value`` of a dataclass."""

    target: Expr
    index: int
    value: Expr
    line: int


@dataclass(frozen=True)
class Break:
    line: int


@dataclass(frozen=True)
class Continue:
    line: int


@dataclass(frozen=True)
class Return:
    value: Expr | None
    line: int


@dataclass(frozen=True)
class Raise:
    """Raise a builtin exception with a message: a constant (its text as str() of the
    exception shows it), or a str expression evaluated at run time (codegen/ops.raise_message)."""

    exception: str  # module.qualname, e.g. "builtins.ValueError"; "": re-raise ``message``
    message: str | Expr  # (a re-raise: the Name of the record its handler caught)
    line: int
    arguments: int = 1  # 0: ``raise ValueError`` (its args is ()), 1: it was given a message


@dataclass(frozen=True)
class Handler:
    """``except`` clause: the type names it catches (empty: every exception), its body;
    ``name``: the local ``except E as name`` binds to the error record."""

    types: tuple[str, ...]
    body: tuple[Stmt, ...]
    line: int
    name: str | None = None
    #: its body re-raises (a bare ``raise``: ``Raise("", Name(name))``) the error it caught
    reraise: bool = False


@dataclass(frozen=True)
class Try:
    """``try: body except ...: handler else: orelse``: an exception raised in ``body`` goes to
    the first handler whose types hold its type (none: it propagates); ``orelse`` runs when
    ``body`` raised nothing, outside the handlers' reach; ``finalbody`` runs after all of them,
    also when an exception leaves them (then it goes on after ``finalbody``)."""

    body: tuple[Stmt, ...]
    handlers: tuple[Handler, ...]
    orelse: tuple[Stmt, ...]
    line: int
    finalbody: tuple[Stmt, ...] = ()


Stmt: TypeAlias = (
    Assign
    | Eval
    | If
    | While
    | ForRange
    | ForList
    | SetItem
    | SetField
    | Break
    | Continue
    | Return
    | Raise
    | Try
)

# --------------------------------------------------------------------------------------------
# Functions and modules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Function:
    name: str
    params: tuple[tuple[str, Type], ...]
    result: Type
    locals: tuple[tuple[str, Type], ...]  # every other variable, with its one inferred type
    body: tuple[Stmt, ...]
    line: int
    may_raise: bool = True  # False: proven not to raise (transform/raises.py)


@dataclass(frozen=True)
class Module:
    name: str  # dotted Python module
    file: str
    functions: tuple[Function, ...]


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def format_expr(e: Expr) -> str:
    match e:
        case Const(value=v):
            return repr(v)
        case Name(name=n):
            return n
        case Tee(name=n, value=v):
            return f"({n} := {format_expr(v)})"
        case Op(op=op, args=args):
            return f"{op}({', '.join(format_expr(a) for a in args)})"
        case Logical(op=op, left=left, right=right):
            return f"({format_expr(left)} {op} {format_expr(right)})"
        case Cond(test=t, body=b, orelse=o):
            return f"({format_expr(b)} if {format_expr(t)} else {format_expr(o)})"
        case NewStruct(items=items, type=t):
            inner = ", ".join(format_expr(i) for i in items)
            return f"{t}({inner})" if getattr(t, "name", "") else f"({inner},)"
        case GetField(value=v, index=index):
            return f"{format_expr(v)}.{index}"
        case NewList(items=items):
            return f"[{', '.join(format_expr(i) for i in items)}]"
        case Call(func=f, args=args, module=module):
            name = f"{module}.{f}" if module else f
            name = name if e.may_raise else f"nothrow {name}"
            return f"{name}({', '.join(format_expr(a) for a in args)})"
        case Block(body=body, value=value):
            statements = [line.strip() for line in _format_block(body, "")]
            return "{" + "; ".join([*statements, format_expr(value)]) + "}"
        case Inline(func=f, params=params, args=args, body=body):
            bound = ", ".join(f"{p}={format_expr(a)}" for p, a in zip(params, args, strict=True))
            statements = [line.strip() for line in _format_block(body, "")]
            return f"inline {f}({bound}) {{" + "; ".join(statements) + "}"
        case CachedList(name=n, length=length, items=items):
            return f"cached({n}, {length}, {items})"
    raise TypeError(e)


def _format_block(stmts: tuple[Stmt, ...], indent: str) -> list[str]:
    lines: list[str] = []
    for s in stmts:
        match s:
            case Assign(name=n, value=v):
                lines.append(f"{indent}{n} = {format_expr(v)}")
            case Eval(value=v):
                lines.append(f"{indent}{format_expr(v)}")
            case If(test=t, body=b, orelse=o):
                lines.append(f"{indent}if {format_expr(t)}:")
                lines += _format_block(b, indent + "    ")
                if o:
                    lines.append(f"{indent}else:")
                    lines += _format_block(o, indent + "    ")
            case While(test=t, body=b, copies=k):
                lines.append(f"{indent}while {format_expr(t)}:{_copies(k)}")
                lines += _format_block(b, indent + "    ")
            case ForRange(var=var, start=a, stop=z, step=st, body=b, copies=k):
                bounds = ", ".join(format_expr(x) for x in (a, z, st))
                lines.append(f"{indent}for {var} in range({bounds}):{_copies(k)}")
                lines += _format_block(b, indent + "    ")
            case ForList(var=var, items=items, body=b, copies=k):
                lines.append(f"{indent}for {var} in {format_expr(items)}:{_copies(k)}")
                lines += _format_block(b, indent + "    ")
            case SetItem(items=items, index=index, value=v):
                target = f"{format_expr(items)}[{format_expr(index)}]"
                lines.append(f"{indent}{target} = {format_expr(v)}")
            case SetField(target=target, index=index, value=v):
                lines.append(f"{indent}{format_expr(target)}.{index} = {format_expr(v)}")
            case Break():
                lines.append(f"{indent}break")
            case Continue():
                lines.append(f"{indent}continue")
            case Return(value=v):
                lines.append(f"{indent}return" + ("" if v is None else f" {format_expr(v)}"))
            case Try(body=body, handlers=handlers, orelse=orelse, finalbody=final):
                lines.append(f"{indent}try:")
                lines += _format_block(body, indent + "    ")
                for h in handlers:
                    bound = f" as {h.name}" if h.name else ""
                    lines.append(f"{indent}except {' | '.join(h.types) or 'Exception'}{bound}:")
                    lines += _format_block(h.body, indent + "    ")
                if orelse:
                    lines.append(f"{indent}else:")
                    lines += _format_block(orelse, indent + "    ")
                if final:
                    lines.append(f"{indent}finally:")
                    lines += _format_block(final, indent + "    ")
            case Raise(exception=exc, message=str() as msg):
                lines.append(f"{indent}raise {exc}({msg!r})")
            case Raise(exception=exc, message=msg):
                lines.append(f"{indent}raise {exc}({format_expr(msg)})")
    return lines or [f"{indent}pass"]


def _copies(k: int) -> str:
    return f"  # {k} copies per trip" if k > 1 else ""


def format_function(f: Function) -> str:
    params = ", ".join(f"{n}: {t}" for n, t in f.params)
    mark = "" if f.may_raise else "  # cannot raise"
    head = [f"def {f.name}({params}) -> {f.result}:{mark}"]
    if f.locals:
        head.append("    # locals: " + ", ".join(f"{n}: {t}" for n, t in f.locals))
    return "\n".join(head + _format_block(f.body, "    "))


def format_ir(module: Module) -> str:
    """The module's IR as text: one Python-like ``def`` per function."""
    return "\n\n".join(format_function(f) for f in module.functions) + "\n"
