"""Every email renders in French with its links; mail leaves after the commit, stored or through SMTP."""

import copy
import email
import re
import socket
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.test import override_settings
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

import passculture
from passculture.core import mail as core_mail
from passculture.core.identifiers import format_siren
from passculture.core.mail import Mail, build_message, send_on_commit
from passculture.core.models import StoredEmail
from passculture.offerers.models import OffererStatus
from tests import factories

pytestmark = pytest.mark.django_db

# Every template of the mails registered outside bookings, with the context its builder gives it.
TEMPLATES = [
    "verify_email",
    "offerer_under_review",
    "attachment_under_review",
    "attachment_requested",
    "offerer_validated",
    "offerer_on_hold",
    "offerer_rejected",
    "attachment_validated",
    "attachment_rejected",
    "invitation",
    "offer_approved",
    "offer_rejected",
    "bank_account_accepted",
    "bank_account_refused",
    "bank_account_corrections",
]
OFFERER_NAME = "Cinéma l'Éden & Cie"  # an apostrophe and an ampersand: must never show as &#x27; or &amp;


@pytest.fixture
def people(db):
    offerer = factories.OffererFactory(name=OFFERER_NAME, status=OffererStatus.NEW)
    user = factories.UserFactory(first_name="Léa", last_name="N'Diaye", email="lea.ndiaye@example.net")
    other = factories.UserFactory(first_name="Hervé", last_name="Le Gall", email="herve@example.net")
    return offerer, user, other


OFFER_NAME = "L'Étranger & moi"


def _offer(offerer):
    from passculture.offers.models import Offer

    venue = factories.VenueFactory(offerer=offerer, name="Librairie du Port")
    return Offer.objects.create(venue=venue, subcategory_id="LIVRE_PAPIER", name=OFFER_NAME, validation="PENDING")


def _bank_account(offerer):
    from passculture.finance.rules import mask_iban

    account = factories.BankAccountFactory(offerer=offerer, label="Compte de l'Éden")
    return {
        "account": account,
        "offerer": offerer,
        "masked_iban": mask_iban(account.iban),
        "url": f"{settings.PUBLIC_URL}/remboursements/informations-bancaires/{offerer.pk}/",
    }


def context_for(template: str, offerer, user, other) -> dict:
    if template.startswith("bank_account_"):
        return {
            "bank_account_accepted": {},
            "bank_account_refused": {"reason": "Le RIB n'est pas au nom de la structure."},
            "bank_account_corrections": {"comment": "Merci d'envoyer un Kbis de moins de 6 mois."},
        }[template] | _bank_account(offerer)
    if template.startswith("offer_"):
        offer = _offer(offerer)
        return {
            "offer_approved": {"offer": offer},
            "offer_rejected": {"offer": offer, "reason": "Les manuels scolaires ne sont pas éligibles."},
        }[template]
    return {
        "verify_email": {
            "user": user,
            "url": settings.PUBLIC_URL + "/inscription/verification/eyJ1aWQiOjF9:1uAbCd:Xy/",
            "resend_url": settings.PUBLIC_URL + "/inscription/renvoyer-le-lien/",
        },
        "offerer_under_review": {"user": user, "offerer": offerer},
        "attachment_under_review": {"user": user, "offerer": offerer},
        "attachment_requested": {
            "offerer": offerer,
            "requester": user,
            "url": f"{settings.PUBLIC_URL}/structures/{offerer.pk}/",
        },
        "offerer_validated": {"offerer": offerer, "url": settings.PUBLIC_URL + "/connexion/"},
        "offerer_on_hold": {"offerer": offerer, "comment": "Merci de nous envoyer l'extrait Kbis & vos statuts."},
        "offerer_rejected": {"offerer": offerer, "reason": "L'activité n'est pas culturelle."},
        "attachment_validated": {"offerer": offerer, "user": user, "url": settings.PUBLIC_URL + "/connexion/"},
        "attachment_rejected": {"offerer": offerer, "user": user},
        "invitation": {
            "offerer": offerer,
            "inviter": other,
            "has_account": False,
            "url": f"{settings.PUBLIC_URL}/inscription/?siren={offerer.siren}",
        },
    }[template]


@pytest.fixture
def strict_templates():
    """Make a missing variable visible: it renders as INVALID[name] instead of nothing."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"
    with override_settings(TEMPLATES=templates):
        yield


def assert_clean(text: str) -> None:
    for leftover in ("{{", "}}", "{%", "%}", "INVALID[", "&amp;", "&#x27;", "&quot;", "None"):
        assert leftover not in text, f"{leftover!r} in {text!r}"


class TestEveryTemplate:
    def test_every_template_sent_by_the_code_is_listed_here(self):
        # Mail is sent by services only (services own their side effects), each kind registered.
        source = "\n".join(p.read_text() for p in Path(passculture.__file__).parent.rglob("services.py"))
        used = set(re.findall(r'send_on_commit\(\s*"(\w+)"', source))
        used |= set(re.findall(r'template = "(\w+)"', source))
        registered = set(core_mail.registered_kinds())
        assert used <= registered
        booking_kinds = {name for name in registered if name.startswith("booking_")}  # tests/bookings/test_emails.py
        assert registered - booking_kinds == set(TEMPLATES)

    @pytest.mark.parametrize("template", TEMPLATES)
    def test_renders_text_and_html(self, template, people, strict_templates):
        offerer, user, other = people
        context = context_for(template, offerer, user, other)

        message = build_message(template, ["someone@example.net"], context)
        [(html, mimetype)] = message.alternatives

        assert mimetype == "text/html"
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert message.subject and "\n" not in message.subject
        for part in (message.subject, message.body):
            assert_clean(part)
        assert "INVALID[" not in html and "{{" not in html and "{%" not in html
        # Signed by the team, with the support address in the footer.
        assert "L'équipe pass Culture" in message.body
        assert settings.SUPPORT_EMAIL in message.body
        assert '<html lang="fr">' in html
        assert "pass Culture Pro" in html
        assert f"mailto:{settings.SUPPORT_EMAIL}" in html
        assert "L'équipe pass Culture" in html
        if "offerer" in context:
            # The structure is named as people typed it, escaped only in HTML.
            assert OFFERER_NAME in message.body
            assert "Cinéma l&#x27;Éden &amp; Cie" in html
            assert format_siren(offerer.siren) in message.body
        if "url" in context:
            link = context["url"]
            assert link.startswith(settings.PUBLIC_URL + "/")
            assert link in message.body
            assert f'href="{link}"' in html

    @pytest.mark.parametrize(
        ("template", "subject", "phrases"),
        [
            (
                "verify_email",
                "Validez votre adresse email",
                [
                    "24 heures",
                    "2 jours ouvrés",
                    "spams",
                    "/inscription/renvoyer-le-lien/?email=lea.ndiaye%40example.net",
                ],
            ),
            (
                "offerer_under_review",
                f"Votre structure {OFFERER_NAME} est en cours de validation",
                ["2 jours ouvrés", "créer vos lieux", "créer vos offres", "validée"],
            ),
            (
                "attachment_under_review",
                f"Votre demande de rattachement à {OFFERER_NAME} est en cours d'examen",
                ["ses membres ou par l'équipe du pass Culture"],
            ),
            (
                "attachment_requested",
                f"Léa N'Diaye demande à rejoindre {OFFERER_NAME}",
                ["Léa N'Diaye (lea.ndiaye@example.net)", "acceptez", "refusez"],
            ),
            (
                "offerer_validated",
                "Votre structure a été validée",
                ["numéro de SIREN", "numéro de SIRET", "Publiez vos offres"],
            ),
            ("offerer_on_hold", None, ["Merci de nous envoyer l'extrait Kbis & vos statuts."]),
            ("offerer_rejected", None, ["L'activité n'est pas culturelle."]),
            ("attachment_validated", f"Vous avez rejoint la structure {OFFERER_NAME}", ["acceptée"]),
            ("attachment_rejected", None, ["n'a pas été acceptée"]),
            (
                "invitation",
                f"Hervé Le Gall vous invite à rejoindre {OFFERER_NAME} sur pass Culture Pro",
                ["créez votre compte", "SIREN de la structure"],
            ),
            (
                "offer_approved",
                f"Votre offre « {OFFER_NAME} » a été validée",
                [OFFER_NAME, "Librairie du Port", "validé votre offre", "dès que votre structure"],
            ),
            (
                "bank_account_accepted",
                "Vos coordonnées bancaires ont été validées",
                ["Compte de l'Éden", "FR76 •••• ••••", "rétroactifs", "Informations bancaires"],
            ),
            (
                "bank_account_refused",
                "Vos coordonnées bancaires n'ont pas pu être validées",
                ["Le RIB n'est pas au nom de la structure.", "nouveau dossier", "restent publiées"],
            ),
            (
                "bank_account_corrections",
                "Vos coordonnées bancaires : des corrections sont nécessaires",
                ["Merci d'envoyer un Kbis de moins de 6 mois.", "Corrigez votre dossier"],
            ),
            (
                "offer_rejected",
                f"Votre offre « {OFFER_NAME} » n'a pas été validée",
                [
                    "Les manuels scolaires ne sont pas éligibles.",
                    "désactivée",
                    "réservations ont été annulées",
                    "support",
                ],
            ),
        ],
    )
    def test_says_what_the_pro_needs_to_know(self, template, subject, phrases, people):
        offerer, user, other = people
        message = build_message(template, ["someone@example.net"], context_for(template, offerer, user, other))
        if subject:
            assert message.subject == subject
        for phrase in phrases:
            assert phrase in message.body

    def test_invitation_of_someone_who_has_an_account(self, people):
        offerer, user, other = people
        context = {"offerer": offerer, "inviter": other, "has_account": True, "url": "/connexion/"}
        message = build_message("invitation", [user.email], context)
        assert "Vous avez déjà un compte" in message.body
        assert "créez votre compte" not in message.body
        assert "Me connecter" in message.alternatives[0][0]

    def test_on_hold_comment_keeps_its_lines_in_html(self, people):
        offerer, _, _ = people
        message = build_message("offerer_on_hold", ["x@example.net"], {"offerer": offerer, "comment": "Un\nDeux"})
        assert "Un<br>Deux" in message.alternatives[0][0]

    def test_html_of_user_input_is_escaped(self, people):
        offerer, _, _ = people
        reason = "<script>alert(1)</script>"
        message = build_message("offerer_rejected", ["x@example.net"], {"offerer": offerer, "reason": reason})
        assert "<script>" not in message.alternatives[0][0]
        assert "&lt;script&gt;" in message.alternatives[0][0]


class TestPasswordReset:
    def test_django_form_sends_our_mail_with_a_working_link(self, user, mailoutbox):
        form = PasswordResetForm({"email": user.email.upper()})
        assert form.is_valid()
        form.save(
            domain_override="pro.passculture.app",
            use_https=True,
            subject_template_name="emails/password_reset.subject.txt",
            email_template_name="emails/password_reset.txt",
            html_email_template_name="emails/password_reset.html",
        )

        [message] = mailoutbox
        assert message.to == [user.email]
        assert message.subject == "Réinitialisation de votre mot de passe pass Culture Pro"
        assert_clean(message.body)
        assert "24 heures" in message.body
        assert "ignorez ce message" in message.body
        assert "support@passculture.app" in message.body  # no support_email in Django's context: fallback
        match = re.search(r"https://pro\.passculture\.app/mot-de-passe/([^/\s]+)/([^/\s]+)/", message.body)
        assert match, message.body
        uid, token = match.groups()
        assert force_str(urlsafe_base64_decode(uid)) == str(user.pk)
        assert default_token_generator.check_token(user, token)
        html = message.alternatives[0][0]
        assert f'href="{match.group(0)}"' in html

    def test_unknown_address_receives_nothing(self, db, mailoutbox):
        form = PasswordResetForm({"email": "nobody@example.net"})
        assert form.is_valid()
        form.save(
            domain_override="pro.passculture.app",
            subject_template_name="emails/password_reset.subject.txt",
            email_template_name="emails/password_reset.txt",
        )
        assert mailoutbox == []


class TestSending:
    @pytest.fixture
    def rejected(self, people):
        offerer, user, _ = people
        return factories.MembershipFactory(user=user, offerer=offerer, status="REJECTED")

    def test_sent_after_commit(self, rejected, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            send_on_commit("attachment_rejected", membership_id=rejected.pk)
            assert mailoutbox == []  # not before the commit
        assert [m.to for m in mailoutbox] == [[rejected.user.email]]

    def test_nothing_sent_when_the_transaction_fails(self, rejected, mailoutbox, django_capture_on_commit_callbacks):
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            send_on_commit("attachment_rejected", membership_id=rejected.pk)
            raise RuntimeError("rolled back")
        assert callbacks == []
        assert mailoutbox == []

    def test_empty_addresses_are_dropped(self, people, mailoutbox, django_capture_on_commit_callbacks, monkeypatch):
        offerer, user, _ = people
        context = {"offerer": offerer, "user": user}
        monkeypatch.setitem(core_mail._BUILDERS, "to", lambda to: Mail("attachment_rejected", to, context))
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            send_on_commit("to", to=[])
            send_on_commit("to", to=["", None])
            send_on_commit("to", to=["", user.email])
        assert len(callbacks) == 3  # built when the mail leaves: only then are the recipients known
        assert [m.to for m in mailoutbox] == [[user.email]]


class TestDatabaseEmailBackend:
    @override_settings(EMAIL_BACKEND="passculture.core.mail.DatabaseEmailBackend")
    def test_messages_are_stored_for_the_dev_mailbox(self, people):
        offerer, user, other = people
        message = build_message("offerer_validated", [user.email, other.email], {"offerer": offerer, "url": "/x/"})

        assert message.send() == 1

        stored = StoredEmail.objects.get()
        assert stored.recipients == [user.email, other.email]
        assert stored.subject == "Votre structure a été validée"
        assert stored.from_email == settings.DEFAULT_FROM_EMAIL
        assert stored.body_text == message.body
        assert stored.body_html.startswith("<!DOCTYPE html>")
        assert mail.outbox == []

    @override_settings(EMAIL_BACKEND="passculture.core.mail.DatabaseEmailBackend")
    def test_text_only_message(self, db):
        mail.send_mail("Objet", "Corps", "from@example.net", ["to@example.net"])
        stored = StoredEmail.objects.get()
        assert (stored.subject, stored.body_text, stored.body_html) == ("Objet", "Corps", "")

    @override_settings(EMAIL_BACKEND="passculture.core.mail.DatabaseEmailBackend")
    def test_the_messages_of_one_connection_are_stored_in_one_write_when_it_closes(self, db, django_assert_num_queries):
        messages = [EmailMessage(f"Objet {n}", "Corps", "from@example.net", ["to@example.net"]) for n in range(3)]
        connection = get_connection()
        connection.open()
        with django_assert_num_queries(0):
            for message in messages:
                assert connection.send_messages([message]) == 1
        with django_assert_num_queries(1):
            connection.close()

        assert sorted(StoredEmail.objects.values_list("subject", flat=True)) == ["Objet 0", "Objet 1", "Objet 2"]


class _Collector:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = _Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


class TestRealSmtp:
    def test_sign_up_sends_the_verification_link_through_smtp(self, smtp_server, django_capture_on_commit_callbacks):
        from passculture.accounts.models import User
        from passculture.offerers.services import pro_signup, pro_verify_email

        controller, handler = smtp_server
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST=controller.hostname,
                EMAIL_PORT=controller.port,
                EMAIL_USE_TLS=False,
                EMAIL_USE_SSL=False,
                EMAIL_HOST_USER="",
                EMAIL_HOST_PASSWORD="",
            ),
            django_capture_on_commit_callbacks(execute=True),
        ):
            pro_signup(
                email="Nouvelle.Pro@Example.net",
                password="Un-mot-de-passe-2026!",
                first_name="Zoé",
                last_name="Durand",
                phone="06 12 34 56 78",
                structure_name="Ma librairie",
                siren="123456782",
            )

        [envelope] = handler.envelopes
        assert envelope.rcpt_tos == ["nouvelle.pro@example.net"]
        received = email.message_from_bytes(envelope.original_content, policy=policy.default)
        assert received["Subject"] == "Validez votre adresse email"
        assert received["To"] == "nouvelle.pro@example.net"
        text = received.get_body(preferencelist=("plain",)).get_content()
        html = received.get_body(preferencelist=("html",)).get_content()
        match = re.search(re.escape(settings.PUBLIC_URL) + r"/inscription/verification/([^/\s]+)/", text)
        assert match, text
        assert match.group(0) in html
        # The link that went through SMTP is the one that verifies the account.
        with django_capture_on_commit_callbacks(execute=True):
            pro_verify_email(match.group(1))
        assert User.objects.get(email="nouvelle.pro@example.net").is_email_verified
