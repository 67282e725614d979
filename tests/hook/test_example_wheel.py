"""example_project built by the real hook: the wheel, the out-dir, and every export of both
components called through wasmtime (host imports provided by the test)."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import wasmtime
from pywasm_runtime import manifest, model
from wasmtime import component as wc

from hatch_pywasm import wit
from hatch_pywasm.cache import file_sha256

pytestmark = pytest.mark.slow


def read_wheel(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_wheel_is_pure_and_ships_both_components(example_wheel: Path) -> None:
    files = read_wheel(example_wheel)
    assert example_wheel.name == "wasm_shop-0.1.0-py3-none-any.whl"
    assert "Tag: py3-none-any" in files["wasm_shop-0.1.0.dist-info/WHEEL"].decode()
    metadata = files["wasm_shop-0.1.0.dist-info/METADATA"].decode()
    runtime_lines = [line for line in metadata.splitlines() if "pywasm-runtime" in line]
    assert len(runtime_lines) == 1, runtime_lines  # listed by the project, not added twice
    assert {"shop/__wasm__/store.wasm", "shop/__wasm__/codec.wasm"} <= set(files)
    found = manifest.loads(files["shop/__wasm__/manifest.json"].decode())
    assert [e.name for e in found.components] == ["store", "codec", "kernels"]
    for entry in found.components:
        # backend = "auto": shop.kernels is in the static compiler's subset, the others are not.
        assert entry.backend == ("static" if entry.name == "kernels" else "componentize")
        assert not entry.stub_wasi
        assert entry.file == f"{entry.name}.wasm"
        assert hashlib.sha256(files[f"shop/__wasm__/{entry.file}"]).hexdigest() == entry.sha256
    store = found.components[0].model
    assert [i.module for i in store.exports] == ["shop.inventory", "shop.pricing"]
    assert [i.module for i in store.imports] == ["shop.host"]
    assert json.loads(files["shop/__wasm__/manifest.json"])["format"] == manifest.FORMAT


def test_out_dir_has_component_and_valid_wit(example_out_dir: Path, example_wheel: Path) -> None:
    files = read_wheel(example_wheel)
    found = manifest.loads(files["shop/__wasm__/manifest.json"].decode())
    assert sorted(p.name for p in example_out_dir.iterdir()) == ["codec", "kernels", "store"]
    for entry in found.components:
        folder = example_out_dir / entry.name
        assert sorted(p.name for p in folder.iterdir()) == [
            "build.json",  # backend, size, build time (the demo prints them)
            f"{entry.name}.wasm",
            f"{entry.name}.wit",
        ]
        text = (folder / f"{entry.name}.wit").read_text()
        wit.validate(text)
        assert text == wit.render(entry.model)
        # The same build: identical bytes in the wheel and in the out-dir.
        assert file_sha256(folder / f"{entry.name}.wasm") == entry.sha256


def test_build_reports_each_component(example_build: Any) -> None:
    # Built now, or (PYWASM_TEST_CACHE_HOME kept between sessions) taken from the cache.
    for name in ("store", "codec"):
        assert (
            f"[pywasm] {name}: built in" in example_build.log
            or f"[pywasm] {name}: unchanged, taken from the build cache" in example_build.log
        )
    assert "[pywasm] done in" in example_build.log


# --------------------------------------------------------------------------------------------
# Calling every export through wasmtime
# --------------------------------------------------------------------------------------------

HOST_LOG: list[str] = []


class Called:
    """One instance of a component and a way to call its exports by ``iface.func`` name."""

    def __init__(self, engine: wasmtime.Engine, path: Path, component: model.Component) -> None:
        self.model = component
        self.component = wc.Component.from_file(engine, str(path))
        linker = wc.Linker(engine)
        linker.add_wasip2()
        for interface in component.imports:
            with linker.root() as root, root.add_instance(component.qualified(interface)) as host:
                host.add_func("exchange-rate", lambda _store, c: {"USD": 2.0}.get(c, 1.0))
                host.add_func("log", lambda _store, message: HOST_LOG.append(message))
        self.store = wasmtime.Store(engine)
        self.store.set_wasi(wasmtime.WasiConfig())
        self.instance = linker.instantiate(self.store, self.component)

    def __call__(self, interface: str, name: str, *args: Any) -> Any:
        iface = self.component.get_export_index(
            self.model.qualified(next(i for i in self.model.exports if i.name == interface))
        )
        func = self.instance.get_func(self.store, self.component.get_export_index(name, iface))
        assert func is not None, name
        result = func(self.store, *args)
        func.post_return(self.store)
        # wasmtime gives result<T, E> as Variant("ok"/"err") when T and E look alike, else the
        # bare payload; a guest-error record is the only value with a traceback field.
        if isinstance(result, wc.Variant) and result.tag in ("ok", "err"):
            if result.tag == "err":
                raise GuestFailure(vars(result.payload))
            return result.payload
        if "traceback" in getattr(result, "__dict__", {}):
            raise GuestFailure(vars(result))
        return result


class GuestFailure(Exception):
    """An export returned its guest-error result."""

    def __init__(self, fields: dict[str, str]) -> None:
        assert "Traceback (most recent call last)" in fields["traceback"]
        self.type_name, self.message = fields["type-name"], fields["message"]
        super().__init__(f"{self.type_name}: {self.message}")


@pytest.fixture(scope="module")
def components(example_site: Path) -> dict[str, Called]:
    folder = example_site / "shop" / manifest.WASM_DIR
    found = manifest.read(folder / manifest.MANIFEST_NAME)
    engine = wasmtime.Engine()
    return {e.name: Called(engine, folder / e.file, e.model) for e in found.components}


def rec(**fields: Any) -> SimpleNamespace:
    """A WIT record for wasmtime: attributes named by the WIT (kebab-case) field names."""
    record = SimpleNamespace()
    for name, value in fields.items():
        setattr(record, name.replace("_", "-"), value)
    return record


def item(sku: str, cents: int, category: str = "books", badges: set[str] | None = None) -> Any:
    return rec(
        sku=sku,
        name=sku.title(),
        price_cents=cents,
        category=category,
        tags=["paper"],
        badges=badges or set(),
    )


def test_store_pricing_exports(components: dict[str, Called]) -> None:
    call = components["store"]
    dune, chess = item("dune", 1299, badges={"new"}), item("chess", 2500, "games")
    percent = wc.Variant("percent-off", rec(percent=10))
    assert call("pricing", "total-cents", [dune, chess], [2, 1], percent) == 5098 - 5098 * 10 // 100
    assert call("pricing", "total-cents", [dune], [1], None) == 1299
    amount = wc.Variant("amount-off", rec(cents=5000))
    assert call("pricing", "total-cents", [dune], [1], amount) == 0
    # The host import (exchange rate) is called from inside the component.
    assert call("pricing", "price-label", dune, "USD") == "Dune: 25.98 USD (new)"
    assert vars(call("pricing", "cheapest", [chess, dune]))["sku"] == "dune"
    assert call("pricing", "cheapest", []) is None
    sale = vars(call("pricing", "mark-sale", dune))
    assert sale["badges"] == {"new", "sale"} and sale["category"] == "books"
    assert sale["tags"] == ["paper"]
    # A Python exception inside becomes the guest-error result, with its type name.
    with pytest.raises(GuestFailure) as failed:
        call("pricing", "total-cents", [dune], [1, 2], None)
    assert (failed.value.type_name, failed.value.message) == (
        "builtins.ValueError",
        "1 items but 2 quantities",
    )


def test_store_inventory_resource_and_user_errors(components: dict[str, Called]) -> None:
    call = components["store"]
    items = [item("dune", 1299), item("chess", 2500, "games"), item("saw", 900, "tools")]
    stock = call("inventory", "[constructor]stock", items, [("dune", 3), ("chess", 1)])
    assert call("inventory", "[method]stock.count", stock, "dune") == 3
    assert call("inventory", "[method]stock.count", stock, "nope") is None
    HOST_LOG.clear()
    assert call("inventory", "[method]stock.reserve", stock, "dune", 2) == 1
    assert HOST_LOG == ["reserved 2 x dune"]  # the import module's call went to the host
    # State lives in the guest between calls; the user's own exception classes travel by name.
    with pytest.raises(GuestFailure) as failed:
        call("inventory", "[method]stock.reserve", stock, "dune", 5)
    assert (failed.value.type_name, failed.value.message) == (
        "shop.errors.OutOfStock",
        "dune: 5 wanted, 1 left",
    )
    with pytest.raises(GuestFailure, match=r"^shop\.errors\.UnknownItem: 'ghost'"):
        call("inventory", "[method]stock.reserve", stock, "ghost", 1)
    with pytest.raises(GuestFailure, match=r"^builtins\.ValueError: negative counts for dune"):
        call("inventory", "[constructor]stock", items, [("dune", -3)])  # a failing constructor
    assert call("inventory", "[method]stock.by-category", stock) == [
        ("games", ["chess"]),  # grouped in SKU order: chess, dune
        ("books", ["dune"]),
    ]
    found = call("inventory", "[method]stock.find", stock, "saw")
    assert vars(found)["category"] == "tools"
    assert call("inventory", "[method]stock.find", stock, "nope") is None
    # The lazily imported shop.planning was bundled at build time.
    plan = call("inventory", "restock-plan", [("dune", 1), ("chess", 9)], 4)
    assert plan == [("dune", 3)]
    stock.drop(call.store)


def test_codec_exports(components: dict[str, Called]) -> None:
    call = components["codec"]
    lines = [rec(sku="dune", quantity=2)]
    order = rec(order_id=7, lines=lines, note=None, coupon="WELCOME")
    encoded = call("shop-codec", "encode-order", order)
    assert isinstance(encoded, bytes) and encoded
    decoded = vars(call("shop-codec", "decode-order", encoded))
    assert decoded["order-id"] == 7 and decoded["note"] is None and decoded["coupon"] == "WELCOME"
    assert [vars(line) for line in decoded["lines"]] == [{"sku": "dune", "quantity": 2}]
    with pytest.raises(GuestFailure, match=r"^builtins\.ValueError: not an encoded order"):
        call("shop-codec", "decode-order", b"not an order")
    assert call("shop-codec", "checksum", b"abc") == zlib.crc32(b"abc")
    assert call("shop-codec", "split-words", "a bb  c") == (["a", "bb", "c"], 3)
