"""bytes (WIT list<u8>) in the static subset: parameters and results, tuple items and dataclass
fields, len, b[i], slices, iteration, comparison, `in` (a bytes in a bytes), +, bytes(n) and
literals, against CPython with hypothesis inputs; what the subset does not compile is a
SubsetError naming file:line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hatch_pywasm.backends import static

from .harness import Compiled, analyze

SOURCE = """
from dataclasses import dataclass


@dataclass
class Packet:
    tag: int
    body: bytes


def echo(b: bytes) -> bytes:
    return b


def parts(b: bytes, i: int) -> tuple[int, int, bool]:
    return len(b), b[i], not b


def cut(b: bytes, i: int, j: int, k: int) -> bytes:
    return b[i:j] + b[i:j:k] + b[::-1] + b[:i] + b[j:]


def order(a: bytes, b: bytes) -> tuple[bool, bool, bool, bool, bool, bool, bool, bool]:
    return a == b, a != b, a < b, a <= b, a > b, a >= b, a in b, b not in a


def checksum(b: bytes) -> int:
    total = 0
    for x in b:
        total = (total * 31 + x) % 1000003
    return total


def evens(b: bytes) -> list[int]:
    return [x for x in b if x % 2 == 0]


def padded(b: bytes, n: int) -> bytes:
    pad = bytes(n)
    if pad:
        return b"<" + b + pad + b">"
    return bytes(b)


def split(b: bytes, i: int) -> tuple[bytes, bytes, int]:
    return b[:i], b[i:], len(b)


def pack(tag: int, body: bytes) -> Packet:
    return Packet(tag, body + b".")


def same(p: Packet, q: Packet) -> tuple[bool, bool]:
    return p == q, (p.body, p.tag) == (q.body, q.tag)


def joined(packets: list[Packet]) -> tuple[bytes, list[Packet]]:
    out = b""
    for p in packets:
        out += p.body
    return out, [Packet(p.tag + 1, p.body[::-1]) for p in packets]
"""

data = st.binary(max_size=12)
index = st.integers(-15, 15)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("bytes_subset"), SOURCE)


@given(b=data, i=index)
def test_length_index_truth(program: Compiled, b: bytes, i: int) -> None:
    program.check("echo", b)
    program.check("parts", b, i)  # IndexError "index out of range" beyond either end


@given(b=data, i=index, j=index, k=st.integers(-3, 3))
def test_slices_and_concatenation(program: Compiled, b: bytes, i: int, j: int, k: int) -> None:
    program.check("cut", b, i, j, k)  # ValueError for a zero step


@given(a=data, b=data | st.sampled_from([b"", b"\x00", b"\xff\xff"]))
def test_comparisons(program: Compiled, a: bytes, b: bytes) -> None:
    program.check("order", a, b)
    program.check("order", a, a)
    program.check("order", a, a + b"\x00")


@given(b=data, n=st.integers(-2, 5))
def test_iteration_and_construction(program: Compiled, b: bytes, n: int) -> None:
    program.check("checksum", b)
    program.check("evens", b)
    program.check("padded", b, n)  # ValueError "negative count" for bytes(-1)


@given(a=data, b=data, i=index, tags=st.lists(st.integers(-3, 3), max_size=4))
def test_tuples_and_dataclasses_holding_bytes(
    program: Compiled, a: bytes, b: bytes, i: int, tags: list[int]
) -> None:
    packet = program.python["Packet"]
    program.check("split", a, i)
    program.check("pack", i, a)
    program.check("same", packet(i, a), packet(i, b))
    program.check("same", packet(i, a), packet(i, a))
    program.check("joined", [packet(t, a[t:]) for t in tags])


def test_every_byte_value(program: Compiled) -> None:
    everything = bytes(range(256)) * 3
    program.check("echo", everything)
    program.check("checksum", everything)
    program.check("cut", everything, 7, -7, 5)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("return b.hex()", "hex"),
        ("return b * 2", "the operator Mult on bytes and int"),
        ("return 3 in b", "the comparison In here"),
        ('return b + "x"', "the operator Add on bytes and str"),
        ('return b == "x"', "comparing a bytes with a str"),
        ("return bytes([1, 2])", "bytes() of anything but an int or bytes"),
    ],
)
def test_the_rest_is_a_subset_error_naming_the_line(
    tmp_path_factory: pytest.TempPathFactory, body: str, why: str
) -> None:
    source = f"def f(b: bytes) -> bytes:\n    x = 1\n    {body}\n"
    root = tmp_path_factory.mktemp("bytes_rejected")
    component = analyze(root, "kern", source)
    problems = static.check_subset(component, static.read_sources(root, component))
    assert problems, body
    assert str(problems[0]).startswith("kern.py:3: "), str(problems[0])
    assert why in str(problems[0])


@pytest.mark.parametrize(
    ("annotation", "spelled"),
    [("bytearray", "bytearray"), ("memoryview", "memoryview"), ("list[bytes]", "list[bytes]")],
)
def test_other_byte_types_are_not_compiled(
    tmp_path_factory: pytest.TempPathFactory, annotation: str, spelled: str
) -> None:
    root = tmp_path_factory.mktemp("bytearray_rejected")
    component = analyze(root, "kern", f"def f(b: {annotation}) -> int:\n    return len(b)\n")
    problems = [
        str(p) for p in static.check_subset(component, static.read_sources(root, component))
    ]
    assert problems == [
        f"kern.py:1: parameter 'b' of type {spelled} is outside the compiled subset"
    ]
