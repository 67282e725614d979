"""Prime numbers."""


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def primes_below(limit: int) -> list[int]:
    sieve = [True] * max(limit, 0)
    found: list[int] = []
    for n in range(2, limit):
        if sieve[n]:
            found.append(n)
            for multiple in range(n * n, limit, n):
                sieve[multiple] = False
    return found


def factorize(n: int) -> list[int]:
    factors: list[int] = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors
