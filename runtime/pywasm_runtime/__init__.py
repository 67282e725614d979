"""pywasm-runtime: call WebAssembly components built by hatch-pywasm with the source's own types."""
