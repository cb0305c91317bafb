"""Payment batches (docs/domain/finance.md#batches): what a fortnight pays, to whom, what it holds back, the
bookings it reimburses, and that a batch run again or killed midway pays nothing twice."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from passculture.bookings.models import Booking, BookingStatus
from passculture.bookings.services import booking_cancel_by_staff
from passculture.core.dates import paris_today
from passculture.finance import rules
from passculture.finance.models import (
    BankAccountLink,
    PaymentBatch,
    PaymentBatchStatus,
    Pricing,
    PricingStatus,
    Transfer,
)
from passculture.finance.services import justificatifs, payments, sepa
from passculture.finance.services.pricing import price_events
from tests.factories import BankAccountFactory, BankAccountLinkFactory, StaffFactory, VenueFactory, used_booking
from tests.factories.finance_payments import PDF

pytestmark = pytest.mark.django_db

EUR = 100
UTC = datetime.UTC
LAST_YEAR = datetime.datetime(2025, 1, 1, tzinfo=UTC)
JUNE_3 = datetime.datetime(2026, 6, 3, 10, tzinfo=datetime.UTC)
JUNE_20 = datetime.datetime(2026, 6, 20, 10, tzinfo=datetime.UTC)
FIRST_HALF = datetime.date(2026, 6, 15)
SECOND_HALF = datetime.date(2026, 6, 30)
TODAY = datetime.date(2026, 7, 1)


def paid_venue(accepted: bool = True):
    venue = VenueFactory()
    account = BankAccountFactory(
        offerer=venue.offerer, accepted=accepted, pending=not accepted, pays=[venue], pays__since=LAST_YEAR
    )
    return venue, account


def run(cutoff=FIRST_HALF) -> payments.BatchResult:
    return payments.payments_batch(cutoff, today=TODAY)


def test_a_batch_pays_the_accepted_accounts_and_holds_the_others_back():
    cinema, cinema_account = paid_venue()
    bookshop, _pending = paid_venue(accepted=False)
    paid = [used_booking(cinema, price_cents=12 * EUR, used_at=JUNE_3) for _ in range(2)]
    used_booking(cinema, price_cents=7 * EUR, used_at=JUNE_20)  # after the cut-off: next fortnight
    held = used_booking(bookshop, price_cents=30 * EUR, used_at=JUNE_3)

    result = run()

    transfer = Transfer.objects.get()
    assert transfer.bank_account == cinema_account
    assert transfer.label == f"VIR{transfer.pk}"
    assert transfer.amount == 24 * EUR
    assert result.batch.total == 24 * EUR
    assert result.held == 1
    assert set(Pricing.objects.filter(transfer=transfer).values_list("booking_id", flat=True)) == {b.pk for b in paid}
    assert Pricing.objects.get(booking=held).status == PricingStatus.VALIDATED
    # Not reimbursed until staff confirm the batch.
    assert Booking.objects.get(pk=paid[0].pk).status == BookingStatus.USED


def test_one_transfer_pays_every_venue_of_an_account_as_linked_at_the_cutoff():
    cinema, account = paid_venue()
    bookshop = VenueFactory(offerer=cinema.offerer)
    old_account = BankAccountFactory(offerer=cinema.offerer, accepted=True, pays=[bookshop], pays__since=LAST_YEAR)
    BankAccountLink.objects.filter(bank_account=old_account).update(ends_at=datetime.datetime(2026, 5, 1, tzinfo=UTC))
    BankAccountLinkFactory(bank_account=account, venue=bookshop, starts_at=datetime.datetime(2026, 5, 1, tzinfo=UTC))
    bookings = [
        used_booking(cinema, price_cents=12 * EUR, used_at=JUNE_3),
        used_booking(bookshop, price_cents=8 * EUR, used_at=JUNE_3),
        used_booking(bookshop, price_cents=5 * EUR, used_at=JUNE_3),
    ]

    result = run()

    transfer = Transfer.objects.get()
    assert (result.transfers, transfer.bank_account, transfer.amount) == (1, account, 25 * EUR)
    assert set(Pricing.objects.filter(transfer=transfer, batch=result.batch).values_list("booking_id", flat=True)) == {
        b.pk for b in bookings
    }


def test_confirming_the_batch_reimburses_its_bookings_and_numbers_a_justificatif(committed):
    venue, _account = paid_venue()
    booking = used_booking(venue, price_cents=12 * EUR, used_at=JUNE_3)
    batch = run().batch

    committed(payments.payments_batch_confirm, batch.pk, StaffFactory())

    booking.refresh_from_db()
    assert booking.status == BookingStatus.REIMBURSED
    assert booking.reimbursed_at is not None
    transfer = Transfer.objects.get()
    assert transfer.justificatif_number.startswith("F")
    assert transfer.justificatif_number.endswith("0000001")
    assert transfer.justificatif.read().startswith(b"%PDF")
    assert Pricing.objects.get(booking=booking).status == PricingStatus.INVOICED
    with pytest.raises(Exception, match="déjà été confirmé"):
        payments.payments_batch_confirm(batch.pk, StaffFactory())


def test_a_venue_accepted_later_is_paid_by_a_later_batch():
    venue, account = paid_venue(accepted=False)
    booking = used_booking(venue, price_cents=15 * EUR, used_at=JUNE_3)
    assert not run(FIRST_HALF).transfers

    account.status = "ACCEPTED"
    account.save()
    result = run(SECOND_HALF)

    assert result.transfers == 1
    assert Pricing.objects.get(booking=booking).transfer.amount == 15 * EUR


def test_a_zero_total_makes_no_transfer_but_settles_the_bookings():
    venue, _account = paid_venue()
    free = used_booking(venue, price_cents=0, used_at=JUNE_3)

    result = run()

    assert result.transfers == 0
    assert not Transfer.objects.exists()
    assert Pricing.objects.get(booking=free).batch == result.batch


def test_running_a_batch_again_pays_nothing_twice():
    venue, _account = paid_venue()
    used_booking(venue, price_cents=12 * EUR, used_at=JUNE_3)

    first = run()
    again = run()

    assert again.batch == first.batch and not again.created
    assert Transfer.objects.count() == 1
    assert PaymentBatch.objects.count() == 1


def test_a_batch_killed_while_writing_its_file_leaves_nothing_and_runs_again():
    venue, _account = paid_venue()
    booking = used_booking(venue, price_cents=12 * EUR, used_at=JUNE_3)

    with mock.patch.object(sepa, "build", side_effect=KeyboardInterrupt), pytest.raises(KeyboardInterrupt):
        run()

    assert not PaymentBatch.objects.exists() and not Transfer.objects.exists()
    assert Pricing.objects.get(booking=booking).status == PricingStatus.VALIDATED
    assert run().transfers == 1
    assert Transfer.objects.get().amount == 12 * EUR


def test_a_paid_pricing_is_never_changed_and_a_later_cancellation_is_carried_by_the_next_batch():
    venue, _account = paid_venue()
    cancelled = used_booking(venue, price_cents=20 * EUR, used_at=JUNE_3)
    run()
    paid = Pricing.objects.get(booking=cancelled)

    booking_cancel_by_staff(cancelled.pk, StaffFactory(), "Fraude")  # now: after the batch
    used_booking(venue, price_cents=50 * EUR)  # now too
    price_events()
    next_cutoff = paris_today()
    while not rules.is_cutoff(next_cutoff):
        next_cutoff += datetime.timedelta(days=1)
    later = payments.payments_batch(next_cutoff, today=next_cutoff + datetime.timedelta(days=1))

    paid.refresh_from_db()
    assert (paid.status, paid.amount) == (PricingStatus.PROCESSED, 20 * EUR)
    assert later.batch.transfers.get().amount == 30 * EUR  # 50 € earned, the 20 € paid for the cancelled one back


def test_a_cutoff_is_the_15th_or_the_last_day_of_a_month_already_over():
    with pytest.raises(Exception, match="quinzaine"):
        payments.payments_batch(datetime.date(2026, 6, 14), today=TODAY)
    with pytest.raises(Exception, match="quinzaine"):
        payments.payments_batch(datetime.date(2026, 7, 15), today=TODAY)


def test_the_command_builds_and_confirms_a_batch():
    venue, _account = paid_venue()
    booking = used_booking(venue, price_cents=12 * EUR, used_at=JUNE_3)

    call_command("payments_batch", "--cutoff", "2026-06-15", "--confirm")

    booking.refresh_from_db()
    assert booking.status == BookingStatus.REIMBURSED
    with pytest.raises(CommandError):
        call_command("payments_batch", "--cutoff", "2026-06-14")


def test_finance_check_passes_on_a_paid_batch_and_fails_on_a_tampered_row(capsys):
    venue, _account = paid_venue()
    used_booking(venue, price_cents=12 * EUR, used_at=JUNE_3)
    used_booking(venue, price_cents=8 * EUR, used_at=JUNE_3)
    payments.payments_batch_confirm(run().batch.pk, StaffFactory())

    call_command("finance_check")
    assert "aucun écart" in capsys.readouterr().out

    Transfer.objects.update(amount=21 * EUR)
    with pytest.raises(CommandError):
        call_command("finance_check")
    assert "VIR" in capsys.readouterr().err


def test_finance_check_fails_on_a_pricing_that_does_not_follow_its_rule():
    venue, _account = paid_venue()
    booking = used_booking(venue, price_cents=12 * EUR, used_at=JUNE_3)
    price_events()
    Pricing.objects.filter(booking=booking).update(amount=11 * EUR)

    with pytest.raises(CommandError):
        call_command("finance_check")


def three_transfers() -> PaymentBatch:
    for euros in (10, 20, 30):
        venue, _account = paid_venue()
        used_booking(venue, price_cents=euros * EUR, used_at=JUNE_3)
    return run().batch


@pytest.mark.parametrize("column", ["event_id", "booking_id", "venue_id", "pricing_point_id", "rule_id"])
def test_finance_check_fails_on_a_pricing_whose_event_booking_venue_pricing_point_or_rule_is_gone(column, capsys):
    venue, _account = paid_venue()
    booking = used_booking(venue, price_cents=12 * EUR, used_at=JUNE_3)
    price_events()
    call_command("finance_check")
    assert "aucun écart" in capsys.readouterr().out

    Pricing.objects.filter(booking=booking).update(**{column: 10**9})
    with pytest.raises(CommandError):
        call_command("finance_check")
    assert "1000000000 introuvable" in capsys.readouterr().err


def numbers() -> dict[int, str]:
    return dict(Transfer.objects.values_list("pk", "justificatif_number"))


def test_justificatifs_are_numbered_without_gap_even_after_a_failed_confirmation(committed):
    batch = three_transfers()

    with mock.patch.object(payments, "log_action", side_effect=RuntimeError), pytest.raises(RuntimeError):
        committed(payments.payments_batch_confirm, batch.pk, StaffFactory())
    assert not Transfer.objects.exclude(justificatif_number=None).exists()  # rolled back, numbers given back

    committed(payments.payments_batch_confirm, batch.pk, StaffFactory())

    assert sorted(n[-7:] for n in numbers().values()) == ["0000001", "0000002", "0000003"]
    assert not justificatifs.missing().exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_confirming_a_batch_renders_no_pdf_inside_its_transaction():
    batch = three_transfers()
    seen = []

    def render(transfer):
        status = PaymentBatch.objects.get(pk=transfer.batch_id).status  # as committed: outside any transaction
        seen.append((transfer.justificatif_number, connection.in_atomic_block, status))
        return PDF

    with mock.patch.object(justificatifs, "render", side_effect=render):
        payments.payments_batch_confirm(batch.pk, StaffFactory())

    assert sorted(seen) == [(number, False, PaymentBatchStatus.CONFIRMED) for number in sorted(numbers().values())]
    for transfer in Transfer.objects.all():
        assert transfer.justificatif.name == f"justificatifs/{transfer.justificatif_number}.pdf"
        assert transfer.justificatif.read() == PDF


def test_a_rendering_stopped_midway_is_finished_later_with_the_numbers_given_at_the_confirmation(committed):
    batch = three_transfers()
    rendered = []

    def killed_after_two(transfer):
        if len(rendered) == 2:
            raise KeyboardInterrupt  # the worker is killed: nothing after this runs
        rendered.append(transfer.pk)
        return PDF

    with mock.patch.object(justificatifs, "render", side_effect=killed_after_two), pytest.raises(KeyboardInterrupt):
        committed(payments.payments_batch_confirm, batch.pk, StaffFactory())

    given = numbers()
    assert sorted(n[-7:] for n in given.values()) == ["0000001", "0000002", "0000003"]  # committed with the batch
    assert PaymentBatch.objects.get().status == PaymentBatchStatus.CONFIRMED
    assert set(justificatifs.missing().values_list("pk", flat=True)) == set(given) - set(rendered)

    again = []
    with mock.patch.object(justificatifs, "render", side_effect=lambda t: again.append(t.pk) or PDF):
        call_command("render_justificatifs")
        call_command("render_justificatifs")  # nothing left: a stored PDF is never rendered again

    assert again == [pk for pk in given if pk not in rendered]
    assert numbers() == given
    for transfer in Transfer.objects.all():
        assert transfer.justificatif.name == f"justificatifs/{given[transfer.pk]}.pdf"
        assert transfer.justificatif.read() == PDF


def test_two_renderers_never_both_store_a_pdf_for_one_transfer(committed, _private_storage):
    venue, _account = paid_venue()
    used_booking(venue, price_cents=12 * EUR, used_at=JUNE_3)
    with mock.patch.object(justificatifs, "render_missing"):  # numbered, not rendered yet
        committed(payments.payments_batch_confirm, run().batch.pk, StaffFactory())
    transfer = Transfer.objects.get()
    calls, outcomes = [], []

    def render_while_another_run_stores_it(rendering):
        calls.append(rendering.pk)
        if len(calls) == 1:
            outcomes.append(justificatifs.store(rendering.pk))  # the other run, quicker, stores its file first
        return PDF

    with mock.patch.object(justificatifs, "render", side_effect=render_while_another_run_stores_it):
        assert justificatifs.store(transfer.pk) is False

    assert outcomes == [True]
    transfer.refresh_from_db()
    assert transfer.justificatif.name == f"justificatifs/{transfer.justificatif_number}.pdf"
    stored = [path.name for path in (_private_storage / "justificatifs").iterdir()]
    assert stored == [f"{transfer.justificatif_number}.pdf"]


def test_the_job_renders_the_others_when_one_fails_and_its_dry_run_renders_nothing(committed):
    batch = three_transfers()
    with mock.patch.object(justificatifs, "render_missing"):
        committed(payments.payments_batch_confirm, batch.pk, StaffFactory())
    first = min(numbers().values())

    with mock.patch.object(justificatifs, "render") as render:
        call_command("render_justificatifs", "--dry-run", stdout=io.StringIO())
    render.assert_not_called()
    assert justificatifs.missing().count() == 3

    def failing_first(transfer):
        if transfer.justificatif_number == first:
            raise RuntimeError("WeasyPrint failed")
        return PDF

    with mock.patch.object(justificatifs, "render", side_effect=failing_first), pytest.raises(CommandError):
        call_command("render_justificatifs", stdout=io.StringIO())
    assert list(justificatifs.missing().values_list("justificatif_number", flat=True)) == [first]
