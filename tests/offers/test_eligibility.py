"""docs/domain/offers.md#eligibility: one parametrised table per rule and per list edge. No database."""

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passculture.core.errors import DomainError
from passculture.offers import eligibility as e
from passculture.offers.categories import get_subcategory
from passculture.offers.eligibility import (
    SCHOOL_CSR_RANGES,
    Ineligibility,
    IneligibleOffer,
    check_book,
    check_movie_showtime,
    check_price,
    check_subcategory_selectable,
)

FRENCH = ("é", "è", "à", "ê", "’", "ç", "ô", "û")


def assert_french_message(reason: Ineligibility) -> None:
    assert reason.message.strip()
    assert reason.message.endswith(".")
    assert any(char in reason.message for char in FRENCH) or " pas " in reason.message


class TestMovieShowtime:
    @pytest.mark.parametrize(
        ("projection", "experience"),
        [("DIGITAL", None), ("DIGITAL", ""), ("digital", "  "), (["DIGITAL"], None), (("DIGITAL", "DIGITAL"), [])],
    )
    def test_standard_digital_screening_is_eligible(self, projection, experience):
        assert check_movie_showtime(projection, experience) is None
        assert check_movie_showtime(projection, experience, movie_type="FEATURE_FILM") is None

    @pytest.mark.parametrize(
        "experience",
        ["E_4DX", "DOLBY_CINEMA", "DOLBY_ATMOS", "SCREEN_X", "ICE", "MX4D", "ANYTHING", ["DOLBY_ATMOS"], ["", "ICE"]],
    )
    def test_any_experience_is_a_special_screening(self, experience):
        reason = check_movie_showtime("DIGITAL", experience)
        assert reason.code == "special_screening"
        assert reason.message == "Les séances spéciales (3D, IMAX, Dolby…) ne sont pas éligibles au pass Culture : " + (
            "seules les séances en projection numérique standard le sont."
        )

    def test_the_known_experiences_are_the_names_of_allocine_s_api(self):
        assert {"E_4DX", "DOLBY_CINEMA", "DOLBY_ATMOS", "SCREEN_X", "ICE", "MX4D"} == e.KNOWN_SPECIAL_EXPERIENCES
        assert {"F_3D", "IMAX", "IMAX_3D", "F_4K", "F_35MM", "REALD_3D", "LASER"} == e.KNOWN_SPECIAL_PROJECTIONS

    @pytest.mark.parametrize("experience", sorted(e.KNOWN_SPECIAL_EXPERIENCES))
    def test_known_special_experiences_are_refused(self, experience):
        assert check_movie_showtime("DIGITAL", experience).code == "special_screening"
        assert check_movie_showtime(["DIGITAL"], [experience]).code == "special_screening"

    @pytest.mark.parametrize("projection", sorted(e.KNOWN_SPECIAL_PROJECTIONS))
    def test_known_special_projections_are_refused(self, projection):
        assert check_movie_showtime(projection, None).code == "special_screening"
        assert check_movie_showtime(["DIGITAL", projection], None).code == "special_screening"

    @pytest.mark.parametrize(
        "projection",
        ["F_35MM", "FILM_70MM", "DIGITAL_3D", "3D", "", None, [], ["DIGITAL", "F_35MM"], ["F_3D"], ["IMAX_3D"]],
    )
    def test_anything_but_a_digital_projection_is_refused(self, projection):
        assert check_movie_showtime(projection, None).code == "special_screening"

    def test_special_event_movie_is_refused_even_in_standard_digital(self):
        reason = check_movie_showtime("DIGITAL", None, movie_type="SPECIAL_EVENT")
        assert reason.code == "special_event"
        assert_french_message(reason)
        assert check_movie_showtime("F_35MM", "E_4DX", movie_type="special_event").code == "special_event"


class TestSchoolBooks:
    @pytest.mark.parametrize(
        ("csr", "eligible"),
        [
            (2699, True),
            (2700, False),
            (2702, False),
            (2704, False),
            (2705, True),
            (2799, True),
            (2800, False),
            (2804, False),
            (2805, True),
            (2899, True),
            (2900, False),
            (2907, False),
            (2908, True),
            (2999, True),
            (3000, False),
            (3008, False),
            (3009, True),
            (3013, True),  # a CLIL theme, not a CSR rayon
            (3301, True),
            (3302, False),
            (3304, False),
            (3305, True),
            (3510, True),
            (3511, False),
            (3512, True),
            (3610, True),
            (3611, False),
            (3612, True),
            (4000, True),
            (4001, False),
            (4002, False),
            (4003, True),
            (4799, True),
            (4800, False),
            (4801, True),
            (4802, True),
            (4803, False),
            (4804, True),
            (4805, True),
            (4806, False),
            (4807, False),
            (4808, True),
            (5511, True),
            (5512, False),
            (5513, True),
            (9619, True),
            (9620, False),
            (9623, False),
            (9624, True),
            (9799, True),
            (9800, False),
            (9801, True),
            (9810, True),
            (9811, False),
            (9812, False),
            (9813, True),
            (9814, False),
            (9815, True),
        ],
    )
    def test_csr_code_edges(self, csr, eligible):
        for value in (csr, str(csr), f" {csr} "):
            reason = check_book(csr_code=value)
            if eligible:
                assert reason is None, value
            else:
                assert reason.code == "school_book", value

    @pytest.mark.parametrize(
        ("clil", "eligible"),
        [("3000", False), ("3013", False), (3000, False), (3013, False), ("3012", True), ("3001", True), ("3014", True),
         ("2999", True), ("3008", True), ("300", True), ("30000", True)],
    )  # fmt: skip
    def test_clil_themes_3000_and_3013(self, clil, eligible):
        reason = check_book(clil_codes=[clil])
        assert (reason is None) is eligible
        if not eligible:
            assert reason.code == "school_book"

    def test_any_clil_code_of_the_line_counts(self):
        assert check_book(clil_codes=["3435", "3013"]).code == "school_book"
        assert check_book(clil_codes=("3435", "3012")) is None

    def test_titelive_school_flag(self):
        assert check_book(school_flag=True).code == "school_book"
        assert check_book(school_flag=False) is None

    def test_message(self):
        reason = check_book(csr_code=3000)
        assert reason.message == "Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture."

    @pytest.mark.parametrize("csr", [None, "", "abc", "-2700", True])
    def test_missing_or_unreadable_csr_is_not_checked(self, csr):
        assert check_book(csr_code=csr) is None

    def test_ranges_are_ordered_and_disjoint(self):
        assert all(start <= end for start, end in SCHOOL_CSR_RANGES)
        assert all(prev_end < start for (_, prev_end), (start, _) in itertools.pairwise(SCHOOL_CSR_RANGES))


@st.composite
def csr_inside(draw):
    start, end = draw(st.sampled_from(SCHOOL_CSR_RANGES))
    return draw(st.integers(min_value=start, max_value=end))


def _outside(code: int) -> bool:
    return not any(start <= code <= end for start, end in SCHOOL_CSR_RANGES)


@given(csr_inside())
def test_every_csr_code_inside_a_range_is_refused(code):
    assert e.is_school_csr_code(code)
    assert check_book(csr_code=code).code == "school_book"
    assert check_book(csr_code=str(code)).code == "school_book"


@given(st.integers(min_value=0, max_value=99_999).filter(_outside))
def test_every_csr_code_outside_the_ranges_passes(code):
    assert not e.is_school_csr_code(code)
    assert check_book(csr_code=code) is None
    assert check_book(csr_code=str(code)) is None


class TestPaperPressAndSupports:
    @pytest.mark.parametrize("vat", [Decimal("2.1"), Decimal("2.10"), "2.1", "2,10", "2.10 %", 2.1])
    def test_paper_press_is_refused(self, vat):
        reason = check_book(support_code="R", vat_rate=vat)
        assert reason.code == "paper_press"
        assert reason.message == "La presse papier n’est pas éligible au pass Culture."

    @pytest.mark.parametrize(
        ("support", "vat"),
        [("R", "5.5"), ("R", None), ("R", "garbage"), ("r", Decimal("5.50")), ("T", "2.1"), ("P", "5.5")],
    )
    def test_not_paper_press(self, support, vat):
        assert check_book(support_code=support, vat_rate=vat) is None

    @pytest.mark.parametrize("support", ["BD", "BL", "LC", "LD", "M", "P", "R", "T", "TL"])
    def test_the_titelive_book_supports_are_books(self, support):
        assert check_book(support_code=support, vat_rate="5.5") is None
        assert check_book(support_code=support.lower(), vat_rate="5.5") is None
        assert support in e.BOOK_SUPPORT_CODES

    def test_the_book_supports_are_exactly_the_nine_of_the_rule(self):
        assert {"BD", "BL", "LC", "LD", "M", "P", "R", "T", "TL"} == e.BOOK_SUPPORT_CODES

    @pytest.mark.parametrize("support", [None, "", " t "])
    def test_a_missing_support_is_not_checked(self, support):
        assert check_book(support_code=support, vat_rate="5.5") is None

    @pytest.mark.parametrize("support", ["CD", "DV", "K7", "O", "PS", "CA", "X", "B", "TLX", "MM"])
    def test_other_supports_are_not_books(self, support):
        reason = check_book(support_code=support, vat_rate="20")
        assert reason.code == "not_a_book"
        assert f"« {support} »" in reason.message
        assert_french_message(reason)

    def test_all_reasons_are_listed_most_specific_first(self):
        reasons = e.book_ineligibilities(support_code="R", vat_rate="2.1", csr_code=3000)
        assert [r.code for r in reasons] == ["paper_press", "school_book"]
        assert check_book(support_code="CD", school_flag=True).code == "not_a_book"
        assert e.book_ineligibilities() == []


class TestPrice:
    @pytest.mark.parametrize(
        ("price", "maximum", "eligible"),
        [(0, None, True), (1_000_000, None, True), (30000, 30000, True), (30001, 30000, False), (0, 0, True),
         (1, 0, False), (29999, 30000, True)],
    )  # fmt: skip
    def test_price_above_configured_maximum(self, price, maximum, eligible):
        reason = check_price(price, maximum)
        assert (reason is None) is eligible
        if not eligible:
            assert reason.code == "price_above_maximum"

    def test_message_formats_amounts_in_euros(self):
        reason = check_price(30001, 30000)
        assert reason.message == (
            "Le prix (300,01\u00a0€) dépasse le prix maximum autorisé pour cette offre (300,00\u00a0€)."
        )


class TestSubcategorySelectable:
    @pytest.mark.parametrize(
        ("subcategory_id", "by_staff", "eligible"),
        [
            ("SEANCE_CINE", False, True),
            ("SEANCE_CINE", True, True),
            ("ACTIVATION_EVENT", False, False),
            ("ACTIVATION_EVENT", True, True),
            ("BON_ACHAT_INSTRUMENT", False, False),
            ("JEU_CONCOURS", False, False),
        ],
    )
    def test_staff_only_subcategories(self, subcategory_id, by_staff, eligible):
        for subcategory in (subcategory_id, get_subcategory(subcategory_id)):
            reason = check_subcategory_selectable(subcategory, by_staff)
            assert (reason is None) is eligible
            if not eligible:
                assert reason.code == "subcategory_not_selectable"
                label = get_subcategory(subcategory_id).label
                assert reason.message == f"Le type d’offre « {label} » est réservé à l’équipe du pass Culture."


class TestAggregation:
    def test_first_ineligibility(self):
        press = check_book(support_code="R", vat_rate="2.1")
        price = check_price(2, 1)
        assert e.first_ineligibility() is None
        assert e.first_ineligibility(None, [], None) is None
        assert e.first_ineligibility(None, press, price) == press
        assert e.first_ineligibility([], [price, press]) == price

    def test_raise_if_ineligible(self):
        e.raise_if_ineligible(None, check_price(1, 2))
        with pytest.raises(IneligibleOffer) as excinfo:
            e.raise_if_ineligible(None, check_movie_showtime("DIGITAL", "IMAX"))
        assert isinstance(excinfo.value, DomainError)
        assert excinfo.value.code == "special_screening"
        assert str(excinfo.value).startswith("Les séances spéciales")

    def test_ineligibility_is_a_frozen_value(self):
        reason = Ineligibility("school_book", "Les livres scolaires ne sont pas éligibles.")
        assert reason == Ineligibility("school_book", "Les livres scolaires ne sont pas éligibles.")
        with pytest.raises(AttributeError):
            reason.code = "other"

    @pytest.mark.parametrize("name", ["Avatar 3D", "AVATAR (3d)", "Dune – IMAX", "Top Gun 4DX", "Dune en Dolby Atmos"])
    @pytest.mark.parametrize("subcategory", sorted(e.SHOWTIME_SUBCATEGORIES))
    def test_a_showtime_titled_with_a_special_format_is_refused(self, subcategory, name):
        reason = e.check_showtime_title(subcategory, name)
        assert reason.code == "special_screening"

    @pytest.mark.parametrize("name", ["Ice Age", "3 jours à Quiberon", "Imaxine", "Le 3e homme", "3Dimensions"])
    def test_a_showtime_title_that_only_looks_special_is_eligible(self, name):
        assert e.check_showtime_title("SEANCE_CINE", name) is None

    def test_only_screenings_are_checked_by_their_title(self):
        assert e.check_showtime_title("CONCERT", "IMAX Orchestra") is None
        assert e.check_showtime_title("CARTE_CINE_ILLIMITE", "Carte 3D") is None


class TestProducts:
    @pytest.mark.parametrize("code", sorted(e.PRODUCT_MESSAGES))
    def test_a_product_refused_by_an_import_gets_the_french_message_of_its_reason(self, code):
        reason = e.check_product(False, code)
        assert reason.code == code
        assert code not in reason.message
        assert_french_message(reason)

    def test_an_unknown_or_missing_reason_still_reads_as_french(self):
        for code in ["", "retired_by_publisher"]:
            reason = e.check_product(False, code)
            assert reason.message == "Ce produit n’est pas éligible au pass Culture."
        assert e.check_product(True, "school_book") is None


ONE_REFUSAL_PER_CODE = [
    check_movie_showtime("DIGITAL", "3D"),
    check_movie_showtime("DIGITAL", None, "SPECIAL_EVENT"),
    check_book(csr_code=2700),
    check_book(support_code="R", vat_rate="2.1"),
    check_book(support_code="CD"),
    check_price(2, 1),
    check_subcategory_selectable("ACTIVATION_EVENT", by_staff=False),
]


def test_every_code_is_exercised():
    assert {reason.code for reason in ONE_REFUSAL_PER_CODE} == set(e.IneligibilityCode)


@pytest.mark.parametrize("reason", ONE_REFUSAL_PER_CODE, ids=lambda reason: reason.code)
def test_every_code_has_a_french_message(reason):
    assert_french_message(reason)
    assert reason.as_error().message == reason.message
    assert reason.as_error().code == reason.code
