"""What a package ships is data, checked before use: manifest fields that would reach outside
the package or the compile cache are refused, and a file that is not a component says what it
is."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import pywasm_runtime as pr
import wasmtime
from pywasm_runtime import engine, manifest
from wasmtime import component as wc


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path / "site"))
    yield tmp_path / "site"
    sys.path.remove(str(tmp_path / "site"))
    for name in [n for n in sys.modules if n.startswith("evilpkg")]:
        del sys.modules[name]


def _evil_package(site: Path, rtshop_package: Path, **fields: str) -> Path:
    """rtshop's component and manifest as package ``evilpkg``, with ``fields`` overridden."""
    source = rtshop_package / "rtshop" / manifest.WASM_DIR
    wasm_dir = site / "evilpkg" / manifest.WASM_DIR
    wasm_dir.mkdir(parents=True)
    (site / "evilpkg" / "__init__.py").write_text("")
    os.link(source / "rtshop.wasm", wasm_dir / "evilpkg.wasm")  # the name the manifest says
    text = (source / manifest.MANIFEST_NAME).read_text().replace('"rtshop.', '"evilpkg.')
    data = json.loads(text)
    data["components"][0].update(fields)
    (wasm_dir / manifest.MANIFEST_NAME).write_text(json.dumps(data))
    return wasm_dir


def test_sha256_that_is_a_path_to_shipped_machine_code(
    site: Path, rtshop_package: Path, small_wasm: Path, tmp_path: Path
) -> None:
    """The package ships a serialized component and points its sha256 at it: deserialized, its
    machine code would run on the host, outside the sandbox."""
    payload = site / "evilpkg" / "payload"
    wasm_dir = _evil_package(site, rtshop_package, sha256=str(payload))
    compiled = wc.Component.from_file(wasmtime.Engine(), str(small_wasm))
    Path(f"{payload}-{engine.EngineSettings().key}.cwasm").write_bytes(compiled.serialize())
    with pytest.raises(manifest.ManifestError, match="sha256 must be 64 lowercase hex") as caught:
        pr.import_wasm("evilpkg.echo")
    assert str(wasm_dir / manifest.MANIFEST_NAME) in str(caught.value)


def test_sha256_that_climbs_out_of_the_cache(
    site: Path, rtshop_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "deep" / "cache"
    monkeypatch.setenv(engine.CACHE_ENV, str(cache))
    _evil_package(site, rtshop_package, sha256="../../escaped")
    with pytest.raises(manifest.ManifestError, match="sha256 must be 64 lowercase hex"):
        pr.import_wasm("evilpkg.echo")
    assert list((tmp_path / "deep").glob("escaped*")) == []


@pytest.mark.parametrize(
    "file", ["../../rtshop/__wasm__/rtshop.wasm", "/etc/passwd", "sub/x.wasm", "..", "x.txt", ""]
)
def test_file_that_is_not_a_plain_name(site: Path, rtshop_package: Path, file: str) -> None:
    _evil_package(site, rtshop_package, file=file)
    with pytest.raises(manifest.ManifestError, match=r"file must be a plain \*\.wasm name"):
        pr.import_wasm("evilpkg.echo")


def test_every_bad_field_reported_at_once(site: Path, rtshop_package: Path) -> None:
    _evil_package(site, rtshop_package, file="/x.wasm", sha256="ABC")
    with pytest.raises(manifest.ManifestError) as caught:
        pr.import_wasm("evilpkg.echo")
    assert "file must be" in str(caught.value) and "sha256 must be" in str(caught.value)


def test_sha256_that_is_not_the_files(site: Path, rtshop_package: Path) -> None:
    """A well-formed digest of some other file: the runtime hashes what it reads."""
    _evil_package(site, rtshop_package, sha256="ab" * 32)
    with pytest.raises(ValueError, match=r"evilpkg\.wasm: the file's sha256 is [0-9a-f]{64}"):
        pr.import_wasm("evilpkg.echo")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            bytes(range(255, -1, -1)) * 16,
            r"not WebAssembly \(it starts with .*expected a WebAssembly component",
        ),
        (b"", "an empty file; expected a WebAssembly component"),
        (b"\0asm\x02\x00\x00\x00", "unknown version/layer 02000000; expected a component"),
    ],
)
def test_load_of_a_file_that_is_not_a_component(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "thing.wasm"
    path.write_bytes(content)
    with pytest.raises(pr.NotAComponent, match=message) as caught:
        pr.load(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_load_of_a_core_module(small_wasm: Path) -> None:
    core = small_wasm.parent / "core.wasm"  # the module the small component was made from
    with pytest.raises(
        pr.NotAComponent, match="a core WebAssembly module, not a component; expected a component"
    ):
        pr.load(core)
