"""The password policy of the guide and the phone formats a pro may type."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from passculture.accounts.validators import (
    POLICY_TEXT,
    ProPasswordPolicyValidator,
    normalize_phone,
    password_policy_failures,
)

LENGTH, DIGIT, CASES, SPECIAL = POLICY_TEXT
FULL_MESSAGE = (
    "Votre mot de passe doit contenir : 12 caractères minimum, au moins un chiffre, "
    "au moins une lettre minuscule et une lettre majuscule, "
    "au moins un caractère spécial (par exemple ! ? # @ - _ .)."
)


class TestPasswordPolicy:
    @pytest.mark.parametrize(
        ("password", "missing"),
        [
            ("Culture-2026!", []),
            ("Abcdefghij1!", []),  # exactly 12 characters
            ("Abcdefghi1!", [LENGTH]),  # 11 characters
            ("Abcdefghijk!", [DIGIT]),
            ("ABCDEFGHIJ1!", [CASES]),  # no lowercase
            ("abcdefghij1!", [CASES]),  # no uppercase
            ("Abcdefghijk1", [SPECIAL]),
            ("Abcdefghij1 ", [SPECIAL]),  # a space is not a special character
            ("Éabcdefghij1!", [CASES]),  # accented capitals are not ASCII uppercase
            ("àBCDEFGHIJ1!", [CASES]),  # accented small letters are not ASCII lowercase
            ("Abcdefghijk١!", [DIGIT]),  # an Arabic-Indic digit is not a digit of the policy
            ("Abcdefghijk1€", [SPECIAL]),  # the euro sign is not ASCII punctuation
            ("Abcdefghijk1§", [SPECIAL]),
            ("abc", [LENGTH, DIGIT, CASES, SPECIAL]),
            ("", [LENGTH, DIGIT, CASES, SPECIAL]),
            (None, [LENGTH, DIGIT, CASES, SPECIAL]),
            ("############", [DIGIT, CASES]),
        ],
    )
    def test_requirements_missed(self, password, missing):
        assert password_policy_failures(password) == missing

    @pytest.mark.parametrize("special", list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"))
    def test_every_ascii_punctuation_counts_as_special(self, special):
        assert password_policy_failures(f"Abcdefghij1{special}") == []

    def test_message_lists_every_missing_requirement_in_order(self):
        with pytest.raises(ValidationError) as exc_info:
            ProPasswordPolicyValidator().validate("abc")
        assert exc_info.value.messages == [FULL_MESSAGE]
        assert exc_info.value.code == "password_policy"

    def test_message_names_only_what_is_missing(self):
        with pytest.raises(ValidationError) as exc_info:
            ProPasswordPolicyValidator().validate("abcdefghijkl")
        assert exc_info.value.messages == [
            "Votre mot de passe doit contenir : au moins un chiffre, "
            "au moins une lettre minuscule et une lettre majuscule, "
            "au moins un caractère spécial (par exemple ! ? # @ - _ .)."
        ]

    def test_help_text_shows_the_whole_policy(self):
        assert ProPasswordPolicyValidator().get_help_text() == FULL_MESSAGE

    def test_is_one_of_the_configured_validators(self):
        assert FULL_MESSAGE in password_validators_help_texts()
        validate_password("Un-mot-de-passe-2026!")
        with pytest.raises(ValidationError) as exc_info:
            validate_password("Court1!")
        assert exc_info.value.messages[0] == "Votre mot de passe doit contenir : 12 caractères minimum."


class TestNormalizePhone:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("0612345678", "0612345678"),
            ("06 12 34 56 78", "0612345678"),
            ("06.12.34.56.78", "0612345678"),
            ("06-12-34-56-78", "0612345678"),
            (" 01 23 45 67 89 ", "0123456789"),
            ("0262 12 34 56", "0262123456"),  # La Réunion, national format
            ("+33612345678", "+33612345678"),
            ("+33 6 12 34 56 78", "+33612345678"),
            ("+262 692 12 34 56", "+262692123456"),
            ("+32 2 123 45 67", "+3221234567"),
        ],
    )
    def test_accepted(self, typed, stored):
        assert normalize_phone(typed) == stored

    def test_trunk_prefix_in_brackets(self):
        assert normalize_phone("+33 (0)6 12 34 56 78") == "+33612345678"

    @pytest.mark.parametrize(
        "typed",
        [
            "",
            "06 12 34 56",  # too short
            "06 12 34 56 78 9",  # too long
            "6 12 34 56 78",  # missing the leading 0
            "1612345678",  # 10 digits not starting with 0
            "+0612345678",  # E.164 never starts with 0
            "+1234567",  # 7 digits
            "+1234567890123456",  # 16 digits
            "+33 6 12 AB 56 78",
            "06 12 34 56 7O",  # a letter O
            "téléphone",
            "++33612345678",
        ],
    )
    def test_refused_with_a_french_message(self, typed):
        with pytest.raises(ValidationError) as exc_info:
            normalize_phone(typed)
        assert exc_info.value.code == "invalid_phone"
        assert exc_info.value.messages == [
            "Numéro de téléphone invalide : saisissez un numéro français (10 chiffres, ex. 06 12 34 56 78) "
            "ou international (ex. +33 6 12 34 56 78)."
        ]
