"""The bookable offers of the validated structure (through the offer services) and the products they use."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from passculture.accounts.models import User
from passculture.offerers.models import Offerer, Venue
from passculture.offers import services as offer_services
from passculture.offers.models import Offer, OfferValidation, Product


@dataclass(frozen=True)
class DemoDate:
    days: int  # from today, in the venue's time zone: always in the future
    time: datetime.time


@dataclass(frozen=True)
class DemoOffer:
    name: str
    venue_siret: str | None  # None: the structure's digital venue ("Offre numérique")
    subcategory_id: str
    price_cents: int
    quantity: int | None  # None: unlimited
    dates: tuple[DemoDate, ...] = ()  # events only: one stock per date
    extra_data: dict = field(default_factory=dict)
    is_duo: bool = False
    url: str = ""
    description: str = ""
    withdrawal_details: str = ""
    duration_minutes: int | None = None


def _at(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


CINEMA_SIRET, BOOKSTORE_SIRET = "12345678200010", "12345678200028"
FILM = DemoOffer(
    name="Les Enfants du Paradis (version restaurée)",
    venue_siret=CINEMA_SIRET,
    subcategory_id="SEANCE_CINE",
    price_cents=750,
    quantity=80,
    dates=(
        DemoDate(1, _at(20, 30)),
        DemoDate(3, _at(18)),
        DemoDate(5, _at(20, 30)),
        DemoDate(8, _at(14)),
        DemoDate(10, _at(20, 30)),
        DemoDate(13, _at(20, 30)),
    ),
    extra_data={"stage_director": "Marcel Carné", "visa": "1846"},
    is_duo=True,
    description="Le chef-d'œuvre de Marcel Carné en copie restaurée, en salle 1.",
    withdrawal_details="Présentez la contremarque à la caisse du cinéma avant la séance.",
    duration_minutes=190,
)
CONCERT = DemoOffer(
    name="Concert du Trio Démo",
    venue_siret=CINEMA_SIRET,
    subcategory_id="CONCERT",
    price_cents=1500,
    quantity=5,
    dates=(DemoDate(6, _at(20)), DemoDate(12, _at(20))),
    extra_data={"music_type": "JAZZ_BLUES", "music_sub_type": "JAZZ", "performer": "Trio Démo"},
    is_duo=True,
    description="Un trio de jazz dans la grande salle du cinéma : seulement 5 places par soir.",
    withdrawal_details="Présentez la contremarque à l'entrée de la salle.",
    duration_minutes=90,
)
BOOK = DemoOffer(
    name="Le Petit Prince",
    venue_siret=BOOKSTORE_SIRET,
    subcategory_id="LIVRE_PAPIER",
    price_cents=870,
    quantity=10,
    extra_data={"ean": "9782070612758", "author": "Antoine de Saint-Exupéry"},
    description="Le conte poétique et philosophique d'Antoine de Saint-Exupéry, en édition Folio.",
    withdrawal_details="À retirer en caisse sous 30 jours, sur présentation de la contremarque.",
)
EBOOK = DemoOffer(
    name="Vingt mille lieues sous les mers (livre numérique)",
    venue_siret=None,
    subcategory_id="LIVRE_NUMERIQUE",
    price_cents=500,
    quantity=None,
    extra_data={"ean": "9782072730764", "author": "Jules Verne"},
    url="https://livres.example.org/vingt-mille-lieues-sous-les-mers",
    description="Le roman de Jules Verne à télécharger (EPUB), lisible sur téléphone et liseuse.",
)
OFFERS = (FILM, CONCERT, BOOK, EBOOK)


@dataclass(frozen=True)
class DemoProduct:
    ean: str
    name: str
    author: str
    publisher: str
    price_cents: int
    ineligibility_reason: str = ""  # a code of offers.eligibility: the import found the product ineligible


# A few lines of the book catalogue (as the Titelive import brings them): typing one of these EANs in the offer
# wizard pre-fills the title and the author, or explains why the book cannot be offered. Reference data shared by
# every structure: wiping the demo leaves them.
PRODUCTS = (
    DemoProduct("9782070612758", "Le Petit Prince", "Antoine de Saint-Exupéry", "Gallimard Jeunesse", 870),
    DemoProduct("9782070360024", "L'Étranger", "Albert Camus", "Gallimard", 790),
    DemoProduct(
        "9782091611099", "Mathématiques 6e - manuel de l'élève", "Collectif", "Nathan", 2690,
        ineligibility_reason="school_book",
    ),
)  # fmt: skip


def ensure_products(counts: Counter) -> None:
    for demo in PRODUCTS:
        _, created = Product.objects.get_or_create(
            ean=demo.ean,
            defaults={
                "name": demo.name,
                "subcategory_id": "LIVRE_PAPIER",
                "author": demo.author,
                "publisher": demo.publisher,
                "price_cents": demo.price_cents,
                "is_eligible": not demo.ineligibility_reason,
                "ineligibility_reason": demo.ineligibility_reason,
            },
        )
        counts["products"] += created


def _demo_venue(offerer: Offerer, siret: str | None) -> Venue:
    if siret is None:
        return Venue.objects.get(offerer=offerer, is_virtual=True)
    return Venue.objects.get(offerer=offerer, siret=siret)


def _local(venue: Venue, day: DemoDate) -> datetime.datetime:
    tz = ZoneInfo(venue.timezone)
    date = timezone.now().astimezone(tz).date() + datetime.timedelta(days=day.days)
    return datetime.datetime.combine(date, day.time, tzinfo=tz)


def ensure_offer(demo: DemoOffer, offerer: Offerer, pro: User, staff: User, counts: Counter) -> Offer:
    """The offer, created, stocked and published by the pro (and approved by staff if a review rule flags it).

    An event whose dates have all passed gets its dates again, relative to today; an offer someone rejected or
    changed is otherwise left as it is.
    """
    venue = _demo_venue(offerer, demo.venue_siret)
    offer = Offer.objects.filter(venue=venue, name=demo.name).order_by("pk").first()
    if offer is None:
        offer = offer_services.offer_create(
            venue,
            pro,
            subcategory_id=demo.subcategory_id,
            extra_data=dict(demo.extra_data),
            name=demo.name,
            description=demo.description,
            url=demo.url,
            is_duo=demo.is_duo,
            withdrawal_details=demo.withdrawal_details,
            duration_minutes=demo.duration_minutes,
        )
        counts["offers"] += 1
    if offer.validation == OfferValidation.REJECTED:
        return offer
    live = offer.stocks.filter(is_soft_deleted=False)
    if demo.dates:
        if not live.filter(beginning_datetime__gt=timezone.now()).exists():
            for day in demo.dates:
                offer_services.stock_create(
                    offer,
                    pro,
                    price_cents=demo.price_cents,
                    quantity=demo.quantity,
                    beginning_datetime=_local(venue, day),
                )
                counts["stocks"] += 1
    elif not live.exists():
        offer_services.stock_create(offer, pro, price_cents=demo.price_cents, quantity=demo.quantity)
        counts["stocks"] += 1
    if offer.validation == OfferValidation.DRAFT:
        offer = offer_services.offer_publish(offer.pk, pro)
    if offer.validation == OfferValidation.PENDING:  # the seeded rule "first offer of a structure", for instance
        offer = offer_services.offer_approve(offer.pk, staff)
    return offer
