"""A newcomer's first hour (issue 15), each finding a real build of the README's own project:
the README's examples run as written, the wheel ships the package, earlier outputs never enter
a wheel or an sdist, the out-dir lands in the project for every front-end, the tag is
py3-none-any, errors end with the diagnostics, and the build cache is keyed on what goes into
a component (its own environment variable; a second checkout and an editable build hit it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, MakeProject

pytestmark = pytest.mark.slow

EDITABLE = "import hatchling.build as b; b.build_editable('../editable')"
WITHOUT_PACKAGES = re.compile(r"\[tool\.hatch\.build\.targets\.wheel\]\npackages = .*\n\n")


def build(
    project: Path, env: dict[str, str], *args: str, frontend: str = "build"
) -> subprocess.CompletedProcess[str]:
    """A real build with this checkout's plugin, started in ``project`` as a user would."""
    commands = {
        "build": [sys.executable, "-m", "build", "--no-isolation", *args],
        "uv": ["uv", "build", "--no-build-isolation", "--python", sys.executable, *args],
        # the PEP 660 hook, as pip calls it; the editable wheel goes outside the project
        "editable": [sys.executable, "-c", EDITABLE],
    }  # fmt: skip
    return subprocess.run(
        commands[frontend],
        cwd=project,
        env={**env, "PWD": str(project)},  # what a shell sets for the folder it is in
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def readme_wheel(readme_project: MakeProject, pywasm_build_env: dict[str, str], example_build):
    """The README's project built by ``python -m build`` (sdist, then the wheel from it), after
    example_build: its components come from the session cache."""
    project = readme_project("readme")
    done = build(project, pywasm_build_env)
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (project / "dist").glob("*.whl")
    return project, wheel, done.stdout + done.stderr


# -- the README's examples, as written ----------------------------------------------------------


def test_readme_usage_runs_against_the_built_wheel(
    readme_wheel, tmp_path: Path, readme_blocks: dict[str, str]
) -> None:
    project, wheel, _ = readme_wheel
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    usage = readme_blocks["usage"]
    *lines, last = usage.strip().splitlines()
    script = "\n".join([*lines, f"print(repr({last}))"])
    wasm = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")}, check=False, timeout=300,
    )  # fmt: skip
    assert wasm.returncode == 0, wasm.stderr
    native_script = script.replace('import_wasm("shop.pricing")', "importlib.import_module")
    native_script = "import importlib\n" + native_script.replace(
        "importlib.import_module", 'importlib.import_module("shop.pricing")'
    )
    native = subprocess.run(
        [sys.executable, "-c", native_script],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, "PYTHONPATH": str(project / "src")},
    )  # fmt: skip
    assert native.returncode == 0, native.stderr
    assert wasm.stdout == native.stdout == "2598\n"


def test_readme_check_commands_run(
    readme_project: MakeProject, readme_blocks: dict[str, str]
) -> None:
    project = readme_project("readme-check")
    console_script = Path(sys.executable).with_name("hatch-pywasm")
    for line in readme_blocks["check"].strip().splitlines():
        command = line.split("#")[0].split()
        assert command[0] == "hatch-pywasm"
        done = subprocess.run(
            [str(console_script), *command[1:]], cwd=project, capture_output=True, text=True,
            check=False, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert (
        "package wasm-shop:wasm-shop"
        in subprocess.run(
            [str(console_script), "wit", "."],
            cwd=project,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def test_readme_first_screen_from_nothing_to_an_installed_wheel(
    readme_project: MakeProject,
    pywasm_build_env: dict[str, str],
    example_build,
    tmp_path: Path,
    readme_blocks: dict[str, str],
) -> None:
    """The wheelhouse and project blocks pasted into a shell: a fresh venv, isolated builds."""
    project = readme_project("readme-shell")
    home = Path(os.environ.get("HOME", "/root"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    blocks = readme_blocks
    script = "\n".join(
        [
            "set -euo pipefail",
            f"cd {REPO}",
            blocks["wheelhouse"].replace("$HOME/wheelhouse", str(tmp_path / "wheelhouse")),
            f". {venv}/bin/activate",
            f"cd {project}",
            blocks["project"],
            "cd / && python -c 'import shop.pricing; from pywasm_runtime import import_wasm; "
            'print(import_wasm("shop.pricing").price_label)\'',
        ]
    )
    env = {
        **pywasm_build_env,
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR") or str(home / ".cache" / "pip"),
    }
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, check=False, timeout=1200
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "<function price_label" in done.stdout
    # finding 4, pip: an isolated pip wheel built in the project, and the out-dir is there
    assert (project / "dist" / "wasm" / "store" / "store.wasm").is_file()


# -- finding 1: components without their package ------------------------------------------------


def test_a_wheel_without_the_package_is_an_error_naming_packages(
    readme_project: MakeProject, pywasm_build_env: dict[str, str], readme_blocks: dict[str, str]
) -> None:
    pyproject = WITHOUT_PACKAGES.sub("", readme_blocks["pyproject"])
    assert "packages" not in pyproject
    done = build(readme_project("no-packages", pyproject), pywasm_build_env, "--wheel")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "packages = " in output and "src/shop" in output, output
    assert "Traceback" not in output


# -- finding 2: earlier outputs in the source tree ----------------------------------------------


def test_editable_outputs_never_enter_wheel_or_sdist(
    readme_project: MakeProject, pywasm_build_env: dict[str, str], example_build
) -> None:
    project = readme_project("editable-then-build")
    assert not (project / ".gitignore").exists()
    editable = build(project, pywasm_build_env, frontend="editable")
    assert editable.returncode == 0, editable.stdout + editable.stderr
    assert (project / "src" / "shop" / "__wasm__" / "store.wasm").is_file()
    # finding 8: the editable build took the components the wheel builds cached
    assert editable.stderr.count("unchanged, taken from the build cache") == 2, editable.stderr
    for args in (("--wheel",), ("--sdist",)):
        done = build(project, pywasm_build_env, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = project.glob("dist/*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert names.count("shop/__wasm__/store.wasm") == 1
    (sdist,) = project.glob("dist/*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    assert not [m for m in members if "__wasm__" in m or "/dist/" in m], members
    assert any(m.endswith("src/shop/pricing.py") for m in members)


# -- finding 4: the out-dir, for every front-end --------------------------------------------------


@pytest.mark.parametrize("frontend", ["build", "uv"])
def test_out_dir_lands_in_the_project_when_built_from_the_sdist(
    frontend: str, readme_project: MakeProject, pywasm_build_env: dict[str, str], example_build
) -> None:
    project = readme_project(f"out-dir-{frontend}")
    done = build(project, pywasm_build_env, frontend=frontend)  # sdist, then the wheel from it
    assert done.returncode == 0, done.stdout + done.stderr
    assert "built from an unpacked sdist" in done.stdout + done.stderr
    assert (project / "dist" / "wasm" / "store" / "store.wasm").is_file()
    assert (project / "dist" / "wasm" / "codec" / "codec.wit").is_file()


def test_out_dir_from_its_environment_variable(
    readme_project: MakeProject, pywasm_build_env: dict[str, str], example_build, tmp_path: Path
) -> None:
    project = readme_project("out-dir-env")
    env = {**pywasm_build_env, "HATCH_PYWASM_OUT_DIR": str(tmp_path / "elsewhere")}
    done = build(project, env, "--wheel")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "elsewhere" / "store" / "store.wasm").is_file()
    assert not (project / "dist" / "wasm").exists()


# -- finding 5: the tag -----------------------------------------------------------------------


def test_wheel_is_py3_none_any_without_requires_python(
    readme_wheel, readme_blocks: dict[str, str]
) -> None:
    _, wheel, _ = readme_wheel
    assert "requires-python" not in readme_blocks["pyproject"]
    assert wheel.name == "wasm_shop-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        assert "Tag: py3-none-any" in archive.read("wasm_shop-0.1.0.dist-info/WHEEL").decode()


# -- finding 7: errors end with the diagnostics ---------------------------------------------------


def test_a_failed_build_ends_with_the_diagnostics(
    readme_project: MakeProject, pywasm_build_env: dict[str, str]
) -> None:
    project = readme_project("bad-annotation")
    codec = project / "src" / "shop" / "codec.py"
    text = codec.read_text(encoding="utf-8")
    codec.write_text(text.replace("def checksum(data: bytes)", "def checksum(data)"), "utf-8")
    assert "def checksum(data)" in codec.read_text(encoding="utf-8")
    done = build(project, pywasm_build_env, "--wheel")
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    # After ours, only the front-end's own two lines (a tip, "Backend subprocess exited").
    ours = [line for line in lines if not line.startswith(("TIP ", "ERROR "))]
    assert ours[-2] == "[pywasm] 1 problem(s) stop the build:", done.stderr
    diagnostic = r"src/shop/codec\.py:\d+:\d+: in function 'checksum', parameter 'data'"
    assert re.match(diagnostic, ours[-1]), done.stderr


# -- finding 8: the build cache ------------------------------------------------------------------


def test_cache_dir_environment_variable_and_a_second_checkout_hits(
    readme_project: MakeProject, pywasm_build_env: dict[str, str], example_build, tmp_path: Path
) -> None:
    cache = tmp_path / "ci-cache"
    env = {**pywasm_build_env, "HATCH_PYWASM_CACHE_DIR": str(cache)}
    first = readme_project("checkout-one")
    done = build(first, env, "--wheel")
    assert done.returncode == 0, done.stdout + done.stderr
    components = [p for p in cache.glob("*/component.wasm") if p.read_bytes()[:4] == b"\0asm"]
    assert len(components) == 2  # store and codec (the other entries: backend choices)
    second = readme_project("checkout-two")  # another folder, as a CI runner's
    shutil.rmtree(first)
    again = build(second, env, "--wheel")
    assert again.returncode == 0, again.stdout + again.stderr
    assert (again.stdout + again.stderr).count("unchanged, taken from the build cache") == 2
