"""Offer types are reference data: every subcategory's flags are coherent (docs/domain/offers.md#flags). No database."""

import re

import pytest

from passculture.offers import categories as c
from passculture.offers.categories import (
    CATEGORIES,
    SUBCATEGORIES,
    Cap,
    ExtraField,
    OnlineOffline,
    ReimbursementFamily,
    UnknownSubcategory,
)

ALL = pytest.mark.parametrize("sub", SUBCATEGORIES, ids=lambda s: s.id)

# Digital offers that stay reimbursed (docs/domain/finance.md#scale): tickets and passes of real venues sold
# remotely. Digital books are the other exception (family BOOK).
REIMBURSED_REMOTE_SALES = {
    "CINE_VENTE_DISTANCE",
    "SPECTACLE_VENTE_DISTANCE",
    "MUSEE_VENTE_DISTANCE",
    "PRATIQUE_ART_VENTE_DISTANCE",
}

# Each kind docs/domain/offers.md#types covers → subcategories that cover it.
DOMAIN_KINDS = {
    "cinéma (séance)": ["SEANCE_CINE"],
    "cinéma (carte/abonnement)": ["CARTE_CINE_ILLIMITE", "CARTE_CINE_MULTISEANCES"],
    "cinéma (événement)": ["EVENEMENT_CINE", "CINE_PLEIN_AIR"],
    "concerts & festivals": ["CONCERT", "FESTIVAL_MUSIQUE", "EVENEMENT_MUSIQUE", "ABO_CONCERT"],
    "spectacle vivant": ["SPECTACLE_REPRESENTATION", "FESTIVAL_SPECTACLE", "ABO_SPECTACLE", "SPECTACLE_VENTE_DISTANCE"],
    "musées & patrimoine": ["VISITE", "VISITE_GUIDEE", "EVENEMENT_PATRIMOINE", "VISITE_VIRTUELLE", "CARTE_MUSEE"],
    "conférences & rencontres": ["CONFERENCE", "RENCONTRE", "RENCONTRE_EN_LIGNE", "SALON", "FESTIVAL_LIVRE"],
    "pratique artistique": [
        "ATELIER_PRATIQUE_ART",
        "SEANCE_ESSAI_PRATIQUE_ART",
        "ABO_PRATIQUE_ART",
        "LIVESTREAM_PRATIQUE_ARTISTIQUE",
        "PRATIQUE_ART_VENTE_DISTANCE",
    ],
    "livres papier": ["LIVRE_PAPIER"],
    "livres numériques": ["LIVRE_NUMERIQUE", "ABO_LIVRE_NUMERIQUE"],
    "livres audio": ["LIVRE_AUDIO_PHYSIQUE", "TELECHARGEMENT_LIVRE_AUDIO"],
    "musique physique (CD, vinyle)": ["SUPPORT_PHYSIQUE_MUSIQUE_CD", "SUPPORT_PHYSIQUE_MUSIQUE_VINYLE"],
    "musique numérique": ["TELECHARGEMENT_MUSIQUE", "ABO_PLATEFORME_MUSIQUE", "CAPTATION_MUSIQUE"],
    "films (physique, VOD)": ["SUPPORT_PHYSIQUE_FILM", "VOD", "ABO_PLATEFORME_VIDEO"],
    "presse": ["ABO_PRESSE_EN_LIGNE", "APP_CULTURELLE", "PODCAST"],
    "jeux vidéo": ["JEU_SUPPORT_PHYSIQUE", "ABO_JEU_VIDEO", "ABO_LUDOTHEQUE", "JEU_EN_LIGNE"],
    "instruments (vente, location)": ["ACHAT_INSTRUMENT", "LOCATION_INSTRUMENT", "PARTITION", "BON_ACHAT_INSTRUMENT"],
    "beaux-arts": ["MATERIEL_ART_CREATIF"],
}

FRENCH_LETTERS = re.compile(r"[A-Za-zÀ-ÿŒœ]")


class TestCoherenceOfEverySubcategory:
    @ALL
    def test_online_only_is_never_duo_nor_expiring(self, sub):
        if sub.is_online_only:
            assert not sub.can_be_duo
            assert not sub.can_expire

    @ALL
    def test_event_never_expires_and_counts_only_toward_the_total(self, sub):
        if sub.is_event:
            assert not sub.can_expire
            assert sub.cap == Cap.NONE
            assert sub.cap_for(is_digital=True) == sub.cap_for(is_digital=False) == Cap.NONE

    @ALL
    def test_duo_only_for_offline_events(self, sub):
        if sub.can_be_duo:
            assert sub.is_event
            assert sub.can_be_offline

    @ALL
    def test_book_family_requires_an_ean(self, sub):
        if sub.reimbursement_family == ReimbursementFamily.BOOK:
            assert ExtraField.EAN in sub.required_fields

    @ALL
    def test_physical_thing_counts_toward_the_physical_cap_and_expires(self, sub):
        if sub.is_thing and sub.can_be_offline:
            assert sub.cap == Cap.PHYSICAL
            assert sub.cap_for(is_digital=False) == Cap.PHYSICAL
            assert sub.can_expire
            assert sub.expires(is_digital=False)

    @ALL
    def test_digital_thing_counts_toward_the_digital_cap(self, sub):
        if sub.is_digital_thing:
            assert sub.cap == Cap.DIGITAL
            assert sub.online_offline == OnlineOffline.ONLINE
        if sub.is_thing and sub.can_be_online:
            assert sub.cap_for(is_digital=True) == Cap.DIGITAL
            assert not sub.expires(is_digital=True)

    @ALL
    def test_digital_offers_are_not_reimbursed_except_books_and_remote_sales(self, sub):
        if sub.is_online_only:
            expected = (
                ReimbursementFamily.STANDARD
                if sub.id in REIMBURSED_REMOTE_SALES
                else ReimbursementFamily.NOT_REIMBURSED
            )
            assert sub.reimbursement_family in {ReimbursementFamily.BOOK, expected}
        else:
            assert sub.reimbursement_family != ReimbursementFamily.NOT_REIMBURSED

    @ALL
    def test_id_is_upper_snake_and_category_exists(self, sub):
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", sub.id)
        assert sub.category_id in c.CATEGORIES_BY_ID

    @ALL
    def test_required_and_optional_fields_are_disjoint_and_typed(self, sub):
        assert not sub.required_fields & sub.optional_fields
        assert all(isinstance(field, ExtraField) for field in sub.fields)
        assert isinstance(sub.required_fields, frozenset)
        assert isinstance(sub.optional_fields, frozenset)

    @ALL
    def test_sub_types_come_with_their_type(self, sub):
        if ExtraField.SHOW_SUB_TYPE in sub.fields:
            assert ExtraField.SHOW_TYPE in sub.fields
        if ExtraField.MUSIC_SUB_TYPE in sub.fields:
            assert ExtraField.MUSIC_TYPE in sub.fields

    @ALL
    def test_labels_are_french_and_not_empty(self, sub):
        for label in (sub.label, sub.app_label):
            assert label.strip() == label
            assert FRENCH_LETTERS.search(label)
        assert all(keyword == keyword.strip().lower() and keyword for keyword in sub.keywords)

    @ALL
    def test_flags_have_the_declared_types(self, sub):
        assert isinstance(sub.online_offline, OnlineOffline)
        assert isinstance(sub.cap, Cap)
        assert isinstance(sub.reimbursement_family, ReimbursementFamily)
        assert isinstance(sub.keywords, tuple)


class TestCatalogueAsAWhole:
    def test_version(self):
        assert c.CATALOGUE_VERSION == "2026-11"

    def test_subcategory_ids_are_unique(self):
        ids = [s.id for s in SUBCATEGORIES]
        assert len(ids) == len(set(ids))

    def test_category_ids_are_unique_and_labelled(self):
        ids = [cat.id for cat in CATEGORIES]
        assert len(ids) == len(set(ids))
        assert all(FRENCH_LETTERS.search(cat.label) for cat in CATEGORIES)

    @pytest.mark.parametrize("category", CATEGORIES, ids=lambda cat: cat.id)
    def test_every_category_has_a_subcategory(self, category):
        assert c.subcategories_of(category.id, for_pro=False)

    @pytest.mark.parametrize(("kind", "ids"), DOMAIN_KINDS.items(), ids=list(DOMAIN_KINDS))
    def test_each_domain_kind_is_covered(self, kind, ids):
        assert ids
        for subcategory_id in ids:
            assert subcategory_id in c.SUBCATEGORIES_BY_ID, f"{kind}: {subcategory_id}"

    def test_staff_only_subcategories(self):
        staff_only = {s.id for s in SUBCATEGORIES if not s.is_selectable}
        assert {"ACTIVATION_EVENT", "JEU_CONCOURS", "BON_ACHAT_INSTRUMENT"} <= staff_only

    @pytest.mark.parametrize(
        "subcategory_id",
        [
            "SEANCE_CINE",
            "CONCERT",
            "FESTIVAL_MUSIQUE",
            "SPECTACLE_REPRESENTATION",
            "FESTIVAL_SPECTACLE",
            "VISITE",
            "VISITE_GUIDEE",
            "CONFERENCE",
            "ATELIER_PRATIQUE_ART",
        ],
    )
    def test_guide_duo_offers(self, subcategory_id):
        """The guide: "places de spectacles, de concerts, de cinéma, des visites" → option Duo."""
        assert c.get_subcategory(subcategory_id).can_be_duo

    def test_paper_book(self):
        book = c.get_subcategory("LIVRE_PAPIER")
        assert book.is_thing and book.is_offline_only and book.can_expire and book.is_book
        assert book.cap == Cap.PHYSICAL
        assert book.required_fields == {ExtraField.EAN}
        assert book.is_physical_thing and not book.is_digital_thing

    def test_digital_book(self):
        ebook = c.get_subcategory("LIVRE_NUMERIQUE")
        assert ebook.is_digital_thing and ebook.is_online_only and not ebook.can_be_offline
        assert ebook.cap == Cap.DIGITAL
        assert ebook.reimbursement_family == ReimbursementFamily.BOOK
        assert ebook.is_reimbursed

    @pytest.mark.parametrize("subcategory_id", ["VOD", "ABO_PLATEFORME_VIDEO", "CAPTATION_MUSIQUE"])
    def test_not_reimbursed_digital_offers(self, subcategory_id):
        sub = c.get_subcategory(subcategory_id)
        assert sub.is_online_only
        assert not sub.is_reimbursed

    @pytest.mark.parametrize("subcategory_id", ["SUPPORT_PHYSIQUE_MUSIQUE_CD", "SUPPORT_PHYSIQUE_MUSIQUE_VINYLE"])
    def test_records_require_an_ean(self, subcategory_id):
        assert ExtraField.EAN in c.get_subcategory(subcategory_id).required_fields

    def test_online_or_offline_thing_takes_the_cap_of_its_form(self):
        card = c.get_subcategory("CARTE_MUSEE")
        assert card.can_be_online and card.can_be_offline
        assert not card.is_online_only and not card.is_offline_only
        assert card.cap_for(is_digital=False) == Cap.PHYSICAL
        assert card.cap_for(is_digital=True) == Cap.DIGITAL
        assert card.expires(is_digital=False) and not card.expires(is_digital=True)


class TestLookups:
    def test_get_subcategory(self):
        assert c.get_subcategory("CONCERT").category.id == "MUSIQUE_LIVE"

    def test_unknown_subcategory_is_a_key_error_with_a_french_message(self):
        with pytest.raises(KeyError):
            c.get_subcategory("NOPE")
        with pytest.raises(UnknownSubcategory) as excinfo:
            c.get_subcategory("NOPE")
        assert excinfo.value.code == "UNKNOWN_SUBCATEGORY"
        assert str(excinfo.value) == "Le type d’offre « NOPE » n’existe pas."

    def test_unknown_category(self):
        with pytest.raises(c.UnknownCategory):
            c.subcategories_of("NOPE")

    def test_subcategories_of_hides_staff_only_from_pros(self):
        for_pro = {s.id for s in c.subcategories_of("INSTRUMENT")}
        for_staff = {s.id for s in c.subcategories_of("INSTRUMENT", for_pro=False)}
        assert "BON_ACHAT_INSTRUMENT" not in for_pro
        assert for_staff == for_pro | {"BON_ACHAT_INSTRUMENT"}

    def test_selectable_categories_exclude_staff_only_categories(self):
        ids = [cat.id for cat in c.selectable_categories()]
        assert "TECHNIQUE" not in ids
        assert {"CINEMA", "LIVRE", "SPECTACLE", "MUSIQUE_LIVE", "MUSEE"} <= set(ids)

    def test_category_choices_are_sorted_by_label_ignoring_accents(self):
        labels = [label for _, label in c.category_choices()]
        assert labels == sorted(labels, key=c._sort_key)
        assert labels.index("Cinéma") < labels.index("Conférences, rencontres")
        assert "Technique" not in labels
        assert "Technique" in [label for _, label in c.category_choices(for_pro=False)]

    def test_subcategory_choices(self):
        cinema = dict(c.subcategory_choices("CINEMA"))
        assert cinema["SEANCE_CINE"] == "Séance de cinéma"
        everything = dict(c.subcategory_choices())
        assert "ACTIVATION_EVENT" not in everything
        assert "ACTIVATION_EVENT" in dict(c.subcategory_choices(for_pro=False))
        assert len(everything) == sum(1 for s in SUBCATEGORIES if s.is_selectable)

    def test_grouped_choices(self):
        groups = dict(c.grouped_subcategory_choices())
        assert ("LIVRE_PAPIER", "Livre papier") in groups["Livre"]
        assert "Technique" not in groups

    def test_enum_labels_and_choices(self):
        assert OnlineOffline.ONLINE == "ONLINE"
        assert OnlineOffline.ONLINE.label == "En ligne"
        assert ("BOOK", "Barème livre") in ReimbursementFamily.choices()
        assert ExtraField.STAGE_DIRECTOR.field_name == "stage_director"
        assert all(member.label for enum in (OnlineOffline, ReimbursementFamily, Cap, ExtraField) for member in enum)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("théâtre", "SPECTACLE_REPRESENTATION"),
            ("THEATRE", "SPECTACLE_REPRESENTATION"),
            ("vinyle", "SUPPORT_PHYSIQUE_MUSIQUE_VINYLE"),
            ("ebook", "LIVRE_NUMERIQUE"),
        ],
    )
    def test_search_by_keyword(self, text, expected):
        assert expected in {s.id for s in c.search_subcategories(text)}

    def test_search_ignores_blank_and_hides_staff_only_for_pros(self):
        assert c.search_subcategories("  ") == ()
        assert "JEU_CONCOURS" not in {s.id for s in c.search_subcategories("concours", for_pro=True)}
        assert "JEU_CONCOURS" in {s.id for s in c.search_subcategories("concours")}


class TestShowAndMusicTypes:
    @pytest.mark.parametrize("types", [c.SHOW_TYPES, c.MUSIC_TYPES], ids=["show", "music"])
    def test_codes_unique_and_each_type_has_an_other_sub_type(self, types):
        codes = [t.code for t in types]
        sub_codes = [code for t in types for code, _ in t.sub_types]
        assert len(codes) == len(set(codes))
        assert len(sub_codes) == len(set(sub_codes))
        for option in types:
            assert option.label
            assert f"{option.code}_AUTRE" in dict(option.sub_types)
            assert all(code.startswith(f"{option.code}_") and label for code, label in option.sub_types)

    def test_choices(self):
        assert ("THEATRE", "Théâtre") in c.show_type_choices()
        assert ("DANSE_HIP_HOP", "Hip-hop") in c.show_sub_type_choices("DANSE")
        assert ("JAZZ_BLUES", "Jazz, blues") in c.music_type_choices()
        assert ("ROCK_METAL", "Metal") in c.music_sub_type_choices("ROCK")
        assert c.show_sub_type_choices("NOPE") == []
        assert c.music_sub_type_choices("NOPE") == []
