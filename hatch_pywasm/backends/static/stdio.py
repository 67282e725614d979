"""``print``'s way out: WASI's standard output, as the componentize-py backend's components
write theirs. A module whose code prints imports ``wasi:cli/stdout@0.2.0`` (``get-stdout``) and
``wasi:io/streams@0.2.0`` (an output stream's ``blocking-write-and-flush`` and its drop); every
host that runs componentize-py components provides them (wasmtime's WASI, jco's preview2
shim, pywasm-runtime's sandbox, which forwards the bytes to ``sys.stdout``). A module that does
not print imports nothing, so pywasm-runtime's fast path (one core module, no imports) still
takes it.

The component's WIT is the frontend's world plus that import; the two WASI packages are
written here with only what the import uses (a component may import a subset of an instance
the host provides)."""

from __future__ import annotations

import re

#: The runtime function that prints (support/io.wat); its presence means the imports below.
PRINT = "io.print"

CORE_IMPORTS = (
    '(import "wasi:cli/stdout@0.2.0" "get-stdout" (func $wasi.get_stdout (result i32)))',
    '(import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush" '
    "(func $wasi.write (param i32 i32 i32 i32)))",
    '(import "wasi:io/streams@0.2.0" "[resource-drop]output-stream" '
    "(func $wasi.drop_stream (param i32)))",
    '(import "wasi:io/error@0.2.0" "[resource-drop]error" (func $wasi.drop_error (param i32)))',
)

WASI_PACKAGES = """
package wasi:io@0.2.0 {
  interface error {
    resource error;
  }
  interface streams {
    use error.{error};
    variant stream-error {
      last-operation-failed(error),
      closed,
    }
    resource output-stream {
      blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>;
    }
  }
}

package wasi:cli@0.2.0 {
  interface stdout {
    use wasi:io/streams@0.2.0.{output-stream};
    get-stdout: func() -> output-stream;
  }
}
"""

_WORLD = re.compile(r"^(world [\w-]+ \{\n)", re.MULTILINE)


def imports_stdout(core_wat: str) -> bool:
    return '"wasi:cli/stdout@0.2.0"' in core_wat


def world_with_stdout(wit: str) -> str:
    """The frontend's WIT text (one package, one world) importing WASI's standard output."""
    found = _WORLD.search(wit)
    assert found is not None, wit
    at = found.end()
    return f"{wit[:at]}  import wasi:cli/stdout@0.2.0;\n{wit[at:]}{WASI_PACKAGES}"
