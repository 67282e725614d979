"""Annotations to model types: each annotation expression becomes a :data:`model.TypeExpr`,
and each user class it names becomes a :data:`model.TypeDef` (built once, kept by name)."""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, replace

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
    "int, float, bool, str, bytes, list[T], tuple[A, B], dict[K, V], T | None, Optional[T], "
    "a @dataclass, NamedTuple, Enum, Flag, a union of dataclasses, a class with an annotated "
    '__init__ (resource), Annotated[int, "u8"] (u8..u64, s8..s64), Annotated[float, "f32"], '
    'Annotated[str, "char"]'
)
ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum"})
FLAG_BASES = frozenset({"Flag", "IntFlag"})
MAX_FLAGS = 32
#: Hints for names that are understood but not supported, by the name's unqualified spelling.
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
}


@dataclass(frozen=True)
class Where:
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


class TypeResolver:
    def __init__(self, symbols: SymbolTable) -> None:
        self.symbols = symbols
        self.diagnostics: list[Diagnostic] = []
        self.defs: dict[str, model.TypeDef] = {}  # by Python name, in dependency order
        self._identity: dict[str, tuple[str, str]] = {}  # name -> (module, qualname)
        self._failed: set[tuple[str, str]] = set()
        self._building: list[tuple[str, bool]] = []  # (name, is_resource) being defined

    # -- public ---------------------------------------------------------------------------

    def annotation(self, node: ast.expr, where: Where) -> model.TypeExpr | None:
        """The model type of an annotation, or None after recording a diagnostic."""
        try:
            return self._type(node, where)
        except _Failed:
            return None

    def named(self, symbol: Symbol, node: ast.expr, where: Where) -> model.TypeExpr | None:
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
        where: Where,
        kind: str = "function",
        skip_first: bool = False,
    ) -> model.Function | None:
        """A fully annotated function as a model function; None after diagnostics."""
        ok = True
        name = where.function
        if isinstance(node, ast.AsyncFunctionDef):
            self._fail(where.at(node, "async functions cannot be exported", "use a plain def"))
            ok = False
        args = node.args
        for extra, what in ((args.vararg, "*"), (args.kwarg, "**")):
            if extra is not None:
                self._fail(
                    replace(where, parameter=extra.arg).at(
                        extra, f"{what}{extra.arg} is not supported", "list each parameter"
                    )
                )
                ok = False
        for arg in (*args.posonlyargs, *args.kwonlyargs):
            self._fail(
                replace(where, parameter=arg.arg).at(
                    arg,
                    "positional-only and keyword-only parameters are not supported",
                    "use plain parameters",
                )
            )
            ok = False
        positional = args.args[1:] if skip_first else args.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults += args.defaults[-len(positional) :] if positional else []
        params: list[model.Param] = []
        for arg, default in zip(positional, defaults, strict=True):
            param = self._param(arg, default, replace(where, parameter=arg.arg))
            ok = ok and param is not None
            if param is not None:
                params.append(param)
        result = self._result(node, where, kind)
        if not ok or result is False:
            return None
        return model.Function(
            name=name.rsplit(".", 1)[-1],
            params=tuple(params),
            result=result,
            doc=ast.get_docstring(node) or "",
            line=node.lineno,
            kind=kind,  # type: ignore[arg-type]
        )

    # -- signatures -----------------------------------------------------------------------

    def _param(self, arg: ast.arg, default: ast.expr | None, where: Where) -> model.Param | None:
        if not self._wit_ok(arg.arg, arg, where, "parameter name"):
            return None
        if arg.annotation is None:
            self._fail(
                where.at(arg, "missing type annotation", f"annotate it, e.g. {arg.arg}: int")
            )
            return None
        type_ = self.annotation(arg.annotation, where)
        source = self._default(default, where) if default is not None else None
        if type_ is None or source is False:
            return None
        return model.Param(arg.arg, type_, source or None)

    def _default(self, node: ast.expr, where: Where) -> str | bool:
        """The default's source text, or False after a diagnostic."""
        try:
            value = ast.literal_eval(node)
        except ValueError:
            value = ...
        if value is ... or isinstance(value, list | dict | set):
            self._fail(
                where.at(
                    node,
                    f"unsupported default {ast.unparse(node)}",
                    "defaults must be immutable literals: numbers, strings, bytes, True/False, "
                    "None or tuples of them",
                )
            )
            return False
        return ast.unparse(node)

    def _result(self, node: FunctionNode, where: Where, kind: str) -> model.TypeExpr | bool | None:
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

    def _wit_ok(self, name: str, node: ast.AST, where: Where, what: str) -> bool:
        try:
            model.wit_name(name)
        except ValueError as exc:
            self._fail(where.at(node, f"{what} {name!r} has no WIT spelling: {exc}"))
            return False
        return True

    # -- annotations ----------------------------------------------------------------------

    def _fail(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def _reject(self, node: ast.AST, where: Where, message: str, hint: str = "") -> _Failed:
        self._fail(where.at(node, message, hint or f"supported: {SUPPORTED}"))
        return _Failed()

    def _type(self, node: ast.expr, where: Where, alias_name: str | None = None) -> model.TypeExpr:
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

    def _parse_string(self, node: ast.Constant, where: Where) -> ast.expr:
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
        self, symbol: Symbol, node: ast.expr, where: Where, alias_name: str | None
    ) -> model.TypeExpr:
        text = ast.unparse(node)
        if isinstance(symbol, Unresolved):
            raise self._reject(node, where, f"cannot resolve {text!r}: {symbol.reason}")
        if isinstance(symbol, Known):
            if symbol.name in model.DEFAULT_PRIMITIVE:
                return model.Primitive(model.DEFAULT_PRIMITIVE[symbol.name])
            if symbol.name == "bytes":
                return model.Bytes()
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

    def _generic(self, node: ast.Subscript, where: Where, alias_name: str | None) -> model.TypeExpr:
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
        if name in ("dict", "Dict"):
            arity(2)
            return model.DictOf(self._type(args[0], where), self._type(args[1], where))
        if name in ("tuple", "Tuple"):
            if any(isinstance(a, ast.Constant) and a.value is Ellipsis for a in args):
                raise self._reject(
                    node,
                    where,
                    f"{text!r}: variable-length tuples are not supported",
                    "use list[T]",
                )
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

    def _annotated(self, node: ast.Subscript, args: list[ast.expr], where: Where) -> model.TypeExpr:
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

    def _union(
        self, members: list[ast.expr], node: ast.expr, where: Where, alias_name: str | None
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
        self, members: list[ast.expr], node: ast.expr, where: Where, alias_name: str | None
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

    def _claim(self, name: str, identity: tuple[str, str], node: ast.AST, where: Where) -> bool:
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
                names.append("Exception" if kind == "exception" else f"class {resolved.node.name}")
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
        for decorator in symbol.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            resolved = self.symbols.resolve(symbol.module, target)
            if isinstance(resolved, Known) and resolved.name == "dataclass":
                return "dataclass"
        if bases - {"object"}:
            return "unsupported"
        return "resource"

    def _class(self, symbol: ClassSymbol, node: ast.expr, where: Where) -> model.Named:
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
        if kind in ("exception", "unsupported"):
            hint = (
                "exceptions travel as errors, not values"
                if kind == "exception"
                else f"supported: {SUPPORTED}"
            )
            raise self._reject(node, where, f"class {name} cannot be used as a type", hint)
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
                    Where(symbol.module, function=symbol.node.name).at(
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
        where = Where(symbol.module, function=node.name)
        before = len(self.diagnostics)
        if kind in ("dataclass", "namedtuple"):
            fields = self._fields(symbol, where)
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

    def _fields(self, symbol: ClassSymbol, where: Where) -> tuple[model.Field, ...]:
        """Own fields after inherited ones; a redefined field keeps its first place, as in
        ``dataclasses``."""
        fields: dict[str, model.Field] = {}
        for base in symbol.node.bases:
            resolved = self.symbols.resolve(symbol.module, base)
            if isinstance(resolved, Known) and resolved.name in ("NamedTuple", "object"):
                continue
            if isinstance(resolved, ClassSymbol) and self._class_kind(resolved) == "dataclass":
                base_where = Where(resolved.module, function=resolved.node.name)
                fields.update((f.name, f) for f in self._fields(resolved, base_where))
                continue
            self._fail(
                where.at(
                    base,
                    f"base class {ast.unparse(base)} of {symbol.node.name} is not a dataclass",
                    "a dataclass may derive from other dataclasses only",
                )
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
            type_ = self.annotation(annotation, field_where)
            if type_ is not None:
                fields[name] = model.Field(name, type_, _attribute_doc(body, index))
        return tuple(fields.values())

    def _members(self, symbol: ClassSymbol, where: Where) -> tuple[model.EnumCase, ...]:
        members = []
        body = symbol.node.body
        for index, statement in enumerate(body):
            targets = statement.targets if isinstance(statement, ast.Assign) else []
            for target in targets:
                if (
                    isinstance(target, ast.Name)
                    and not target.id.startswith("_")
                    and self._wit_ok(target.id, target, where, "member name")
                ):
                    members.append(model.EnumCase(target.id, _attribute_doc(body, index)))
        if not members:
            self._fail(where.at(symbol.node, f"{symbol.node.name} has no members", "add one"))
        return tuple(members)

    def _resource(
        self, symbol: ClassSymbol, origin: model.Origin, doc: str, where: Where
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
        for name, method in methods.items():
            if name.startswith("_"):
                continue
            kind = "method"
            for decorator in method.decorator_list:
                resolved = self.symbols.resolve(symbol.module, decorator)
                if isinstance(resolved, Known) and resolved.name == "staticmethod":
                    kind = "static"
                else:
                    ok = False
                    self._fail(
                        where.at(
                            decorator,
                            f"decorator {ast.unparse(decorator)} on {node.name}.{name} is not "
                            "supported",
                            "resource methods may be plain methods or @staticmethod",
                        )
                    )
            method_where = replace(where, function=f"{node.name}.{name}", resource=node.name)
            if not self._wit_ok(name, method, method_where, "method name"):
                ok = False
                continue
            function = self.signature(method, method_where, kind, skip_first=kind == "method")
            ok = ok and function is not None
            if function is not None:
                functions.append(function)
        if constructor is None or not ok:
            return None
        return model.Resource(node.name, origin, constructor, tuple(functions), doc)


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
