"""Finding 8 (the settings side): the path options and ``editable-rebuild`` have environment
variables, read through the config model, which win over the table as pip's and uv's own do.
A build reads ``os.environ``; ``load_config`` without ``environ`` reads none."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatch_pywasm import schema
from hatch_pywasm.config import (
    BUILD_OPTIONS,
    GLOBAL_TABLE,
    ConfigError,
    Source,
    load_config,
    read_project_config,
)

TABLE = {"modules": ["shop.codec"], "cache-dir": "cache", "out-dir": "dist/wasm"}
WHERE = Source("pyproject.toml", GLOBAL_TABLE)


def load(environ: dict[str, str] | None, table: dict | None = None):
    return load_config(table or TABLE, source=WHERE, project_name="wasm-shop", environ=environ)


def test_the_variables_win_over_the_table(tmp_path: Path) -> None:
    environ = {
        "HATCH_PYWASM_CACHE_DIR": str(tmp_path / "ci-cache"),
        "HATCH_PYWASM_OUT_DIR": str(tmp_path / "artifacts"),
        "HATCH_PYWASM_EDITABLE_REBUILD": "0",
    }
    config = load(environ)
    assert config.cache_dir == str(tmp_path / "ci-cache")
    assert config.out_dir == str(tmp_path / "artifacts")
    assert config.editable_rebuild is False


def test_a_relative_folder_is_relative_to_the_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = load({"HATCH_PYWASM_CACHE_DIR": "caches/pywasm"})
    assert config.cache_dir == str(tmp_path / "caches" / "pywasm")


def test_unset_or_empty_variables_leave_the_table_as_it_is() -> None:
    for environ in (None, {}, {"HATCH_PYWASM_CACHE_DIR": "", "HATCH_PYWASM_EDITABLE_REBUILD": " "}):
        config = load(environ)
        assert (config.cache_dir, config.out_dir, config.editable_rebuild) == (
            "cache",
            "dist/wasm",
            True,
        )


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("TRUE", True), ("yes", True), ("off", False)]
)
def test_a_switch_takes_the_usual_words(value: str, expected: bool) -> None:
    table = {**TABLE, "editable-rebuild": not expected}
    assert load({"HATCH_PYWASM_EDITABLE_REBUILD": value}, table).editable_rebuild is expected


def test_a_bad_value_is_reported_with_the_tables_problems() -> None:
    table = {**TABLE, "jobs": 0}
    with pytest.raises(ConfigError) as raised:
        load({"HATCH_PYWASM_EDITABLE_REBUILD": "sometimes"}, table)
    messages = [d.format() for d in raised.value.diagnostics]
    assert messages == [
        "$HATCH_PYWASM_EDITABLE_REBUILD: (option 'editable-rebuild') expected one of 1, true, "
        "yes, on or 0, false, no, off, got 'sometimes'",
        f"pyproject.toml: [{GLOBAL_TABLE}] option 'jobs': expected a whole number, at least 1, "
        "got 0 (int)",
    ]


def test_a_project_read_as_a_build_reads_it_takes_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "wasm-shop"\nversion = "0.1.0"\n\n'
        f'[{GLOBAL_TABLE}]\nmodules = ["shop.codec"]\ncache-dir = "cache"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("HATCH_PYWASM_CACHE_DIR", str(tmp_path / "elsewhere"))
    _, config = read_project_config(tmp_path)
    assert config.cache_dir == str(tmp_path / "elsewhere")


def test_the_options_table_names_each_variable() -> None:
    with_env = {k: o.meta.env for k, o in BUILD_OPTIONS.items() if o.meta.env}
    assert with_env == {
        "out-dir": "HATCH_PYWASM_OUT_DIR",
        "cache-dir": "HATCH_PYWASM_CACHE_DIR",
        "editable-rebuild": "HATCH_PYWASM_EDITABLE_REBUILD",
    }
    rows = {line.split(" | ")[0]: line for line in schema.options_table().splitlines()}
    for key, name in with_env.items():
        assert f"Environment variable `{name}`" in rows[f"| `{key}`"]
