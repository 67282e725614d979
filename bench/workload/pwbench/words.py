"""Tokenising and counting words, written as application code: a text made of a vocabulary
(some words capitalised, some followed by punctuation or a number), a tokeniser that scans it
character by character into words, numbers and punctuation (an enum of token kinds), and the
words counted in a dict, lowered; then the most frequent word and the number of distinct ones."""

from __future__ import annotations

from enum import Enum

__all__ = ["word_count"]

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu", "an", "el")
PUNCTUATION = (".", ",", ";", "!", "?", "'s")


class Kind(Enum):
    WORD = 1
    NUMBER = 2
    MARK = 3
    SPACE = 4


class Generator:
    """A linear congruential generator (the same numbers in every implementation)."""

    def __init__(self, seed: int) -> None:
        self.state = seed

    def next(self, bound: int) -> int:
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return self.state // 65536 % bound


def make_text(n: int) -> str:
    """``n`` words of one to three syllables; one in 8 capitalised, one in 4 punctuated, one
    in 16 followed by a number."""
    rng = Generator(42)
    words: list[str] = []
    for _ in range(n):
        word = ""
        for _ in range(1 + rng.next(3)):
            word += SYLLABLES[rng.next(len(SYLLABLES))]
        if rng.next(8) == 0:
            word = word[0].upper() + word[1:] if rng.next(2) else word.upper()
        if rng.next(4) == 0:
            word += PUNCTUATION[rng.next(len(PUNCTUATION))]
        if rng.next(16) == 0:
            word += f" {rng.next(1000)}"
        words.append(word)
    return " ".join(words)


def kind_of(ch: str) -> Kind:
    if ch.isalpha():
        return Kind.WORD
    if ch.isdigit():
        return Kind.NUMBER
    if ch.isspace():
        return Kind.SPACE
    return Kind.MARK


def tokenize(text: str) -> list[tuple[Kind, str]]:
    """Runs of letters (an apostrophe inside a word belongs to it), runs of digits, and single
    marks; whitespace separates."""
    tokens: list[tuple[Kind, str]] = []
    current = ""
    current_kind = Kind.MARK
    for ch in text:
        kind = kind_of(ch)
        if current != "" and (kind == current_kind or (ch == "'" and current_kind == Kind.WORD)):
            current += ch
            continue
        if current:
            tokens.append((current_kind, current))
            current = ""
        if kind == Kind.MARK:
            tokens.append((Kind.MARK, ch))
        elif kind != Kind.SPACE:
            current = ch
            current_kind = kind
    if current:
        tokens.append((current_kind, current))
    return tokens


def word_count(n: int) -> int:
    """The distinct words of an ``n``-word text, times 1000, plus the top word's count; plus
    the numbers and marks seen, times 10**9."""
    counts: dict[str, int] = {}
    others = 0
    for kind, text in tokenize(make_text(n)):
        if kind == Kind.WORD:
            word = text.lower()
            counts[word] = counts.get(word, 0) + 1
        else:
            others += 1
    top = ""
    top_count = 0
    for word, count in counts.items():
        if count > top_count or (count == top_count and word < top):
            top = word
            top_count = count
    return others * 10**9 + len(counts) * 1000 + top_count
