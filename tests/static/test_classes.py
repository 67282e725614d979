"""Classes inside a component: dataclasses with methods, plain classes with ``__init__``,
methods, ``@staticmethod``, ``@classmethod``, ``@property``; calls with keyword arguments and
defaults (functions, methods, constructors). Compiled calls checked against CPython, including
an exception raised inside a method (its traceback names the method); what stays outside the
subset is rejected with file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = '''
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["account_report", "dot", "inventory", "scaled", "withdraw_all"]

MINIMUM = 10


@dataclass
class Vec:
    x: float
    y: float

    def dot(self, other: Vec) -> float:
        return self.x * other.x + self.y * other.y

    @property
    def norm2(self) -> float:
        return self.dot(self)

    def scaled(self, factor: float = 2.0) -> Vec:
        return Vec(self.x * factor, y=self.y * factor)

    @staticmethod
    def origin() -> Vec:
        return Vec(0.0, 0.0)


class Account:
    """A bank account that refuses to go below its minimum."""

    def __init__(self, owner: str, balance: int = 0, *, minimum: int = MINIMUM) -> None:
        self.owner = owner
        self.balance: int = balance
        self.minimum = minimum
        self.log: list[int] = []

    @classmethod
    def opened(cls, owner: str) -> Account:
        return cls(owner, MINIMUM)

    @property
    def spare(self) -> int:
        return self.balance - self.minimum

    def deposit(self, amount: int) -> None:
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.log.append(amount)

    def withdraw(self, amount: int) -> int:
        if amount > self.spare:
            raise ValueError("insufficient funds")
        self.balance -= amount
        self.log.append(-amount)
        return self.balance


@dataclass
class Shelf:
    name: str
    items: list[str] = field(default_factory=list)

    def add(self, item: str, copies: int = 1) -> int:
        for _ in range(copies):
            self.items.append(item)
        return len(self.items)


def dot(x: float, y: float) -> float:
    v = Vec(x, y)
    return v.dot(Vec.origin()) + v.norm2 + v.scaled().x + v.scaled(factor=0.5).y


def scaled(x: float, y: float, factor: float) -> Vec:
    return Vec(x, y).scaled(factor)


def account_report(deposits: list[int]) -> str:
    account = Account.opened("ada")
    for amount in deposits:
        account.deposit(amount)
    other = Account("bob", balance=5, minimum=0)
    return f"{account.owner} {account.balance} {account.spare} {len(account.log)} {other.spare}"


def withdraw_all(amounts: list[int]) -> int:
    account = Account("eve", 100)
    total = 0
    for amount in amounts:
        total = account.withdraw(amount)
    return total


def inventory(names: list[str], copies: int) -> int:
    shelf = Shelf("books")
    count = 0
    for name in names:
        count = shelf.add(name, copies=copies)
    return count + shelf.add("atlas")
'''

floats = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e150, max_value=1e150)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("classes"), SOURCE)


@given(x=floats, y=floats, factor=floats)
def test_dataclass_methods_properties_and_statics(
    program: Compiled, x: float, y: float, factor: float
) -> None:
    program.check("dot", x, y)
    program.check("scaled", x, y, factor)


@given(amounts=st.lists(st.integers(-5, 60), max_size=6))
def test_plain_class_state_and_errors_raised_in_methods(
    program: Compiled, amounts: list[int]
) -> None:
    program.check("account_report", amounts)
    program.check("withdraw_all", amounts)


@given(names=st.lists(st.text(max_size=3), max_size=4), copies=st.integers(-1, 3))
def test_keyword_arguments_and_defaults(program: Compiled, names: list[str], copies: int) -> None:
    program.check("inventory", names, copies)


def test_a_traceback_names_the_method(program: Compiled) -> None:
    result = program.funcs["withdraw_all"](program.store, [500])
    traceback = vars(result)["traceback"]
    lines = SOURCE.splitlines()
    call = lines.index("        total = account.withdraw(amount)") + 1
    raised = lines.index('            raise ValueError("insufficient funds")') + 1
    assert traceback.endswith(
        f'line {call}, in withdraw_all\n  File "kern.py", line {raised}, in withdraw\n'
        "ValueError: insufficient funds\n"
    ), traceback


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            """
            __all__ = ["f"]

            class Box:
                def __init__(self, n: int) -> None:
                    self.n = n

            def f(n: int) -> bool:
                return Box(n) == Box(n)
            """,
            "kern.py:9: comparing objects of class Box (without __eq__, == is identity) is "
            "outside the compiled subset",
        ),
        (
            """
            __all__ = ["f"]

            class Box:
                def __init__(self, n: int) -> None:
                    self.show()
                    self.n = n

                def show(self) -> int:
                    return self.n

            def f(n: int) -> int:
                return Box(n).n
            """,
            "kern.py:6: using self in Box.__init__ before assigning n is outside the compiled "
            "subset",
        ),
        (
            """
            __all__ = ["f"]

            class Box:
                def __init__(self, n: int) -> None:
                    self.n = n

                def __hash__(self) -> int:
                    return 1

            def f(n: int) -> int:
                return Box(n).n
            """,
            "kern.py:8: the special method Box.__hash__ is outside the compiled subset",
        ),
        (
            """
            __all__ = ["f"]

            class Base:
                def __init__(self, n: int) -> None:
                    self.n = n

            class Box(dict):
                pass

            def f(n: int) -> int:
                return Base(n).n
            """,
            "kern.py:8: class Box (base dict) is outside the compiled subset",
        ),
        (
            """
            class Box:
                def __init__(self, n: int) -> None:
                    self.n = n

                def get(self) -> int:
                    return self.n

            def f(bs: list[Box]) -> int:
                return bs[0].get()
            """,
            "kern.py:9: f: a class instance inside a parameter (an own<resource> handle) is "
            "outside the subset",
        ),
        (
            """
            __all__ = ["f"]

            def _g(a: int, *, b: int = 2) -> int:
                return a - b

            def f(n: int) -> int:
                return _g(n, c=1)
            """,
            "kern.py:8: _g() got an unexpected keyword argument 'c'",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)
