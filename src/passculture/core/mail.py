"""Sending mail: one path for every mail of the project, after the transaction commits.

A domain app declares each kind of mail in its ``notifications.py``: :func:`register` a builder that takes ids
(and short texts such as a reason) and returns the :class:`Mail` to send — its template, recipients and
context, read from the database as it is when the mail leaves. A service then calls
``send_on_commit("offer_approved", offer_id=offer.pk)``: once its transaction commits, one Celery task
(:func:`passculture.core.tasks.send_mail`) builds and sends the mails of that kind; on a mail server error a
worker retries it later for the recipients not yet sent to. Without a broker (``CELERY_TASK_ALWAYS_EAGER``: the
embedded default and the tests) the task body runs inline, once. Either way a mail that cannot be enqueued or
sent is logged and never undoes the business change (see ``docs/adr/0007-one-mail-path.md``).

In the embedded default the :class:`DatabaseEmailBackend` keeps messages in the database so a newcomer can
open them at ``/dev/mails``; production uses SMTP (see the README's configuration table).
"""

import contextlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string


class DatabaseEmailBackend(BaseEmailBackend):
    """Stores messages for ``/dev/mails``. The messages sent through an opened connection (``with
    get_connection() as connection:``, as :func:`send_now` does) are stored in one INSERT when it closes."""

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self._pending: list | None = None

    def open(self) -> bool:
        if self._pending is not None:
            return False
        self._pending = []
        return True

    def close(self) -> None:
        pending, self._pending = self._pending, None
        if pending:
            self._store(pending)

    def send_messages(self, email_messages) -> int:
        from passculture.core.models import StoredEmail

        stored = []
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            stored.append(
                StoredEmail(
                    from_email=message.from_email,
                    to=", ".join(message.recipients()),
                    subject=message.subject,
                    body_text=message.body,
                    body_html=html,
                )
            )
        if self._pending is not None:
            self._pending.extend(stored)
        elif stored:
            self._store(stored)
        return len(stored)

    @staticmethod
    def _store(stored: list) -> None:
        """One INSERT of every row: ``bulk_create`` would wrap it in a transaction of its own (BEGIN, COMMIT: two
        more round trips) when the mails leave after the booking's commit."""
        from passculture.core.models import StoredEmail

        fields = [field for field in StoredEmail._meta.concrete_fields if not field.primary_key]
        StoredEmail.objects._insert(stored, fields=fields)  # what bulk_create runs inside its transaction


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


@dataclass
class Mail:
    """One message to build: ``emails/<template>.*`` rendered with ``context``, to ``to`` (empty addresses
    dropped; a mail left without recipients is not sent)."""

    template: str
    to: Iterable[str | None]
    context: dict = field(default_factory=dict)
    reply_to: Iterable[str] = ()

    @property
    def recipients(self) -> list[str]:
        return [address for address in self.to if address]


# A builder takes the parameters given to ``send_on_commit`` and returns the mails of its kind: one Mail, several
# by a key of their own (``{"beneficiary": …, "offerer": …}``: a retry sends only the keys not yet sent), or None.
Builder = Callable[..., "Mail | Mapping[str, Mail] | None"]
_BUILDERS: dict[str, Builder] = {}


def register(kind: str) -> Callable[[Builder], Builder]:
    """Declare the builder of the mails of ``kind`` (a decorator, in the app's ``notifications.py``)."""

    def decorator(builder: Builder) -> Builder:
        if _BUILDERS.get(kind, builder) is not builder:
            raise ValueError(f"mail {kind!r} already registered")
        _BUILDERS[kind] = builder
        return builder

    return decorator


def registered_kinds() -> list[str]:
    return sorted(_BUILDERS)


def build_mails(kind: str, params: Mapping, loaded: Mapping | None = None) -> dict[str, Mail]:
    """The mails of ``kind`` for ``params``, by key, those without recipients left out. ``loaded``: objects the
    sender already holds, given to the builder so it need not read them again (see :func:`send_on_commit`)."""
    try:
        builder = _BUILDERS[kind]
    except KeyError:
        raise ValueError(f"no mail {kind!r} registered") from None
    built = builder(**params, **(loaded or {}))
    if built is None:
        return {}
    mails = {built.template: built} if isinstance(built, Mail) else dict(built)
    return {key: mail for key, mail in mails.items() if mail.recipients}


class MailsFailed(Exception):
    """Some mails could not be sent: ``keys`` are the mails still to be sent."""

    def __init__(self, kind: str, keys: list[str], error: Exception) -> None:
        super().__init__(f"{kind} mails to {', '.join(keys)} not sent: {error}")
        self.kind = kind
        self.keys = keys
        self.error = error


def send_now(kind: str, params: Mapping, only: Iterable[str] | None = None, loaded: Mapping | None = None) -> None:
    """Build and send the mails of ``kind`` (only the keys ``only`` when given, in that order), each tried even
    when another fails; :class:`MailsFailed` then names the keys left to send (a retry never sends a mail twice).

    The mails of one kind share one connection of the mail backend: one SMTP session, one write of the
    development mailbox."""
    mails = build_mails(kind, params, loaded)
    keys = [key for key in (mails if only is None else only) if key in mails]
    if not keys:
        return
    connection = get_connection()
    try:
        connection.open()
    except (SMTPException, OSError) as exc:
        raise MailsFailed(kind, keys, exc) from exc
    failed, error = [], None
    try:
        for key in keys:
            mail = mails[key]
            message = build_message(mail.template, mail.recipients, mail.context, mail.reply_to)
            try:
                connection.send_messages([message])
            except (SMTPException, OSError) as exc:
                failed.append(key)
                error = exc
    finally:
        with contextlib.suppress(SMTPException, OSError):  # the messages are sent; only the goodbye failed
            connection.close()
    if failed:
        raise MailsFailed(kind, failed, error)


def send_on_commit(kind: str, *, loaded: Mapping | None = None, **params) -> None:
    """Send the mails of ``kind`` once the current transaction commits (at once outside a transaction).

    ``params`` go to the kind's builder: ids and short texts, JSON-serialisable (they travel to a Celery worker).
    With a broker one task is enqueued; without one the task body runs inline, and the builder also gets
    ``loaded``: the objects the service already holds, as committed (``{"booking": booking}`` with its related
    rows), so the mail is built without reading them again. A failure is logged, never raised.
    """
    if kind not in _BUILDERS:
        raise ValueError(f"no mail {kind!r} registered")
    json.dumps(params)  # fails here, in the service, rather than in the worker

    def enqueue_mail() -> None:
        from passculture.core import tasks

        if settings.CELERY_TASK_ALWAYS_EAGER:
            send_now(kind, params, loaded=loaded)  # no broker: the task's body, without Celery's eager machinery
        else:
            tasks.send_mail.delay(kind, params)

    transaction.on_commit(enqueue_mail, robust=True)


def autodiscover() -> None:
    """Import the ``notifications`` module of each of the project's apps, where its mails are registered."""
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if config.name.startswith("passculture.") and module_has_submodule(config.module, "notifications"):
            import_module(f"{config.name}.notifications")
