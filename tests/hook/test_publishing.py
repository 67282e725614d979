"""Publishing as users publish: the distributions of this repository (hatch-pywasm and
pywasm-runtime) pass ``twine check`` as wheel and sdist, and their wheels name what they need;
a wasm-backed project's wheel names the runtime. (The JS packages' ``npm publish --dry-run`` is
in tests/js/test_package.py.)"""

from __future__ import annotations

import email.parser
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


@pytest.fixture(scope="module")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Wheel and sdist of both distributions, built as for an upload."""
    out = tmp_path_factory.mktemp("dist")
    for project in (REPO, REPO / "runtime"):
        subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "-o", str(out), str(project)],
            check=True,
            capture_output=True,
        )
    return out


def test_twine_check_passes_on_wheels_and_sdists(distributions: Path) -> None:
    files = sorted(distributions.iterdir())
    assert [f.name for f in files] == [
        "hatch_pywasm-0.1.0-py3-none-any.whl",
        "hatch_pywasm-0.1.0.tar.gz",
        "pywasm_runtime-0.1.0-py3-none-any.whl",
        "pywasm_runtime-0.1.0.tar.gz",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 4


def test_the_plugin_wheel_requires_the_runtime(distributions: Path) -> None:
    metadata = wheel_metadata(distributions / "hatch_pywasm-0.1.0-py3-none-any.whl")
    requires = metadata.get_all("Requires-Dist") or []
    assert "pywasm-runtime<0.2,>=0.1" in requires
    assert metadata["Requires-Python"] == ">=3.11"
    runtime = wheel_metadata(distributions / "pywasm_runtime-0.1.0-py3-none-any.whl")
    assert [r for r in runtime.get_all("Requires-Dist") or [] if "extra" not in r] == [
        "wasmtime<51,>=50.0.1"
    ]


@pytest.mark.slow
def test_a_built_project_wheel_requires_the_runtime(example_wheel: Path) -> None:
    requires = wheel_metadata(example_wheel).get_all("Requires-Dist") or []
    assert any(r.startswith("pywasm-runtime") for r in requires), requires
