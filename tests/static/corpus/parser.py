"""A tiny arithmetic tokenizer and evaluator."""

from __future__ import annotations


class ParseError(Exception):
    pass


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    number = ""
    for ch in text:
        if ch.isdigit():
            number += ch
            continue
        if number:
            tokens.append(number)
            number = ""
        if ch in "+-*/()":
            tokens.append(ch)
        elif ch != " ":
            raise ParseError(f"unexpected {ch!r}")
    if number:
        tokens.append(number)
    return tokens


def evaluate(text: str) -> int:
    total = 0
    sign = 1
    for token in tokenize(text):
        if token == "+":
            sign = 1
        elif token == "-":
            sign = -1
        else:
            try:
                total += sign * int(token)
            except ValueError:
                raise ParseError(token) from None
    return total
