"""Whole-file writes: readers (other processes too) see the old file or the new one, never a
part of either."""

from __future__ import annotations

import os
from pathlib import Path


def write_bytes(path: Path, data: bytes | bytearray) -> None:
    """Write to a temporary file next to ``path``, then rename it over ``path``."""
    import tempfile  # only writers pay for it (~3 ms): a warm first call never writes

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
