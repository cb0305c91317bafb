"""Pure offer rules: placement of a type of offer, the validation machine."""

import pytest

from passculture.offers import errors, rules
from passculture.offers.categories import get_subcategory
from passculture.offers.models import OfferValidation

CONCERT = get_subcategory("CONCERT")  # on site only, Duo allowed
PRESS_ONLINE = get_subcategory("ABO_PRESSE_EN_LIGNE")  # online only


class TestPlacement:
    def test_a_type_goes_to_the_venues_it_allows(self):
        assert rules.venue_allowed(CONCERT, venue_is_virtual=False)
        assert not rules.venue_allowed(CONCERT, venue_is_virtual=True)
        assert rules.venue_allowed(PRESS_ONLINE, venue_is_virtual=True)
        assert not rules.venue_allowed(PRESS_ONLINE, venue_is_virtual=False)

    def test_one_wording_per_mismatch(self):
        assert rules.venue_mismatch(CONCERT, False) is None
        assert rules.venue_mismatch(CONCERT, True).message == rules.ON_SITE_ONLY
        assert rules.venue_mismatch(PRESS_ONLINE, False).message == rules.ONLINE_ONLY
        assert rules.venue_mismatch(PRESS_ONLINE, False).field == "venue"

    @pytest.mark.parametrize(
        ("subcategory", "virtual", "url", "duo", "expected"),
        [
            (CONCERT, False, "", True, None),
            (CONCERT, True, "https://x.example", False, errors.VenueMismatch),
            (CONCERT, False, "https://x.example", False, errors.UrlForbidden),
            (PRESS_ONLINE, True, "", False, errors.UrlRequired),
            (PRESS_ONLINE, True, "https://x.example", True, errors.DuoNotAllowed),
            (PRESS_ONLINE, True, "https://x.example", False, None),
        ],
    )
    def test_placement_error_is_the_first_rule_broken(self, subcategory, virtual, url, duo, expected):
        error = rules.placement_error(subcategory, venue_is_virtual=virtual, url=url, is_duo=duo)
        assert (type(error) if error else None) is expected


class TestValidationMachine:
    @pytest.mark.parametrize(
        ("validation", "actions"),
        [
            (OfferValidation.DRAFT, set()),
            (OfferValidation.PENDING, {"approve", "reject"}),
            (OfferValidation.APPROVED, {"reject"}),
            (OfferValidation.REJECTED, set()),
        ],
    )
    def test_the_staff_decisions_each_state_allows(self, validation, actions):
        assert rules.review_actions(validation) == actions

    def test_decisions_lead_to_their_state(self):
        assert rules.OFFER_VALIDATION["approve"].target == OfferValidation.APPROVED
        assert rules.OFFER_VALIDATION["reject"].target == OfferValidation.REJECTED

    @pytest.mark.parametrize(
        ("name", "validation", "error"),
        [
            ("approve", OfferValidation.APPROVED, errors.OfferAlreadyDecided),
            ("reject", OfferValidation.DRAFT, errors.OfferAlreadyDecided),
            ("edit", OfferValidation.REJECTED, errors.OfferNotEditable),
            ("duplicate", OfferValidation.REJECTED, errors.RejectedNotDuplicable),
            ("change_type", OfferValidation.APPROVED, errors.TypeLocked),
        ],
    )
    def test_each_refusal_raises_its_error(self, name, validation, error):
        with pytest.raises(error):
            rules.OFFER_VALIDATION.check(name, validation)

    def test_publishing_anything_but_a_draft_is_a_no_op(self):
        assert rules.OFFER_VALIDATION.allows("publish", OfferValidation.DRAFT)
        rules.OFFER_VALIDATION.check("publish", OfferValidation.PENDING)  # no refusal
        assert not rules.OFFER_VALIDATION.allows("publish", OfferValidation.PENDING)


@pytest.mark.parametrize(
    ("typed", "fits"),
    [
        ("Le Petit Prince", True),
        ("LE PETIT PRINCE — édition illustrée", True),
        ("Petit Prince", True),
        ("Harry Potter 1", False),
        ("Les Misérables", False),
    ],
)
def test_a_typed_title_fits_the_catalogue_product_of_its_ean(typed, fits):
    assert rules.title_fits_product(typed, "Le Petit Prince") is fits
    assert rules.title_fits_product("Harry Potter 1", "Harry Potter à l'école des sorciers")
