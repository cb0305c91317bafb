"""IBAN, BIC and documents are checked before anything is stored, with French messages
(docs/domain/finance.md#iban-and-bic, #documents)."""

import pytest

from passculture.finance import errors, rules
from passculture.finance.models import BankAccountStatus
from tests.factories import JPEG, PDF, PNG, french_iban

VALID = "FR7630006000011234567890189"
# Check digits right (mod 97) but the French RIB key wrong (00 instead of 89).
WRONG_RIB_KEY = "FR5430006000011234567890100"


def test_an_iban_is_compacted_and_upper_cased():
    assert rules.clean_iban(" fr76 3000 6000 0112 3456 7890 189 ") == VALID


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("FR7630006000011234567890188", "L'IBAN n'est pas valide"),  # check digits
        ("FR76300060000112345678901", "L'IBAN n'est pas valide"),  # too short
        ("ZZ7630006000011234567890189", "L'IBAN n'est pas valide"),  # no such country
        ("", "L'IBAN n'est pas valide"),
        (WRONG_RIB_KEY, "La clé RIB de cet IBAN ne correspond pas"),
    ],
)
def test_an_invalid_iban_is_refused_with_a_french_message(value, message):
    with pytest.raises(errors.InvalidIban) as refusal:
        rules.clean_iban(value)
    assert refusal.value.code == "IBAN_INVALID"
    assert refusal.value.field == "iban"
    assert refusal.value.message.startswith(message)


def test_a_foreign_iban_is_accepted():
    assert rules.clean_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"


@pytest.mark.parametrize("value", ["BNPAFRPP", "bnpafrppxxx", "BNPA FR PP"])
def test_a_bic_of_8_or_11_characters_is_accepted(value):
    assert rules.clean_bic(value).startswith("BNPAFRPP")


@pytest.mark.parametrize("value", ["BNPA", "BNPAZZPP", "BNPAFRPPXXXX", ""])
def test_an_invalid_bic_is_refused_with_a_french_message(value):
    with pytest.raises(errors.InvalidBic) as refusal:
        rules.clean_bic(value)
    assert refusal.value.code == "BIC_INVALID"
    assert "Le BIC n'est pas valide" in refusal.value.message


def test_the_factories_ibans_are_valid():
    assert rules.clean_iban(french_iban(42)) == french_iban(42)


def test_a_pro_sees_the_iban_masked_and_staff_see_it_whole():
    assert rules.mask_iban(VALID) == "FR76 •••• •••• 0189"
    assert rules.format_iban(VALID) == "FR76 3000 6000 0112 3456 7890 189"


@pytest.mark.parametrize(("content", "kind"), [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg")])
def test_a_document_is_recognised_by_its_content(content, kind):
    assert rules.check_document("piece.bin", len(content), content[:16]) == kind


def test_a_document_that_is_not_a_pdf_nor_an_image_is_refused_even_named_pdf():
    with pytest.raises(errors.DocumentType) as refusal:
        rules.check_document("rib.pdf", 20, b"<html><script>alert")
    assert refusal.value.message == "Le fichier « rib.pdf » n'est ni un PDF, ni une image PNG ou JPEG."


def test_a_document_too_large_is_refused():
    with pytest.raises(errors.DocumentTooLarge) as refusal:
        rules.check_document("rib.pdf", rules.MAX_DOCUMENT_BYTES + 1, PDF[:16])
    assert "dépasse la taille maximale de 10 Mo" in refusal.value.message


@pytest.mark.parametrize("name", ["../rib.pdf", "..\\rib.pdf", "/etc/passwd", "a/b.pdf", "rib\x00.pdf", ".."])
def test_a_document_name_with_a_path_is_refused(name):
    with pytest.raises(errors.DocumentName):
        rules.check_document(name, len(PDF), PDF[:16])


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("en_construction", BankAccountStatus.DRAFT),
        ("en_instruction", BankAccountStatus.ON_GOING),
        ("accepte", BankAccountStatus.ACCEPTED),
        ("refuse", BankAccountStatus.REFUSED),
        ("sans_suite", BankAccountStatus.WITHOUT_CONTINUATION),
    ],
)
def test_the_states_of_a_dms_dossier(state, status):
    assert rules.status_from_dms(state) == status


def test_a_dms_dossier_waiting_for_corrections():
    assert rules.status_from_dms("en_construction", pending_correction=True) == "WITH_PENDING_CORRECTIONS"
    assert rules.status_from_dms("accepte", pending_correction=True) == "ACCEPTED"


def test_an_unknown_dms_state_is_refused():
    with pytest.raises(errors.UnknownDmsState):
        rules.status_from_dms("supprime")


def test_staff_decisions_by_status():
    assert rules.review_actions("ON_GOING") == {"accept", "ask_corrections", "refuse", "close"}
    assert rules.review_actions("WITH_PENDING_CORRECTIONS") == {"refuse", "close"}
    assert rules.review_actions("ACCEPTED") == set()
