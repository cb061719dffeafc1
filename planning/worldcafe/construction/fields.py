"""Finite fields GF(q) for q a prime power (2, 3, 4, 5, 7, 8, 9, …) as addition and multiplication tables.

An element is an int whose base-p digits are the coefficients of a polynomial over GF(p), lowest first; products
are reduced modulo a monic irreducible polynomial of degree k (q = p^k), found by trying them in order.
"""

from itertools import product


def prime_power(q: int) -> tuple[int, int] | None:
    """(p, k) with q = p^k and p prime, or None."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k = 0
    while q % p == 0:
        q //= p
        k += 1
    return (p, k) if q == 1 else None


class Field:
    """GF(q) with `add[a][b]`, `mul[a][b]` and `neg[a]` tables over the elements 0..q-1."""

    def __init__(self, q: int):
        found = prime_power(q)
        if found is None:
            raise ValueError(f"{q} is not a prime power")
        self.q, (self.p, self.k) = q, found
        self.add = [[self._sum(a, b) for b in range(q)] for a in range(q)]
        self.neg = [self.add[a].index(0) for a in range(q)]
        self.modulus = self._irreducible()
        self.mul = [[self._times(a, b, self.modulus) for b in range(q)] for a in range(q)]

    def _sum(self, a: int, b: int) -> int:
        """Coefficient-wise sum mod p."""
        return self._encode([(x + y) % self.p for x, y in zip(self._digits(a), self._digits(b), strict=True)])

    def _digits(self, a: int) -> list[int]:
        return [(a // self.p**i) % self.p for i in range(self.k)]

    def _encode(self, digits: list[int]) -> int:
        return sum(d * self.p**i for i, d in enumerate(digits))

    def _times(self, a: int, b: int, modulus: list[int]) -> int:
        """a*b as polynomials, reduced by the monic `modulus` (coefficients lowest first, leading 1 left out)."""
        p, k = self.p, self.k
        product_ = [0] * (2 * k - 1)
        for i, x in enumerate(self._digits(a)):
            for j, y in enumerate(self._digits(b)):
                product_[i + j] = (product_[i + j] + x * y) % p
        for top in range(2 * k - 2, k - 1, -1):  # x^k = -(modulus) lowers the degree one step at a time
            c = product_[top]
            if c:
                product_[top] = 0
                for i, m in enumerate(modulus):
                    product_[top - k + i] = (product_[top - k + i] - c * m) % p
        return self._encode(product_[:k])

    def _irreducible(self) -> list[int]:
        """The first monic polynomial of degree k under which every non-zero element has an inverse."""
        for modulus in product(range(self.p), repeat=self.k):
            if self.k > 1 and modulus[0] == 0:
                continue  # divisible by x
            if all(any(self._times(a, b, list(modulus)) == 1 for b in range(1, self.q)) for a in range(1, self.q)):
                return list(modulus)
        raise AssertionError("every prime power has an irreducible polynomial")
