"""Row generators of the reimbursement details CSV (docs/domain/finance.md#reimbursements-page): one row per
reimbursed booking, in the columns the guide lists. The CSV writing (``;``, UTF-8 with BOM, cells starting like a
formula neutralised) is the bookings export's ``csv_lines``."""

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet

from passculture.bookings.exports import CHUNK_SIZE, Value
from passculture.core.dates import localtime_in
from passculture.finance import rules
from passculture.finance.models import Pricing, PricingRuleGroup
from passculture.offers.categories import SUBCATEGORIES_BY_ID

DETAIL_COLUMNS = [
    "Réservations concernées",
    "Date du justificatif",
    "N° du justificatif",
    "N° de virement",
    "Intitulé du compte bancaire",
    "IBAN",
    "Raison sociale du lieu",
    "Adresse du lieu",
    "SIRET du lieu",
    "Nom de l'offre",
    "Contremarque",
    "Date de validation de la réservation",
    "Montant de la réservation",
    "Barème",
    "Montant remboursé",
    "Type d'offre",
]


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _scale(pricing: Pricing) -> str:
    group = dict(PricingRuleGroup.choices)[pricing.rule.group]
    rate = "montant par place" if pricing.rate_bp is None else rules.format_rate(pricing.rate_bp)
    return f"{group} — {rate}"


def detail_rows(pricings: QuerySet[Pricing]) -> Iterator[list[Value]]:
    for pricing in pricings.iterator(chunk_size=CHUNK_SIZE):
        transfer, booking, venue = pricing.transfer, pricing.booking, pricing.venue
        subcategory = SUBCATEGORIES_BY_ID.get(booking.offer.subcategory_id)
        yield [
            rules.fortnight_label(transfer.batch.cutoff),
            transfer.justificatif_date.strftime("%d/%m/%Y") if transfer.justificatif_date else "",
            transfer.justificatif_number or "",
            transfer.label,
            transfer.account_label,
            transfer.iban,
            venue.name,
            " ".join(part for part in (venue.street, venue.postal_code, venue.city) if part),
            venue.siret or "",
            booking.offer.name,
            booking.token,
            localtime_in(booking.used_at or pricing.value_date, venue.timezone).replace(tzinfo=None),
            _euros(pricing.booking_amount),
            _scale(pricing),
            _euros(pricing.amount),
            subcategory.label if subcategory else booking.offer.subcategory_id,
        ]
