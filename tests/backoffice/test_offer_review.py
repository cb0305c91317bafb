"""Staff review of the offers that publication sent to manual review, and the review rules (data)."""

import datetime
from urllib.parse import quote

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passculture.bookings.services import booking_create
from passculture.core.audit import log_action
from passculture.core.models import AuditLogEntry
from passculture.offerers.models import OffererStatus
from passculture.offers import services
from passculture.offers.models import OfferValidation, OfferValidationRule, Stock
from tests import factories
from tests.html import element, visible_text

QUEUE = reverse("backoffice:offer-queue")
RULES = reverse("backoffice:offer-rules")
EAN = "9782070612758"


def detail(offer):
    return reverse("backoffice:offer-detail", args=[offer.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def pending_offer(venue):
    return factories.BookFactory(venue=venue, pending_review=True, with_stock=True)


@pytest.fixture
def rule(db):
    return OfferValidationRule.objects.create(name="Prix élevé", kind="PRICE_ABOVE", parameters={"cents": 10000})


@pytest.fixture
def no_seeded_rules(db):
    """The migration seeds three active rules (one flags every first offer): start from none."""
    OfferValidationRule.objects.update(is_active=False)


# --- Access ----------------------------------------------------------------------------------------------

PAGES = [
    ("backoffice:offer-queue", None),
    ("backoffice:offer-detail", "offer"),
    ("backoffice:offer-rules", None),
    ("backoffice:offer-rule-create", "kind"),
    ("backoffice:offer-rule-edit", "rule"),
]
ACTIONS = [
    ("backoffice:offer-approve", "offer"),
    ("backoffice:offer-reject", "offer"),
    ("backoffice:offer-rule-toggle", "rule"),
]


@pytest.fixture
def objects(pending_offer, rule):
    return {"offer": pending_offer, "rule": rule, "kind": "PRICE_ABOVE"}


def _url(name, kind, objects):
    if kind is None:
        return reverse(name)
    value = objects[kind]
    return reverse(name, args=[value if isinstance(value, str) else value.pk])


def _assert_nothing_changed(objects):
    objects["offer"].refresh_from_db()
    objects["rule"].refresh_from_db()
    assert objects["offer"].validation == OfferValidation.PENDING
    assert objects["rule"].is_active
    assert not AuditLogEntry.objects.filter(action__startswith="offer").exists()


class TestAccess:
    @pytest.mark.parametrize(("name", "kind"), PAGES + ACTIONS)
    def test_anonymous_is_sent_to_login(self, client, objects, name, kind):
        url = _url(name, kind, objects)
        response = client.post(url) if (name, kind) in ACTIONS else client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={quote(url)}"
        _assert_nothing_changed(objects)

    @pytest.mark.parametrize(("name", "kind"), PAGES + ACTIONS)
    def test_pro_gets_404(self, pro_client, objects, name, kind):
        url = _url(name, kind, objects)
        data = {"reject-reason": "x", "active": "0", "name": "x", "amount": "1"}
        assert pro_client.get(url).status_code == 404
        assert pro_client.post(url, data).status_code == 404
        _assert_nothing_changed(objects)
        assert OfferValidationRule.objects.filter(name="x").count() == 0

    @pytest.mark.parametrize(("name", "kind"), PAGES)
    def test_staff_sees_every_page(self, staff_client, objects, name, kind):
        response = staff_client.get(_url(name, kind, objects))
        assert response.status_code == 200
        assert "Back office" in response.text
        assert QUEUE in response.text  # in the navigation

    @pytest.mark.parametrize(("name", "kind"), ACTIONS)
    def test_actions_refuse_get(self, staff_client, objects, name, kind):
        assert staff_client.get(_url(name, kind, objects)).status_code == 405

    def test_unknown_objects_are_404(self, staff_client, db):
        assert staff_client.get(reverse("backoffice:offer-detail", args=[999999])).status_code == 404
        assert staff_client.post(reverse("backoffice:offer-approve", args=[999999])).status_code == 404
        assert staff_client.post(reverse("backoffice:offer-reject", args=[999999])).status_code == 404
        assert staff_client.get(reverse("backoffice:offer-rule-edit", args=[999999])).status_code == 404
        assert staff_client.post(reverse("backoffice:offer-rule-toggle", args=[999999])).status_code == 404
        assert staff_client.get(reverse("backoffice:offer-rule-create", args=["UNKNOWN"])).status_code == 404

    def test_navigation_and_dashboard_lead_here(self, staff_client, pending_offer):
        factories.BookFactory(venue=pending_offer.venue, name="Deuxième", pending_review=True, with_stock=True)
        factories.BookFactory(venue=pending_offer.venue, name="Validée", with_stock=True)
        response = staff_client.get(reverse("backoffice:home"))
        assert 'id="offers-total">2<' in response.text
        assert "Offres à valider" in response.text
        assert RULES in response.text
        assert reverse("backoffice:parameters") in response.text


# --- The queue -------------------------------------------------------------------------------------------


def _published(offer, days_ago):
    entry = log_action(None, "offer.published", offer, {"validation": "PENDING", "rules": []})
    AuditLogEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


class TestQueue:
    def test_lists_pending_offers_only_with_their_facts(self, staff_client, venue, pending_offer):
        factories.BookFactory(venue=venue, name="Brouillon", draft=True, with_stock=True)
        factories.BookFactory(venue=venue, name="Déjà validée", with_stock=True)
        factories.BookFactory(venue=venue, name="Refusée", validation=OfferValidation.REJECTED, with_stock=True)
        Stock.objects.create(offer=pending_offer, price_cents=4990, quantity=None)
        Stock.objects.create(offer=pending_offer, price_cents=99900, is_soft_deleted=True)  # ignored
        _published(pending_offer, days_ago=3)

        response = staff_client.get(QUEUE)

        assert response.status_code == 200
        text = response.text
        assert "1 offre à valider" in text
        assert "Le Petit Prince" in text
        assert detail(pending_offer) in text
        assert "Livre papier" in text  # the subcategory's label
        assert "Livre" in text  # its category
        assert venue.offerer.name in text
        assert reverse("backoffice:offerer-detail", args=[venue.offerer.pk]) in text
        assert venue.display_name in text
        assert "49,90\xa0€" in text  # the highest live price
        assert "3 jours" in text
        for hidden in ("Brouillon", "Déjà validée", "Refusée"):
            assert hidden not in text

    def test_oldest_submission_first(self, staff_client, venue):
        recent = factories.BookFactory(venue=venue, name="Publiée hier", pending_review=True, with_stock=True)
        old = factories.BookFactory(
            venue=venue, name="Publiée il y a dix jours", pending_review=True, with_stock=True
        )  # created later, published earlier
        _published(recent, days_ago=1)
        _published(old, days_ago=10)
        text = staff_client.get(QUEUE).text
        assert text.index("Publiée il y a dix jours") < text.index("Publiée hier")

    def test_free_offer_and_unvalidated_structure(self, staff_client, db):
        offerer = factories.OffererFactory(status=OffererStatus.NEW, name="Nouvelle structure")
        factories.BookFactory(
            venue=factories.VenueFactory(offerer=offerer), pending_review=True, with_stock=True, stock__price_cents=0
        )
        text = staff_client.get(QUEUE).text
        assert "Gratuit" in text
        assert "Nouvelle" in text  # the structure's status badge

    def test_filter_by_category(self, staff_client, venue, pending_offer):
        factories.EventOfferFactory(
            venue=venue,
            name="Concert de jazz",
            extra_data={"music_type": "JAZZ_BLUES"},
            pending_review=True,
            with_stock=True,
        )
        response = staff_client.get(QUEUE, {"categorie": "MUSIQUE_LIVE"})
        assert "Concert de jazz" in response.text
        assert "Le Petit Prince" not in response.text
        assert "1 offre à valider (filtrées)" in response.text

    def test_filter_by_structure_name(self, staff_client, pending_offer):
        other = factories.VenueFactory(offerer=factories.OffererFactory(name="Théâtre du Soleil"))
        factories.BookFactory(venue=other, name="Hamlet", pending_review=True, with_stock=True)
        response = staff_client.get(QUEUE, {"structure": "soleil"})
        assert "Hamlet" in response.text
        assert "Le Petit Prince" not in response.text

    def test_nothing_matches(self, staff_client, pending_offer):
        response = staff_client.get(QUEUE, {"structure": "inconnue"})
        assert "Aucune offre à valider ne correspond à ces filtres." in response.text

    def test_empty_queue(self, staff_client, db):
        assert "Aucune offre n'attend de validation." in staff_client.get(QUEUE).text

    def test_unknown_category_filter_shows_everything(self, staff_client, pending_offer):
        response = staff_client.get(QUEUE, {"categorie": "NOPE"})
        assert response.status_code == 200
        assert "Le Petit Prince" in response.text

    def test_paginates_by_25_and_keeps_the_filters(self, staff_client, venue):
        for n in range(30):
            factories.BookFactory(venue=venue, name=f"Offre {n}", pending_review=True, with_stock=True)
        first = staff_client.get(QUEUE, {"structure": venue.offerer.name})
        assert len(first.context["rows"]) == 25
        assert "page=2" in first.text
        assert "structure=" in first.text
        second = staff_client.get(QUEUE, {"structure": venue.offerer.name, "page": 2})
        assert len(second.context["rows"]) == 5

    def test_query_count_does_not_grow_with_the_queue(self, staff_client, db):
        def add(n):
            for _ in range(n):
                offer = factories.BookFactory(venue=factories.VenueFactory(), pending_review=True, with_stock=True)
                Stock.objects.create(offer=offer, price_cents=2000)
                _published(offer, days_ago=1)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert staff_client.get(QUEUE).status_code == 200
            return len(captured)

        add(2)
        few = queries()
        add(20)
        many = queries()
        assert few == many
        assert many <= 6


# --- The review page -------------------------------------------------------------------------------------


class TestDetail:
    def test_shows_the_offer_its_stocks_and_its_structure(self, staff_client, db):
        offerer = factories.OffererFactory(status=OffererStatus.NEW, name="Cinéma de Cayenne")
        venue = factories.VenueFactory(offerer=offerer, timezone="America/Cayenne", department_code="973")
        offer = factories.EventOfferFactory(
            venue=venue,
            name="Festival de jazz",
            extra_data={"music_type": "JAZZ_BLUES", "performer": "Trio Caraïbe"},
            description="Trois soirs de concerts.",
            is_duo=True,
            pending_review=True,
        )
        Stock.objects.create(
            offer=offer,
            price_cents=2500,
            quantity=100,
            booked_quantity=4,
            beginning_datetime=datetime.datetime(2030, 7, 14, 23, 30, tzinfo=datetime.UTC),
            booking_limit_datetime=datetime.datetime(2030, 7, 14, 20, 0, tzinfo=datetime.UTC),
        )

        response = staff_client.get(detail(offer))

        text = response.text
        assert response.status_code == 200
        assert "Festival de jazz" in text
        assert "Concert" in text and "Musique live" in text
        assert "Trois soirs de concerts." in text
        assert "Jazz, blues" in text  # the music type by its name, not its code
        assert "Interprète" in text and "Trio Caraïbe" in text
        assert "14/07/2030 à 20:30" in text  # in Cayenne (UTC−3), not in Paris
        assert "14/07/2030 à 17:00" in text
        assert "25,00\xa0€" in text
        assert "96" in text  # remaining places
        assert "Cinéma de Cayenne" in text
        assert "Nouvelle" in text  # the structure's status
        assert "reste invisible des jeunes jusqu'à la validation de la structure" in text
        assert "En instruction" in text

    def test_explains_why_the_offer_is_pending(self, staff_client, pro, venue, no_seeded_rules):
        OfferValidationRule.objects.create(name="Prix élevé", kind="PRICE_ABOVE", parameters={"cents": 5000})
        OfferValidationRule.objects.create(
            name="Mots-clés à vérifier", kind="NAME_KEYWORD", parameters={"keywords": ["manuel"]}
        )
        offer = services.offer_create(
            venue, pro, subcategory_id="LIVRE_PAPIER", extra_data={"ean": EAN}, name="Manuel de physique"
        )
        services.stock_create(offer, pro, price_cents=6000)
        offer = services.offer_publish(offer.pk, pro)
        assert offer.validation == OfferValidation.PENDING

        response = staff_client.get(detail(offer))

        at_publication = response.text.split('id="rules-at-publication"')[1].split("</ul>")[0]
        assert "Prix élevé (prix élevé)" in at_publication
        assert "Mots-clés à vérifier (mots-clés : manuel)" in at_publication
        today = response.text.split('id="rules-today"')[1].split("</ul>")[0]
        assert "Prix élevé" in today and "Mots-clés à vérifier" in today
        # The audit trail of the offer is on the page.
        assert "offer.published" in response.text
        assert "offer.created" in response.text

    def test_an_offer_no_rule_flagged(self, staff_client, pro, venue, no_seeded_rules):
        offer = services.offer_create(venue, pro, subcategory_id="LIVRE_PAPIER", extra_data={"ean": EAN}, name="Roman")
        services.stock_create(offer, pro, price_cents=1000)
        offer = services.offer_publish(offer.pk, pro)
        text = staff_client.get(detail(offer)).text
        assert "Aucune : l'offre a été validée automatiquement." in text
        assert "Aucune règle ne la signalerait." in text

    def test_pending_offer_can_be_approved_or_rejected(self, staff_client, pending_offer):
        text = staff_client.get(detail(pending_offer)).text
        assert reverse("backoffice:offer-approve", args=[pending_offer.pk]) in text
        assert reverse("backoffice:offer-reject", args=[pending_offer.pk]) in text
        assert "Refuser désactive l'offre, annule ses réservations et prévient la structure par email." in visible_text(
            text
        )
        assert text.count('name="csrfmiddlewaretoken"') >= 2

    def test_approved_offer_can_still_be_rejected(self, staff_client, venue):
        offer = factories.BookFactory(venue=venue, with_stock=True)
        text = staff_client.get(detail(offer)).text
        assert reverse("backoffice:offer-approve", args=[offer.pk]) not in text
        assert reverse("backoffice:offer-reject", args=[offer.pk]) in text

    def test_rejected_offer_shows_its_reason_and_no_action(self, staff_client, venue):
        offer = factories.BookFactory(
            venue=venue, rejection_reason="Manuel scolaire", validation=OfferValidation.REJECTED, with_stock=True
        )
        text = staff_client.get(detail(offer)).text
        assert "Manuel scolaire" in text
        assert reverse("backoffice:offer-approve", args=[offer.pk]) not in text
        assert reverse("backoffice:offer-reject", args=[offer.pk]) not in text


# --- Decisions -------------------------------------------------------------------------------------------


def approve(client, offer, callbacks):
    with callbacks(execute=True):
        return client.post(reverse("backoffice:offer-approve", args=[offer.pk]), follow=True)


def reject(client, offer, callbacks, reason="Les manuels scolaires ne sont pas éligibles."):
    with callbacks(execute=True):
        return client.post(reverse("backoffice:offer-reject", args=[offer.pk]), {"reject-reason": reason})


class TestApprove:
    def test_approves_audits_and_tells_the_venue(
        self, staff_client, staff, pending_offer, django_capture_on_commit_callbacks
    ):
        response = approve(staff_client, pending_offer, django_capture_on_commit_callbacks)

        assert response.redirect_chain == [(detail(pending_offer), 302)]
        assert messages_of(response) == [
            "L'offre « Le Petit Prince » a été validée : la structure a été prévenue par email."
        ]
        pending_offer.refresh_from_db()
        assert pending_offer.validation == OfferValidation.APPROVED
        assert pending_offer.validated_at is not None
        entry = AuditLogEntry.objects.get(action="offer.approved")
        assert (entry.actor, entry.target_id) == (staff, str(pending_offer.pk))
        [message] = mail.outbox
        assert message.to == ["reservations@example.net"]
        assert message.subject == "Votre offre « Le Petit Prince » a été validée"
        assert "les jeunes peuvent la découvrir et la réserver" in message.body  # the structure is validated

    def test_already_decided(self, staff_client, venue, django_capture_on_commit_callbacks):
        offer = factories.BookFactory(venue=venue, with_stock=True)
        response = approve(staff_client, offer, django_capture_on_commit_callbacks)
        assert response.status_code == 200
        assert messages_of(response) == ["Cette offre n'est pas en attente de validation."]
        assert not AuditLogEntry.objects.filter(action="offer.approved").exists()
        assert mail.outbox == []

    def test_a_rejected_offer_cannot_be_approved(self, staff_client, venue, django_capture_on_commit_callbacks):
        offer = factories.BookFactory(
            venue=venue, is_active=False, validation=OfferValidation.REJECTED, with_stock=True
        )
        approve(staff_client, offer, django_capture_on_commit_callbacks)
        offer.refresh_from_db()
        assert offer.validation == OfferValidation.REJECTED
        assert mail.outbox == []


class TestReject:
    def test_rejects_deactivates_audits_and_sends_the_reason(
        self, staff_client, staff, pending_offer, django_capture_on_commit_callbacks
    ):
        response = reject(staff_client, pending_offer, django_capture_on_commit_callbacks)

        assert response.status_code == 302
        assert response["Location"] == detail(pending_offer)
        pending_offer.refresh_from_db()
        assert pending_offer.validation == OfferValidation.REJECTED
        assert pending_offer.is_active is False
        assert pending_offer.rejection_reason == "Les manuels scolaires ne sont pas éligibles."
        entry = AuditLogEntry.objects.get(action="offer.rejected")
        assert entry.actor == staff
        assert entry.data["reason"] == "Les manuels scolaires ne sont pas éligibles."
        [message] = mail.outbox
        assert message.to == ["reservations@example.net"]
        assert message.subject == "Votre offre « Le Petit Prince » n'a pas été validée"
        assert "Les manuels scolaires ne sont pas éligibles." in message.body
        assert "désactivée" in message.body
        assert "réservations ont été annulées" in message.body

    def test_success_message(self, staff_client, pending_offer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                reverse("backoffice:offer-reject", args=[pending_offer.pk]),
                {"reject-reason": "Hors champ"},
                follow=True,
            )
        assert messages_of(response) == [
            "L'offre « Le Petit Prince » a été refusée : elle est désactivée, ses réservations sont annulées "
            "et le motif a été envoyé à la structure."
        ]

    def test_rejecting_an_approved_offer_cancels_its_bookings(
        self, staff_client, venue, django_capture_on_commit_callbacks
    ):
        offer = factories.BookFactory(venue=venue, with_stock=True)
        stock = offer.stocks.get()
        young = [factories.BeneficiaryFactory(email=f"jeune{n}@example.org") for n in range(2)]
        bookings = [booking_create(user, stock.pk) for user in young]
        mail.outbox.clear()
        reject(staff_client, offer, django_capture_on_commit_callbacks)

        offer.refresh_from_db()
        assert (offer.validation, offer.is_active) == (OfferValidation.REJECTED, False)
        for booking in bookings:
            booking.refresh_from_db()
            assert (booking.status, booking.cancellation_reason) == ("CANCELLED", "BACKOFFICE")
        assert Stock.objects.get(pk=stock.pk).booked_quantity == 0
        assert AuditLogEntry.objects.get(action="offer.rejected").data["cancelled_bookings"] == 2
        to_young = [message for message in mail.outbox if message.to[0].startswith("jeune")]
        assert len(to_young) == 2
        assert "retirée du pass Culture par l'équipe du pass Culture" in to_young[0].body
        assert "supprimée par la structure" not in to_young[0].body

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_reason_is_required(self, staff_client, pending_offer, django_capture_on_commit_callbacks, reason):
        response = reject(staff_client, pending_offer, django_capture_on_commit_callbacks, reason=reason)

        assert response.status_code == 400
        assert "Indiquez le motif du refus : il est envoyé à la structure." in response.text
        assert "fr-input-group--error" in response.text
        assert "L'offre n'a pas été refusée" in visible_text(response)
        pending_offer.refresh_from_db()
        assert (pending_offer.validation, pending_offer.is_active) == (OfferValidation.PENDING, True)
        assert not AuditLogEntry.objects.filter(action="offer.rejected").exists()
        assert mail.outbox == []

    def test_already_rejected(self, staff_client, venue, django_capture_on_commit_callbacks):
        offer = factories.BookFactory(
            venue=venue, rejection_reason="Premier motif", validation=OfferValidation.REJECTED, with_stock=True
        )
        response = reject(staff_client, offer, django_capture_on_commit_callbacks)
        assert response.status_code == 302
        offer.refresh_from_db()
        assert offer.rejection_reason == "Premier motif"
        assert not AuditLogEntry.objects.filter(action="offer.rejected").exists()
        assert mail.outbox == []
        followed = staff_client.get(response["Location"])
        assert "Cette offre n'est pas en attente de validation." in visible_text(followed)

    def test_a_draft_cannot_be_rejected(self, staff_client, venue, django_capture_on_commit_callbacks):
        offer = factories.BookFactory(venue=venue, draft=True, with_stock=True)
        reject(staff_client, offer, django_capture_on_commit_callbacks)
        offer.refresh_from_db()
        assert offer.validation == OfferValidation.DRAFT


# --- Review rules ----------------------------------------------------------------------------------------


def create_url(kind):
    return reverse("backoffice:offer-rule-create", args=[kind])


def edit_url(rule):
    return reverse("backoffice:offer-rule-edit", args=[rule.pk])


def toggle(client, rule, active):
    return client.post(reverse("backoffice:offer-rule-toggle", args=[rule.pk]), {"active": "1" if active else "0"})


class TestRuleList:
    def test_lists_the_rules_human_readably(self, staff_client, db):
        OfferValidationRule.objects.create(
            name="Types surveillés", kind="SUBCATEGORY", parameters={"subcategories": ["LIVRE_PAPIER", "CONCERT"]}
        )
        OfferValidationRule.objects.create(
            name="Trois premières", kind="NEW_OFFERER", parameters={"first_offers": 3}, is_active=False
        )
        text = staff_client.get(RULES).text
        # The seeded rules.
        assert "Prix élevé (plus de 150 €)" in text
        assert "Un prix supérieur à 150,00\xa0€" in text
        assert "Mots-clés : « scolaire », « soutien scolaire »" in text
        assert "La première offre de la structure" in text
        # Ours.
        assert "Types d'offres : Livre papier, Concert" in visible_text(text)
        assert "Les 3 premières offres de la structure" in text
        assert "Inactive" in text
        assert "Prix supérieur à un seuil" in text  # the kind's label
        for kind in ("PRICE_ABOVE", "NAME_KEYWORD", "NEW_OFFERER", "SUBCATEGORY"):
            assert create_url(kind) in text


class TestRuleCreate:
    @pytest.mark.parametrize(
        ("kind", "data", "parameters"),
        [
            ("PRICE_ABOVE", {"amount": "49,90"}, {"cents": 4990}),
            ("PRICE_ABOVE", {"amount": "50"}, {"cents": 5000}),
            (
                "NAME_KEYWORD",
                {"keywords": "  vente  flash \n\nPromo\npromo\nsoldes "},
                {"keywords": ["vente flash", "Promo", "soldes"]},
            ),
            ("NEW_OFFERER", {"first_offers": "3"}, {"first_offers": 3}),
            (
                "SUBCATEGORY",
                {"subcategories": ["LIVRE_PAPIER", "CONCERT"]},
                {"subcategories": ["LIVRE_PAPIER", "CONCERT"]},
            ),
        ],
    )
    def test_creates_an_active_rule_and_audits_it(self, staff_client, staff, kind, data, parameters):
        response = staff_client.post(create_url(kind), {"name": "Ma règle", **data})

        assert response.status_code == 302
        assert response["Location"] == RULES
        rule = OfferValidationRule.objects.get(name="Ma règle")
        assert (rule.kind, rule.parameters, rule.is_active) == (kind, parameters, True)
        entry = AuditLogEntry.objects.get(action="offer_rule.created")
        assert entry.actor == staff
        assert entry.target_id == str(rule.pk)
        assert entry.data == {
            "before": None,
            "after": {"name": "Ma règle", "kind": kind, "parameters": parameters, "is_active": True},
        }

    def test_form_of_each_kind(self, staff_client, db):
        assert 'name="amount"' in staff_client.get(create_url("PRICE_ABOVE")).text
        assert 'name="keywords"' in staff_client.get(create_url("NAME_KEYWORD")).text
        assert 'name="first_offers"' in staff_client.get(create_url("NEW_OFFERER")).text
        page = staff_client.get(create_url("SUBCATEGORY")).text
        assert 'name="subcategories"' in page and "multiple" in page and "Livre papier" in page

    @pytest.mark.parametrize(
        ("kind", "data", "error"),
        [
            ("PRICE_ABOVE", {"name": "R", "amount": "beaucoup"}, "Saisissez un montant en euros"),
            ("PRICE_ABOVE", {"name": "R", "amount": "-5"}, "Le seuil doit être un montant positif."),
            ("PRICE_ABOVE", {"name": "", "amount": "5"}, "Donnez un nom à la règle."),
            ("NAME_KEYWORD", {"name": "R", "keywords": " \n \n"}, "Indiquez au moins un mot-clé."),
            ("NEW_OFFERER", {"name": "R", "first_offers": "0"}, "supérieure ou égale à 1"),
            ("NEW_OFFERER", {"name": "R", "first_offers": ""}, "Indiquez combien de premières offres examiner."),
            ("SUBCATEGORY", {"name": "R", "subcategories": ["NOPE"]}, "NOPE"),
            ("SUBCATEGORY", {"name": "R"}, "Choisissez au moins un type d'offre."),
        ],
    )
    def test_bad_input_is_refused_in_french(self, staff_client, db, kind, data, error):
        count = OfferValidationRule.objects.count()
        response = staff_client.post(create_url(kind), data)
        assert response.status_code == 400
        assert error in visible_text(response)
        assert "La règle n'a pas été enregistrée" in response.text
        assert OfferValidationRule.objects.count() == count
        assert not AuditLogEntry.objects.exists()


class TestRuleEdit:
    def test_form_shows_the_current_values(self, staff_client, rule):
        response = staff_client.get(edit_url(rule))
        assert element(response, "input[name=name]").get("value") == "Prix élevé"
        assert element(response, "input[name=amount]").get("value") == "100"  # 10000 cents, as staff would type it

    def test_updates_and_audits_before_and_after(self, staff_client, staff, rule):
        response = staff_client.post(edit_url(rule), {"name": "Prix très élevé", "amount": "200,50"})
        assert response.status_code == 302
        rule.refresh_from_db()
        assert (rule.name, rule.parameters, rule.kind) == ("Prix très élevé", {"cents": 20050}, "PRICE_ABOVE")
        entry = AuditLogEntry.objects.get(action="offer_rule.updated")
        assert entry.actor == staff
        assert entry.data["before"]["parameters"] == {"cents": 10000}
        assert entry.data["before"]["name"] == "Prix élevé"
        assert entry.data["after"]["parameters"] == {"cents": 20050}

    def test_keywords_are_edited_one_per_line(self, staff_client, db):
        rule = OfferValidationRule.objects.create(
            name="Mots", kind="NAME_KEYWORD", parameters={"keywords": ["promo", "soldes"]}
        )
        assert "promo\nsoldes" in staff_client.get(edit_url(rule)).text
        staff_client.post(edit_url(rule), {"name": "Mots", "keywords": "promo\nsoldes\ndestockage"})
        rule.refresh_from_db()
        assert rule.parameters == {"keywords": ["promo", "soldes", "destockage"]}

    def test_no_change_no_audit(self, staff_client, rule):
        response = staff_client.post(edit_url(rule), {"name": "Prix élevé", "amount": "100"}, follow=True)
        assert messages_of(response) == ["La règle « Prix élevé » n'a pas changé."]
        assert not AuditLogEntry.objects.filter(action="offer_rule.updated").exists()

    def test_bad_input_changes_nothing(self, staff_client, rule):
        response = staff_client.post(edit_url(rule), {"name": "Prix élevé", "amount": "cent"})
        assert response.status_code == 400
        rule.refresh_from_db()
        assert rule.parameters == {"cents": 10000}


class TestRuleToggle:
    def test_deactivates_then_activates_with_audit(self, staff_client, staff, rule):
        response = toggle(staff_client, rule, active=False)
        assert response.status_code == 302
        assert response["Location"] == RULES
        rule.refresh_from_db()
        assert rule.is_active is False
        entry = AuditLogEntry.objects.get(action="offer_rule.deactivated")
        assert entry.actor == staff
        assert (entry.data["before"]["is_active"], entry.data["after"]["is_active"]) == (True, False)

        toggle(staff_client, rule, active=True)
        rule.refresh_from_db()
        assert rule.is_active is True
        assert AuditLogEntry.objects.filter(action="offer_rule.activated").count() == 1

    def test_a_repeated_submission_changes_nothing_twice(self, staff_client, rule):
        toggle(staff_client, rule, active=False)
        toggle(staff_client, rule, active=False)
        assert AuditLogEntry.objects.filter(action="offer_rule.deactivated").count() == 1

    def test_list_shows_the_right_button(self, staff_client, rule):
        assert "Désactiver la règle Prix élevé" in staff_client.get(RULES).text
        toggle(staff_client, rule, active=False)
        assert "Activer la règle Prix élevé" in staff_client.get(RULES).text


class TestRulesDecidePublication:
    """The rules managed here are the ones ``offer_publish`` applies."""

    def _publish(self, venue, actor, price_cents, name="Roman"):
        offer = services.offer_create(venue, actor, subcategory_id="LIVRE_PAPIER", extra_data={"ean": EAN}, name=name)
        services.stock_create(offer, actor, price_cents=price_cents)
        return services.offer_publish(offer.pk, actor)

    def test_price_rule_created_then_deactivated(self, staff_client, pro, venue, no_seeded_rules):
        staff_client.post(create_url("PRICE_ABOVE"), {"name": "Plus de 50 €", "amount": "50"})

        offer = self._publish(venue, pro, price_cents=6000)
        assert offer.validation == OfferValidation.PENDING
        assert self._publish(venue, pro, price_cents=5000).validation == OfferValidation.APPROVED  # not above

        # It reaches the queue, with the rule that flagged it.
        response = staff_client.get(detail(offer))
        assert "Plus de 50 € (prix élevé)" in response.text
        assert offer.name in staff_client.get(QUEUE).text

        toggle(staff_client, OfferValidationRule.objects.get(name="Plus de 50 €"), active=False)
        assert self._publish(venue, pro, price_cents=6000).validation == OfferValidation.APPROVED

    def test_edited_threshold_applies_to_the_next_publications(self, staff_client, pro, venue, no_seeded_rules):
        staff_client.post(create_url("PRICE_ABOVE"), {"name": "Seuil", "amount": "50"})
        rule = OfferValidationRule.objects.get(name="Seuil")
        staff_client.post(edit_url(rule), {"name": "Seuil", "amount": "80"})
        assert self._publish(venue, pro, price_cents=6000).validation == OfferValidation.APPROVED
        assert self._publish(venue, pro, price_cents=9000).validation == OfferValidation.PENDING

    def test_keyword_rule(self, staff_client, pro, venue, no_seeded_rules):
        staff_client.post(create_url("NAME_KEYWORD"), {"name": "Annales", "keywords": "annales"})
        assert self._publish(venue, pro, 1000, name="Annales du bac 2026").validation == OfferValidation.PENDING
        assert self._publish(venue, pro, 1000, name="Le Horla").validation == OfferValidation.APPROVED

    def test_subcategory_rule(self, staff_client, pro, venue, no_seeded_rules):
        staff_client.post(create_url("SUBCATEGORY"), {"name": "Livres", "subcategories": ["LIVRE_PAPIER"]})
        assert self._publish(venue, pro, 1000).validation == OfferValidation.PENDING

    def test_new_offerer_rule(self, staff_client, pro, venue, no_seeded_rules):
        staff_client.post(create_url("NEW_OFFERER"), {"name": "Deux premières", "first_offers": "2"})
        assert self._publish(venue, pro, 1000).validation == OfferValidation.PENDING
        assert self._publish(venue, pro, 1000).validation == OfferValidation.PENDING
        assert self._publish(venue, pro, 1000).validation == OfferValidation.APPROVED
