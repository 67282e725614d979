"""Canonical ABI export wrappers: one core export per exported function, named as
``wasm-tools component new`` expects (``ns:pkg/iface@version#func``).

Every export returns ``result<T, guest-error>``, which flattens to more than one value, so the
wrapper returns a pointer to a static return area: the discriminant byte at offset 0, the payload
at the payload's alignment (8 for s64/f64, 4 for the error record of three strings). A raised
exception (``$exc`` set) becomes ``err(guest-error)`` and is cleared, so the next call starts
clean. Error strings live in static data, so no post-return cleanup is needed.

An exported class is a WIT resource: its object (a heap block, irbuild/classes.py) is the
resource's rep. Canonical ABI rules for a resource the component itself defines: a
``borrow<r>`` parameter arrives as the rep, an ``own<r>`` result is a handle made by the
imported ``[resource-new]r``; the host's drop of the last handle calls the exported
``[dtor]r``. Objects outlive calls then, so while any handle is alive the heap is not reset.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from pywasm_runtime import model
from pywasm_runtime.annotations import annotation

from . import types
from .codegen import StaticData, dicts, function_name
from .codegen.ops import ITEM_LOAD, ITEM_STORE
from .irbuild.classes import CLASS_SLOT, exported_key
from .irbuild.common import LIBRARY_MODULE
from .types import (
    DictType,
    EnumType,
    FlagType,
    ListType,
    LiteralType,
    OptionType,
    SetType,
    StructType,
    Type,
    inside,
    tuple_of,
    wasm_type,
)

#: The error record: type-name, message, traceback; each string is (pointer, length).
_ERROR_ALIGN = 4
_STORE = {types.INT: "i64.store", types.FLOAT: "f64.store", types.BOOL: "i32.store8"}
#: A list parameter's items from the ABI's buffer, when they are not its 8-byte items as they are:
#: bools are one byte each, strings (pointer, length) pairs.
_ADOPT = {types.BOOL: "$list.from_bytes", types.STR: "$list.strs_from_abi"}
#: A returned list's items as the ABI's buffer, when they are not the 8-byte items as they are.
_ITEMS_TO_ABI = {types.BOOL: "call $list.to_bytes", types.STR: "call $list.strs_to_abi"}
#: How many flat core parameters each type takes (a string is a pointer and a byte length).
_FLAT = {
    types.INT: ("i64",),
    types.FLOAT: ("f64",),
    types.BOOL: ("i32",),
    types.STR: ("i32", "i32"),
    types.BYTES: ("i32", "i32"),
}


@dataclass(frozen=True)
class Export:
    """One exported function: its canonical-ABI core name and its compiled signature."""

    core_name: str
    module: str  # dotted Python module: the compiled function is $<module>.<function>
    function: str
    params: tuple[Type, ...]  # as they cross: a dict or set as WIT's list (``crossing``)
    result: Type
    #: the compiled function's own parameter and result types (a dict, a set: codegen/dicts.py
    #: converts them from and to their lists); None: ``params`` and ``result``
    compiled: tuple[tuple[Type, ...], Type] | None = None
    #: a resource's constructor: the number of the class (the new object's first slot);
    #: ``function`` is its ``__init__``
    constructs: int = 0
    #: how a result check names the function and what it returned, when a str inside the
    #: result may hold a lone surrogate (componentize-py's text): "m.f() must return
    #: list[str], but returned list ("
    returned: str = ""
    #: a resource's method that subclasses override: their implementations, called when the
    #: object's class slot holds one of their classes' numbers (else ``function``'s)
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class Override:
    """A subclass's implementation of an exported method (``Dog.speak`` of ``Animal.speak``),
    for objects of the classes numbered ``classes``."""

    classes: tuple[int, ...]
    module: str
    function: str


@dataclass(frozen=True)
class ResourceType:
    """An exported class: its Python name, the interface that defines it (``ns:pkg/i@v``),
    its WIT name."""

    name: str
    interface: str
    wit: str


def resource_types(component: model.Component) -> list[ResourceType]:
    return [
        ResourceType(t.name, component.qualified(interface), model.plain_wit_name(t.name))
        for interface in component.exports
        for t in interface.types
        if isinstance(t, model.Resource)
    ]


def is_object(t: Type) -> bool:
    """An object of a plain class (in an export: a resource's rep)."""
    return isinstance(t, StructType) and t.fields[:1] == ((CLASS_SLOT, types.INT),)


def holds_object(t: Type) -> bool:
    """Whether a value of ``t`` has an object inside it (in a parameter: an ``own<r>``)."""
    if is_object(t):
        return True
    if isinstance(t, ListType | SetType):
        return holds_object(t.element)
    if isinstance(t, OptionType):
        return holds_object(t.inner)
    if isinstance(t, DictType):
        return holds_object(t.key) or holds_object(t.value)
    return isinstance(t, StructType) and any(holds_object(f) for _, f in t.fields)


def exports_of(
    component: model.Component,
    signatures: dict[tuple[str, str], tuple[tuple[Type, ...], Type]],
    class_ids: dict[str, int],
    overrides: Mapping[tuple[str, str], Sequence[Override]],
) -> list[Export]:
    """The exports of ``component``, resources' constructors and methods too; ``signatures``
    maps (module, function) to its types (a method's key is ``Class.method``), ``overrides``
    a resource's method to its subclasses' implementations."""
    found = []
    defs = component.type_defs()
    for interface in component.exports:
        qualified, module = component.qualified(interface), interface.module
        for fn in interface.functions:
            core_name = f"{qualified}#{model.plain_wit_name(fn.name)}"
            export = _export(core_name, module, fn.name, *signatures[(module, fn.name)], fn, defs)
            found.append(_checked(export, fn, defs))
        for resource in (t for t in interface.types if isinstance(t, model.Resource)):
            wit = model.plain_wit_name(resource.name)
            init = f"{resource.name}.__init__"
            params, _ = signatures[(module, init)]
            crossing = _crossing_params(params[1:], resource.constructor.params, defs)
            found.append(Export(f"{qualified}#[constructor]{wit}", module, init, crossing,
                                params[0], (params[1:], params[0]),
                                constructs=class_ids[resource.name]))  # fmt: skip
            for method in resource.methods:  # a property's getter is a method of its name
                key = f"{resource.name}.{exported_key(method)}"
                kind = "[static]" if method.kind == "static" else "[method]"
                core_name = f"{qualified}#{kind}{wit}.{model.plain_wit_name(method.name)}"
                export = _export(core_name, module, key, *signatures[(module, key)], method, defs)
                export = replace(export, overrides=tuple(overrides.get((module, key), ())))
                found.append(_checked(export, method, defs))
    return found


def _checked(export: Export, fn: model.Function, defs: dict[str, model.TypeDef]) -> Export:
    """``export`` with the text of its result check when its result needs one: a str inside
    it may hold a lone surrogate, or a Literal (a str or int inside) may hold another value."""
    t = export.result
    returns_dict = export.compiled is not None and isinstance(export.compiled[1], DictType)
    if returns_dict or t is types.STR or not _needs_check(t):
        return export
    shown = _type_name(t.inner if isinstance(t, OptionType) else t, defs)
    declared = annotation(fn.result, defs) if fn.result is not None else "None"
    where = f"{export.module}.{export.function}() must return {declared}, but returned {shown} ("
    return replace(export, returned=where)


def _needs_check(t: Type) -> bool:
    """Whether a value of ``t`` may hold a str (a lone surrogate cannot cross) or a Literal
    (its value may be none of the Literal's)."""
    return any(u is types.STR or isinstance(u, LiteralType) for u in _leaves(t))


def holds_literal(t: Type) -> bool:
    """Whether a Literal is inside a value of ``t`` as it crosses."""
    return any(isinstance(u, LiteralType) for u in _leaves(t))


def checks_str_literal(exports: Sequence[Export]) -> bool:
    """Whether a result check may show a str Literal's value (the math library's repr)."""
    return any(
        isinstance(u, LiteralType) and u.base is types.STR
        for e in exports
        if e.returned
        for u in _leaves(e.result)
    )


def _leaves(t: Type) -> Iterator[Type]:
    """The types of the values inside a value of ``t`` that are not lists, options, tuples or
    records (an object is a leaf: its fields do not cross)."""
    if isinstance(t, ListType):
        yield from _leaves(t.element)
    elif isinstance(t, OptionType):
        yield from _leaves(t.inner)
    elif isinstance(t, StructType) and not is_object(t):
        for _, field_type in t.fields:
            yield from _leaves(field_type)
    else:
        yield t


def _type_name(t: Type, defs: dict[str, model.TypeDef]) -> str:
    """The class of a returned value as a result check names it (``list``, ``tuple``, a
    dataclass's ``module.Qualname``)."""
    if isinstance(t, ListType):
        return "tuple" if t.frozen else "list"
    if isinstance(t, LiteralType):
        return t.base.name
    if t is types.STR:
        return "str"
    assert isinstance(t, StructType)
    if not t.name:
        return "tuple"
    origin = defs[t.name].origin
    return f"{origin.module}.{origin.qualname}"


def _export(
    core_name: str,
    module: str,
    function: str,
    params: tuple[Type, ...],
    result: Type,
    fn: model.Function,
    defs: Mapping[str, model.TypeDef],
) -> Export:
    crossing = _crossing_params(params, fn.params, defs)
    crossing_result = _crossing(result, fn.result, defs)
    return Export(core_name, module, function, crossing, crossing_result, (params, result))


def _crossing_params(
    params: Sequence[Type], declared: Sequence[model.Param], defs: Mapping[str, model.TypeDef]
) -> tuple[Type, ...]:
    """The parameters as they cross; the model has no ``self`` (a method's compiled first
    parameter), so the two are paired from the end."""
    skipped = len(params) - len(declared)
    paired = zip(params[skipped:], declared, strict=True)
    return (*params[:skipped], *(_crossing(t, p.type, defs) for t, p in paired))


def _crossing(t: Type, expr: model.TypeExpr | None, defs: Mapping[str, model.TypeDef]) -> Type:
    """How a value of ``t`` (the model type ``expr``) crosses WIT: a dict as list<tuple<K, V>>
    in insertion order, a set as list<T> of its items (codegen/dicts.py converts), a Literal
    (a str or int inside) as its WIT enum's discriminant, at any depth."""
    definition = defs.get(expr.name) if isinstance(expr, model.Named) else None
    if isinstance(definition, model.LiteralEnum):
        return LiteralType(definition.values)
    if isinstance(t, DictType):
        key, value = (expr.key, expr.value) if isinstance(expr, model.DictOf) else (None, None)
        return ListType(tuple_of((_crossing(t.key, key, defs), _crossing(t.value, value, defs))))
    element = expr.element if isinstance(expr, model.SetOf | model.ListOf) else None
    if isinstance(t, SetType):
        return ListType(_crossing(t.element, element, defs))
    if isinstance(t, ListType):
        return replace(t, element=_crossing(t.element, element, defs))
    if isinstance(t, OptionType):
        inner = expr.inner if isinstance(expr, model.OptionOf) else None
        return OptionType(_crossing(t.inner, inner, defs))
    if isinstance(t, StructType) and not is_object(t):
        if isinstance(expr, model.TupleOf):
            declared = expr.elements
        elif isinstance(definition, model.Record):
            declared = tuple(f.type for f in definition.fields)
        else:
            return t
        fields = zip(t.fields, declared, strict=True)
        return replace(t, fields=tuple((n, _crossing(f, e, defs)) for (n, f), e in fields))
    return t


#: Beyond this many flat parameters the canonical ABI passes them through memory (not done yet).
MAX_FLAT_PARAMS = 16


def too_deep(t: Type) -> bool:
    """Whether records nest deeper in ``t`` than the generated conversions hold."""

    def depth(t: Type) -> int:
        if isinstance(t, StructType) and not is_object(t):
            return 1 + max((depth(f) for _, f in t.fields), default=0)
        return depth(t.element) if isinstance(t, ListType) else 0

    return depth(t) > _NESTING


def too_many_flat_params(params: Sequence[Type]) -> bool:
    return sum(len(_flat(t)) for t in params) > MAX_FLAT_PARAMS


def wrappers(
    exports: Sequence[Export], data: StaticData, resources: Sequence[ResourceType] = ()
) -> list[str]:
    """The WAT of every export wrapper (they share one return area), ``cabi_realloc``, the
    helpers that convert lists of tuples or dataclasses, and each resource's imports and
    destructor (imports first)."""
    area = data.allocate(return_area_size(exports), 8)
    realloc = '(func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)\n'
    realloc += "  (call $alloc.realloc (local.get 0) (local.get 1) (local.get 2) (local.get 3)))"
    wrappers = [text for r in resources for text in _resource_functions(r)]
    wrappers += [realloc, HEAPLESS_OK_RESETS]
    if resources:
        wrappers.append("(global $resource.live (mut i32) (i32.const 0))")
    reset = _RESET_UNLESS_LIVE if resources else "call $alloc.reset"
    lifted: dict[str, str] = {}
    lowered: dict[str, str] = {}
    checks: dict[str, str] = {}
    literals: dict[LiteralType | FlagType, list[str]] = {}  # their conversions
    for export in exports:
        wrappers.append(_wrapper(export, area, data, reset))
        # Nothing else outlives a call in the subset (no module state), so once the host has
        # read the results, the whole heap is free again: arguments, temporaries, the returned
        # string (unless a resource's object is alive). This keeps a long-lived instance at a
        # bounded size.
        post = f'(func (export "cabi_post_{export.core_name}") (param i32) {reset})'
        wrappers.append(post)
        for param in export.params:
            lifted.update((_helper("lift", t), _lift_list(t)) for t in _helper_lists(param))
        lowered.update((_helper("lower", t), _lower_list(t)) for t in _helper_lists(export.result))
        if export.returned:
            _result_checks(export.result, data, checks)
        for t in (u for v in (*export.params, export.result) for u in _leaves(v)):
            if isinstance(t, LiteralType) and t not in literals:
                literals[t] = _literal_functions(t, data)
            if isinstance(t, FlagType) and not _bits(t) and t not in literals:
                literals[t] = _flag_functions(t)
    if checks:
        refuse = _REFUSE_LITERAL.format(close=data.str_object(")"))
        wrappers += [_LONE_SURROGATE, refuse, *_CHECK_GLOBALS]
    generated = [*wrappers, *lifted.values(), *lowered.values(), *checks.values()]
    generated += [text for pair in literals.values() for text in pair]
    boxes = [
        _BOX.format(w=w)
        for w in ("i64", "f64", "i32")
        if any(f"$option.box.{w}" in g for g in generated)
    ]
    return [*generated, *boxes]


#: The heap reset of a component with resources: only when no handle to an object is alive.
_RESET_UNLESS_LIVE = "global.get $resource.live i32.eqz if call $alloc.reset end"


def _resource_new(t: StructType) -> str:
    """The function that makes an own handle of the object (an exported class's)."""
    return f"$resource.new.{t.name}"


def _resource_functions(resource: ResourceType) -> list[str]:
    """``[resource-new]`` (imported from the component's canonical built-ins), counted into
    ``$resource.live``, and the destructor the host's drop of a handle calls. Two handles may
    share an object (a method returning ``self``), so the object is never freed alone: the
    heap is reset when the last handle goes."""
    new = f"$resource.new.{resource.name}"
    imported = (f'(import "[export]{resource.interface}" "[resource-new]{resource.wit}" '
                f"(func {new}.import (param i32) (result i32)))")  # fmt: skip
    return [imported, "\n".join([
        f"(func {new} (param $rep i32) (result i32)",
        "  (global.set $resource.live (i32.add (global.get $resource.live) (i32.const 1)))",
        f"  (call {new}.import (local.get $rep)))",
        f'(func (export "{resource.interface}#[dtor]{resource.wit}") (param $rep i32)',
        "  (global.set $resource.live (i32.sub (global.get $resource.live) (i32.const 1)))",
        f"  {_RESET_UNLESS_LIVE})",
    ])]  # fmt: skip


#: Whether a str object holds a lone surrogate (its UTF-8-like bytes ED A0..BF ..).
_LONE_SURROGATE = """(func $abi.lone_surrogate (param $s i32) (result i32)
  (local $i i32) (local $end i32)
  (local.set $i (i32.add (local.get $s) (i32.const 4)))
  (local.set $end (i32.add (local.get $i) (i32.load (local.get $s))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    (if (i32.and (i32.eq (i32.load8_u (local.get $i)) (i32.const 0xed))
                 (i32.ge_u (i32.load8_u offset=1 (local.get $i)) (i32.const 0xa0)))
      (then (return (i32.const 1))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (i32.const 0))"""
#: A Literal's value in a result that is none of its values: componentize-py's TypeError (its
#: result check's message), ``$where`` then the path, ``$colon``, the check's detail, ")";
#: when the heap is exhausted making them, the MemoryError already raised.
_REFUSE_LITERAL = """(func $abi.refuse_literal
  (param $where i32) (param $colon i32) (param $template i32) (local $m i32)
  (if (global.get $exc) (then (return)))
  (local.set $m (call $str.concat (local.get $where) (global.get $abi.path)))
  (if (local.get $m) (then (local.set $m (call $str.concat (local.get $m) (local.get $colon)))))
  (if (local.get $m)
    (then (local.set $m (call $str.concat (local.get $m) (global.get $abi.detail)))))
  (if (local.get $m) (then (local.set $m (call $str.concat (local.get $m) (i32.const {close})))))
  (if (local.get $m) (then (call $exc.raise_str (local.get $m) (local.get $template)))))"""
#: What a check found: the str with a lone surrogate, or (0 then) the text saying which value a
#: Literal did not have (``expected one of ['a', 'b'], got 'c'``); its path in the result
#: (``[2].name``), made as the checks return.
_CHECK_GLOBALS = (
    "(global $abi.surrogate (mut i32) (i32.const 0))",
    "(global $abi.detail (mut i32) (i32.const 0))",
    "(global $abi.path (mut i32) (i32.const 0))",
)


def _result_checks(t: Type, data: StaticData, found: dict[str, str]) -> None:
    """The generated check of a value of ``t`` (and of the values inside it), into ``found``:
    ``(param $v) (param $top i32) (result i32)``, 1 at the first value inside, in
    componentize-py's order, that cannot cross: a str holding a lone surrogate (then
    ``$abi.surrogate`` is that str) or a Literal's value that is none of its values (then
    ``$abi.detail`` says so); ``$abi.path`` is its path from ``$v`` (componentize-py's: ``[i]``
    for an item, ``.name`` for a field, without the dot at the top). Nothing is allocated
    unless one is found."""
    name = _helper("check", t)
    if name in found:
        return
    found[name] = ""
    empty = data.str_object("")

    def inner(u: Type, value: list[str], piece: list[str], top: str = "i32.const 0") -> list[str]:
        """If the value ``value`` pushes (of type ``u``) holds one: prepend ``piece`` (code
        pushing a str) to the path and return 1."""
        if u is types.STR:
            test = [*value, "call $abi.lone_surrogate", "if", *value, "global.set $abi.surrogate",
                    "i32.const 0", "global.set $abi.detail", f"i32.const {empty}",
                    "global.set $abi.path", "end", *value,
                    "call $abi.lone_surrogate"]  # fmt: skip
        elif isinstance(u, LiteralType):
            expected = data.str_object(f"expected one of {list(u.values)!r}, got ")
            shown = f"call {_STR_REPR}" if u.base is types.STR else "call $int.to_str"
            missing = [*value, f"call {_literal_helper('case', u)}", "i32.const 0", "i32.lt_s"]
            test = [*missing, "if", f"i32.const {expected}", *value, shown, "call $str.concat",
                    "global.set $abi.detail", f"i32.const {empty}", "global.set $abi.path",
                    "i32.const 0", "global.set $abi.surrogate", "end", *missing]  # fmt: skip
        else:
            _result_checks(u, data, found)
            test = [*value, top, f"call {_helper('check', u)}"]
        return [*test, "if", *piece, "global.get $abi.path", "call $str.concat",
                "global.set $abi.path", "i32.const 1", "return", "end"]  # fmt: skip

    body: list[str] = []
    if isinstance(t, LiteralType):  # a Literal result: the value itself, no path
        body += inner(t, ["local.get $v"], [f"i32.const {empty}"])
    elif isinstance(t, OptionType):
        present = ["local.get $v"]
        if t.boxed:
            present.append(f"{wasm_type(inside(t.inner))}.load")
        present = inner(t.inner, present, [f"i32.const {empty}"], "local.get $top")
        body += ["local.get $v", "if", *present, "end"]
    elif isinstance(t, StructType):
        for k, (field, field_type) in enumerate(t.fields):
            if not _needs_check(field_type):
                continue
            if t.name:  # a record's field: .name, without the dot at the top
                bare, dotted = data.str_object(field), data.str_object(f".{field}")
                piece = [f"i32.const {bare}", f"i32.const {dotted}", "local.get $top", "select"]
            else:
                piece = [f"i32.const {data.str_object(f'[{k}]')}"]
            load = f"{ITEM_LOAD[inside(field_type)]} offset={8 * k}"
            body += inner(field_type, ["local.get $v", load], piece)
    else:
        assert isinstance(t, ListType)
        index = [f"i32.const {data.str_object('[')}", "local.get $i", "i64.extend_i32_u",
                 "call $int.to_str", "call $str.concat", f"i32.const {data.str_object(']')}",
                 "call $str.concat"]  # fmt: skip
        item = ["local.get $v", "i32.load offset=8", "local.get $i", "i32.const 3", "i32.shl",
                "i32.add", ITEM_LOAD[inside(t.element)]]  # fmt: skip
        body += ["(block $done (loop $next",
                 "(br_if $done (i32.ge_u (local.get $i) (i32.load (local.get $v))))",
                 *inner(t.element, item, index),
                 "(local.set $i (i32.add (local.get $i) (i32.const 1)))",
                 "(br $next)))"]  # fmt: skip
    param = wasm_type(inside(t))
    head = f"(func {name} (param $v {param}) (param $top i32) (result i32) (local $i i32)"
    found[name] = "\n  ".join([head, *body, "i32.const 0)"])


#: The math library's repr() of a str (a Literal's value in a check's message).
_STR_REPR = function_name(LIBRARY_MODULE, "_str_repr")


def _bits(t: FlagType) -> bool:
    """Whether a flag class's member values are WIT's bits (member i is bit i: ``auto()``)."""
    return t.values == tuple(1 << i for i in range(len(t.values)))


def _from_abi(t: Type) -> list[str]:
    """A flags value's WIT bits (pushed) as its ``.value`` (nothing when they are the same)."""
    if not isinstance(t, FlagType) or _bits(t):
        return []
    return [f"call {_flag_helper('value', t)}"]


def _to_abi(t: Type) -> list[str]:
    if not isinstance(t, FlagType) or _bits(t):
        return []
    return [f"call {_flag_helper('bits', t)}"]


def _flag_helper(kind: str, t: FlagType) -> str:
    return f"$abi.flags.{kind}.{t.name}.{hashlib.sha256(repr(t).encode()).hexdigest()[:8]}"


def _flag_functions(t: FlagType) -> list[str]:
    """A flag class's conversions from WIT's bits to its values and back, bit by bit."""
    bits = [1 << i for i in range(len(t.values))]
    return [
        _remap(_flag_helper("value", t), zip(bits, t.values, strict=True)),
        _remap(_flag_helper("bits", t), zip(t.values, bits, strict=True)),
    ]


def _remap(name: str, pairs: Iterable[tuple[int, int]]) -> str:
    """A function setting bit ``target`` of its result for each bit ``source`` of its i32."""
    lines = [f"(func {name} (param $v i32) (result i32) (local $r i32)"]
    for source, target in pairs:
        set_it = f"(local.set $r (i32.or (local.get $r) (i32.const {target})))"
        lines.append(f"  (if (i32.and (local.get $v) (i32.const {source})) (then {set_it}))")
    return "\n".join([*lines, "  local.get $r)"])


def _literal_helper(kind: str, t: LiteralType) -> str:
    """The generated function from a Literal's value to its WIT case (``case``: -1 for none of
    them) or back (``value``)."""
    return f"$abi.literal.{kind}.{hashlib.sha256(repr(t).encode()).hexdigest()[:8]}"


def _literal_functions(t: LiteralType, data: StaticData) -> list[str]:
    """A Literal's two conversions: its WIT case (the value's index) from a value, and the
    value of a case (a str: the literal's static object)."""
    w = wasm_type(t.base)
    case = [f"(func {_literal_helper('case', t)} (param $v {w}) (result i32)"]
    value = [f"(func {_literal_helper('value', t)} (param $case i32) (result {w})"]
    for k, v in enumerate(t.values):
        if isinstance(v, str):
            constant = f"i32.const {data.str_object(v)}"
            same = f"(call $str.eq (local.get $v) ({constant}))"
        else:
            constant = f"i64.const {v}"
            same = f"(i64.eq (local.get $v) ({constant}))"
        case.append(f"  (if {same} (then (return (i32.const {k}))))")
        value.append(f"  (if (i32.eq (local.get $case) (i32.const {k}))"
                     f" (then (return ({constant}))))")  # fmt: skip
    return ["\n".join([*case, "  i32.const -1)"]), "\n".join([*value, "  unreachable)"])]


#: An int, float or bool argument as a present optional value (an 8-byte heap block; out of
#: memory traps, as in cabi_realloc: no guest code runs yet).
_BOX = """(func $option.box.{w} (param $v {w}) (result i32) (local $p i32)
  (local.set $p (call $struct.from_abi (i32.const 8)))
  ({w}.store (local.get $p) (local.get $v))
  (local.get $p))"""


#: Marks the ABI detail below for hosts that call the core module directly (pywasm-runtime's
#: corecall.py): such a host may skip the post-return call after an ok result without heap
#: data, saving a third of a small call.
HEAPLESS_OK_RESETS = '(@custom "pywasm-static-abi" "heapless-ok-resets-heap")'


def heapless(t: Type) -> bool:
    """A result that leaves nothing in the heap once lowered into the return area: scalars,
    None, and tuples/dataclasses of those."""
    if isinstance(t, StructType) and not is_object(t):  # (an object lives on in the heap)
        return all(heapless(f) for _, f in t.fields)
    scalars = (types.INT, types.FLOAT, types.BOOL, types.NONE)
    return t in scalars or isinstance(t, LiteralType | FlagType)


def _wrapper(export: Export, area: int, data: StaticData, reset: str) -> str:
    result = export.result
    params = "".join(f" (param {w})" for t in export.params for w in _flat(t))
    local = f" (local $r {wasm_type(inside(result))})" if result is not types.NONE else ""
    held = " ".join(f"(local $s{d} i32)" for d in range(_NESTING))
    lines = [f'(func (export "{export.core_name}"){params} (result i32){local} {held}']
    if export.constructs:  # a new object (as irbuild's construct_object), then its __init__
        assert isinstance(result, StructType)
        lines += [f"i32.const {8 * len(result.fields)}", "call $struct.from_abi", "local.tee $r",
                  f"i64.const {export.constructs}", "i64.store", "local.get $r"]  # fmt: skip
    index = 0
    compiled_params, compiled_result = export.compiled or (export.params, result)
    for t, compiled in zip(export.params, compiled_params, strict=True):
        lines += [*_lift(t, index), *dicts.from_abi(compiled, data)]
        if t is types.INT:  # tagged: beyond 2**62 a big int (support/bigint.wat)
            lines.append("call $int.lift")
        index += len(_flat(t))
    lines += _call(export, compiled_params, compiled_result)
    lines += dicts.to_abi(compiled_result)
    if result is not types.NONE and not export.constructs:
        lines.append("local.set $r")
    if result is types.INT:  # a big int as s64, else the subset's OverflowError (bigint.wat)
        lines += ["global.get $exc", "i32.eqz", "if", "local.get $r", "call $int.result"]
        lines += ["local.set $r", "end"]
    if result is types.STR:  # a lone surrogate cannot cross: a TypeError, not the host's trap
        # componentize-py's result check's message (pywasm_guest.result_check)
        where = f"{export.module}.{export.function}() must return str, but returned str"
        why = "expected valid Unicode text, got a str with a lone surrogate at "
        prefix, suffix = data.str_object(f"{where} ({why}"), data.str_object(")")
        template = data.error_record("builtins.TypeError", "")
        lines += ["global.get $exc", "i32.eqz", "if", "local.get $r", f"i32.const {prefix}"]
        lines += [f"i32.const {suffix}", f"i32.const {template}", "call $str.refuse_surrogate"]
        lines.append("end")
    if export.returned:  # the first str with a lone surrogate or bad Literal, with its path
        bare = result
        while isinstance(bare, OptionType):
            bare = bare.inner
        colon = "" if bare is types.STR or isinstance(bare, LiteralType) else ": "  # no path
        why = f"{colon}expected valid Unicode text, got a str with a lone surrogate at "
        where, because = data.str_object(export.returned), data.str_object(why)
        suffix, template = data.str_object(")"), data.error_record("builtins.TypeError", "")
        lines += ["global.get $exc", "i32.eqz", "if", "local.get $r", "i32.const 1",
                  f"call {_helper('check', result)}", "if", "global.get $abi.surrogate", "if",
                  "global.get $abi.surrogate", f"i32.const {where}", "global.get $abi.path",
                  "call $str.concat", f"i32.const {because}", "call $str.concat",
                  f"i32.const {suffix}", f"i32.const {template}", "call $str.refuse_surrogate",
                  "else", f"i32.const {where}", f"i32.const {data.str_object(colon)}",
                  f"i32.const {template}", "call $abi.refuse_literal", "end", "end",
                  "end"]  # fmt: skip
    payload = area + max(_layout(result)[1] if result is not types.NONE else 1, _ERROR_ALIGN)
    lines += ["global.get $exc", "if", f"i32.const {area}", "i32.const 1", "i32.store8"]
    # type-name and message from the error record; the traceback from the frames collected
    for offset in (0, 8):
        lines += [f"i32.const {payload + offset}", "global.get $exc"]
        lines += [f"i64.load offset={offset} align=4", "i64.store align=4"]
    lines += ["global.get $exc", f"i32.const {payload + 16}", "call $tb.render"]
    lines += ["i32.const 0", "global.set $exc", "else", f"i32.const {area}", "i32.const 0"]
    lines.append("i32.store8")
    if result is not types.NONE:
        lines += _lower(result, f"i32.const {payload}", 0, ["local.get $r"])
    if heapless(result):  # the ok result is all in the return area: free the heap now
        lines.append(reset)
    lines += ["end", f"i32.const {area})"]
    return "\n  ".join(lines)


def _call(export: Export, params: Sequence[Type], result: Type) -> list[str]:
    """Call the exported function on the lifted arguments; a method that subclasses override:
    the implementation of the object's class (``self``'s rep is parameter 0), as
    irbuild/dispatch.py's ``dispatch`` does inside. The implementation is called from here,
    as the host would call it: no frame of ours in a traceback."""
    base = [f"call {function_name(export.module, export.function)}"]
    if not export.overrides:
        return base
    returns = f" (result {wasm_type(result)})" if result is not types.NONE else ""
    block = "".join(f" (param {wasm_type(t)})" for t in params) + returns
    lines = base
    for override in reversed(export.overrides):  # nested: if its class, else the next test
        test = ["local.get 0", "i64.load", f"i64.const {override.classes[0]}", "i64.eq"]
        for number in override.classes[1:]:
            test += ["local.get 0", "i64.load", f"i64.const {number}", "i64.eq", "i32.or"]
        call = f"call {function_name(override.module, override.function)}"
        lines = [*test, f"if{block}", call, "else", *lines, "end"]
    return lines


def _flat(t: Type) -> tuple[str, ...]:
    if is_object(t):  # a borrow<r>: the rep
        return ("i32",)
    if isinstance(t, ListType | SetType | DictType):  # a dict or set: its list (``_crossing``)
        return ("i32", "i32")
    if isinstance(t, OptionType):  # the discriminant, then the value's
        return ("i32", *_flat(t.inner))
    if isinstance(t, EnumType | LiteralType | FlagType):  # the discriminant, the flags' bits
        return ("i32",)
    if isinstance(t, StructType):
        return tuple(w for _, f in t.fields for w in _flat(f))
    return _FLAT[t]


def _lift(t: Type, index: int, depth: int = 0) -> list[str]:
    """Push the value of parameter ``t`` from its flat core parameters at ``index`` (a record
    inside it is held in ``$s<depth>`` while its fields are stored)."""
    if is_object(t):  # a borrow<r> of the component's own resource arrives as its rep
        return [f"local.get {index}"]
    if isinstance(t, StructType):  # a heap block of 8-byte slots, filled field by field
        held = f"$s{depth}"
        lines = [f"i32.const {8 * len(t.fields)}", "call $struct.from_abi", f"local.set {held}"]
        for k, (_, field_type) in enumerate(t.fields):
            lines += [
                f"local.get {held}",
                *_lift(field_type, index, depth + 1),
                f"{ITEM_STORE[inside(field_type)]} offset={8 * k}",
            ]
            index += len(_flat(field_type))
        return [*lines, f"local.get {held}"]
    if isinstance(t, OptionType):  # none: 0; some: the value (boxed when a scalar)
        some = _lift(t.inner, index + 1, depth)
        wrap = [f"call $option.box.{wasm_type(inside(t.inner))}"] if t.boxed else []
        return [f"local.get {index}", "if (result i32)", *some, *wrap, "else", "i32.const 0",
                "end"]  # fmt: skip
    lines = [f"local.get {index}", *_from_abi(t)]
    if isinstance(t, LiteralType):  # the case's value
        lines.append(f"call {_literal_helper('value', t)}")
    if t is types.BOOL:  # the ABI passes any nonzero i32 as true
        lines += ["i32.const 0", "i32.ne"]
    if t in (types.STR, types.BYTES):  # the host's (pointer, length) buffer -> a str object
        lines += [f"local.get {index + 1}", f"call ${t}.from_abi"]
    if isinstance(t, ListType):
        lines += [f"local.get {index + 1}", f"call {_adopt(t)}"]
    return lines


def _adopt(t: ListType) -> str:
    """The function that makes a list of the host's (pointer, length) buffer: 8-byte items are
    the ABI's layout of s64 and f64; bools are one byte, strings (pointer, length) pairs, tuples
    and dataclasses records, lists (pointer, length) pairs (the last two: generated helpers)."""
    if _needs_helper(t):
        return _helper("lift", t)
    return _ADOPT.get(t.element, "$list.adopt")


def _needs_helper(t: ListType) -> bool:
    kinds = StructType | ListType | OptionType | EnumType | LiteralType | FlagType
    return isinstance(t.element, kinds)


def _helper_lists(t: Type) -> Iterator[ListType]:
    """The lists of tuples, dataclasses or lists inside a value of ``t`` (each needs a helper)."""
    if isinstance(t, ListType) and _needs_helper(t):
        yield t
        yield from _helper_lists(t.element)
    if isinstance(t, StructType) and not is_object(t):
        for _, field_type in t.fields:
            yield from _helper_lists(field_type)
    if isinstance(t, OptionType):
        yield from _helper_lists(t.inner)


def _helper(kind: str, t: ListType) -> str:
    """The name of the generated function that lifts or lowers a list of tuples, dataclasses or
    lists (named after the structure, so equal types share one)."""
    spelled = repr(t)
    readable = re.sub(r"[^A-Za-z0-9_]", "_", str(t))
    return f"$abi.{kind}.{readable}.{hashlib.sha256(spelled.encode()).hexdigest()[:8]}"


def _lift_list(t: ListType) -> str:
    """The helper: a list<record> (or list<list<...>>) buffer of the host -> a list of heap
    blocks, each record's fields read from its canonical layout (each inner list made from its
    (pointer, length) pair). Out of memory traps (as in cabi_realloc)."""
    element = t.element
    size = _layout(element)[0]
    body = [
        "(local.set $l (call $list.alloc (local.get $len) (local.get $len)))",
        "(if (i32.eqz (local.get $l)) (then unreachable))",
        "(block $done (loop $next",
        "(br_if $done (i32.ge_u (local.get $i) (local.get $len)))",
        f"(local.set $e (i32.add (local.get $ptr) (i32.mul (local.get $i) (i32.const {size}))))",
    ]
    item = ["(i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3)))"]
    if isinstance(element, StructType):
        offsets, _, _ = _field_offsets(element)
        body.append(f"(local.set $s (call $struct.from_abi (i32.const {8 * len(element.fields)})))")
        for k, ((_, field_type), offset) in enumerate(zip(element.fields, offsets, strict=True)):
            value = " ".join(_lift_at(field_type, offset))
            body.append(f"local.get $s {value} {ITEM_STORE[inside(field_type)]} offset={8 * k}")
        item.append("local.get $s")
    else:
        item += _lift_at(element, 0)
    body += [
        " ".join([*item, ITEM_STORE[inside(element)]]),
        "(local.set $i (i32.add (local.get $i) (i32.const 1)))",
        "(br $next)))",
        "(local.get $l)",
    ]
    head = f"(func {_helper('lift', t)} (param $ptr i32) (param $len i32) (result i32)"
    nested = " ".join(f"(local $n{d} i32)" for d in range(_NESTING))
    locals_ = f"(local $l i32) (local $i i32) (local $e i32) (local $s i32) {nested}"
    return "\n  ".join([head, locals_, *body]) + ")"


#: How an enum's discriminant is read and written in memory, by its size in bytes.
_ENUM_LOAD = {1: "i32.load8_u", 2: "i32.load16_u", 4: "i32.load"}
_ENUM_STORE = {1: "i32.store8", 2: "i32.store16", 4: "i32.store"}
#: Records nested in a list's records, this deep, are lifted (one local holds each level).
_NESTING = 4


def _lift_at(t: Type, offset: int, depth: int = 0) -> list[str]:
    """Push the value of a record field of ``t`` stored at ``$e + offset`` (a record inside
    it: a heap block filled from its fields' offsets, held in ``$n<depth>``)."""
    at = ["local.get $e"]
    if isinstance(t, EnumType | FlagType):
        return [*at, f"{_ENUM_LOAD[_layout(t)[0]]} offset={offset}", *_from_abi(t)]
    if isinstance(t, LiteralType):  # its discriminant, then the case's value
        load = f"{_ENUM_LOAD[_layout(t)[0]]} offset={offset}"
        return [*at, load, f"call {_literal_helper('value', t)}"]
    if isinstance(t, OptionType):
        some = _lift_at(t.inner, offset + _payload_offset(t), depth)
        wrap = [f"call $option.box.{wasm_type(inside(t.inner))}"] if t.boxed else []
        return [*at, f"i32.load8_u offset={offset}", "if (result i32)", *some, *wrap, "else",
                "i32.const 0", "end"]  # fmt: skip
    if isinstance(t, StructType):
        held = f"$n{depth}"
        lines = [f"i32.const {8 * len(t.fields)}", "call $struct.from_abi", f"local.set {held}"]
        offsets, _, _ = _field_offsets(t)
        for k, ((_, field_type), at_offset) in enumerate(zip(t.fields, offsets, strict=True)):
            value = _lift_at(field_type, offset + at_offset, depth + 1)
            store = f"{ITEM_STORE[inside(field_type)]} offset={8 * k}"
            lines += [f"local.get {held}", *value, store]
        return [*lines, f"local.get {held}"]
    if t is types.INT:
        return [*at, f"i64.load offset={offset}"]
    if t is types.FLOAT:
        return [*at, f"f64.load offset={offset}"]
    if t is types.BOOL:
        return [*at, f"i32.load8_u offset={offset}", "i32.const 0", "i32.ne"]
    pair = [*at, f"i32.load offset={offset}", *at, f"i32.load offset={offset + 4}"]
    if t in (types.STR, types.BYTES):  # a copy: the buffer is the whole record list's
        return [*pair, "call $str.from_abi"]
    assert isinstance(t, ListType)
    return [*pair, f"call {_adopt(t)}"]


def _lower_list(t: ListType) -> str:
    """The helper: a list of tuples, dataclasses or lists -> a new buffer of their canonical
    layout (0 when empty). Out of memory traps: the result is already being written."""
    element = t.element
    size = _layout(element)[0]
    item = ["local.get $s"]
    if inside(element) is types.INT:  # (an int Literal: its 8 bytes)
        item = ["(i64.load (i32.add (i32.load offset=8 (local.get $l))"
                " (i32.shl (local.get $i) (i32.const 3))))"]  # fmt: skip
    stores = _lower(element, "local.get $e", 0, item)
    body = [
        "(local.set $n (i32.load (local.get $l)))",
        "(if (i32.eqz (local.get $n)) (then (return (i32.const 0))))",
        f"(local.set $out (call $alloc.malloc (i32.mul (local.get $n) (i32.const {size}))))",
        "(if (i32.eqz (local.get $out)) (then unreachable))",
        "(block $done (loop $next",
        "(br_if $done (i32.ge_u (local.get $i) (local.get $n)))",
        "(local.set $s (i32.load (i32.add (i32.load offset=8 (local.get $l))"
        " (i32.shl (local.get $i) (i32.const 3)))))",
        f"(local.set $e (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const {size}))))",
        *stores,
        "(local.set $i (i32.add (local.get $i) (i32.const 1)))",
        "(br $next)))",
        "(local.get $out)",
    ]
    head = f"(func {_helper('lower', t)} (param $l i32) (result i32)"
    locals_ = "(local $n i32) (local $i i32) (local $out i32) (local $s i32) (local $e i32)"
    return "\n  ".join([head, locals_, *body]) + ")"


def _payload_offset(t: OptionType) -> int:
    """Where an option's value is, after its discriminant byte."""
    return _layout(t.inner)[1]


def _layout(t: Type) -> tuple[int, int]:
    """The canonical ABI's (size, alignment) of a value of ``t`` in memory."""
    if isinstance(t, OptionType):
        size, align = _layout(t.inner)
        return (align + size + align - 1) // align * align, align
    if isinstance(t, EnumType | LiteralType):  # the discriminant's smallest unsigned type
        cases = len(t.members if isinstance(t, EnumType) else t.values)
        size = 1 if cases <= 1 << 8 else 2 if cases <= 1 << 16 else 4
        return size, size
    if isinstance(t, FlagType):  # a bit per member (at most 32)
        size = 1 if len(t.members) <= 8 else 2 if len(t.members) <= 16 else 4
        return size, size
    if is_object(t):  # a handle
        return 4, 4
    if isinstance(t, StructType):
        _, size, align = _field_offsets(t)
        return size, align
    if isinstance(t, ListType) or t in (types.STR, types.BYTES):
        return 8, 4
    return {types.INT: (8, 8), types.FLOAT: (8, 8), types.BOOL: (1, 1)}[t]


def _field_offsets(t: StructType) -> tuple[list[int], int, int]:
    offsets, at, align = [], 0, 1
    for _, field_type in t.fields:
        size, field_align = _layout(field_type)
        at = (at + field_align - 1) // field_align * field_align
        offsets.append(at)
        at += size
        align = max(align, field_align)
    return offsets, (at + align - 1) // align * align, align


def _lower(t: Type, at: str, offset: int, value: list[str]) -> list[str]:
    """Store the value that ``value`` pushes at the address ``at`` pushes plus ``offset``, in the
    canonical layout."""
    if isinstance(t, EnumType | FlagType):
        return [at, *value, *_to_abi(t), f"{_ENUM_STORE[_layout(t)[0]]} offset={offset}"]
    if isinstance(t, LiteralType):  # the value's case (a result check made sure it has one)
        case = f"call {_literal_helper('case', t)}"
        return [at, *value, case, f"{_ENUM_STORE[_layout(t)[0]]} offset={offset}"]
    if is_object(t):  # an own<r> result: a new handle to the object
        assert isinstance(t, StructType)
        return [at, *value, f"call {_resource_new(t)}", f"i32.store offset={offset}"]
    if isinstance(t, OptionType):  # discriminant byte; the value only when present
        inner = [*value, f"{wasm_type(inside(t.inner))}.load"] if t.boxed else value
        payload = _lower(t.inner, at, offset + _payload_offset(t), inner)
        return [*value, "i32.eqz", "if", at, "i32.const 0", f"i32.store8 offset={offset}", "else",
                at, "i32.const 1", f"i32.store8 offset={offset}", *payload, "end"]  # fmt: skip
    if isinstance(t, StructType):
        offsets, _, _ = _field_offsets(t)
        lines: list[str] = []
        for k, ((_, field_type), field_offset) in enumerate(zip(t.fields, offsets, strict=True)):
            field = [*value, f"{ITEM_LOAD[inside(field_type)]} offset={8 * k}"]
            lines += _lower(field_type, at, offset + field_offset, field)
        return lines
    if isinstance(t, ListType):  # (pointer to the items, length)
        items = (
            f"call {_helper('lower', t)}"
            if _needs_helper(t)
            else _ITEMS_TO_ABI.get(t.element, "i32.load offset=8")
        )
        return [at, *value, items, f"i32.store offset={offset}",
                at, *value, "i32.load", f"i32.store offset={offset + 4}"]  # fmt: skip
    if t in (types.STR, types.BYTES):  # (pointer to the bytes, byte length)
        return [at, *value, "i32.const 4", "i32.add", f"i32.store offset={offset}",
                at, *value, "i32.load", f"i32.store offset={offset + 4}"]  # fmt: skip
    return [at, *value, f"{_STORE[t]} offset={offset}"]


def return_area_size(exports: Sequence[Export]) -> int:
    """Bytes the shared return area needs: the discriminant, then the largest payload."""
    sizes = [32]
    for e in exports:
        if e.result is not types.NONE:
            size, align = _layout(e.result)
            sizes.append(max(align, _ERROR_ALIGN) + size)
    return max(sizes)
