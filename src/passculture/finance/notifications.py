"""Mails of bank details: the staff's decision on an embedded application, to the structure's members
(docs/domain/finance.md#review). DS dossiers are answered through DS's own messages."""

from passculture.core.links import link
from passculture.core.mail import Mail, register
from passculture.finance.models import BankAccount
from passculture.finance.rules import mask_iban
from passculture.offerers.selectors import validated_members


def _to_the_members(template: str, bank_account_id: int, **context) -> Mail | None:
    account = BankAccount.objects.select_related("offerer").get(pk=bank_account_id)
    if account.offerer is None:
        return None
    return Mail(
        template,
        [member.email for member in validated_members(account.offerer)],
        {
            "account": account,
            "offerer": account.offerer,
            "masked_iban": mask_iban(account.iban),
            "url": link("pro-bank-details", pk=account.offerer_id),
            **context,
        },
    )


@register("bank_account_accepted")
def bank_account_accepted(bank_account_id: int) -> Mail | None:
    return _to_the_members("bank_account_accepted", bank_account_id)


@register("bank_account_refused")
def bank_account_refused(bank_account_id: int, reason: str) -> Mail | None:
    return _to_the_members("bank_account_refused", bank_account_id, reason=reason)


@register("bank_account_corrections")
def bank_account_corrections(bank_account_id: int, comment: str) -> Mail | None:
    return _to_the_members("bank_account_corrections", bank_account_id, comment=comment)
