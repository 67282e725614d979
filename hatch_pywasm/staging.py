"""Writing folders all-or-nothing: fill fresh folders beside their destinations, then swap them
in with renames, so a failure (or a reader) never sees a half-written one."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

Fill = Callable[[Path], None]


def write_dirs(folders: dict[Path, Fill]) -> None:
    """Runs each ``fill`` on a fresh folder beside its destination, and only when all of them
    succeeded swaps them in: a failure leaves every destination as it was."""
    staged: dict[Path, Path] = {}
    try:
        for dest, fill in folders.items():
            dest.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
            staging.chmod(0o755)  # mkdtemp makes it private; what we write is readable by all
            staged[dest] = staging
            fill(staging)
    except BaseException:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    for dest, staging in staged.items():
        replace_dir(staging, dest)


def replace_dir(new: Path, dest: Path) -> None:
    """Puts the folder ``new`` at ``dest`` with renames, so no reader sees a half-written one."""
    if not dest.exists():
        new.rename(dest)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old.", dir=dest.parent))
    dest.rename(old / dest.name)
    new.rename(dest)
    shutil.rmtree(old, ignore_errors=True)
