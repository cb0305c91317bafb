"""Offer and stock services: what a pro can and cannot do, and the trace it leaves."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from passculture.core.audit import audit_trail
from passculture.core.parameters import set_parameter
from passculture.offers import errors, selectors, services
from passculture.offers.eligibility import IneligibleOffer
from passculture.offers.models import Offer, OfferValidation, OfferValidationRule, Product, Stock, StockDateChange
from tests.factories import EventStockFactory, MembershipFactory, OffererFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db

BOOK_EAN = "9782070612758"


@pytest.fixture(autouse=True)
def _no_review_rules():
    """Seeded review rules would send first offers to review; tests opt in to the rules they need."""
    OfferValidationRule.objects.update(is_active=False)


@pytest.fixture
def digital_venue(offerer):
    return offerer.venues.get(is_virtual=True)


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def concert(venue, pro, **fields):
    data = {"name": "Concert de printemps", "extra_data": {"music_type": "JAZZ"}, **fields}
    return services.offer_create(venue, pro, subcategory_id="CONCERT", **data)


def book(venue, pro, ean=BOOK_EAN, **fields):
    return services.offer_create(
        venue, pro, subcategory_id="LIVRE_PAPIER", name="Le Petit Prince", extra_data={"ean": ean}, **fields
    )


class TestOfferCreate:
    def test_a_concert_is_created_as_a_draft_with_an_audit_entry(self, venue, pro):
        offer = concert(venue, pro, is_duo=True)
        assert offer.validation == OfferValidation.DRAFT
        assert offer.is_duo and not offer.is_national
        assert audit_trail(offer).first().action == "offer.created"

    def test_duo_is_refused_on_a_type_that_does_not_allow_it(self, venue, pro):
        with pytest.raises(errors.DuoNotAllowed) as exc_info:
            book(venue, pro, is_duo=True)
        assert exc_info.value.field == "is_duo"

    def test_a_digital_offer_lives_in_the_digital_venue_and_is_always_national(self, digital_venue, venue, pro):
        offer = services.offer_create(
            digital_venue, pro, subcategory_id="ABO_PRESSE_EN_LIGNE", name="Abonnement", url="https://presse.example"
        )
        assert offer.is_national
        with pytest.raises(errors.VenueMismatch):
            services.offer_create(venue, pro, subcategory_id="ABO_PRESSE_EN_LIGNE", name="Abo", url="https://x.example")

    def test_a_digital_offer_needs_a_url_and_a_physical_one_has_none(self, digital_venue, venue, pro):
        with pytest.raises(errors.UrlRequired):
            services.offer_create(digital_venue, pro, subcategory_id="ABO_PRESSE_EN_LIGNE", name="Abonnement")
        with pytest.raises(errors.UrlForbidden):
            concert(venue, pro, url="https://concert.example")

    def test_an_offline_type_cannot_go_to_the_digital_venue(self, digital_venue, pro):
        with pytest.raises(errors.VenueMismatch) as exc_info:
            concert(digital_venue, pro)
        assert "lieu physique" in exc_info.value.message

    @pytest.mark.parametrize("ean", ["9782070612759", "978207061275", "abc", "2070612758", "207061275X"])
    def test_a_book_needs_a_valid_ean(self, venue, pro, ean):
        with pytest.raises(errors.InvalidEan):
            book(venue, pro, ean=ean)

    @pytest.mark.parametrize("typed", ["2070612759", "2-07-061275-9", "978-2-07-061275-8", " 9782070612758 "])
    def test_an_isbn_10_or_a_formatted_ean_is_kept_as_its_ean_13(self, venue, pro, typed):
        product = Product.objects.create(ean=BOOK_EAN, name="Le Petit Prince", subcategory_id="LIVRE_PAPIER")
        offer = book(venue, pro, ean=typed)
        assert (offer.extra_data["ean"], offer.product) == (BOOK_EAN, product)
        assert selectors.find_product(typed) == product

    def test_a_required_conditional_field_is_named_in_the_message(self, venue, pro):
        with pytest.raises(errors.MissingField) as exc_info:
            services.offer_create(venue, pro, subcategory_id="LIVRE_PAPIER", name="Sans EAN", extra_data={})
        assert "EAN" in exc_info.value.message

    def test_a_known_ean_links_the_catalogue_product(self, venue, pro):
        product = Product.objects.create(ean=BOOK_EAN, name="Le Petit Prince", subcategory_id="LIVRE_PAPIER")
        assert book(venue, pro).product == product

    def test_an_ineligible_product_is_refused(self, venue, pro):
        Product.objects.create(
            ean=BOOK_EAN, name="Maths 6e", subcategory_id="LIVRE_PAPIER", is_eligible=False,
            ineligibility_reason="school_book",
        )  # fmt: skip
        with pytest.raises(IneligibleOffer) as exc_info:
            book(venue, pro)
        assert exc_info.value.code == "school_book"
        assert exc_info.value.message == "Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture."

    @pytest.mark.parametrize("name", ["Avatar 3D", "Dune – IMAX", "Top Gun (4DX)", "Oppenheimer en Dolby Atmos"])
    def test_a_special_screening_typed_in_the_title_is_refused(self, venue, pro, name):
        with pytest.raises(IneligibleOffer) as exc_info:
            services.offer_create(venue, pro, subcategory_id="SEANCE_CINE", name=name)
        assert exc_info.value.code == "special_screening"
        assert "seules les séances en projection numérique standard" in exc_info.value.message
        assert not Offer.objects.exists()

    def test_a_special_screening_cannot_be_renamed_in(self, venue, pro):
        offer = services.offer_create(venue, pro, subcategory_id="SEANCE_CINE", name="Avatar")
        with pytest.raises(IneligibleOffer):
            services.offer_update(offer.pk, pro, name="Avatar 3D")
        assert Offer.objects.get().name == "Avatar"

    def test_titles_that_only_look_special_are_accepted(self, venue, pro):
        assert services.offer_create(venue, pro, subcategory_id="SEANCE_CINE", name="Ice Age").name == "Ice Age"
        assert services.offer_create(venue, pro, subcategory_id="SEANCE_CINE", name="3 Days").name == "3 Days"
        assert concert(venue, pro, name="IMAX Orchestra").name == "IMAX Orchestra"

    def test_staff_only_types_are_refused_to_pros(self, venue, pro):
        with pytest.raises(IneligibleOffer) as exc_info:
            services.offer_create(venue, pro, subcategory_id="JEU_CONCOURS", name="Concours")
        assert exc_info.value.code == "subcategory_not_selectable"


class TestTypeLock:
    def test_the_type_can_change_while_draft(self, venue, pro):
        offer = concert(venue, pro)
        services.offer_update(offer.pk, pro, subcategory_id="FESTIVAL_MUSIQUE", extra_data={"music_type": "JAZZ"})
        offer.refresh_from_db()
        assert offer.subcategory_id == "FESTIVAL_MUSIQUE"

    def test_the_type_is_locked_once_validated_but_other_fields_stay_editable(self, venue, pro):
        offer = concert(venue, pro)
        services.stock_create(offer, pro, price_cents=1500, quantity=10, beginning_datetime=in_days(10))
        services.offer_publish(offer.pk, pro)
        with pytest.raises(errors.TypeLocked) as exc_info:
            services.offer_update(offer.pk, pro, subcategory_id="SPECTACLE_REPRESENTATION")
        assert exc_info.value.code == "TYPE_LOCKED"
        services.offer_update(offer.pk, pro, name="Concert d'été", description="En plein air")
        offer.refresh_from_db()
        assert (offer.subcategory_id, offer.name) == ("CONCERT", "Concert d'été")
        assert audit_trail(offer).first().data["name"] == {"before": "Concert de printemps", "after": "Concert d'été"}


def concert_in_review(venue, author, publisher=None):
    """A concert written by ``author``, published by ``publisher`` (the author by default), awaiting review."""
    OfferValidationRule.objects.create(name="Tout", kind="SUBCATEGORY", parameters={"subcategories": ["CONCERT"]})
    offer = concert(venue, author)
    services.stock_create(offer, author, price_cents=1500, quantity=10, beginning_datetime=in_days(10))
    services.offer_publish(offer.pk, publisher or author)
    return offer


class TestPublish:
    def test_publishing_needs_a_stock(self, venue, pro):
        offer = concert(venue, pro)
        with pytest.raises(errors.NoStock) as exc_info:
            services.offer_publish(offer.pk, pro)
        assert "une date" in exc_info.value.message

    def test_without_matching_rule_the_offer_is_approved(self, venue, pro):
        offer = book(venue, pro)
        services.stock_create(offer, pro, price_cents=800, quantity=3)
        assert services.offer_publish(offer.pk, pro).validation == OfferValidation.APPROVED

    @pytest.mark.parametrize(
        ("kind", "parameters"),
        [
            ("PRICE_ABOVE", {"cents": 500}),
            ("NAME_KEYWORD", {"keywords": ["petit prince"]}),
            ("NEW_OFFERER", {"first_offers": 1}),
            ("SUBCATEGORY", {"subcategories": ["LIVRE_PAPIER"]}),
        ],
    )
    def test_a_matching_rule_sends_the_offer_to_review(self, venue, pro, kind, parameters):
        OfferValidationRule.objects.create(name="Règle", kind=kind, parameters=parameters)
        offer = book(venue, pro)
        services.stock_create(offer, pro, price_cents=800, quantity=3)
        published = services.offer_publish(offer.pk, pro)
        assert published.validation == OfferValidation.PENDING
        assert audit_trail(offer).first().data["rules"]

    def test_staff_approve_or_reject_with_a_reason_and_mail(
        self, venue, pro, staff, django_capture_on_commit_callbacks, mailoutbox
    ):
        offer = concert_in_review(venue, pro)
        with pytest.raises(errors.ReasonRequired):
            services.offer_reject(offer.pk, staff, " ")
        with django_capture_on_commit_callbacks(execute=True):
            services.offer_reject(offer.pk, staff, "Offre hors champ culturel")
        offer.refresh_from_db()
        assert (offer.validation, offer.is_active) == (OfferValidation.REJECTED, False)
        assert mailoutbox[-1].to == [venue.booking_email, pro.email]
        assert "Offre hors champ culturel" in mailoutbox[-1].body
        with pytest.raises(errors.OfferNotEditable):
            services.offer_update(offer.pk, pro, name="Autre")

    def test_the_validation_mail_reaches_the_pro_who_published_the_offer(
        self, venue, pro, staff, django_capture_on_commit_callbacks, mailoutbox
    ):
        author = UserFactory()
        MembershipFactory(user=author, offerer=venue.offerer)
        offer = concert_in_review(venue, author, publisher=pro)
        with django_capture_on_commit_callbacks(execute=True):
            services.offer_approve(offer.pk, staff)
        assert mailoutbox[-1].to == [venue.booking_email, pro.email]
        assert "a validé votre offre « Concert de printemps »" in mailoutbox[-1].body

    def test_a_publisher_who_left_the_structure_is_not_mailed(
        self, venue, pro, staff, django_capture_on_commit_callbacks, mailoutbox
    ):
        offer = concert_in_review(venue, pro)
        pro.memberships.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            services.offer_approve(offer.pk, staff)
        assert mailoutbox[-1].to == [venue.booking_email]


class TestStocks:
    def test_event_stock_defaults_its_booking_limit_to_the_start(self, venue, pro):
        offer = concert(venue, pro)
        start = in_days(5)
        stock = services.stock_create(offer, pro, price_cents=0, quantity=None, beginning_datetime=start)
        assert stock.booking_limit_datetime == start
        assert stock.remaining_quantity is None

    @pytest.mark.parametrize(
        ("values", "error"),
        [
            ({"price_cents": -1}, errors.InvalidPrice),
            ({"beginning_datetime": None}, errors.BeginningRequired),
            ({"beginning_datetime": "past"}, errors.BeginningInPast),
            ({"booking_limit_datetime": "after"}, errors.BookingLimitAfterBeginning),
        ],
    )
    def test_event_stock_refusals(self, venue, pro, values, error):
        offer = concert(venue, pro)
        data = {"price_cents": 1000, "quantity": 5, "beginning_datetime": in_days(3)}
        data.update(values)
        if data["beginning_datetime"] == "past":
            data["beginning_datetime"] = in_days(-1)
        if data.get("booking_limit_datetime") == "after":
            data["booking_limit_datetime"] = in_days(4)
        with pytest.raises(error):
            services.stock_create(offer, pro, **data)
        assert not Stock.objects.exists()

    def test_a_thing_has_one_undated_stock_and_a_maximum_price(self, venue, pro):
        offer = book(venue, pro)
        with pytest.raises(errors.BeginningForbidden):
            services.stock_create(offer, pro, price_cents=800, beginning_datetime=in_days(2))
        services.stock_create(offer, pro, price_cents=800, quantity=2)
        with pytest.raises(errors.ThingHasOneStock):
            services.stock_create(offer, pro, price_cents=900, quantity=2)

    def test_the_configured_maximum_price_applies_to_things_not_events(self, venue, pro):
        set_parameter("offers.max_price_cents", 5000)
        with pytest.raises(IneligibleOffer) as exc_info:
            services.stock_create(book(venue, pro), pro, price_cents=5001)
        assert exc_info.value.code == "price_above_maximum"
        assert "50,00" in exc_info.value.message
        services.stock_create(concert(venue, pro), pro, price_cents=9000, beginning_datetime=in_days(2))

    def test_quantity_never_below_booked_places(self, venue, pro):
        offer = book(venue, pro)
        stock = services.stock_create(offer, pro, price_cents=800, quantity=5)
        Stock.objects.filter(pk=stock.pk).update(booked_quantity=3)
        with pytest.raises(errors.QuantityBelowBooked) as exc_info:
            services.stock_update(stock.pk, pro, quantity=2)
        assert "(3)" in exc_info.value.message
        services.stock_update(stock.pk, pro, quantity=3)

    def test_changing_an_event_date_keeps_its_history(self, venue, pro):
        offer = concert(venue, pro)
        first = in_days(5)
        stock = services.stock_create(offer, pro, price_cents=1000, quantity=5, beginning_datetime=first)
        later = in_days(6)
        services.stock_update(stock.pk, pro, beginning_datetime=later, booking_limit_datetime=later)
        change = StockDateChange.objects.get(stock=stock)
        assert change.old_beginning_datetime == first

    def test_an_imported_stock_remembers_the_pros_edits(self, venue, pro):
        offer = book(venue, pro)
        stock = services.stock_create(offer, pro, price_cents=800, quantity=5)
        Stock.objects.filter(pk=stock.pk).update(id_at_provider="9782070612758@12345678900011")
        services.stock_update(stock.pk, pro, price_cents=700)
        stock.refresh_from_db()
        assert stock.edited_fields == ["price_cents"]

    def test_deleting_an_event_date_is_allowed_until_48_hours_after(self, venue, pro):
        offer = concert(venue, pro)
        start = in_days(1)
        stock = services.stock_create(offer, pro, price_cents=1000, quantity=5, beginning_datetime=start)
        with time_machine.travel(start + datetime.timedelta(hours=49)), pytest.raises(errors.StockDeletionTooLate):
            services.stock_delete(stock.pk, pro)
        with time_machine.travel(start + datetime.timedelta(hours=47)):
            services.stock_delete(stock.pk, pro)
        stock.refresh_from_db()
        assert stock.is_soft_deleted

    def test_deleting_a_stock_calls_the_registered_booking_cancellation(self, venue, pro, monkeypatch):
        calls = []
        handler = lambda s, a, r, c: calls.append((s.pk, r, c)) or 2  # noqa: E731
        monkeypatch.setattr(services, "_stock_cancellation_handlers", [handler])
        stock = services.stock_create(concert(venue, pro), pro, price_cents=0, beginning_datetime=in_days(3))
        assert services.stock_delete(stock.pk, pro) == 2
        assert calls == [(stock.pk, "OFFERER", "La date ou l'offre a été supprimée par la structure.")]

    def test_recurrence_creates_every_weekday_time_in_the_venue_time_zone(self, pro):
        reunion = VenueFactory(
            offerer=OffererFactory(), postal_code="97400", department_code="974", timezone="Indian/Reunion"
        )
        offer = concert(reunion, pro)
        monday = (timezone.now() + datetime.timedelta(days=14)).date()
        monday -= datetime.timedelta(days=monday.weekday())
        stocks = services.stocks_create_recurrence(
            offer, pro, first_day=monday, last_day=monday + datetime.timedelta(days=13), weekdays=[2, 5],
            times=[datetime.time(14, 0), datetime.time(20, 30)], price_cents=1200, quantity=30,
        )  # fmt: skip
        assert len(stocks) == 8  # 2 weeks × (Wednesday, Saturday) × 2 times
        local = stocks[0].beginning_datetime.astimezone(datetime.timezone(datetime.timedelta(hours=4)))
        assert (local.weekday(), local.hour) == (2, 14)

    def test_recurrence_without_matching_day_is_refused(self, venue, pro):
        offer = concert(venue, pro)
        day = (timezone.now() + datetime.timedelta(days=10)).date()
        with pytest.raises(errors.InvalidRecurrence):
            services.stocks_create_recurrence(
                offer, pro, first_day=day, last_day=day, weekdays=[(day.weekday() + 1) % 7],
                times=[datetime.time(20, 0)], price_cents=0, quantity=None,
            )  # fmt: skip


class TestBulkAndDuplicate:
    def test_bulk_deactivate_then_activate(self, venue, pro):
        offers = [book(venue, pro, ean=ean) for ean in (BOOK_EAN, "9782070360024")]
        assert services.offers_set_active(offers, pro, False) == 2
        assert not Offer.objects.filter(is_active=True).exists()
        assert services.offers_set_active(offers, pro, False) == 0
        assert services.offers_set_active(offers, pro, True) == 2

    def test_duplicate_copies_everything_but_the_stocks(self, venue, pro):
        fields = {
            "description": "Quartet", "is_duo": True, "is_national": True, "booking_email": "billets@example.org",
            "withdrawal_details": "Billets à retirer au guichet", "duration_minutes": 95, "image_credit": "Photo X",
            "audio_disability_compliant": True, "mental_disability_compliant": False,
            "motor_disability_compliant": True, "visual_disability_compliant": False,
        }  # fmt: skip
        offer = concert(venue, pro, **fields)
        services.stock_create(offer, pro, price_cents=1000, quantity=5, beginning_datetime=in_days(3))
        services.offer_publish(offer.pk, pro)
        copy = Offer.objects.get(pk=services.offer_duplicate(offer.pk, pro).pk)
        assert copy.pk != offer.pk
        for field, value in fields.items():
            assert getattr(copy, field) == value, field
        assert (copy.name, copy.subcategory_id, copy.extra_data) == (offer.name, offer.subcategory_id, offer.extra_data)
        assert copy.validation == "DRAFT"
        assert copy.stocks.count() == 0

    def test_duplicate_keeps_the_book_product_and_the_digital_url(self, venue, digital_venue, pro):
        product = Product.objects.create(ean=BOOK_EAN, name="Le Petit Prince", subcategory_id="LIVRE_PAPIER")
        copy = services.offer_duplicate(book(venue, pro).pk, pro)
        assert (copy.product, copy.extra_data["ean"]) == (product, BOOK_EAN)
        online = services.offer_create(
            digital_venue, pro, subcategory_id="ABO_PRESSE_EN_LIGNE", name="Abonnement", url="https://presse.example"
        )
        copy = services.offer_duplicate(online.pk, pro)
        assert (copy.url, copy.is_national, copy.venue) == ("https://presse.example", True, digital_venue)

    def test_a_rejected_offer_is_not_duplicated(self, venue, pro, staff):
        offer = concert(venue, pro)
        services.stock_create(offer, pro, price_cents=1000, quantity=5, beginning_datetime=in_days(3))
        services.offer_publish(offer.pk, pro)
        services.offer_reject(offer.pk, staff, "Contenu non culturel")
        with pytest.raises(errors.RejectedNotDuplicable):
            services.offer_duplicate(offer.pk, pro)
        assert Offer.objects.count() == 1

    def test_a_product_found_ineligible_since_is_not_duplicated(self, venue, pro):
        product = Product.objects.create(ean=BOOK_EAN, name="Le Petit Prince", subcategory_id="LIVRE_PAPIER")
        offer = book(venue, pro)
        product.is_eligible, product.ineligibility_reason = False, "school_book"
        product.save()
        with pytest.raises(IneligibleOffer):
            services.offer_duplicate(offer.pk, pro)
        assert Offer.objects.count() == 1


class TestSanityBounds:
    @pytest.mark.parametrize("name", ["", "   ", "x" * 91])
    def test_the_name_is_checked_whatever_the_entry_point(self, venue, pro, name):
        with pytest.raises(errors.InvalidName):
            concert(venue, pro, name=name)

    def test_absurd_prices_and_quantities_are_refused_cleanly(self, venue, pro):
        offer = concert(venue, pro)
        with pytest.raises(errors.ValueTooLarge):
            services.stock_create(offer, pro, price_cents=2**40, beginning_datetime=in_days(2))
        with pytest.raises(errors.ValueTooLarge):
            services.stock_create(offer, pro, price_cents=100, quantity=2**40, beginning_datetime=in_days(2))

    def test_a_recurrence_over_more_than_a_year_is_refused_before_walking_it(self, venue, pro):
        day = (timezone.now() + datetime.timedelta(days=2)).date()
        with pytest.raises(errors.InvalidRecurrence):
            services.stocks_create_recurrence(
                concert(venue, pro), pro, first_day=day, last_day=datetime.date(9999, 12, 31), weekdays=[0],
                times=[datetime.time(20, 0)], price_cents=0, quantity=None,
            )  # fmt: skip

    @pytest.mark.parametrize("typed", ["\x00", "abc", "978207061275", ""])
    def test_find_product_ignores_garbage(self, typed):
        assert selectors.find_product(typed) is None


class TestBookPlacesIfBookable:
    """PostgreSQL counts a booking's places in the statement that locks the stock, under the SQL twin of the rules
    the bookings service checks (``rules.is_stock_bookable``, a released offer); elsewhere nothing is counted."""

    def test_a_bookable_stock_is_counted_and_comes_back_as_it_was_with_its_offer(self, venue, is_postgres):
        stock = EventStockFactory(offer__venue=venue, quantity=3, booked_quantity=1)
        found = services.stock_book_places_if_bookable(stock.pk, 2, timezone.now())
        if not is_postgres:
            assert found is None and Stock.objects.get(pk=stock.pk).booked_quantity == 1
            return
        assert (found.pk, found.booked_quantity, found.price_cents) == (stock.pk, 1, stock.price_cents)
        assert (found.offer.pk, found.offer.venue.pk, found.offer.venue.offerer.pk) == (
            stock.offer.pk,
            venue.pk,
            venue.offerer.pk,
        )
        assert found.offer.extra_data == stock.offer.extra_data  # read through the ORM's converters
        assert Stock.objects.get(pk=stock.pk).booked_quantity == 3

    @pytest.mark.parametrize(
        "change",
        ["offer_pending", "offer_inactive", "offerer_not_validated", "deleted", "limit_passed", "started", "sold_out"],
    )
    def test_a_stock_not_bookable_is_not_counted(self, venue, change):
        stock = EventStockFactory(offer__venue=venue, quantity=3, booked_quantity=1)
        now = timezone.now()
        if change == "offer_pending":
            Offer.objects.filter(pk=stock.offer_id).update(validation=OfferValidation.PENDING)
        elif change == "offer_inactive":
            Offer.objects.filter(pk=stock.offer_id).update(is_active=False)
        elif change == "offerer_not_validated":
            venue.offerer.status = "NEW"
            venue.offerer.save()
        elif change == "deleted":
            Stock.objects.filter(pk=stock.pk).update(is_soft_deleted=True)
        elif change == "limit_passed":
            Stock.objects.filter(pk=stock.pk).update(booking_limit_datetime=now)
        elif change == "started":
            Stock.objects.filter(pk=stock.pk).update(beginning_datetime=now, booking_limit_datetime=now)
        elif change == "sold_out":
            Stock.objects.filter(pk=stock.pk).update(booked_quantity=2)
        assert services.stock_book_places_if_bookable(stock.pk, 2, now) is None
        assert Stock.objects.get(pk=stock.pk).booked_quantity == (2 if change == "sold_out" else 1)
