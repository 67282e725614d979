"""Core module + the component's WIT -> component, with ``wasm-tools component embed`` and
``component new`` (the core module already follows the canonical ABI; see abi.py).

The two steps run as a pipeline, ``embed`` writing into ``new``'s stdin: most of each step is
starting the ~25 MB wasm-tools executable, and the two starts overlap (about 33 ms instead of
53 ms for one component)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .assemble import custom_name, section, uleb
from .tools import wasm_tools

#: Custom sections ``component new`` adds that nothing reads: the names of the component's
#: own items (its instances, aliases and types; the core functions keep theirs, for trap
#: backtraces) and the tools it was processed by. About 700 bytes of a small component.
_UNREAD = (b"component-name", b"producers")
_CUSTOM, _CORE_MODULE, _CORE_VERSION = 0, 1, b"\x01\x00\x00\x00"


def wrap_component(core: bytes, wit: str) -> bytes:
    """Wrap ``core`` as a component of the one world in ``wit`` (the frontend's WIT text)."""
    with tempfile.TemporaryDirectory(prefix="pywasm-static-") as tmp:
        work = Path(tmp)
        (work / "world.wit").write_text(wit)
        (work / "core.wasm").write_bytes(core)
        # stderr to files: a pipe nobody reads while the other step runs could fill and block
        with (work / "embed.err").open("w+") as embed_err, (work / "new.err").open("w+") as new_err:
            embed = subprocess.Popen(
                [wasm_tools(), "component", "embed", "world.wit", "core.wasm", "-o", "/dev/stdout"],
                cwd=work, stdout=subprocess.PIPE, stderr=embed_err,
            )  # fmt: skip
            assert embed.stdout is not None
            new = subprocess.Popen(
                [wasm_tools(), "component", "new", "-", "-o", "/dev/stdout"],
                cwd=work, stdin=embed.stdout, stdout=subprocess.PIPE, stderr=new_err,
            )  # fmt: skip
            embed.stdout.close()  # new holds the read end; embed gets SIGPIPE if new dies
            component, _ = new.communicate()
            for step, process, err in (("embed", embed, embed_err), ("new", new, new_err)):
                if process.wait():
                    err.seek(0)
                    raise RuntimeError(f"wasm-tools component {step} failed: {err.read().strip()}")
        return without_unread_sections(component)


def without_unread_sections(binary: bytes) -> bytes:
    """A component (or core module) without the ``_UNREAD`` custom sections, its own or its
    core modules'."""
    out, at = bytearray(binary[:8]), 8  # magic, version and layer
    while at < len(binary):
        section_id = binary[at]
        size, start = uleb(binary, at + 1)
        end = start + size
        if section_id == _CUSTOM and custom_name(binary, start) in _UNREAD:
            pass  # dropped
        elif section_id == _CORE_MODULE and binary[4:8] != _CORE_VERSION:  # a component's
            out += section(_CORE_MODULE, without_unread_sections(binary[start:end]))
        else:
            out += binary[at:end]
        at = end
    return bytes(out)
