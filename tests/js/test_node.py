"""The packages in Node: `node --test` suites call every export of the test component and of
example_project's components (built by the hook with ``js = true``) and check the values."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from hatch_pywasm.js import NODE20_FLAG

HARNESS = Path(__file__).parent / "harness"


def run_node(node: str, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [node, NODE20_FLAG, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"node {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_node_suite_calls_every_export(node: str, js_package) -> None:
    output = run_node(
        node,
        "--test",
        "--test-reporter=tap",
        str(HARNESS / "component.test.mjs"),
        env={"PYWASM_JS_PACKAGE": str(js_package.package_dir)},
    )
    assert "# fail 0" in output and "# pass 7" in output, output


@pytest.mark.slow
def test_stub_wasi_package_runs_without_the_shim(node: str, js_stub_package) -> None:
    package = json.loads((js_stub_package.package_dir / "package.json").read_text())
    assert "dependencies" not in package
    assert not (js_stub_package.root / "node_modules" / "@bytecodealliance").exists()
    calls = str(HARNESS / "jsglue-calls.json")
    output = run_node(node, str(HARNESS / "run-calls.mjs"), calls, str(js_stub_package.package_dir))
    assert json.loads(output)[0] == {"ok": {"$int": "42"}}


@pytest.mark.slow
def test_node_suite_calls_every_export_of_example_project(node: str, example_js) -> None:
    output = run_node(
        node,
        "--test",
        "--test-reporter=tap",
        str(HARNESS / "example.test.mjs"),
        env={
            "PYWASM_JS_STORE": str(example_js.packages["store"]),
            "PYWASM_JS_CODEC": str(example_js.packages["codec"]),
        },
    )
    assert "# fail 0" in output and "# pass 4" in output, output
