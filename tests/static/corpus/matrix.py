"""Dense matrices as lists of rows."""


def identity(n: int) -> list[list[float]]:
    rows: list[list[float]] = []
    for i in range(n):
        row = [0.0] * n
        row[i] = 1.0
        rows.append(row)
    return rows


def multiply(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    if not a or len(a[0]) != len(b):
        raise ValueError("shapes do not match")
    result: list[list[float]] = []
    for row in a:
        out = [0.0] * len(b[0])
        for k in range(len(b)):
            for j in range(len(b[0])):
                out[j] += row[k] * b[k][j]
        result.append(out)
    return result


def trace(m: list[list[float]]) -> float:
    return sum([m[i][i] for i in range(len(m))])
