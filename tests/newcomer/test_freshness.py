"""Finding 3 (the runtime side, without a build): what ``pywasm_runtime.freshness`` decides from
an editable build's record. The rebuilds themselves are real editable installs in
test_editable_live.py."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest
from pywasm_runtime import freshness


def editable_dir(tmp_path: Path, rebuild: bool = True) -> tuple[Path, Path]:
    """A ``__wasm__`` folder whose record lists one source, as an editable build writes it."""
    source = tmp_path / "ops.py"
    source.write_text("def scale(x: int) -> int:\n    return x * 2\n", encoding="utf-8")
    wasm_dir = tmp_path / "__wasm__"
    wasm_dir.mkdir()
    record = {
        "project": str(tmp_path),
        "rebuild": rebuild,
        "components": {"calc": {str(source): source.stat().st_mtime_ns}},
    }
    (wasm_dir / freshness.EDITABLE_FILE).write_text(json.dumps(record), encoding="utf-8")
    return wasm_dir, source


def touch_later(path: Path) -> None:
    later = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(later, later))


def test_an_installed_wheel_has_no_record(tmp_path: Path) -> None:
    assert freshness.changed_sources(tmp_path, "calc") is None
    assert freshness.ensure_fresh(tmp_path, "calc") is False


def test_unchanged_sources_need_nothing(tmp_path: Path) -> None:
    wasm_dir, _ = editable_dir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert freshness.ensure_fresh(wasm_dir, "calc") is False


def test_a_changed_or_deleted_source_is_named(tmp_path: Path) -> None:
    wasm_dir, source = editable_dir(tmp_path)
    touch_later(source)
    assert freshness.changed_sources(wasm_dir, "calc")[1] == [str(source)]
    source.unlink()
    assert freshness.changed_sources(wasm_dir, "calc")[1] == [str(source)]


def test_turned_off_in_the_project_it_warns(tmp_path: Path) -> None:
    wasm_dir, source = editable_dir(tmp_path, rebuild=False)
    touch_later(source)
    with pytest.warns(freshness.StaleComponentWarning, match=r"'calc' is older than ops\.py"):
        assert freshness.ensure_fresh(wasm_dir, "calc") is False


@pytest.mark.parametrize("value", ["0", "false", "OFF"])
def test_the_variable_turns_it_off_for_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    wasm_dir, source = editable_dir(tmp_path, rebuild=True)
    touch_later(source)
    monkeypatch.setenv(freshness.REBUILD_ENV, value)
    with pytest.warns(freshness.StaleComponentWarning, match="pip install -e"):
        assert freshness.ensure_fresh(wasm_dir, "calc") is False
