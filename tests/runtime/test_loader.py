"""import_wasm and load: each kind of bad input gets an error naming what and where."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import pywasm_runtime as pr
from pywasm_runtime import manifest


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n.startswith("brokenpkg")]:
        del sys.modules[name]


def _package(site: Path, manifest_text: str | None) -> Path:
    package = site / "brokenpkg"
    (package / manifest.WASM_DIR).mkdir(parents=True)
    (package / "__init__.py").write_text("")
    if manifest_text is not None:
        (package / manifest.WASM_DIR / manifest.MANIFEST_NAME).write_text(manifest_text)
    return package


def test_no_such_package() -> None:
    with pytest.raises(ModuleNotFoundError, match="no package 'no_such_pkg_xyz' is installed"):
        pr.import_wasm("no_such_pkg_xyz.mod")


def test_package_without_manifest() -> None:
    with pytest.raises(
        ModuleNotFoundError, match=r"'json' has no __wasm__/manifest.json .*hatch-pywasm"
    ):
        pr.import_wasm("json.decoder")


def test_module_not_in_manifest(rtshop_package: Path) -> None:
    with pytest.raises(LookupError, match=r"no component exports 'rtshop.nope'; .*'rtshop.echo'"):
        pr.import_wasm("rtshop.nope")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ('{"format": 99, "components": []}', "expected a manifest of format 1, found 99"),
        ('{"format": 1, "components": [{"name": "x"}]}', "malformed component entry"),
    ],
)
def test_broken_manifest(site: Path, text: str, message: str) -> None:
    path = _package(site, text) / manifest.WASM_DIR / manifest.MANIFEST_NAME
    with pytest.raises(manifest.ManifestError, match=message) as caught:
        pr.import_wasm("brokenpkg.mod")
    assert str(path) in str(caught.value)


def test_manifest_names_a_missing_file(site: Path, rtshop_package: Path) -> None:
    text = (rtshop_package / "rtshop" / manifest.WASM_DIR / manifest.MANIFEST_NAME).read_text()
    package = _package(site, text.replace('"rtshop.', '"brokenpkg.'))  # the component not copied
    with pytest.raises(
        FileNotFoundError, match=rf"{package}/__wasm__/brokenpkg.wasm: no such component"
    ):
        pr.import_wasm("brokenpkg.echo")


def test_not_a_component(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.wasm"
    bogus.write_bytes(b"\0asm\x0d\x00\x01\x00 a component's header, then not really")
    with pytest.raises(ValueError, match=r"bogus.wasm: not a loadable WebAssembly component"):
        pr.load(bogus).instantiate()


def test_unknown_interface_and_function(rtshop_wasm: Path) -> None:
    instance = pr.load(rtshop_wasm).instantiate(imports={"host": {"suffix": str}})
    with pytest.raises(AttributeError, match=r"no interface 'nope'; .*test:rtshop/echo@0.1.0"):
        instance.nope  # noqa: B018
    with pytest.raises(AttributeError, match="nope"):
        instance.echo.nope  # noqa: B018
