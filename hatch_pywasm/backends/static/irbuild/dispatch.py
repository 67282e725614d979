"""Method calls on objects of plain classes with single inheritance: ``obj.m(...)`` calls the
implementation of the object's class at run time (a test of its class slot when subclasses
override ``m``), ``super().m(...)`` the base class's, and ``isinstance(obj, C)`` reads the
class slot. An object is passed to a method of a base class as it is (``object.as_base``: a
subclass's layout starts with its base's)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..types import BOOL, INT, NONE, StructType
from .classes import setter_key
from .common import ConstantValue, constant_expr, unsupported

if TYPE_CHECKING:
    from .annotations import Annotations
    from .expressions import ExpressionLowering


def abstract_methods(annotations: Annotations, cls: StructType) -> list[str]:
    """The methods ``cls`` leaves abstract (``@abstractmethod`` with no override below it):
    CPython refuses to instantiate such a class."""
    kinds: dict[str, str] = {}
    t: StructType | None = cls
    while t is not None:
        found = annotations.class_statement(t)
        if found is not None:
            for name, method in found[1].items():
                kinds.setdefault(name, method.kind)
        t = annotations.base_type(t)
    return sorted(name for name, kind in kinds.items() if kind == "abstract")


def dispatch(
    lw: ExpressionLowering, obj: ir.Expr, attr: str, args: list[ast.expr], node: ast.AST
) -> ir.Expr:
    """``obj.attr(args)`` of a method (``obj.attr`` of a property, ``args`` empty): the
    object, then the arguments, evaluated once; then the implementation of the object's class
    (one call when no subclass overrides it)."""
    t = obj.type
    assert isinstance(t, StructType)
    annotations = lw.owner.annotations
    declared = lw.method_of(t, attr)
    assert declared is not None
    kind = "property" if declared[1] == "property" else "method"
    result = declared[2].signature(declared[0]).result
    implementations: dict[str, list[int]] = {}
    owners = {}
    for cls in [t, *annotations.subclasses(t)] if t.name in annotations.layouts else [t]:
        if t.name in annotations.layouts and abstract_methods(annotations, cls):
            continue  # never instantiated: no object has this class
        method = lw.method_of(cls, attr)
        if method is None or method[1] != kind:
            what = f"{cls.name}.{attr} overriding a {kind} as another kind"
            raise unsupported(lw.file, node, what)
        implementations.setdefault(method[0], []).append(annotations.class_ids.get(cls.name, 0))
        owners[method[0]] = method[2]
    if len(implementations) <= 1:
        key, lowerer = declared[0], declared[2]
        if implementations:
            key = next(iter(implementations))
            lowerer = owners[key]
        own = lowerer.signature(key).params[0][1]
        if implementations and own != t and annotations.is_subclass(own, t):
            # an abstract t: every class an object can have inherits this one implementation
            # from its class ``own``, so the object is an ``own`` (the same address)
            receiver: ir.Expr = ir.Op("object.as_base", (obj,), own)
        else:
            receiver = lw.coerce(obj, own, node, "")
        lowered = [lw.expr(a) for a in args]
        keywords = lw.keywords(node) if isinstance(node, ast.Call) else []  # (not a property)
        return lw.call_function(key, [receiver, *lowered], node, lowerer, keywords)
    if isinstance(node, ast.Call) and node.keywords:
        raise unsupported(lw.file, node, f"keyword arguments of the overridden method {attr}")
    line = getattr(node, "lineno", 0)
    held = lw.temp(t)
    staged: list[ir.Stmt] = [ir.Assign(held, obj, line)]
    values: list[ir.Expr] = []
    for a in args:
        value = lw.expr(a)
        temp = lw.temp(value.type)
        staged.append(ir.Assign(temp, value, line))
        values.append(ir.Name(temp, value.type))
    number = ir.GetField(ir.Name(held, t), 0, INT)
    calls: list[tuple[ir.Expr, ir.Expr]] = []
    for key, numbers in implementations.items():
        lowerer = owners[key]
        own = lowerer.signature(key).params[0][1]
        receiver = ir.Op("object.as_subclass", (ir.Name(held, t),), own)
        call = lw.call_function(key, [receiver, *values], node, lowerer)
        if result is not NONE:
            call = lw.coerce(call, result, node, f"the result of {key}")
        test: ir.Expr = _is_one_of(number, numbers)
        calls.append((test, call))
    if result is NONE:
        chain: tuple[ir.Stmt, ...] = (ir.Eval(calls[-1][1], line),)
        for test, call in reversed(calls[:-1]):
            chain = (ir.If(test, (ir.Eval(call, line),), chain, line),)
        return ir.Block((*staged, *chain), ir.Op("none", (), NONE), NONE)
    chosen = calls[-1][1]
    for test, call in reversed(calls[:-1]):
        chosen = ir.Cond(test, call, chosen, result)
    return ir.Block(tuple(staged), chosen, result)


def call_super(lw: ExpressionLowering, attr: str, args: list[ast.expr], node: ast.AST) -> ir.Expr:
    """``super().attr(args)`` in a method: the base class's implementation, with ``self``."""
    owner = lw.key.split(".")[0] if "." in lw.key else ""
    cls = lw.owner.annotations.layouts.get(owner) if owner else None
    base = lw.owner.annotations.base_type(cls) if cls is not None else None
    params = lw.owner.signature(lw.key).params
    if base is None or not params:
        raise unsupported(lw.file, node, "super() outside a method of a class with a base class")
    method = lw.method_of(base, attr)
    if method is None or method[1] != "method":
        raise lw.error(node, f"'super' object has no method {attr!r}")
    key, _, lowerer = method
    self_name, self_type = params[0]
    receiver = lw.coerce(ir.Name(self_name, self_type), lowerer.signature(key).params[0][1],
                         node, "")  # fmt: skip
    lowered = [lw.expr(a) for a in args]
    return lw.call_function(key, [receiver, *lowered], node, lowerer, lw.keywords(node))


def project_classes(lw: ExpressionLowering, spec: ast.expr) -> list[StructType] | None:
    """The project classes ``A`` or ``(A, B)`` (of isinstance) names; None if any is not one."""
    names = spec.elts if isinstance(spec, ast.Tuple) else [spec]
    found = [lw.owner.dataclass_named(n) if isinstance(n, ast.Name) else None for n in names]
    layouts = lw.owner.annotations.layouts
    if not found or any(c is None or c.name not in layouts for c in found):
        return None
    return [c for c in found if c is not None]


def is_instance(lw: ExpressionLowering, obj: ir.Expr, classes: list[StructType]) -> ir.Expr:
    """``isinstance(obj, classes)``: the object's class is one of ``classes`` or derives from
    one."""
    annotations = lw.owner.annotations
    family = [c for cls in classes for c in [cls, *annotations.subclasses(cls)]]
    numbers = list(dict.fromkeys(annotations.class_ids[c.name] for c in family))
    held = lw.temp(obj.type)
    found = _is_one_of(ir.GetField(ir.Name(held, obj.type), 0, INT), numbers)
    return ir.Block((ir.Assign(held, obj, getattr(obj, "line", 0)),), found, BOOL)


def _is_one_of(number: ir.Expr, numbers: list[int]) -> ir.Expr:
    tests = [ir.Op("int.eq", (number, ir.Const(n, INT)), BOOL) for n in numbers]
    found = tests[-1]
    for test in reversed(tests[:-1]):
        found = ir.Logical("or", test, found, BOOL)
    return found


def object_equality(
    lw: ExpressionLowering, op: str, a: ir.Expr, b: ir.Expr, node: ast.AST
) -> ir.Expr:
    """``a == b`` / ``a != b`` of objects: ``a.__eq__(b)`` (``!=``: its negation, as
    object's ``__ne__``) when their class defines ``__eq__`` and no subclass of either side
    overrides it (CPython would ask a subclass's first). Without ``__eq__`` it is identity:
    outside the subset."""
    annotations = lw.owner.annotations
    t = a.type
    method = lw.method_of(t, "__eq__") if isinstance(t, StructType) else None
    if op not in ("eq", "ne") or method is None or not isinstance(b.type, StructType):
        what = f"comparing objects of class {t} (without __eq__, == is identity)"
        raise unsupported(lw.file, node, what)
    for side in [t, *annotations.subclasses(t), b.type, *annotations.subclasses(b.type)]:
        found = lw.method_of(side, "__eq__")
        if found is None or found[0] != method[0]:
            what = f"== of {t} and {b.type}, where {side.name} has another __eq__"
            raise unsupported(lw.file, node, what)
    key, _, lowerer = method
    line = getattr(node, "lineno", 0)
    first, second = lw.temp(t), lw.temp(b.type)  # a, then b, each evaluated once
    staged = (ir.Assign(first, a, line), ir.Assign(second, b, line))
    receiver = lw.coerce(ir.Name(first, t), lowerer.signature(key).params[0][1], node, "")
    call = lw.call_function(key, [receiver, ir.Name(second, b.type)], node, lowerer)
    result = lw.truth(call, node)
    if op == "ne":
        result = ir.Op("bool.not", (result,), BOOL)
    return ir.Block(staged, result, BOOL)


def property_store(
    lw: ExpressionLowering,
    obj: ast.expr,
    attr: str,
    value: ast.expr,
    op: ast.operator | None,
    node: ast.stmt,
) -> list[ir.Stmt] | None:
    """``obj.x = value`` (``op`` None) or ``obj.x op= value`` of a property: the value, then
    the object, then the setter's call (augmented: the object once, the getter, the
    operator, the setter); None when ``x`` is not a property of the object's class."""
    target = lw.expr(obj)  # (lowered first for its type; evaluated as the statements say)
    getter = lw.method_of(target.type, attr)
    if getter is None or getter[1] != "property":
        return None
    assert isinstance(target.type, StructType)
    setter = lw.method_of(target.type, setter_key(attr))
    if setter is None:
        what = f"assigning the property {target.type.name}.{attr} without a setter"
        raise unsupported(lw.file, node, f"{what} (CPython raises AttributeError)")
    for sub in lw.owner.annotations.subclasses(target.type):  # (the setter is called directly)
        if lw.method_of(sub, setter_key(attr)) != setter:
            what = f"assigning the property {target.type.name}.{attr} whose setter {sub.name}"
            raise unsupported(lw.file, node, f"{what} overrides")
    line = node.lineno
    held = lw.temp(target.type)
    receiver = ir.Name(held, target.type)
    if op is None:  # Python evaluates the value first
        stored = lw.expr(value)
        held_value = lw.temp(stored.type)
        staged = [ir.Assign(held_value, stored, line), ir.Assign(held, target, line)]
        new: ir.Expr = ir.Name(held_value, stored.type)
    else:
        staged = [ir.Assign(held, target, line)]
        current = lw.call_function(getter[0], [receiver], node, getter[2])
        new = lw.binary(op, current, lw.expr(value), node)
    call = lw.call_function(setter[0], [receiver, new], node, setter[2])
    return [*staged, ir.Eval(call, line)]


def class_constant(
    lw: ExpressionLowering, t: StructType, attr: str, node: ast.AST
) -> ir.Expr | None:
    """``C.attr`` or ``obj.attr`` of a class attribute of ``t`` or of a base (a constant,
    classes.class_constants); None when there is none. A subclass setting it again would make
    the value depend on the object's class: outside the subset."""
    annotations = lw.owner.annotations
    cls: StructType | None = t
    while cls is not None and attr not in _own_constants(lw, cls):
        cls = annotations.base_type(cls)
    if cls is None or t.name not in annotations.layouts:
        return None
    for sub in annotations.subclasses(t):
        if attr in _own_constants(lw, sub):
            what = f"the class attribute {attr!r} of {t.name} set again in the subclass {sub.name}"
            raise unsupported(lw.file, node, what)
    return constant_expr(_own_constants(lw, cls)[attr])


def object_constant(
    lw: ExpressionLowering, obj: ir.Expr, attr: str, node: ast.expr
) -> ir.Expr | None:
    """``obj.attr`` of a class attribute (no attribute of the object has that name): the
    object is evaluated, then the constant."""
    t = obj.type
    if not isinstance(t, StructType) or attr in dict(t.fields):
        return None
    constant = class_constant(lw, t, attr, node)
    if constant is None:
        return None
    return ir.Block((ir.Eval(obj, getattr(node, "lineno", 0)),), constant, constant.type)


def _own_constants(lw: ExpressionLowering, cls: StructType) -> dict[str, ConstantValue]:
    found = lw.owner.annotations.class_statement(cls)
    if found is None:
        return {}
    return lw.owner.program.lowerer(found[0].module.name).class_constants.get(cls.name, {})
