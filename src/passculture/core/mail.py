"""Sending mail: templates rendered to text + HTML, sent after the transaction commits.

In the embedded default the :class:`DatabaseEmailBackend` keeps messages in the database so a newcomer can
open them at ``/dev/mails``; production uses SMTP (see the README's configuration table).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string


class DatabaseEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from passculture.core.models import StoredEmail

        sent = 0
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            StoredEmail.objects.create(
                from_email=message.from_email,
                to=", ".join(message.recipients()),
                subject=message.subject,
                body_text=message.body,
                body_html=html,
            )
            sent += 1
        return sent


def build_message(
    template: str, to: Iterable[str], context: dict, reply_to: Iterable[str] = ()
) -> EmailMultiAlternatives:
    """Render ``emails/<template>.subject.txt``, ``.txt`` and ``.html`` into one message."""
    context = {"public_url": settings.PUBLIC_URL, "support_email": settings.SUPPORT_EMAIL, **context}
    subject = " ".join(render_to_string(f"emails/{template}.subject.txt", context).split())
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, list(to), reply_to=list(reply_to))
    message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(template: str, to: Iterable[str], context: dict, reply_to: Iterable[str] = ()) -> None:
    """Send once the current transaction commits (at once outside a transaction)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    message = build_message(template, recipients, context, reply_to)
    transaction.on_commit(message.send)
