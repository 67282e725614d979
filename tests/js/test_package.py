"""write_js_package: the package's metadata and files, npm pack, finding jco, and bad input
(each error names what was wrong and leaves no partial package behind)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pywasm_runtime import model

from hatch_pywasm.js import JCO_VERSION, PREVIEW2_SHIM_VERSION, JcoError, write_js_package
from hatch_pywasm.js.jco import find_jco
from hatch_pywasm.js.package import npm_name, npm_version

REPO = Path(__file__).parent.parent.parent
JCO = REPO / "node_modules" / ".bin" / "jco"


@pytest.mark.parametrize(
    ("pep440", "semver"),
    [
        ("1", "1.0.0"),
        ("1.2", "1.2.0"),
        ("1.2.3", "1.2.3"),
        ("2.0rc1", "2.0.0-rc.1"),
        ("0.3a2", "0.3.0-alpha.2"),
        ("1.0b1.dev4", "1.0.0-beta.1.dev.4"),
        ("1.0.post2", "1.0.1-post.2"),
        ("1.0+ubuntu.1", "1.0.0+ubuntu.1"),
    ],
)
def test_npm_version_from_pep440(pep440: str, semver: str) -> None:
    assert npm_version(pep440) == semver


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("banana", "'banana' is not a PEP 440 version"),
        ("1.2.3.4", "'1.2.3.4' has no npm"),
        ("1!2.0", "'1!2.0' has no npm"),
    ],
)
def test_npm_version_rejects_what_semver_cannot_say(version: str, expected: str) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        npm_version(version)


def test_npm_name_from_project_and_component() -> None:
    assert npm_name("Wasm_Shop", "catalog") == "wasm-shop-catalog"
    assert npm_name("wasm-shop", "wasm-shop") == "wasm-shop"


def test_pinned_versions_match_the_repo_lockfile() -> None:
    package = json.loads((REPO / "package.json").read_text())
    pins = package["devDependencies"]
    assert pins["@bytecodealliance/jco"] == JCO_VERSION
    assert pins["@bytecodealliance/preview2-shim"] == PREVIEW2_SHIM_VERSION
    locked = json.loads((REPO / "package-lock.json").read_text())["packages"]
    assert locked["node_modules/@bytecodealliance/jco"]["version"] == JCO_VERSION
    shim = locked["node_modules/@bytecodealliance/preview2-shim"]["version"]
    assert shim == PREVIEW2_SHIM_VERSION


def test_package_json_and_files(js_package) -> None:
    root = js_package.package_dir
    package = json.loads((root / "package.json").read_text())
    assert package["name"] == "js-glue-test-jsglue"
    assert package["version"] == "0.3.0-rc.1"
    assert package["type"] == "module"
    assert package["exports"]["."] == {"types": "./index.d.ts", "default": "./index.js"}
    assert package["types"] == "./index.d.ts"
    assert package["engines"] == {"node": ">=20"}
    assert package["dependencies"] == {"@bytecodealliance/preview2-shim": PREVIEW2_SHIM_VERSION}
    for name in package["files"]:
        assert (root / name).exists(), name
    readme = (root / "README.md").read_text()
    assert "--experimental-wasm-extended-const" in readme
    assert "import { geometry, GuestError } from 'js-glue-test-jsglue';" in readme
    assert "provideImports({ host: { suffix(...) { ... } } });" in readme
    types = (root / "index.d.ts").read_text()
    assert "export declare const textTools: typeof Glue.textTools;" in types
    assert "exports" not in (root / "index.js").read_text().replace("export ", "")
    assert oct((root).stat().st_mode & 0o777) == oct(0o755)


def test_stub_wasi_package_has_no_dependency(js_stub_package) -> None:
    package = json.loads((js_stub_package.package_dir / "package.json").read_text())
    assert "dependencies" not in package
    assert "no WASI imports" in (js_stub_package.package_dir / "README.md").read_text()


@pytest.mark.slow
def test_npm_pack_then_install_and_use(js_package, node: str, tmp_path: Path) -> None:
    """The package as published: packed, installed into an empty project (npm fetches the
    pinned shim, from npm's cache when setup_js.sh put it there), imported by name."""
    npm = ["npm", "--no-audit", "--no-fund", "--prefer-offline"]
    packed_json = subprocess.run(
        [*npm, "pack", "--json", "--pack-destination", str(tmp_path)],
        cwd=js_package.package_dir, capture_output=True, text=True, timeout=300, check=True,
    ).stdout  # fmt: skip
    (packed,) = json.loads(packed_json)
    files = {f["path"] for f in packed["files"]}
    assert {"package.json", "README.md", "index.js", "index.d.ts", "glue/component.js"} <= files
    assert any(f.startswith("glue/component.core") and f.endswith(".wasm") for f in files)

    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text('{"name": "app", "private": true, "type": "module"}')
    tarball = tmp_path / packed["filename"]
    subprocess.run(
        [*npm, "install", str(tarball)],
        cwd=app, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    shim = app / "node_modules" / "@bytecodealliance" / "preview2-shim" / "package.json"
    assert json.loads(shim.read_text())["version"] == PREVIEW2_SHIM_VERSION
    script = (
        "import { geometry, GuestError } from 'js-glue-test-jsglue';"
        "try { geometry.safeDivide(1, 0); } catch (e) { console.log(e instanceof GuestError,"
        " e.name, String(geometry.add(1n, 2n))); }"
    )
    done = subprocess.run(
        [node, "--experimental-wasm-extended-const", "--input-type=module", "-e", script],
        cwd=app, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["true", "builtins.ZeroDivisionError", "3"]


@pytest.mark.slow
@pytest.mark.parametrize("built", ["js_package", "js_stub_package", "example_js"])
def test_npm_publish_dry_run_passes(built: str, request: pytest.FixtureRequest) -> None:
    """Each package the hook writes publishes as it is (npm's own checks, no upload)."""
    found = request.getfixturevalue(built)
    folders = found.packages.values() if built == "example_js" else [found.package_dir]
    for folder in folders:
        done = subprocess.run(
            ["npm", "publish", "--dry-run", "--no-audit", "--no-fund"],
            cwd=folder, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        name = json.loads((folder / "package.json").read_text())["name"]
        assert f"+ {name}@" in done.stdout, done.stdout + done.stderr


@pytest.mark.slow
def test_imports_by_package_name_through_exports(js_package, node: str) -> None:
    script = (
        "const m = await import('js-glue-test-jsglue');"
        "console.log(Object.keys(m).sort().join(','));"
        "try { await import('js-glue-test-jsglue/glue/component.js'); console.log('open'); }"
        "catch (e) { console.log(e.code); }"
    )
    done = subprocess.run(
        [node, "--experimental-wasm-extended-const", "--input-type=module", "-e", script],
        cwd=js_package.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    names, deep = done.stdout.split()
    assert names == "GuestError,counters,geometry,provideImports,textTools"
    assert deep == "ERR_PACKAGE_PATH_NOT_EXPORTED"  # the raw glue (with `exports.init`) is private


def test_configured_jco_that_is_not_a_command(tmp_path: Path) -> None:
    with pytest.raises(JcoError, match=r"pywasm\.jco = 'no-such-jco --x': no-such-jco is not"):
        find_jco("no-such-jco --x")


def test_without_node_the_error_says_what_to_install(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no jco, no npx
    with pytest.raises(JcoError, match=r"install Node\.js 20 or newer"):
        find_jco(None)


def test_jco_on_path_then_npx(monkeypatch, tmp_path: Path) -> None:
    fake_npx = tmp_path / "npx"
    fake_npx.write_text("#!/bin/sh\n")
    fake_npx.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_jco(None) == [str(fake_npx), "--yes", f"@bytecodealliance/jco@{JCO_VERSION}"]
    (tmp_path / "jco").symlink_to(fake_npx)
    assert find_jco(None) == [str(tmp_path / "jco")]


def _no_partial_output(parent: Path) -> None:
    assert sorted(p.name for p in parent.iterdir()) == ["existing.txt"]


def _write(component_file: Path, component: model.Component, dest: Path) -> Path:
    return write_js_package(
        component_file,
        component,
        dest,
        project_name="demo",
        project_version="1.0",
        stub_wasi=False,
        jco_command=str(JCO),
    )


def test_jco_failure_names_the_file_and_leaves_nothing(js_package, tmp_path: Path) -> None:
    (tmp_path / "existing.txt").write_text("")
    broken = tmp_path / "existing.txt"
    with pytest.raises(JcoError, match=r"jco failed on .*existing\.txt \(exit \d+\)"):
        _write(broken, js_package.component, tmp_path / "js")
    _no_partial_output(tmp_path)


@pytest.mark.slow
def test_model_not_matching_the_component(js_package, tmp_path: Path) -> None:
    (tmp_path / "existing.txt").write_text("")
    extra = model.Interface(name="missing-one", module="jsglue.missing", functions=())
    wrong = dataclasses.replace(
        js_package.component, exports=(*js_package.component.exports, extra)
    )
    with pytest.raises(JcoError, match="lacks export missingOne"):
        _write(js_package.component_file, wrong, tmp_path / "js")
    _no_partial_output(tmp_path)


@pytest.mark.slow
def test_rewrite_replaces_the_previous_package_whole(js_package, tmp_path: Path) -> None:
    dest = tmp_path / "js"
    dest.mkdir()
    (dest / "stale.js").write_text("old")
    assert _write(js_package.component_file, js_package.component, dest) == dest
    assert not (dest / "stale.js").exists()
    assert (dest / "glue" / "component.js").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["js"]  # no staging folders left


def test_bad_version_fails_before_anything_is_written(js_package, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'not a version'"):
        write_js_package(
            js_package.component_file,
            js_package.component,
            tmp_path / "js",
            project_name="demo",
            project_version="not a version",
            stub_wasi=False,
            jco_command=str(JCO),
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_without_jco_the_pinned_release_runs_through_npx(
    js_package, monkeypatch, tmp_path: Path
) -> None:
    """No `jco` option, no jco on PATH: npx fetches the pinned jco (once, ~30 s; cached)."""
    node_dir = str(Path(shutil.which("npx") or "/usr/bin/npx").parent)
    monkeypatch.setenv("PATH", node_dir)
    assert shutil.which("jco") is None
    assert Path(find_jco(None)[0]).name == "npx"
    dest = write_js_package(
        js_package.component_file,
        js_package.component,
        tmp_path / "js",
        project_name="demo",
        project_version="1.0",
        stub_wasi=False,
        jco_command=None,
    )
    assert (dest / "glue" / "component.js").is_file()
