"""One path for every mail: built from ids after the commit, by one task, inline without a broker."""

import logging
from smtplib import SMTPServerDisconnected

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from passculture.bookings import services as booking_services
from passculture.core import mail, tasks
from passculture.offerers.models import Invitation, MembershipStatus
from tests import factories
from tests.broker import redis_broker as broker_to
from tests.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(pro, offerer, venue):
    """A structure with a member, a pending and a decided newcomer, an invitation, an offer and a booking."""
    newcomer = factories.UserFactory()
    membership = factories.MembershipFactory(user=newcomer, offerer=offerer, status=MembershipStatus.PENDING)
    invitation = Invitation.objects.create(offerer=offerer, email="invitee@example.net", invited_by=pro)
    stock = factories.EventStockFactory(offer__venue=venue)
    booking = booking_services.booking_create(BeneficiaryFactory(), stock.pk)
    return {
        "pro": pro,
        "offerer": offerer,
        "newcomer": newcomer,
        "membership": membership,
        "invitation": invitation,
        "offer": stock.offer,
        "booking": booking,
        "bank_account": factories.BankAccountFactory(offerer=offerer),
    }


# The parameters a service gives each kind of mail, and who must receive it.
KINDS = {
    "verify_email": lambda w: ({"user_id": w["newcomer"].pk}, [w["newcomer"].email]),
    "attachment_requested": lambda w: (
        {"offerer_id": w["offerer"].pk, "requester_id": w["newcomer"].pk},
        [w["pro"].email],
    ),
    "attachment_under_review": lambda w: (
        {"user_id": w["newcomer"].pk, "offerer_id": w["offerer"].pk},
        [w["newcomer"].email],
    ),
    "offerer_under_review": lambda w: (
        {"user_id": w["newcomer"].pk, "offerer_id": w["offerer"].pk},
        [w["newcomer"].email],
    ),
    "offerer_validated": lambda w: ({"offerer_id": w["offerer"].pk}, [w["pro"].email]),
    "offerer_on_hold": lambda w: ({"offerer_id": w["offerer"].pk, "comment": "Kbis ?"}, [w["pro"].email]),
    "offerer_rejected": lambda w: ({"offerer_id": w["offerer"].pk, "reason": "Non culturel"}, [w["pro"].email]),
    "attachment_validated": lambda w: ({"membership_id": w["membership"].pk}, [w["newcomer"].email]),
    "attachment_rejected": lambda w: ({"membership_id": w["membership"].pk}, [w["newcomer"].email]),
    "invitation": lambda w: (
        {"offerer_id": w["offerer"].pk, "email": w["invitation"].email, "inviter_id": w["pro"].pk},
        [w["invitation"].email],
    ),
    "offer_approved": lambda w: ({"offer_id": w["offer"].pk}, [w["offer"].notification_email]),
    "offer_rejected": lambda w: ({"offer_id": w["offer"].pk, "reason": "Hors cadre"}, [w["offer"].notification_email]),
    "booking_confirmed": lambda w: (
        {"booking_id": w["booking"].pk},
        [w["booking"].user.email, w["offer"].notification_email],
    ),
    "booking_cancelled": lambda w: (
        {"booking_id": w["booking"].pk, "comment": "Salle inondée"},
        [w["booking"].user.email, w["offer"].notification_email],
    ),
    "booking_date_changed": lambda w: ({"booking_id": w["booking"].pk}, [w["booking"].user.email]),
    "booking_expiry_reminder": lambda w: ({"booking_id": w["booking"].pk}, [w["booking"].user.email]),
    "bank_account_accepted": lambda w: ({"bank_account_id": w["bank_account"].pk}, [w["pro"].email]),
    "bank_account_refused": lambda w: ({"bank_account_id": w["bank_account"].pk, "reason": "RIB"}, [w["pro"].email]),
    "bank_account_corrections": lambda w: (
        {"bank_account_id": w["bank_account"].pk, "comment": "Kbis"},
        [w["pro"].email],
    ),
}


def test_every_registered_mail_is_tested_here():
    assert set(mail.registered_kinds()) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_mail_leaves_after_the_commit(kind, world, mailoutbox, django_capture_on_commit_callbacks):
    params, recipients = KINDS[kind](world)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mail.send_on_commit(kind, **params)
        assert mailoutbox == []
    assert [message.to for message in mailoutbox] == [[address] for address in recipients]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_mail_when_the_transaction_is_rolled_back(kind, world, mailoutbox, django_capture_on_commit_callbacks):
    params, _ = KINDS[kind](world)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mail.send_on_commit(kind, **params)
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert mailoutbox == []


def test_an_unknown_kind_or_parameters_a_worker_cannot_read_fail_in_the_service(world):
    with pytest.raises(ValueError, match="no mail 'nope' registered"):
        mail.send_on_commit("nope", offer_id=1)
    with pytest.raises(TypeError):
        mail.send_on_commit("offer_approved", offer_id=world["offer"])  # a model, not its id


class NoEagerCelery:
    def __getattr__(self, name):
        raise AssertionError(f"Celery's {name} used")


def test_without_a_broker_the_task_body_runs_inline(
    world, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    for method in ("delay", "apply_async", "apply"):
        monkeypatch.setattr(tasks.send_mail, method, NoEagerCelery().__getattr__)
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_on_commit("offer_approved", offer_id=world["offer"].pk)
    assert [message.to for message in mailoutbox] == [[world["offer"].notification_email]]


def test_with_a_broker_one_task_is_enqueued_after_the_commit(
    world, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    enqueued = []
    monkeypatch.setattr(tasks.send_mail, "delay", lambda *args: enqueued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_on_commit("booking_cancelled", booking_id=world["booking"].pk, comment="Salle inondée")
        assert enqueued == []
    assert enqueued == [("booking_cancelled", {"booking_id": world["booking"].pk, "comment": "Salle inondée"})]
    assert mailoutbox == []  # the worker sends it


def test_a_broker_down_is_logged_and_never_undoes_the_change(
    world, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def broker_down(*args):
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(tasks.send_mail, "delay", broker_down)
    offer = world["offer"]
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        offer.name = "Renommée"
        offer.save(update_fields=["name"])
        mail.send_on_commit("offer_approved", offer_id=offer.pk)
    offer.refresh_from_db()
    assert offer.name == "Renommée"
    assert "Connection refused" in caplog.text


class DownMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_down_is_retried_later_with_the_delays_of_the_booking_mails(world, settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.DownMailServer"
    retried = []
    monkeypatch.setattr(tasks.send_mail, "retry", lambda **kw: retried.append(kw) or Exception("retry"))
    params = {"membership_id": world["membership"].pk}

    with pytest.raises(Exception, match="retry"):
        tasks.send_mail("attachment_validated", params)

    [retry] = retried
    assert retry["args"] == ("attachment_validated", params, ["attachment_validated"])  # one mail: its template
    assert retry["countdown"] == 30
    assert tasks.RETRY_DELAYS == (30, 60, 120, 300, 600, 1800)
    assert tasks.send_mail.max_retries == len(tasks.RETRY_DELAYS)


def test_a_template_error_is_not_retried(world, monkeypatch):
    monkeypatch.setitem(mail._BUILDERS, "broken", lambda: mail.Mail("no_such_template", ["x@example.net"]))
    monkeypatch.setattr(tasks.send_mail, "retry", lambda **kw: pytest.fail("retried"))
    with pytest.raises(Exception, match="no_such_template"):
        tasks.send_mail("broken", {})


REDIS_TEST_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def redis_broker(settings):
    """Celery publishing to Redis db 12 (emptied), as with a configured broker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with broker_to(REDIS_TEST_URL) as client:
        yield client


@pytest.mark.redis
def test_with_redis_one_message_carries_the_ids_to_the_worker(world, redis_broker, django_capture_on_commit_callbacks):
    import json

    with django_capture_on_commit_callbacks(execute=True):
        mail.send_on_commit("booking_confirmed", booking_id=world["booking"].pk)

    [raw] = redis_broker.lrange("celery", 0, -1)
    message = json.loads(raw)
    assert message["headers"]["task"] == "core.send_mail"
    assert message["headers"]["argsrepr"] == repr(("booking_confirmed", {"booking_id": world["booking"].pk}))
