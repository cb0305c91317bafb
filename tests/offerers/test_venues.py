"""Venues per docs/domain/offerers.md#venues: SIRET of the structure, pre-filled from Sirene, or a comment."""

from decimal import Decimal

import pytest

from passculture.connectors.sirene.fake import (
    CLOSED_SIRET,
    CORSICA_SIREN,
    CORSICA_SIRET,
    DEMO_SECONDARY_SIRET,
    DEMO_SIREN,
    OVERSEAS_SIREN,
    OVERSEAS_SIRET,
    UNAVAILABLE_SIREN,
    UNKNOWN_SIREN,
    FakeSireneClient,
)
from passculture.core.audit import audit_trail
from passculture.core.identifiers import department_from_postal_code, format_siret
from passculture.offerers import errors, services
from passculture.offerers.models import Venue, VenueType
from tests import factories

pytestmark = pytest.mark.django_db

ADDRESS = {"street": "3 Rue des Arts", "postal_code": "35000", "city": "Rennes"}


def create(offerer, actor, **fields):
    data = {"siret": None, "name": "", "venue_type": VenueType.BOOKSTORE, **fields}
    return services.venue_create(offerer, actor, **data)


class TestCreateWithSiret:
    def test_prefilled_from_the_register(self, offerer, pro):
        siret = factories.valid_siret(offerer.siren, 7)
        info = FakeSireneClient().get_siret(siret)

        venue = create(offerer, pro, siret=siret)

        venue.refresh_from_db()
        assert venue.siret == siret
        assert venue.name == info.name
        assert (venue.street, venue.postal_code, venue.city) == (
            info.address.street,
            info.address.postal_code,
            info.address.city,
        )
        assert venue.department_code == department_from_postal_code(info.address.postal_code)
        assert venue.timezone == "Europe/Paris"
        assert venue.latitude is not None and venue.longitude is not None
        assert venue.booking_email == pro.email
        assert not venue.is_virtual
        entry = audit_trail(venue).get()
        assert (entry.action, entry.actor, entry.data) == (
            "venue.created",
            pro,
            {"siret": siret, "offerer": offerer.siren},
        )

    def test_demo_secondary_establishment_typed_with_spaces(self, pro):
        offerer = factories.OffererFactory(siren=DEMO_SIREN)
        venue = create(offerer, pro, siret=format_siret(DEMO_SECONDARY_SIRET))
        assert venue.siret == DEMO_SECONDARY_SIRET
        assert venue.name == "Librairie Démo Lyon"
        assert venue.address_line == "3 Place du Marché, 69002 Lyon"
        assert venue.department_code == "69"

    def test_what_the_pro_typed_is_kept(self, offerer, pro):
        venue = create(
            offerer,
            pro,
            siret=factories.valid_siret(offerer.siren, 8),
            name="Librairie du Centre",
            public_name="La Bouquinerie",
            booking_email="resa@bouquinerie.fr",
            latitude=Decimal("48.11198"),
            longitude=Decimal("-1.67429"),
            **ADDRESS,
        )
        venue.refresh_from_db()
        assert (venue.name, venue.public_name, venue.display_name) == (
            "Librairie du Centre",
            "La Bouquinerie",
            "La Bouquinerie",
        )
        assert (venue.street, venue.postal_code, venue.city) == ("3 Rue des Arts", "35000", "Rennes")
        assert (venue.latitude, venue.longitude) == (Decimal("48.11198"), Decimal("-1.67429"))
        assert venue.booking_email == "resa@bouquinerie.fr"
        assert venue.department_code == "35"

    def test_overseas(self, pro):
        offerer = factories.OffererFactory(siren=OVERSEAS_SIREN)
        venue = create(offerer, pro, siret=OVERSEAS_SIRET)
        assert (venue.postal_code, venue.department_code, venue.timezone) == ("97400", "974", "Indian/Reunion")

    def test_corsica(self, pro):
        offerer = factories.OffererFactory(siren=CORSICA_SIREN)
        venue = create(offerer, pro, siret=CORSICA_SIRET)
        assert (venue.city, venue.department_code, venue.timezone) == ("Ajaccio", "2A", "Europe/Paris")


class TestSiretRefused:
    def test_siret_of_another_siren(self, offerer, pro):
        other_siret = factories.valid_siret(factories.OffererFactory.build().siren, 1)
        with pytest.raises(errors.SiretNotOfSiren) as exc_info:
            create(offerer, pro, siret=other_siret, **ADDRESS)
        assert exc_info.value.code == "SIRET_NOT_OF_SIREN"
        assert exc_info.value.field == "siret"
        assert exc_info.value.message == f"Le SIRET doit commencer par le SIREN de votre structure ({offerer.siren})."

    @pytest.mark.parametrize("siret", ["1234", "12345678200011", "1234567820001A", "123456782000100"])
    def test_invalid(self, pro, siret):
        offerer = factories.OffererFactory(siren=DEMO_SIREN)
        with pytest.raises(errors.InvalidSiret) as exc_info:
            create(offerer, pro, siret=siret, **ADDRESS)
        assert exc_info.value.code == "SIRET_INVALID"
        assert "14 chiffres" in exc_info.value.message

    def test_already_used(self, offerer, pro, venue):
        with pytest.raises(errors.SiretAlreadyUsed) as exc_info:
            create(offerer, pro, siret=venue.siret)
        assert exc_info.value.code == "SIRET_ALREADY_USED"

    def test_closed(self, pro):
        offerer = factories.OffererFactory(siren=CLOSED_SIRET[:9])
        with pytest.raises(errors.ClosedSiret) as exc_info:
            create(offerer, pro, siret=CLOSED_SIRET)
        assert exc_info.value.code == "SIRET_CLOSED"
        assert exc_info.value.message.endswith("support@passculture.app.")

    def test_unknown(self, pro):
        offerer = factories.OffererFactory(siren=UNKNOWN_SIREN)
        with pytest.raises(errors.UnknownSiret) as exc_info:
            create(offerer, pro, siret=factories.valid_siret(UNKNOWN_SIREN, 1))
        assert exc_info.value.code == "SIRET_UNKNOWN"

    def test_register_unavailable(self, pro):
        offerer = factories.OffererFactory(siren=UNAVAILABLE_SIREN)
        with pytest.raises(errors.SireneUnavailable) as exc_info:
            create(offerer, pro, siret=factories.valid_siret(UNAVAILABLE_SIREN, 1))
        assert exc_info.value.code == "SIRENE_UNAVAILABLE"
        assert "réessayez" in exc_info.value.message

    def test_nothing_is_created(self, offerer, pro):
        count = Venue.objects.count()
        with pytest.raises(errors.SiretNotOfSiren):
            create(offerer, pro, siret=factories.valid_siret(DEMO_SIREN, 1), **ADDRESS)
        assert Venue.objects.count() == count
        assert not audit_trail(offerer).exists()


class TestCreateWithoutSiret:
    @pytest.mark.parametrize("comment", ["", "   "])
    def test_comment_required(self, offerer, pro, comment):
        with pytest.raises(errors.NoSiretCommentRequired) as exc_info:
            create(offerer, pro, name="Salle des fêtes", no_siret_comment=comment, **ADDRESS)
        assert exc_info.value.code == "NO_SIRET_COMMENT_REQUIRED"
        assert exc_info.value.field == "no_siret_comment"

    def test_with_a_comment_and_an_address(self, offerer, pro):
        venue = create(offerer, pro, name="Salle des fêtes", no_siret_comment="Lieu prêté par la mairie", **ADDRESS)
        venue.refresh_from_db()
        assert venue.siret is None
        assert venue.no_siret_comment == "Lieu prêté par la mairie"
        assert venue.department_code == "35"
        assert venue.latitude is not None

    @pytest.mark.parametrize("missing", ["street", "postal_code", "city"])
    def test_full_address_required(self, offerer, pro, missing):
        address = {**ADDRESS, missing: " " if missing != "postal_code" else ""}
        with pytest.raises(errors.AddressRequired) as exc_info:
            create(offerer, pro, name="Salle", no_siret_comment="Prêté", **address)
        assert exc_info.value.code == "ADDRESS_REQUIRED"

    @pytest.mark.parametrize("postal_code", ["3500", "ABCDE", "350000"])
    def test_invalid_postal_code(self, offerer, pro, postal_code):
        with pytest.raises(errors.InvalidPostalCode) as exc_info:
            create(offerer, pro, name="Salle", no_siret_comment="Prêté", **{**ADDRESS, "postal_code": postal_code})
        assert exc_info.value.code == "POSTAL_CODE_INVALID"

    @pytest.mark.parametrize(
        ("postal_code", "city", "department", "tz_name"),
        [
            ("97411", "Saint-Paul", "974", "Indian/Reunion"),
            ("97200", "Fort-de-France", "972", "America/Martinique"),
            ("97300", "Cayenne", "973", "America/Cayenne"),
            ("20000", "Ajaccio", "2A", "Europe/Paris"),
            ("20200", "Bastia", "2B", "Europe/Paris"),
            ("75002", "Paris", "75", "Europe/Paris"),
        ],
    )
    def test_department_and_time_zone(self, offerer, pro, postal_code, city, department, tz_name):
        venue = create(
            offerer,
            pro,
            name="Salle",
            no_siret_comment="Prêté",
            street="1 Place de la Mairie",
            postal_code=postal_code,
            city=city,
        )
        assert (venue.department_code, venue.timezone) == (department, tz_name)

    def test_geocoder_down_leaves_coordinates_empty(self, offerer, pro):
        venue = create(
            offerer, pro, name="Salle", no_siret_comment="Prêté", **{**ADDRESS, "street": "1 Rue Indisponible"}
        )
        assert venue.pk is not None
        assert venue.latitude is None and venue.longitude is None


class TestUpdate:
    def test_siret_is_immutable(self, venue, pro):
        other = factories.valid_siret(venue.offerer.siren, 99)
        with pytest.raises(errors.SiretImmutable) as exc_info:
            services.venue_update(venue.pk, pro, siret=other)
        assert exc_info.value.code == "SIRET_IMMUTABLE"
        venue.refresh_from_db()
        assert venue.siret != other

    def test_same_siret_typed_again_is_fine(self, venue, pro):
        updated = services.venue_update(venue.pk, pro, siret=format_siret(venue.siret), public_name="Le Rex")
        assert updated.siret == venue.siret
        assert updated.public_name == "Le Rex"

    def test_adding_a_siret_to_a_venue_without(self, offerer, pro):
        venue = create(offerer, pro, name="Salle", no_siret_comment="En cours d'immatriculation", **ADDRESS)
        siret = factories.valid_siret(offerer.siren, 12)

        services.venue_update(venue.pk, pro, siret=siret)

        venue.refresh_from_db()
        assert venue.siret == siret
        assert venue.no_siret_comment == ""
        assert audit_trail(venue).filter(action="venue.updated").get().data["siret"] == {
            "before": "None",
            "after": siret,
        }

    def test_adding_a_siret_is_checked_like_at_creation(self, offerer, pro):
        venue = create(offerer, pro, name="Salle", no_siret_comment="Prêté", **ADDRESS)
        with pytest.raises(errors.SiretNotOfSiren):
            services.venue_update(venue.pk, pro, siret=factories.valid_siret(DEMO_SIREN, 1))
        venue.refresh_from_db()
        assert venue.siret is None

    def test_removing_the_comment_of_a_venue_without_siret(self, offerer, pro):
        venue = create(offerer, pro, name="Salle", no_siret_comment="Prêté", **ADDRESS)
        with pytest.raises(errors.NoSiretCommentRequired):
            services.venue_update(venue.pk, pro, no_siret_comment=" ")

    def test_digital_venue_is_not_editable(self, offerer, pro):
        digital = offerer.venues.get(is_virtual=True)
        with pytest.raises(errors.DigitalVenueNotEditable) as exc_info:
            services.venue_update(digital.pk, pro, street="1 Rue de Rivoli", postal_code="75001", city="Paris")
        assert exc_info.value.code == "DIGITAL_VENUE_NOT_EDITABLE"

    def test_audit_lists_the_changes(self, venue, pro):
        services.venue_update(venue.pk, pro, public_name="Le Grand Rex", motor_disability_compliant=True)

        entry = audit_trail(venue).get()
        assert (entry.action, entry.actor) == ("venue.updated", pro)
        assert entry.data == {
            "public_name": {"before": "", "after": "Le Grand Rex"},
            "motor_disability_compliant": {"before": "False", "after": "True"},
        }

    def test_an_edit_that_changes_nothing_writes_nothing(self, venue, pro):
        services.venue_update(venue.pk, pro, name=venue.name, public_name=venue.public_name)
        assert not audit_trail(venue).exists()

    def test_moving_recomputes_department_time_zone_and_coordinates(self, venue, pro):
        services.venue_update(venue.pk, pro, street="5 Rue de Paris", postal_code="97411", city="Saint-Paul")
        venue.refresh_from_db()
        assert (venue.department_code, venue.timezone) == ("974", "Indian/Reunion")
        assert venue.latitude is not None
        assert venue.latitude < 0  # southern hemisphere

    def test_coordinates_entered_by_hand_are_kept(self, venue, pro):
        services.venue_update(venue.pk, pro, latitude=Decimal("48.86000"), longitude=Decimal("2.34000"))
        venue.refresh_from_db()
        assert (venue.latitude, venue.longitude) == (Decimal("48.86000"), Decimal("2.34000"))
