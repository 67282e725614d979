"""Project versions (PEP 440) as WIT package versions (semver)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatch_pywasm import frontend
from hatch_pywasm.diagnostics import DiagnosticError
from hatch_pywasm.frontend.versions import package_version

from .conftest import Spec, render_valid, write


@pytest.mark.parametrize(
    ("pep440", "semver"),
    [
        ("1", "1.0.0"),
        ("1.0", "1.0.0"),
        ("1.2.3", "1.2.3"),
        ("1.0rc1", "1.0.0-rc1"),
        ("2.1.dev3", "2.1.0-dev3"),
        ("1.0.post2", "1.0.0-post2"),
        ("1.2.3.4", "1.2.3-4"),
        ("1.0+local.7", "1.0.0+local.7"),
    ],
)
def test_versions_become_valid_wit(tmp_path: Path, pep440: str, semver: str) -> None:
    assert package_version(pep440) == semver
    write(tmp_path, {"m.py": "def f() -> None: ...\n"})
    component = frontend.analyze(
        tmp_path, Spec("c", ("m",)), namespace="n", package="p", version=pep440
    )
    assert component.version == semver
    assert f"package n:p@{semver};" in render_valid(component)


def test_invalid_version_is_a_diagnostic(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "def f() -> None: ...\n"})
    with pytest.raises(DiagnosticError) as caught:
        frontend.analyze(tmp_path, Spec("c", ("m",)), namespace="n", package="p", version="nope")
    (problem,) = caught.value.diagnostics
    assert problem.format() == (
        "pyproject.toml: project version 'nope' is not valid "
        "(hint: a PEP 440 version such as 1.0 or 1.2.3rc1)"
    )
