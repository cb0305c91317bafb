"""Reads of bank details, scoped to the caller: an account, a document or a venue of a structure the user is not a
validated member of does not exist for them. The staff reads are at the end (callers check ``is_staff``)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from passculture.accounts.models import User
from passculture.finance import rules
from passculture.finance.models import (
    ApplicationSource,
    BankAccount,
    BankAccountDocument,
    BankAccountLink,
    BankAccountStatus,
    BankAccountStatusChange,
    DmsSyncState,
)
from passculture.finance.selectors.pricing import pricing_points_at
from passculture.offerers.models import Offerer, Venue
from passculture.offerers.selectors import offerers_of


def _in_force(at: datetime.datetime) -> Q:
    return Q(starts_at__lte=at) & (Q(ends_at__isnull=True) | Q(ends_at__gt=at))


def link_in_force(venue: Venue | int, at: datetime.datetime | None = None) -> BankAccountLink | None:
    """The link of ``venue`` in force at ``at`` (now): a payment batch reads it at its cut-off
    (docs/domain/finance.md#links-over-time)."""
    at = at or timezone.now()
    return (
        BankAccountLink.objects.select_related("bank_account")
        .filter(_in_force(at), venue=venue)
        .order_by("-starts_at")
        .first()
    )


def account_paying(venue: Venue | int, at: datetime.datetime | None = None) -> BankAccount | None:
    """The account that pays ``venue`` at ``at`` (now), whatever its status (a payment needs it ``ACCEPTED``)."""
    link = link_in_force(venue, at)
    return link.bank_account if link is not None else None


def links_in_force(venues, at: datetime.datetime | None = None) -> dict[int, BankAccountLink]:
    """``{venue id: link in force}`` for many venues at once (the pages' lists)."""
    at = at or timezone.now()
    links = BankAccountLink.objects.select_related("bank_account").filter(_in_force(at), venue__in=venues)
    return {link.venue_id: link for link in links}


# --- Pro pages ------------------------------------------------------------------------------------------------------


def bank_accounts_of(user: User) -> QuerySet[BankAccount]:
    """The accounts of the structures ``user`` is a validated member of."""
    return BankAccount.objects.filter(offerer__in=offerers_of(user).order_by()).select_related("offerer")


def documents_of(user: User) -> QuerySet[BankAccountDocument]:
    return BankAccountDocument.objects.filter(bank_account__in=bank_accounts_of(user)).select_related("bank_account")


def venues_of_offerer(offerer: Offerer) -> QuerySet[Venue]:
    return Venue.objects.filter(offerer=offerer).order_by("is_virtual", "name")


@dataclass(frozen=True)
class VenueAccount:
    venue: Venue
    account: BankAccount | None
    pricing_point: Venue | None = None  # the venue whose revenue sets its rate (docs/domain/finance.md#pricing-points)

    @property
    def paid(self) -> bool:
        return self.account is not None and self.account.is_accepted


@dataclass(frozen=True)
class BankDetails:
    """What the page "Informations bancaires" of a structure shows."""

    offerer: Offerer
    accounts: list[BankAccount]
    venues: list[VenueAccount]

    @property
    def has_accepted_account(self) -> bool:
        return any(account.is_accepted for account in self.accounts)

    @property
    def venues_unpaid(self) -> list[Venue]:
        """Venues no accepted account pays: the digital venue only once it has offers."""
        return [item.venue for item in self.venues if not item.paid and _counts(item.venue)]

    @property
    def missing(self) -> bool:
        """The yellow banner: the structure has no accepted account, or a venue is paid by none."""
        return not self.has_accepted_account or bool(self.venues_unpaid)

    @property
    def linkable_accounts(self) -> list[BankAccount]:
        return [account for account in self.accounts if account.status not in rules.CLOSED]


def _counts(venue: Venue) -> bool:
    return not venue.is_virtual or getattr(venue, "offer_count", 0) > 0


def bank_details(offerer: Offerer, at: datetime.datetime | None = None) -> BankDetails:
    in_force = links_in_force(Venue.objects.filter(offerer=offerer), at)
    accounts: list[BankAccount] = list(
        BankAccount.objects.filter(offerer=offerer)
        .prefetch_related(
            Prefetch(
                "links",
                queryset=BankAccountLink.objects.filter(pk__in=[link.pk for link in in_force.values()]).select_related(
                    "venue"
                ),
                to_attr="links_in_force",
            )
        )
        .order_by("-status_changed_at", "-pk")
    )
    by_pk = {account.pk: account for account in accounts}
    venues = list(venues_of_offerer(offerer).annotate(offer_count=Count("offers")))
    points = pricing_points_at(venues, at or timezone.now())
    return BankDetails(
        offerer,
        accounts,
        [
            VenueAccount(
                venue,
                by_pk.get(in_force[venue.pk].bank_account_id) if venue.pk in in_force else None,
                points[venue.pk],
            )
            for venue in venues
        ],
    )


def offerer_needs_bank_details(offerer: Offerer) -> bool:
    """Whether the pages show the yellow banner for this structure."""
    return bank_details(offerer).missing


def history(account: BankAccount) -> QuerySet[BankAccountStatusChange]:
    return account.status_changes.select_related("author")


def links_of(account: BankAccount) -> QuerySet[BankAccountLink]:
    """Every link of the account, past ones included, newest first."""
    return account.links.select_related("venue").order_by("-starts_at", "-pk")


def links_with_pricing_points(account: BankAccount) -> list[tuple[BankAccountLink, Venue | None]]:
    """Every link of the account with the pricing point its venue follows today (for staff)."""
    links = list(links_of(account))
    points = pricing_points_at({link.venue for link in links}, timezone.now())
    return [(link, points[link.venue_id]) for link in links]


# --- Back office (staff only) ---------------------------------------------------------------------------------------


def accounts_for_staff(status: str = "", query: str = "") -> QuerySet[BankAccount]:
    """Every account, the queue first (oldest application first); filtered by status and by a SIREN, SIRET, label
    or structure name."""
    accounts = BankAccount.objects.select_related("offerer").annotate(document_count=Count("documents"))
    if status:
        accounts = accounts.filter(status=status)
    if query:
        accounts = accounts.filter(
            Q(label__icontains=query)
            | Q(offerer__name__icontains=query)
            | Q(offerer__siren=query)
            | Q(applicant_siret=query)
            | Q(dms_dossier_id=query)
        )
    return accounts.order_by("created_at", "pk")


def dms_accounts_for_staff(orphans_only: bool = False) -> QuerySet[BankAccount]:
    """The accounts that came from DS dossiers, latest DS update first; ``orphans_only``: those whose SIRET named no
    structure (docs/domain/finance.md#dms-updates)."""
    accounts = BankAccount.objects.filter(source=ApplicationSource.DMS).select_related("offerer")
    if orphans_only:
        accounts = accounts.filter(offerer__isnull=True)
    return accounts.order_by(F("dms_updated_at").desc(nulls_last=True), "-pk")


def dms_sync_states() -> list[tuple[int, DmsSyncState | None]]:
    """Each followed procedure (``settings.DMS_PROCEDURE_IDS``) with where its poll stands (``None``: never run)."""
    states = {state.procedure_id: state for state in DmsSyncState.objects.all()}
    return [(procedure, states.get(str(procedure))) for procedure in settings.DMS_PROCEDURE_IDS]


def account_for_staff(pk: int) -> BankAccount:
    return BankAccount.objects.select_related("offerer", "created_by").get(pk=pk)


def documents_for_staff() -> QuerySet[BankAccountDocument]:
    return BankAccountDocument.objects.select_related("bank_account")


def review_summary() -> dict:
    """The back-office dashboard's counters: applications waiting for a review, and DS dossiers with no
    structure."""
    return BankAccount.objects.aggregate(
        to_review=Count("pk", filter=Q(status__in=rules.TO_REVIEW)),
        corrections=Count("pk", filter=Q(status=BankAccountStatus.WITH_PENDING_CORRECTIONS)),
        orphans=Count("pk", filter=Q(offerer__isnull=True)),
    )
