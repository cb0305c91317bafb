"""Reads, always scoped to the caller: a structure a user is not a validated member of does not exist for them."""

from django.db.models import Count, Q, QuerySet

from passculture.accounts.models import User
from passculture.offerers.models import ApiKey, Membership, MembershipStatus, Offerer, OffererStatus, Venue


def validated_members(offerer: Offerer) -> QuerySet[User]:
    return User.objects.filter(
        memberships__offerer=offerer, memberships__status=MembershipStatus.VALIDATED, is_active=True
    ).order_by("last_name", "first_name")


def offerers_of(user: User) -> QuerySet[Offerer]:
    return Offerer.objects.filter(memberships__user=user, memberships__status=MembershipStatus.VALIDATED).order_by(
        "name"
    )


def venues_of(user: User) -> QuerySet[Venue]:
    return Venue.objects.filter(
        offerer__memberships__user=user, offerer__memberships__status=MembershipStatus.VALIDATED
    ).select_related("offerer")


def pending_memberships_of(user: User) -> QuerySet[Membership]:
    """The user's own attachment requests still waiting for an answer."""
    return Membership.objects.filter(user=user, status=MembershipStatus.PENDING).select_related("offerer")


def pending_memberships_for(offerer: Offerer) -> QuerySet[Membership]:
    """Requests to join ``offerer`` (for its members and for staff)."""
    return offerer.memberships.filter(status=MembershipStatus.PENDING).select_related("user").order_by("created_at")


def memberships_of_offerers_of(user: User) -> QuerySet[Membership]:
    """Every attachment (any status) to the structures the user is a validated member of."""
    return Membership.objects.select_related("user", "offerer").filter(offerer__in=offerers_of(user))


def apikeys_of(user: User) -> QuerySet[ApiKey]:
    """The API keys (revoked ones included) of the structures the user is a validated member of."""
    return ApiKey.objects.select_related("offerer").filter(offerer__in=offerers_of(user).order_by())


# --- Back office (staff only; callers check ``is_staff``) ---------------------------------------------------


def offerers_to_validate() -> QuerySet[Offerer]:
    """The activation queue, oldest request first (the guide promises an answer within 2 working days)."""
    return (
        Offerer.objects.filter(status__in=[OffererStatus.NEW, OffererStatus.PENDING])
        .annotate(member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.VALIDATED)))
        .order_by("created_at")
    )


def attachment_requests() -> QuerySet[Membership]:
    return (
        Membership.objects.filter(status=MembershipStatus.PENDING)
        .select_related("user", "offerer")
        .order_by("created_at")
    )


def search_offerers(query: str) -> QuerySet[Offerer]:
    query = (query or "").strip()
    offerers = Offerer.objects.order_by("name")
    if not query:
        return offerers
    digits = query.replace(" ", "")
    if digits.isdigit():
        return offerers.filter(Q(siren__startswith=digits[:9]) | Q(venues__siret__startswith=digits)).distinct()
    return offerers.filter(Q(name__fcontains=query) | Q(city__fcontains=query))


def search_users(query: str) -> QuerySet[User]:
    query = (query or "").strip()
    users = User.objects.order_by("last_name", "first_name")
    if not query:
        return users
    return users.filter(
        Q(email__icontains=query)
        | Q(first_name__fcontains=query)
        | Q(last_name__fcontains=query)
        | Q(phone__contains=query.replace(" ", ""))
    )
