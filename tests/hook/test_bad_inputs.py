"""Each kind of bad input fails the build with a clear message and leaves no partial output:
no wheel, no out-dir, no ``__wasm__`` folder in the source tree; ``python -m hatch_pywasm check``
reports the very same problems without building."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import hatch_pywasm

pytestmark = pytest.mark.slow

TABLE = "[tool.hatch.build.hooks.pywasm]\n"
OURS = Path(hatch_pywasm.__file__).parent


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def append(path: Path, text: str) -> str:
    """Appends ``text``; returns ``file:line`` of its first non-blank line, as errors say it."""
    before = path.read_text()
    path.write_text(before + text)
    blank = len(text) - len(text.lstrip("\n"))
    return f"src/shop/{path.name}:{before.count(chr(10)) + blank + 1}:"


def bad_option(project: Path) -> None:
    edit(project / "pyproject.toml", TABLE, f'{TABLE}wheel = "sometimes"\n')


def unknown_key(project: Path) -> None:
    edit(project / "pyproject.toml", TABLE, f"{TABLE}stub_wasi = true\n")


def js_without_out_dir(project: Path) -> None:
    edit(project / "pyproject.toml", 'out-dir = "dist/wasm"\n', "js = true\n")


def missing_module(project: Path) -> None:
    edit(project / "pyproject.toml", '"shop.codec"]', '"shop.codec", "shop.missing"]')


def syntax_error(project: Path) -> str:
    return append(project / "src/shop/codec.py", "\ndef broken(:\n    pass\n")


def unsupported_annotation(project: Path) -> str:
    return append(
        project / "src/shop/codec.py", "\n\ndef anything(value: object) -> int:\n    return 1\n"
    )


def module_outside_a_package(project: Path) -> None:
    (project / "src" / "solo.py").write_text("def one() -> int:\n    return 1\n")
    edit(project / "pyproject.toml", '"shop.codec"]', '"shop.codec", "solo"]')


def out_dir_is_a_file(project: Path) -> None:
    (project / "dist").mkdir()
    (project / "dist" / "wasm").write_text("a file where the out-dir goes")


def out_dir_cannot_be_written(project: Path) -> None:
    # /sys refuses new folders even to root (a read-only folder would not stop root)
    edit(project / "pyproject.toml", 'out-dir = "dist/wasm"', 'out-dir = "/sys/pywasm-out"')


def cache_dir_is_a_file(project: Path) -> None:
    (project / "cache").write_text("a file where the build cache goes")
    edit(project / "pyproject.toml", TABLE, f'{TABLE}cache-dir = "cache"\n')


def fails_in_componentize(project: Path) -> None:
    # Valid source the frontend accepts; it only fails when componentize-py imports it.
    append(project / "src/shop/codec.py", '\nraise RuntimeError("boom while importing")\n')


CASES = [
    (bad_option, ["[tool.hatch.build.hooks.pywasm] option 'wheel'", "'sidecar'", "'sometimes'"]),
    (unknown_key, ["[tool.hatch.build.hooks.pywasm]", "unknown option 'stub_wasi'"]),
    (js_without_out_dir, ["option 'js'", "set out-dir"]),
    (missing_module, ["module 'shop.missing' not found", "component 'codec'"]),
    (syntax_error, ["syntax error"]),
    (unsupported_annotation, ["'anything'", "'value'", "object"]),
    (module_outside_a_package, ["'solo' is not a package", 'wheel = "none"']),
    (out_dir_is_a_file, ["option 'out-dir':", "dist/wasm is a file; expected a folder"]),
    (out_dir_cannot_be_written, ["option 'out-dir': cannot write into /sys/pywasm-out:"]),
    (cache_dir_is_a_file, ["option 'cache-dir':", "cache cannot be a folder"]),
    (
        fails_in_componentize,
        ["componentize-py could not build component 'codec'", "boom while importing"],
    ),
]


#: Problems only a build finds: componentize-py imports the modules; writing and the cache are
#: tried only by a build.
BUILD_ONLY = {fails_in_componentize, out_dir_cannot_be_written, cache_dir_is_a_file}


def check(project: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "hatch_pywasm", "check", str(project)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("change", "expected"), CASES, ids=[c.__name__ for c, _ in CASES])
def test_bad_input_fails_clearly_and_leaves_nothing(
    example_build: Any,
    fresh_example: Path,
    build_project: Any,
    tmp_path: Path,
    change: Any,
    expected: list[str],
) -> None:
    where = change(fresh_example)  # file:line, for problems in the source
    if where:
        expected = [where, *expected]
    checked = check(fresh_example)
    tmp = tmp_path / "tmp"  # the build's $TMPDIR: its staging folders must be gone after it
    tmp.mkdir()
    done = build_project(fresh_example, "--wheel", check=False, env={"TMPDIR": str(tmp)})
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    for text in expected:
        assert text in output, f"{text!r} missing from:\n{output}"
    assert f'File "{OURS}' not in output  # the problem, not a traceback of ours
    dist = fresh_example / "dist"
    assert not list(dist.glob("*.whl"))
    assert change is out_dir_is_a_file or not (dist / "wasm").exists()
    assert not (fresh_example / "src" / "shop" / "__wasm__").exists()
    assert [p.name for p in tmp.iterdir() if p.name.startswith("pywasm-")] == []
    # check reports what the build reports, word for word, without building
    if change in BUILD_ONLY:
        assert (checked.returncode, checked.stderr) == (0, "")
        return
    assert (checked.returncode, checked.stdout) == (1, "")
    *problems, count = checked.stderr.splitlines()
    assert count == f"{len(problems)} problem(s) found"
    for text in expected:
        assert text in checked.stderr, f"{text!r} missing from:\n{checked.stderr}"
    for line in problems:
        assert line in output, f"{line!r} missing from:\n{output}"
