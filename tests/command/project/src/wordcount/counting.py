"""Counting words: exported as a component (within the static subset) and used by the CLI."""


def count(text: str) -> int:
    """How many words ``text`` has (runs of characters other than spaces, tabs and newlines)."""
    words = 0
    inside = False
    for i in range(len(text)):
        ch = text[i]
        space = ch == " " or ch == "\n" or ch == "\t" or ch == "\r"
        if not space and not inside:
            words += 1
        inside = not space
    return words
