"""Linking venues to providers and running syncs (docs/domain/imports.md).

Syncs read the provider through its connector (outside any transaction), map what it says to import lines
(``providers.rules``) and hand them to the one import path of ``offers`` (``offers.services.imports``), which writes
the offers and stocks: ``providers`` never writes them itself. Each batch is a transaction of its own with the run's
counts, so a run killed half way leaves whole batches; run again, it finds them unchanged (the keys are the
provider's ids): nothing duplicated, nothing lost. A stock software's run interrupted half way (killed, or a
provider error) is resumed by the next run of its link: after its cursor, with its ``modifiedSince``. A venue's
``last_sync_at`` moves only when a run ends well (to the start of the first run of a resumed chain), so the next run
asks again for everything changed since then.
"""

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passculture.accounts.models import User
from passculture.connectors.allocine import AllocineError, get_allocine_client
from passculture.connectors.stocks import (
    PriceUnit,
    StockProviderConfig,
    StocksClient,
    StocksError,
    StocksSiretUnknown,
    get_stocks_client,
)
from passculture.connectors.stocks.parsing import build_page
from passculture.connectors.titelive import LineProblem, TiteliveError, get_titelive_source
from passculture.core.audit import log_action
from passculture.offerers.models import Venue
from passculture.offers.services.bulk import commit_without_waiting_for_disk
from passculture.offers.services.catalogue import BATCH_SIZE as CATALOGUE_BATCH_SIZE
from passculture.offers.services.catalogue import ProductLine, import_products
from passculture.offers.services.imports import ImportLine, ImportReport, ImportRun, Problem
from passculture.providers import errors, rules
from passculture.providers.models import (
    Provider,
    ProviderKind,
    SyncProblem,
    SyncRun,
    SyncStatus,
    VenueProvider,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# A run still RUNNING after this long was killed: another may start (and resume it).
STALE_RUN = datetime.timedelta(hours=2)
# Problem lines kept per run (the counts stay exact beyond).
MAX_PROBLEMS_KEPT = 5000


def venue_key(venue: Venue) -> str:
    """The venue's part of the provider ids of its offers (its SIRET, stable; its id without one)."""
    return venue.siret or f"venue{venue.pk}"


def stocks_client(provider: Provider) -> StocksClient:
    unit = PriceUnit.CENTS if provider.prices_in_cents else PriceUnit.EUROS
    return get_stocks_client(
        StockProviderConfig(
            base_url=provider.base_url, authorization=provider.authorization, price_unit=unit, name=provider.name
        )
    )


# --- Links -----------------------------------------------------------------------------------------------------------


@dataclass
class LinkRequest:
    """What a pro asks for before anything is saved: the preview runs on it."""

    venue: Venue
    provider: Provider
    venue_id_at_provider: str
    price_cents: int | None = None
    quantity: int | None = None
    is_duo: bool = True

    def as_link(self) -> VenueProvider:
        return VenueProvider(
            venue=self.venue, provider=self.provider, venue_id_at_provider=self.venue_id_at_provider,
            price_cents=self.price_cents, quantity=self.quantity, is_duo=self.is_duo,
        )  # fmt: skip


def check_request(request: LinkRequest) -> None:
    """What refuses a link before the provider is asked (pure checks on the request)."""
    provider = request.provider
    if not provider.is_enabled_for_pro or provider.kind == ProviderKind.BOOK_CATALOGUE:
        raise errors.ProviderNotAvailable(field="provider")
    if not request.venue_id_at_provider.strip():
        raise errors.VenueIdRequired(field="venue_id_at_provider", provider=provider.name)
    if provider.kind == ProviderKind.CINEMA and request.price_cents is None:
        raise errors.PriceRequired(field="price")
    linked = VenueProvider.objects.filter(venue=request.venue).exclude(provider=provider).first()
    if linked is not None or VenueProvider.objects.filter(venue=request.venue, provider=provider).exists():
        raise errors.VenueAlreadyLinked(provider=(linked or request).provider.name)


def check_venue_known(provider: Provider, venue_id_at_provider: str) -> None:
    """Ask the provider whether it knows the venue (call it outside a transaction): ``ProviderCheckFailed`` if not."""
    try:
        if provider.kind == ProviderKind.CINEMA:
            get_allocine_client().get_programme(venue_id_at_provider)
        elif not stocks_client(provider).knows_siret(venue_id_at_provider):
            raise StocksSiretUnknown()
    except (AllocineError, StocksError) as failure:
        raise errors.ProviderCheckFailed(field="venue_id_at_provider", reason=failure.user_message) from failure


def preview(request: LinkRequest) -> ImportReport:
    """The dry run a pro sees before linking: what would be created, updated, refused and why; writes nothing."""
    check_request(request)
    check_venue_known(request.provider, request.venue_id_at_provider)
    return _sync(request.as_link(), None, dry_run=True)


def link_venue(request: LinkRequest, actor: User) -> VenueProvider:
    """Link the venue (after the checks and the provider's answer), then sync it at once in the background."""
    check_request(request)
    check_venue_known(request.provider, request.venue_id_at_provider)
    with transaction.atomic():
        link = request.as_link()
        link.save()
        log_action(actor, "venue_provider.linked", request.venue, {"provider": request.provider.code,
                                                                   "id": request.venue_id_at_provider})  # fmt: skip
        transaction.on_commit(lambda: _enqueue_sync(link.pk), robust=True)
    return link


def _enqueue_sync(link_id: int) -> None:
    """The first sync of a new link: a Celery task, or at once without a broker (the embedded default)."""
    from passculture.providers import tasks

    if settings.CELERY_TASK_ALWAYS_EAGER:
        sync_link_quietly(link_id)  # the task's body, without Celery's eager machinery
    else:
        tasks.sync_venue_provider.delay(link_id)


def sync_link_quietly(link_id: int) -> None:
    """Sync a link in the background: a paused or already running link is left alone."""
    try:
        sync_link(link_id)
    except (errors.LinkPaused, errors.SyncAlreadyRunning):
        return


@transaction.atomic
def link_update(link_id: int, actor: User, *, price_cents: int | None, quantity: int | None, is_duo: bool) -> bool:
    """The Allociné parameters of a link (applied by the next sync); returns whether anything changed."""
    link = VenueProvider.objects.select_for_update().select_related("venue").get(pk=link_id)
    before = {"price_cents": link.price_cents, "quantity": link.quantity, "is_duo": link.is_duo}
    after = {"price_cents": price_cents, "quantity": quantity, "is_duo": is_duo}
    if price_cents is None and link.provider.kind == ProviderKind.CINEMA:
        raise errors.PriceRequired(field="price")
    if before == after:
        return False
    link.price_cents, link.quantity, link.is_duo = price_cents, quantity, is_duo
    link.save(update_fields=["price_cents", "quantity", "is_duo"])
    log_action(actor, "venue_provider.updated", link.venue, {"before": before, "after": after})
    return True


@transaction.atomic
def link_set_active(link_id: int, actor: User, active: bool) -> VenueProvider:
    """Pause or resume a link (explicit on/off: a double submission changes nothing twice)."""
    link = VenueProvider.objects.select_for_update().select_related("venue", "provider").get(pk=link_id)
    if link.is_active != active:
        link.is_active = active
        link.save(update_fields=["is_active"])
        action = "venue_provider.resumed" if active else "venue_provider.paused"
        log_action(actor, action, link.venue, {"provider": link.provider.code})
    return link


@transaction.atomic
def link_delete(link_id: int, actor: User) -> None:
    """Unlink: later syncs stop; the imported offers stay, the pro's to manage."""
    link = VenueProvider.objects.select_for_update().select_related("venue", "provider").get(pk=link_id)
    log_action(actor, "venue_provider.unlinked", link.venue, {"provider": link.provider.code})
    link.delete()


# --- Runs ------------------------------------------------------------------------------------------------------------


def _start_run(link: VenueProvider | None, provider: Provider) -> SyncRun:
    """A new run; a stock software's picks up where its link's interrupted run stopped (``_resume_point``)."""
    with transaction.atomic():
        if link is None:
            return SyncRun.objects.create(provider=provider)
        locked = VenueProvider.objects.select_for_update().get(pk=link.pk)  # one run at a time per link
        stale = timezone.now() - STALE_RUN
        running = SyncRun.objects.filter(venue_provider=link, status=SyncStatus.RUNNING)
        if running.filter(started_at__gt=stale).exists():
            raise errors.SyncAlreadyRunning()
        running.update(status=SyncStatus.FAILED, ended_at=timezone.now(), message="Interrompue : reprise.")
        resume: dict[str, Any] = {}
        if provider.kind == ProviderKind.STOCK_SOFTWARE:
            resume = _resume_point(locked)
        return SyncRun.objects.create(provider=provider, venue_provider=link, venue=link.venue, **resume)


def _resume_point(link: VenueProvider) -> dict[str, Any]:
    """Where a stock-software run starts: after the cursor of the link's interrupted run, with its modifiedSince.

    The interrupted run is the latest failed one (killed, or a provider error) that had imported at least one page,
    started after the last good run and not resumed yet. Without one, the run starts at the first page and asks
    for what changed since the last good run.
    """
    interrupted = SyncRun.objects.filter(
        venue_provider=link, status=SyncStatus.FAILED, resumed_by__isnull=True
    ).exclude(cursor="")
    if link.last_sync_at is not None:
        interrupted = interrupted.filter(started_at__gt=link.last_sync_at)
    run = interrupted.order_by("-started_at", "-pk").first()
    if run is None:
        return {"modified_since": link.last_sync_at}
    return {"modified_since": run.modified_since, "cursor": run.cursor, "resumed_from": run}


def _complete_since(run: SyncRun, started: datetime.datetime) -> datetime.datetime:
    """What a successful run makes the link complete from: the start of the first run of a chain of resumptions.

    A resumed run does not read again the pages before its cursor: what changed in them after the interrupted run
    read them is asked again by the next run (its modifiedSince is this date).
    """
    first = run
    while first.resumed_from is not None:
        first = first.resumed_from
    return started if first is run else first.started_at


def _record(run: SyncRun | None, report: ImportReport, problems: Iterable[Problem] = (), errors_count: int = 0) -> None:
    """Add a batch's counts and problems to the run (in the batch's transaction)."""
    if run is None:
        return
    for name in SyncRun.COUNTS:
        if name != "errors":
            setattr(run, name, getattr(run, name) + getattr(report, name, 0))
    run.errors += errors_count
    run.save(update_fields=[*SyncRun.COUNTS])
    kept = SyncProblem.objects.filter(run=run).count()
    rows = [
        SyncProblem(run=run, line_number=p.number, item=p.label[:255], code=p.code, message=p.message,
                    is_warning=p.warning)
        for p in [*problems, *report.problems][: max(0, MAX_PROBLEMS_KEPT - kept)]
    ]  # fmt: skip
    SyncProblem.objects.bulk_create(rows)


def _end_run(run: SyncRun, status: str, message: str = "") -> SyncRun:
    run.status, run.ended_at, run.message = status, timezone.now(), message
    run.save(update_fields=["status", "ended_at", "message"])
    return run


def sync_link(link_id: int, *, dry_run: bool = False) -> ImportReport:
    """Sync a linked venue now (the nightly job, the task after linking, the pro's "Synchroniser")."""
    link = VenueProvider.objects.select_related("venue", "provider").get(pk=link_id)
    if not link.is_active:
        raise errors.LinkPaused()
    run = None if dry_run else _start_run(link, link.provider)
    return _sync(link, run, dry_run=dry_run)


def _sync(link: VenueProvider, run: SyncRun | None, *, dry_run: bool) -> ImportReport:
    provider, venue, started = link.provider, link.venue, timezone.now()
    importer = ImportRun(venue, provider.code, provider.actor_label, dry_run=dry_run,
                         full=provider.kind == ProviderKind.CINEMA)  # fmt: skip
    try:
        if provider.kind == ProviderKind.CINEMA:
            _sync_allocine(link, importer, run)
        else:
            _sync_stocks(link, importer, run)
    except (AllocineError, StocksError) as failure:
        logger.warning("sync of %s failed: %s", link, failure)
        if run is not None:
            _end_run(run, SyncStatus.FAILED, failure.user_message)
        importer.report.problems.append(Problem(0, "", provider.name, failure.code, failure.user_message))
        return importer.report
    with transaction.atomic():
        before_finish = importer.report.removed
        report = importer.finish()
        if run is not None:
            run.removed += report.removed - before_finish
            vanished = [p for p in report.problems if p.code == "vanished_booked"]
            _record(run, ImportReport(), vanished)
            _end_run(run, SyncStatus.SUCCESS)
            VenueProvider.objects.filter(pk=link.pk).update(last_sync_at=_complete_since(run, started))
    return report


def _add(
    importer: ImportRun, run: SyncRun | None, lines: list[ImportLine], problems: list[Problem], cursor: str = ""
) -> None:
    """One batch, in one transaction with the run's counts and, for a page of a stock software, its cursor."""
    with transaction.atomic():
        commit_without_waiting_for_disk()  # a batch is redone by the next run if a database crash loses it
        batch = importer.add(lines)
        batch.refused += len(problems)
        importer.report.refused += len(problems)
        importer.report.problems.extend(problems)
        _record(run, batch, problems)
        if run is not None and cursor:
            run.cursor = cursor
            run.save(update_fields=["cursor"])


def _sync_allocine(link: VenueProvider, importer: ImportRun, run: SyncRun | None) -> None:
    programme = get_allocine_client().get_programme(link.venue_id_at_provider)  # every page, or an error
    venue = link.venue
    lines = rules.allocine_lines(
        programme, venue_key=venue_key(venue), theater_name=venue.public_name or venue.name, tz_name=venue.timezone,
        price_cents=link.price_cents or 0, quantity=link.quantity, is_duo=link.is_duo,
    )  # fmt: skip
    skipped = rules.allocine_skipped(programme)
    for number, batch in enumerate(_batches(lines, BATCH_SIZE)):
        _add(importer, run, batch, skipped if number == 0 else [])
    if not programme.movies and skipped:
        _add(importer, run, [], skipped)


def _sync_stocks(link: VenueProvider, importer: ImportRun, run: SyncRun | None) -> None:
    """Page after page; a run resuming an interrupted one starts after its cursor, with its modifiedSince."""
    client = stocks_client(link.provider)
    since, after = (run.modified_since, run.cursor) if run is not None else (link.last_sync_at, "")
    # The next page is fetched and parsed by the connector's thread while this one is imported.
    pages = client.iter_pages(link.venue_id_at_provider, modified_since=since, after=after, ahead=1)
    for page in pages:
        lines, problems = rules.stock_lines(page, venue_key(link.venue)), rules.stock_problems(page.problems)
        _add(importer, run, lines, problems, cursor=page.next_after[:64])


def _batches(lines: Iterable[ImportLine], size: int) -> Iterator[list[ImportLine]]:
    batch: list[ImportLine] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- The book catalogue ----------------------------------------------------------------------------------------------


def sync_catalogue(provider_code: str = "titelive", *, dry_run: bool = False) -> ImportReport:
    """Import the daily files not yet imported, oldest first; the provider's cursor moves after each whole file."""
    provider = Provider.objects.get(code=provider_code)
    run = None if dry_run else _start_run(None, provider)
    report = ImportReport()
    source = get_titelive_source()
    after = datetime.date.fromisoformat(provider.cursor) if provider.cursor else None
    try:
        for file in source.list_files(after=after):
            batch: list[ProductLine] = []
            problems: list[Problem] = []
            for entry in source.read_lines(file):
                if isinstance(entry, LineProblem):
                    problems.append(rules.line_problem(entry))
                elif (line := rules.product_line(entry)) is not None:
                    batch.append(line)
                else:
                    report.skipped += 1
                if len(batch) >= CATALOGUE_BATCH_SIZE:
                    _catalogue_batch(batch, problems, report, run, dry_run)
                    batch, problems = [], []
            with transaction.atomic():
                _catalogue_batch(batch, problems, report, run, dry_run)
                if not dry_run:
                    Provider.objects.filter(pk=provider.pk).update(cursor=file.date.isoformat())
                    if run is not None:
                        SyncRun.objects.filter(pk=run.pk).update(cursor=file.name)
    except TiteliveError as failure:
        if run is not None:
            _end_run(run, SyncStatus.FAILED, str(failure))
        return report
    if run is not None:
        SyncRun.objects.filter(pk=run.pk).update(skipped=report.skipped)
        _end_run(run, SyncStatus.SUCCESS)
        log_action(provider.actor_label, "products.imported", None, {"provider": provider.code, **report.counts()})
    return report


def _catalogue_batch(
    lines: list[ProductLine], problems: list[Problem], report: ImportReport, run: SyncRun | None, dry_run: bool
) -> None:
    with transaction.atomic():
        batch = import_products(lines, dry_run=dry_run) if lines else ImportReport()
        batch.refused += len(problems)
        batch.problems[:0] = problems
        report.merge(batch)
        _record(run, batch)


def sync_provider(provider_code: str, *, venue_id: int | None = None, dry_run: bool = False) -> list[ImportReport]:
    """The scheduled job: every active link of the provider (or one venue's), or the catalogue."""
    provider = Provider.objects.get(code=provider_code)
    if provider.kind == ProviderKind.BOOK_CATALOGUE:
        return [sync_catalogue(provider.code, dry_run=dry_run)]
    links = VenueProvider.objects.filter(provider=provider, is_active=True)
    if venue_id is not None:
        links = links.filter(venue_id=venue_id)
    reports = []
    for link_id in links.values_list("pk", flat=True):
        try:
            reports.append(sync_link(link_id, dry_run=dry_run))
        except errors.SyncAlreadyRunning:
            logger.info("sync of link %s already running: skipped", link_id)
    return reports


def request_sync(link_id: int) -> None:
    """A pro's "Synchroniser maintenant": the sync runs in the background (at once without a broker)."""
    link = VenueProvider.objects.get(pk=link_id)
    if not link.is_active:
        raise errors.LinkPaused()
    _enqueue_sync(link.pk)


# --- Pushed stocks ---------------------------------------------------------------------------------------------------

PUSH_PROVIDER = "api_stocks"


def push_stocks(venue: Venue, raw_items: list, actor: str) -> None:
    """A stock software's push (``POST /v2/venue/{id}/stocks``): imported in the background by the same path."""
    json_items = list(raw_items)  # already JSON: it travels to the worker as is
    log_action(actor, "venue_stocks.pushed", venue, {"items": len(json_items)})

    def enqueue() -> None:
        from passculture.providers import tasks

        if settings.CELERY_TASK_ALWAYS_EAGER:
            import_pushed_stocks(venue.pk, json_items)  # the task's body, without Celery's eager machinery
        else:
            tasks.import_pushed_stocks.delay(venue.pk, json_items)

    transaction.on_commit(enqueue, robust=True)


def import_pushed_stocks(venue_id: int, raw_items: list) -> ImportReport:
    """The pushed items of a venue, as one run: prices in euros unless the venue's provider sends cents."""
    venue = Venue.objects.get(pk=venue_id)
    link = VenueProvider.objects.filter(venue=venue).select_related("provider").first()
    provider = link.provider if link else Provider.objects.get(code=PUSH_PROVIDER)
    unit = PriceUnit.CENTS if provider.prices_in_cents else PriceUnit.EUROS
    run = SyncRun.objects.create(provider=provider, venue_provider=link, venue=venue)
    importer = ImportRun(venue, provider.code, provider.actor_label)
    page = build_page(raw_items, 1, 1, "", unit)
    _add(importer, run, rules.stock_lines(page, venue_key(venue)), rules.stock_problems(page.problems))
    with transaction.atomic():
        report = importer.finish()
        _end_run(run, SyncStatus.SUCCESS)
    return report
