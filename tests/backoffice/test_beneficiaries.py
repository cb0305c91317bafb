"""Staff and young people: the identity check queue, one young person's page, confirm / refuse / grant a credit."""

import datetime
from urllib.parse import quote

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passculture.beneficiaries import errors, selectors, services
from passculture.beneficiaries.models import BeneficiaryProfile, Deposit, EligibilityStatus
from passculture.bookings.models import Booking
from passculture.core.dates import format_date
from passculture.core.models import AuditLogEntry
from passculture.core.parameters import set_parameter
from tests import factories
from tests.html import visible_text

QUEUE = reverse("backoffice:beneficiary-queue")


def detail(person):
    return reverse("backoffice:beneficiary-detail", args=[person.pk])


def action(name, person):
    return reverse(f"backoffice:beneficiary-{name}", args=[person.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def entries(action_name, person):
    return AuditLogEntry.objects.filter(action=action_name, target_id=str(person.pk))


@pytest.fixture
def young(db):
    return factories.BeneficiaryFactory(
        email="lou@example.net", pending_identity=True, first_name="Lou", last_name="Martin"
    )


# --- Access ----------------------------------------------------------------------------------------------

PAGES = [("backoffice:beneficiary-queue", False), ("backoffice:beneficiary-detail", True)]
ACTIONS = [
    ("backoffice:beneficiary-confirm", True),
    ("backoffice:beneficiary-refuse", True),
    ("backoffice:beneficiary-grant", True),
]


def _url(name, with_pk, person):
    return reverse(name, args=[person.pk]) if with_pk else reverse(name)


def _assert_nothing_changed(person):
    profile = BeneficiaryProfile.objects.get(user=person)
    assert profile.eligibility == EligibilityStatus.PENDING
    assert not Deposit.objects.filter(user=person).exists()
    assert not AuditLogEntry.objects.filter(action__startswith="beneficiary.").exists()


class TestAccess:
    @pytest.mark.parametrize(("name", "with_pk"), PAGES + ACTIONS)
    def test_anonymous_is_sent_to_login(self, client, young, name, with_pk):
        url = _url(name, with_pk, young)
        response = client.post(url) if (name, with_pk) in ACTIONS else client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={quote(url)}"
        _assert_nothing_changed(young)

    @pytest.mark.parametrize(("name", "with_pk"), PAGES + ACTIONS)
    def test_pro_gets_404(self, pro_client, young, name, with_pk):
        url = _url(name, with_pk, young)
        assert pro_client.get(url).status_code == 404
        assert pro_client.post(url, {"refuse-reason": "x"}).status_code == 404
        _assert_nothing_changed(young)

    def test_the_young_person_themself_gets_404(self, client, young):
        client.force_login(young)
        assert client.get(detail(young)).status_code == 404
        assert client.post(action("confirm", young)).status_code == 404
        _assert_nothing_changed(young)

    @pytest.mark.parametrize(("name", "with_pk"), PAGES)
    def test_staff_sees_every_page(self, staff_client, young, name, with_pk):
        response = staff_client.get(_url(name, with_pk, young))
        assert response.status_code == 200
        assert "Back office" in response.text
        assert QUEUE in response.text  # in the navigation

    @pytest.mark.parametrize(("name", "with_pk"), ACTIONS)
    def test_actions_refuse_get(self, staff_client, young, name, with_pk):
        assert staff_client.get(_url(name, with_pk, young)).status_code == 405
        _assert_nothing_changed(young)

    def test_unknown_people_are_404(self, staff_client, db):
        assert staff_client.get(reverse("backoffice:beneficiary-detail", args=[999999])).status_code == 404
        for name in ("confirm", "refuse", "grant"):
            assert staff_client.post(reverse(f"backoffice:beneficiary-{name}", args=[999999])).status_code == 404

    def test_actions_on_an_account_without_profile_are_404(self, staff_client, pro):
        for name in ("confirm", "refuse", "grant"):
            assert staff_client.post(action(name, pro), {"refuse-reason": "x"}).status_code == 404
        assert not Deposit.objects.exists()

    def test_dashboard_counts_the_young_people_to_verify(self, staff_client, young):
        factories.BeneficiaryFactory(waiting_days=3, pending_identity=True, first_name="Lou", last_name="Martin")
        factories.BeneficiaryFactory(without_credit=True, first_name="Lou", last_name="Martin")
        response = staff_client.get(reverse("backoffice:home"))
        assert 'id="beneficiaries-total">2<' in response.text
        assert response.context["beneficiaries_oldest_age"].days == 3
        assert "Jeunes à vérifier" in response.text
        assert reverse("backoffice:booking-search") in response.text


# --- The queue -------------------------------------------------------------------------------------------


class TestQueue:
    def test_lists_pending_profiles_oldest_first_with_age_birth_date_and_postal_code(self, staff_client, db):
        recent = factories.BeneficiaryFactory(
            email="recent@example.net", waiting_days=1, postal_code="69002", pending_identity=True
        )
        oldest = factories.BeneficiaryFactory(
            email="oldest@example.net",
            waiting_days=6,
            birth_date=factories.eighteen_years_ago(days=40),
            pending_identity=True,
        )
        factories.BeneficiaryFactory(
            email="decided@example.net", without_credit=True, first_name="Lou", last_name="Martin"
        )
        factories.BeneficiaryFactory(email="refused@example.net", refused=True, first_name="Lou", last_name="Martin")

        response = staff_client.get(QUEUE)

        assert [row.profile.user for row in response.context["rows"]] == [oldest, recent]
        assert "2 jeunes à vérifier" in response.text
        assert "decided@example.net" not in response.text and "refused@example.net" not in response.text
        assert factories.eighteen_years_ago(days=40).strftime("%d/%m/%Y") in response.text
        assert "18 ans" in response.text
        assert "69002" in response.text
        assert "6 jours" in response.text
        assert detail(oldest) in response.text

    def test_flags_someone_who_is_no_longer_of_the_eligible_age(self, staff_client, db):
        factories.BeneficiaryFactory(
            birth_date=factories.eighteen_years_ago() - relativedelta(years=1), pending_identity=True
        )
        response = staff_client.get(QUEUE)
        assert response.context["rows"][0].years == 19
        assert "Hors âge" in response.text

    def test_empty_queue(self, staff_client, db):
        response = staff_client.get(QUEUE)
        assert "Aucun jeune n'attend la vérification de son identité." in response.text

    def test_pagination(self, staff_client, db):
        for n in range(30):
            factories.BeneficiaryFactory(
                email=f"young{n}@example.net", pending_identity=True, first_name="Lou", last_name="Martin"
            )
        first = staff_client.get(QUEUE)
        assert len(first.context["rows"]) == 25
        assert "page=2" in first.text
        assert len(staff_client.get(QUEUE, {"page": 2}).context["rows"]) == 5

    def test_query_count_does_not_grow_with_the_queue(self, staff_client, db):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert staff_client.get(QUEUE).status_code == 200
            return len(captured)

        for n in range(2):
            factories.BeneficiaryFactory(
                email=f"a{n}@example.net", pending_identity=True, first_name="Lou", last_name="Martin"
            )
        queries()  # warm: the first page reads the business parameters, kept afterwards
        few = queries()
        for n in range(20):
            factories.BeneficiaryFactory(
                email=f"b{n}@example.net", pending_identity=True, first_name="Lou", last_name="Martin"
            )
        assert queries() == few
        assert few <= 6


# --- One young person ------------------------------------------------------------------------------------


class TestDetail:
    def test_shows_the_profile_and_the_decisions_to_take(self, staff_client, young):
        response = staff_client.get(detail(young))
        assert "Lou Martin" in response.text
        assert "Identité à vérifier" in response.text
        assert factories.eighteen_years_ago().strftime("%d/%m/%Y") in response.text
        assert "75011 Paris" in response.text
        assert response.context["actions"] == {"confirm", "refuse"}
        assert "Confirmer l'identité et ouvrir le crédit" in response.text
        assert action("refuse", young) in response.text
        assert action("grant", young) not in response.text
        assert "Aucun crédit accordé." in response.text

    def test_shows_each_deposit_with_initial_and_remaining_amounts_per_cap(self, staff_client, staff, db):
        person = factories.BeneficiaryFactory(without_credit=True, first_name="Lou", last_name="Martin")
        old = factories.DepositFactory(user=person, granted_by=staff, expired=True)
        deposit = services.deposit_grant(person, staff)
        Deposit.objects.filter(pk=deposit.pk).update(
            spent_cents=12000, physical_spent_cents=2000, digital_spent_cents=0
        )

        response = staff_client.get(detail(person))

        rows = response.context["deposits"]
        assert [(row.deposit, row.is_active, row.is_expired) for row in rows] == [
            (deposit, True, False),
            (old, False, True),
        ]
        credit = rows[0].credit
        assert (credit.all.initial, credit.all.remaining) == (50000, 38000)
        assert (credit.physical.initial, credit.physical.remaining) == (20000, 18000)
        assert (credit.digital.initial, credit.digital.remaining) == (20000, 20000)
        assert "380,00\xa0€ restants sur 500,00\xa0€" in response.text
        assert "180,00\xa0€ restants sur 200,00\xa0€" in response.text
        assert "Expiré" in response.text
        assert response.context["actions"] == set()  # eligible, with a credit in force: nothing to decide

    def test_lists_the_bookings_and_the_audit_trail(self, staff_client, staff, venue, db):
        person = factories.BeneficiaryFactory(without_credit=True, first_name="Lou", last_name="Martin")
        services.deposit_grant(person, staff)
        stock = factories.StockFactory(offer=factories.OfferFactory(venue=venue, name="Le Petit Prince"))
        booking = Booking.objects.create(
            user=person,
            stock=stock,
            offer=stock.offer,
            token="BOOK23",
            unit_price_cents=1250,
            cancellation_limit_datetime=timezone.now(),
        )
        response = staff_client.get(detail(person))
        assert reverse("backoffice:booking-detail", args=[booking.pk]) in response.text
        assert "BOOK23" in response.text and "Le Petit Prince" in response.text
        assert venue.offerer.name in response.text
        assert "deposit.granted" in response.text

    def test_query_count_does_not_grow_with_the_bookings(self, staff_client, staff, venue, db):
        person = factories.BeneficiaryFactory(without_credit=True, first_name="Lou", last_name="Martin")
        services.deposit_grant(person, staff)

        def add_bookings(n, start):
            for i in range(start, start + n):
                stock = factories.StockFactory(offer=factories.OfferFactory(venue=factories.VenueFactory()))
                Booking.objects.create(
                    user=person,
                    stock=stock,
                    offer=stock.offer,
                    token=f"Q{i:05d}",
                    unit_price_cents=100,
                    cancellation_limit_datetime=timezone.now(),
                )

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert staff_client.get(detail(person)).status_code == 200
            return len(captured)

        add_bookings(1, 0)
        queries()  # warm: the first page reads the business parameters, kept afterwards
        few = queries()
        add_bookings(10, 1)
        assert queries() == few

    def test_an_account_without_profile_shows_what_it_has(self, staff_client, pro):
        response = staff_client.get(detail(pro))
        assert response.status_code == 200
        assert "Pas de profil de jeune" in response.text
        assert response.context["actions"] == set()


# --- Decisions -------------------------------------------------------------------------------------------


class TestConfirm:
    def test_confirms_the_identity_and_opens_the_credit(self, staff_client, staff, young):
        response = staff_client.post(action("confirm", young), follow=True)

        profile = BeneficiaryProfile.objects.get(user=young)
        assert profile.eligibility == EligibilityStatus.ELIGIBLE
        assert profile.decided_by == staff and profile.decided_at is not None
        deposit = Deposit.objects.get(user=young)
        assert (deposit.amount_cents, deposit.physical_cap_cents, deposit.digital_cap_cents) == (50000, 20000, 20000)
        assert deposit.granted_by == staff
        assert entries("beneficiary.identity_confirmed", young).get().actor == staff
        assert entries("deposit.granted", young).get().actor == staff
        assert response.redirect_chain[-1][0] == detail(young)
        assert messages_of(response) == [
            "L'identité de Lou Martin est confirmée : un crédit de 500,00\xa0€ est ouvert jusqu'au "
            f"{format_date(deposit.expires_at, 'Europe/Paris')}."
        ]
        assert "Crédit en cours" in response.text

    def test_reads_the_amount_in_force_today(self, staff_client, young):
        set_parameter("beneficiaries.deposit_amount_cents", 30000, valid_from=timezone.now() - datetime.timedelta(1))
        staff_client.post(action("confirm", young))
        assert Deposit.objects.get(user=young).amount_cents == 30000

    def test_a_decided_profile_is_refused_with_the_domain_message(self, staff_client, young):
        staff_client.post(action("confirm", young), follow=True)
        response = staff_client.post(action("confirm", young), follow=True)
        assert messages_of(response) == ["L'éligibilité de ce jeune a déjà été décidée."]
        assert Deposit.objects.filter(user=young).count() == 1
        assert entries("beneficiary.identity_confirmed", young).count() == 1

    def test_a_young_person_with_a_credit_in_force_keeps_their_profile_pending(self, staff_client, staff, young):
        services.deposit_grant(young, staff)
        response = staff_client.post(action("confirm", young), follow=True)
        assert messages_of(response) == ["Ce jeune a déjà un crédit en cours de validité."]
        assert BeneficiaryProfile.objects.get(user=young).eligibility == EligibilityStatus.PENDING  # rolled back
        assert Deposit.objects.filter(user=young).count() == 1
        assert not entries("beneficiary.identity_confirmed", young).exists()


class TestRefuse:
    def test_refuses_with_the_reason(self, staff_client, staff, young):
        response = staff_client.post(
            action("refuse", young), {"refuse-reason": "  Pièce d'identité illisible "}, follow=True
        )

        profile = BeneficiaryProfile.objects.get(user=young)
        assert profile.eligibility == EligibilityStatus.REFUSED
        assert profile.refusal_reason == "Pièce d'identité illisible"
        assert profile.decided_by == staff
        entry = entries("beneficiary.refused", young).get()
        assert entry.actor == staff and entry.data == {"reason": "Pièce d'identité illisible"}
        assert not Deposit.objects.filter(user=young).exists()
        assert messages_of(response) == ["Le profil de Lou Martin est refusé : aucun crédit ne lui sera ouvert."]
        assert "Non éligible" in response.text and "Pièce d'identité illisible" in visible_text(response)
        assert response.context["actions"] == set()

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_the_reason_is_required(self, staff_client, young, reason):
        response = staff_client.post(action("refuse", young), {"refuse-reason": reason})
        assert response.status_code == 400
        assert "Indiquez le motif du refus." in response.text
        assert messages_of(response) == ["Le profil n'a pas été refusé : corrigez le formulaire ci-dessous."]
        _assert_nothing_changed(young)

    def test_a_decided_profile_is_refused_with_the_domain_message(self, staff_client, young):
        staff_client.post(action("confirm", young), follow=True)
        response = staff_client.post(action("refuse", young), {"refuse-reason": "Trop tard"}, follow=True)
        assert messages_of(response) == ["L'éligibilité de ce jeune a déjà été décidée."]
        assert BeneficiaryProfile.objects.get(user=young).eligibility == EligibilityStatus.ELIGIBLE


class TestGrant:
    def test_grants_a_credit_to_an_eligible_young_person_without_one(self, staff_client, staff, db):
        person = factories.BeneficiaryFactory(without_credit=True, first_name="Lou", last_name="Martin")
        page = staff_client.get(detail(person))
        assert page.context["actions"] == {"grant"}
        assert action("grant", person) in page.text

        response = staff_client.post(action("grant", person), follow=True)

        deposit = Deposit.objects.get(user=person)
        assert deposit.amount_cents == 50000 and deposit.granted_by == staff
        entry = entries("deposit.granted", person).get()
        assert entry.actor == staff and entry.data["amount_cents"] == 50000
        assert messages_of(response)[0].startswith("Crédit accordé à Lou Martin : un crédit de 500,00\xa0€ est ouvert")
        assert response.context["actions"] == set()

    def test_grants_a_new_credit_once_the_previous_one_expired(self, staff_client, staff, db):
        person = factories.BeneficiaryFactory(without_credit=True, first_name="Lou", last_name="Martin")
        factories.DepositFactory(user=person, granted_by=staff, expired=True)
        assert staff_client.get(detail(person)).context["actions"] == {"grant"}
        staff_client.post(action("grant", person))
        assert selectors.active_deposit(person) is not None
        assert Deposit.objects.filter(user=person).count() == 2

    def test_a_credit_in_force_is_not_doubled(self, staff_client, staff, db):
        person = factories.BeneficiaryFactory(without_credit=True, first_name="Lou", last_name="Martin")
        services.deposit_grant(person, staff)
        response = staff_client.post(action("grant", person), follow=True)
        assert messages_of(response) == ["Ce jeune a déjà un crédit en cours de validité."]
        assert Deposit.objects.filter(user=person).count() == 1

    @pytest.mark.parametrize("eligibility", [EligibilityStatus.PENDING, EligibilityStatus.REFUSED])
    def test_only_an_eligible_young_person_gets_a_credit(self, staff_client, eligibility, db):
        person = factories.BeneficiaryFactory(
            eligibility=eligibility, credit=None, first_name="Lou", last_name="Martin"
        )
        response = staff_client.post(action("grant", person), follow=True)
        assert messages_of(response) == [errors.NotEligibleForDeposit.message]
        assert not Deposit.objects.filter(user=person).exists()
        assert not entries("deposit.granted", person).exists()
