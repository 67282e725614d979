"""Classes used inside a component: their methods (plain, ``@staticmethod``, ``@classmethod``,
``@property``) for dataclasses and plain classes, and a plain class's layout, read from its
``__init__``. An object is a heap block of 8-byte slots, one per attribute, like a dataclass.

An exported plain class is a WIT resource: its object is the resource's rep (abi.py makes the
handles); ``==`` of two of its objects is identity in CPython, so the subset rejects it rather
than compare fields. Single inheritance (from a plain class or
``abc.ABC``): every object's first slot is its class's number; a method call on a class that a
subclass overrides dispatches on it (expressions.method_call)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pywasm_runtime import model

from hatch_pywasm.frontend.sources import ModuleSource

from ..errors import SubsetError
from ..types import BOOL, FLOAT, INT, STR, StructType, Type
from .common import ConstantValue, constant_value, unsupported

if TYPE_CHECKING:
    from .annotations import Annotations

#: How a method is called, by its decorator.
METHOD_KINDS = {
    "staticmethod": "static",
    "classmethod": "class",
    "property": "property",
    "abstractmethod": "abstract",  # never called itself: calls dispatch to the subclasses'
    "abc.abstractmethod": "abstract",
}


@dataclass(frozen=True)
class Method:
    name: str  # the function's key in its module: "Class.method"
    kind: str  # "method" | "static" | "class" | "property"
    node: ast.FunctionDef


#: The hidden first slot of every object: its class's number (Annotations.class_ids), which
#: a method call on a base class's type dispatches on and ``isinstance`` reads.
CLASS_SLOT = "%class"


def is_plain_class(node: ast.ClassDef) -> bool:
    """A class statement without decorators or keywords and at most one base (which
    Annotations.is_plain checks: ``object``, ``abc.ABC`` or another plain class)."""
    return not node.decorator_list and not node.keywords and len(node.bases) <= 1


def is_super_init(statement: ast.stmt) -> bool:
    """``super().__init__(...)``."""
    match statement:
        case ast.Expr(
            value=ast.Call(
                func=ast.Attribute(
                    value=ast.Call(func=ast.Name(id="super"), args=[], keywords=[]), attr="__init__"
                )
            )
        ):
            return True
    return False  # fmt: skip


#: Special methods compiled as methods called by name (``obj.__len__()``, and by the host
#: through a resource's WIT: ``len(proxy)``). What Python calls implicitly stays rejected
#: where it is used (``len(obj)``, ``str(obj)``, ``if obj:``, ``x in obj``, ``obj[i]``,
#: ``obj == other``); a record's ``==``, ``len`` and indexing are its fields', so it may only
#: define the first two.
SPECIAL_METHODS = ("__repr__", "__str__", "__len__", "__bool__", "__eq__", "__contains__",
                   "__getitem__")  # fmt: skip
RECORD_SPECIAL_METHODS = ("__repr__", "__str__")


def methods_of(node: ast.ClassDef, file: str) -> dict[str, Method]:
    """The methods of a class statement, by name; ``__init__`` is one of them. Other dunder
    methods (see SPECIAL_METHODS) and other decorators are outside the subset."""
    found: dict[str, Method] = {}
    record = bool(node.decorator_list) or any(
        ast.unparse(b).rsplit(".", 1)[-1] == "NamedTuple" for b in node.bases
    )
    special = RECORD_SPECIAL_METHODS if record else SPECIAL_METHODS
    for item in node.body:
        if not isinstance(item, ast.FunctionDef):
            continue
        if item.name.startswith("__") and item.name != "__init__" and item.name not in special:
            raise unsupported(file, item, f"the special method {node.name}.{item.name}")
        decorators = [ast.unparse(d) for d in item.decorator_list]
        if decorators == [f"{item.name}.setter"] and getattr(found.get(item.name), "kind", "") == (
            "property"
        ):  # a property's setter: "x.setter" (no Python name can clash with it)
            key = setter_key(item.name)
            found[key] = Method(f"{node.name}.{key}", "setter", item)
            continue
        kinds = [METHOD_KINDS.get(d) for d in decorators]
        if len(kinds) > 1 or None in kinds:
            what = ", ".join(f"@{ast.unparse(d)}" for d in item.decorator_list)
            raise unsupported(file, item, f"the decorator {what} on {node.name}.{item.name}")
        found[item.name] = Method(f"{node.name}.{item.name}", kinds[0] if kinds else "method", item)
    return found


def setter_key(attribute: str) -> str:
    """The key of a property's setter among its class's methods (``Class.x.setter`` in its
    module; a traceback names it ``x``, as CPython's)."""
    return f"{attribute}.setter"


def exported_key(method: model.Function) -> str:
    """The key among its class's methods of a resource's exported method (a setter's WIT
    method ``set-x`` is the function under ``@x.setter``)."""
    if method.kind == "setter":
        return setter_key(method.name.removeprefix("set_"))
    return method.name


def layout(
    node: ast.ClassDef, module: ModuleSource, annotations: Annotations, base: StructType | None
) -> StructType:
    """A plain class's attributes: the class slot, the base class's attributes (a prefix, so
    code written for the base reads a subclass's object alike), then its own in the order they
    are first assigned: class-level annotations (``count: int``), then ``__init__``'s ``self.x:
    T = ...`` and ``self.x = p`` (``p`` an annotated parameter) or ``self.x = <literal>``.
    Every attribute is assigned at the top level of ``__init__`` (the base's by
    ``super().__init__(...)``) before ``self`` is used otherwise, so nothing reads a slot before
    it is set (CPython would raise AttributeError). Without ``__init__``, the base's is used."""
    file = module.file
    inherited: dict[str, Type] = dict(base.fields) if base else {CLASS_SLOT: INT}
    fields: dict[str, Type] = dict(inherited)
    for item in node.body:
        match item:
            case ast.AnnAssign(target=ast.Name(id=name), annotation=ann, value=None):
                fields[name] = annotations.type_of(ann, module, node.name)
            case ast.FunctionDef() | ast.Pass():
                pass
            case ast.Expr(value=ast.Constant(value=str())):
                pass
            case ast.Assign(targets=[ast.Name()]) | ast.AnnAssign(target=ast.Name()):
                pass  # a class attribute: a constant (class_constants checks it)
            case _:
                raise unsupported(file, item, f"a class attribute of {node.name} (not a method)")
    init = next((s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"),
                None)  # fmt: skip
    if init is None:
        if fields != inherited:
            raise unsupported(file, node, f"class {node.name} without __init__")
        return StructType(node.name, tuple(fields.items()))
    arguments = [*init.args.posonlyargs, *init.args.args][1:] + init.args.kwonlyargs
    params = {a.arg: a.annotation for a in arguments if a.annotation is not None}
    assigned: set[str] = {CLASS_SLOT}
    methods = methods_of(node, file)
    properties = {n for n, m in methods.items() if m.kind in ("property", "setter")}
    every = set(fields) | {t[0] for t in map(_self_attribute, init.body) if t is not None}
    every -= properties
    for statement in init.body:
        target = _self_attribute(statement)
        if is_super_init(statement) and base is not None:
            assigned |= set(inherited)  # the base's __init__ proved it assigns them
            continue
        if target is None:
            missing = every - assigned
            if missing and _mentions_self(statement):
                raise unsupported(file, statement, f"using self in {node.name}.__init__ before "
                                  f"assigning {', '.join(sorted(missing))}")  # fmt: skip
            continue
        name, value = target
        if name in properties:  # a setter call (or CPython's AttributeError): not a slot
            if setter_key(name) not in properties:
                raise unsupported(file, statement, f"assigning the property {node.name}.{name} "
                                  "without a setter (CPython raises AttributeError)")  # fmt: skip
            if every - assigned - {name}:
                raise unsupported(file, statement, f"calling the setter of {node.name}.{name} "
                                  "before every attribute is assigned")  # fmt: skip
            continue
        if value is not None and _mentions_self(value) and every - assigned:
            raise unsupported(file, statement, f"reading self in {node.name}.__init__ before "
                              "every attribute is assigned")  # fmt: skip
        if isinstance(statement, ast.AnnAssign):
            t = annotations.type_of(statement.annotation, module, f"{node.name}.__init__")
        elif isinstance(value, ast.Name) and value.id in params:
            t = annotations.type_of(params[value.id], module, f"{node.name}.__init__")
        else:
            t = _literal_type(value)
        if t is None and name not in fields:
            raise SubsetError(file, statement.lineno, f"the type of self.{name} in "
                              f"{node.name}.__init__ needs an annotation (self.{name}: T = ...) "
                              "to be compiled")  # fmt: skip
        if t is not None and fields.setdefault(name, t) != t:
            raise SubsetError(file, statement.lineno, f"self.{name} is {fields[name]}, "
                              f"assigned {t} here")  # fmt: skip
        assigned.add(name)
    missing = set(fields) - assigned
    if missing:
        raise unsupported(file, init, f"{node.name}.__init__ leaving {', '.join(sorted(missing))}"
                          " unassigned")  # fmt: skip
    return StructType(node.name, tuple(fields.items()))


def class_constants(
    node: ast.ClassDef, file: str, module_constants: dict[str, ConstantValue]
) -> dict[str, ConstantValue]:
    """A plain class's class attributes (``default_width = 10``, ``LIMIT: Final = 3``), each
    a constant expression of literals, module constants and the class's earlier attributes
    (as CPython evaluates the class body); read as ``Class.name`` or ``obj.name``. Anything
    else (a mutable ``items = []`` shared by every object) is outside the subset."""
    found: dict[str, ConstantValue] = {}
    for item in node.body:
        match item:
            case (
                ast.Assign(targets=[ast.Name(id=name)], value=value)
                | ast.AnnAssign(target=ast.Name(id=name), value=ast.expr() as value)
            ):
                constant = constant_value(value, {**module_constants, **found})
                if constant is None:
                    what = f"the class attribute {node.name}.{name} (not a constant)"
                    raise unsupported(file, item, what)
                found[name] = constant
    return found


def _self_attribute(statement: ast.stmt) -> tuple[str, ast.expr | None] | None:
    """``self.x = value`` / ``self.x: T = value``: (x, value)."""
    match statement:
        case ast.Assign(targets=[ast.Attribute(value=ast.Name(id="self"), attr=name)], value=v):
            return name, v
        case ast.AnnAssign(target=ast.Attribute(value=ast.Name(id="self"), attr=name), value=v):
            return name, v
    return None


def _mentions_self(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "self" for n in ast.walk(node))


def _literal_type(value: ast.expr | None) -> Type | None:
    if isinstance(value, ast.Constant):
        for python_type, t in ((bool, BOOL), (int, INT), (float, FLOAT), (str, STR)):
            if isinstance(value.value, python_type):
                return t
    return None
