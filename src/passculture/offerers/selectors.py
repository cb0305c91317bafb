"""Reads, always scoped to the caller: a structure a user is not a validated member of does not exist for them."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet

from passculture.accounts.models import User
from passculture.connectors import sirene
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


def registered_offerer(siren: str) -> Offerer | None:
    """The structure already registered with ``siren`` (the sign-up tells a newcomer it will ask to join it)."""
    return Offerer.objects.filter(siren=siren).first()


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


def memberships_of(user: User) -> QuerySet[Membership]:
    """Every attachment of ``user`` (any status), newest first, with the structure and who decided."""
    return user.memberships.select_related("offerer", "decided_by").order_by("-created_at")


def status_changes_of(offerer: Offerer) -> QuerySet:
    """The structure's validation history, with who decided each change."""
    return offerer.status_changes.select_related("author")


def offerers_to_validate_summary(late_before: datetime.datetime) -> dict:
    """The activation queue in numbers: ``total``, ``new``, ``pending``, ``late`` (asked before ``late_before``),
    ``sirene_to_check`` (signed up while the register was down) and the ``oldest`` request (None when empty)."""
    return (
        offerers_to_validate()
        .order_by()
        .aggregate(
            total=Count("pk"),
            new=Count("pk", filter=Q(status=OffererStatus.NEW)),
            pending=Count("pk", filter=Q(status=OffererStatus.PENDING)),
            late=Count("pk", filter=Q(created_at__lt=late_before)),
            sirene_to_check=Count("pk", filter=Q(sirene_check_pending=True)),
            oldest=Min("created_at"),
        )
    )


def attachment_requests_summary() -> dict:
    """How many attachment requests await an answer (``total``) and the oldest one (``oldest``)."""
    return attachment_requests().order_by().aggregate(total=Count("pk"), oldest=Min("created_at"))


def memberships_for_staff() -> QuerySet[Membership]:
    """Every attachment, with its user and structure."""
    return Membership.objects.select_related("user", "offerer")


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


# --- The register, live (staff compare a structure with it) -----------------------------------------------------------


@dataclass(frozen=True)
class RegisterRecord:
    """What the Sirene register says now of a SIREN and of its head office; ``*_error`` is the connector's error
    code (``not_found``, ``not_diffusible``, ``rate_limited``, ``unavailable``, ``invalid``…) when it could not tell."""

    siren_info: sirene.SirenInfo | None
    siret_info: sirene.SiretInfo | None
    siren_error: str | None
    siret_error: str | None

    @property
    def address(self):
        """The head office's address, else the legal unit's; ``None`` when the register gave none."""
        return (self.siret_info.address if self.siret_info else None) or (
            self.siren_info.address if self.siren_info else None
        )


def register_record(siren: str) -> RegisterRecord:
    """Ask the register about ``siren`` and its head office; its errors are reported, never raised."""
    client = sirene.get_sirene_client()
    siren_info = siret_info = siren_error = siret_error = None
    try:
        siren_info = client.get_siren(siren)
    except sirene.SireneError as exc:
        siren_error = getattr(exc, "code", "error")
    if siren_info is not None and siren_info.head_office_siret:
        try:
            siret_info = client.get_siret(siren_info.head_office_siret)
        except sirene.SireneError as exc:
            siret_error = getattr(exc, "code", "error")
    return RegisterRecord(siren_info, siret_info, siren_error, siret_error)
