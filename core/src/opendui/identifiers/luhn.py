"""The Luhn (mod 10) check used by RPPS, ADELI, FINESS, SIREN and SIRET."""

from __future__ import annotations


def _sum(digits: str, double_first: bool) -> int:
    total = 0
    for index, char in enumerate(digits):
        value = int(char)
        if (index % 2 == 0) == double_first:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def luhn_is_valid(digits: str) -> bool:
    """Whether a digit string (check digit last) passes the Luhn check."""
    if not digits.isdigit():
        return False
    # the rightmost digit is not doubled; doubling starts from the second rightmost
    return _sum(digits, double_first=len(digits) % 2 == 0) % 10 == 0


def luhn_key(body: str) -> str:
    """The Luhn check digit to append to ``body`` (digits only)."""
    for digit in "0123456789":
        if luhn_is_valid(body + digit):
            return digit
    raise ValueError("body must contain digits only")
