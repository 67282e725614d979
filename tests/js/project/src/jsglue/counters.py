"""A resource whose constructor and methods may raise."""


class Counter:
    def __init__(self, start: int) -> None:
        if start < 0:
            raise ValueError(f"a counter cannot start below zero, got {start}")
        self.count = start

    def increment(self, by: int) -> int:
        if by < 0:
            raise ValueError(f"cannot count down by {by}")
        self.count += by
        return self.count

    def value(self) -> int:
        return self.count
