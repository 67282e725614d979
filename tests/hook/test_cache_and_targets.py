"""Builds of changed copies of example_project, after the session's first build: sdist -> wheel
and unchanged inputs (the cache answers, componentize-py does not run), a changed module (only
its component rebuilds), editable installs, hatchling's clean, and wheel = "replace"."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import pywasm_runtime
from pywasm_runtime import manifest

from hatch_pywasm import pipeline, wit
from hatch_pywasm.backends import scheduler, static
from hatch_pywasm.config import read_project_config

pytestmark = pytest.mark.slow

CACHED = "unchanged, taken from the build cache"


def wheel_manifest(wheel: Path) -> manifest.Manifest:
    with zipfile.ZipFile(wheel) as archive:
        return manifest.loads(archive.read("shop/__wasm__/manifest.json").decode())


def set_hook_option(project: Path, line: str) -> None:
    """Adds ``line`` to the project's [tool.hatch.build.hooks.pywasm] table."""
    pyproject = project / "pyproject.toml"
    table = "[tool.hatch.build.hooks.pywasm]\n"
    pyproject.write_text(pyproject.read_text().replace(table, f"{table}{line}\n"))


def test_sdist_has_sources_only_and_its_wheel_builds_from_the_cache(
    example_build: Any, fresh_example: Path, build_project: Any
) -> None:
    done = build_project(fresh_example)  # sdist, then a wheel from the unpacked sdist
    (sdist,) = (fresh_example / "dist").glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(n.endswith("src/shop/pricing.py") for n in names)
    assert not [n for n in names if n.endswith(".wasm") or "__wasm__" in n]
    log = done.stdout + done.stderr
    # Same inputs as the session's first build: no componentize-py run at all.
    for name in ("store", "codec", "kernels"):
        assert f"[pywasm] {name}: {CACHED}" in log
    assert "compiling" not in log and "built in" not in log
    (wheel,) = (fresh_example / "dist").glob("*.whl")
    found = wheel_manifest(wheel)
    assert [e.name for e in found.components] == ["store", "codec", "kernels"]
    assert found.components[0].model == wheel_manifest(example_build.wheel).components[0].model


def test_a_no_change_rebuild_runs_no_backend(
    example_build: Any, pywasm_build_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build's own pipeline, in this process, over the session's build cache: every step
    # that would run a backend (the static subset check and compile included) records itself.
    monkeypatch.setenv("XDG_CACHE_HOME", pywasm_build_env["XDG_CACHE_HOME"])
    # The distributions a build sees are part of the cache key: search the build process's
    # sys.path, not this session's (other tests put unpacked wheels on it).
    fresh = subprocess.run(
        [sys.executable, "-c", "import sys; print(repr(sys.path))"],
        capture_output=True,
        text=True,
        check=True,
    )
    monkeypatch.setattr(sys, "path", ast.literal_eval(fresh.stdout))
    ran: list[str] = []

    def recorder(step: str) -> Any:
        def record(*_: Any) -> Any:
            ran.append(step)
            raise AssertionError(f"{step} ran")

        return record

    monkeypatch.setattr(static, "check_subset", recorder("the static subset check"))
    monkeypatch.setattr(static, "compile_component", recorder("a static compile"))
    monkeypatch.setattr(scheduler, "build_into_cache", recorder("a build"))
    project, config = read_project_config(example_build.project)
    log: list[str] = []
    _, outputs = pipeline.build(project, config, log.append)
    assert ran == []
    assert [(o.component.name, o.backend) for o in outputs] == [
        ("store", "componentize"),
        ("codec", "componentize"),
        ("kernels", "static"),
    ]
    assert [line for line in log if "cache" in line] == [
        f"{name}: {CACHED}" for name in ("store", "codec", "kernels")
    ]
    assert "kernels: the static compiler (backend = " in "\n".join(log)


def test_changed_module_rebuilds_only_its_component(
    example_build: Any, fresh_example: Path, build_project: Any
) -> None:
    codec = fresh_example / "src" / "shop" / "codec.py"
    codec.write_text(
        codec.read_text()
        + '\n\ndef shout(text: str) -> str:\n    """A new export."""\n    return text.upper()\n'
    )
    done = build_project(fresh_example, "--wheel")
    log = done.stdout + done.stderr
    # store holds every module of the shop package (lazy imports), codec.py too: it rebuilds;
    # kernels (the static compiler) reads only its own module.
    assert f"[pywasm] kernels: {CACHED}" in log
    assert "[pywasm] codec: built in" in log and "[pywasm] store: built in" in log
    # The new function is in the rebuilt component itself, not only in its model.
    component = fresh_example / "dist" / "wasm" / "codec" / "codec.wasm"
    printed = subprocess.run(
        [str(wit.wasm_tools()), "component", "wit", str(component)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "shout: func(text: string) -> result<string, guest-error>;" in printed


def test_editable_wheel_writes_components_into_the_source_tree_and_clean_removes_them(
    example_build: Any, fresh_example: Path, pywasm_build_env: dict[str, str], tmp_path: Path
) -> None:
    def hatchling(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "hatchling", "build", *args],
            cwd=fresh_example,
            env=pywasm_build_env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    hatchling("-t", "wheel:editable")
    wasm_dir = fresh_example / "src" / "shop" / "__wasm__"
    found = manifest.read(wasm_dir / "manifest.json")
    assert sorted(p.name for p in wasm_dir.iterdir()) == [
        "codec.wasm",
        "editable.json",  # what the runtime checks to rebuild a changed component
        "kernels.wasm",
        "manifest.json",
        "store.wasm",
    ]
    assert [e.name for e in found.components] == ["store", "codec", "kernels"]
    # Installed editable, the package is imported from the source tree, next to __wasm__/.
    (editable,) = (fresh_example / "dist").glob("*.whl")
    with zipfile.ZipFile(editable) as archive:
        assert not [n for n in archive.namelist() if n.endswith(".wasm")]
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "-q", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        ["uv", "pip", "install", "-q", "--no-deps", "--python", str(python), str(editable)],
        check=True,
    )
    where = subprocess.run(
        [str(python), "-c", "import shop, pathlib; print(pathlib.Path(shop.__file__).parent)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where) == wasm_dir.parent

    # hatch build -c / hatch clean run hatchling's clean, which runs the hook's.
    log = hatchling("-t", "wheel", "--clean-only")
    assert not wasm_dir.exists()
    assert not (fresh_example / "dist" / "wasm" / "store").exists()
    assert "[pywasm] removed" in log


def test_replace_mode_ships_proxies_that_keep_the_classes(
    example_build: Any, fresh_example: Path, build_project: Any, tmp_path: Path
) -> None:
    set_hook_option(fresh_example, 'wheel = "replace"')
    # Not listed by the project: the hook adds the runtime dependency, and warns.
    pyproject = fresh_example / "pyproject.toml"
    listed = 'dependencies = ["pywasm-runtime>=0.1,<0.2"]'
    pyproject.write_text(pyproject.read_text().replace(listed, "dependencies = []"))
    done = build_project(fresh_example, "--wheel")
    log = done.stdout + done.stderr
    assert f"[pywasm] store: {CACHED}" in log  # same inputs, whatever the wheel mode
    assert "add it to [project] dependencies" in log
    (wheel,) = (fresh_example / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("wasm_shop-0.1.0.dist-info/METADATA").decode()
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert requires == ["Requires-Dist: pywasm-runtime>=0.1,<0.2"]
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    pricing = (site / "shop" / "pricing.py").read_text()
    assert "_pywasm_module = _pywasm_import_wasm(__name__)" in pricing
    assert "total_cents = _pywasm_module.total_cents" in pricing
    assert "Stock = _pywasm_module.Stock" in (site / "shop" / "inventory.py").read_text()
    original = (fresh_example / "src" / "shop" / "models.py").read_text()
    assert (site / "shop" / "models.py").read_text() == original  # not compiled: unchanged
    assert (site / "shop" / "__wasm__" / "manifest.json").is_file()
    # Importing the proxies calls into the component through pywasm-runtime.
    script = (
        "from shop import codec, models, pricing\n"
        "item = models.Item('dune', 'Dune', 1000, models.Category.BOOKS)\n"
        "print(pricing.total_cents([item], [3], models.PercentOff(10)))\n"
        "print(pricing.mark_sale(item).badges == models.Badge.SALE)\n"
        "order = models.Order(1, [models.Line('dune', 2)], None, 'X')\n"
        "print(codec.decode_order(codec.encode_order(order)) == order)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2700", "True", "True"]


def test_stub_wasi_components_built_in_parallel(
    fresh_example: Path, build_project: Any, tmp_path: Path
) -> None:
    set_hook_option(fresh_example, "stub-wasi = true\njobs = 2")
    # An empty cache of its own: both components build, side by side in two worker processes.
    done = build_project(fresh_example, "--wheel", cache_home=tmp_path / "cache")
    log = done.stdout + done.stderr
    assert "[pywasm] compiling store, codec with componentize-py (2 at a time)" in log
    (wheel,) = (fresh_example / "dist").glob("*.whl")
    assert all(e.stub_wasi for e in wheel_manifest(wheel).components)
    for name, imports in (("codec", []), ("store", ["wasm-shop:wasm-shop/host@0.1.0"])):
        printed = subprocess.run(
            [
                str(wit.wasm_tools()),
                "component",
                "wit",
                str(fresh_example / "dist" / "wasm" / name / f"{name}.wasm"),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        world = printed[printed.index("world ") :]
        found = [
            line.split()[1].rstrip(";")
            for line in world.splitlines()
            if line.strip().startswith("import ")
        ]
        # No WASI imports left; ``types`` is listed too but holds only types (nothing to link).
        assert [i for i in found if not i.endswith("/types@0.1.0")] == imports, world

    # A guest exception still comes back as an error, not a trap: formatting its traceback must
    # not touch the file system, which stub WASI turns into traps.
    codec = pywasm_runtime.load(fresh_example / "dist" / "wasm" / "codec" / "codec.wasm")
    with pytest.raises(ValueError, match="not an encoded order"):
        codec.instantiate().shop_codec.decode_order(b"not zlib")


def test_js_packages_are_written_into_the_out_dir(
    example_build: Any, fresh_example: Path, build_project: Any
) -> None:
    jco = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "jco"
    set_hook_option(fresh_example, f'js = true\njco = "{jco}"')
    done = build_project(fresh_example, "--wheel")
    log = done.stdout + done.stderr
    assert f"[pywasm] codec: {CACHED}" in log
    for name in ("store", "codec"):
        folder = fresh_example / "dist" / "wasm" / name
        package = json.loads((folder / "js" / "package.json").read_text())
        assert name in package["name"]
        assert f"[pywasm] {name}: writing the JS package (jco)" in log
        assert (folder / f"{name}.wasm").is_file() and (folder / f"{name}.wit").is_file()
