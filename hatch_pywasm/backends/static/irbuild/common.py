"""Tables and helpers shared by the lowering of modules, statements and expressions."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from pywasm_runtime import model

from .. import ir
from ..errors import SubsetError
from ..support.mathtables import DERIVED, TABLES
from ..types import (
    BOOL,
    FLOAT,
    INT,
    NONE,
    STR,
    DictType,
    ListType,
    OptionType,
    SetType,
    Type,
    is_numeric,
    tuple_of,
)

INT_MIN, INT_MAX = -(2**63), 2**63 - 1

#: Builtin exceptions a ``raise`` may name; they reach the host as ``builtins.<name>``.
RAISABLE = frozenset(
    {
        "ArithmeticError", "AssertionError", "Exception", "IndexError", "KeyError",
        "LookupError", "MemoryError", "NameError", "NotImplementedError", "OverflowError",
        "RuntimeError",
        "TypeError", "ValueError", "ZeroDivisionError",
    }
)  # fmt: skip

ARITH = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.FloorDiv: "floordiv",
    ast.Mod: "mod", ast.Pow: "pow",
}  # fmt: skip
BITWISE = {
    ast.BitAnd: "and", ast.BitOr: "or", ast.BitXor: "xor", ast.LShift: "lshift",
    ast.RShift: "rshift",
}  # fmt: skip
COMPARE = {
    ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt", ast.GtE: "ge", ast.Eq: "eq", ast.NotEq: "ne",
}  # fmt: skip

#: math functions that are one exact wasm instruction on float (CPython gives the same bits;
#: sqrt below zero raises, codegen/ops.py).
MATH_FLOAT_EXACT = {"sqrt": "float.sqrt", "fabs": "float.abs"}
#: math functions float -> int (round to an integer, then a checked conversion).
MATH_FLOAT_TO_INT = {"floor": "float.floor", "ceil": "float.ceil", "trunc": "float.trunc"}
MATH_PREDICATES = {"isnan": "float.isnan", "isinf": "float.isinf", "isfinite": "float.isfinite"}
MATH_CONSTANTS = {
    "pi": 3.141592653589793, "e": 2.718281828459045, "tau": 6.283185307179586,
    "inf": float("inf"), "nan": float("nan"),
}  # fmt: skip


@dataclass(frozen=True)
class Signature:
    params: tuple[tuple[str, Type], ...]
    result: Type
    line: int
    positional: int  # how many of the params a call may pass by position (the rest: keyword)
    defaults: tuple[tuple[str, ConstantValue], ...] = ()  # parameter -> its default's value
    #: a specialisation's (irbuild/numeric_params.py): the call (file:line) it was made for
    specialised_for: str = ""


#: The math library, written in the subset itself (support/mathlib.py), compiled on demand.
LIBRARY_MODULE = "pywasm.math"
#: Functions of the library that only the compiler provides (CPython runs the Python version).
INTRINSICS: dict[str, tuple[str, tuple[Type, ...], Type]] = {
    "_float_bits": ("float.bits", (FLOAT,), INT),
    "_bits_float": ("int.bits_float", (INT,), FLOAT),
    "_fmod": ("float.fmod", (FLOAT, FLOAT), FLOAT),
    "_floor": ("float.floor", (FLOAT,), FLOAT),
    "_fma": ("float.fma", (FLOAT, FLOAT, FLOAT), FLOAT),
    # 64-bit arithmetic that wraps (the library's bit fields, where no overflow can occur)
    "_add64": ("int.add64", (INT, INT), INT),
    "_sub64": ("int.sub64", (INT, INT), INT),
    "_mul64": ("int.mul64", (INT, INT), INT),
    "_shl64": ("int.shl64", (INT, INT), INT),
    # a float division whose divisor is known not to be zero (no ZeroDivisionError check)
    "_fdiv": ("float.fdiv", (FLOAT, FLOAT), FLOAT),
    # text by UTF-8 byte offsets (float(s), int(s), repr(s))
    "_byte_length": ("str.byte_length", (STR,), INT),
    "_code_point": ("str.code_point", (STR, INT), INT),
    "_chr": ("str.chr", (INT,), STR),
    "_byte_slice": ("str.byte_slice", (STR, INT, INT), STR),
    # item i of a table of 64-bit words in static data (support/mathtables.py)
    **{name: (f"table.{name}", (INT,), INT) for name in TABLES},
    # word i of a table derived at first use := v (``_set_table_log(i, v)``)
    **{f"_set{name}": (f"table.set.{name}", (INT, INT), NONE) for name in DERIVED},
}


def unsupported(file: str, node: ast.AST, what: str) -> SubsetError:
    return SubsetError(file, getattr(node, "lineno", 0), f"{what} is outside the compiled subset")


MIRROR = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq", "ne": "ne"}


def literal(node: ast.expr) -> ir.Const | None:
    """A module-level constant the subset inlines: an int, float or bool literal, maybe negated."""
    negate = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
    value = node.operand if isinstance(node, ast.UnaryOp) and negate else node
    if not isinstance(value, ast.Constant) or isinstance(value.value, str | bytes | None):
        return None
    literal = -value.value if negate else value.value
    if isinstance(literal, bool):
        return ir.Const(literal, BOOL)
    if isinstance(literal, int) and INT_MIN <= literal <= INT_MAX:
        return ir.Const(literal, INT)
    if isinstance(literal, float):
        return ir.Const(literal, FLOAT)
    return None


def _library_functions() -> dict[str, int]:
    """The public functions of the math library, with their number of arguments."""
    tree = ast.parse(
        (resources.files("hatch_pywasm.backends.static") / "support" / "mathlib.py").read_text()
    )
    return {
        node.name: len(node.args.args)
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }


LIBRARY_FUNCTIONS = _library_functions()
#: math functions compiled from the library or as instructions (``from math import sqrt``).
MATH_FUNCTIONS = frozenset(
    {*MATH_FLOAT_EXACT, *MATH_FLOAT_TO_INT, *MATH_PREDICATES, "copysign", *LIBRARY_FUNCTIONS}
)


def spell(expr: model.TypeExpr | None) -> str:
    """A model type as the Python annotation it came from, for messages."""
    match expr:
        case model.Primitive(name=name):
            return model.PRIMITIVES[name]
        case model.ListOf(element=element):
            return f"list[{spell(element)}]"
        case model.TupleOf(elements=elements):
            return f"tuple[{', '.join(spell(e) for e in elements)}]"
        case model.OptionOf(inner=inner):
            return f"{spell(inner)} | None"
        case model.DictOf(key=key, value=value):
            return f"dict[{spell(key)}, {spell(value)}]"
        case model.Named(name=name):
            return name
        case model.Bytes(python_kind=kind):
            return kind
    return "None"


#: Operators a module-level constant expression may use (evaluated at compile time, as CPython
#: evaluates them once at import).
_CONSTANT_OPERATORS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
    ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor,
}  # fmt: skip
_CONSTANT_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
ConstantValue = int | float | bool | str | tuple["ConstantValue", ...]


def constant_value(node: ast.expr, known: dict[str, ConstantValue]) -> ConstantValue | None:
    """The value of a module-level constant expression: literals (int, float, bool, str),
    tuples of them, names of earlier constants (``known``) and operators, computed as CPython
    computes them at import. None when it is anything else, or when CPython would raise, or
    build an int beyond 64 bits or a huge value (then the constant is outside the subset)."""
    match node:
        case ast.Constant(value=bool() | int() | float() | str() as value):
            found: ConstantValue | None = value
        case ast.Name(id=name) if name in known:
            found = known[name]
        case ast.Tuple(elts=elements):
            items = [constant_value(e, known) for e in elements]
            found = (
                None if any(i is None for i in items) else tuple(i for i in items if i is not None)
            )
        case ast.Subscript(value=items, slice=index):
            a, b = constant_value(items, known), constant_value(index, known)
            indexable = isinstance(a, tuple | str) and type(b) is int
            found = _apply(operator.getitem, a, b) if indexable else None  # type: ignore[arg-type]
        case ast.UnaryOp(op=op, operand=operand) if type(op) in _CONSTANT_UNARY:
            value = constant_value(operand, known)
            found = None if value is None else _apply(_CONSTANT_UNARY[type(op)], value)
        case ast.BinOp(left=left, op=op, right=right) if type(op) in _CONSTANT_OPERATORS:
            a, b = constant_value(left, known), constant_value(right, known)
            too_big = (
                isinstance(op, ast.Pow | ast.LShift) and isinstance(b, int) and not -64 <= b <= 64
            ) or (isinstance(op, ast.Mult) and isinstance(b, int) and b > 1 << 16)
            found = (
                None if a is None or b is None or too_big
                else _apply(_CONSTANT_OPERATORS[type(op)], a, b)
            )  # fmt: skip
        case _:
            found = None
    if isinstance(found, int) and not isinstance(found, bool) and not INT_MIN <= found <= INT_MAX:
        return None
    if isinstance(found, complex):
        return None
    return found


def _apply(function: Callable[..., object], *operands: ConstantValue) -> ConstantValue | None:
    try:
        result = function(*operands)
    except (ArithmeticError, LookupError, TypeError, ValueError):
        return None
    return result if isinstance(result, int | float | str | tuple) else None


def constant_expr(value: ConstantValue) -> ir.Expr:
    """A constant's value as IR (a tuple: a new tuple of its items at each use)."""
    if isinstance(value, tuple):
        items = tuple(constant_expr(v) for v in value)
        return ir.NewStruct(items, tuple_of(tuple(i.type for i in items)))
    kind = BOOL if isinstance(value, bool) else INT if isinstance(value, int) else FLOAT
    return ir.Const(value, STR if isinstance(value, str) else kind)


def default_value(node: ast.expr, t: Type, file: str, what: str) -> ir.Expr:
    """A dataclass field's default as the IR a construction evaluates: a constant (``= 0``,
    ``= field(default=0)``) or a new empty list, dict or set (``field(default_factory=list)``,
    ``dict``, ``set``)."""
    if isinstance(node, ast.Call) and ast.unparse(node.func) in ("field", "dataclasses.field"):
        options = {k.arg: k.value for k in node.keywords}
        factory = options.get("default_factory")
        if node.args or len(options) != 1 or not ("default" in options or factory):
            raise unsupported(file, node, f"{what}, {ast.unparse(node)}")
        if factory is not None:
            if isinstance(factory, ast.Name) and factory.id == "list" and isinstance(t, ListType):
                return ir.NewList((), t)
            if (
                isinstance(factory, ast.Name)
                and factory.id in ("dict", "set")
                and (isinstance(t, DictType if factory.id == "dict" else SetType))
            ):
                return ir.Op("dict.new" if factory.id == "dict" else "set.new", (), t)
            raise unsupported(file, node, f"{what}, {ast.unparse(node)}")
        node = options["default"]
    if isinstance(node, ast.Constant) and node.value is None and isinstance(t, OptionType):
        return ir.Const(0, t)
    found = constant_value(node, {})
    expr = None if found is None else constant_expr(found)
    wanted = t.inner if isinstance(t, OptionType) else t  # (the construction wraps it)
    if expr is None or not (expr.type == wanted or (is_numeric(expr.type) and is_numeric(wanted))):
        raise unsupported(file, node, f"{what}, {ast.unparse(node)}")
    return expr
