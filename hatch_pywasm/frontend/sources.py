"""Finding a project's modules on disk and reading their top-level names (``ast``, no import).

A module ``pkg.mod`` is looked for in each source root in turn (by default ``src/`` then the
project root, covering the src and flat layouts) as ``pkg/mod.py`` or ``pkg/mod/__init__.py``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from hatch_pywasm.diagnostics import Diagnostic

DEFAULT_SOURCE_ROOTS = ("src", ".")

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class ImportedName:
    """``from module import name`` (``name`` set) or ``import module`` (``name`` None)."""

    module: str
    name: str | None


@dataclass
class ModuleSource:
    """One parsed module and the names its top level binds."""

    name: str  # dotted module name
    file: str  # path for messages, relative to the project root
    tree: ast.Module
    is_package: bool  # an ``__init__.py``: relative imports start from the module itself
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    functions: dict[str, FunctionNode] = field(default_factory=dict)
    aliases: dict[str, ast.expr] = field(default_factory=dict)  # ``X = A | B``, ``X: TypeAlias``
    imports: dict[str, ImportedName] = field(default_factory=dict)
    all_names: ast.expr | None = None  # the value of ``__all__`` (``+=`` as ``a + b``)
    future_annotations: bool = False  # ``from __future__ import annotations``

    @property
    def doc(self) -> str:
        return ast.get_docstring(self.tree) or ""

    def defines(self, name: str) -> bool:
        return any(name in table for table in (self.classes, self.functions, self.aliases))


def _absolute(module: ModuleSource, node: ast.ImportFrom) -> str:
    """The absolute module of a (possibly relative) ``from ... import``."""
    if not node.level:
        return node.module or ""
    parts = module.name.split(".")
    if not module.is_package:
        parts = parts[:-1]
    parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
    return ".".join([*parts, *([node.module] if node.module else [])])


def _read_top_level(module: ModuleSource) -> None:
    for node in module.tree.body:
        if isinstance(node, ast.ClassDef):
            module.classes[node.name] = node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            module.functions[node.name] = node
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    module.imports[alias.asname] = ImportedName(alias.name, None)
                else:  # ``import a.b`` binds ``a``
                    top = alias.name.split(".")[0]
                    module.imports[top] = ImportedName(top, None)
        elif isinstance(node, ast.ImportFrom):
            if node.module == "__future__":
                module.future_annotations |= any(a.name == "annotations" for a in node.names)
            source = _absolute(module, node)
            for alias in node.names:
                module.imports[alias.asname or alias.name] = ImportedName(source, alias.name)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            _bind(module, node.targets[0], node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            _bind(module, node.target, node.value)
        elif isinstance(node, ast.AugAssign) and _is_all(node.target):
            # ``__all__ += [...]``: kept as ``previous + [...]`` for the exports stage to read
            previous = module.all_names or ast.List(elts=[])
            module.all_names = ast.copy_location(ast.BinOp(previous, node.op, node.value), node)


def _is_all(target: ast.expr) -> bool:
    return isinstance(target, ast.Name) and target.id == "__all__"


def _bind(module: ModuleSource, target: ast.expr, value: ast.expr) -> None:
    if not isinstance(target, ast.Name):
        return
    if _is_all(target):
        if isinstance(value, ast.BinOp) and _is_all(value.left) and module.all_names:
            # ``__all__ = __all__ + [...]``
            value = ast.copy_location(ast.BinOp(module.all_names, value.op, value.right), value)
        module.all_names = value
    else:
        module.aliases[target.id] = value


class SourceSet:
    """The project's modules, parsed on first use and kept."""

    def __init__(self, project_root: Path, source_roots: tuple[str, ...]) -> None:
        self.project_root = project_root
        self.roots = tuple(project_root / r for r in source_roots)
        self._modules: dict[str, ModuleSource | None] = {}
        self.diagnostics: list[Diagnostic] = []

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.project_root).as_posix()
        except ValueError:
            return path.as_posix()

    def locate(self, name: str) -> Path | None:
        parts = name.split(".")
        for root in self.roots:
            for candidate in (
                root.joinpath(*parts[:-1], f"{parts[-1]}.py"),
                root.joinpath(*parts, "__init__.py"),
            ):
                if candidate.is_file():
                    return candidate
        return None

    def get(self, name: str) -> ModuleSource | None:
        """The parsed module, or None when it is not part of the project (or does not parse:
        then a diagnostic was recorded)."""
        if name not in self._modules:
            self._modules[name] = self._load(name)
        return self._modules[name]

    def _load(self, name: str) -> ModuleSource | None:
        path = self.locate(name)
        if path is None:
            return None
        file = self._display(path)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=file)
        except SyntaxError as exc:
            self.diagnostics.append(
                Diagnostic(file, exc.lineno or 0, exc.offset or 0, f"syntax error: {exc.msg}")
            )
            return None
        except UnicodeDecodeError as exc:
            self.diagnostics.append(Diagnostic(file, 0, 0, f"not UTF-8 text: {exc.reason}"))
            return None
        module = ModuleSource(name, file, tree, is_package=path.name == "__init__.py")
        _read_top_level(module)
        return module

    def add(self, name: str, file: str, text: str, is_package: bool = False) -> ModuleSource:
        """A module given as text rather than found on disk (a backend that was handed the
        sources); raises SyntaxError when it does not parse."""
        module = ModuleSource(name, file, ast.parse(text, filename=file), is_package)
        _read_top_level(module)
        self._modules[name] = module
        return module

    def require(self, name: str, where: Diagnostic) -> ModuleSource | None:
        """A configured module; a diagnostic (at ``where``, its message prefixed) when it cannot
        be found."""
        module = self.get(name)
        if module is None and self.locate(name) is None:
            tried = ", ".join(
                self._display(r.joinpath(*name.split("."))) + "{.py,/__init__.py}"
                for r in self.roots
            )
            self.diagnostics.append(
                Diagnostic(
                    where.file,
                    where.line,
                    where.col,
                    f"{where.message}: module {name!r} not found",
                    hint=f"looked for {tried}",
                )
            )
        return module
