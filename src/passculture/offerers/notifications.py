"""Mails of structures: attachment requests, the validation workflow, invitations.

Each kind is built from ids when the mail leaves (``passculture.core.mail``); the services decide which to send.
"""

from passculture.accounts.models import User
from passculture.core.links import link
from passculture.core.mail import Mail, register
from passculture.offerers.models import Membership, Offerer
from passculture.offerers.selectors import validated_members


@register("attachment_requested")
def attachment_requested(offerer_id: int, requester_id: int) -> Mail:
    """To the members who may decide (docs/domain/offerers.md#memberships): the verified members of a validated
    structure, but the one asking to join; nobody else (the staff decide from the back office)."""
    offerer, requester = Offerer.objects.get(pk=offerer_id), User.objects.get(pk=requester_id)
    deciders = validated_members(offerer).filter(email_verified_at__isnull=False) if offerer.is_validated else []
    return Mail(
        "attachment_requested",
        [member.email for member in deciders if member.pk != requester.pk],
        {"offerer": offerer, "requester": requester, "url": link("pro-offerer-detail", pk=offerer.pk)},
    )


def _to_the_user(template: str, user_id: int, offerer_id: int) -> Mail:
    user = User.objects.get(pk=user_id)
    return Mail(template, [user.email], {"user": user, "offerer": Offerer.objects.get(pk=offerer_id)})


@register("attachment_under_review")
def attachment_under_review(user_id: int, offerer_id: int) -> Mail:
    return _to_the_user("attachment_under_review", user_id, offerer_id)


@register("offerer_under_review")
def offerer_under_review(user_id: int, offerer_id: int) -> Mail:
    return _to_the_user("offerer_under_review", user_id, offerer_id)


def _to_the_members(template: str, offerer_id: int, **context) -> Mail:
    offerer = Offerer.objects.get(pk=offerer_id)
    return Mail(template, [member.email for member in validated_members(offerer)], {"offerer": offerer, **context})


@register("offerer_validated")
def offerer_validated(offerer_id: int) -> Mail:
    return _to_the_members("offerer_validated", offerer_id, url=link("login"))


@register("offerer_on_hold")
def offerer_on_hold(offerer_id: int, comment: str) -> Mail:
    return _to_the_members("offerer_on_hold", offerer_id, comment=comment)


@register("offerer_rejected")
def offerer_rejected(offerer_id: int, reason: str) -> Mail:
    return _to_the_members("offerer_rejected", offerer_id, reason=reason)


def _to_the_member(template: str, membership_id: int, **context) -> Mail:
    membership = Membership.objects.select_related("user", "offerer").get(pk=membership_id)
    user = membership.user
    return Mail(template, [user.email], {"offerer": membership.offerer, "user": user, **context})


@register("attachment_validated")
def attachment_validated(membership_id: int) -> Mail:
    return _to_the_member("attachment_validated", membership_id, url=link("login"))


@register("attachment_rejected")
def attachment_rejected(membership_id: int) -> Mail:
    return _to_the_member("attachment_rejected", membership_id)


@register("invitation")
def invitation(offerer_id: int, email: str, inviter_id: int) -> Mail:
    """Someone with an account logs in; someone without signs up with the structure's SIREN."""
    offerer = Offerer.objects.get(pk=offerer_id)
    has_account = User.objects.filter(email=email).exists()
    url = link("login") if has_account else link("pro-signup", query={"siren": offerer.siren})
    return Mail(
        "invitation",
        [email],
        {"offerer": offerer, "inviter": User.objects.get(pk=inviter_id), "has_account": has_account, "url": url},
    )
