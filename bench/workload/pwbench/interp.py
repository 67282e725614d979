"""A small interpreter, written as application code: an enum of opcodes, a dataclass per
instruction, a class for the machine with a value stack and a dict of named variables, and a
compiler from a tiny expression language to its instructions. The program it runs sums
``(i * i + 3 * i) % 7`` over ``i < n``, counting the multiples of 3 on the way."""

from __future__ import annotations

__all__ = ["interpret"]

from dataclasses import dataclass
from enum import Enum


class Op(Enum):
    PUSH = 1
    LOAD = 2
    STORE = 3
    ADD = 4
    MUL = 5
    MOD = 6
    LESS = 7
    JUMP_IF_FALSE = 8
    JUMP = 9
    HALT = 10


@dataclass
class Instr:
    op: Op
    arg: int = 0
    name: str = ""


class VMError(Exception):
    pass


class Machine:
    def __init__(self, program: list[Instr]) -> None:
        self.program = program
        self.stack: list[int] = []
        self.env: dict[str, int] = {}
        self.steps = 0

    def push(self, value: int) -> None:
        self.stack.append(value)

    def pop(self) -> int:
        if not self.stack:
            raise VMError("pop from an empty stack")
        return self.stack.pop()

    def binary(self, op: Op) -> None:
        right = self.pop()
        left = self.pop()
        if op == Op.ADD:
            self.push(left + right)
        elif op == Op.MUL:
            self.push(left * right)
        elif op == Op.MOD:
            self.push(left % right)
        else:
            self.push(1 if left < right else 0)

    def run(self) -> int:
        pc = 0
        while True:
            instr = self.program[pc]
            pc += 1
            self.steps += 1
            op = instr.op
            if op == Op.PUSH:
                self.push(instr.arg)
            elif op == Op.LOAD:
                self.push(self.env[instr.name])
            elif op == Op.STORE:
                self.env[instr.name] = self.pop()
            elif op == Op.JUMP:
                pc = instr.arg
            elif op == Op.JUMP_IF_FALSE:
                if self.pop() == 0:
                    pc = instr.arg
            elif op == Op.HALT:
                return self.env.get("total", 0)
            else:
                self.binary(op)


class Assembler:
    """Emits instructions; ``label`` and ``patch`` resolve jump targets."""

    def __init__(self) -> None:
        self.code: list[Instr] = []

    def emit(self, op: Op, arg: int = 0, name: str = "") -> int:
        self.code.append(Instr(op, arg, name))
        return len(self.code) - 1

    def label(self) -> int:
        return len(self.code)

    def patch(self, at: int, target: int) -> None:
        self.code[at].arg = target

    def assign(self, name: str, value: int) -> None:
        self.emit(Op.PUSH, value)
        self.emit(Op.STORE, name=name)

    def add_to(self, name: str, operands: list[str], op: Op) -> None:
        """name = name + (operands[0] <op> operands[1] ...), operands variables or numbers."""
        self.emit(Op.LOAD, name=name)
        first = True
        for operand in operands:
            if operand.isdigit():
                self.emit(Op.PUSH, int(operand))
            else:
                self.emit(Op.LOAD, name=operand)
            if not first:
                self.emit(op)
            first = False
        self.emit(Op.ADD)
        self.emit(Op.STORE, name=name)


def compile_program(n: int) -> list[Instr]:
    asm = Assembler()
    asm.assign("i", 0)
    asm.assign("total", 0)
    asm.assign("threes", 0)
    top = asm.label()
    asm.emit(Op.LOAD, name="i")
    asm.emit(Op.PUSH, n)
    asm.emit(Op.LESS)
    exit_jump = asm.emit(Op.JUMP_IF_FALSE)
    # total += (i * i + 3 * i) % 7
    asm.emit(Op.LOAD, name="total")
    asm.emit(Op.LOAD, name="i")
    asm.emit(Op.LOAD, name="i")
    asm.emit(Op.MUL)
    asm.emit(Op.PUSH, 3)
    asm.emit(Op.LOAD, name="i")
    asm.emit(Op.MUL)
    asm.emit(Op.ADD)
    asm.emit(Op.PUSH, 7)
    asm.emit(Op.MOD)
    asm.emit(Op.ADD)
    asm.emit(Op.STORE, name="total")
    # threes += (i % 3 < 1)
    asm.emit(Op.LOAD, name="threes")
    asm.emit(Op.LOAD, name="i")
    asm.emit(Op.PUSH, 3)
    asm.emit(Op.MOD)
    asm.emit(Op.PUSH, 1)
    asm.emit(Op.LESS)
    asm.emit(Op.ADD)
    asm.emit(Op.STORE, name="threes")
    asm.add_to("i", ["1"], Op.ADD)
    asm.emit(Op.JUMP, top)
    asm.patch(exit_jump, asm.label())
    asm.emit(Op.LOAD, name="total")
    asm.emit(Op.LOAD, name="threes")
    asm.emit(Op.ADD)
    asm.emit(Op.STORE, name="total")
    asm.emit(Op.HALT)
    return asm.code


def interpret(n: int) -> int:
    """The program's result for ``n``, times 1000, plus the steps the machine took mod 1000."""
    machine = Machine(compile_program(n))
    result = machine.run()
    return result * 1000 + machine.steps % 1000
