"""The hook's configuration: valid tables become BuildConfig; bad input names key and table."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatch_pywasm.config import (
    OPTIONS,
    BuildConfig,
    ComponentConfig,
    ConfigError,
    load_config,
    read_project_config,
)

WHERE = "pyproject.toml [tool.hatch.build.hooks.pywasm]"


def load(table: dict) -> BuildConfig:
    return load_config(table, where=WHERE, project_name="my-shop")


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


@pytest.mark.parametrize(
    ("table", "message"),
    [
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
    ],
)
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


def test_the_readme_documents_every_option_as_the_model_does() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for option in OPTIONS:
        assert f"| `{option.key}` | {option.doc} |" in readme, option.key
