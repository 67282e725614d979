"""A wasm-backed test package: its Python types, used on both sides of the boundary."""
