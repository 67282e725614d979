"""Calls example_project's components from Python, as an installed wasm-shop would be used.

Run after installing the wheel `hatch build` made: python demo.py [OUT_DIR]
(OUT_DIR: the build's out-dir, dist/wasm, for the build times). First a table of the
components (backend, size, build time), then each call, labelled with the component serving it.
"""

import json
import sys
from pathlib import Path
from typing import Any

from pywasm_runtime import import_wasm, manifest
from pywasm_runtime.loader import find_manifest
from shop.errors import OutOfStock
from shop.models import Badge, Category, Item, Line, Order, PercentOff

listing = manifest.read(find_manifest("shop"))
out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else None


def build_time(name: str) -> str:
    report = out_dir / name / "build.json" if out_dir else None
    if report is None or not report.is_file():
        return "?"
    seconds = json.loads(report.read_text(encoding="utf-8"))["build_seconds"]
    return "from the build cache" if seconds is None else f"{seconds:.2f} s"


def size(nbytes: int) -> str:
    return f"{nbytes / 2**20:.1f} MB" if nbytes >= 2**20 else f"{nbytes / 1024:.1f} KB"


print(f"{'component':10} {'backend':13} {'size':>9}  build time")
wasm_dir = find_manifest("shop").parent
for entry in listing.components:
    nbytes = (wasm_dir / entry.file).stat().st_size
    print(f"{entry.name:10} {entry.backend:13} {size(nbytes):>9}  {build_time(entry.name)}")
print()

served_by = {i.module: e for e in listing.components for i in e.model.exports}


def show(module: str, label: str, value: Any) -> None:
    """One result, labelled with the component (and backend) that computed it."""
    entry = served_by[module]
    print(f"[{entry.name}, {entry.backend}] {label}: {value}")


pricing = import_wasm("shop.pricing")
inventory = import_wasm("shop.inventory")
codec = import_wasm("shop.codec")
kernels = import_wasm("shop.kernels")  # built by the static compiler: a few KB, no CPython inside

dune = Item("dune", "Dune", 1299, Category.BOOKS, ["paper"], Badge.NEW)
chess = Item("chess", "Chess set", 2500, Category.GAMES)

total = pricing.total_cents([dune, chess], [2, 1], PercentOff(10))
show("shop.pricing", "total", f"{total} cents")
show("shop.pricing", "label", pricing.price_label(dune, "USD"))  # the rate comes from the host
show("shop.pricing", "on sale", pricing.mark_sale(chess))

stock = inventory.Stock([dune, chess], {"dune": 3, "chess": 1})
show("shop.inventory", "reserved, left", stock.reserve("dune", 2))
try:
    stock.reserve("chess", 5)
except OutOfStock as error:  # raised in the component, re-raised here as the same class
    show("shop.inventory", "out of stock", error)
show("shop.inventory", "by category", stock.by_category())
show("shop.inventory", "restock plan", inventory.restock_plan({"dune": 1, "chess": 0}, 2))

order = Order(7, [Line("dune", 2)], note=None, coupon="WELCOME")
data = codec.encode_order(order)
show("shop.codec", "encoded", f"{len(data)} bytes, crc32 {codec.checksum(data)}")
show("shop.codec", "round trip", codec.decode_order(data) == order)

discounted = kernels.format_cents(kernels.compound_discount(12999, [10, 5]))
show("shop.kernels", "after 10% and 5% off", discounted)
show("shop.kernels", "with 7.7% VAT", kernels.price_quote(1999, 770))
show("shop.kernels", "bill split 3 ways", kernels.split_bill(10000, 3))
monthly = kernels.format_cents(kernels.monthly_payment(150000, 0.049, 12))
show("shop.kernels", "instalment", f"{monthly} a month")
show("shop.kernels", "card number valid", kernels.luhn_valid(4539578763621486))
