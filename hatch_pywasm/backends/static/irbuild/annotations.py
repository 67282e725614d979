"""Annotations as subset types. The frontend's resolver reads every annotation (its symbol
table follows imports and aliases), giving model types; :func:`..types.from_model` maps those
onto the subset. So the static compiler and the WIT mean the same by each annotation, and a
helper's annotations are read exactly as an export's."""

from __future__ import annotations

import ast
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pywasm_runtime import model

from hatch_pywasm.frontend.resolve import AnnotationSite, TypeResolver
from hatch_pywasm.frontend.sources import ModuleSource, SourceSet
from hatch_pywasm.frontend.symbols import ClassSymbol, Known, SymbolTable

from ..errors import SubsetError
from ..types import NONE, EnumType, FlagType, StructType, Type, from_model
from .classes import Method, is_plain_class, layout, methods_of
from .common import constant_value, unsupported


class Annotations:
    """The modules being compiled (given as text) and the types their annotations name."""

    def __init__(self, component_types: Mapping[str, model.TypeDef]) -> None:
        self.sources = SourceSet(Path(), ())  # no source roots: only the modules given
        self.resolver = TypeResolver(SymbolTable(self.sources))
        #: every named type: those the frontend defined while reading these annotations, and
        #: the component's (the exports' signatures come from the model)
        self.defs: Mapping[str, model.TypeDef] = ChainMap(self.resolver.defs, component_types)
        self.component_types = component_types
        #: plain classes used inside the component: their layouts (None while being read)
        self.layouts: dict[str, StructType | None] = {}
        self.plain_classes: dict[str, ClassSymbol] = {}
        #: plain classes: their base class (a plain class's name) and their number (the
        #: object's first slot, classes.CLASS_SLOT)
        self.bases: dict[str, str] = {}
        self.class_ids: dict[str, int] = {}
        self.modules: list[ModuleSource] = []
        self.enums: dict[str, EnumType | FlagType] = {}
        #: what a model Named of a plain class or an enum stands for
        self.named: Mapping[str, Type | None] = ChainMap(self.layouts, self.enums)  # type: ignore[arg-type]

    def add(self, name: str, file: str, text: str) -> ModuleSource:
        module = self.sources.add(name, file, text)
        self.modules.append(module)
        return module

    def base_class(self, symbol: ClassSymbol) -> ClassSymbol | bool | None:
        """The plain class a plain class statement derives from; None for ``object`` or
        ``abc.ABC`` (or no base); False when its base is anything else."""
        if not is_plain_class(symbol.node):
            return False
        if not symbol.node.bases or ast.unparse(symbol.node.bases[0]) == "object":
            return None
        if _is_abc(symbol.node.bases[0], symbol.module):
            return None
        base = self.resolver.symbols.resolve(symbol.module, symbol.node.bases[0])
        if isinstance(base, ClassSymbol) and self.is_plain(base):
            return base
        return False

    def is_plain(self, symbol: ClassSymbol) -> bool:
        """A plain class statement whose base (if any) the subset compiles."""
        return self.base_class(symbol) is not False

    def subclasses(self, t: StructType) -> list[StructType]:
        """Every plain class of the modules given that derives from ``t``, at any depth."""
        found: list[StructType] = []
        for module in self.modules:
            for node in module.classes.values():
                symbol = ClassSymbol(module, node)
                base = self.base_class(symbol)
                if isinstance(base, ClassSymbol) and base.node.name == t.name:
                    sub = self.plain_class(symbol)
                    found += [sub, *self.subclasses(sub)]
        return found

    def base_type(self, t: StructType) -> StructType | None:
        name = self.bases.get(t.name)
        if name is None:
            return None
        found = self.layouts.get(name)
        assert found is not None
        return found

    def is_subclass(self, sub: Type, base: Type) -> bool:
        """``sub`` is ``base`` or derives from it (both plain classes)."""
        while isinstance(sub, StructType):
            if sub == base:
                return True
            sub = self.base_type(sub)  # type: ignore[assignment]
        return False

    def of_model(self, expr: model.TypeExpr | None) -> Type | None:
        return from_model(expr, self.defs, self.named)

    def of_export(self, expr: model.TypeExpr | None) -> Type | None:
        """An exported signature's type. A class there is a WIT resource: its objects are
        those of the plain class (laid out here, before the model type is mapped)."""
        for named in _named_in(expr):
            definition = self.component_types.get(named.name)
            if isinstance(definition, model.Resource) and self.resource_class(definition) is None:
                return None
        return self.of_model(expr)

    def resource_class(self, resource: model.Resource) -> StructType | None:
        """The layout of an exported class (a WIT resource); None when it is not a plain
        class of the modules given."""
        module = self.sources.get(resource.origin.module)
        node = module.classes.get(resource.origin.qualname) if module is not None else None
        if module is None or node is None or not self.is_plain(ClassSymbol(module, node)):
            return None
        return self.plain_class(ClassSymbol(module, node))

    def _read_plain_classes(self, node: ast.expr, module: ModuleSource) -> None:
        """Lay out every plain class an annotation names before the resolver reads it (the
        resolver would read one as an exported resource, whose methods must be plain or
        static); it then finds the class already defined."""
        for sub in ast.walk(node):
            if not isinstance(sub, ast.Name | ast.Attribute):
                continue
            symbol = self.resolver.symbols.resolve(module, sub)
            if isinstance(symbol, ClassSymbol) and self.is_plain(symbol):
                self.plain_class(symbol)
            elif isinstance(symbol, ClassSymbol) and self.enum_kind(symbol) is not None:
                self.enum(symbol)

    def enum_kind(self, symbol: ClassSymbol) -> str | None:
        """``Enum``, ``IntEnum``, ``StrEnum``, ``Flag`` or ``IntFlag`` when the class derives
        directly from one."""
        if len(symbol.node.bases) != 1 or symbol.node.decorator_list or symbol.node.keywords:
            return None
        base = self.resolver.symbols.resolve(symbol.module, symbol.node.bases[0])
        names = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"}
        return base.name if isinstance(base, Known) and base.name in names else None

    def enum(self, symbol: ClassSymbol) -> EnumType | FlagType:
        """An enum's members and values: constants, or ``auto()`` (CPython's values: the
        last int + 1 from 1, for a StrEnum the lowercased name, for a flag the next bit above
        the highest value). A flag's members are single bits (below 2**31)."""
        node, file = symbol.node, symbol.module.file
        if node.name in self.enums:
            return self.enums[node.name]
        kind = self.enum_kind(symbol)
        flag = kind in ("Flag", "IntFlag")
        members: list[str] = []
        values: list[int | str] = []
        for item in node.body:
            match item:
                case ast.Assign(targets=[ast.Name(id=name)], value=value):
                    auto = isinstance(value, ast.Call) and ast.unparse(value.func) in (
                        "auto",
                        "enum.auto",
                    )
                    ints = [v for v in values if isinstance(v, int)]
                    if auto and kind == "StrEnum":
                        found: object = name.lower()
                    elif auto and flag:
                        found = 1 << max(ints, default=0).bit_length() if ints else 1
                    elif auto:
                        found = max(ints, default=0) + 1
                    else:
                        found = constant_value(value, {})
                    wanted = {"IntEnum": int, "StrEnum": str}.get(kind or "", int | str)
                    plain = isinstance(found, wanted) and not isinstance(found, bool)
                    if flag:  # one bit each: a member's name is its bit's
                        plain = plain and isinstance(found, int) and 0 < found < 1 << 31
                        plain = plain and found & (found - 1) == 0  # type: ignore[operator]
                    if not plain or found in values:
                        kinds = "single-bit int" if flag else "int or str"
                        what = f"the member {node.name}.{name} (distinct {kinds} values)"
                        raise unsupported(file, item, what)
                    assert isinstance(found, int | str)
                    members.append(name)
                    values.append(found)
                case ast.Expr(value=ast.Constant(value=str())) | ast.Pass():
                    pass
                case _:
                    raise unsupported(file, item, f"a {node.name} body beyond members")
        if flag:
            ints = tuple(v for v in values if isinstance(v, int))
            found_type: EnumType | FlagType = FlagType(
                node.name, tuple(members), ints, kind == "IntFlag"
            )
        else:
            found_type = EnumType(node.name, tuple(members), tuple(values), kind != "Enum")
        self.enums[node.name] = found_type
        return found_type

    def enum_named(self, node: ast.expr, module: ModuleSource) -> EnumType | FlagType | None:
        """The enum a name in ``module`` refers to (``Color`` of ``Color.RED``)."""
        symbol = self.resolver.symbols.resolve(module, node)
        if isinstance(symbol, ClassSymbol) and self.enum_kind(symbol) is not None:
            return self.enum(symbol)
        return None

    def plain_class(self, symbol: ClassSymbol) -> StructType:
        node = symbol.node
        if node.name in self.layouts:
            found = self.layouts[node.name]
            if found is None:
                raise unsupported(symbol.module.file, node, f"class {node.name} holding itself")
            return found
        self.layouts[node.name] = None
        self.plain_classes[node.name] = symbol
        self.class_ids.setdefault(node.name, len(self.class_ids) + 1)
        base = self.base_class(symbol)
        base_type = self.plain_class(base) if isinstance(base, ClassSymbol) else None
        if base_type is not None:
            self.bases[node.name] = base_type.name
        origin = model.Origin(symbol.module.name, node.name, symbol.module.file, node.lineno)
        constructor = model.Function("__init__", (), None, kind="constructor")
        self.resolver.defs[node.name] = model.Resource(node.name, origin, constructor, ())
        self.layouts[node.name] = found = layout(node, symbol.module, self, base_type)
        return found

    def class_statement(self, t: StructType) -> tuple[ClassSymbol, dict[str, Method]] | None:
        """The class statement of a dataclass or plain class type, and its methods."""
        definition = self.defs.get(t.name) if t.name else None
        if definition is None or isinstance(definition, model.Enum | model.Flags):
            return None
        module = self.sources.get(definition.origin.module)
        if module is None or definition.origin.qualname not in module.classes:
            return None
        node = module.classes[definition.origin.qualname]
        return ClassSymbol(module, node), methods_of(node, module.file)

    def type_of(self, node: ast.expr, module: ModuleSource, function: str = "") -> Type:
        """The subset type ``node`` names in ``module`` (``None`` only as written: a result);
        a SubsetError at the annotation when it names none."""
        if isinstance(node, ast.Constant) and node.value is None:
            return NONE
        self._read_plain_classes(node, module)
        before = len(self.resolver.diagnostics)
        expr = self.resolver.annotation(node, AnnotationSite(module, function))
        spelled = ast.unparse(node)
        if expr is None:
            why = self.resolver.diagnostics[before].message
            raise SubsetError(module.file, node.lineno, f"the annotation {spelled!r}: {why}")
        found = self.of_model(expr)
        if found is None or found is NONE:
            what = f"the annotation {spelled!r}{self.why_outside(expr)}"
            raise unsupported(module.file, node, what)
        return found

    def why_outside(self, expr: model.TypeExpr | None) -> str:
        """What a message adds about a type the subset does not cover, when it knows why."""
        definition = self.defs.get(expr.name) if isinstance(expr, model.Named) else None
        if isinstance(definition, model.LiteralEnum):  # (one type per value inside)
            values = ", ".join(repr(v) for v in definition.values)
            return f" (Literal[{values}] mixes str and int values)"
        return ""

    def dataclass_info(self, t: StructType) -> DataclassInfo:
        """Frozen or not, and the defaults, of the dataclass ``t`` (it was defined by the
        resolver from a class statement of one of the modules given)."""
        definition = self.defs[t.name]
        module = self.sources.get(definition.origin.module)
        assert module is not None
        node = module.classes[definition.origin.qualname]
        frozen = self.is_named_tuple(t) or any(
            k.arg == "frozen" and isinstance(k.value, ast.Constant) and k.value.value is True
            for d in node.decorator_list
            if isinstance(d, ast.Call)
            for k in d.keywords
        )
        defaults = {
            s.target.id: s.value
            for s in node.body
            if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.value
        }
        return DataclassInfo(frozen, defaults, module.file)

    def is_named_tuple(self, t: object) -> bool:
        """Whether ``t`` is a ``NamedTuple`` class's record (a tuple too: indexed, unpacked)."""
        if not isinstance(t, StructType) or not t.name or t.name not in self.defs:
            return False
        definition = self.defs[t.name]
        return isinstance(definition, model.Record) and definition.python_kind == "namedtuple"

    def is_dataclass_statement(self, node: ast.ClassDef, module: ModuleSource) -> bool:
        """``@dataclass`` or ``@dataclass(frozen=True, ...)`` (options the subset accepts) on a
        class without bases, or ``class P(NamedTuple)`` (a frozen record whose fields are also
        its items)."""
        if len(node.bases) == 1 and not node.keywords and not node.decorator_list:
            base = self.resolver.symbols.resolve(module, node.bases[0])
            return base == Known("NamedTuple")
        if node.bases or node.keywords or len(node.decorator_list) != 1:
            return False
        decorator = node.decorator_list[0]
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        options = decorator.keywords if isinstance(decorator, ast.Call) else []
        if isinstance(decorator, ast.Call) and decorator.args:
            return False
        for option in options:
            value = option.value
            plain = isinstance(value, ast.Constant) and isinstance(value.value, bool)
            if option.arg not in DATACLASS_OPTIONS or not plain:
                return False
            if option.arg == "eq" and value.value is not True:  # type: ignore[union-attr]
                return False
        return self.resolver.symbols.resolve(module, target) == Known("dataclass")

    def dataclass_named(self, node: ast.expr, module: ModuleSource) -> StructType | None:
        """The dataclass or plain class a name in ``module`` refers to (a call of it
        constructs one)."""
        symbol = self.resolver.symbols.resolve(module, node)
        if not isinstance(symbol, ClassSymbol):
            return None
        if self.is_plain(symbol):
            return self.plain_class(symbol)
        try:
            found = self.type_of(node, module)
        except SubsetError:  # a class, but not one the subset constructs: the call says so
            return None
        return found if isinstance(found, StructType) and found.name else None


@dataclass(frozen=True)
class DataclassInfo:
    """What a dataclass's class statement says beyond its fields' types."""

    frozen: bool
    defaults: Mapping[str, ast.expr]  # field -> its default (``= 0`` or ``= field(...)``)
    file: str


#: ``@dataclass(...)`` options the subset accepts (``order``, ``kw_only``, ``init=False`` change
#: the class beyond what it compiles).
DATACLASS_OPTIONS = frozenset({"frozen", "slots", "repr", "eq", "unsafe_hash", "match_args"})


def _is_abc(node: ast.expr, module: ModuleSource) -> bool:
    """``ABC`` after ``from abc import ABC``, or ``abc.ABC`` after ``import abc``."""
    match node:
        case ast.Name(id=name) if name in module.imports:
            imported = module.imports[name]
            return (imported.module, imported.name) == ("abc", "ABC")
        case ast.Attribute(value=ast.Name(id=name), attr="ABC") if name in module.imports:
            imported = module.imports[name]
            return imported.module == "abc" and not imported.name
    return False


def _named_in(expr: model.TypeExpr | None) -> list[model.Named]:
    match expr:
        case model.Named():
            return [expr]
        case model.ListOf(element=e) | model.OptionOf(inner=e):
            return _named_in(e)
        case model.TupleOf(elements=elements):
            return [n for e in elements for n in _named_in(e)]
        case model.DictOf(key=k, value=v):
            return [*_named_in(k), *_named_in(v)]
    return []
