"""Tables and helpers shared by the lowering of modules, statements and expressions."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from importlib import resources

from pywasm_runtime import model

from .. import ir
from ..errors import SubsetError
from ..support.mathtables import TABLES
from ..types import (
    BOOL,
    FLOAT,
    INT,
    Type,
)

INT_MIN, INT_MAX = -(2**63), 2**63 - 1

#: Builtin exceptions a ``raise`` may name; they reach the host as ``builtins.<name>``.
RAISABLE = frozenset(
    {
        "ArithmeticError", "AssertionError", "Exception", "IndexError", "KeyError",
        "LookupError", "MemoryError", "NotImplementedError", "OverflowError", "RuntimeError",
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

#: math functions that are one exact wasm instruction on float (CPython gives the same bits).
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


#: The math library, written in the subset itself (support/mathlib.py), compiled on demand.
LIBRARY_MODULE = "pywasm.math"
#: Functions of the library that only the compiler provides (CPython runs the Python version).
INTRINSICS: dict[str, tuple[str, tuple[Type, ...], Type]] = {
    "_float_bits": ("float.bits", (FLOAT,), INT),
    "_bits_float": ("int.bits_float", (INT,), FLOAT),
    "_fmod": ("float.fmod", (FLOAT, FLOAT), FLOAT),
    "_floor": ("float.floor", (FLOAT,), FLOAT),
    # item i of a table of 64-bit words in static data (support/mathtables.py)
    **{name: (f"table.{name}", (INT,), INT) for name in TABLES},
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
        case model.Bytes():
            return "bytes"
    return "None"
