"""Which interface owns each named type.

* A resource belongs to the interface of the module that defines it (when that module is part of
  the component; else to its one user). Its methods are implemented there, so it cannot live in
  the shared ``types`` interface, which a world imports.
* A type that holds a resource lives with that resource.
* Any other type lives in the one interface that mentions it (directly or through other types),
  or in the shared ``types`` interface when several do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pywasm_runtime import model

from hatch_pywasm.diagnostics import Diagnostic

SHARED = model.SHARED_INTERFACE


def type_references(expr: model.TypeExpr | None) -> Iterator[str]:
    """The names of the definitions a type expression mentions."""
    if isinstance(expr, model.Named):
        yield expr.name
    elif isinstance(expr, model.ListOf | model.SetOf):
        yield from type_references(expr.element)
    elif isinstance(expr, model.OptionOf):
        yield from type_references(expr.inner)
    elif isinstance(expr, model.TupleOf):
        for element in expr.elements:
            yield from type_references(element)
    elif isinstance(expr, model.DictOf):
        yield from type_references(expr.key)
        yield from type_references(expr.value)


def function_references(function: model.Function) -> Iterator[str]:
    for param in function.params:
        yield from type_references(param.type)
    yield from type_references(function.result)


def definition_references(definition: model.TypeDef) -> Iterator[str]:
    if isinstance(definition, model.Record):
        for f in definition.fields:
            yield from type_references(f.type)
    elif isinstance(definition, model.Variant):
        for case in definition.cases:
            yield case.payload.name
    elif isinstance(definition, model.Resource):
        for function in (definition.constructor, *definition.methods):
            yield from function_references(function)


def closure(names: Iterable[str], defs: dict[str, model.TypeDef]) -> set[str]:
    """``names`` and every type they mention, transitively."""
    seen: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name not in seen and name in defs:
            seen.add(name)
            pending.extend(definition_references(defs[name]))
    return seen


def place(
    direct: dict[str, set[str]],
    modules: dict[str, str],
    defs: dict[str, model.TypeDef],
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Owner interface of each type.

    ``direct``: interface name -> the type names it mentions itself; ``modules``: dotted module ->
    interface name."""
    reach = {interface: closure(names, defs) for interface, names in direct.items()}
    users = {name: {i for i, r in reach.items() if name in r} for name in defs}
    owner: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for name, definition in defs.items():
        if isinstance(definition, model.Resource):
            home = modules.get(definition.origin.module)
            if home is None and len(users[name]) == 1:
                home = next(iter(users[name]))
            if home is None:
                problems.append(
                    _problem(
                        definition,
                        "is used by several interfaces; list its "
                        "module in the component so one of them owns it",
                    )
                )
                continue
            owner[name] = home
    for name, definition in defs.items():
        if name in owner:
            continue
        homes = {owner[r] for r in closure([name], defs) if r in owner}
        if len(homes) > 1:
            problems.append(
                _problem(
                    definition,
                    f"holds resources of several interfaces ({', '.join(sorted(homes))})",
                )
            )
        elif homes:
            owner[name] = homes.pop()
    for name in defs:
        if name in owner:
            continue
        anchored = {owner[s] for s in defs if s in owner and name in closure([s], defs)}
        where = users[name] | anchored
        if where:  # a type no interface mentions is left out
            owner[name] = where.pop() if len(where) == 1 else SHARED
    return owner, problems


def host_resource_problems(
    direct: dict[str, set[str]], imports: Iterable[str], defs: dict[str, model.TypeDef]
) -> list[Diagnostic]:
    """Resources reached from import interfaces: a host-provided resource (or one of the
    component's own passed to the host) needs resource support in the guest adapter and the
    runtime's host side, which neither has yet; without this check the WIT would be invalid."""
    return [
        _problem(
            defs[name],
            f"is a resource (a class with methods) reached from the host import interface "
            f"{interface}; resources cannot cross host imports yet (hint: pass records or "
            "plain values to and from host functions)",
        )
        for interface in sorted(imports)
        for name in sorted(closure(direct[interface], defs))
        if isinstance(defs[name], model.Resource)
    ]


def _problem(definition: model.TypeDef, message: str) -> Diagnostic:
    origin = definition.origin
    return Diagnostic(origin.file, origin.line, 1, f"type {definition.name} {message}")
