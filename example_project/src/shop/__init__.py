"""A small shop whose logic is compiled to WebAssembly components by hatch-pywasm."""
