"""The guest adapter: Python source that implements a component's WIT with the user's modules.

componentize-py generates binding types from the WIT (its own dataclasses, enums, one class per
variant case) and calls one class per exported interface. The adapter generated here

* implements each exported interface by calling the user's function, converting every argument
  from the binding types to the user's own classes and the result back;
* wraps every call in ``pywasm_guest.guard`` so an exception leaves as ``result::err(guest-error)``;
* implements each exported resource as a class holding the user's object;
* binds the project's import modules to the WIT imports before any user module runs;
* imports every project module at build time, since componentize-py only bundles (and snapshots)
  modules imported while it builds: a lazy ``import`` at run time then still finds them.

Exported interfaces are renamed ``pywasm_export_<iface>`` in the bindings (see
:func:`export_binding_name`), so the top-level module componentize-py wants per resource-holding
interface can never collide with a user package.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path

from pywasm_runtime import errordetail, isotext, model

from hatch_pywasm.backends.componentize import checks
from hatch_pywasm.diagnostics import PyWasmError

APP_MODULE = "pywasm_adapter"
GUEST_SUPPORT = Path(__file__).parent / "guest" / "pywasm_guest.py"
#: The runtime's exception detail, which both sides run (see ``pywasm_runtime.errordetail``).
ERROR_DETAIL = Path(errordetail.__file__)
#: The runtime's parsers of date and time text, which both sides run too.
ISO_TEXT = Path(isotext.__file__)


def guest_support_files() -> dict[str, str]:
    """The modules every adapter imports, by file name on the guest's python path."""
    return {
        "pywasm_guest.py": GUEST_SUPPORT.read_text("utf-8"),
        "pywasm_errordetail.py": ERROR_DETAIL.read_text("utf-8"),
        "pywasm_isotext.py": ISO_TEXT.read_text("utf-8"),
    }


class AdapterError(PyWasmError):
    """The model asks for something the componentize-py backend cannot express."""


# --------------------------------------------------------------------------------------------
# componentize-py's naming of WIT items in the generated bindings
# --------------------------------------------------------------------------------------------


def _snake(wit: str) -> str:
    name = wit.lstrip("%").replace("-", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


def _camel(name: str) -> str:
    """A WIT (kebab) or Python (snake) name as componentize-py's class name."""
    return "".join(word.capitalize() for word in re.split(r"[-_]", name.lstrip("%")))


def _upper(wit: str) -> str:
    return wit.lstrip("%").replace("-", "_").upper()


def export_binding_name(interface: model.Interface) -> str:
    """The Python name componentize-py is told to use for an exported interface."""
    return f"pywasm_export_{_snake(interface.name)}"


def export_interface_names(component: model.Component) -> list[tuple[str, str]]:
    """The ``export_interface_names`` argument of ``componentize_py.componentize``."""
    return [(component.qualified(i), export_binding_name(i)) for i in component.exports]


# --------------------------------------------------------------------------------------------
# Converters: expressions of one-argument callables, hoisted into module-level names
# --------------------------------------------------------------------------------------------


@dataclass
class _Writer:
    component: model.Component
    defs: dict[str, model.TypeDef] = field(default_factory=dict)
    binding_modules: dict[str, str] = field(default_factory=dict)  # interface name -> alias
    user_classes: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> origin
    hoisted: dict[str, str] = field(default_factory=dict)  # expression -> name
    functions: list[str] = field(default_factory=list)  # converter function definitions
    done: dict[tuple[str, bool], str] = field(default_factory=dict)

    def binding_module(self, interface: model.Interface) -> str:
        """An alias of the binding module of ``interface`` (imported at the top of the app)."""
        return self.binding_modules.setdefault(interface.name, f"_w{len(self.binding_modules)}")

    def binding_class(self, type_name: str, suffix: str = "") -> str:
        owner = self.component.owner_of(type_name)
        return f"{self.binding_module(owner)}.{_camel(model.wit_name(type_name))}{suffix}"

    def user_class(self, definition: model.TypeDef) -> str:
        alias = f"_U_{definition.name}"
        self.user_classes[alias] = (definition.origin.module, definition.origin.qualname)
        return alias

    def hoist(self, expression: str) -> str:
        if expression not in self.hoisted:
            self.hoisted[expression] = f"_c{len(self.hoisted)}"
        return self.hoisted[expression]

    def converter(self, t: model.TypeExpr, to_user: bool) -> str | None:
        """A name bound to a callable converting a value of ``t``; None when no conversion is
        needed (primitives, bytes, and containers of them)."""
        g = "_g"
        match t:
            case model.Bytes(python_kind=kind) if kind != "bytes":
                return self.hoist(kind if to_user else "bytes")
            case model.Primitive() | model.Bytes():
                return None
            case model.Stdlib(name=name):
                table = "STDLIB_FROM_WIT" if to_user else "STDLIB_TO_WIT"
                return self.hoist(f"{g}.{table}[{name!r}]")
            case model.SetOf(element, frozen):
                inner = self.converter(element, to_user) or f"{g}.identity"
                if not to_user:
                    return self.hoist(f"{g}.list_of({inner})")
                return self.hoist(f"{g}.{'frozenset' if frozen else 'set'}_of({inner})")
            case model.ListOf(model.Primitive("u8"), "list"):
                # componentize-py binds every list<u8> as bytes: the source said list[int]
                return self.hoist(f"{g}.list_of({g}.identity)" if to_user else "bytes")
            case model.ListOf(element, kind):
                inner = self.converter(element, to_user)
                if to_user and kind != "list":  # a tuple, or an iterator over the items
                    helper = "tuple_of_items" if kind == "tuple" else "iterator_of"
                    return self.hoist(f"{g}.{helper}({inner or f'{g}.identity'})")
                if not to_user and kind != "list":  # any iterable the user returns
                    return self.hoist(f"{g}.list_of({inner or f'{g}.identity'})")
                return inner and self.hoist(f"{g}.list_of({inner})")
            case model.OptionOf(inner_type):
                inner = self.converter(inner_type, to_user)
                return inner and self.hoist(f"{g}.option_of({inner})")
            case model.TupleOf(elements):
                inners = [self.converter(e, to_user) for e in elements]
                if not any(inners):
                    return None
                args = ", ".join(i or f"{g}.identity" for i in inners)
                return self.hoist(f"{g}.tuple_of({args})")
            case model.DictOf(key, value):
                k = self.converter(key, to_user) or f"{g}.identity"
                v = self.converter(value, to_user) or f"{g}.identity"
                helper = "dict_from_pairs" if to_user else "pairs_from_dict"
                return self.hoist(f"{g}.{helper}({k}, {v})")
            case model.Named(name):
                return self.named(self.defs[name], to_user)
        raise AdapterError(f"unsupported type expression {t!r}")

    def named(self, definition: model.TypeDef, to_user: bool) -> str:
        key = (definition.name, to_user)
        if key not in self.done:
            self.done[key] = self._named(definition, to_user)
        return self.done[key]

    def _named(self, definition: model.TypeDef, to_user: bool) -> str:
        function = f"_to_{'user' if to_user else 'wit'}_{definition.name}"
        match definition:
            case model.Enum(cases=cases) | model.Flags(members=cases):
                user, wit = self.user_class(definition), self.binding_class(definition.name)
                names = {c.name: _upper(model.wit_name(c.name)) for c in cases}
                if to_user:
                    names = {w: u for u, w in names.items()}
                source, target = (wit, user) if to_user else (user, wit)
                if isinstance(definition, model.Enum):
                    return self.hoist(f"_g.enum_by_name({target}, {names!r})")
                return self.hoist(f"_g.flags_by_name({source}, {target}, {names!r})")
            case model.LiteralEnum(values=values):
                wit = self.binding_class(definition.name)
                members = {v: _upper(model.literal_case(v)) for v in values}
                if to_user:
                    return self.hoist(
                        f"_g.literal_from_wit({ {m: v for v, m in members.items()}!r})"
                    )
                return self.hoist(f"_g.literal_to_wit({wit}, {members!r})")
            case model.Record(fields=fields, python_kind="typeddict"):
                wit = self.binding_class(definition.name)
                spec = [
                    (f.name, _snake(model.wit_name(f.name)), f.required,
                     self.converter(f.type, to_user) or "_g.identity")
                    for f in fields
                ]  # fmt: skip
                items = ", ".join(f"({n!r}, {a!r}, {r!r}, {c})" for n, a, r, c in spec)
                helper = "typeddict_from_wit" if to_user else "typeddict_to_wit"
                return self.hoist(f"_g.{helper}({wit}, [{items}])")
            case model.Record(fields=fields):
                user = self.user_class(definition)
                wit = self.binding_class(definition.name)
                args = []
                for f in fields:
                    attr = _snake(model.wit_name(f.name))
                    get = f"value.{attr}" if to_user else f"value.{f.name}"
                    convert = self.converter(f.type, to_user)
                    args.append(
                        f"{f.name if to_user else attr}={f'{convert}({get})' if convert else get}"
                    )
                body = f"{user if to_user else wit}({', '.join(args)})"
            case model.Variant(cases=cases):
                lines = []
                for case in cases:
                    case_class = self.binding_class(
                        definition.name, f"_{_camel(model.wit_name(case.name))}"
                    )
                    payload = self.named(self.defs[case.payload.name], to_user)
                    if to_user:
                        test, make = case_class, f"{payload}(value.value)"
                    else:
                        test = self.user_class(self.defs[case.payload.name])
                        make = f"{case_class}({payload}(value))"
                    lines.append(f"    if isinstance(value, {test}):\n        return {make}")
                kinds = "" if to_user else f" (expected one of {', '.join(c.name for c in cases)})"
                message = f"not a {definition.name}{kinds}: "
                self.functions.append(
                    f"def {function}(value):\n"
                    + "\n".join(lines)
                    + f"\n    raise TypeError({message!r} + repr(value))\n"
                )
                return function
            case model.Resource():
                self.resource_owner(definition)  # checks it can be exported
                adapter_class = _camel(model.wit_name(definition.name))  # defined in the app
                body = "value._pywasm_object" if to_user else f"_wrap({adapter_class}, value)"
        self.functions.append(f"def {function}(value):\n    return {body}\n")
        return function

    def resource_owner(self, resource: model.Resource) -> model.Interface:
        owner = self.component.owner_of(resource.name)
        if owner not in self.component.exports:
            raise AdapterError(
                f"resource {resource.name} ({resource.origin.module}) must be defined by an "
                "exported module; the componentize backend cannot hand a guest object to the host "
                "through a shared or imported interface"
            )
        return owner

    def result_check(self, result: model.TypeExpr, where: str) -> str:
        """A name bound to the check of a result of type ``result`` returned by ``where`` (the
        user function's dotted name; see ``checks``)."""
        spec = checks.spec(result, self.defs, self.user_class)
        declared = checks.declared(result, self.defs)
        return self.hoist(f"_g.result_check({where!r}, {declared!r}, {spec})")

    def call(self, target: str, function: model.Function, args: list[str], where: str) -> str:
        """``target(args...)`` with arguments and result converted (the result checked against
        its declared type first); the expression evaluates to the WIT value. ``where``: the
        user function's dotted name, for messages."""
        converted = []
        for param, arg in zip(function.params, args, strict=True):
            convert = self.converter(param.type, to_user=True)
            value = f"{convert}({arg})" if convert else arg
            # WIT parameters are positional; the user's function gets the source's kinds
            if param.kind == "keyword_only":
                value = f"{param.name}={value}"
            elif param.kind == "var_positional":
                value = f"*{value}"
            elif param.kind == "var_keyword":
                value = f"**{value}"
            converted.append(value)
        expression = f"{target}({', '.join(converted)})"
        if function.result is not None:
            expression = f"{self.result_check(function.result, where)}({expression})"
            convert = self.converter(function.result, to_user=False)
            if convert:
                expression = f"{convert}({expression})"
        return expression


# --------------------------------------------------------------------------------------------
# The app module and the resource modules
# --------------------------------------------------------------------------------------------


def _params(function: model.Function) -> list[str]:
    return [f"p{i}" for i in range(len(function.params))]


def _export_class(writer: _Writer, interface: model.Interface, module_alias: str) -> str:
    binding = export_binding_name(interface)
    lines = [f"class {_camel(binding)}(exports.{_camel(binding)}):"]
    for function in interface.functions:
        params = _params(function)
        where = f"{interface.module}.{function.name}"
        call = writer.call(f"{module_alias}.{function.name}", function, params, where)
        signature = "".join(", " + p for p in params)
        lines.append(f"    def {_snake(model.wit_name(function.name))}(self{signature}):")
        lines.append(f"        return _g.guard(lambda: {call})")
    if not interface.functions:
        lines.append("    pass")
    return "\n".join(lines) + "\n"


def _resource_class(writer: _Writer, resource: model.Resource, interface: model.Interface) -> str:
    binding = export_binding_name(interface)
    name = _camel(model.wit_name(resource.name))
    user = writer.user_class(resource)
    ctor = resource.constructor
    params = _params(ctor)
    lines = [
        f"class {name}(_w_{binding}.{name}):",
        f"    def __init__(self{''.join(', ' + p for p in params)}):",
        f"        self._pywasm_object = _g.guard(lambda: {writer.call(user, ctor, params, '')})",
    ]
    for method in resource.methods:
        params = _params(method)
        method_name = _snake(model.wit_name(method.name))
        signature = "".join(", " + p for p in params)
        where = f"{resource.origin.module}.{resource.origin.qualname}.{method.name}"
        if method.kind == "static":
            call = writer.call(f"{user}.{method.name}", method, params, where)
            lines += ["    @classmethod", f"    def {method_name}(cls{signature}):"]
        elif method.kind == "getter":
            getter = f"(lambda: self._pywasm_object.{method.name})"
            call = writer.call(getter, method, params, where)
            lines.append(f"    def {method_name}(self{signature}):")
        elif method.kind == "setter":
            attribute = method.name.removeprefix("set_")
            setter = f"(lambda value: setattr(self._pywasm_object, {attribute!r}, value))"
            call = writer.call(setter, method, params, where)
            lines.append(f"    def {method_name}(self{signature}):")
        else:
            target = f"self._pywasm_object.{method.name}"
            if method.name == "__exit__":  # the exception rebuilt from its class and text
                target = f"_g.exit_of({target})"
            elif method.name == "__enter__" and isinstance(method.result, model.OptionOf):
                target = "_g.enter_of(self._pywasm_object)"  # None: it returned itself
            call = writer.call(target, method, params, where)
            lines.append(f"    def {method_name}(self{signature}):")
        lines.append(f"        return _g.guard(lambda: {call})")
    return "\n".join(lines) + "\n"


def _host_binder(writer: _Writer, interface: model.Interface, index: int) -> str:
    """A function that replaces the host-provided functions of an import module with calls to
    the WIT import (arguments converted to binding types, the result back to the user's)."""
    wit_module = writer.binding_module(interface)
    lines = [f"def _bind_host_{index}(module):"]
    for function in interface.functions:
        params = [p.name for p in function.params]
        args = []
        for p in function.params:
            convert = writer.converter(p.type, to_user=False)
            args.append(f"{convert}({p.name})" if convert else p.name)
        call = f"{wit_module}.{_snake(model.wit_name(function.name))}({', '.join(args)})"
        boxed = ", boxed=True" if model.boxed_import_result(function.result) else ""
        call = f"_g.host_call(lambda: {call}{boxed})"
        if function.result is not None:
            convert = writer.converter(function.result, to_user=True)
            call = f"{convert}({call})" if convert else call
        lines += [
            f"    def {function.name}({', '.join(params)}):",
            f"        return {call}",
            # called as natively (kinds, defaults): bound to the source function's signature
            f"    module.{function.name} = _g.host_function(module.{function.name}, "
            f"{function.name})",
        ]
    if not interface.functions:
        lines.append("    pass")
    return "\n".join(lines) + "\n"


def _binding_import(component: model.Component, interface: model.Interface) -> str:
    if interface in component.exports:
        return f"wit_world.exports.{export_binding_name(interface)}"
    return f"wit_world.imports.{_snake(interface.name)}"


def generate(
    component: model.Component, preload: tuple[str, ...] = (), bundle: tuple[str, ...] = ()
) -> dict[str, str]:
    """The adapter's files (name -> Python source) for componentize-py's python path.

    ``preload``: every project module to import at build time besides the exported and
    imported ones (so it is bundled for lazy imports at run time); ``bundle``: more modules
    to import at build time where they import (the rest of the project's packages, the
    dependency closure)."""
    writer = _Writer(component, defs=component.type_defs())
    module_aliases = {interface.module: f"_m{i}" for i, interface in enumerate(component.exports)}
    resources = [
        (t, interface)
        for interface in component.exports
        for t in interface.types
        if isinstance(t, model.Resource)
    ]
    for t in component.type_defs().values():
        if isinstance(t, model.Resource):
            writer.resource_owner(t)

    export_classes = [
        _export_class(writer, interface, module_aliases[interface.module])
        for interface in component.exports
    ]
    resource_classes = [_resource_class(writer, r, i) for r, i in resources]
    binders = [_host_binder(writer, i, n) for n, i in enumerate(component.imports)]
    host_modules = ", ".join(
        f"{i.module!r}: _bind_host_{n}" for n, i in enumerate(component.imports)
    )

    by_name = {i.name: i for i in component.interfaces()}
    binding_imports = [
        f"import {_binding_import(component, by_name[name])} as {alias}"
        for name, alias in writer.binding_modules.items()
    ]
    for interface in {i.name: i for _, i in resources}.values():
        binding = export_binding_name(interface)
        binding_imports.append(f"import wit_world.exports.{binding} as _w_{binding}")
    project_modules = [
        *(i.module for i in component.imports),
        *(m for m in preload if m not in module_aliases),
    ]
    resource_modules = sorted({export_binding_name(i) for _, i in resources})

    app = "\n".join(
        [
            f'"""Generated by hatch-pywasm for component {component.name!r}. Do not edit."""',
            "",
            "import sys",
            "",
            "# The build imports the user's modules from their source tree: no bytecode there.",
            "sys.dont_write_bytecode = True",
            "",
            "import importlib",
            "",
            "import pywasm_guest as _g",
            "from wit_world import exports",
            *binding_imports,
            "",
            "",
            "def _wrap(cls, obj):",
            '    """An exported resource handle holding the user\'s object ``obj``."""',
            "    handle = cls.__new__(cls)",
            "    handle._pywasm_object = obj",
            "    return handle",
            "",
            "",
            *(f"{f}\n" for f in writer.functions),
            *(f"{b}\n" for b in binders),
            f"_g.bind_host_modules({{{host_modules}}})",
            "",
            "# Every project module is imported now, while componentize-py builds: only modules",
            "# imported at build time are in the component.",
            *(f"importlib.import_module({m!r})" for m in project_modules),
            *([f"_g.import_where_possible({list(bundle)!r})"] if bundle else []),
            *(f"{a} = importlib.import_module({m!r})" for m, a in module_aliases.items()),
            *(
                f"{alias} = _g.resolve({module!r}, {qualname!r})"
                for alias, (module, qualname) in writer.user_classes.items()
            ),
            *(f"{name} = {expression}" for expression, name in writer.hoisted.items()),
            "",
            "",
            *(f"{c}\n" for c in export_classes),
            *(f"{c}\n" for c in resource_classes),
            "# The modules componentize-py looks up exported resources in (imported last: they",
            "# take the classes defined above).",
            *(f"import {m}  # noqa: E402" for m in resource_modules),
            "",
        ]
    )
    files = {f"{APP_MODULE}.py": app, **guest_support_files()}
    for module_name in resource_modules:
        names = [
            _camel(model.wit_name(r.name))
            for r, i in resources
            if export_binding_name(i) == module_name
        ]
        files[f"{module_name}.py"] = (
            f'"""Exported resources of {module_name} (generated by hatch-pywasm)."""\n\n'
            f"from {APP_MODULE} import {', '.join(names)}\n\n__all__ = {names!r}\n"
        )
    return files
