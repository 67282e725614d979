"""The hook's configuration: the ``pywasm`` table of pyproject.toml as one typed, validated model.

Every option is described once in :data:`OPTIONS` (key, meaning, check); validation, error
messages and the README's option table all come from it. An error names the file, the table, the
key, what was expected and what was found. Hatchling's own hook keys are accepted and ignored.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pywasm_runtime.model import wit_name

from hatch_pywasm.entry_points import EntryPointError, parse_entry_point

Backend = Literal["componentize", "static", "auto"]
WheelMode = Literal["sidecar", "replace", "none"]

GLOBAL_TABLE = "tool.hatch.build.hooks.pywasm"
WHEEL_TABLE = "tool.hatch.build.targets.wheel.hooks.pywasm"
#: Keys hatchling reads from every hook table itself.
HATCHLING_KEYS = frozenset(
    {
        "dependencies",
        "enable-by-default",
        "require-runtime-dependencies",
        "require-runtime-features",
    }
)

_MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_WIT_WORD = re.compile(r"^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$")


class ConfigError(ValueError):
    """A configuration value that is not what the hook expects."""


@dataclass(frozen=True)
class ComponentConfig:
    """One WebAssembly component: the modules it exports and the modules the host provides."""

    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()
    backend: Backend = "auto"
    #: ``"pkg.cli:main"``: also build a WASI command component that runs it (wasi:cli/run)
    command: str | None = None


@dataclass(frozen=True)
class BuildConfig:
    components: tuple[ComponentConfig, ...]
    namespace: str
    package: str
    out_dir: str | None = None
    wheel: WheelMode = "sidecar"
    js: bool = False
    jco: str | None = None
    cache_dir: str | None = None
    stub_wasi: bool = False
    jobs: int | None = None  # None: as many as cores and memory allow
    editable_rebuild: bool = True
    exclude: tuple[str, ...] = ()  # modules (or globs) left out of componentize-py components


@dataclass(frozen=True)
class Project:
    """What the CLI needs of a project besides its hook table."""

    root: Path
    name: str  # normalised distribution name
    version: str
    dependencies: tuple[str, ...] = ()  # project.dependencies: bundled into componentize-py builds


# --------------------------------------------------------------------------------------------
# Checks: each takes (value, where) and returns the typed value or raises ConfigError.
# --------------------------------------------------------------------------------------------

Check = Callable[[Any, str], Any]


def _fail(where: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(f"{where}: expected {expected}, got {value!r} ({type(value).__name__})")


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(where, "a non-empty string", value)
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "true or false", value)
    return value


def _jobs(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(where, "a whole number of parallel builds, at least 1", value)
    return value


def _choice(*choices: str) -> Check:
    def check(value: Any, where: str) -> str:
        if value not in choices:
            raise _fail(where, " or ".join(repr(c) for c in choices), value)
        return value

    return check


def _tables(value: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
        raise _fail(where, "an array of tables ([[...]])", value)
    return value


def _wit_word(value: Any, where: str) -> str:
    value = _string(value, where)
    if not _WIT_WORD.match(value):
        raise _fail(where, "a kebab-case name of lowercase words (like 'my-name')", value)
    return value


def _entry_point(value: Any, where: str) -> str:
    value = _string(value, where)
    try:
        parse_entry_point(value)
    except EntryPointError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return value


def _modules(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, 'a list of dotted module names (like ["pkg.mod"])', value)
    for item in value:
        if not _MODULE_NAME.match(item):
            raise _fail(f"{where}[{value.index(item)}]", "a dotted module name (pkg.mod)", item)
    if len(set(value)) != len(value):
        twice = sorted({v for v in value if value.count(v) > 1})
        raise ConfigError(f"{where}: modules listed twice: {', '.join(twice)}")
    return tuple(value)


def _patterns(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, 'a list of module names or globs (like ["pkg.tests", "dep.*"])', value)
    for index, item in enumerate(value):
        if not _MODULE_NAME.match(item.replace("*", "x").replace("?", "x")):
            raise _fail(f"{where}[{index}]", "a dotted module name or glob (pkg.mod, pkg.*)", item)
    return tuple(value)


@dataclass(frozen=True)
class Option:
    key: str  # the TOML key
    field: str  # the BuildConfig field
    check: Check
    doc: str


OPTIONS: tuple[Option, ...] = (
    Option("modules", "", _modules, "Modules of one component named after the project."),
    Option("imports", "", _modules, "Modules whose functions the host provides (WIT imports)."),
    Option("backend", "", _choice("auto", "componentize", "static"), "Compiler for `modules`."),
    Option(
        "command",
        "",
        _entry_point,
        'Also build a WASI command running this entry point ("pkg.cli:main").',
    ),
    Option("components", "", _tables, "Several components: tables of name/modules/..."),
    Option("namespace", "namespace", _wit_word, "WIT package namespace (default: project)."),
    Option("package", "package", _wit_word, "WIT package name (default: project name)."),
    Option("out-dir", "out_dir", _string, "Also write <out-dir>/<component>/ artifacts."),
    Option("wheel", "wheel", _choice("sidecar", "replace", "none"), "What the wheel ships."),
    Option("js", "js", _bool, "Write an npm package per component (jco)."),
    Option("jco", "jco", _string, "Command that runs jco (default: jco on PATH, then npx)."),
    Option("cache-dir", "cache_dir", _string, "Build cache folder (default: user cache)."),
    Option("stub-wasi", "stub_wasi", _bool, "Replace WASI imports with traps (no imports)."),
    Option("jobs", "jobs", _jobs, "Parallel component builds (default: by cores and memory)."),
    Option(
        "editable-rebuild",
        "editable_rebuild",
        _bool,
        "Editable installs rebuild changed components on import (default: true).",
    ),
    Option("exclude", "exclude", _patterns, "Modules (or globs) not to bundle (componentize-py)."),
)
_BY_KEY = {o.key: o for o in OPTIONS}
_COMPONENT_KEYS = ("name", "modules", "imports", "backend", "command")


def load_config(table: Mapping[str, Any], *, where: str, project_name: str) -> BuildConfig:
    """Validate the hook's table. ``where`` names it in errors (``pyproject.toml [tool...]``)."""
    unknown = sorted(set(table) - set(_BY_KEY) - HATCHLING_KEYS)
    if unknown:
        known = ", ".join(o.key for o in OPTIONS)
        raise ConfigError(f"{where}: unknown option {unknown[0]!r}; the options are: {known}")
    values = {
        key: _BY_KEY[key].check(value, f"{where} option {key!r}")
        for key, value in table.items()
        if key in _BY_KEY
    }
    default_name = wit_name(re.sub(r"[^A-Za-z0-9]+", "_", project_name))
    components = _components(values, where, default_name)
    settings = {o.field: values[o.key] for o in OPTIONS if o.field and o.key in values}
    settings.setdefault("namespace", default_name)
    settings.setdefault("package", default_name)
    if settings.get("js") and not settings.get("out_dir"):
        raise ConfigError(
            f"{where} option 'js': the JS packages are written to <out-dir>/<component>/js; "
            'set out-dir (like out-dir = "dist/wasm") as well'
        )
    return BuildConfig(components=components, **settings)


def _components(
    values: dict[str, Any], where: str, default_name: str
) -> tuple[ComponentConfig, ...]:
    single = {k: values[k] for k in ("modules", "imports", "backend") if k in values}
    if "command" in values:
        if "components" in values:
            raise ConfigError(
                f"{where}: 'command' belongs in the [[components]] table whose modules it uses"
            )
        single["command"] = values["command"]
    if "components" in values:
        if "modules" in single:
            raise ConfigError(f"{where}: set either 'modules' or [[components]] tables, not both")
        components = tuple(
            _component(t, f"{where} components[{i}]", inherited=single)
            for i, t in enumerate(values["components"])
        )
    elif "modules" in single:
        components = (_component_of(default_name, where, **single),)
    else:
        raise ConfigError(
            f'{where}: no modules to compile; set modules = ["pkg.mod"] or add '
            "[[...pywasm.components]] tables with name and modules"
        )
    _check_unique(components, where)
    return components


def _component(table: Mapping[str, Any], where: str, inherited: dict[str, Any]) -> ComponentConfig:
    """One ``[[components]]`` table; ``imports`` and ``backend`` default to the top level's."""
    unknown = sorted(set(table) - set(_COMPONENT_KEYS))
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r}; a component has {', '.join(_COMPONENT_KEYS)}"
        )
    for key in ("name", "modules"):
        if key not in table:
            raise ConfigError(f"{where}: missing {key!r}")
    settings = dict(inherited)
    if "imports" in table:
        settings["imports"] = _modules(table["imports"], f"{where} key 'imports'")
    if "backend" in table:
        settings["backend"] = _BY_KEY["backend"].check(table["backend"], f"{where} key 'backend'")
    if "command" in table:
        settings["command"] = _entry_point(table["command"], f"{where} key 'command'")
    return _component_of(
        _wit_word(table["name"], f"{where} key 'name'"),
        where,
        modules=_modules(table["modules"], f"{where} key 'modules'"),
        **settings,
    )


def _component_of(
    name: str,
    where: str,
    modules: tuple[str, ...],
    imports: tuple[str, ...] = (),
    backend: Backend = "auto",
    command: str | None = None,
) -> ComponentConfig:
    if not modules:
        raise ConfigError(f"{where} key 'modules': expected at least one module")
    both = sorted(set(modules) & set(imports))
    if both:
        raise ConfigError(f"{where}: {both[0]!r} is listed in both modules and imports")
    return ComponentConfig(
        name=name, modules=modules, imports=imports, backend=backend, command=command
    )


def _check_unique(components: tuple[ComponentConfig, ...], where: str) -> None:
    names = [c.name for c in components]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{where}: two components are named {name!r}")
    owner: dict[str, str] = {}
    for component in components:
        for module in component.modules:
            if module in owner:
                raise ConfigError(
                    f"{where}: module {module!r} is in components {owner[module]!r} and "
                    f"{component.name!r}; a module is exported by one component"
                )
            owner[module] = component.name


def hook_table(pyproject: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
    """The table hatchling would give the wheel build: the wheel target's, else the global one
    (hatchling does not merge them)."""
    hatch = pyproject.get("tool", {}).get("hatch", {}).get("build", {})
    for name, table in (
        (WHEEL_TABLE, hatch.get("targets", {}).get("wheel", {}).get("hooks", {}).get("pywasm")),
        (GLOBAL_TABLE, hatch.get("hooks", {}).get("pywasm")),
    ):
        if table is not None:
            return name, table
    return None


def read_project_config(project_dir: Path) -> tuple[Project, BuildConfig]:
    """The project and its hook configuration, as a build would see them (for the CLI)."""
    # Imported here: hatchling's metadata machinery is only needed outside a build.
    from hatchling.metadata.core import ProjectMetadata
    from hatchling.plugin.manager import PluginManager

    pyproject_path = project_dir / "pyproject.toml"
    try:
        pyproject = tomllib.loads(pyproject_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{pyproject_path}: no pyproject.toml; is this a project folder?"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject_path}: not valid TOML ({exc})") from None
    found = hook_table(pyproject)
    if found is None:
        raise ConfigError(
            f"{pyproject_path}: no [{GLOBAL_TABLE}] or [{WHEEL_TABLE}] table; add one with "
            'modules = ["pkg.mod"]'
        )
    name, table = found
    metadata = ProjectMetadata(str(project_dir), PluginManager())
    project = Project(
        root=project_dir,
        name=metadata.name,
        version=metadata.version,
        dependencies=tuple(metadata.core.dependencies),
    )
    config = load_config(table, where=f"{pyproject_path} [{name}]", project_name=project.name)
    return project, config
