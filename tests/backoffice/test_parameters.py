"""Versioned business parameters in the back office: the value in force, its history, a new value (audited)."""

import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from passculture.core.dates import PARIS, localtime_in
from passculture.core.models import AuditLogEntry, Parameter
from passculture.core.parameters import get_parameter, set_parameter
from passculture.offers import services
from passculture.offers.eligibility import IneligibleOffer
from passculture.offers.models import Offer
from tests.html import element, visible_text

LIST = reverse("backoffice:parameters")
MAX_PRICE = "offers.max_price_cents"  # seeded by a migration: 300 € since 01/01/2026
DELAY = "backoffice_tests.review_delay_days"


def url(key=MAX_PRICE):
    return reverse("backoffice:parameter-detail", args=[key])


def today():
    return localtime_in(timezone.now(), PARIS).date()


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def delay(db):
    """A non-amount parameter with a past value and the current one."""
    now = timezone.now()
    set_parameter(DELAY, 30, valid_from=now - datetime.timedelta(days=400), description="Délai de retrait (jours)")
    return set_parameter(DELAY, 10, valid_from=now - datetime.timedelta(days=2), description="Délai de retrait (jours)")


class TestAccess:
    @pytest.mark.parametrize("target", [LIST, "detail"])
    def test_anonymous_is_sent_to_login(self, client, db, target):
        target = url() if target == "detail" else target
        for response in (client.get(target), client.post(target, {"value": "1"})):
            assert response.status_code == 302
            assert response["Location"] == f"{reverse('account:login')}?next={quote(target)}"
        assert Parameter.objects.filter(key=MAX_PRICE).count() == 1

    @pytest.mark.parametrize("target", [LIST, "detail"])
    def test_pro_gets_404(self, pro_client, target):
        target = url() if target == "detail" else target
        assert pro_client.get(target).status_code == 404
        assert pro_client.post(target, {"value": "1"}).status_code == 404
        assert Parameter.objects.filter(key=MAX_PRICE).count() == 1
        assert not AuditLogEntry.objects.exists()

    def test_staff_sees_both_pages(self, staff_client):
        for target in (LIST, url()):
            response = staff_client.get(target)
            assert response.status_code == 200
            assert "Back office" in response.text
            assert LIST in response.text  # in the navigation

    def test_unknown_key_is_404(self, staff_client):
        assert staff_client.get(url("nope.unknown")).status_code == 404
        assert staff_client.post(url("nope.unknown"), {"value": "1"}).status_code == 404


class TestList:
    def test_current_value_of_each_key_with_its_history(self, staff_client, delay):
        future = timezone.now() + datetime.timedelta(days=30)
        set_parameter(MAX_PRICE, 25000, valid_from=future)

        response = staff_client.get(LIST)

        text = response.text
        assert MAX_PRICE in text and DELAY in text
        assert "Prix maximum d'un bien ou service" in visible_text(text)  # the seeded description
        assert "300,00\xa0€" in text  # in force, shown as an amount
        assert "250,00\xa0€" in text  # upcoming
        assert "À venir" in text
        assert "01/01/2026" in text
        summaries = {summary.key: summary for summary in response.context["summaries"]}
        assert summaries[DELAY].current.row.value == 10
        assert [version.state for version in summaries[DELAY].history] == ["current", "past"]
        assert [version.state for version in summaries[MAX_PRICE].history] == ["upcoming", "current"]
        assert url(DELAY) in text


class TestAddValue:
    def test_immediate_new_amount_keeps_the_old_row_and_is_audited(self, staff_client, staff):
        seeded = Parameter.objects.get(key=MAX_PRICE)

        response = staff_client.post(url(), {"value": "250", "comment": "Décision du comité"}, follow=True)

        assert response.redirect_chain == [(url(), 302)]
        assert get_parameter(MAX_PRICE) == 25000
        rows = list(Parameter.objects.filter(key=MAX_PRICE).order_by("valid_from"))
        assert [row.value for row in rows] == [30000, 25000]
        assert rows[0].valid_from == seeded.valid_from  # the past is not rewritten
        assert rows[1].description == seeded.description
        assert abs((rows[1].valid_from - timezone.now()).total_seconds()) < 60
        entry = AuditLogEntry.objects.get(action="parameter.added")
        assert entry.actor == staff
        assert entry.target_id == str(rows[1].pk)
        assert (entry.data["key"], entry.data["before"], entry.data["after"]) == (MAX_PRICE, 30000, 25000)
        assert entry.data["comment"] == "Décision du comité"
        assert messages_of(response) == [
            f"Nouvelle valeur de « {MAX_PRICE} » enregistrée : 250,00\xa0€, en vigueur immédiatement."
        ]
        # Decisions taken before the change keep the value they used.
        assert get_parameter(MAX_PRICE, at=timezone.now() - datetime.timedelta(days=1)) == 30000

    def test_the_new_maximum_applies_to_stocks(self, staff_client, venue, pro):
        offer = services.offer_create(
            venue, pro, subcategory_id="LIVRE_PAPIER", extra_data={"ean": "9782070612758"}, name="Beau livre"
        )
        staff_client.post(url(), {"value": "100"})
        with pytest.raises(IneligibleOffer):
            services.stock_create(offer, pro, price_cents=15000)
        assert Offer.objects.get(pk=offer.pk).stocks.count() == 0

    def test_value_from_a_later_date(self, staff_client):
        later = today() + datetime.timedelta(days=10)

        response = staff_client.post(url(), {"value": "49,90", "valid_from": later.strftime("%d/%m/%Y")})

        assert response.status_code == 302
        midnight = datetime.datetime.combine(later, datetime.time.min, tzinfo=ZoneInfo(PARIS))
        row = Parameter.objects.get(key=MAX_PRICE, value=4990)
        assert row.valid_from == midnight
        assert get_parameter(MAX_PRICE) == 30000  # not yet
        assert get_parameter(MAX_PRICE, at=midnight) == 4990
        page = staff_client.get(url()).text
        assert "À venir" in page and "49,90\xa0€" in page

    def test_today_means_now(self, staff_client):
        staff_client.post(url(), {"value": "200", "valid_from": today().strftime("%d/%m/%Y")})
        assert get_parameter(MAX_PRICE) == 20000

    def test_a_past_date_is_refused(self, staff_client):
        yesterday = today() - datetime.timedelta(days=1)
        response = staff_client.post(url(), {"value": "200", "valid_from": yesterday.strftime("%d/%m/%Y")})
        assert response.status_code == 400
        assert "Cette date est passée" in response.text
        assert "La valeur n'a pas été enregistrée" in visible_text(response)
        assert Parameter.objects.filter(key=MAX_PRICE).count() == 1
        assert not AuditLogEntry.objects.exists()

    def test_two_values_on_the_same_day_are_refused(self, staff_client):
        later = (today() + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
        staff_client.post(url(), {"value": "200", "valid_from": later})
        response = staff_client.post(url(), {"value": "210", "valid_from": later})
        assert response.status_code == 400
        assert "Une valeur prend déjà effet à cette date" in response.text
        assert Parameter.objects.filter(key=MAX_PRICE).count() == 2

    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("", "Indiquez la nouvelle valeur."),
            ("trois cents", "Saisissez un montant en euros"),
            ("-1", "Le montant doit être positif."),
        ],
    )
    def test_bad_amount(self, staff_client, value, error):
        response = staff_client.post(url(), {"value": value})
        assert response.status_code == 400
        assert error in response.text
        assert Parameter.objects.filter(key=MAX_PRICE).count() == 1

    def test_bad_date(self, staff_client):
        response = staff_client.post(url(), {"value": "200", "valid_from": "31/02/2030"})
        assert response.status_code == 400
        assert "Saisissez une date au format jj/mm/aaaa." in response.text


class TestJsonParameters:
    def test_a_number_replaces_a_number(self, staff_client, delay):
        staff_client.post(url(DELAY), {"value": "15"})
        assert get_parameter(DELAY) == 15
        entry = AuditLogEntry.objects.get(action="parameter.added")
        assert (entry.data["before"], entry.data["after"]) == (10, 15)

    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("quinze", "Saisissez une valeur JSON"),
            ('"quinze"', "La valeur actuelle est un nombre : la nouvelle doit l'être aussi."),
            ("[15]", "La valeur actuelle est un nombre"),
        ],
    )
    def test_wrong_kind_of_value(self, staff_client, delay, value, error):
        response = staff_client.post(url(DELAY), {"value": value})
        assert response.status_code == 400
        assert error in visible_text(response)
        assert get_parameter(DELAY) == 10

    def test_history_page(self, staff_client, delay):
        response = staff_client.get(url(DELAY))
        assert element(response, "#current-value").text == "10"
        assert "Délai de retrait (jours)" in response.text
        assert "Passée" in response.text and "En vigueur" in response.text
        assert "Au format JSON" in response.text
