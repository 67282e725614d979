"""What a name in a module's annotation refers to, following imports across the project."""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

from hatch_pywasm.frontend.sources import FunctionNode, ModuleSource, SourceSet

#: Modules whose names the frontend understands without reading them.
KNOWN_MODULES = frozenset(
    {
        "builtins", "typing", "typing_extensions", "collections", "collections.abc", "enum",
        "dataclasses", "datetime", "decimal", "fractions", "uuid", "types",
    }
)  # fmt: skip
#: Builtin names (types, ``staticmethod``, exception classes): known without an import.
BUILTIN_NAMES = frozenset(dir(builtins))
#: Builtin exception classes, by name: a class deriving from one is an exception.
BUILTIN_EXCEPTIONS = frozenset(
    n for n in BUILTIN_NAMES if isinstance(getattr(builtins, n), type)
    and issubclass(getattr(builtins, n), BaseException)
)  # fmt: skip


@dataclass(frozen=True)
class Known:
    """A name from builtins or a standard module: ``int``, ``typing.Optional``, ``enum.Flag``."""

    name: str  # unqualified: "Optional", "int", "Flag", "dataclass"
    #: where it comes from: "typing", "datetime", ... (not compared: ``Known("dataclass")``
    #: is the same name whichever module re-exports it)
    module: str = field(default="builtins", compare=False)

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.name}"


@dataclass(frozen=True)
class ClassSymbol:
    module: ModuleSource
    node: ast.ClassDef


@dataclass(frozen=True)
class AliasSymbol:
    module: ModuleSource
    name: str
    value: ast.expr


@dataclass(frozen=True)
class FunctionSymbol:
    module: ModuleSource
    node: FunctionNode


@dataclass(frozen=True)
class ModuleSymbol:
    name: str  # dotted; a project module or a known one


@dataclass(frozen=True)
class Unresolved:
    reason: str


Symbol = Known | ClassSymbol | AliasSymbol | FunctionSymbol | ModuleSymbol | Unresolved


class SymbolTable:
    def __init__(self, sources: SourceSet) -> None:
        self.sources = sources

    def lookup(
        self, module: ModuleSource, name: str, _seen: frozenset[str] = frozenset()
    ) -> Symbol:
        """What ``name`` means at the top level of ``module``."""
        key = f"{module.name}:{name}"
        if key in _seen:
            return Unresolved(f"{name!r} is imported in a cycle")
        if name in module.classes:
            return ClassSymbol(module, module.classes[name])
        if name in module.functions:
            return FunctionSymbol(module, module.functions[name])
        if name in module.aliases:
            return AliasSymbol(module, name, module.aliases[name])
        if name in module.imports:
            return self._imported(module, name, _seen | {key})
        if name in BUILTIN_NAMES:
            return Known(name)
        return Unresolved(f"{name!r} is not defined or imported in {module.name}")

    def _imported(self, module: ModuleSource, name: str, seen: frozenset[str]) -> Symbol:
        imported = module.imports[name]
        if imported.name is None:
            return self.module_symbol(imported.module, name)
        if imported.module in KNOWN_MODULES:
            return Known(imported.name, imported.module)
        source = self.sources.get(imported.module)
        if source is not None and (
            source.defines(imported.name) or imported.name in source.imports
        ):
            return self.lookup(source, imported.name, seen)
        submodule = f"{imported.module}.{imported.name}"
        if self.sources.get(submodule) is not None:
            return ModuleSymbol(submodule)
        if source is None:
            return Unresolved(
                f"{name!r} comes from {imported.module!r}, which is not a module of this project"
            )
        return Unresolved(f"{imported.module} has no top-level name {imported.name!r}")

    def module_symbol(self, dotted: str, name: str) -> Symbol:
        if dotted in KNOWN_MODULES or self.sources.get(dotted) is not None:
            return ModuleSymbol(dotted)
        return Unresolved(f"{name!r} is module {dotted!r}, which is not a module of this project")

    def resolve(self, module: ModuleSource, node: ast.expr) -> Symbol:
        """The symbol a ``Name`` or dotted ``Attribute`` expression refers to."""
        if isinstance(node, ast.Name):
            return self.lookup(module, node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(module, node.value)
            if isinstance(base, ModuleSymbol):
                if f"{base.name}.{node.attr}" in KNOWN_MODULES:  # collections.abc
                    return ModuleSymbol(f"{base.name}.{node.attr}")
                if base.name in KNOWN_MODULES:
                    return Known(node.attr, base.name)
                source = self.sources.get(base.name)
                if source is not None and (
                    source.defines(node.attr) or node.attr in source.imports
                ):
                    return self.lookup(source, node.attr)
                return self.module_symbol(f"{base.name}.{node.attr}", ast.unparse(node))
            if isinstance(base, Unresolved):
                return base
            return Unresolved(f"{ast.unparse(node)!r} is an attribute, not a type")
        if isinstance(node, ast.Constant) and node.value is None:
            return Known("None")
        return Unresolved(f"{ast.unparse(node)!r} is not a name")
