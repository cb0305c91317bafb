"""Reads of the catalogue imports: providers offered to pros, a venue's links and runs, runs for the staff."""

from django.db.models import Count, Q, QuerySet

from passculture.accounts.models import User
from passculture.offerers.models import Venue
from passculture.offerers.selectors import venues_of
from passculture.providers.models import Provider, ProviderKind, SyncProblem, SyncRun, SyncStatus, VenueProvider


def providers_for_pro() -> QuerySet[Provider]:
    """What a pro may link a venue to: cinema programmes and stock software (the book catalogue is global)."""
    return Provider.objects.filter(is_enabled_for_pro=True).exclude(kind=ProviderKind.BOOK_CATALOGUE)


def provider_for_pro(provider_id: int) -> Provider | None:
    return providers_for_pro().filter(pk=provider_id).first()


def all_providers() -> QuerySet[Provider]:
    return Provider.objects.annotate(links=Count("venue_links")).order_by("kind", "name")


def provider_names() -> dict[str, str]:
    """Provider code → name (an imported offer shows where it comes from)."""
    return dict(Provider.objects.values_list("code", "name"))


def provider_name(code: str) -> str:
    return provider_names().get(code, code) if code else ""


def link_of_venue(venue: Venue) -> VenueProvider | None:
    return VenueProvider.objects.filter(venue=venue).select_related("provider").first()


def link_of(user: User, link_id: int) -> VenueProvider | None:
    """A link of a venue of the user's structures (None for another structure's: a 404)."""
    return (
        VenueProvider.objects.filter(pk=link_id, venue__in=venues_of(user)).select_related("venue", "provider").first()
    )


def runs_of_venue(venue: Venue, limit: int = 10) -> QuerySet[SyncRun]:
    return SyncRun.objects.filter(venue=venue).select_related("provider", "resumed_from")[:limit]


def run_of(user: User, run_id: int) -> SyncRun | None:
    runs = SyncRun.objects.filter(pk=run_id, venue__in=venues_of(user))
    return runs.select_related("provider", "venue", "resumed_from").first()


def problems_of(run: SyncRun) -> QuerySet[SyncProblem]:
    return run.problems.all()


def links_for_staff(*, provider_code: str = "", active: str = "") -> QuerySet[VenueProvider]:
    links = VenueProvider.objects.select_related("venue__offerer", "provider").order_by("-created_at")
    if provider_code:
        links = links.filter(provider__code=provider_code)
    if active in {"1", "0"}:
        links = links.filter(is_active=active == "1")
    return links


def runs_for_staff(*, provider_code: str = "", with_problems: bool = False, status: str = "") -> QuerySet[SyncRun]:
    runs = SyncRun.objects.select_related("provider", "venue", "resumed_from")
    if provider_code:
        runs = runs.filter(provider__code=provider_code)
    if status in SyncStatus.values:
        runs = runs.filter(status=status)
    if with_problems:
        runs = runs.filter(Q(refused__gt=0) | Q(errors__gt=0) | Q(status=SyncStatus.FAILED))
    return runs


def run_for_staff(run_id: int) -> SyncRun | None:
    return SyncRun.objects.filter(pk=run_id).select_related("provider", "venue", "resumed_from").first()


def venue_of_offerer(venue_id: int, offerer_id: int) -> Venue | None:
    """A venue of the API key's structure (None for another structure's: a 404)."""
    return Venue.objects.filter(pk=venue_id, offerer_id=offerer_id, is_virtual=False).first()
