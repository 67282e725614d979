"""What a module exports: the names in ``__all__`` if it defines one, else every public
top-level function (and every public resource class) it defines."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from pywasm_runtime import model

from hatch_pywasm.frontend.resolve import AnnotationSite, TypeResolver
from hatch_pywasm.frontend.sources import ModuleSource
from hatch_pywasm.frontend.symbols import AliasSymbol, ClassSymbol, FunctionSymbol

ALL_HINT = '__all__ = ["name", ...]: a literal list or tuple of strings'


@dataclass
class ModuleExports:
    module: ModuleSource
    functions: list[model.Function] = field(default_factory=list)
    type_names: list[str] = field(default_factory=list)  # types exported by name


def collect(module: ModuleSource, resolver: TypeResolver) -> ModuleExports:
    exports = ModuleExports(module)
    where = AnnotationSite(module)
    if module.all_names is None:
        for name, node in module.functions.items():
            if not name.startswith("_"):
                _add_function(exports, name, FunctionSymbol(module, node), resolver)
        for name, node in module.classes.items():
            symbol = ClassSymbol(module, node)
            if not name.startswith("_") and resolver.is_resource_class(symbol):
                _add_type(exports, symbol, node, where, resolver)
        return exports
    for name, node in _all_names(module, resolver):
        symbol = resolver.symbols.lookup(module, name)
        if isinstance(symbol, FunctionSymbol):
            _add_function(exports, name, symbol, resolver)
        elif isinstance(symbol, ClassSymbol | AliasSymbol):
            _add_type(exports, symbol, node, where, resolver)
        else:
            resolver.diagnostics.append(
                where.at(
                    node,
                    f"__all__ lists {name!r}, which is not a function, class or type alias "
                    f"of {module.name}",
                    "only functions and types cross the component boundary; remove it from __all__",
                )
            )
    return exports


def _all_names(module: ModuleSource, resolver: TypeResolver) -> list[tuple[str, ast.expr]]:
    value = module.all_names
    assert value is not None
    items = _literal_items(value)
    if items is None or not all(
        isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items
    ):
        resolver.diagnostics.append(
            AnnotationSite(module).at(value, "__all__ must be a literal list of strings", ALL_HINT)
        )
        return []
    return [(i.value, i) for i in items]  # type: ignore[attr-defined]


def _literal_items(value: ast.expr) -> list[ast.expr] | None:
    """The items of a literal list or tuple, or of a sum of them; None for anything else."""
    if isinstance(value, ast.List | ast.Tuple):
        return list(value.elts)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        left, right = _literal_items(value.left), _literal_items(value.right)
        return None if left is None or right is None else left + right
    return None


def _add_function(
    exports: ModuleExports, name: str, symbol: FunctionSymbol, resolver: TypeResolver
) -> None:
    where = AnnotationSite(symbol.module, function=symbol.node.name)
    function = resolver.signature(symbol.node, where)
    if function is not None:
        exports.functions.append(replace(function, name=name))


def _add_type(
    exports: ModuleExports,
    symbol: ClassSymbol | AliasSymbol,
    node: ast.expr,
    where: AnnotationSite,
    resolver: TypeResolver,
) -> None:
    if isinstance(symbol, ClassSymbol) and resolver.is_exception_class(symbol):
        return  # raised, not passed: its name travels in guest-error
    if isinstance(symbol, AliasSymbol) and not _looks_like_type(symbol.value):
        resolver.diagnostics.append(
            where.at(
                node,
                f"__all__ lists {symbol.name!r}, a value, not a function or type",
                "only functions and types cross the component boundary; remove it from __all__",
            )
        )
        return
    type_ = resolver.named(symbol, node, where)
    if isinstance(type_, model.Named) and type_.name not in exports.type_names:
        exports.type_names.append(type_.name)


def _looks_like_type(value: ast.expr) -> bool:
    return isinstance(value, ast.Name | ast.Attribute | ast.Subscript | ast.BinOp)
