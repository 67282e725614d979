"""JS glue: an npm package (ES module + types) for each component, made with jco."""

from hatch_pywasm.js.jco import JCO_VERSION, PREVIEW2_SHIM_VERSION, JcoError
from hatch_pywasm.js.package import NODE20_FLAG, write_js_package

__all__ = ["JCO_VERSION", "NODE20_FLAG", "PREVIEW2_SHIM_VERSION", "JcoError", "write_js_package"]
