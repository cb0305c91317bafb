import re

from django.conf import settings

VERIFY_LINK = re.compile(re.escape(settings.PUBLIC_URL) + r"/inscription/verification/([^/\s]+)/")


def verification_token(message) -> str:
    match = VERIFY_LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def mails_to(outbox, address: str) -> list:
    return [message for message in outbox if address in message.to]


def subjects(outbox) -> list[str]:
    return [message.subject for message in outbox]
