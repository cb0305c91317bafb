"""Reads of bookings for pros: scoping, the filters of Suivi des réservations, counts, tickets to issue."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from passculture.bookings import rules, selectors
from passculture.bookings.models import BookingStatus
from passculture.offerers.models import MembershipStatus, OffererStatus
from tests.factories import (
    BeneficiaryFactory,
    BookFactory,
    BookingFactory,
    EventOfferFactory,
    EventStockFactory,
    MembershipFactory,
    OffererFactory,
    OfferFactory,
    StockFactory,
    UserFactory,
    VenueFactory,
)

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


# --- Pure: the pro-facing status ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "limit", "expected"),
    [
        (BookingStatus.CONFIRMED, NOW + HOUR, rules.ProStatus.BOOKED),
        (BookingStatus.CONFIRMED, NOW, rules.ProStatus.BOOKED),  # the beneficiary may cancel until the limit, included
        (BookingStatus.CONFIRMED, NOW - HOUR, rules.ProStatus.CONFIRMED),
        (BookingStatus.USED, NOW + HOUR, rules.ProStatus.VALIDATED),
        (BookingStatus.CANCELLED, NOW + HOUR, rules.ProStatus.CANCELLED),
        (BookingStatus.REIMBURSED, NOW - HOUR, rules.ProStatus.REIMBURSED),
    ],
)
def test_pro_status(status, limit, expected):
    assert rules.pro_status(status, limit, NOW) == expected


def test_the_labels_are_those_of_domain_section_8():
    assert list(rules.PRO_STATUS_LABELS.values()) == ["réservé", "confirmé", "validé", "annulé", "remboursé"]


# --- Scoping -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestBookingsOf:
    def test_only_the_bookings_of_structures_the_user_is_a_validated_member_of(self, pro, venue):
        mine = BookingFactory(stock__offer__venue=venue)
        other_venue = VenueFactory()
        theirs = BookingFactory(stock__offer__venue=other_venue)
        assert list(selectors.bookings_of(pro)) == [mine]
        pending = UserFactory()
        MembershipFactory(user=pending, offerer=venue.offerer, status=MembershipStatus.PENDING)
        assert not selectors.bookings_of(pending).exists()
        both = UserFactory()
        MembershipFactory(user=both, offerer=venue.offerer)
        MembershipFactory(user=both, offerer=other_venue.offerer)
        assert set(selectors.bookings_of(both)) == {mine, theirs}

    def test_a_closed_structure_keeps_its_bookings_readable(self, pro, venue):
        booking = BookingFactory(stock__offer__venue=venue)
        venue.offerer.status = OffererStatus.CLOSED
        venue.offerer.save()
        assert list(selectors.bookings_of(pro)) == [booking]

    def test_event_stocks_of_the_user_only(self, pro, venue):
        date = EventStockFactory(offer__venue=venue)
        StockFactory(offer=OfferFactory(venue=venue, name="Livre"))  # a thing: no date
        EventStockFactory(offer__venue=VenueFactory())
        assert list(selectors.event_stocks_of(pro)) == [date]


# --- The list and its filters ------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestProBookingList:
    def tokens(self, user, **filters):
        return {booking.token for booking in selectors.pro_booking_list(user, **filters)}

    def test_newest_first_with_related_rows_in_one_query(self, pro, venue, django_assert_num_queries):
        stock = EventStockFactory(offer__venue=venue)
        old = BookingFactory(stock=stock, booked_at=timezone.now() - datetime.timedelta(days=5))
        new = BookingFactory(stock=stock, booked_at=timezone.now() - datetime.timedelta(days=1))
        with django_assert_num_queries(1):
            bookings = list(selectors.pro_booking_list(pro))
            names = [(b.offer.venue.name, b.stock.price_cents, b.user.email) for b in bookings]
        assert [b.pk for b in bookings] == [new.pk, old.pk]
        assert len(names) == 2

    def test_venue_offer_and_stock_filters(self, pro, venue, offerer):
        other_venue = VenueFactory(offerer=offerer)
        concert = EventOfferFactory(venue=venue)
        first, second = StockFactory(offer=concert), StockFactory(offer=concert, starts_in=datetime.timedelta(days=20))
        a, b = BookingFactory(stock=first), BookingFactory(stock=second)
        c = BookingFactory(stock__offer__venue=other_venue, stock__offer__name="Exposition")
        assert self.tokens(pro, venue_id=venue.pk) == {a.token, b.token}
        assert self.tokens(pro, venue_id=other_venue.pk) == {c.token}
        assert self.tokens(pro, offer_id=concert.pk) == {a.token, b.token}
        assert self.tokens(pro, stock_id=second.pk) == {b.token}

    def test_status_filter_uses_the_pro_labels(self, pro, venue):
        stock = EventStockFactory(offer__venue=venue)
        now = timezone.now()
        booked = BookingFactory(stock=stock, booked_at=now - HOUR, cancellation_limit_datetime=now + HOUR)
        confirmed = BookingFactory(stock=stock, cancellation_limit_datetime=now - HOUR)
        used = BookingFactory(stock=stock, status=BookingStatus.USED, used_at=now)
        cancelled = BookingFactory(stock=stock, status=BookingStatus.CANCELLED)
        reimbursed = BookingFactory(stock=stock, status=BookingStatus.REIMBURSED, reimbursed_at=now)
        expected = {
            rules.ProStatus.BOOKED: booked,
            rules.ProStatus.CONFIRMED: confirmed,
            rules.ProStatus.VALIDATED: used,
            rules.ProStatus.CANCELLED: cancelled,
            rules.ProStatus.REIMBURSED: reimbursed,
        }
        for code, booking in expected.items():
            assert self.tokens(pro, status=code, now=now) == {booking.token}, code
            assert rules.display_status(booking, now) == code
        counts = selectors.booking_counts(selectors.pro_booking_list(pro, now=now), now)
        assert counts == {"total": 5, "places": 5, **dict.fromkeys(expected, 1)}

    def test_a_booked_booking_becomes_confirmed_when_its_limit_passes(self, pro, venue):
        now = timezone.now()
        booking = BookingFactory(stock__offer__venue=venue, booked_at=now, cancellation_limit_datetime=now + HOUR)
        assert self.tokens(pro, status=rules.ProStatus.BOOKED, now=now) == {booking.token}
        later = now + 2 * HOUR
        assert self.tokens(pro, status=rules.ProStatus.CONFIRMED, now=later) == {booking.token}
        with time_machine.travel(later):
            assert self.tokens(pro, status=rules.ProStatus.CONFIRMED) == {booking.token}

    def test_counts_count_bookings_and_places(self, pro, venue):
        stock = EventStockFactory(offer__venue=venue)
        BookingFactory(stock=stock, quantity=2)
        BookingFactory(stock=stock)
        counts = selectors.booking_counts(selectors.pro_booking_list(pro))
        assert (counts["total"], counts["places"], counts[rules.ProStatus.CONFIRMED]) == (2, 3, 2)
        assert selectors.booking_counts(selectors.pro_booking_list(pro, search="nobody"))["places"] == 0

    def test_search(self, pro, venue):
        jazz = EventStockFactory(offer__venue=venue, offer__name="Concert de jazz")
        book_offer = OfferFactory(venue=venue, name="Le Petit Prince", extra_data={"ean": "9782070612758"})
        lea = BookingFactory(
            stock=jazz, user=BeneficiaryFactory(first_name="Léa", last_name="Dupont", email="lea.dupont@example.org")
        )
        max_ = BookingFactory(
            stock=StockFactory(offer=book_offer),
            user=BeneficiaryFactory(first_name="Max", last_name="Durand", email="md@x.org"),
        )
        assert self.tokens(pro, search=lea.token.lower()) == {lea.token}
        assert self.tokens(pro, search=f" {lea.token[:3]} {lea.token[3:]} ") == {lea.token}
        assert self.tokens(pro, search="dupont") == {lea.token}
        assert self.tokens(pro, search="Max Durand") == {max_.token}
        assert self.tokens(pro, search="Durand Max") == {max_.token}
        assert self.tokens(pro, search="md@x") == {max_.token}
        assert self.tokens(pro, search="petit prince") == {max_.token}
        assert self.tokens(pro, search="978-2070612758") == {max_.token}
        assert self.tokens(pro, search="Du") == {lea.token, max_.token}
        assert self.tokens(pro, search="zzz") == set()

    def test_search_ignores_case_and_accents_as_people_type_them(self, pro, venue):
        theatre = EventStockFactory(offer__venue=venue, offer__name="Théâtre : Œdipe roi")
        helene = BookingFactory(
            stock=theatre, user=BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", email="h@example.org")
        )
        other = BookingFactory(
            stock__offer__venue=venue,
            stock__offer__name="Concert",
            user=BeneficiaryFactory(first_name="Hugo", last_name="Leroy"),
        )
        assert self.tokens(pro, search="helene lefevre") == {helene.token}
        assert self.tokens(pro, search="LEFÈVRE") == {helene.token}
        assert self.tokens(pro, search="theatre") == {helene.token}
        assert self.tokens(pro, search="oedipe") == {helene.token}
        assert self.tokens(pro, search="le") == {helene.token, other.token}
        assert self.tokens(pro, search="%") == set()  # a LIKE wildcard is a character like any other

    def test_event_date_is_a_day_in_the_venue_time_zone(self, pro, offerer):
        """23:30 in Réunion (UTC+4) on 10 March is 19:30 UTC; 23:30 in Paris is 22:30 UTC (winter)."""
        reunion = VenueFactory(offerer=offerer, timezone="Indian/Reunion", department_code="974", postal_code="97400")
        paris = VenueFactory(offerer=offerer)
        late_reunion = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("Indian/Reunion"))
        early_reunion = datetime.datetime(2026, 3, 11, 1, 0, tzinfo=ZoneInfo("Indian/Reunion"))  # 10 March, UTC
        late_paris = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("Europe/Paris"))
        a = BookingFactory(stock__offer__venue=reunion, stock__beginning_datetime=late_reunion)
        b = BookingFactory(
            stock__offer__venue=reunion, stock__offer__name="Matinée", stock__beginning_datetime=early_reunion
        )
        c = BookingFactory(stock__offer__venue=paris, stock__beginning_datetime=late_paris)
        assert self.tokens(pro, event_date=datetime.date(2026, 3, 10)) == {a.token, c.token}
        assert self.tokens(pro, event_date=datetime.date(2026, 3, 11)) == {b.token}

    def test_booking_period_in_the_venue_time_zone(self, pro, offerer):
        reunion = VenueFactory(offerer=offerer, timezone="Indian/Reunion", department_code="974", postal_code="97400")
        # 9 March 22:00 UTC is already 10 March at 02:00 in Réunion.
        booked_at = datetime.datetime(2026, 3, 9, 22, 0, tzinfo=datetime.UTC)
        booking = BookingFactory(stock__offer__venue=reunion, booked_at=booked_at)
        day = datetime.date(2026, 3, 10)
        assert self.tokens(pro, period_start=day, period_end=day) == {booking.token}
        assert self.tokens(pro, period_end=datetime.date(2026, 3, 9)) == set()
        assert self.tokens(pro, period_start=datetime.date(2026, 3, 11)) == set()
        assert self.tokens(pro, period_start=datetime.date(2026, 3, 1)) == {booking.token}

    def test_a_user_without_structure_sees_nothing_even_with_filters(self, venue):
        BookingFactory(stock__offer__venue=venue)
        nobody = UserFactory()
        assert self.tokens(nobody, event_date=datetime.date(2026, 3, 10)) == set()
        assert self.tokens(nobody, venue_id=venue.pk) == set()


@pytest.mark.django_db
def test_tickets_to_issue_are_the_booked_non_cancelled_places(pro, venue):
    stock = EventStockFactory(offer__venue=venue)
    zoe = BookingFactory(stock=stock, user=BeneficiaryFactory(last_name="Zola"), quantity=2)
    abel = BookingFactory(stock=stock, user=BeneficiaryFactory(last_name="Abel"), status=BookingStatus.USED)
    BookingFactory(stock=stock, user=BeneficiaryFactory(last_name="Martin"), status=BookingStatus.CANCELLED)
    BookingFactory(stock__offer__venue=venue, stock__offer__name="Autre date")
    assert list(selectors.tickets_to_issue(stock)) == [abel, zoe]


@pytest.mark.django_db
def test_another_structure_is_not_visible_through_a_validated_offerer_elsewhere(pro):
    """A pro of structure A reading structure B's venue id gets nothing (views turn this into 404)."""
    other = VenueFactory(offerer=OffererFactory())
    BookingFactory(stock__offer__venue=other)
    assert not selectors.pro_booking_list(pro, venue_id=other.pk).exists()


@pytest.mark.django_db
def test_ticket_dates_of_count_the_places_not_cancelled_from_a_day_on(pro, venue):
    now = timezone.now()
    coming = StockFactory(offer=EventOfferFactory(venue=venue))
    BookingFactory(stock=coming, duo=True)
    BookingFactory(stock=coming, cancelled=True)
    past = StockFactory(
        offer=EventOfferFactory(venue=venue, name="Hier"), beginning_datetime=now - datetime.timedelta(days=2)
    )
    other = StockFactory(offer=EventOfferFactory(venue=VenueFactory(offerer=OffererFactory())))
    dates = selectors.ticket_dates_of(pro, since=now - datetime.timedelta(days=1))
    assert [(stock.pk, stock.places) for stock in dates] == [(coming.pk, 2)]
    assert not selectors.ticket_dates_of(pro, since=now, venue_id=other.offer.venue_id).exists()
    assert past.pk not in {stock.pk for stock in selectors.ticket_dates_of(pro, since=now)}


@pytest.mark.django_db
def test_offers_of_venues_only(venue):
    mine, theirs = EventOfferFactory(venue=venue), EventOfferFactory(venue=VenueFactory(offerer=OffererFactory()))
    assert list(selectors.offers_of_venues([venue.pk])) == [mine]
    assert theirs not in selectors.offers_of_venues([venue.pk])


@pytest.mark.django_db
def test_staff_search_by_countermark_and_status(venue):
    stock = StockFactory(offer=EventOfferFactory(venue=venue))
    used = BookingFactory(stock=stock, used=True)
    cancelled = BookingFactory(stock=stock, cancelled=True)
    assert list(selectors.staff_booking_search(used.token.lower(), "")) == [used]
    assert list(selectors.staff_booking_search("", BookingStatus.CANCELLED)) == [cancelled]


@pytest.mark.django_db
def test_a_young_persons_bookings_and_the_stock_of_an_offer(venue):
    stock = StockFactory(offer=EventOfferFactory(venue=venue))
    young = BeneficiaryFactory()
    mine = BookingFactory(stock=stock, user=young)
    BookingFactory(stock=stock)  # someone else's
    assert list(selectors.bookings_of_beneficiary(young)) == [mine]
    assert selectors.beneficiary_bookings_for_staff(young, limit=1) == [mine]
    assert selectors.stock_of_offer_exists(stock.pk, stock.offer_id)
    assert not selectors.stock_of_offer_exists(stock.pk, EventOfferFactory(venue=venue, name="Autre").pk)


@pytest.mark.django_db
def test_ongoing_is_booked_not_expired_and_not_begun(venue):
    """The one definition of "réservations en cours" (the app API and "Mes réservations" both read it)."""
    now = timezone.now()
    young = BeneficiaryFactory()
    coming = BookingFactory(stock=StockFactory(offer=EventOfferFactory(venue=venue)), user=young)
    begun = BookingFactory(
        stock=StockFactory(offer=EventOfferFactory(venue=venue, name="Commencé"), beginning_datetime=now - HOUR),
        user=young,
    )
    expired = BookingFactory(
        stock=StockFactory(offer=BookFactory(venue=venue)), user=young, expiration_datetime=now - HOUR
    )
    collect = BookingFactory(
        stock=StockFactory(offer=BookFactory(venue=venue, name="À retirer")), user=young, expiration_datetime=now + HOUR
    )
    used = BookingFactory(stock=StockFactory(offer=EventOfferFactory(venue=venue, name="Vu")), user=young, used=True)
    ongoing, ended = selectors.beneficiary_bookings_split(young, now)
    assert set(ongoing) == {coming, collect}
    assert set(ended) == {begun, expired, used}
