"""The issue's bar: host code written against the native module (ledger_app.py) runs unchanged
against ``import_wasm``: the same values and types, the same exception classes, messages, args,
attributes, notes, causes and contexts, for the project's own exceptions, the stdlib's, a
dependency that imports lazily, a resource, and host functions that raise."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.slow

APP = Path(__file__).parent / "ledger_app.py"


def run_app(accounts: ModuleType) -> list[Any]:
    """ledger_app.py, unchanged, with ``accounts`` as ``ledger.accounts``."""
    import ledger

    saved = sys.modules["ledger.accounts"], ledger.accounts
    sys.modules["ledger.accounts"], ledger.accounts = accounts, accounts
    try:
        transcript: list[Any] = runpy.run_path(str(APP), run_name="ledger_app")["transcript"]
    finally:
        sys.modules["ledger.accounts"], ledger.accounts = saved
    return transcript


@pytest.fixture(scope="module")
def transcripts(native: ModuleType, wasm: ModuleType) -> tuple[list[Any], list[Any]]:
    return run_app(native), run_app(wasm)


def test_native_transcript_covers_the_issue(transcripts: tuple[list[Any], list[Any]]) -> None:
    """The app reaches every kind of outcome (so the comparison below cannot pass vacuously)."""
    native, _ = transcripts
    steps = {entry[0]: entry for entry in native}
    assert steps["charge frozen"][1] == "raised"
    frozen = steps["charge frozen"][2]
    assert frozen["class"] == "ledger.models.LedgerError"
    assert frozen["notes"] == ["call the bank before 17:00"]
    assert ("account", ("builtins", "str", "'frozen'")) in frozen["attributes"]
    gone = steps["charge gone"][2]
    assert gone["class"] == "builtins.LookupError"
    assert gone["cause"]["class"] == "builtins.KeyError"
    assert steps["chained"][2]["cause"]["class"] == "builtins.ValueError"
    assert steps["quiet context"][2]["suppress_context"] is True
    assert steps["owner none"][2] == ("builtins", "str", "'the bank'")
    assert steps["slug (a lazily imported dependency)"][2][2] == "'grusse-aus-koln'"
    assert "overdrawn caught" in steps and "host error caught by the application" in steps
    assert len(native) >= 30


def test_host_code_runs_unchanged_against_import_wasm(
    transcripts: tuple[list[Any], list[Any]],
) -> None:
    native, wasm = transcripts
    assert [entry[0] for entry in wasm] == [entry[0] for entry in native]
    for expected, got in zip(native, wasm, strict=True):
        assert got == expected, expected[0]
