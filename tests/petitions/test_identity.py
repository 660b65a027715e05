"""Resident identity numbers (GB 11643) are checked precisely; personal data is masked."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from petitions.identity import (
    check_character,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    validate_id_number,
)

from .factories import valid_id_number

# Published sample numbers with known check characters.
KNOWN_VALID = ["11010519491231002X", "340602198001010017", "320106199003071234"]


def error_code(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_id_number(value)
    return caught.value.code


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_valid_numbers_pass(number):
    validate_id_number(number)


def test_check_character_follows_gb_11643():
    # The standard's worked example, whose check character is X.
    assert check_character("11010519491231002") == "X"
    # sum(digit * weight) = 170; 170 % 11 = 5; "10X98765432"[5] = "7".
    assert check_character("34060219800101001") == "7"


def test_numbers_built_by_the_test_factory_are_valid():
    for serial in range(50):
        validate_id_number(valid_id_number(serial))


def test_trailing_lowercase_x_is_normalised_and_accepted():
    assert normalize_id_number(" 11010519491231002x ") == "11010519491231002X"
    validate_id_number("11010519491231002x")


def test_spaces_typed_between_groups_are_ignored():
    validate_id_number("110105 19491231 002X")


def test_wrong_check_digit_is_refused_with_its_own_code():
    assert error_code("110105194912310021") == "check_digit"
    # A single mistyped digit in the body also fails the check.
    assert error_code("110105194912310120") == "check_digit"


def test_check_digit_message_says_what_to_do():
    with pytest.raises(ValidationError) as caught:
        validate_id_number("110105194912310021")
    assert "GB 11643" in caught.value.messages[0]


@pytest.mark.parametrize(
    "birth",
    ["19800230", "19801301", "19800001", "19800100", "18991231"],
    ids=["feb-30", "month-13", "month-0", "day-0", "before-1900"],
)
def test_impossible_birth_date_is_refused(birth):
    first17 = f"340602{birth}001"
    assert error_code(first17 + check_character(first17)) == "birth_date"


def test_future_birth_date_is_refused():
    tomorrow = date.today() + timedelta(days=1)
    first17 = f"340602{tomorrow:%Y%m%d}001"
    assert error_code(first17 + check_character(first17)) == "birth_date"


def test_birth_date_error_names_the_digits():
    first17 = "34060219800230001"
    with pytest.raises(ValidationError) as caught:
        validate_id_number(first17 + check_character(first17))
    assert caught.value.params == {"digits": "19800230"}


def test_fifteen_digit_legacy_number_gets_its_own_message():
    with pytest.raises(ValidationError) as caught:
        validate_id_number("110105491231002")
    assert caught.value.code == "legacy"
    message = caught.value.messages[0]
    assert "15" in message
    assert "18" in message


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12345",
        "1101051949123100",
        "1101051949123100211",
        "11010519491231002Y",
        "X10105194912310021",
    ],
)
def test_wrong_length_or_characters_is_a_format_error(value):
    assert error_code(value) == "format"


@pytest.mark.parametrize("region", ["00", "10", "24", "39", "66", "90", "99"])
def test_bad_province_code_is_refused(region):
    first17 = f"{region}0602198001010001"[:17]
    assert error_code(first17 + check_character(first17)) == "region"


def test_province_error_names_the_code():
    first17 = "99060219800101001"
    with pytest.raises(ValidationError) as caught:
        validate_id_number(first17 + check_character(first17))
    assert caught.value.params == {"code": "99"}


@pytest.mark.parametrize("region", ["11", "34", "65", "71", "81", "82"])
def test_every_kind_of_province_code_is_accepted(region):
    first17 = f"{region}0602198001010001"[:17]
    validate_id_number(first17 + check_character(first17))


# --- Masking ------------------------------------------------------------------------------


def test_mask_id_number_keeps_region_prefix_and_last_four():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_id_number("110105491231002") == "1101*******1002"


def test_mask_id_number_hides_short_values_entirely():
    assert mask_id_number("12345678") == "********"
    assert mask_id_number("") == ""


def test_mask_phone_keeps_the_operator_prefix_and_last_four_of_a_mobile():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(" 13812345678 ") == "138****5678"


def test_mask_phone_of_a_short_landline_keeps_the_last_four():
    assert mask_phone("3012345") == "***2345"


def test_mask_phone_of_a_long_landline_with_area_code():
    assert mask_phone("0561-3012345") == "056*****2345"


def test_mask_phone_hides_very_short_values_and_keeps_empty():
    assert mask_phone("1234") == "****"
    assert mask_phone("") == ""
    assert mask_phone("   ") == ""
