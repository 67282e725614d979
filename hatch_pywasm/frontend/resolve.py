"""Annotations to model types: each annotation expression becomes a :data:`model.TypeExpr`,
and each user class it names becomes a :data:`model.TypeDef` (built once, kept by name)."""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, replace
from typing import TypeVar

from pywasm_runtime import model

from hatch_pywasm.diagnostics import Diagnostic
from hatch_pywasm.frontend.sources import FunctionNode, ModuleSource
from hatch_pywasm.frontend.symbols import (
    BUILTIN_EXCEPTIONS,
    AliasSymbol,
    ClassSymbol,
    FunctionSymbol,
    Known,
    ModuleSymbol,
    Symbol,
    SymbolTable,
    Unresolved,
)

SUPPORTED = (
    "int, float, bool, str, bytes, bytearray, memoryview, list[T], tuple[A, B], tuple[T, ...], "
    "dict[K, V], set[T], frozenset[T], Sequence[T], Iterable[T], Mapping[K, V] (and the other "
    "abstract collections), T | None, Optional[T], Literal[...] of str or int, a @dataclass, "
    "NamedTuple, TypedDict, Enum, Flag, a union of dataclasses, a class with an annotated "
    "__init__ (resource), datetime.date/time/datetime/timedelta, decimal.Decimal, "
    'fractions.Fraction, uuid.UUID, Annotated[int, "u8"] (u8..u64, s8..s64), '
    'Annotated[float, "f32"], Annotated[str, "char"]'
)
ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum"})
FLAG_BASES = frozenset({"Flag", "IntFlag"})
MAX_FLAGS = 32
#: Abstract collections (``typing`` and ``collections.abc``), by the model type they become:
#: what the source promises comes back (an ``Iterable`` result may be a list), and any value
#: native code accepts goes in (the runtime takes any iterable or mapping).
LIST_LIKE = frozenset(
    {"Sequence", "MutableSequence", "Collection", "Iterable", "Reversible", "Container",
     "KeysView", "ValuesView"}
)  # fmt: skip
ITERATOR_LIKE = frozenset({"Iterator", "Generator"})
SET_LIKE = {"set": False, "Set": False, "AbstractSet": False, "MutableSet": False,
            "frozenset": True, "FrozenSet": True}  # fmt: skip
MAPPING_LIKE = frozenset({"Mapping", "MutableMapping"})
#: Resource methods with these names are exported, and the host proxy has them too.
DUNDERS = frozenset(
    {"__len__", "__contains__", "__getitem__", "__iter__", "__bool__", "__eq__", "__str__",
     "__repr__", "__enter__", "__exit__"}
)  # fmt: skip
#: Builtins and stdlib classes a default may call with constant arguments.
DEFAULT_CALLS = frozenset(
    {"builtins.float", "builtins.int", "builtins.complex", "builtins.str", "builtins.bytes",
     "builtins.frozenset", "builtins.tuple", "builtins.bool", *model.STDLIB_TYPES}
)  # fmt: skip
#: Classes that stay errors as types, with what to write instead.
CLASS_HINTS = {
    "exception": "exceptions travel as errors, not values",
    "unsupported": f"supported: {SUPPORTED}",
    "protocol": "a Protocol has no data to send; annotate a concrete dataclass or resource class",
    "generic": "a generic class has no one WIT type; annotate a concrete class per element type",
}
DEFAULT_HINT = (
    "defaults must be constant expressions: immutable literals, tuples, enum or flag members, "
    "module constants of those, or frozen dataclasses and NamedTuples built from them"
)  #: Hints for names that are understood but not supported, by the name's unqualified spelling.
REJECTED = {
    "Any": "Any has no WIT type; annotate the actual type",
    "object": "object has no WIT type; annotate the actual type",
    "Callable": "functions cannot cross the component boundary; pass data instead",
    "list": "a bare list needs its element type: list[int]",
    "List": "a bare List needs its element type: list[int]",
    "dict": "a bare dict needs key and value types: dict[str, int]",
    "Dict": "a bare Dict needs key and value types: dict[str, int]",
    "tuple": "a bare tuple needs its element types: tuple[int, str]",
    "Tuple": "a bare Tuple needs its element types: tuple[int, str]",
    "Optional": "Optional needs a type: Optional[int]",
    "Union": "Union needs member types: A | B",
    "None": "None is only valid as a return type or in T | None",
    "Protocol": "a Protocol has no data to send; annotate a concrete dataclass or resource",
    "Required": "Required[...] is only valid on a TypedDict key",
    "NotRequired": "NotRequired[...] is only valid on a TypedDict key",
}


@dataclass(frozen=True)
class AnnotationSite:
    """The place an annotation is checked: for diagnostics, and for ``typing.Self``."""

    module: ModuleSource
    function: str = ""
    parameter: str = ""
    resource: str = ""  # the class whose methods are checked: what ``Self`` means

    def at(self, node: ast.AST, message: str, hint: str = "") -> Diagnostic:
        return Diagnostic(
            self.module.file,
            getattr(node, "lineno", 0),
            getattr(node, "col_offset", -1) + 1,
            message,
            self.function,
            self.parameter,
            hint,
        )


class _Failed(Exception):
    """A diagnostic was recorded; the annotation has no type."""


_Node = TypeVar("_Node", bound=ast.AST)


class _NotConstant(Exception):
    """A default is not a constant expression (the message says why)."""


def _parameters(
    args: ast.arguments, skip_first: bool
) -> list[tuple[ast.arg, ast.expr | None, str]]:
    """Every parameter with its default and ``inspect.Parameter`` kind name, in order; the
    first (``self``/``cls``) left out when ``skip_first``."""
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += args.defaults
    kinds = ["positional_only"] * len(args.posonlyargs)
    kinds += ["positional_or_keyword"] * len(args.args)
    found = list(zip(positional, defaults, kinds, strict=True))[1 if skip_first else 0 :]
    if args.vararg is not None:
        found.append((args.vararg, None, "var_positional"))
    found += [
        (a, d, "keyword_only") for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    if args.kwarg is not None:
        found.append((args.kwarg, None, "var_keyword"))
    return found


def _name_ref(name: str, symbol: Symbol) -> model.NameRef | None:
    """Where the host imports what ``name`` means; None for builtins and unknown names."""
    if isinstance(symbol, Known):
        if symbol.module == "builtins":
            return None
        return model.NameRef(name, symbol.module, symbol.name)
    if isinstance(symbol, ClassSymbol):
        return model.NameRef(name, symbol.module.name, symbol.node.name)
    if isinstance(symbol, AliasSymbol):
        return model.NameRef(name, symbol.module.name, symbol.name)
    if isinstance(symbol, FunctionSymbol):
        return model.NameRef(name, symbol.module.name, symbol.node.name)
    if isinstance(symbol, ModuleSymbol):
        return model.NameRef(name, symbol.name)
    return None


def _frozen_dataclass(node: ast.ClassDef) -> bool:
    return any(
        isinstance(d, ast.Call)
        and any(
            k.arg == "frozen" and isinstance(k.value, ast.Constant) and k.value.value is True
            for k in d.keywords
        )
        for d in node.decorator_list
    )


class TypeResolver:
    def __init__(self, symbols: SymbolTable) -> None:
        self.symbols = symbols
        self.diagnostics: list[Diagnostic] = []
        self.defs: dict[str, model.TypeDef] = {}  # by Python name, in dependency order
        self._identity: dict[str, tuple[str, str]] = {}  # name -> (module, qualname)
        self._failed: set[tuple[str, str]] = set()
        self._building: list[tuple[str, bool]] = []  # (name, is_resource) being defined

    # -- public ---------------------------------------------------------------------------

    def annotation(self, node: ast.expr, where: AnnotationSite) -> model.TypeExpr | None:
        """The model type of an annotation, or None after recording a diagnostic."""
        try:
            return self._type(node, where)
        except _Failed:
            return None

    def named(self, symbol: Symbol, node: ast.expr, where: AnnotationSite) -> model.TypeExpr | None:
        """The type a symbol named in ``__all__`` stands for."""
        try:
            return self._symbol_type(symbol, node, where, alias_name=None)
        except _Failed:
            return None

    def is_resource_class(self, symbol: ClassSymbol) -> bool:
        """A plain class defining ``__init__``: exported as a resource without ``__all__``."""
        has_init = any(
            isinstance(s, ast.FunctionDef) and s.name == "__init__" for s in symbol.node.body
        )
        return has_init and self._class_kind(symbol) == "resource"

    def is_exception_class(self, symbol: ClassSymbol) -> bool:
        return self._class_kind(symbol) == "exception"

    def signature(
        self,
        node: FunctionNode,
        where: AnnotationSite,
        kind: str = "function",
        skip_first: bool = False,
    ) -> model.Function | None:
        """A fully annotated function as a model function; None after diagnostics (every
        problem of every parameter is recorded)."""
        ok = True
        name = where.function
        if isinstance(node, ast.AsyncFunctionDef):
            self._fail(where.at(node, "async functions cannot be exported", "use a plain def"))
            ok = False
        names: dict[str, model.NameRef] = {}
        params: list[model.Param] = []
        for arg, default, param_kind in _parameters(node.args, skip_first):
            param = self._param(arg, default, param_kind, replace(where, parameter=arg.arg), names)
            ok = ok and param is not None
            if param is not None:
                params.append(param)
        result = self._result(node, where, kind)
        if node.returns is not None:
            self._annotation_names(node.returns, where, names)
        if not ok or result is False:
            return None
        return model.Function(
            name=name.rsplit(".", 1)[-1],
            params=tuple(params),
            result=result,
            doc=ast.get_docstring(node) or "",
            line=node.lineno,
            kind=kind,  # type: ignore[arg-type]
            returns=ast.unparse(node.returns) if node.returns is not None else "",
            future_annotations=where.module.future_annotations,
            names=tuple(names[n] for n in sorted(names)),
        )

    # -- signatures -----------------------------------------------------------------------

    def _param(
        self,
        arg: ast.arg,
        default: ast.expr | None,
        kind: str,
        where: AnnotationSite,
        names: dict[str, model.NameRef],
    ) -> model.Param | None:
        ok = self._wit_ok(arg.arg, arg, where, "parameter name")
        type_: model.TypeExpr | None = None
        if arg.annotation is None:
            self._fail(
                where.at(arg, "missing type annotation", f"annotate it, e.g. {arg.arg}: int")
            )
        else:
            type_ = self.annotation(arg.annotation, where)
            self._annotation_names(arg.annotation, where, names)
        source = self._default(default, where, names) if default is not None else None
        if not ok or type_ is None or source is False:
            return None
        if kind == "var_positional":  # ``*args: T``: the guest receives a tuple of T
            type_ = model.ListOf(type_, "tuple")
        elif kind == "var_keyword":  # ``**kwargs: T``: a dict of str to T
            type_ = model.DictOf(model.Primitive("string"), type_)
        assert arg.annotation is not None
        return model.Param(arg.arg, type_, source or None, kind, ast.unparse(arg.annotation))

    def _default(
        self, node: ast.expr, where: AnnotationSite, names: dict[str, model.NameRef]
    ) -> str | bool:
        """The default as a constant expression's source (module constants folded in, the
        names it uses added to ``names``), or False after a diagnostic."""
        try:
            return ast.unparse(self._constant(node, where.module, names, frozenset()))
        except _NotConstant as problem:
            self._fail(
                where.at(
                    node,
                    f"unsupported default {ast.unparse(node)}: {problem}",
                    DEFAULT_HINT,
                )
            )
            return False

    def _constant(
        self,
        node: ast.expr,
        module: ModuleSource,
        names: dict[str, model.NameRef],
        folding: frozenset[str],
    ) -> ast.expr:
        """``node`` as a constant expression that the host and the guest can evaluate with
        ``names``: module constants replaced by their (folded) values; raises _NotConstant."""

        def fold(child: ast.expr) -> ast.expr:
            return self._constant(child, module, names, folding)

        if isinstance(node, ast.Constant):
            return node
        if isinstance(node, ast.UnaryOp):
            return ast.UnaryOp(node.op, fold(node.operand))
        if isinstance(node, ast.BinOp):
            return ast.BinOp(fold(node.left), node.op, fold(node.right))
        if isinstance(node, ast.Tuple):
            return ast.Tuple([fold(e) for e in node.elts], ast.Load())
        if isinstance(node, ast.List | ast.Dict | ast.Set):
            raise _NotConstant("a mutable default is shared by every call; use None or a tuple")
        if isinstance(node, ast.Call) and not any(k.arg is None for k in node.keywords):
            self._callable_default(node.func, module, names)
            return ast.Call(
                node.func,
                [fold(a) for a in node.args],
                [ast.keyword(k.arg, fold(k.value)) for k in node.keywords],
            )
        if isinstance(node, ast.Name | ast.Attribute):
            symbol = self.symbols.resolve(module, node)
            if isinstance(symbol, AliasSymbol):  # a module constant: its value, folded
                key = f"{symbol.module.name}.{symbol.name}"
                if key in folding:
                    raise _NotConstant(f"{symbol.name} is defined in terms of itself")
                return self._constant(symbol.value, symbol.module, names, folding | {key})
            if isinstance(node, ast.Attribute):
                owner = self.symbols.resolve(module, node.value)
                if isinstance(owner, ClassSymbol) and self._class_kind(owner) in ("enum", "flags"):
                    if node.attr in (c.name for c in self._member_names(owner)):
                        self._add_name(node, module, names)
                        return node
                    raise _NotConstant(f"{owner.node.name} has no member {node.attr}")
            raise _NotConstant(f"{ast.unparse(node)} is not a constant of the project")
        raise _NotConstant(f"{type(node).__name__} expressions are not constant")

    def _callable_default(
        self, func: ast.expr, module: ModuleSource, names: dict[str, model.NameRef]
    ) -> None:
        symbol = self.symbols.resolve(module, func)
        if isinstance(symbol, Known) and symbol.qualified in DEFAULT_CALLS:
            self._add_name(func, module, names)
            return
        if isinstance(symbol, ClassSymbol):
            kind = self._class_kind(symbol)
            if kind == "namedtuple" or (kind == "dataclass" and _frozen_dataclass(symbol.node)):
                self._add_name(func, module, names)
                return
            raise _NotConstant(f"{symbol.node.name} is not a frozen dataclass or NamedTuple")
        raise _NotConstant(f"calling {ast.unparse(func)} runs code")

    def _annotation_names(
        self, node: ast.expr, where: AnnotationSite, names: dict[str, model.NameRef]
    ) -> None:
        """The names an annotation uses (also inside string annotations), for the host to
        evaluate it (``typing.get_type_hints``) to the objects the source means."""
        for child in ast.walk(node):
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                try:
                    parsed = ast.parse(child.value, mode="eval").body
                except SyntaxError:
                    continue
                self._annotation_names(parsed, where, names)
            elif isinstance(child, ast.Name):
                self._add_name(child, where.module, names, strict=False)

    def _add_name(
        self,
        node: ast.expr,
        module: ModuleSource,
        names: dict[str, model.NameRef],
        strict: bool = True,
    ) -> None:
        """Records what the first name of ``node`` (``Side`` of ``Side.DEBIT``) refers to."""
        while isinstance(node, ast.Attribute):
            node = node.value
        if not isinstance(node, ast.Name):
            return
        ref = _name_ref(node.id, self.symbols.lookup(module, node.id))
        if ref is None:
            return
        known = names.setdefault(node.id, ref)
        if known != ref and strict:
            raise _NotConstant(
                f"{node.id} means {known.module}.{known.qualname} elsewhere in this signature"
            )

    def _result(
        self, node: FunctionNode, where: AnnotationSite, kind: str
    ) -> model.TypeExpr | bool | None:
        """The result type, None for ``-> None``, False after a diagnostic."""
        returns = node.returns
        if returns is None:
            if kind == "constructor":
                return None
            self._fail(
                replace(where, parameter="return").at(
                    node, "missing return annotation", "add -> None or -> T"
                )
            )
            return False
        if isinstance(returns, ast.Constant) and returns.value is None:
            return None
        result = self.annotation(returns, replace(where, parameter="return"))
        return False if result is None else result

    def _wit_ok(self, name: str, node: ast.AST, where: AnnotationSite, what: str) -> bool:
        try:
            model.wit_name(name)
        except ValueError as exc:
            self._fail(where.at(node, f"{what} {name!r} has no WIT spelling: {exc}"))
            return False
        return True

    # -- annotations ----------------------------------------------------------------------

    def _fail(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def _reject(
        self, node: ast.AST, where: AnnotationSite, message: str, hint: str = ""
    ) -> _Failed:
        self._fail(where.at(node, message, hint or f"supported: {SUPPORTED}"))
        return _Failed()

    def _type(
        self, node: ast.expr, where: AnnotationSite, alias_name: str | None = None
    ) -> model.TypeExpr:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return self._type(self._parse_string(node, where), where, alias_name)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self._union(_union_members(node), node, where, alias_name)
        if isinstance(node, ast.Subscript):
            return self._generic(node, where, alias_name)
        if isinstance(node, ast.Name | ast.Attribute) or (
            isinstance(node, ast.Constant) and node.value is None
        ):
            return self._symbol_type(
                self.symbols.resolve(where.module, node), node, where, alias_name
            )
        raise self._reject(node, where, f"{ast.unparse(node)!r} is not a type annotation")

    def _parse_string(self, node: ast.Constant, where: AnnotationSite) -> ast.expr:
        try:
            parsed = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            raise self._reject(
                node, where, f"string annotation {node.value!r} does not parse"
            ) from None
        for child in ast.walk(parsed):  # point messages at the string itself
            ast.copy_location(child, node)
        return parsed

    def _symbol_type(
        self, symbol: Symbol, node: ast.expr, where: AnnotationSite, alias_name: str | None
    ) -> model.TypeExpr:
        text = ast.unparse(node)
        if isinstance(symbol, Unresolved):
            raise self._reject(node, where, f"cannot resolve {text!r}: {symbol.reason}")
        if isinstance(symbol, Known):
            if symbol.name in model.DEFAULT_PRIMITIVE:
                return model.Primitive(model.DEFAULT_PRIMITIVE[symbol.name])
            if symbol.name in model.BYTES_KINDS and symbol.module == "builtins":
                return model.Bytes(symbol.name)
            if symbol.qualified in model.STDLIB_TYPES:
                return model.Stdlib(symbol.qualified)
            if symbol.name == "Self" and where.resource:
                return model.Named(where.resource)
            hint = REJECTED.get(symbol.name, "")
            raise self._reject(node, where, f"{text!r} is not supported", hint)
        if isinstance(symbol, AliasSymbol):
            alias_where = replace(where, module=symbol.module)
            if _is_new_type(symbol.value):  # ``UserId = NewType("UserId", int)``: an int
                assert isinstance(symbol.value, ast.Call)
                return self._type(symbol.value.args[1], alias_where)
            return self._type(symbol.value, alias_where, alias_name=symbol.name)
        if isinstance(symbol, ClassSymbol):
            return self._class(symbol, node, where)
        what = "a function" if isinstance(symbol, FunctionSymbol) else "a module"
        assert isinstance(symbol, FunctionSymbol | ModuleSymbol)
        raise self._reject(node, where, f"{text!r} is {what}, not a type")

    def _generic(
        self, node: ast.Subscript, where: AnnotationSite, alias_name: str | None
    ) -> model.TypeExpr:
        base = self.symbols.resolve(where.module, node.value)
        name = base.name if isinstance(base, Known) else ""
        args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        text = ast.unparse(node)

        def arity(n: int) -> None:
            if len(args) != n:
                raise self._reject(node, where, f"{text!r}: {name} takes {n} type argument(s)")

        if name in ("list", "List"):
            arity(1)
            return model.ListOf(self._type(args[0], where))
        if name in ("dict", "Dict") or name in MAPPING_LIKE:
            arity(2)
            return model.DictOf(self._type(args[0], where), self._type(args[1], where))
        if name in LIST_LIKE:
            arity(1)
            return model.ListOf(self._type(args[0], where))
        if name in ITERATOR_LIKE:  # Generator[Y, S, R]: what it yields
            arity(1 if name == "Iterator" else 3)
            return model.ListOf(self._type(args[0], where), "iterator")
        if name in SET_LIKE:
            arity(1)
            return model.SetOf(self._type(args[0], where), SET_LIKE[name])
        if name == "Literal":
            return self._literal(args, node, where, alias_name)
        if name in ("tuple", "Tuple"):
            if len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is Ellipsis:
                return model.ListOf(self._type(args[0], where), "tuple")
            if any(isinstance(a, ast.Constant) and a.value is Ellipsis for a in args):
                raise self._reject(
                    node, where, f"{text!r}: ... must be the second of two arguments",
                    "tuple[T, ...]",
                )  # fmt: skip
            if isinstance(node.slice, ast.Tuple) and not args:
                raise self._reject(node, where, "the empty tuple type is not supported")
            return model.TupleOf(tuple(self._type(a, where) for a in args))
        if name == "Optional":
            arity(1)
            return self._union([args[0], ast.Constant(None)], node, where, alias_name)
        if name == "Union":
            return self._union(args, node, where, alias_name)
        if name == "Annotated":
            return self._annotated(node, args, where)
        if isinstance(base, Unresolved):
            raise self._reject(
                node.value, where, f"cannot resolve {ast.unparse(node.value)!r}: {base.reason}"
            )
        hint = REJECTED.get(name, "")
        raise self._reject(node, where, f"{text!r} is not supported", hint)

    def _annotated(
        self, node: ast.Subscript, args: list[ast.expr], where: AnnotationSite
    ) -> model.TypeExpr:
        hint = 'Annotated[int, "u8"]: one of ' + ", ".join(sorted(model.PRIMITIVES))
        if len(args) != 2 or not (
            isinstance(args[1], ast.Constant) and isinstance(args[1].value, str)
        ):
            raise self._reject(
                node, where, f"{ast.unparse(node)!r}: unsupported Annotated form", hint
            )
        wanted = args[1].value
        if wanted not in model.PRIMITIVES:
            raise self._reject(args[1], where, f"unknown WIT type {wanted!r} in Annotated", hint)
        base = self._type(args[0], where)
        expected = model.PRIMITIVES[wanted]
        if base != model.Primitive(model.DEFAULT_PRIMITIVE[expected]):
            raise self._reject(
                node, where, f"{wanted} refines {expected}, not {ast.unparse(args[0])}",
                f'Annotated[{expected}, "{wanted}"]',
            )  # fmt: skip
        return model.Primitive(wanted)

    def _literal(
        self, args: list[ast.expr], node: ast.expr, where: AnnotationSite, alias_name: str | None
    ) -> model.Named:
        values: list[str | int] = []
        for arg in args:
            value = arg.value if isinstance(arg, ast.Constant) else None
            if isinstance(arg, ast.UnaryOp) and isinstance(arg.op, ast.USub):
                operand = arg.operand
                value = -operand.value if isinstance(operand, ast.Constant) else None
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise self._reject(
                    arg, where, f"Literal value {ast.unparse(arg)} is not a str or an int",
                    'Literal["a", "b"] or Literal[1, 2]',
                )  # fmt: skip
            if value in values:
                raise self._reject(arg, where, f"Literal value {value!r} appears twice")
            values.append(value)
        if not values:
            raise self._reject(node, where, "Literal needs at least one value")
        cases: dict[str, str | int] = {}
        for value in values:
            other = cases.setdefault(model.literal_case(value), value)
            if other != value:
                raise self._reject(
                    node, where,
                    f"Literal values {other!r} and {value!r} both become the WIT case "
                    f"{model.literal_case(value)!r}",
                    "use values that differ in more than case and punctuation",
                )  # fmt: skip
        name = alias_name or "Or".join(_camel_case(c) for c in cases)
        origin = model.Origin(where.module.name, name, where.module.file, node.lineno)
        identity = (origin.module, origin.qualname) if alias_name else ("", name)
        if not self._claim(name, identity, node, where):
            raise _Failed()
        self.defs.setdefault(name, model.LiteralEnum(name, origin, tuple(values)))
        return model.Named(name)

    def _union(
        self, members: list[ast.expr], node: ast.expr, where: AnnotationSite, alias_name: str | None
    ) -> model.TypeExpr:
        nones = [m for m in members if isinstance(m, ast.Constant) and m.value is None]
        others = [m for m in members if m not in nones]
        if not others:
            raise self._reject(node, where, "a union of None alone is not a type")
        if len(others) == 1:
            inner = self._type(others[0], where, alias_name)
        else:
            inner = self._variant(others, node, where, alias_name)
        # Optional[T | None] is Optional[T] in Python too: one option level
        return model.OptionOf(inner) if nones and not isinstance(inner, model.OptionOf) else inner

    def _variant(
        self, members: list[ast.expr], node: ast.expr, where: AnnotationSite, alias_name: str | None
    ) -> model.Named:
        hint = "a union (other than T | None) must list @dataclass or NamedTuple classes only"
        cases: list[model.VariantCase] = []
        for member in members:
            type_ = self._type(member, where)
            target = self.defs.get(type_.name) if isinstance(type_, model.Named) else None
            if not isinstance(target, model.Record):
                raise self._reject(member, where, f"{ast.unparse(member)!r} in a union", hint)
            if any(c.name == target.name for c in cases):
                raise self._reject(member, where, f"{target.name} appears twice in a union")
            cases.append(model.VariantCase(target.name, model.Named(target.name)))
        name = alias_name or "Or".join(c.name for c in cases)
        origin = model.Origin(where.module.name, name, where.module.file, node.lineno)
        variant = model.Variant(name, origin, tuple(cases))
        if not self._claim(
            name, (origin.module, origin.qualname) if alias_name else ("", name), node, where
        ):
            raise _Failed()
        self.defs.setdefault(name, variant)
        return model.Named(name)

    # -- classes --------------------------------------------------------------------------

    def _claim(
        self, name: str, identity: tuple[str, str], node: ast.AST, where: AnnotationSite
    ) -> bool:
        """Whether ``name`` may stand for ``identity`` (a type name is one type per component)."""
        known = self._identity.setdefault(name, identity)
        if known != identity:
            self._fail(
                where.at(
                    node,
                    f"type name {name!r} already stands for {'.'.join(filter(None, known))}",
                    "rename one of them: type names must be unique within a component",
                )
            )
            return False
        return True

    def _base_names(self, symbol: ClassSymbol) -> list[str]:
        names = []
        for base in symbol.node.bases:
            resolved = self.symbols.resolve(symbol.module, base)
            if isinstance(resolved, Known):
                names.append(resolved.name)
            elif isinstance(resolved, ClassSymbol):
                kind = self._class_kind(resolved)
                names.append(
                    {"exception": "Exception", "typeddict": "TypedDict"}.get(
                        kind, f"class {resolved.node.name}"
                    )
                )
            else:
                names.append(ast.unparse(base))
        return names

    def _class_kind(self, symbol: ClassSymbol) -> str:
        bases = set(self._base_names(symbol))
        if bases & BUILTIN_EXCEPTIONS:
            return "exception"
        if bases & FLAG_BASES:
            return "flags"
        if bases & ENUM_BASES:
            return "enum"
        if "NamedTuple" in bases:
            return "namedtuple"
        if "TypedDict" in bases or "class TypedDict" in bases:
            return "typeddict"
        if "Protocol" in bases:
            return "protocol"
        if "Generic" in bases or any(isinstance(b, ast.Subscript) for b in symbol.node.bases):
            return "generic"
        for decorator in symbol.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            resolved = self.symbols.resolve(symbol.module, target)
            if isinstance(resolved, Known) and resolved.name == "dataclass":
                return "dataclass"
        if bases - {"object"}:
            return "unsupported"
        return "resource"

    def _class(self, symbol: ClassSymbol, node: ast.expr, where: AnnotationSite) -> model.Named:
        name = symbol.node.name
        identity = (symbol.module.name, name)
        if identity in self._failed:
            raise _Failed()
        if not self._claim(name, identity, node, where):
            raise _Failed()
        building = [n for n, _ in self._building]
        if name in building:
            path = self._building[building.index(name) :]
            if not any(is_resource for _, is_resource in path):
                cycle = " -> ".join([*(n for n, _ in path), name])
                raise self._reject(
                    node, where, f"recursive type {cycle}",
                    "WIT records cannot contain themselves; use an id or a list of flat records",
                )  # fmt: skip
            return model.Named(name)
        if name in self.defs:
            return model.Named(name)
        kind = self._class_kind(symbol)
        if kind in CLASS_HINTS:
            raise self._reject(
                node, where, f"class {name} cannot be used as a type", CLASS_HINTS[kind]
            )
        self._building.append((name, kind == "resource"))
        try:
            definition = self._define(symbol, kind)
        finally:
            self._building.pop()
        if definition is None:
            self._failed.add(identity)
            raise _Failed()
        self.defs[name] = definition
        return model.Named(name)

    def _define(self, symbol: ClassSymbol, kind: str) -> model.TypeDef | None:
        definition = self._define_unchecked(symbol, kind)
        if definition is None:
            return None
        if isinstance(definition, model.Record):
            names = [f.name for f in definition.fields]
        elif isinstance(definition, model.Enum):
            names = [c.name for c in definition.cases]
        elif isinstance(definition, model.Flags):
            names = [c.name for c in definition.members]
        else:
            assert isinstance(definition, model.Resource)  # variants are not classes
            names = [m.name for m in definition.methods]
        spelled: dict[str, str] = {}
        for name in names:
            other = spelled.setdefault(model.wit_name(name), name)
            if other != name:
                self._fail(
                    AnnotationSite(symbol.module, function=symbol.node.name).at(
                        symbol.node,
                        f"{other!r} and {name!r} both become {model.wit_name(name)!r} in WIT",
                        "rename one of them",
                    )
                )
                return None
        return definition

    def _define_unchecked(self, symbol: ClassSymbol, kind: str) -> model.TypeDef | None:
        node = symbol.node
        origin = model.Origin(symbol.module.name, node.name, symbol.module.file, node.lineno)
        doc = ast.get_docstring(node) or ""
        where = AnnotationSite(symbol.module, function=node.name)
        before = len(self.diagnostics)
        if kind in ("dataclass", "namedtuple", "typeddict"):
            fields = self._fields(symbol, where, typeddict=kind == "typeddict")
            if not fields and len(self.diagnostics) == before:
                self._fail(where.at(node, f"{kind} {node.name} has no fields", "add a field"))
            if len(self.diagnostics) > before:
                return None
            return model.Record(node.name, origin, fields, kind, doc)  # type: ignore[arg-type]
        if kind in ("enum", "flags"):
            members = self._members(symbol, where)
            if kind == "flags" and len(members) > MAX_FLAGS:
                self._fail(where.at(node, f"{len(members)} flags; WIT allows at most {MAX_FLAGS}"))
            if len(self.diagnostics) > before:
                return None
            if kind == "enum":
                return model.Enum(node.name, origin, members, doc)
            return model.Flags(node.name, origin, members, doc)
        return self._resource(symbol, origin, doc, where)

    def _fields(
        self, symbol: ClassSymbol, where: AnnotationSite, typeddict: bool = False
    ) -> tuple[model.Field, ...]:
        """Own fields after inherited ones; a redefined field keeps its first place, as in
        ``dataclasses``. A TypedDict's keys are required unless ``total=False`` or
        ``NotRequired[...]`` says otherwise (``Required[...]`` in a ``total=False`` class)."""
        fields: dict[str, model.Field] = {}
        own_kind = "typeddict" if typeddict else "dataclass"
        for base in symbol.node.bases:
            resolved = self.symbols.resolve(symbol.module, base)
            if isinstance(resolved, Known) and resolved.name in ("NamedTuple", "object"):
                continue
            if isinstance(resolved, Known) and typeddict and resolved.name == "TypedDict":
                continue
            if isinstance(resolved, ClassSymbol) and self._class_kind(resolved) == own_kind:
                base_where = AnnotationSite(resolved.module, function=resolved.node.name)
                fields.update((f.name, f) for f in self._fields(resolved, base_where, typeddict))
                continue
            self._fail(
                where.at(
                    base,
                    f"base class {ast.unparse(base)} of {symbol.node.name} is not a {own_kind}",
                    f"a {own_kind} may derive from other {own_kind} classes only",
                )
            )
        total = not any(
            k.arg == "total" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in symbol.node.keywords
        )
        body = symbol.node.body
        for index, statement in enumerate(body):
            if not (
                isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
            ):
                continue
            annotation = statement.annotation
            head = annotation.value if isinstance(annotation, ast.Subscript) else annotation
            resolved = self.symbols.resolve(symbol.module, head)
            if isinstance(resolved, Known) and resolved.name == "ClassVar":
                continue
            name = statement.target.id
            field_where = replace(where, parameter=name)
            if not self._wit_ok(name, statement, field_where, "field name"):
                continue
            required = total
            wrapper = resolved.name if isinstance(resolved, Known) else ""
            if typeddict and wrapper in ("Required", "NotRequired"):
                assert isinstance(annotation, ast.Subscript)
                annotation, required = annotation.slice, wrapper == "Required"
            type_ = self.annotation(annotation, field_where)
            if not required and isinstance(type_, model.OptionOf):
                self._fail(
                    field_where.at(
                        statement,
                        "a TypedDict key that may be missing cannot also be None",
                        "make it required, or drop None from its type",
                    )
                )
            elif type_ is not None:
                doc = _attribute_doc(body, index)
                fields[name] = model.Field(name, type_, doc, required)
        return tuple(fields.values())

    def _member_names(self, symbol: ClassSymbol) -> list[model.EnumCase]:
        """The members an enum or flag class defines (public names assigned in its body)."""
        body = symbol.node.body
        return [
            model.EnumCase(target.id, _attribute_doc(body, index))
            for index, statement in enumerate(body)
            for target in (statement.targets if isinstance(statement, ast.Assign) else [])
            if isinstance(target, ast.Name) and not target.id.startswith("_")
        ]

    def _members(self, symbol: ClassSymbol, where: AnnotationSite) -> tuple[model.EnumCase, ...]:
        members = []
        for case in self._member_names(symbol):
            if self._wit_ok(case.name, symbol.node, where, "member name"):
                members.append(case)
        if not members:
            self._fail(where.at(symbol.node, f"{symbol.node.name} has no members", "add one"))
        return tuple(members)

    def _method_kind(self, symbol: ClassSymbol, method: FunctionNode) -> tuple[str | None, str]:
        """A resource method's kind ("method", "static", "classmethod", "getter", "setter") and
        its model name (a setter of ``x`` is ``set_x``); None after a diagnostic."""
        kind, name = "method", method.name
        for decorator in method.decorator_list:
            resolved = self.symbols.resolve(symbol.module, decorator)
            known = resolved.name if isinstance(resolved, Known) else ""
            if known in ("staticmethod", "classmethod"):
                kind = known.removesuffix("method") if known == "staticmethod" else known
            elif known == "property":
                kind = "getter"
            elif (
                isinstance(decorator, ast.Attribute)
                and decorator.attr == "setter"
                and isinstance(decorator.value, ast.Name)
                and decorator.value.id == method.name
            ):
                kind, name = "setter", f"set_{method.name}"
            else:
                self._fail(
                    AnnotationSite(symbol.module, function=f"{symbol.node.name}.{method.name}").at(
                        decorator,
                        f"decorator {ast.unparse(decorator)} on {symbol.node.name}."
                        f"{method.name} is not supported",
                        "resource methods may be plain methods, @staticmethod, @classmethod "
                        "or @property (with its setter)",
                    )
                )
                return None, name
        if kind == "static" and method.name in DUNDERS:
            kind = "method"
        return kind, name

    def _source_annotations(
        self, function: model.Function, method: FunctionNode, where: AnnotationSite
    ) -> model.Function:
        """``function`` (of a dunder whose WIT types are not its annotations) with the
        source's own annotations: their text and the names they use."""
        sources = method.args.args[1:]
        names = {n.name: n for n in function.names}
        found: dict[str, model.NameRef] = {}
        for node in [*(a.annotation for a in sources), method.returns]:
            if node is not None:
                self._annotation_names(node, where, found)
        params = tuple(
            replace(p, annotation=ast.unparse(a.annotation) if a.annotation else "")
            for p, a in zip(function.params, sources, strict=True)
        )
        names.update(found)
        return replace(
            function,
            params=params,
            returns=ast.unparse(method.returns) if method.returns is not None else "",
            names=tuple(names[n] for n in sorted(names)),
        )

    def _resource(
        self, symbol: ClassSymbol, origin: model.Origin, doc: str, where: AnnotationSite
    ) -> model.Resource | None:
        node = symbol.node
        methods = {
            s.name: s for s in node.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        init = methods.get("__init__")
        if init is None:
            self._fail(
                where.at(
                    node,
                    f"class {node.name} is not a dataclass, NamedTuple or enum, and has no "
                    "__init__ to make it a resource",
                    f"supported: {SUPPORTED}",
                )
            )
            return None
        ok = True
        constructor = self.signature(
            init,
            replace(where, function=f"{node.name}.__init__", resource=node.name),
            "constructor",
            skip_first=True,
        )
        functions = []
        for method in node.body:
            if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            name = method.name
            if name.startswith("_") and name not in DUNDERS:
                continue
            kind, model_name = self._method_kind(symbol, method)
            if kind is None:
                ok = False
                continue
            method_where = replace(where, function=f"{node.name}.{name}", resource=node.name)
            if not self._wit_ok(model_name, method, method_where, "method name"):
                ok = False
                continue
            wit_kind = "static" if kind == "classmethod" else kind
            checked = method
            if name == "__eq__":
                checked = _eq_against(method, node.name)
            elif name == "__exit__":
                checked = _exit_as_wit(method)
                if checked is None:
                    self._fail(
                        method_where.at(
                            method,
                            f"{node.name}.__exit__ must take (self, exc_type, exc, tb)",
                            "write def __exit__(self, exc_type, exc, tb) -> None",
                        )
                    )
                    ok = False
                    continue
            function = self.signature(checked, method_where, wit_kind, skip_first=kind != "static")
            ok = ok and function is not None
            if function is not None:
                if checked is not method:
                    function = self._source_annotations(function, method, method_where)
                if name == "__enter__" and function.result == model.Named(node.name):
                    # none: "returned self" (``with obj as x``: x is obj, as natively)
                    function = replace(function, result=model.OptionOf(function.result))
                functions.append(
                    replace(function, name=model_name, classmethod=kind == "classmethod")
                )
        if constructor is None or not ok:
            return None
        return model.Resource(node.name, origin, constructor, tuple(functions), doc)


def _eq_against(method: FunctionNode, resource: str) -> FunctionNode:
    """``__eq__(self, other: object)`` compared with objects of the resource: its WIT parameter
    is the resource (the host answers NotImplemented for anything else, as natively)."""
    args = method.args
    if len(args.args) != 2 or args.posonlyargs or args.kwonlyargs or args.vararg or args.kwarg:
        return method
    other = replace_node(args.args[1], annotation=ast.Name(resource, ast.Load()))
    new_args = replace_node(args, args=[args.args[0], other])
    return replace_node(method, args=new_args)


def _exit_as_wit(method: FunctionNode) -> FunctionNode | None:
    """``__exit__(self, exc_type, exc, tb)`` as WIT can carry it: the exception's class
    (``module.qualname``), its detail document and its formatted traceback (the guest rebuilds
    the exception from them as it does a host import's), and what ``__exit__`` returned (true
    suppresses the exception, as natively). None when the parameters are not those."""
    args = method.args
    if len(args.args) != 4 or args.posonlyargs or args.kwonlyargs or args.vararg or args.kwarg:
        return None
    text = ast.parse("str | None", mode="eval").body
    params = [args.args[0], *(replace_node(a, annotation=text) for a in args.args[1:])]
    new_args = replace_node(args, args=params, defaults=[])
    returns = ast.parse("bool | None", mode="eval").body
    return replace_node(method, args=new_args, returns=returns)


def replace_node(node: _Node, **changes: object) -> _Node:
    """A shallow copy of an AST node with some fields changed (its location kept)."""
    copy = type(node)(**{f: getattr(node, f, None) for f in node._fields})
    for name, value in changes.items():
        setattr(copy, name, value)
    return ast.copy_location(copy, node)


def _camel_case(wit: str) -> str:
    return "".join(word.capitalize() for word in wit.lstrip("%").split("-"))


def _is_new_type(value: ast.expr) -> bool:
    return (
        isinstance(value, ast.Call)
        and ast.unparse(value.func).rsplit(".", 1)[-1] == "NewType"
        and len(value.args) == 2
    )


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_union_members(node.left), *_union_members(node.right)]
    return [node]


def _attribute_doc(body: list[ast.stmt], index: int) -> str:
    """The string literal right after a field or member (an "attribute docstring")."""
    if index + 1 < len(body):
        following = body[index + 1]
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            return inspect.cleandoc(following.value.value)
    return ""
