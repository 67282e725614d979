"""Helpers: write a small project to a temp dir, analyze one component, render its WIT."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from pywasm_runtime import model

from hatch_pywasm import frontend, wit
from hatch_pywasm.diagnostics import Diagnostic, DiagnosticError


@dataclass(frozen=True)
class Spec:
    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def analyze(
    root: Path, modules: tuple[str, ...], imports: tuple[str, ...] = (), name: str = "demo"
) -> model.Component:
    return frontend.analyze(
        root, Spec(name, modules, imports), namespace="test", package="demo", version="0.1.0"
    )


def problems(
    root: Path, modules: tuple[str, ...], imports: tuple[str, ...] = ()
) -> list[Diagnostic]:
    with pytest.raises(DiagnosticError) as caught:
        analyze(root, modules, imports)
    return list(caught.value.diagnostics)


def render_valid(component: model.Component) -> str:
    """The component's WIT, after the real parser accepted it."""
    text = wit.render(component)
    wit.validate(text)
    return text


class OneModule:
    """A project of one flat-layout module ``m`` (``m.py``) with the given source."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path

    def analyze(self, source: str, imports: str = "") -> model.Component:
        files = {"m.py": source, **({"h.py": imports} if imports else {})}
        write(self.root, files)
        return analyze(self.root, ("m",), ("h",) if imports else ())

    def problems(self, source: str) -> list[Diagnostic]:
        write(self.root, {"m.py": source})
        return problems(self.root, ("m",))


@pytest.fixture
def one_module(tmp_path: Path) -> OneModule:
    return OneModule(tmp_path)
