"""End to end on example_project as the build hook ships it (root conftest: one real build per
session): the installed package's modules through ``import_wasm``, with the source's signatures,
types and exceptions."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import pywasm_runtime as pr

SOURCE = Path(__file__).resolve().parents[2] / "example_project" / "src" / "shop"


@pytest.fixture(scope="module")
def shop(example_site: Path) -> Iterator[Path]:
    sys.path.insert(0, str(example_site))
    yield example_site
    sys.path.remove(str(example_site))
    for name in [n for n in sys.modules if n == "shop" or n.startswith("shop.")]:
        del sys.modules[name]


def _source_module(name: str) -> ModuleType:
    """The module's original source, executed on the host under another name (for its
    signatures only)."""
    spec = importlib.util.spec_from_file_location(f"_source_{name}", SOURCE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("pricing", ["total_cents", "price_label", "cheapest", "mark_sale"]),
        ("codec", ["encode_order", "decode_order", "checksum", "split_words"]),
        ("inventory", ["restock_plan"]),
    ],
)
def test_signatures_match_the_source(shop: Path, module: str, names: list[str]) -> None:
    wasm = pr.import_wasm(f"shop.{module}")
    source = _source_module(module)
    for name in names:
        assert inspect.signature(getattr(wasm, name)) == inspect.signature(getattr(source, name)), (
            name
        )


def test_resource_signatures_match_the_source(shop: Path) -> None:
    stock = pr.import_wasm("shop.inventory").Stock
    source = _source_module("inventory").Stock
    assert inspect.signature(stock) == inspect.signature(source)
    for method in ("count", "reserve", "by_category", "find"):
        assert inspect.signature(getattr(stock, method)) == inspect.signature(
            getattr(source, method)
        )


def test_calls_with_the_packages_own_types(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from shop.errors import OutOfStock
    from shop.models import Badge, Category, Item, Line, Order, PercentOff

    pricing = pr.import_wasm("shop.pricing")
    dune = Item("b1", "Dune", 1299, Category.BOOKS, ["sf"], Badge.SALE)
    chess = Item("g1", "Chess", 2500, Category.GAMES)
    total = 2 * 1299 + 2500
    assert pricing.total_cents([dune, chess], [2, 1], PercentOff(10)) == total - total * 10 // 100
    assert pricing.price_label(dune, "USD") == "Dune: 14.03 USD (sale)"  # the host's exchange rate
    assert pricing.cheapest([chess, dune]) == dune
    assert pricing.cheapest([]) is None
    with pytest.raises(ValueError, match="2 items but 1 quantities"):
        pricing.total_cents([dune, chess], [1], None)

    codec = pr.import_wasm("shop.codec")
    order = Order(7, [Line("b1", 2)], note="gift")
    data = codec.encode_order(order)
    assert type(data) is bytes and codec.decode_order(data) == order

    inventory = pr.import_wasm("shop.inventory")
    with inventory.Stock([dune, chess], {"b1": 3, "g1": 0}) as stock:
        assert stock.reserve("b1", 2) == 1
        assert stock.by_category() == {Category.BOOKS: ["b1"]}
        with pytest.raises(OutOfStock):
            stock.reserve("b1", 5)
    assert "[shop] reserved 2 x b1" in capsys.readouterr().out  # guest -> host log import
