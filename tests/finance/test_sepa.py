"""The SEPA credit transfer file of a batch (docs/domain/finance.md#sepa): valid against the pain.001.001.03 XSD
for any batch, its texts in the EPC character set, and one file pinned byte for byte."""

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from passculture.finance import errors, rules
from passculture.finance.services import sepa
from tests.factories import french_iban

GOLDEN = Path(__file__).parent / "golden" / "sepa_2026-06-15.xml"
NS = {"p": sepa.NAMESPACE}
CREATED = datetime.datetime(2026, 6, 16, 1, 30, tzinfo=datetime.UTC)
PAYEES = [
    sepa.Payee(
        "VIR12", 2_990, "FR7630006000011234567890189", "AGRIFRPP", "Cinéma & Librairie Démo — « Paris »", "123456782"
    ),
    sepa.Payee("VIR13", 100_000_01, french_iban(7), "BNPAFRPPXXX", "Théâtre de l'Œuvre ß" + "x" * 80, "876543216"),
]


@pytest.fixture(autouse=True)
def debtor(settings):
    settings.SEPA_DEBTOR_NAME = "pass Culture"
    settings.SEPA_DEBTOR_IBAN = "FR7630001007941234567890185"
    settings.SEPA_DEBTOR_BIC = "BDFEFRPPCCT"


def test_a_batch_file_is_pinned_byte_for_byte():
    document = sepa.build(datetime.date(2026, 6, 15), CREATED, PAYEES)
    assert document == GOLDEN.read_bytes()


def test_the_file_says_what_the_bank_needs():
    tree = etree.fromstring(sepa.build(datetime.date(2026, 6, 30), CREATED, PAYEES))

    assert tree.findtext(".//p:CtgyPurp/p:Cd", namespaces=NS) == "GOVT"
    assert tree.findtext(".//p:ReqdExctnDt", namespaces=NS) == "2026-06-23"  # the batch + 7 days
    assert tree.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "100029.91"
    assert tree.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    remittances = tree.findall(".//p:RmtInf/p:Ustrd", namespaces=NS)
    assert {r.text for r in remittances} == {"pass Culture Pro - remboursement 2nde quinzaine 06-2026"}
    names = [n.text for n in tree.findall(".//p:Cdtr/p:Nm", namespaces=NS)]
    assert names[0] == "Cinema + Librairie Demo Paris"
    assert len(names[1]) == 70 and names[1].startswith("Theatre de l'OEuvre ss")
    assert [i.text for i in tree.findall(".//p:Cdtr/p:Id/p:OrgId/p:Othr/p:Id", namespaces=NS)] == [
        "123456782",
        "876543216",
    ]


def test_two_transfers_to_one_iban_make_one_transaction():
    same = [PAYEES[0], sepa.Payee("VIR14", 10, PAYEES[0].iban, "AGRIFRPP", "Autre", "999999999")]
    tree = etree.fromstring(sepa.build(datetime.date(2026, 6, 15), CREATED, same))
    assert tree.findtext(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", namespaces=NS) == "30.00"
    assert len(tree.findall(".//p:CdtTrfTxInf", namespaces=NS)) == 1


def test_an_invalid_file_is_refused():
    with pytest.raises(errors.SepaInvalid):
        sepa.build(datetime.date(2026, 6, 15), CREATED, [sepa.Payee("VIR1", 100, "FR76", "BAD", "X", "1")])


def test_epc_text_keeps_the_allowed_characters_and_cuts():
    assert rules.epc_text("Crème brûlée & co ! #1", 70) == "Creme brulee + co 1"
    assert rules.epc_text("a" * 200, 140) == "a" * 140
    assert rules.fortnight_label(datetime.date(2026, 2, 28)) == "2nde quinzaine 02-2026"
    assert rules.fortnight_label(datetime.date(2026, 2, 15)) == "1ère quinzaine 02-2026"


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=120)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payees=st.lists(
        st.tuples(st.integers(1, 10**11), st.integers(0, 10**6), names, st.from_regex(r"\d{9}", fullmatch=True)),
        min_size=1,
        max_size=8,
    ),
    cutoff=st.sampled_from([datetime.date(2026, 1, 15), datetime.date(2026, 2, 28), datetime.date(2027, 12, 31)]),
)
def test_any_batch_gives_a_valid_file(payees, cutoff):
    built = [
        sepa.Payee(f"VIR{n}", amount, french_iban(account), "BNPAFRPPXXX", name, siren)
        for n, (amount, account, name, siren) in enumerate(payees, start=1)
    ]
    document = sepa.build(cutoff, CREATED, built)  # validates against the XSD, or raises
    tree = etree.fromstring(document)
    total = sum(p.amount for p in sepa._per_iban(built))
    assert tree.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == f"{total // 100}.{total % 100:02d}"
