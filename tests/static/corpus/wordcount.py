"""Counting words in text."""


def word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in text.lower().split():
        word = word.strip(".,;:!?")
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts


def longest_word(text: str) -> str:
    best = ""
    for word in text.split():
        if len(word) > len(best):
            best = word
    return best
