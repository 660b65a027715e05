"""Resident identity numbers (居民身份证号码, GB 11643-1999) and masking of personal data."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# First two digits: the province-level division (GB/T 2260), 11 北京 … 82 澳门.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42}
    | {43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)


def check_character(first17: str) -> str:
    return CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize_id_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def validate_id_number(value: str) -> None:
    """Raise a ValidationError that says exactly what is wrong with the number."""
    number = normalize_id_number(value)
    if re.fullmatch(r"\d{15}", number):
        raise ValidationError(
            _(
                "This is an old 15-digit identity number. Enter the 18-digit number "
                "printed on the current identity card."
            ),
            code="legacy",
        )
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("An identity number has 18 characters: 17 digits and a final digit or X."),
            code="format",
        )
    if int(number[:2]) not in PROVINCE_CODES:
        raise ValidationError(
            _("The first two digits (%(code)s) are not a province code."),
            code="region",
            params={"code": number[:2]},
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1900 or birth > date.today():
        raise ValidationError(
            _("Digits 7 to 14 (%(digits)s) are not a valid date of birth."),
            code="birth_date",
            params={"digits": number[6:14]},
        )
    if check_character(number[:17]) != number[17]:
        raise ValidationError(
            _(
                "The check digit does not match (GB 11643): one of the digits was "
                "probably mistyped. Compare the number with the identity card."
            ),
            code="check_digit",
        )


def mask_id_number(value: str) -> str:
    """3401**********1234: region prefix and last four only."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678: enough to recognise, not to call."""
    digits = value.strip()
    if not digits:
        return ""
    if len(digits) <= 4:
        return "*" * len(digits)
    keep_start = 3 if len(digits) >= 11 else 0
    return digits[:keep_start] + "*" * (len(digits) - keep_start - 4) + digits[-4:]


def phone_digits(phone: str) -> str:
    return "".join(character for character in phone if character.isdigit())
