"""A fortnight's reimbursement as a pro and the pass Culture team live it (docs/domain/finance.md#batches,
#reimbursements-page), in a real Chromium: validated bookings at a venue with an accepted account, staff run and
confirm the batch in the back office, the pro opens "Suivi des remboursements", downloads the justificatif (its
total is right) and the details CSV, and the venue's scale gauge shows the revenue.

The journey runs on a pinned day (time-machine, the clock still ticking): the batch pays the fortnight before
today, and between 1 and 15 January that fortnight is in the previous year, outside the gauge's year."""

import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from passculture.finance import rules
from passculture.finance.services.pricing import price_events
from tests.browser.helpers import log_in
from tests.factories import BankAccountFactory, MembershipFactory, StaffFactory, UserFactory, VenueFactory, used_booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A day whose last cut-off (15 June) is in its own year, whatever day the suite runs.
JOURNEY_DAY = datetime.datetime(2026, 6, 20, 8, tzinfo=datetime.UTC)  # 10:00 in Paris


@pytest.fixture(autouse=True)
def _journey_day():
    with time_machine.travel(JOURNEY_DAY, tick=True):
        yield


def test_a_batch_pays_the_venue_and_the_pro_downloads_the_justificatif_and_the_details(page):
    venue = VenueFactory(name="Cinéma du Port")
    pro = UserFactory(email="gerante@cinema-du-port.fr")
    MembershipFactory(user=pro, offerer=venue.offerer)
    staff = StaffFactory(email="equipe@passculture.app")
    BankAccountFactory(
        offerer=venue.offerer,
        accepted=True,
        label="Compte courant du Port",
        pays=[venue],
        pays__since=timezone.now() - datetime.timedelta(days=400),
    )
    cutoff = rules.last_cutoff_before(timezone.localdate())
    assert cutoff.year == timezone.localdate().year  # the gauge below counts this year's revenue
    used_at = timezone.make_aware(datetime.datetime.combine(rules.fortnight_start(cutoff), datetime.time(20)))
    log_in(page, pro.email)
    page.goto(f"/lieux/{venue.pk}/")
    expect(page.get_by_test_id("scale-revenue")).to_have_text(re.compile(r"^0,00\s€$"))
    # Two validated bookings of the last fortnight: 12,50 € and a duo at 8,70 €.
    used_booking(venue, price_cents=1_250, used_at=used_at)
    used_booking(venue, price_cents=870, quantity=2, used_at=used_at)
    price_events()
    page.get_by_role("button", name="Se déconnecter").click()

    # The pass Culture team runs the batch of that fortnight, confirms it, then confirms the transfers.
    log_in(page, staff.email)
    page.goto("/backoffice/")
    page.get_by_role("link", name="Virements").first.click()
    page.get_by_label("Fin de la quinzaine").fill(cutoff.isoformat())
    page.get_by_role("button", name="Lancer un lot…").click()
    expect(page.get_by_text(rules.fortnight_label(cutoff))).to_be_visible()
    page.get_by_role("button", name="Confirmer le lancement").click()
    expect(page.get_by_text("1 virement(s) préparé(s)")).to_be_visible()
    expect(page.get_by_test_id("transfers")).to_contain_text(re.compile(r"29,90\s€"))
    page.get_by_role("link", name="Confirmer les virements…").click()
    page.get_by_role("button", name="Confirmer les virements").click()
    expect(page.get_by_test_id("batch-status")).to_contain_text("Virements confirmés")
    page.get_by_role("button", name="Se déconnecter").click()

    # The pro follows the reimbursement.
    log_in(page, pro.email)
    page.get_by_role("link", name="Remboursements").first.click()
    expect(page.get_by_role("heading", name="Suivi des remboursements")).to_be_visible()
    transfers = page.get_by_test_id("transfers")
    expect(transfers).to_contain_text(re.compile(r"29,90\s€"))
    expect(transfers).to_contain_text("Compte courant du Port")
    with page.expect_download() as pdf:
        transfers.get_by_role("link", name="(PDF)").first.click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(pdf.value.path()).read_bytes())).pages)
    assert "Justificatif de remboursement" in text and "29,90" in text
    with page.expect_download() as details:
        page.get_by_role("link", name="Télécharger le détail des remboursements (CSV)").click()
    lines = Path(details.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3 and lines[0].startswith("Réservations concernées;")

    # The venue's gauge counts the year's revenue.
    page.goto(f"/lieux/{venue.pk}/")
    expect(page.get_by_test_id("scale-revenue")).to_have_text(re.compile(r"^29,90\s€$"))
