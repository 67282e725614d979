"""What a component exports and imports, read from its own types (no instance needed).

Names: an interface is found by its WIT id (``ns:pkg/iface@1.0.0``), its short WIT name
(``iface``), or, with our model, its Python module (``pkg.iface``); a function by its WIT name or
its Python name.
"""

from __future__ import annotations

from typing import NamedTuple

import wasmtime
from wasmtime import component as wc

from pywasm_runtime import classes, model

#: The pseudo-interface of functions exported or imported by the world itself (not in an
#: interface); hatch-pywasm components have none, other components may.
WORLD = "world"


class FunctionInfo(NamedTuple):
    wit: str  # the export's name: "add", "[constructor]counter", "[method]counter.incr"
    type: wc.FuncType
    model: model.Function | None = None

    @property
    def resource(self) -> str | None:
        """The WIT resource name of a constructor/method/static."""
        if not self.wit.startswith("["):
            return None
        return self.wit.partition("]")[2].partition(".")[0]

    @property
    def kind(self) -> str:
        if not self.wit.startswith("["):
            return "function"
        return self.wit[1 : self.wit.index("]")]

    @property
    def python_name(self) -> str:
        if self.model is not None:
            return self.model.name
        return classes.python_name(self.wit.partition("]")[2].rpartition(".")[2] or self.wit)


class InterfaceInfo(NamedTuple):
    id: str  # "ns:pkg/iface@1.0.0"
    functions: dict[str, FunctionInfo]
    model: model.Interface | None = None
    resources: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.id.rpartition("/")[2].partition("@")[0]

    @property
    def python_name(self) -> str:
        if self.model is not None:
            return self.model.module.rpartition(".")[2]
        return classes.python_name(self.short)

    def names(self) -> set[str]:
        found = {self.id, self.short, self.python_name}
        if self.model is not None:
            found.add(self.model.module)
        return found

    def function(self, name: str) -> FunctionInfo:
        for info in self.functions.values():
            if name in (info.wit, info.python_name) and info.kind == "function":
                return info
        found = self.functions.get(name)
        if found is None:
            listed = sorted(f.python_name for f in self.functions.values() if f.kind == "function")
            raise AttributeError(f"{self.id} has no function {name!r}; it exports {listed}")
        return found


def _interfaces(
    items: dict[str, wc.ComponentExtern],
    engine: wasmtime.Engine,
    spec: model.Component | None,
    imported: bool,
) -> list[InterfaceInfo]:
    """Interfaces that carry functions. Instances whose names are not ``ns:pkg/iface`` ids
    (componentize-py's own ``exports`` init hook) are internal and skipped."""
    by_id = {spec.qualified(i): i for i in spec.interfaces()} if spec else {}
    found = []
    world_level: dict[str, FunctionInfo] = {}
    for name, extern in items.items():
        ty = extern.ty
        if isinstance(ty, wc.FuncType):
            world_level[name] = FunctionInfo(name, ty)
        if ":" not in name or not isinstance(ty, wc.ComponentInstanceType):
            continue
        interface = by_id.get(name)
        functions: dict[str, FunctionInfo] = {}
        resources = []
        for item_name, item in ty.exports(engine).items():
            item_ty = item.ty
            if isinstance(item_ty, wc.FuncType):
                functions[item_name] = FunctionInfo(
                    item_name, item_ty, _model_function(interface, item_name)
                )
            elif isinstance(item_ty, wc.ResourceType):
                resources.append(item_name)
        if functions or not imported:
            found.append(InterfaceInfo(name, functions, interface, tuple(resources)))
    if world_level:
        found.append(InterfaceInfo(WORLD, world_level))
    return found


def _model_function(interface: model.Interface | None, wit: str) -> model.Function | None:
    if interface is None:
        return None
    if not wit.startswith("["):
        return next((f for f in interface.functions if model.plain_wit_name(f.name) == wit), None)
    kind, _, rest = wit[1:].partition("]")
    resource_wit, _, method_wit = rest.partition(".")
    for definition in interface.types:
        if (
            isinstance(definition, model.Resource)
            and model.plain_wit_name(definition.name) == resource_wit
        ):
            if kind == "constructor":
                return definition.constructor
            return next(
                (m for m in definition.methods if model.plain_wit_name(m.name) == method_wit), None
            )
    return None


def exported(
    component: wc.Component, engine: wasmtime.Engine, spec: model.Component | None
) -> list[InterfaceInfo]:
    return _interfaces(component.type.exports(engine), engine, spec, imported=False)


def imported(
    component: wc.Component, engine: wasmtime.Engine, spec: model.Component | None
) -> list[InterfaceInfo]:
    """Non-WASI imported interfaces with functions (the host must provide them)."""
    # Filtered by name first: reading the types of the ~25 WASI interfaces a componentize-py
    # component imports costs ~1.3 ms of every first call.
    items = {
        name: extern
        for name, extern in component.type.imports(engine).items()
        if not name.startswith("wasi:")
    }
    return _interfaces(items, engine, spec, imported=True)


def built_by_componentize_py(component: wc.Component, engine: wasmtime.Engine) -> bool:
    """componentize-py exports its own ``exports`` instance (the snapshot's ``init`` hook)."""
    internal = component.type.exports(engine).get("exports")
    return internal is not None and isinstance(internal.ty, wc.ComponentInstanceType)


def uses_wasi(component: wc.Component, engine: wasmtime.Engine) -> bool:
    return any(name.startswith("wasi:") for name in component.type.imports(engine))


def can_wait_in_host(
    component: wc.Component, engine: wasmtime.Engine, spec: model.Component | None
) -> bool:
    """A guest can block outside its own code only in a function it imports (a WASI poll or
    stream write, a host function); an interface imported for its types alone has none."""
    return uses_wasi(component, engine) or bool(imported(component, engine, spec))


def find(interfaces: list[InterfaceInfo], name: str) -> InterfaceInfo:
    for interface in interfaces:
        if name in interface.names():
            return interface
    raise AttributeError(
        f"no interface {name!r}; the component has {sorted(i.id for i in interfaces)}"
    )
