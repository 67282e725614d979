"""The hook's configuration: valid tables become BuildConfig; bad input names file, line, table
and key, every problem of a table at once; the README table and the JSON Schema come from the
model and agree with its validation."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hatch_pywasm import schema
from hatch_pywasm.config import (
    GLOBAL_TABLE,
    BuildConfig,
    ComponentConfig,
    ConfigError,
    Source,
    load_config,
    read_project_config,
)

REPO = Path(__file__).resolve().parents[2]
WHERE = "pyproject.toml: [tool.hatch.build.hooks.pywasm]"


def load(table: dict[str, Any], text: str = "") -> BuildConfig:
    source = Source("pyproject.toml", GLOBAL_TABLE, text)
    return load_config(table, source=source, project_name="my-shop")


def test_single_component_named_after_the_project() -> None:
    config = load({"modules": ["shop.a", "shop.b"], "imports": ["shop.host"]})
    assert config.components == (
        ComponentConfig(name="my-shop", modules=("shop.a", "shop.b"), imports=("shop.host",)),
    )
    assert (config.namespace, config.package) == ("my-shop", "my-shop")
    assert (config.wheel, config.js, config.stub_wasi, config.jobs) == (
        "sidecar",
        False,
        False,
        None,
    )


def test_several_components_inherit_top_level_imports_and_backend() -> None:
    config = load(
        {
            "imports": ["shop.host"],
            "backend": "componentize",
            "components": [
                {"name": "pricing", "modules": ["shop.pricing"]},
                {
                    "name": "kernels",
                    "modules": ["shop.kernels"],
                    "imports": [],
                    "backend": "static",
                },
            ],
            "out-dir": "dist/wasm",
            "wheel": "replace",
            "js": True,
            "stub-wasi": True,
            "jobs": 2,
            "namespace": "acme",
            "dependencies": ["something"],  # hatchling's own key: accepted
        }
    )
    assert config.components == (
        ComponentConfig("pricing", ("shop.pricing",), ("shop.host",), "componentize"),
        ComponentConfig("kernels", ("shop.kernels",), (), "static"),
    )
    assert (config.out_dir, config.wheel, config.js, config.stub_wasi, config.jobs) == (
        "dist/wasm",
        "replace",
        True,
        True,
        2,
    )
    assert (config.namespace, config.package) == ("acme", "my-shop")


BAD_TABLES = [
    ({}, "no modules to compile"),
    ({"modules": ["a"], "colour": 1}, "unknown option 'colour'"),
    ({"modules": "shop.a"}, "option 'modules': expected a list of dotted module names"),
    ({"modules": ["shop..a"]}, "option 'modules'[0]: expected a dotted module name"),
    ({"modules": ["a", "a"]}, "modules listed twice: a"),
    ({"modules": ["a"], "wheel": "inside"}, "option 'wheel': expected 'sidecar' or 'replace'"),
    ({"modules": ["a"], "js": "yes"}, "option 'js': expected true or false, got 'yes' (str)"),
    ({"modules": ["a"], "jobs": 0}, "option 'jobs': expected a whole number"),
    ({"modules": ["a"], "jobs": True}, "option 'jobs': expected a whole number"),
    ({"modules": ["a"], "out-dir": ""}, "option 'out-dir': expected a non-empty string"),
    ({"modules": ["a"], "namespace": "Acme"}, "option 'namespace': expected a kebab-case"),
    ({"modules": ["a"], "backend": "llvm"}, "option 'backend': expected 'auto' or"),
    ({"modules": ["a"], "imports": ["a"]}, "'a' is listed in both modules and imports"),
    ({"modules": ["a"], "components": [{"name": "x", "modules": ["b"]}]}, "not both"),
    ({"components": []}, "option 'components': expected an array of tables"),
    ({"components": [{"modules": ["a"]}]}, "components[0]: missing 'name'"),
    ({"components": [{"name": "x"}]}, "components[0]: missing 'modules'"),
    ({"components": [{"name": "x", "modules": []}]}, "expected at least one module"),
    ({"components": [{"name": "X", "modules": ["a"]}]}, "components[0] key 'name'"),
    ({"components": [{"name": "x", "modules": ["a"], "js": True}]}, "unknown key 'js'"),
    (
        {"components": [{"name": "x", "modules": ["a"]}, {"name": "x", "modules": ["b"]}]},
        "two components are named 'x'",
    ),
    (
        {"components": [{"name": "x", "modules": ["a"]}, {"name": "y", "modules": ["a"]}]},
        "module 'a' is in components 'x' and 'y'",
    ),
    ({"modules": ["a"], "js": True}, "option 'js': the JS packages are written to <out-dir>"),
    ({"modules": ["a"], "command": "a"}, "option 'command': expected an entry point"),
    (
        {"components": [{"name": "x", "modules": ["a"]}], "command": "a:main"},
        "option 'command': belongs in the [[components]] table",
    ),
    (
        {"components": [{"name": "x", "modules": ["a"], "command": "a.main"}]},
        "components[0] key 'command': expected an entry point 'package.module:function'",
    ),
]


@pytest.mark.parametrize(("table", "message"), BAD_TABLES)
def test_bad_tables_are_rejected_naming_the_table_and_key(table: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(table)
    assert str(info.value).startswith(WHERE)
    assert message in str(info.value)


def write_project(root: Path, hook_tables: str, version: str = '"1.2.3"') -> Path:
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "My_Shop"\nversion = {version}\n\n{hook_tables}', encoding="utf-8"
    )
    return root


def test_project_config_prefers_the_wheel_target_table(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        '[tool.hatch.build.hooks.pywasm]\nmodules = ["a"]\n'
        '[tool.hatch.build.targets.wheel.hooks.pywasm]\nmodules = ["b"]\n',
    )
    project, config = read_project_config(tmp_path)
    assert (project.name, project.version) == ("my-shop", "1.2.3")
    assert config.components[0].modules == ("b",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no pyproject.toml"),
        ("[project\n", "not valid TOML"),
        ('[project]\nname = "x"\nversion = "1"\n', "no [tool.hatch.build.hooks.pywasm]"),
    ],
)
def test_project_config_errors_name_the_file(tmp_path: Path, content: str | None, message: str):
    if content is not None:
        (tmp_path / "pyproject.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_project_config(tmp_path)
    assert str(info.value).startswith(str(tmp_path / "pyproject.toml"))
    assert message in str(info.value)


def test_every_problem_of_a_table_is_reported_at_once_with_its_line() -> None:
    text = textwrap.dedent(
        """
        [project]
        name = "my-shop"

        [tool.hatch.build.hooks.pywasm]
        wheel = "inside"
        colour = 1
        js = true

        [[tool.hatch.build.hooks.pywasm.components]]
        name = "x"
        modules = ["a"]

        [[tool.hatch.build.hooks.pywasm.components]]
        name = "Y"
        modules = []
        """
    )
    table = tomllib.loads(text)["tool"]["hatch"]["build"]["hooks"]["pywasm"]
    with pytest.raises(ConfigError) as info:
        load(table, text)
    known = "modules, imports, backend, command, components, namespace, package, out-dir, wheel, "
    known += "js, jco, cache-dir, stub-wasi, jobs, editable-rebuild, exclude"
    assert str(info.value).splitlines() == [
        "pyproject.toml:6: [tool.hatch.build.hooks.pywasm] option 'wheel': expected 'sidecar' or "
        "'replace' or 'none', got 'inside' (str)",
        "pyproject.toml:7: [tool.hatch.build.hooks.pywasm]: unknown option 'colour'; the options "
        f"are: {known}",
        "pyproject.toml:8: [tool.hatch.build.hooks.pywasm] option 'js': the JS packages are "
        'written to <out-dir>/<component>/js; set out-dir (like out-dir = "dist/wasm") as well',
        "pyproject.toml:15: [tool.hatch.build.hooks.pywasm] components[1] key 'name': expected a "
        "kebab-case name of lowercase words (like 'my-name'), got 'Y' (str)",
        "pyproject.toml:16: [tool.hatch.build.hooks.pywasm] components[1] key 'modules': expected "
        "at least one module",
    ]
    assert len(info.value.diagnostics) == 5


def test_the_readme_options_table_is_the_models() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index(schema.TABLE_START) + len(schema.TABLE_START) + 1
    end = readme.index(schema.TABLE_END)
    assert readme[start:end] == schema.options_table()


def test_the_shipped_schema_is_the_models_and_the_cli_prints_it() -> None:
    shipped = (REPO / "hatch_pywasm" / schema.SCHEMA_FILE).read_text(encoding="utf-8")
    assert shipped == schema.schema_text()
    printed = subprocess.run(
        [sys.executable, "-m", "hatch_pywasm", "schema"], capture_output=True, text=True, check=True
    )
    assert printed.stdout == shipped
    jsonschema.Draft7Validator.check_schema(json.loads(shipped))


GOOD_TABLES = [
    {"modules": ["shop.a"]},
    {"modules": ["a"], "out-dir": "dist/wasm", "js": True, "jco": "npx jco", "jobs": 1},
    {"components": [{"name": "x", "modules": ["a"], "backend": "static"}], "wheel": "none"},
    {"modules": ["a"], "dependencies": ["x"], "enable-by-default": False},
    {"modules": ["a"], "command": "a.cli:main"},
    {"components": [{"name": "x", "modules": ["a"], "command": "a.cli:main"}]},
    tomllib.loads((REPO / "example_project" / "pyproject.toml").read_text())["tool"]["hatch"][
        "build"
    ]["hooks"]["pywasm"],
]
#: What only the hook can tell (it knows the other components and the project).
SCHEMA_BLIND = {"two components are named 'x'", "module 'a' is in components 'x' and 'y'"}
SCHEMA_BLIND.add("'a' is listed in both modules and imports")


@pytest.mark.parametrize("table", GOOD_TABLES)
def test_the_schema_accepts_what_the_hook_accepts(table: dict[str, Any]) -> None:
    load(table)
    jsonschema.validate(table, schema.json_schema())


@pytest.mark.parametrize(("table", "message"), BAD_TABLES)
def test_the_schema_rejects_what_the_hook_rejects(table: dict[str, Any], message: str) -> None:
    valid = jsonschema.Draft7Validator(schema.json_schema()).is_valid(table)
    assert valid == (message in SCHEMA_BLIND)
