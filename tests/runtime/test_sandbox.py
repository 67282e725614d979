"""The guest sees no host files, environment, network or stdin; its output is forwarded."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import pywasm_runtime as pr


@pytest.fixture(scope="module")
def instance(rtshop_wasm: Path) -> pr.Instance:
    return pr.load(rtshop_wasm).instantiate(imports={"host": {"suffix": str}})


def test_no_host_files(instance: pr.Instance) -> None:
    assert Path("/etc/passwd").is_file()  # the host has it
    with pytest.raises(FileNotFoundError):
        instance.faults.read_file("/etc/passwd")
    with pytest.raises(FileNotFoundError):
        instance.faults.read_file(__file__)


def test_no_environment(instance: pr.Instance, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYWASM_SECRET", "hunter2")
    assert instance.faults.read_env("PYWASM_SECRET") is None
    assert instance.faults.read_env("PATH") is None
    assert instance.faults.environ_size() == 0


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, list[socket.socket]]]:
    """A real TCP server on the host, recording any connection."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    accepted: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server, accepted
    done.set()
    thread.join(timeout=5)
    server.close()


def test_no_network(
    instance: pr.Instance, listener: tuple[socket.socket, list[socket.socket]]
) -> None:
    server, accepted = listener
    port = server.getsockname()[1]
    with pytest.raises(OSError):
        instance.faults.connect("127.0.0.1", port)
    assert accepted == []


def test_no_stdin(instance: pr.Instance) -> None:
    assert instance.faults.read_stdin() == ""


def test_output_forwarded_to_sys_streams(
    instance: pr.Instance, capsys: pytest.CaptureFixture[str]
) -> None:
    instance.faults.say("hello out", "hello err")
    captured = capsys.readouterr()
    assert "hello out\n" in captured.out
    assert "hello err\n" in captured.err


def test_output_to_a_logger(rtshop_wasm: Path, caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("guest-test")
    instance = pr.load(rtshop_wasm).instantiate(imports={"host": {"suffix": str}}, output=logger)
    with caplog.at_level(logging.INFO, logger="guest-test"):
        instance.faults.say("via logger", "warned")
    records = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert (logging.INFO, "guest stdout: via logger") in records
    assert (logging.WARNING, "guest stderr: warned") in records


def test_output_discarded(rtshop_wasm: Path, capfd: pytest.CaptureFixture[str]) -> None:
    instance = pr.load(rtshop_wasm).instantiate(imports={"host": {"suffix": str}}, output="discard")
    instance.faults.say("lost", "lost too")
    captured = capfd.readouterr()
    assert "lost" not in captured.out + captured.err


def test_host_environment_untouched() -> None:
    assert "PYWASM_SECRET" not in os.environ
