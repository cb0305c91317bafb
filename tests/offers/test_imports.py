"""The set-based import path (offers/services/imports.py): what a pro and the young people see after a sync."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passculture.core.models import AuditLogEntry
from passculture.offers import selectors, services
from passculture.offers.models import Offer, Stock
from passculture.offers.services.imports import ImportLine, ImportRun, stream
from tests.factories.offerers import VenueFactory
from tests.factories.offers import ProductFactory, StockFactory

pytestmark = pytest.mark.django_db

SCHOOL_EAN = "9782091897486"
OTHER_EAN = "9782070584628"


def book(
    number: int, ean: str, available: int | None = 3, price: int | None = 1200, venue_key: str = "V"
) -> ImportLine:
    key = f"{ean}@{venue_key}"
    return ImportLine(
        number=number, offer_key=key, stock_key=key, subcategory_id="LIVRE_PAPIER", ean=ean, price_cents=price,
        available=available,
    )  # fmt: skip


def showing(number: int, days: float, *, projection=("DIGITAL",), experience=None, movie_type="FEATURE_FILM", **kw):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return ImportLine(
        number=number, offer_key="M1-VF", stock_key=f"M1-VF/{start.isoformat()}", subcategory_id="SEANCE_CINE",
        name=kw.pop("name", "Le Voyage - VF"), price_cents=kw.pop("price_cents", 500),
        available=kw.pop("available", 50), beginning=start, is_duo=kw.pop("is_duo", True), projection=projection,
        experience=experience, movie_type=movie_type, **kw,
    )  # fmt: skip


@pytest.fixture
def catalogue(db):
    ProductFactory(ean="9782070612758", name="Le Petit Prince", price_cents=890)
    ProductFactory(ean=OTHER_EAN, name="Harry Potter à l'école des sorciers", price_cents=895)
    ProductFactory(ean=SCHOOL_EAN, name="Maths 3e", is_eligible=False, ineligibility_reason="school_book")


@pytest.fixture
def bookshop(db):
    return VenueFactory(name="Librairie des Canuts")


@pytest.fixture
def cinema(db):
    return VenueFactory(name="Cinéma Le Lux", venue_type="MOVIE")


def run_import(venue, lines, **options):
    return stream(lines, ImportRun(venue, "stock_demo", "Fournisseur Démo", **options))


def test_eligible_books_are_published_at_once_and_refused_ones_are_reported(catalogue, bookshop):
    report = run_import(bookshop, [book(1, "9782070612758"), book(2, SCHOOL_EAN), book(3, "9780000000002")])

    assert (report.created, report.refused) == (1, 2)
    assert [(p.number, p.code) for p in report.problems] == [(2, "school_book"), (3, "unknown_product")]
    assert "scolaires" in report.problems[0].message
    offer = Offer.objects.get(venue=bookshop)
    assert (offer.name, offer.validation, offer.provider_code) == ("Le Petit Prince", "APPROVED", "stock_demo")
    assert offer in selectors.visible_offers()
    stock = offer.stocks.get()
    assert (stock.price_cents, stock.quantity) == (1200, 3)


def test_the_catalogue_price_is_used_when_the_provider_gives_none(catalogue, bookshop):
    run_import(bookshop, [book(1, "9782070612758", price=None), book(2, OTHER_EAN, price=0)])

    assert sorted(Stock.objects.values_list("price_cents", flat=True)) == [890, 895]


def test_a_book_is_created_only_when_available_and_sold_out_later(catalogue, bookshop):
    report = run_import(bookshop, [book(1, "9782070612758", available=0)])
    assert (report.created, report.skipped) == (0, 1)
    assert not Offer.objects.exists()

    run_import(bookshop, [book(1, "9782070612758", available=2)])
    report = run_import(bookshop, [book(1, "9782070612758", available=0)])

    assert report.updated == 1
    stock = Stock.objects.get()
    assert stock.quantity == 0 and stock.offer.is_active  # sold out, the offer stays


def test_a_second_identical_sync_writes_nothing(catalogue, bookshop):
    run_import(bookshop, [book(1, "9782070612758"), book(2, OTHER_EAN)])
    before = list(Stock.objects.values_list("updated_at", flat=True))

    with CaptureQueriesContext(connection) as queries:
        report = run_import(bookshop, [book(1, "9782070612758"), book(2, OTHER_EAN)])

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert list(Stock.objects.values_list("updated_at", flat=True)) == before
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == [w for w in writes if "core_auditlogentry" in w]  # only the run's audit entry


def test_a_batch_costs_a_few_statements_whatever_its_size(catalogue, bookshop, is_postgres):
    eans = ["9782070612758", OTHER_EAN]
    with CaptureQueriesContext(connection) as queries:
        ImportRun(bookshop, "stock_demo", "Fournisseur Démo").add(
            [book(n, eans[n % 2], venue_key=str(n)) for n in range(200)]
        )
    assert Stock.objects.count() == 200
    # Three reads, one INSERT per table (SQLite splits them by its 999 bound parameters), the savepoint.
    assert len(queries) <= (8 if is_postgres else 16)


def test_quantity_is_available_plus_booked_and_never_below_booked(catalogue, bookshop):
    run_import(bookshop, [book(1, "9782070612758", available=5)])
    Stock.objects.update(booked_quantity=2)

    run_import(bookshop, [book(1, "9782070612758", available=4)])

    assert Stock.objects.get().quantity == 6


def test_a_field_the_pro_changed_is_never_overwritten(catalogue, bookshop, pro):
    run_import(bookshop, [book(1, "9782070612758", available=5, price=1200)])
    stock = Stock.objects.get()
    services.stock_update(stock.pk, pro, price_cents=1000)

    report = run_import(bookshop, [book(1, "9782070612758", available=7, price=1500)])

    stock.refresh_from_db()
    assert (stock.price_cents, stock.quantity, stock.edited_fields) == (1000, 7, ["price_cents"])
    assert report.updated == 1


def test_one_audit_entry_per_run_by_the_provider(catalogue, bookshop):
    run_import(bookshop, [book(1, "9782070612758"), book(2, OTHER_EAN), book(3, SCHOOL_EAN)])

    entry = AuditLogEntry.objects.get(action="offers.imported")
    assert entry.actor is None and entry.actor_label == "Fournisseur Démo"
    assert (entry.data["created"], entry.data["refused"]) == (2, 1)


def test_a_rejected_imported_offer_stays_rejected(catalogue, bookshop, staff):
    run_import(bookshop, [book(1, "9782070612758")])
    offer = Offer.objects.get()
    services.offer_reject(offer.pk, staff, "Pas un livre")

    report = run_import(bookshop, [book(1, "9782070612758", available=9)])

    offer.refresh_from_db()
    assert (offer.validation, offer.is_active, Offer.objects.count()) == ("REJECTED", False, 1)
    assert [p.code for p in report.problems] == ["offer_rejected"]


def test_the_dry_run_reports_everything_and_writes_nothing(catalogue, bookshop):
    run_import(bookshop, [book(1, "9782070612758", available=1)])
    lines = [book(1, "9782070612758", available=4), book(2, OTHER_EAN), book(3, SCHOOL_EAN)]

    report = run_import(bookshop, lines, dry_run=True)

    assert (report.created, report.updated, report.refused) == (1, 1, 1)
    assert Stock.objects.get().quantity == 1 and Offer.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="offers.imported").count() == 1  # the real run's only
    assert ("created", "Harry Potter à l'école des sorciers (9782070584628)") in report.samples


def test_only_standard_digital_showings_are_imported(cinema):
    lines = [
        showing(1, 2),
        showing(2, 3, projection=("DIGITAL",), experience=("E_4DX",)),
        showing(3, 4, projection=("F_3D",)),
        showing(4, 5, movie_type="SPECIAL_EVENT"),
        showing(5, 6, projection=("DIGITAL",), experience=("DOLBY_ATMOS",)),
        showing(6, 7, projection=("DIGITAL", "IMAX")),
    ]
    report = run_import(cinema, lines, full=True)

    assert (report.created, report.refused) == (1, 5)
    assert [p.code for p in report.problems] == ["special_screening", "special_screening", "special_event",
                                                 "special_screening", "special_screening"]  # fmt: skip
    offer = Offer.objects.get()
    assert (offer.is_duo, offer.subcategory_id) == (True, "SEANCE_CINE")
    stock = offer.stocks.get()
    assert stock.booking_limit_datetime == stock.beginning_datetime


def test_a_too_long_title_is_shortened_and_reported(cinema):
    report = run_import(cinema, [showing(1, 2, name="Un titre " * 15 + "- VF")])

    name = Offer.objects.get().name
    assert len(name) == 90 and name.endswith("…")
    assert [p.code for p in report.problems] == ["title_shortened"] and report.problems[0].warning


def test_vanished_future_showings_are_removed_unless_booked(cinema):
    first, booked, gone = showing(1, 2), showing(2, 3), showing(3, 4)
    run_import(cinema, [first, booked, gone], full=True)
    Stock.objects.filter(id_at_provider=booked.stock_key).update(booked_quantity=1)

    report = run_import(cinema, [first], full=True)

    assert report.removed == 1
    assert Stock.objects.get(id_at_provider=gone.stock_key).is_soft_deleted
    assert not Stock.objects.get(id_at_provider=booked.stock_key).is_soft_deleted
    assert [p.code for p in report.problems] == ["vanished_booked"]


def test_past_showings_are_skipped(cinema):
    report = run_import(cinema, [showing(1, -0.1)])
    assert (report.skipped, Stock.objects.count()) == (1, 0)


def test_a_hand_typed_stock_is_never_touched(catalogue, bookshop):
    manual = StockFactory(offer__venue=bookshop, price_cents=700)
    run_import(bookshop, [book(1, "9782070612758")], full=True)
    manual.refresh_from_db()
    assert (manual.price_cents, manual.is_soft_deleted) == (700, False)


def test_a_book_typed_by_hand_is_taken_over_not_duplicated(catalogue, bookshop):
    typed = StockFactory(offer__venue=bookshop, offer__name="Le Petit Prince", price_cents=800, quantity=1)
    typed.offer.product = selectors.find_product("9782070612758")
    typed.offer.save()

    report = run_import(bookshop, [book(1, "9782070612758", available=6, price=890)])

    assert report.created == 0 and report.updated == 1
    offer = Offer.objects.get(venue=bookshop)
    assert (offer.pk, offer.provider_code, offer.id_at_provider) == (typed.offer_id, "stock_demo", "9782070612758@V")
    stock = offer.stocks.get()
    assert (stock.pk, stock.quantity, stock.price_cents) == (typed.pk, 6, 890)
    assert run_import(bookshop, [book(1, "9782070612758", available=6, price=890)]).unchanged == 1


def test_texts_are_written_as_given_whatever_their_characters(cinema):
    """New rows are written by COPY in its text format on PostgreSQL: tabs, newlines and backslashes escaped."""
    description = "Une séance\tà part :\nligne 2\r\\N n’est pas NULL \\ fin"
    extra = {"note": 'des "guillemets", un \\ et un\ttab', "ean": "\\N"}
    run_import(cinema, [showing(1, 2, name="Le Voyage \\ VF", description=description, extra_data=extra)])

    offer = Offer.objects.get()
    assert (offer.name, offer.description, offer.extra_data) == ("Le Voyage \\ VF", description, extra)
    assert offer.stocks.get().booking_limit_datetime is not None


def test_a_run_that_is_not_full_keeps_no_key_per_line(catalogue, bookshop):
    """Only a full run looks for vanished stocks: a stock sync of a million lines holds no million keys."""
    run = ImportRun(bookshop, "stock_demo", "Fournisseur Démo")
    stream([book(1, "9782070612758"), book(2, OTHER_EAN)], run)

    assert Stock.objects.count() == 2
    assert not run._seen_stock_keys
