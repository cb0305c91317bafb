"""The SEPA credit transfer file of a payment batch: ISO 20022 pain.001.001.03 (docs/domain/finance.md#sepa).

One payment information block debiting the pass Culture's account (settings ``SEPA_DEBTOR_*``), category purpose
GOVT, executed 7 days after the batch; one transaction per creditor IBAN with the fortnight's remittance text and the
creditor's SIREN. Names and texts are reduced to the EPC character set and cut at 70/140 characters; amounts stay
integer cents until they are written. Every id derives from the batch and its transfers (the same batch always
gives the same file). The file is validated against the XSD shipped in the ``sepaxml`` package before it is kept.

lxml is imported when a file is built or validated: the web workers, which never do, do not hold it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from django.conf import settings

from passculture.core.dates import PARIS, localtime_in
from passculture.core.money import cents_to_decimal_text
from passculture.finance import errors, rules

if TYPE_CHECKING:
    from lxml import etree

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
ID_MAX = 35


@dataclass(frozen=True)
class Payee:
    """One transfer as the file writes it."""

    label: str  # VIR<n>
    amount: int  # cents, > 0
    iban: str
    bic: str
    name: str
    siren: str


@cache
def _schema() -> etree.XMLSchema:
    from lxml import etree

    xsd = resources.files("sepaxml").joinpath("schemas/pain.001.001.03.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(xsd))


def message_id(cutoff: datetime.date) -> str:
    return f"PASSCULTURE-{cutoff:%Y%m%d}"


def _add(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    from lxml import etree

    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _path(parent: etree._Element, tags: str, text: str) -> None:
    *path, last = tags.split("/")
    for tag in path:
        parent = _add(parent, tag)
    _add(parent, last, text)


def _per_iban(payees: Sequence[Payee]) -> list[Payee]:
    """One transaction per IBAN: transfers to the same IBAN (two accounts of one bank account) are summed."""
    merged: dict[str, Payee] = {}
    for payee in sorted(payees, key=lambda p: (p.iban, p.label)):
        first = merged.get(payee.iban)
        if first is None:
            merged[payee.iban] = payee
        else:
            label = f"{first.label}+{payee.label}"
            merged[payee.iban] = Payee(
                label, first.amount + payee.amount, first.iban, first.bic, first.name, first.siren
            )
    return sorted(merged.values(), key=lambda p: p.label)


def build(cutoff: datetime.date, created_at: datetime.datetime, payees: Sequence[Payee]) -> bytes:
    """The pain.001.001.03 document of a batch (UTF-8 bytes), validated; :class:`errors.SepaInvalid` otherwise."""
    from lxml import etree

    transactions = _per_iban(payees)
    total = sum(payee.amount for payee in transactions)
    msg_id = message_id(cutoff)
    debtor = rules.epc_text(settings.SEPA_DEBTOR_NAME, rules.NAME_MAX)
    root = etree.Element(f"{{{NAMESPACE}}}Document", nsmap={None: NAMESPACE})
    initiation = _add(root, "CstmrCdtTrfInitn")
    header = _add(initiation, "GrpHdr")
    _add(header, "MsgId", msg_id)
    _add(header, "CreDtTm", created_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    _add(header, "NbOfTxs", str(len(transactions)))
    _add(header, "CtrlSum", cents_to_decimal_text(total))
    _path(header, "InitgPty/Nm", debtor)
    payment = _add(initiation, "PmtInf")
    _add(payment, "PmtInfId", msg_id)
    _add(payment, "PmtMtd", "TRF")
    _add(payment, "BtchBookg", "false")
    _add(payment, "NbOfTxs", str(len(transactions)))
    _add(payment, "CtrlSum", cents_to_decimal_text(total))
    kind = _add(payment, "PmtTpInf")
    _path(kind, "SvcLvl/Cd", "SEPA")
    _path(kind, "CtgyPurp/Cd", "GOVT")
    _add(payment, "ReqdExctnDt", rules.execution_date(localtime_in(created_at, PARIS).date()).isoformat())
    _path(payment, "Dbtr/Nm", debtor)
    _path(payment, "DbtrAcct/Id/IBAN", settings.SEPA_DEBTOR_IBAN)
    _path(payment, "DbtrAgt/FinInstnId/BIC", settings.SEPA_DEBTOR_BIC)
    _add(payment, "ChrgBr", "SLEV")
    remittance = rules.epc_text(rules.remittance_text(cutoff), rules.REMITTANCE_MAX)
    for payee in transactions:
        item = _add(payment, "CdtTrfTxInf")
        _path(item, "PmtId/EndToEndId", payee.label[:ID_MAX])
        _add(_add(item, "Amt"), "InstdAmt", cents_to_decimal_text(payee.amount), Ccy="EUR")
        _path(item, "CdtrAgt/FinInstnId/BIC", payee.bic)
        creditor = _add(item, "Cdtr")
        _add(creditor, "Nm", rules.epc_text(payee.name, rules.NAME_MAX) or "Structure")
        if payee.siren:
            other = _add(_add(_add(creditor, "Id"), "OrgId"), "Othr")
            _add(other, "Id", payee.siren)
            _path(other, "SchmeNm/Prtry", "SIREN")
        _path(item, "CdtrAcct/Id/IBAN", payee.iban)
        _path(item, "RmtInf/Ustrd", remittance)
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate(document)
    return document


def validate(document: bytes) -> None:
    from lxml import etree

    schema = _schema()
    if not schema.validate(etree.fromstring(document)):
        raise errors.SepaInvalid(reason=str(schema.error_log.last_error))
