"""The hook's configuration: the ``pywasm`` table of pyproject.toml as one typed model.

Every option is a field of :class:`ComponentConfig` or :class:`BuildConfig` declared with
:func:`option`: its TOML key, its doc, its default and, from its type, its allowed values. From
these fields alone come the validation and its error text (:func:`load_config`), the README's
options table (:func:`options_table`) and the JSON Schema of the table (:func:`json_schema`,
``python -m hatch_pywasm schema``). Every problem of a table is reported at once, each naming
the file, line, table and key, what was expected and what was found. Hatchling's own hook keys
are accepted and ignored. An option with an environment variable (``env``) takes the variable's
value when it is set, as pip's and uv's settings do: CI puts the build cache where it keeps
caches without editing the project.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pywasm_runtime.freshness import REBUILD_ENV
from pywasm_runtime.model import wit_name

from hatch_pywasm import entry_points
from hatch_pywasm.diagnostics import Diagnostic, PyWasmError

Backend = Literal["auto", "componentize", "static"]
WheelMode = Literal["sidecar", "replace", "none"]

GLOBAL_TABLE = "tool.hatch.build.hooks.pywasm"
WHEEL_TABLE = "tool.hatch.build.targets.wheel.hooks.pywasm"
#: Keys hatchling reads from every hook table itself, with their JSON Schema.
HATCHLING_KEYS: dict[str, dict[str, Any]] = {
    "dependencies": {"type": "array", "items": {"type": "string"}},
    "enable-by-default": {"type": "boolean"},
    "require-runtime-dependencies": {"type": "boolean"},
    "require-runtime-features": {"type": "array", "items": {"type": "string"}},
}

MODULE_NAME = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"
WIT_WORD = r"^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$"


class ConfigError(PyWasmError):
    """Configuration values that are not what the hook expects: every one of a table."""


@dataclass(frozen=True)
class Meta:
    """What a model field says of its option besides its type and default."""

    doc: str
    key: str  # the TOML key ("" until the field is known: its name, "_" -> "-")
    default_doc: str  # the default as the docs say it, when not the value itself
    pattern: str  # a regex a string (or each string of a list) must match
    pattern_doc: str  # what the pattern means, for errors
    minimum: int | None
    list_doc: str  # a list option: what the list is, for errors
    env: str  # an environment variable that, set, wins over the table ("": none)


def option(
    doc: str,
    default: Any = dataclasses.MISSING,
    *,
    key: str = "",
    default_doc: str = "",
    pattern: str = "",
    pattern_doc: str = "",
    minimum: int | None = None,
    list_doc: str = "",
    env: str = "",
) -> Any:
    """A model field that is a configuration option."""
    meta = Meta(doc, key, default_doc, pattern, pattern_doc, minimum, list_doc, env)
    return dataclasses.field(default=default, metadata={"option": meta})


_MODULES = {
    "pattern": MODULE_NAME,
    "pattern_doc": "a dotted module name (pkg.mod)",
    "list_doc": 'a list of dotted module names (like ["pkg.mod"])',
}
#: Module names with the wildcards of fnmatch
MODULE_GLOB = r"^[A-Za-z_*?][A-Za-z0-9_*?]*(\.[A-Za-z_*?][A-Za-z0-9_*?]*)*$"
_WIT = {"pattern": WIT_WORD, "pattern_doc": "a kebab-case name of lowercase words (like 'my-name')"}


@dataclass(frozen=True)
class ComponentConfig:
    """One WebAssembly component: the modules it exports and the modules the host provides.
    A ``[[components]]`` table; the top-level ``modules``, ``imports`` and ``backend`` make the
    one component named after the project."""

    name: str = option("Component (WIT world) name, in a `[[components]]` table.", **_WIT)
    modules: tuple[str, ...] = option(
        "Modules of one component named after the project.", minimum=1, **_MODULES
    )
    imports: tuple[str, ...] = option(
        "Modules whose functions the host provides (WIT imports).", (), **_MODULES
    )
    backend: Backend = option(
        'Compiler for `modules`: `"static"` makes a construct outside the compiled subset an '
        "error with `file:line`.",
        "auto",
    )
    command: str | None = option(
        'Also build a WASI command running this entry point ("pkg.cli:main"); in a '
        "`[[components]]` table when there are several.",
        None,
        pattern=entry_points.PATTERN,
        pattern_doc="an entry point 'package.module:function' (like \"pkg.cli:main\")",
    )


@dataclass(frozen=True)
class BuildConfig:
    """The validated hook table."""

    components: tuple[ComponentConfig, ...] = option(
        "Several components: tables of `name`, `modules` and optionally `imports`, `backend` "
        "(these two default to the top level's) and `command`."
    )
    namespace: str = option(
        "WIT package namespace.", default_doc="the project name, kebab-case", **_WIT
    )
    package: str = option("WIT package name.", default_doc="the project name, kebab-case", **_WIT)
    out_dir: str | None = option(
        "Also write `<out-dir>/<component>/` artifacts.", None, env="HATCH_PYWASM_OUT_DIR"
    )
    wheel: WheelMode = option(
        'What the wheel ships: components next to the sources (`"sidecar"`), also each compiled '
        'module as a proxy with the same public names running in the component (`"replace"`), '
        'or nothing (`"none"`, only the out-dir).',
        "sidecar",
    )
    js: bool = option("Write an npm package per component (jco); needs `out-dir`.", False)
    jco: str | None = option("Command that runs jco.", None, default_doc="jco on PATH, then npx")
    cache_dir: str | None = option(
        "Build cache folder.",
        None,
        default_doc="the user cache (`$XDG_CACHE_HOME/hatch-pywasm`)",
        env="HATCH_PYWASM_CACHE_DIR",
    )
    stub_wasi: bool = option("Replace WASI imports with traps (no imports).", False)
    jobs: int | None = option(
        "Parallel component builds.", None, default_doc="by cores and memory", minimum=1
    )
    editable_rebuild: bool = option(
        "An editable install rebuilds a component whose sources changed when it is next "
        "imported; `false`: it warns that the component is stale.",
        True,
        env=REBUILD_ENV,
    )
    exclude: tuple[str, ...] = option(
        "Modules (or globs) not to bundle into componentize-py components.",
        (),
        pattern=MODULE_GLOB,
        pattern_doc="a dotted module name or glob (pkg.mod, pkg.*)",
        list_doc='a list of module names or globs (like ["pkg.tests", "dep.*"])',
    )


@dataclass(frozen=True)
class Option:
    """One option, as derived from its model field."""

    key: str
    field: str
    type: Any  # the field's annotation, resolved
    default: Any  # dataclasses.MISSING: required (or computed, as namespace)
    meta: Meta


def _options(model: type) -> dict[str, Option]:
    hints = typing.get_type_hints(model)
    found = {}
    for f in dataclasses.fields(model):
        meta = f.metadata["option"]
        key = meta.key or f.name.replace("_", "-")
        found[key] = Option(key, f.name, hints[f.name], f.default, meta)
    return found


COMPONENT_OPTIONS = _options(ComponentConfig)
BUILD_OPTIONS = _options(BuildConfig)
#: The keys of the hook table, in the README's order: the single component's, then the rest.
TABLE_OPTIONS = {
    **{k: o for k, o in COMPONENT_OPTIONS.items() if k != "name"},
    **BUILD_OPTIONS,
}


@dataclass(frozen=True)
class Project:
    """What the pipeline needs of a project besides its hook table."""

    root: Path
    name: str  # normalised distribution name
    version: str
    dependencies: tuple[str, ...] = ()  # project.dependencies: bundled into componentize-py builds


# --------------------------------------------------------------------------------------------
# Checks, derived from each option's type: a value in, the typed value out, or _Invalid.
# --------------------------------------------------------------------------------------------


class _Invalid(Exception):
    """One wrong value: the key path within the table ("" for the table as a whole), what was
    expected, and the key path to find its line by (when not ``path``)."""

    def __init__(self, path: str, message: str, at: str = "") -> None:
        super().__init__(path, message)
        self.path, self.message, self.at = path, message, at or path

    def text(self, table: str) -> str:
        return f"[{table}]{' ' if self.path else ''}{self.path}: {self.message}"


def _expected(path: str, expected: str, value: Any) -> _Invalid:
    return _Invalid(path, f"expected {expected}, got {value!r} ({type(value).__name__})")


def optional(annotation: Any) -> Any:
    """``X`` of ``X | None``."""
    if isinstance(annotation, types.UnionType):
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _check(opt: Option, value: Any, path: str) -> Any:
    kind, meta = optional(opt.type), opt.meta
    if typing.get_origin(kind) is Literal:
        choices = typing.get_args(kind)
        if value not in choices:
            raise _expected(path, " or ".join(repr(c) for c in choices), value)
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise _expected(path, "true or false", value)
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < (meta.minimum or 0):
            raise _expected(path, f"a whole number, at least {meta.minimum}", value)
        return value
    if kind is str:
        if not isinstance(value, str) or not value:
            raise _expected(path, "a non-empty string", value)
        if meta.pattern and not re.match(meta.pattern, value):
            raise _expected(path, meta.pattern_doc, value)
        return value
    if kind == tuple[str, ...]:
        names = _names(value, path, meta)
        if len(names) < (meta.minimum or 0):
            raise _Invalid(path, "expected at least one module")
        return names
    raise AssertionError(f"no check for {kind}")  # a model field of a new type


def _names(value: Any, path: str, meta: Meta) -> tuple[str, ...]:
    """A list of module names (or globs), each once."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _expected(path, meta.list_doc, value)
    for index, item in enumerate(value):
        if not re.match(meta.pattern, item):
            raise _expected(f"{path}[{index}]", meta.pattern_doc, item)
    if len(set(value)) != len(value):
        twice = sorted({v for v in value if value.count(v) > 1})
        raise _Invalid(path, f"modules listed twice: {', '.join(twice)}")
    return tuple(value)


# --------------------------------------------------------------------------------------------
# Loading a table: every problem collected, then one ConfigError.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a hook table is, for errors: the file, the table's name, and the file's text (to
    find the line of a key; empty when not known)."""

    file: str
    table: str
    text: str = ""

    def line_of(self, path: str) -> int:
        """The line of ``path`` (``key``, ``components[1] key 'name'``...) in the file; the
        table's own line when the key is not written there plainly; 0 when unknown."""
        lines = self.text.splitlines()
        match = re.match(r"components\[(\d+)\]", path)
        header = f"[[{self.table}.components]]" if match else f"[{self.table}]"
        starts = [i for i, line in enumerate(lines) if line.strip() == header]
        index = int(match.group(1)) if match else 0
        if index >= len(starts):
            return 0
        start = starts[index]
        key = re.search(r"'([A-Za-z0-9_-]+)'", path[match.end() :] if match else path)
        if key:
            for i in range(start + 1, len(lines)):
                line = lines[i].strip()
                if line.startswith("["):
                    break
                if re.match(rf'"?{re.escape(key.group(1))}"?\s*=', line):
                    return i + 1
        return start + 1


def load_config(
    table: Mapping[str, Any],
    *,
    source: Source,
    project_name: str,
    environ: Mapping[str, str] | None = None,
) -> BuildConfig:
    """Validate the hook's table, with the options ``environ`` (a build's ``os.environ``) sets
    through their variables; one ConfigError lists every problem."""
    problems: list[_Invalid] = []
    from_environment, env_problems = _environment(environ or {})
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in HATCHLING_KEYS:
            continue
        if key not in TABLE_OPTIONS:
            known = ", ".join(TABLE_OPTIONS)
            message = f"unknown option {key!r}; the options are: {known}"
            problems.append(_Invalid("", message, at=f"option {key!r}"))
            continue
        path = f"option {key!r}"
        try:
            if key == "components":
                values[key] = _tables(value, path)
            else:
                values[key] = _check(TABLE_OPTIONS[key], value, path)
        except _Invalid as invalid:
            problems.append(invalid)
    values.update(from_environment)
    default_name = wit_name(re.sub(r"[^A-Za-z0-9]+", "_", project_name))
    components = _components(values, table, default_name, problems)
    settings = {
        o.field: values[k] for k, o in BUILD_OPTIONS.items() if k in values and k != "components"
    }
    settings.setdefault("namespace", default_name)
    settings.setdefault("package", default_name)
    if settings.get("js") and not settings.get("out_dir"):
        problems.append(
            _Invalid(
                "option 'js'",
                "the JS packages are written to <out-dir>/<component>/js; set out-dir (like "
                'out-dir = "dist/wasm") as well',
            )
        )
    if problems or env_problems:
        in_table = [
            Diagnostic(source.file, source.line_of(p.at), 0, p.text(source.table)) for p in problems
        ]
        raise ConfigError([*in_table, *env_problems])
    return BuildConfig(components=components, **settings)


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _environment(environ: Mapping[str, str]) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The options set by their environment variables (an empty one is unset, as pip's are):
    a folder relative to the current one, as a shell user means it; a switch as 1/0,
    true/false, yes/no or on/off."""
    found: dict[str, Any] = {}
    problems = []
    for key, opt in TABLE_OPTIONS.items():
        value = environ.get(opt.meta.env, "").strip() if opt.meta.env else ""
        if not value:
            continue
        if optional(opt.type) is bool:
            if value.lower() in (*_TRUE, *_FALSE):
                found[key] = value.lower() in _TRUE
                continue
            expected = f"one of {', '.join(_TRUE)} or {', '.join(_FALSE)}"
            message = f"(option {key!r}) expected {expected}, got {value!r}"
            problems.append(Diagnostic(f"${opt.meta.env}", 0, 0, message))
        else:  # a folder option
            found[key] = str(Path(value).absolute())
    return found, problems


def _tables(value: Any, path: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
        raise _expected(path, "an array of tables ([[...]])", value)
    return value


def _components(
    values: dict[str, Any],
    table: Mapping[str, Any],
    default_name: str,
    problems: list[_Invalid],
) -> tuple[ComponentConfig, ...]:
    single = {k: values[k] for k in ("modules", "imports", "backend", "command") if k in values}
    if "components" in table:
        if "modules" in table:
            problems.append(_Invalid("", "set either 'modules' or [[components]] tables, not both"))
        if "command" in table:
            message = "belongs in the [[components]] table whose modules it uses"
            problems.append(_Invalid("option 'command'", message))
        inherited = {k: v for k, v in single.items() if k not in ("modules", "command")}
        found = [
            _component(t, f"components[{i}]", inherited, problems)
            for i, t in enumerate(values.get("components", ()))
        ]
        components = tuple(c for c in found if c is not None)
    elif "modules" in single:
        component = _component({}, "", {"name": default_name, **single}, problems)
        components = () if component is None else (component,)
    else:
        if "modules" not in table:
            problems.append(
                _Invalid(
                    "",
                    'no modules to compile; set modules = ["pkg.mod"] or add '
                    "[[...pywasm.components]] tables with name and modules",
                )
            )
        components = ()
    problems += _uniqueness(components)
    return components


def _component(
    table: Mapping[str, Any], path: str, inherited: dict[str, Any], problems: list[_Invalid]
) -> ComponentConfig | None:
    """One component from its table (or the top level's ``modules``); ``imports`` and
    ``backend`` default to the top level's. None when it has a problem (in ``problems``)."""
    before = len(problems)
    settings = dict(inherited)
    for key in sorted(set(table) - set(COMPONENT_OPTIONS)):
        known = ", ".join(COMPONENT_OPTIONS)
        message = f"unknown key {key!r}; a component has {known}"
        problems.append(_Invalid(path, message, at=f"{path} key {key!r}"))
    for key, opt in COMPONENT_OPTIONS.items():
        if key in table:
            try:
                settings[key] = _check(opt, table[key], f"{path} key {key!r}")
            except _Invalid as invalid:
                problems.append(invalid)
        elif key not in settings and opt.default is dataclasses.MISSING:
            problems.append(_Invalid(path, f"missing {key!r}"))
    both = sorted(set(settings.get("modules", ())) & set(settings.get("imports", ())))
    if both:
        problems.append(_Invalid(path, f"{both[0]!r} is listed in both modules and imports"))
    if len(problems) > before:
        return None
    return ComponentConfig(**settings)


def _uniqueness(components: tuple[ComponentConfig, ...]) -> list[_Invalid]:
    problems = []
    names = [c.name for c in components]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(_Invalid("", f"two components are named {name!r}"))
    owner: dict[str, str] = {}
    for component in components:
        for module in component.modules:
            if module in owner:
                problems.append(
                    _Invalid(
                        "",
                        f"module {module!r} is in components {owner[module]!r} and "
                        f"{component.name!r}; a module is exported by one component",
                    )
                )
            owner.setdefault(module, component.name)
    return problems


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

    def error(message: str) -> ConfigError:
        return ConfigError([Diagnostic(str(pyproject_path), 0, 0, message)])

    try:
        text = pyproject_path.read_text(encoding="utf-8")
        pyproject = tomllib.loads(text)
    except FileNotFoundError:
        raise error("no pyproject.toml; is this a project folder?") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"not valid TOML ({exc})") from None
    found = hook_table(pyproject)
    if found is None:
        raise error(
            f'no [{GLOBAL_TABLE}] or [{WHEEL_TABLE}] table; add one with modules = ["pkg.mod"]'
        )
    name, table = found
    metadata = ProjectMetadata(str(project_dir), PluginManager())
    project = Project(
        root=project_dir,
        name=metadata.name,
        version=metadata.version,
        dependencies=tuple(metadata.core.dependencies),
    )
    source = Source(str(pyproject_path), name, text)
    config = load_config(table, source=source, project_name=project.name, environ=os.environ)
    return project, config
