"""Reads of offers: the review rules' inputs, the pro list's counts, the pro's stocks."""

import pytest

from passculture.offers import errors, selectors
from passculture.offers.models import OfferStatus, OfferValidationRule
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_seeded_rules(db):
    OfferValidationRule.objects.update(is_active=False)


@pytest.fixture
def price_rule(db):
    return OfferValidationRule.objects.create(name="Cher", kind="PRICE_ABOVE", parameters={"cents": 5000})


@pytest.fixture
def new_offerer_rule(db):
    return OfferValidationRule.objects.create(name="Nouveau", kind="NEW_OFFERER", parameters={"first_offers": 1})


class TestReviewRuleMatches:
    def test_the_highest_live_price_counts_and_deleted_stocks_do_not(self, venue, price_rule):
        offer = factories.OfferFactory(venue=venue, validation="DRAFT")
        factories.StockFactory(offer=offer, price_cents=9000, is_soft_deleted=True)
        factories.StockFactory(offer=offer, price_cents=1000)
        assert selectors.review_rule_matches(offer) == []
        factories.StockFactory(offer=offer, price_cents=6000)
        assert [m.rule_name for m in selectors.review_rule_matches(offer)] == ["Cher"]

    def test_given_stocks_are_used_instead_of_the_database(self, venue, price_rule):
        offer = factories.OfferFactory(venue=venue, validation="DRAFT")
        stock = factories.StockFactory.build(offer=offer, price_cents=6000)
        assert [m.rule_name for m in selectors.review_rule_matches(offer, [stock])] == ["Cher"]

    def test_only_published_offers_of_the_structure_count_not_drafts_nor_itself(self, venue, new_offerer_rule):
        offer = factories.OfferFactory(venue=venue, validation="PENDING")
        factories.OfferFactory(venue=venue, validation="DRAFT")
        factories.OfferFactory(validation="APPROVED")  # another structure
        assert [m.rule_name for m in selectors.review_rule_matches(offer)] == ["Nouveau"]
        factories.OfferFactory(venue=venue, validation="APPROVED")
        assert selectors.review_rule_matches(offer) == []

    def test_inactive_rules_are_ignored(self, venue, price_rule):
        price_rule.is_active = False
        price_rule.save()
        offer = factories.OfferFactory(venue=venue)
        factories.StockFactory(offer=offer, price_cents=9000)
        assert selectors.review_rule_matches(offer) == []


class TestProOfferList:
    def test_status_counts_ignore_the_status_filter_and_total_them(self, pro, venue):
        factories.StockFactory(offer=factories.OfferFactory(venue=venue))
        factories.OfferFactory(venue=venue, validation="DRAFT")
        factories.OfferFactory(validation="DRAFT")  # another structure
        counts = selectors.pro_offer_status_counts(pro, status=OfferStatus.DRAFT)
        assert counts[OfferStatus.ACTIVE] == 1
        assert counts[OfferStatus.DRAFT] == 1
        assert counts[OfferStatus.REJECTED] == 0
        assert counts["total"] == 2

    def test_stocks_of_are_the_live_stocks_of_the_pros_offers(self, pro, venue):
        mine = factories.StockFactory(offer=factories.OfferFactory(venue=venue))
        factories.StockFactory(offer=factories.OfferFactory(venue=venue), is_soft_deleted=True)
        factories.StockFactory()  # another structure
        assert list(selectors.stocks_of(pro)) == [mine]

    def test_with_live_stocks_prefetches_the_stocks_not_deleted(self, pro, venue, django_assert_num_queries):
        offer = factories.OfferFactory(venue=venue)
        live = factories.StockFactory(offer=offer)
        factories.StockFactory(offer=offer, is_soft_deleted=True)
        with django_assert_num_queries(2):
            [fetched] = selectors.with_live_stocks(selectors.offers_of(pro))
            assert fetched.live_stocks == [live]


class TestBackOffice:
    def test_pending_offers_oldest_submission_first_with_their_highest_price(self, venue):
        from passculture.core.audit import log_action

        later = factories.OfferFactory(venue=venue, validation="PENDING", name="Plus tard")
        sooner = factories.OfferFactory(venue=venue, validation="PENDING", name="Plus tôt")
        factories.StockFactory(offer=sooner, price_cents=800)
        factories.OfferFactory(venue=venue, validation="APPROVED")
        log_action(None, selectors.PUBLISHED_ACTION, later)  # published after its creation
        assert [offer.name for offer in selectors.pending_offers()] == ["Plus tôt", "Plus tard"]
        assert selectors.pending_offers().get(pk=sooner.pk).max_price_cents == 800
        summary = selectors.pending_offers_summary()
        assert summary["total"] == 2 and summary["oldest"] == sooner.created_at

    def test_pending_offers_by_category_and_structure_name(self, venue):
        book = factories.OfferFactory(venue=venue, validation="PENDING")
        concert = factories.EventOfferFactory(validation="PENDING")
        assert list(selectors.pending_offers(category_id="LIVRE")) == [book]
        assert list(selectors.pending_offers(offerer_name=f" {concert.venue.offerer.name} ")) == [concert]

    def test_last_publication_is_the_newest_published_entry(self, venue):
        from passculture.core.audit import log_action

        offer = factories.OfferFactory(venue=venue, validation="PENDING")
        assert selectors.last_publication(offer) is None
        log_action(None, selectors.PUBLISHED_ACTION, offer, {"validation": "APPROVED"})
        log_action(None, "offer.updated", offer)
        log_action(None, selectors.PUBLISHED_ACTION, offer, {"validation": "PENDING"})
        assert selectors.last_publication(offer).data == {"validation": "PENDING"}

    def test_validation_rules_active_first(self, price_rule):
        price_rule.is_active = True
        price_rule.save()
        assert selectors.validation_rules().first() == price_rule
        assert selectors.validation_rules().filter(is_active=False).exists()  # the seeded ones, deactivated


def test_max_price_cents_is_the_parameter_in_force(settings):
    from django.utils import timezone

    from passculture.core.parameters import get_parameter

    assert selectors.max_price_cents() == get_parameter(selectors.MAX_PRICE_PARAMETER, default=None)
    assert selectors.max_price_cents(at=timezone.now()) == selectors.max_price_cents()


class TestLocatePlace:
    """The place a catalogue search is around: the geocoding connector's answer, or a refusal on the field."""

    def test_a_postal_code_is_a_municipality_with_its_coordinates(self):
        place = selectors.locate_place("69001")
        assert place.label == "Lyon (69001)"
        assert round(place.latitude) == 46 and round(place.longitude) == 5

    def test_an_unknown_place_is_refused_on_the_field(self):
        with pytest.raises(errors.PlaceNotFound) as refusal:
            selectors.locate_place("Ville introuvable")
        assert refusal.value.field == "place" and "code postal" in refusal.value.message

    def test_a_geocoder_down_is_said_so(self):
        with pytest.raises(errors.PlaceSearchUnavailable) as refusal:
            selectors.locate_place("Ville indisponible")
        assert refusal.value.field == "place"
