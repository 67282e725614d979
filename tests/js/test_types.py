"""The package's TypeScript types: a consumer (harness/types/consumer.ts) type-checks against
example_project's store package with strict tsc, and its @ts-expect-error lines prove the types
are precise (an `any` would make them unused, which tsc reports as errors)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

HARNESS = Path(__file__).parent / "harness"
TSC = Path(__file__).parent.parent.parent / "node_modules" / ".bin" / "tsc"


@pytest.mark.slow
def test_consumer_type_checks_against_the_package(example_js, tmp_path: Path) -> None:
    shutil.copy(HARNESS / "types" / "consumer.ts", tmp_path / "consumer.ts")
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "wasm-shop-store").symlink_to(example_js.packages["store"])
    shim = example_js.project / "node_modules" / "@bytecodealliance"
    (tmp_path / "node_modules" / "@bytecodealliance").symlink_to(shim)
    # esnext.disposable: jco declares resources as Disposable (`using stock = new Stock(...)`).
    options = ["--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext"]
    options += ["--target", "es2022", "--lib", "es2022,esnext.disposable"]
    done = subprocess.run(
        [str(TSC), *options, "consumer.ts"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
