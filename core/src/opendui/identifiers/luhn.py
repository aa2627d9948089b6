"""The Luhn (mod 10) check digit used by RPPS, ADELI, FINESS, SIREN and SIRET numbers."""

from __future__ import annotations

from opendui.identifiers.errors import is_ascii_digits


def _luhn_sum(digits: str) -> int:
    """Luhn sum of ``digits``, doubling every second digit from the right, the last one excluded."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def luhn_is_valid(digits: str) -> bool:
    """Whether a digit string, check digit last, passes the Luhn check.

    :param digits: ASCII digits, check digit included.
    :returns: ``True`` if the Luhn sum is a multiple of 10; ``False`` for an empty string or any
        character that is not an ASCII digit.
    """
    return is_ascii_digits(digits) and _luhn_sum(digits) % 10 == 0


def luhn_key(body: str) -> str:
    """The Luhn check digit to append to ``body``.

    :param body: ASCII digits, without check digit.
    :returns: one digit ``0`` to ``9`` such that ``luhn_is_valid(body + key)``.
    :raises ValueError: if ``body`` is empty or not made of ASCII digits.
    """
    if not is_ascii_digits(body):
        raise ValueError("a Luhn body must be a non-empty string of ASCII digits")
    return str((10 - _luhn_sum(body + "0") % 10) % 10)
