"""The test kit: one factory_boy factory per model the tests build, one module per domain, with traits named after
business situations (``BookingFactory(used=True)``, ``EventStockFactory(in_three_days=True)``,
``BeneficiaryFactory(fresh_credit=True)``…). Import them from here: ``from tests.factories import BookingFactory``."""

from .accounts import PASSWORD, StaffFactory, UserFactory
from .beneficiaries import BeneficiaryFactory, BeneficiaryProfileFactory, DepositFactory, eighteen_years_ago
from .bookings import BookingFactory, countermark
from .finance import (
    JPEG,
    PDF,
    PNG,
    BankAccountDocumentFactory,
    BankAccountFactory,
    BankAccountLinkFactory,
    french_iban,
)
from .finance_payments import PaymentBatchFactory, TransferFactory
from .finance_pricing import (
    CustomPricingRuleFactory,
    PricingPointLinkFactory,
    SiretlessVenueFactory,
    bulk_used_bookings,
    unuse,
    used_booking,
)
from .offerers import (
    LYON,
    PARIS,
    SAINT_DENIS_REUNION,
    VILLEURBANNE,
    ApiKeyFactory,
    MembershipFactory,
    OffererFactory,
    VenueFactory,
    valid_siret,
)
from .offers import (
    BOOK_EAN,
    BookFactory,
    EbookFactory,
    EventOfferFactory,
    EventStockFactory,
    OfferFactory,
    ProductFactory,
    StockFactory,
    in_days,
)

__all__ = [
    "BOOK_EAN",
    "JPEG",
    "LYON",
    "PARIS",
    "PASSWORD",
    "PDF",
    "PNG",
    "SAINT_DENIS_REUNION",
    "VILLEURBANNE",
    "ApiKeyFactory",
    "BankAccountDocumentFactory",
    "BankAccountFactory",
    "BankAccountLinkFactory",
    "BeneficiaryFactory",
    "BeneficiaryProfileFactory",
    "BookFactory",
    "BookingFactory",
    "CustomPricingRuleFactory",
    "DepositFactory",
    "EbookFactory",
    "EventOfferFactory",
    "EventStockFactory",
    "MembershipFactory",
    "OfferFactory",
    "OffererFactory",
    "PaymentBatchFactory",
    "PricingPointLinkFactory",
    "ProductFactory",
    "SiretlessVenueFactory",
    "StaffFactory",
    "StockFactory",
    "TransferFactory",
    "UserFactory",
    "VenueFactory",
    "bulk_used_bookings",
    "countermark",
    "eighteen_years_ago",
    "french_iban",
    "in_days",
    "unuse",
    "used_booking",
    "valid_siret",
]
