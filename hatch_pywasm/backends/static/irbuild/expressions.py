"""Expressions: typing, implicit widening (bool -> int -> float), operators, calls."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import ir
from ..errors import SubsetError
from ..support import formatspec
from ..types import (
    BOOL,
    BYTES,
    FLOAT,
    INT,
    NONE,
    STR,
    CaughtType,
    DictType,
    EnumType,
    FlagType,
    ListType,
    OptionType,
    SetType,
    StructType,
    Type,
    is_field_type,
    is_list_element,
    is_numeric,
    tuple_of,
    wasm_type,
)
from . import (
    bytestrings,
    closures,
    comprehensions,
    dicts,
    dispatch,
    enums,
    exceptions,
    flags,
    formatting,
    numeric_params,
    reprs,
    sequences,
    sets,
    strings,
    undefined,
)
from .builtins import BUILTINS, issubclass_of, print_call
from .common import (
    ARITH,
    BITWISE,
    COMPARE,
    INT_MAX,
    INT_MIN,
    INTRINSICS,
    LIBRARY_FUNCTIONS,
    LIBRARY_MODULE,
    MATH_CONSTANTS,
    MATH_FLOAT_EXACT,
    MATH_FLOAT_TO_INT,
    MATH_PREDICATES,
    MIRROR,
    constant_expr,
    default_value,
    literal,
    unsupported,
)

if TYPE_CHECKING:
    from .module import ModuleLowerer


#: The type of ``xs = []`` until the first ``xs.append(v)`` tells it (statements.py).
UNTYPED_LIST = ListType(NONE)


def untyped_list_appended(items: ast.expr, t: Type) -> EmptyListTyped:
    return EmptyListTyped(getattr(items, "id", ""), ListType(t))


class EmptyListTyped(Exception):
    """The first append to ``name = []`` showed the list's type: lower the function again
    with it (as mypy infers it from that append)."""

    def __init__(self, name: str, t: Type) -> None:
        super().__init__(name)
        self.name, self.type = name, t


class ExpressionLowering:
    """The expression half of :class:`~.statements.FunctionLowerer` (its state is set there)."""

    owner: ModuleLowerer
    file: str
    vars: dict[str, Type]
    assigned: frozenset[str]
    local_names: set[str]
    callees: set[tuple[str, str]]  # (module, function)
    temps: int
    renamed: dict[str, str]  # a comprehension's variable -> its hidden local
    class_names: dict[str, StructType]  # a classmethod's cls -> its class
    #: variables (and ``obj.attr`` reads, by their text) known not to be None here
    narrowed: dict[str, Type]
    node: ast.FunctionDef
    local_functions: dict[str, closures.LocalFunction]  # f = lambda ..., a nested def
    inlining: set[str]  # the local functions whose call is being inlined (no recursion)

    def error(self, node: ast.AST, message: str) -> SubsetError:
        raise NotImplementedError

    def temp(self, t: Type) -> str:
        raise NotImplementedError

    def expr(self, e: ast.expr) -> ir.Expr:
        match e:
            case ast.Constant(value=bool() as v):
                return ir.Const(v, BOOL)
            case ast.Constant(value=int() as v):
                if not INT_MIN <= v <= INT_MAX:
                    raise self.error(e, f"the integer {v} does not fit in 64 bits")
                return ir.Const(v, INT)
            case ast.Constant(value=float() as v):
                return ir.Const(v, FLOAT)
            case ast.Constant(value=str() as v):
                return ir.Const(v, STR)
            case ast.Constant(value=bytes() as v):
                return ir.Const(v, BYTES)
            case ast.Constant(value=None):
                return ir.Const(0, NONE)  # only where an optional value goes (coerce)
            case ast.Name():
                return self.name(e)
            case ast.BinOp(left=ast.List(elts=[item]), op=ast.Mult(), right=count):
                single = self.list_display([self.expr(item)], e)
                assert isinstance(single, ir.NewList)
                times = self.coerce(self.expr(count), INT, e, "a list repeat count")
                return ir.Op("list.repeat", (single.items[0], times), single.type)
            case ast.BinOp(left=left, op=ast.Pow(), right=right) if (
                (exponent := literal(right)) is not None
                and exponent.type is INT
                and int(exponent.value) < 0
            ):
                # int ** negative int is a float in Python: known here from the literal
                base = self.expr(left)
                if base.type in (INT, BOOL):
                    base = self.coerce(base, FLOAT, e, "")
                return self.binary(ast.Pow(), base, ir.Const(float(exponent.value), FLOAT), e)
            case ast.BinOp(left=left, op=op, right=right):
                return self.binary(op, self.expr(left), self.expr(right), e)
            case ast.UnaryOp(op=op, operand=operand):
                return self.unary(op, enums.plain(self, self.expr(operand), e), e)
            case ast.BoolOp(op=op, values=values):
                return self.logical("and" if isinstance(op, ast.And) else "or", values, e)
            case ast.Compare(left=left, ops=ops, comparators=rest):
                return self.compare(left, ops, rest, e)
            case ast.IfExp(test=test, body=body, orelse=orelse):
                t = self.truth(self.expr(test), test)
                a, b = self.branches(self.expr(body), self.expr(orelse), e)
                return ir.Cond(t, a, b, a.type)
            case ast.Call(func=ast.Name(id=name)) if name in self.local_functions:
                return closures.call(self, self.local_functions[name], e)
            case ast.Call(func=ast.Name(id=name)) if name in self.class_names:
                return self.construct_named(self.class_names[name], e)
            case ast.Call(func=ast.Name() as func) if (
                func.id not in self.vars and (cls := self.owner.dataclass_named(func)) is not None
            ):
                return self.construct_named(cls, e)
            case ast.Call(func=ast.Attribute(value=ast.Name(id=module)) as func) if (
                module not in self.vars and (cls := self.owner.dataclass_named(func)) is not None
            ):  # other.Class(...) after ``import other``
                return self.construct_named(cls, e)
            case ast.Call(func=ast.Attribute(value=owner, attr="append"), args=[ast.List(elts=[])],
                          keywords=[]):  # fmt: skip
                target = self.mutable_list(owner, "append()")  # xs.append([]): by the item type
                assert isinstance(target.type, ListType)
                item = self.expr_expecting(e.args[0], target.type.element)
                return ir.Op("list.append", (target, item), NONE)
            case ast.Call(func=ast.Name(id="any" | "all" as fold), keywords=[], args=[
                ast.GeneratorExp(elt=element, generators=[ast.comprehension(
                    target=ast.Name(id=var), iter=source, ifs=conditions, is_async=0)])
            ]) if fold not in self.vars and fold not in self.owner.defs:  # fmt: skip
                return self.comprehension(var, source, conditions, element, e, fold)
            case ast.Call(func=ast.Name(id="sum" | "min" | "max" | "list" as name), keywords=[],
                          args=[ast.GeneratorExp(elt=element, generators=generators)]) if (
                name not in self.vars and name not in self.owner.defs
            ):  # fmt: skip
                # consumed whole, a generator gives what the list comprehension gives
                items = self.expr(ast.copy_location(ast.ListComp(element, generators), e))
                return items if name == "list" else BUILTINS[name](self, [items], e)
            case ast.Call(func=ast.Name(id="list"), keywords=[], args=[ast.Call() as inner]) if (
                sequences.is_builtin_call(self, e, "list")
                and sequences.is_builtin_call(self, inner, "reversed")
            ):  # list(reversed(xs)) reads xs whole before any other code runs: a reversed copy
                return sequences.consumed_whole(self, inner)
            case ast.Call(
                func=ast.Name(id="isinstance"),
                args=[value, ast.Name() | ast.Tuple() as spec],
                keywords=[],
            ) if "isinstance" not in self.vars and (
                (classes := dispatch.project_classes(self, spec)) is not None
            ):  # fmt: skip  (isinstance(x, (A, B)) too)
                return dispatch.is_instance(self, self.expr(value), classes)
            case ast.Call(func=ast.Name(id="print")) if not {"print"} & (
                set(self.vars) | set(self.owner.defs)
            ):
                return print_call(self, e)
            case ast.Call(func=ast.Name(id="issubclass")) if "issubclass" not in self.vars and (
                (constant := issubclass_of(self, e)) is not None
            ):
                return constant
            case ast.Call(
                func=ast.Name(id="set" | "frozenset" as name), args=args, keywords=[]
            ) if name not in self.vars:
                return sets.constructor(self, args, None, e, frozen=name == "frozenset")
            case ast.Call(
                func=ast.Name(id="list"),
                args=[
                    ast.Call(
                        func=ast.Attribute(attr="keys" | "values" | "items"), args=[], keywords=[]
                    ) as view
                ],
                keywords=[],
            ) if "list" not in self.vars and "list" not in self.owner.defs:
                return sequences.iterated(self, view)  # list(d.items()): a new list (a dict's)
            case ast.Call(func=ast.Name(id="dict"), args=args) if (
                "dict" not in self.vars and "dict" not in self.owner.defs
            ):
                return dicts.constructor(self, args, e)
            case ast.Call(func=ast.Name(id="min" | "max" as name), keywords=[_, *_]) if (
                name not in self.vars and name not in self.owner.defs
            ):
                return sequences.extreme_by_key(self, name, e)
            case ast.Call(func=ast.Name(id="sorted" | "reversed" as name)) if (
                name not in self.vars and name not in self.owner.defs
            ):
                if name == "sorted":
                    return sequences.builtin_sorted(self, e)
                return sequences.reversed_of(self, e)
            case ast.Call(func=ast.Attribute(attr=attr) as func, args=args) if (
                attr != "append" and (method := self.method_call(func, args, e)) is not None
            ):
                return method
            case ast.Call(func=ast.Name(), args=[items], keywords=[]) if sequences.is_builtin_call(
                self, e, "tuple"
            ):  # list(items), a new list no other reference sees: the tuple of its items
                listed = self.expr(
                    ast.copy_location(ast.Call(ast.Name("list", ast.Load()), [items], []), e)
                )
                assert isinstance(listed.type, ListType)
                frozen = ListType(listed.type.element, frozen=True)
                return ir.Op("object.as_base", (listed,), frozen)
            case ast.Call(func=func, args=args, keywords=keywords):
                if any(isinstance(a, ast.Starred) for a in args) or any(
                    k.arg is None for k in keywords
                ):
                    raise unsupported(self.file, e, "a *argument or **argument")
                lowered = [self.expr(a) for a in args]
                named = [(str(k.arg), self.expr(k.value)) for k in keywords]
                return self.call(func, lowered, e, named)
            case ast.Attribute(value=ast.Name(id=mod), attr=attr) if mod in self.owner.math_names:
                if attr in MATH_CONSTANTS:
                    return ir.Const(MATH_CONSTANTS[attr], FLOAT)
            case ast.Subscript(value=ast.Name(id=base) as name, slice=index) if base not in (
                self.vars
            ) and isinstance(enum := self.owner.annotations.enum_named(name, self.owner.source),
                             EnumType):  # fmt: skip
                return enums.lookup(self, enum, self.expr(index), e, "name")
            case ast.Subscript(value=value, slice=index):
                return self.subscript(self.expr(value), index, e)
            case ast.List(elts=elements) | ast.Tuple(elts=elements) if any(
                isinstance(x, ast.Starred) for x in elements
            ):
                frozen = isinstance(e, ast.Tuple)
                return sequences.starred_display(self, elements, e, frozen)
            case ast.Tuple(elts=elements):
                items = tuple(self.expr(x) for x in elements)
                for item in items:
                    if not is_field_type(item.type):
                        raise unsupported(self.file, e, f"a tuple holding a {item.type}")
                return ir.NewStruct(items, tuple_of(tuple(i.type for i in items)))
            case ast.Attribute(value=ast.Name(id=base) as name, attr=attr) if base not in (
                self.vars
            ) and (enum := self.owner.annotations.enum_named(name, self.owner.source)):
                if attr not in enum.members:
                    raise self.error(e, f"{enum} has no member {attr!r}")
                if isinstance(enum, FlagType):
                    return flags.member(enum, attr)
                return ir.Const(enum.members.index(attr), enum)
            case ast.Attribute(value=ast.Name(id=base)) if base not in self.vars and (
                (imported := self.owner.imported_constant(e)) is not None
            ):
                return constant_expr(imported)
            case ast.Attribute(value=ast.Name(id=base) as name, attr=attr) if (
                base not in self.vars
                and (cls := self.class_names.get(base) or self.owner.dataclass_named(name))
                and (constant := dispatch.class_constant(self, cls, attr, e)) is not None
            ):
                return constant  # Class.attr of a class attribute
            case ast.Attribute(value=obj, attr=attr) if not (
                isinstance(obj, ast.Name) and obj.id in self.owner.math_names
            ):
                target = self.expr(obj)
                if isinstance(target.type, EnumType):
                    return self.enum_attribute(target, attr, e)
                if isinstance(target.type, FlagType):
                    return flags.attribute(self, target, attr, e)
                if isinstance(target.type, CaughtType):
                    return exceptions.attribute(self, target, attr, e)
                method = self.method_of(target.type, attr)
                if method is not None and method[1] == "property":
                    return dispatch.dispatch(self, target, attr, [], e)
                constant = dispatch.object_constant(self, target, attr, e)
                if constant is not None:  # obj.attr of a class attribute
                    return constant
                index, field_type = self.field(target, attr, e)
                read = ir.GetField(target, index, field_type)
                return unwrap(read) if ast.unparse(e) in self.narrowed else read
            case ast.Set():
                return sets.display(self, e)
            case ast.SetComp():
                return sets.comprehension(self, e)
            case ast.Dict():
                return dicts.display(self, e, None)
            case ast.DictComp():
                return dicts.comprehension(self, e)
            case ast.List(elts=[]):
                raise self.error(e, "an empty list needs a declared type: xs: list[int] = []")
            case ast.List(elts=elements):
                return self.list_display([self.expr(x) for x in elements], e)
            case ast.JoinedStr(values=parts):
                return self.f_string(parts, e)
            case ast.ListComp(elt=element) if clauses := comprehensions.generators_of(e):
                return comprehensions.lower(self, clauses, element, e)
        raise unsupported(self.file, e, f"the expression {ast.unparse(e)!r}")

    def comprehension(
        self,
        var: str,
        source: ast.expr | ir.Expr,
        conditions: list[ast.expr],
        element: ast.expr,
        node: ast.expr,
        fold: str | None = None,
    ) -> ir.Expr:
        """``[element for var in source if ...]`` (see :mod:`.comprehensions`); ``source`` may
        be a list already lowered."""
        clause = comprehensions.Generator(ast.Name(id=var), source, conditions)
        return comprehensions.lower(self, [clause], element, node, fold)

    def expr_expecting(self, node: ast.expr, expected: Type | None) -> ir.Expr:
        """An expression where a ``expected`` value goes: an empty list display takes its type."""
        if isinstance(node, ast.List) and not node.elts and isinstance(expected, ListType):
            return ir.NewList((), expected)
        if isinstance(node, ast.Dict) and isinstance(expected, DictType):
            return dicts.display(self, node, expected)
        empty_set = isinstance(node, ast.Call) and not node.args and not node.keywords
        if (
            empty_set
            and isinstance(expected, SetType)
            and ast.unparse(node) in ("set()", "frozenset()")
        ):
            frozen = ast.unparse(node) == "frozenset()"
            return sets.constructor(self, [], expected, node, frozen=frozen)
        return self.expr(node)

    def list_expr(self, node: ast.expr) -> ir.Expr:
        """An expression that must be a list (its type is then a ListType)."""
        items = self.expr(node)
        if not isinstance(items.type, ListType):
            raise sequences.not_a_list(self, items, node)
        return items

    def mutable_list(self, node: ast.expr, what: str) -> ir.Expr:
        """A list that ``what`` changes in place: not a ``tuple[T, ...]`` (CPython raises)."""
        items = self.list_expr(node)
        if isinstance(items.type, ListType) and items.type.frozen:
            raise self.error(node, f"{what} of a {items.type} (a tuple cannot change)")
        return items

    def list_display(self, items: list[ir.Expr], node: ast.AST) -> ir.Expr:
        element = items[0].type
        for item in items[1:]:
            element, _ = (x.type for x in self.unify(ir.Const(0, element), item, node))
        if not is_list_element(element):
            raise unsupported(self.file, node, f"a list of {element}")
        coerced = tuple(self.coerce(i, element, node, "a list item") for i in items)
        return ir.NewList(coerced, ListType(element))

    def field(
        self, target: ir.Expr, attr: str, node: ast.AST, assigned: bool = False
    ) -> tuple[int, Type]:
        """The index and type of a dataclass field (``assigned``: for a store into it)."""
        t = target.type
        frozen = isinstance(t, StructType) and t.name and self.is_frozen(t)
        if assigned and frozen and self.owner.annotations.is_named_tuple(t):
            what = f"assigning field {attr!r} of the NamedTuple {t}"
            raise unsupported(self.file, node, f"{what} (CPython raises AttributeError)")
        if assigned and frozen:
            what = f"assigning field {attr!r} of the frozen dataclass {t}"
            raise unsupported(self.file, node, f"{what} (CPython raises FrozenInstanceError)")
        if isinstance(t, StructType) and t.name:
            for index, (name, field_type) in enumerate(t.fields):
                if name == attr:
                    return index, field_type
            raise self.error(node, f"{t.name} has no field {attr!r}")
        raise unsupported(self.file, node, f"the attribute {attr!r} of a {t}")

    def narrowing(self, test: ast.expr) -> tuple[dict[str, Type], dict[str, Type]]:
        """What ``test`` proves not None when it is true, and when it is false: ``x is not
        None``, ``x is None``, ``not ...``, ``a and b`` (both true). ``x`` a variable, or an
        attribute read ``obj.attr`` (mypy narrows those too; see FunctionLowerer.if_)."""
        match test:
            case ast.Compare(left=subject, ops=[ast.Is() | ast.IsNot() as op],
                             comparators=[ast.Constant(value=None)]):  # fmt: skip
                t = self.optional_subject(subject)
                if t is None:
                    return {}, {}
                proven = {ast.unparse(subject): t}
                return ({}, proven) if isinstance(op, ast.Is) else (proven, {})
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                true, false = self.narrowing(operand)
                return false, true
            case ast.BoolOp(op=ast.And(), values=values):
                both: dict[str, Type] = {}
                for value in values:
                    both |= self.narrowing(value)[0]
                return both, {}
        return {}, {}

    def optional_subject(self, subject: ast.expr) -> Type | None:
        """The type of a variable or ``name.attr`` read whose value may be None."""
        match subject:
            case ast.Name(id=name):
                t = self.vars.get(self.renamed.get(name, name))
                return t if isinstance(t, OptionType) else None
            case ast.Attribute(value=ast.Name(id=name), attr=attr):
                t = self.vars.get(self.renamed.get(name, name))
                found = dict(t.fields).get(attr) if isinstance(t, StructType) else None
                return found if isinstance(found, OptionType) else None
        return None

    def construct_named(self, cls: StructType, node: ast.Call) -> ir.Expr:
        """``C(...)`` of a dataclass (its fields) or a plain class (its ``__init__``)."""
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise unsupported(self.file, node, "a *argument")
        if cls.name in self.owner.annotations.layouts:
            return self.construct_object(cls, node)
        # a field's type lets an empty list [] be an argument (it has no type of its own)
        args = node.args
        expected = [t for _, t in cls.fields] + [None] * max(len(args) - len(cls.fields), 0)
        lowered = [self.expr_expecting(a, t) for a, t in zip(args, expected, strict=False)]
        return self.construct(cls, lowered, node)

    def construct_object(self, cls: StructType, node: ast.Call) -> ir.Expr:
        """``C(args)`` of a plain class: a new object, then ``C.__init__(obj, args)``. The
        slots start as zeros; the layout proved __init__ sets each before anything reads it."""
        line = node.lineno
        obj = self.temp(cls)
        annotations = self.owner.annotations
        abstract = dispatch.abstract_methods(annotations, cls)
        if abstract:
            what = f"instantiating the abstract class {cls.name} (CPython raises TypeError)"
            raise unsupported(self.file, node, what)
        number = ir.Const(annotations.class_ids[cls.name], INT)
        zeros = (number, *(_zero(t) for _, t in cls.fields[1:]))
        fill: tuple[ir.Stmt, ...] = (ir.Assign(obj, ir.NewStruct(zeros, cls), line),)
        init = self.method_of(cls, "__init__")
        if init is None:  # no __init__ anywhere: a class of methods only
            if node.args or node.keywords:
                raise self.error(node, f"{cls.name}() takes no arguments")
            return ir.Block(fill, ir.Name(obj, cls), cls)
        key, _, lowerer = init
        params = [t for _, t in lowerer.signature(key).params[1:]]
        args = [
            self.expr_expecting(a, t)
            for a, t in zip(node.args, params + [None] * len(node.args), strict=False)
        ]
        receiver = self.coerce(ir.Name(obj, cls), lowerer.signature(key).params[0][1], node, "")
        call = self.call_function(key, [receiver, *args], node, lowerer, self.keywords(node))
        return ir.Block((*fill, ir.Eval(call, line)), ir.Name(obj, cls), cls)

    def method_of(self, t: Type, attr: str) -> tuple[str, str, ModuleLowerer] | None:
        """The method ``attr`` of the class of ``t``: (its key, its kind, its module)."""
        if not isinstance(t, StructType) or not t.name:
            return None
        found = self.owner.annotations.class_statement(t)
        if found is not None and attr not in found[1]:  # inherited?
            base = self.owner.annotations.base_type(t)
            return self.method_of(base, attr) if base is not None else None
        if found is None:
            return None
        symbol, methods = found
        return (
            methods[attr].name,
            methods[attr].kind,
            self.owner.program.lowerer(symbol.module.name),
        )

    def method_call(
        self, func: ast.Attribute, args: list[ast.expr], node: ast.AST
    ) -> ir.Expr | None:
        """``obj.method(...)``, ``Class.static(...)``, ``Class.make(...)`` (a classmethod), or
        None when ``func`` is not a method."""
        receiver = func.value
        local = isinstance(receiver, ast.Name) and (
            self.renamed.get(receiver.id, receiver.id) in self.vars
        )  # (a comprehension's variable is a hidden local)
        if isinstance(receiver, ast.Name) and not local:
            cls = self.class_names.get(receiver.id) or self.owner.dataclass_named(receiver)
            if cls is not None:
                method = self.method_of(cls, func.attr)
                if method is None or method[1] not in ("static", "class"):
                    raise unsupported(self.file, node, f"calling {ast.unparse(func)}")
                lowered = [self.expr(a) for a in args]
                return self.call_function(method[0], lowered, node, method[2], self.keywords(node))
        if isinstance(receiver, ast.Call) and ast.unparse(receiver) == "super()":
            return dispatch.call_super(self, func.attr, args, node)
        if isinstance(receiver, ast.Name) and (receiver.id in self.owner.math_names or not local):
            return None
        obj = self.expr(receiver)
        if isinstance(obj.type, DictType):
            return dicts.method(self, obj, func.attr, args, node)
        if isinstance(obj.type, SetType):
            return sets.method(self, obj, func.attr, args, node)
        if isinstance(obj.type, ListType) and func.attr in sequences.LIST_METHODS:
            return sequences.list_method(self, obj, func.attr, args, node)
        if obj.type is STR and func.attr != "format":  # str.format: in call(), with keywords
            try:
                keywords = node.keywords if isinstance(node, ast.Call) else []
                args = strings.positional(func.attr, args, keywords)
            except ValueError as error:
                raise unsupported(self.file, node, str(error)) from None
            return strings.method(self, obj, func.attr, args, node)
        method = self.method_of(obj.type, func.attr)
        if method is None and func.attr in ("__repr__", "__str__") and not args:  # generated
            return self.to_str(obj, node) if func.attr == "__str__" else reprs.text(self, obj, node)
        if method is None:
            return None
        key, kind, lowerer = method
        if kind == "property":
            raise unsupported(self.file, node, f"calling the property {ast.unparse(func)}")
        if kind in ("method", "abstract"):
            return dispatch.dispatch(self, obj, func.attr, args, node)
        lowered = [self.expr(a) for a in args]
        return self.call_function(key, lowered, node, lowerer, self.keywords(node))

    def keywords(self, node: ast.AST) -> list[tuple[str, ir.Expr]]:
        """A call's keyword arguments, lowered in source order."""
        assert isinstance(node, ast.Call)
        if any(k.arg is None for k in node.keywords):
            raise unsupported(self.file, node, "a **argument")
        return [(str(k.arg), self.expr(k.value)) for k in node.keywords]

    def is_frozen(self, t: StructType) -> bool:
        return self.owner.annotations.dataclass_info(t).frozen

    def construct(self, cls: StructType, args: list[ir.Expr], node: ast.Call) -> ir.Expr:
        """``Point(x, y=...)``: arguments by position, then by keyword, every field given."""
        given: dict[str, ir.Expr] = {}
        for (name, _), arg in zip(cls.fields, args, strict=False):
            given[name] = arg
        if len(args) > len(cls.fields):
            raise self.error(node, f"{cls.name}() takes {len(cls.fields)} arguments")
        for keyword in node.keywords:
            if keyword.arg is None or keyword.arg in given:
                raise self.error(node, f"{cls.name}(): bad or repeated keyword {keyword.arg!r}")
            field_type = dict(cls.fields).get(keyword.arg)
            given[keyword.arg] = self.expr_expecting(keyword.value, field_type)
        info = self.owner.annotations.dataclass_info(cls)
        for name, t in cls.fields:
            if name not in given and name in info.defaults:
                what = f"the default of field {name!r}"
                given[name] = default_value(info.defaults[name], t, info.file, what)
        missing = [n for n, _ in cls.fields if n not in given]
        if missing or set(given) - {n for n, _ in cls.fields}:
            raise self.error(
                node, f"{cls.name}() needs exactly the fields {[n for n, _ in cls.fields]}"
            )
        items = tuple(self.coerce(given[n], t, node, f"field {n!r}") for n, t in cls.fields)
        return ir.NewStruct(items, cls)

    def subscript(self, value: ir.Expr, index: ast.expr, node: ast.AST) -> ir.Expr:
        if isinstance(value.type, DictType):
            return dicts.get_item(self, value, index, node)
        if sequences.is_tuple_like(self, value.type):
            return sequences.tuple_subscript(self, value, index, node)
        if value.type is BYTES:
            return bytestrings.subscript(self, value, index, node)
        if isinstance(value.type, ListType) and not isinstance(index, ast.Slice):
            position = self.coerce(self.expr(index), INT, node, "a list index")
            return ir.Op("list.get", (value, position), value.type.element)
        if value.type is not STR and not isinstance(value.type, ListType):
            raise unsupported(self.file, node, f"indexing a {value.type}")
        if isinstance(index, ast.Slice):
            return sequences.slice_of(self, value, index)
        position = self.coerce(self.expr(index), INT, node, "a string index")
        return ir.Op("str.index", (value, position), STR)

    def f_string(self, parts: list[ast.expr], node: ast.AST) -> ir.Expr:
        pieces: list[ir.Expr] = []
        for part in parts:
            match part:
                case ast.Constant(value=str() as text):
                    pieces.append(ir.Const(text, STR))
                case ast.FormattedValue(value=value, conversion=-1, format_spec=None):
                    pieces.append(self.to_str(self.expr(value), part))
                case ast.FormattedValue(value=value, conversion=conversion, format_spec=None):
                    pieces.append(formatting.convert(self, self.expr(value), chr(conversion), part))
                case ast.FormattedValue(
                    value=value, conversion=-1, format_spec=ast.JoinedStr(values=spec)
                ) if all(isinstance(c, ast.Constant) for c in spec):
                    text = "".join(str(c.value) for c in spec if isinstance(c, ast.Constant))
                    pieces.append(self.formatted(self.expr(value), text, part))
                case _:
                    raise unsupported(self.file, part, "a conversion or format spec in an f-string")
        return formatting.concatenation(pieces)

    def formatted(self, expr: ir.Expr, spec: str, node: ast.AST) -> ir.Expr:
        """An int or float with a constant format spec: the spec read now into the arguments
        of the math library's _format_float or _format_int (support/formatspec.py)."""
        if spec == "":
            return self.to_str(expr, node)
        if expr.type is STR:
            return self.formatted_str(expr, spec, node)
        if expr.type is not INT and expr.type is not FLOAT:
            raise unsupported(self.file, node, f"a format spec on a {expr.type} value")
        try:
            parsed = formatspec.parse(spec, expr.type is FLOAT)
        except ValueError as error:
            raise self.error(node, f"format spec {spec!r}: {error}") from None
        helper, t = ("_format_float", FLOAT) if parsed.float else ("_format_int", INT)
        arguments = [self.coerce(expr, t, node, "")]
        for v in (parsed.kind, *parsed.arguments()):
            arguments.append(ir.Const(v, STR if isinstance(v, str) else INT))
        self.owner.library_calls.add(helper)
        return ir.Call(helper, tuple(arguments), STR, LIBRARY_MODULE)

    def formatted_str(self, expr: ir.Expr, spec: str, node: ast.AST) -> ir.Expr:
        """A str with a constant format spec: the math library's _str_format."""
        try:
            fill, align, width, precision = formatspec.parse_str(spec)
        except ValueError as error:
            raise self.error(node, f"format spec {spec!r}: {error}") from None
        arguments = (
            expr,
            ir.Const(fill, STR),
            *(ir.Const(v, INT) for v in (align, width, precision)),
        )
        self.owner.library_calls.add("_str_format")
        return ir.Call("_str_format", arguments, STR, LIBRARY_MODULE)

    def to_str(self, expr: ir.Expr, node: ast.AST) -> ir.Expr:
        """str() of an int, float (its shortest repr, from the math library), bool or str."""
        if expr.type is STR:
            return expr
        if expr.type is INT:
            return ir.Op("int.to_str", (expr,), STR)
        if expr.type is FLOAT:
            self.owner.library_calls.add("_float_repr")
            return ir.Call("_float_repr", (expr,), STR, LIBRARY_MODULE)
        if expr.type is BOOL:
            return ir.Cond(expr, ir.Const("True", STR), ir.Const("False", STR), STR)
        if isinstance(expr.type, CaughtType):  # its message, as CPython's str(e)
            return ir.Op("exc.str", (expr,), STR)
        if isinstance(expr.type, ListType | StructType):  # their str() is their repr()
            return reprs.text(self, expr, node)
        if isinstance(expr.type, FlagType):
            return flags.text(self, expr, node, "str")
        if isinstance(expr.type, EnumType):
            return enums.text(self, expr, "str")
        raise unsupported(self.file, node, f"str() of a {expr.type}")

    def name(self, e: ast.Name) -> ir.Expr:
        if e.id in self.renamed:
            hidden = self.renamed[e.id]
            found = ir.Name(hidden, self.vars[hidden])
            return unwrap(found) if e.id in self.narrowed else found
        t = self.vars.get(e.id)
        if t is None and e.id not in self.local_names and e.id in self.owner.constants:
            return constant_expr(self.owner.constants[e.id])
        if t is None and e.id not in self.local_names:
            imported = self.owner.imported_constant(e)
            if imported is not None:
                return constant_expr(imported)
        if (
            t is None
            and e.id not in self.local_names
            and isinstance(
                enum := self.owner.annotations.enum_named(e, self.owner.source), EnumType
            )
        ):
            return enums.members(enum)
        if t is None and e.id in self.local_functions:
            message = "only calls of it (and key=...) compile: a function object does not"
            raise self.error(e, f"the local function {e.id!r} used as a value ({message})")
        if t is None and e.id not in self.local_names and self.owner.dataclass_named(e):
            what = "(it compiles called, or in isinstance(x, C) / isinstance(x, (C, D)) of such)"
            raise unsupported(self.file, e, f"the class {e.id!r} used as a value {what}")
        if t is None:
            if e.id in self.local_names:
                raise self.error(e, f"{e.id!r} is used before it is assigned")
            raise unsupported(self.file, e, f"the global name {e.id!r}")
        if e.id not in self.assigned:
            raise self.error(e, f"{e.id!r} may be used before it is assigned on some path")
        if e.id in self.narrowed:
            return unwrap(ir.Name(e.id, t))
        return ir.Name(e.id, t)

    def coerce(self, expr: ir.Expr, to: Type, node: ast.AST, what: str) -> ir.Expr:
        """Implicit widening, as Python's numeric tower allows: bool -> int -> float; a value
        or None where an optional value goes."""
        if expr.type == to:
            return expr
        if isinstance(to, OptionType) and expr.type is NONE:
            return ir.Const(0, to)
        if isinstance(to, OptionType) and not isinstance(expr.type, OptionType):
            value = self.coerce(expr, to.inner, node, what)
            if to.boxed:
                return ir.Op(f"option.box.{wasm_type(to.inner)}", (value,), to)
            return ir.Op("option.some", (value,), to)
        if to is FLOAT and expr.type in (INT, BOOL):
            return ir.Op(f"{expr.type}.to_float", (expr,), FLOAT)
        if to is INT and expr.type is BOOL:
            return ir.Op("bool.to_int", (expr,), INT)
        if self.owner.annotations.is_subclass(expr.type, to):
            return ir.Op("object.as_base", (expr,), to)  # the same address
        fresh = isinstance(expr, ir.NewList | ir.Block)  # no other reference can see its items
        lists = isinstance(to, ListType) and isinstance(expr.type, ListType)
        if fresh and lists and self.owner.annotations.is_subclass(expr.type.element, to.element):  # type: ignore[union-attr]
            return ir.Op("object.as_base", (expr,), to)
        raise self.error(node, f"{what} is {expr.type}, expected {to}")

    def branches(self, a: ir.Expr, b: ir.Expr, node: ast.AST) -> tuple[ir.Expr, ir.Expr]:
        """The two values of ``a if c else b`` in one type: as unify, optional when one is
        None or optional (``x if c else None``), or the base class when one's class derives
        from the other's."""
        optional = [t for t in (a.type, b.type) if isinstance(t, OptionType)]
        if a.type != b.type and (optional or NONE in (a.type, b.type)):
            to = optional[0] if optional else OptionType(b.type if a.type is NONE else a.type)
            if is_list_element(to.inner):
                return self.coerce(a, to, node, "a value"), self.coerce(b, to, node, "a value")
        if self.owner.annotations.is_subclass(a.type, b.type):  # ``Sub() if c else Base()``
            return self.coerce(a, b.type, node, "a value"), b
        if self.owner.annotations.is_subclass(b.type, a.type):
            return a, self.coerce(b, a.type, node, "a value")
        return self.unify(a, b, node)

    def unify(self, a: ir.Expr, b: ir.Expr, node: ast.AST) -> tuple[ir.Expr, ir.Expr]:
        """Bring two operands to one type (bool < int < float); None and other pairs fail."""
        if a.type == b.type:
            return a, b
        if not (is_numeric(a.type) and is_numeric(b.type)):
            raise self.error(node, f"operands of types {a.type} and {b.type} do not mix")
        to = FLOAT if FLOAT in (a.type, b.type) else INT
        return self.coerce(a, to, node, "an operand"), self.coerce(b, to, node, "an operand")

    def truth(self, expr: ir.Expr, node: ast.AST) -> ir.Expr:
        if expr.type is BOOL:
            return expr
        if expr.type in (INT, FLOAT, STR):
            return ir.Op(f"{expr.type}.truth", (expr,), BOOL)
        if expr.type is BYTES:  # a non-empty byte length, as a str's
            return ir.Op("str.truth", (expr,), BOOL)
        if isinstance(expr.type, ListType):
            return ir.Op("list.truth", (expr,), BOOL)
        if isinstance(expr.type, DictType):
            return ir.Op("int.truth", (dicts.length(expr),), BOOL)
        if isinstance(expr.type, SetType):
            return sets.truth(expr)
        if isinstance(expr.type, FlagType):
            return flags.truth(expr)
        if isinstance(expr.type, EnumType):  # an IntEnum's or StrEnum's is its value's
            plain = enums.plain(self, expr, node)
            if plain.type != expr.type:
                return self.truth(plain, node)
            return ir.Block(
                (ir.Eval(expr, getattr(node, "lineno", 0)),), ir.Const(True, BOOL), BOOL
            )
        raise self.error(node, f"a {expr.type} value has no truth value here")

    def binary(self, op: ast.operator, left: ir.Expr, right: ir.Expr, node: ast.AST) -> ir.Expr:
        left, right = enums.plain(self, left, node), enums.plain(self, right, node)
        if isinstance(left.type, SetType) or isinstance(right.type, SetType):
            return sets.binary(self, op, left, right, node)
        if isinstance(left.type, DictType) or isinstance(right.type, DictType):
            return dicts.binary(self, op, left, right, node)
        if type(op) in BITWISE:
            name = BITWISE[type(op)]
            if (flag := flags.binary(self, name, left, right, node)) is not None:
                return flag
            if left.type is BOOL and right.type is BOOL and name in ("and", "or", "xor"):
                return ir.Op(f"bool.{name}", (left, right), BOOL)
            a = self.coerce(left, INT, node, "a bitwise operand")
            b = self.coerce(right, INT, node, "a bitwise operand")
            return ir.Op(f"int.{name}", (a, b), INT)
        if type(op) not in ARITH:
            raise unsupported(self.file, node, f"the operator {type(op).__name__}")
        name = ARITH[type(op)]
        if BYTES in (left.type, right.type):
            return bytestrings.binary(self, op, left, right, node)
        if STR in (left.type, right.type):
            if name == "add" and left.type is STR and right.type is STR:
                return ir.Op("str.add", (left, right), STR)
            if name == "mul" and {left.type, right.type} in ({STR, INT}, {STR, BOOL}):
                return strings.repeat(self, left, right, node)
            raise unsupported(self.file, node, f"the operator {type(op).__name__} on str")
        wholes = (ListType, StructType)
        if name == "add" and isinstance(left.type, wholes) and isinstance(right.type, wholes):
            return sequences.concatenation(self, left, right, node)
        if isinstance(left.type, wholes) or isinstance(right.type, wholes):  # xs * n, xs - ys
            kinds = f"{left.type} and {right.type}"
            raise unsupported(self.file, node, f"the operator {type(op).__name__} on {kinds}")
        a, b = self.unify(left, right, node)
        if not is_numeric(a.type):  # two enums, dicts, ... of one type
            raise unsupported(self.file, node, f"the operator {type(op).__name__} on {a.type}")
        if a.type is BOOL:
            a, b = self.coerce(a, INT, node, ""), self.coerce(b, INT, node, "")
        if name == "div" and a.type is INT:
            return ir.Op("int.truediv", (a, b), FLOAT)
        if name == "pow" and a.type is FLOAT:
            self.owner.library_calls.add("_power")
            return ir.Call("_power", (a, b), FLOAT, LIBRARY_MODULE)
        return ir.Op(f"{a.type}.{name}", (a, b), a.type)

    def unary(self, op: ast.unaryop, operand: ir.Expr, node: ast.AST) -> ir.Expr:
        if isinstance(op, ast.Not):
            return ir.Op("bool.not", (self.truth(operand, node),), BOOL)
        if operand.type is BOOL:
            operand = self.coerce(operand, INT, node, "")
        if isinstance(operand.type, FlagType) and isinstance(op, ast.Invert):
            return flags.invert(self, operand, node)
        if not is_numeric(operand.type):
            raise self.error(node, f"unary operator on a {operand.type} value")
        match op:
            case ast.UAdd():
                return operand
            case ast.USub():
                return ir.Op(f"{operand.type}.neg", (operand,), operand.type)
            case ast.Invert() if operand.type is INT:
                return ir.Op("int.invert", (operand,), INT)
        raise unsupported(self.file, node, f"the operator {type(op).__name__} on float")

    def logical(self, op: str, values: list[ast.expr], node: ast.AST) -> ir.Expr:
        operands = []
        saved = dict(self.narrowed)
        for k, value in enumerate(values):  # in ``a and b``, b sees what a being true proves
            operands.append(self.expr(value))
            true, false = self.narrowing(value)
            self.narrowed.update(stable(true if op == "and" else false, values[k + 1 :]))
        self.narrowed = saved
        if len({o.type for o in operands}) != 1:
            kinds = " and ".join(sorted({str(o.type) for o in operands}))
            raise self.error(node, f"the operands of '{op}' have different types ({kinds})")
        result = operands[-1]
        for left in reversed(operands[:-1]):
            result = ir.Logical(op, left, result, left.type)
        return result

    def compare(
        self, left: ast.expr, ops: list[ast.cmpop], rest: list[ast.expr], node: ast.AST
    ) -> ir.Expr:
        """``a < b < c`` is ``a < (t := b) and t < c``: each middle operand evaluated once."""
        if len(ops) == 1 and isinstance(ops[0], ast.Is | ast.IsNot):
            return self.is_none(left, ops[0], rest[0], node)
        tests: list[ir.Expr] = []
        a = self.expr(left)
        for i, (op, right) in enumerate(zip(ops, rest, strict=True)):
            b = self.expr_expecting(right, a.type)  # (d == {}, xs == [])
            if i < len(ops) - 1:
                temp = self.temp(b.type)
                b, next_left = ir.Tee(temp, b, b.type), ir.Name(temp, b.type)
            if isinstance(op, ast.In | ast.NotIn) and (
                isinstance(b.type, FlagType) or enums.is_members(b)
            ):
                found = (flags if isinstance(b.type, FlagType) else enums).contains(
                    self, a, b, node
                )
                tests.append(found if isinstance(op, ast.In) else ir.Op("bool.not", (found,), BOOL))
            elif isinstance(op, ast.In | ast.NotIn) and isinstance(b.type, DictType | SetType):
                found = (
                    dicts.contains(self, a, b, node)
                    if isinstance(b.type, DictType)
                    else sets.contains(self, a, b, node)
                )
                tests.append(found if isinstance(op, ast.In) else ir.Op("bool.not", (found,), BOOL))
            elif isinstance(op, ast.In | ast.NotIn) and (
                (a.type is b.type and a.type in (STR, BYTES))  # a substring: byte-wise
                or isinstance(b.type, ListType)
                or sequences.is_tuple(b.type)
            ):
                found = (
                    sequences.contains(self, a, b, node)
                    if isinstance(b.type, ListType)
                    else sequences.tuple_contains(self, a, b, node)
                    if sequences.is_tuple(b.type)
                    else ir.Op("str.contains", (b, a), BOOL)
                )
                in_ = isinstance(op, ast.In)
                tests.append(found if in_ else ir.Op("bool.not", (found,), BOOL))
            elif type(op) in COMPARE:
                tests.append(self.compare_pair(COMPARE[type(op)], a, b, node))
            else:
                raise unsupported(self.file, node, f"the comparison {type(op).__name__} here")
            if i < len(ops) - 1:
                a = next_left
        result = tests[-1]
        for t in reversed(tests[:-1]):
            result = ir.Logical("and", t, result, BOOL)
        return result

    def enum_attribute(self, member: ir.Expr, attr: str, node: ast.AST) -> ir.Expr:
        """``member.name`` / ``member.value``."""
        t = member.type
        assert isinstance(t, EnumType)
        if attr == "value":
            return enums.value(self, member, node)
        if attr != "name":
            raise unsupported(self.file, node, f"the attribute {attr!r} of an enum member")
        return enums.table(self, member, t.members, STR)

    def is_none(self, left: ast.expr, op: ast.cmpop, right: ast.expr, node: ast.AST) -> ir.Expr:
        """``x is None`` / ``x is not None`` of an optional value (the only ``is`` compiled:
        the subset's values have no identity to compare otherwise)."""
        none = [x for x in (left, right) if isinstance(x, ast.Constant) and x.value is None]
        if not none:  # ``a is b`` of two members of one enum: members are singletons
            a, b = self.expr(left), self.expr(right)
            if isinstance(a.type, EnumType | FlagType) and a.type == b.type:  # (flag values too)
                return ir.Op(f"enum.{'eq' if isinstance(op, ast.Is) else 'ne'}", (a, b), BOOL)
        if len(none) != 1:
            raise unsupported(self.file, node, f"the comparison {ast.unparse(node)!r}")
        value = self.expr(right if none[0] is left else left)
        if not isinstance(value.type, OptionType):
            raise unsupported(self.file, node, f"'is None' of a {value.type} (never None)")
        found = ir.Op("option.is_none", (value,), BOOL)
        return found if isinstance(op, ast.Is) else ir.Op("bool.not", (found,), BOOL)

    def compare_pair(self, op: str, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
        if isinstance(a.type, SetType) or isinstance(b.type, SetType):
            return sets.compare(self, op, a, b, node)
        if isinstance(a.type, DictType) or isinstance(b.type, DictType):
            return dicts.equality(self, op, a, b, node)
        if a.type != b.type or op not in ("eq", "ne"):  # an IntEnum/StrEnum member: its value
            a, b = enums.plain(self, a, node), enums.plain(self, b, node)
        if isinstance(a.type, EnumType | FlagType) or isinstance(b.type, EnumType | FlagType):
            if a.type != b.type or op not in ("eq", "ne"):
                raise unsupported(self.file, node, f"comparing a {a.type} with a {b.type} this way")
            return ir.Op(f"enum.{op}", (a, b), BOOL)
        if a.type is STR and b.type is STR:
            return ir.Op(f"str.{op}", (a, b), BOOL)
        if BYTES in (a.type, b.type):
            return bytestrings.compare(self, op, a, b, node)
        if any(isinstance(t, StructType) and t.name in self.owner.annotations.layouts
               for t in (a.type, b.type)):  # fmt: skip
            return dispatch.object_equality(self, op, a, b, node)
        if isinstance(a.type, ListType | StructType) or isinstance(b.type, ListType | StructType):
            return sequences.equality(self, op, a, b, node)
        if not (is_numeric(a.type) and is_numeric(b.type)):
            raise self.error(node, f"cannot compare {a.type} with {b.type}")
        # An int compared with a float is compared exactly, as CPython does (not via float()).
        if {a.type, b.type} == {INT, FLOAT} or {a.type, b.type} == {BOOL, FLOAT}:
            if a.type is FLOAT:
                a, b, op = b, a, MIRROR[op]
            return ir.Op(f"int_float.{op}", (self.coerce(a, INT, node, ""), b), BOOL)
        a, b = self.unify(a, b, node)
        if a.type is BOOL:
            a, b = self.coerce(a, INT, node, ""), self.coerce(b, INT, node, "")
        return ir.Op(f"{a.type}.{op}", (a, b), BOOL)

    # -- calls --------------------------------------------------------------------------------

    def call(
        self,
        func: ast.expr,
        args: list[ir.Expr],
        node: ast.AST,
        keywords: Sequence[tuple[str, ir.Expr]] = (),
    ) -> ir.Expr:
        if isinstance(func, ast.Attribute) and func.attr == "format":
            template = self.expr(func.value)
            if isinstance(template, ir.Const) and template.type is STR:
                return formatting.str_format(self, str(template.value), args, keywords, node)
        intrinsic = self.owner.intrinsics and isinstance(func, ast.Name) and func.id in INTRINSICS
        local = isinstance(func, ast.Name) and func.id in self.owner.defs and not intrinsic
        if local and isinstance(func, ast.Name) and func.id not in self.vars:
            return self.call_function(func.id, args, node, keywords=keywords)
        imported = None if isinstance(func, ast.Name) and func.id in self.vars else (
            self.owner.imported_function(func)
        )  # fmt: skip
        if imported is not None:
            return self.call_function(imported[1], args, node, imported[0], keywords)
        if keywords:
            raise unsupported(self.file, node, f"keyword arguments of {ast.unparse(func)}")
        match func:
            case ast.Name(id=name) if self.owner.intrinsics and name in INTRINSICS:
                op, arguments, result = INTRINSICS[name]
                if len(args) != len(arguments):
                    raise self.error(node, f"{name}() takes {len(arguments)} argument(s)")
                coerced = (
                    self.coerce(a, t, node, "an argument")
                    for a, t in zip(args, arguments, strict=True)
                )
                return ir.Op(op, tuple(coerced), result)
            case ast.Attribute(value=items, attr="append") if len(args) == 1:
                if self.vars.get(getattr(items, "id", "")) == UNTYPED_LIST:
                    raise untyped_list_appended(items, args[0].type)
                target = self.mutable_list(items, "append()")
                assert isinstance(target.type, ListType)
                value = self.coerce(args[0], target.type.element, node, "the appended value")
                return ir.Op("list.append", (target, value), NONE)
            case ast.Name(id=name) if name in self.owner.math_functions and name not in self.vars:
                return self.call_math(self.owner.math_functions[name], args, node)
            case ast.Name(id=name) if name in enums.AS_VALUES and name not in self.vars:
                return BUILTINS[name](self, [enums.plain(self, a, node) for a in args], node)
            case ast.Name(id=name) if name in BUILTINS:
                return BUILTINS[name](self, args, node)
            case ast.Attribute(value=ast.Name(id=mod), attr=attr) if mod in self.owner.math_names:
                return self.call_math(attr, args, node)
            case ast.Name(id=name) if (
                name not in self.vars
                and len(args) == 1
                and isinstance(
                    enum := self.owner.annotations.enum_named(func, self.owner.source), EnumType
                )
            ):
                return enums.lookup(self, enum, args[0], node, "value")
            case ast.Name(id=name) if undefined.is_undefined(self, name):
                what = f"calling {name}, which the module does not define, after other work"
                raise unsupported(self.file, node, f"{what} (CPython raises NameError there)")
        raise unsupported(self.file, node, f"calling {ast.unparse(func)}")

    def call_function(
        self,
        name: str,
        args: list[ir.Expr],
        node: ast.AST,
        owner: ModuleLowerer | None = None,
        keywords: Sequence[tuple[str, ir.Expr]] = (),
    ) -> ir.Expr:
        """A call of a function of this module, or of ``owner`` (another of the program):
        arguments by position, then by keyword, then the defaults (as CPython binds them)."""
        owner = owner or self.owner
        sig = owner.signature(name)
        shown = name.removesuffix(".__init__")
        if len(args) > sig.positional:
            raise self.error(node, f"{shown}() takes {sig.positional} positional arguments but "
                             f"{len(args)} were given")  # fmt: skip
        names = [p for p, _ in sig.params]
        bound = dict(zip(names, args, strict=False))
        line = getattr(node, "lineno", 0)
        staged: list[ir.Stmt] = []
        for p, _ in keywords:
            if p in bound:
                raise self.error(node, f"{shown}() got multiple values for argument {p!r}")
            if p not in names:
                raise self.error(node, f"{shown}() got an unexpected keyword argument {p!r}")
            bound[p] = ir.Const(0, INT)  # (placed below)
        if keywords:  # evaluated in source order into temporaries, passed in parameter order
            for p, arg in [*zip(names, args, strict=False), *keywords]:
                held = self.temp(arg.type)
                staged.append(ir.Assign(held, arg, line))
                bound[p] = ir.Name(held, arg.type)
        defaults = dict(sig.defaults)
        for p in names:
            if p not in bound and p in defaults:
                bound[p] = constant_expr(defaults[p])
        missing = [p for p in names if p not in bound]
        if missing:
            raise self.error(node, f"{shown}() missing required argument {missing[0]!r}")
        name, sig = numeric_params.specialised(owner, name, bound, f"{self.file}:{line}")
        coerced = tuple(
            self.coerce(bound[p], t, node, f"argument {p!r} of {shown}()") for p, t in sig.params
        )
        self.callees.add((owner.module, name))
        module = owner.module if owner is not self.owner else None
        call = ir.Call(name, coerced, sig.result, module)
        return ir.Block(tuple(staged), call, call.type) if staged else call

    def numeric_args(self, name: str, args: list[ir.Expr], node: ast.AST, count: int) -> None:
        if len(args) != count:
            raise self.error(node, f"{name}() takes {count} argument(s) here, {len(args)} given")
        for a in args:
            if not is_numeric(a.type):
                raise self.error(node, f"{name}() of a {a.type} value")

    def call_math(self, attr: str, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
        if attr in MATH_FLOAT_EXACT:
            self.numeric_args(f"math.{attr}", args, node, 1)
            x = self.coerce(args[0], FLOAT, node, "the argument")
            return ir.Op(MATH_FLOAT_EXACT[attr], (x,), FLOAT)
        if attr in MATH_FLOAT_TO_INT:
            self.numeric_args(f"math.{attr}", args, node, 1)
            if args[0].type is not FLOAT:
                return self.coerce(args[0], INT, node, "")
            return ir.Op(f"{MATH_FLOAT_TO_INT[attr]}_int", (args[0],), INT)
        if attr in MATH_PREDICATES:
            self.numeric_args(f"math.{attr}", args, node, 1)
            x = self.coerce(args[0], FLOAT, node, "the argument")
            return ir.Op(MATH_PREDICATES[attr], (x,), BOOL)
        if attr == "copysign":
            self.numeric_args("math.copysign", args, node, 2)
            a, b = (self.coerce(a, FLOAT, node, "an argument") for a in args)
            return ir.Op("float.copysign", (a, b), FLOAT)
        if attr in LIBRARY_FUNCTIONS:
            self.numeric_args(f"math.{attr}", args, node, LIBRARY_FUNCTIONS[attr])
            floats = tuple(self.coerce(a, FLOAT, node, "an argument") for a in args)
            self.owner.library_calls.add(attr)
            return ir.Call(attr, floats, FLOAT, LIBRARY_MODULE)
        raise unsupported(self.file, node, f"math.{attr}")


def _zero(t: Type) -> ir.Expr:
    """A slot's value before ``__init__`` sets it (never read: see classes.layout)."""
    if t is STR:
        return ir.Const("", STR)
    if t is FLOAT:
        return ir.Const(0.0, FLOAT)
    if t is BOOL:
        return ir.Const(False, BOOL)
    return ir.Const(0, t)  # an int, or the null address of a heap value


def unwrap(expr: ir.Expr) -> ir.Expr:
    """An optional value known not to be None, as its inner type."""
    t = expr.type
    assert isinstance(t, OptionType)
    if t.boxed:
        return ir.Op(f"option.unbox.{wasm_type(t.inner)}", (expr,), t.inner)
    return ir.Op("option.value", (expr,), t.inner)


def stable(proven: dict[str, Type], region: Sequence[ast.AST]) -> dict[str, Type]:
    """What stays proven over ``region``: a variable until it is assigned (the caller stops
    it there); an attribute read only when the region calls no function or method of the
    program and assigns no attribute of that name (either could set it to None)."""
    calls = any(
        isinstance(n, ast.Call) and not (isinstance(n.func, ast.Name) and n.func.id in BUILTINS)
        for r in region
        for n in ast.walk(r)
    )
    stored = {
        n.attr
        for r in region
        for n in ast.walk(r)
        if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store | ast.Del)
    }
    return {
        k: t
        for k, t in proven.items()
        if "." not in k or (not calls and k.split(".")[1] not in stored)
    }
