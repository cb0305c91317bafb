"""The test kit: one factory_boy factory per model the tests build, one module per domain, with traits named after
business situations (``BookingFactory(used=True)``, ``EventStockFactory(in_three_days=True)``,
``BeneficiaryFactory(fresh_credit=True)``…). Import them from here: ``from tests.factories import BookingFactory``."""

from .accounts import PASSWORD, StaffFactory, UserFactory
from .beneficiaries import BeneficiaryFactory, BeneficiaryProfileFactory, DepositFactory, eighteen_years_ago
from .bookings import BookingFactory, countermark
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
    "LYON",
    "PARIS",
    "PASSWORD",
    "SAINT_DENIS_REUNION",
    "VILLEURBANNE",
    "ApiKeyFactory",
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
    "PricingPointLinkFactory",
    "ProductFactory",
    "SiretlessVenueFactory",
    "StaffFactory",
    "StockFactory",
    "UserFactory",
    "VenueFactory",
    "bulk_used_bookings",
    "countermark",
    "eighteen_years_ago",
    "in_days",
    "unuse",
    "used_booking",
    "valid_siret",
]
