"""Calls example_project's components from Python, as an installed wasm-shop would be used.

Run after installing the wheel `hatch build` made: python demo.py
"""

from pywasm_runtime import import_wasm
from shop.errors import OutOfStock
from shop.models import Badge, Category, Item, Line, Order, PercentOff

pricing = import_wasm("shop.pricing")
inventory = import_wasm("shop.inventory")
codec = import_wasm("shop.codec")
kernels = import_wasm("shop.kernels")  # built by the static compiler: a few KB, no CPython inside

dune = Item("dune", "Dune", 1299, Category.BOOKS, ["paper"], Badge.NEW)
chess = Item("chess", "Chess set", 2500, Category.GAMES)

print("total:", pricing.total_cents([dune, chess], [2, 1], PercentOff(10)), "cents")
print("label:", pricing.price_label(dune, "USD"))  # the exchange rate comes from the host
print("on sale:", pricing.mark_sale(chess))

stock = inventory.Stock([dune, chess], {"dune": 3, "chess": 1})
print("reserved, left:", stock.reserve("dune", 2))
try:
    stock.reserve("chess", 5)
except OutOfStock as error:  # raised in the component, re-raised here as the same class
    print("out of stock:", error)
print("by category:", stock.by_category())
print("restock plan:", inventory.restock_plan({"dune": 1, "chess": 0}, 2))

order = Order(7, [Line("dune", 2)], note=None, coupon="WELCOME")
data = codec.encode_order(order)
print(f"encoded: {len(data)} bytes, crc32 {codec.checksum(data)}")
print("round trip:", codec.decode_order(data) == order)

print("after 10% and 5% off:", kernels.format_cents(kernels.compound_discount(12999, [10, 5])))
print("with 7.7% VAT:", kernels.price_quote(1999, 770))
print("bill split 3 ways:", kernels.split_bill(10000, 3))
print("instalment:", kernels.format_cents(kernels.monthly_payment(150000, 0.049, 12)), "a month")
print("card number valid:", kernels.luhn_valid(4539578763621486))
