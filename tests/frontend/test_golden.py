"""The shop project (src layout, two components, shared types, resources, imports): its WIT and
its model, byte for byte. ``UPDATE_GOLDEN=1 pytest tests/frontend`` rewrites the files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pywasm_runtime import model

from hatch_pywasm import wit

from .conftest import analyze

HERE = Path(__file__).parent
SHOP = HERE / "projects" / "shop"
GOLDEN = HERE / "golden"
COMPONENTS = {
    "shop": (("shop.geometry", "shop.orders"), ("shop.host",)),
    "points": (("shop.points",), ("shop.host",)),
}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs (UPDATE_GOLDEN=1 rewrites)"


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_wit_and_model_match_golden(name: str) -> None:
    modules, imports = COMPONENTS[name]
    component = analyze(SHOP, modules, imports, name=name)
    text = wit.render(component)
    wit.validate(text)
    check_golden(f"{name}.wit", text)
    data = json.dumps(model.to_data(component), indent=1, sort_keys=True) + "\n"
    check_golden(f"{name}.model.json", data)
    assert model.from_data(json.loads(data)) == component


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_componentize_py_accepts_the_wit(name: str, tmp_path: Path) -> None:
    """componentize-py (its own WIT parser) generates guest bindings from the golden WIT."""
    (tmp_path / "wit").mkdir()
    (tmp_path / "wit" / f"{name}.wit").write_bytes((GOLDEN / f"{name}.wit").read_bytes())
    componentize_py = Path(sys.executable).with_name("componentize-py")
    subprocess.run(
        [
            str(componentize_py),
            "-d",
            str(tmp_path / "wit"),
            "-w",
            name,
            "bindings",
            str(tmp_path / "out"),
        ],
        check=True,
        capture_output=True,
    )
    exports = {p.stem for p in (tmp_path / "out" / "wit_world" / "exports").glob("*.py")}
    component = analyze(SHOP, *COMPONENTS[name], name=name)
    assert exports == {"__init__", *(i.name.replace("-", "_") for i in component.exports)}


def test_output_is_deterministic() -> None:
    """Two analyses in fresh interpreters (different hash seeds) give the same bytes."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from conftest import analyze; "
        "from pathlib import Path; from hatch_pywasm import wit; "
        "print(wit.render(analyze(Path(sys.argv[2]), ('shop.geometry', 'shop.orders'), "
        "('shop.host',), name='shop')), end='')"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(HERE), str(SHOP)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert outputs == {(GOLDEN / "shop.wit").read_text(encoding="utf-8")}
