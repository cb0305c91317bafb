"""The authorization matrix's URL list: every pro, account and back-office URL, with the objects it needs.

tests/test_authorization.py checks who may open each; tests/browser/test_accessibility.py audits each page for the
role that may see it, and tests/test_form_errors.py submits its forms. A URL added to an app without a line here fails
them. The young people's pages (their own login, not in the matrix) are listed here too, for the audits.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from passculture.beneficiaries.models import BeneficiaryProfile
from passculture.bookings.models import Booking
from passculture.bookings.services import booking_create
from passculture.finance.models import PricingRule
from passculture.offerers.models import ApiKey, MembershipStatus
from passculture.offers.models import Offer, OfferValidationRule, Stock
from passculture.providers.models import Provider, SyncRun, VenueProvider
from tests.factories import (
    PDF,
    BankAccountDocumentFactory,
    BankAccountFactory,
    BeneficiaryFactory,
    EventStockFactory,
    MembershipFactory,
    OffererFactory,
    StaffFactory,
    TransferFactory,
    UserFactory,
    VenueFactory,
    valid_siret,
)

ROLES = ["anonymous", "member", "outsider", "pending", "staff"]

PUBLIC = {
    "pro:signup",
    "pro:signup-done",
    "pro:signup-siren-lookup",  # what the public register says of a SIREN, while signing up
    "account:password-policy",
    "account:verify-email",
    "account:resend-verification",
    "account:login",
    "account:logout",
    "account:password-reset",
    "account:password-reset-done",
    "account:password-reset-confirm",
    "account:password-reset-complete",
    "pro:terms",
    "pro:accessibility",
    "pro:sitemap",
}
# Pages of one's own account: any logged-in user.
OWN_ACCOUNT = {"pro:home", "account:profile", "account:password-change"}
# The user's own offers list and the first step of the wizard (both list only the user's structures), and the
# htmx fragments of shared reference data (offer types, the product catalogue): any logged-in user.
OWN_SCOPE = {
    "pro:offers",
    "pro:bank-details-home",  # the bank details of the user's first structure
    "pro:reimbursements",  # the transfers of the user's structures
    "pro:reimbursements-csv",
    "pro:offer-create",
    "pro:offer-type-fields",
    "pro:offer-sub-types",
    "pro:offer-product",
}


def all_url_names(namespace: str) -> set[str]:
    resolver = get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == namespace:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    names.add(f"{namespace}:{pattern.name}")
    return names


def build_world() -> dict:
    """The objects the matrix needs: a structure with its venue, its members (validated and pending), an outsider,
    staff, an offer awaiting review with its stock, and a review rule."""
    offerer = OffererFactory()
    venue = VenueFactory(offerer=offerer)
    member = UserFactory()
    MembershipFactory(user=member, offerer=offerer)
    outsider = UserFactory()
    MembershipFactory(user=outsider, offerer=OffererFactory())
    pending_user = UserFactory()
    pending = MembershipFactory(user=pending_user, offerer=offerer, status=MembershipStatus.PENDING)
    staff = StaffFactory()
    users = {
        "anonymous": None,
        "member": member,
        "outsider": outsider,
        "pending": pending_user,
        "staff": staff,
    }
    # Offer review (back office): an offer awaiting review and a review rule.
    offer = Offer.objects.create(
        venue=venue,
        subcategory_id="LIVRE_PAPIER",
        name="Offre à valider",
        extra_data={"ean": "9782070612758"},
        validation="PENDING",
    )
    rule = OfferValidationRule.objects.create(name="Prix élevé", kind="PRICE_ABOVE", parameters={"cents": 10000})
    # Pro offer pages: the offer's stock.
    stock = Stock.objects.create(offer=offer, price_cents=1000, quantity=10)
    # Bank details: an account paying the venue, waiting for corrections, with its RIB.
    account = BankAccountFactory(offerer=offerer, with_corrections=True, pays=[venue])
    document = BankAccountDocumentFactory(bank_account=account)
    # Reimbursements: a transfer of a confirmed batch to the structure, with its justificatif.
    transfer = TransferFactory(bank_account=BankAccountFactory(offerer=offerer, accepted=True))
    return {
        "transfer": transfer,
        "account": account,
        "document": document,
        "offerer": offerer,
        "venue": venue,
        "pending": pending,
        "users": users,
        "offer": offer,
        "rule": rule,
        "stock": stock,
    }


def pro_requests(world):
    """(url name, method, url, data) for every pro URL that is scoped to the structure."""
    offerer, venue, pending = world["offerer"], world["venue"], world["pending"]
    return [
        ("pro:offerer-detail", "get", reverse("pro:offerer-detail", args=[offerer.pk]), None),
        (
            "pro:offerer-invite",
            "post",
            reverse("pro:offerer-invite", args=[offerer.pk]),
            {"email": "x@example.net"},
        ),
        (
            "pro:membership-decide",
            "post",
            reverse("pro:membership-decide", args=[pending.pk, "accepter"]),
            {},
        ),
        ("pro:venue-create", "get", reverse("pro:venue-create", args=[offerer.pk]), None),
        ("pro:venue-detail", "get", reverse("pro:venue-detail", args=[venue.pk]), None),
        ("pro:venue-edit", "get", reverse("pro:venue-edit", args=[venue.pk]), None),
        (
            "pro:siret-lookup",
            "post",
            reverse("pro:siret-lookup"),
            {"offerer": offerer.pk, "siret": valid_siret(offerer.siren, 9)},
        ),
        *offer_requests(world),
        *booking_requests(world),
        (
            "pro:venue-pricing-point",
            "post",
            reverse("pro:venue-pricing-point", args=[offerer.venues.get(is_virtual=True).pk]),
            {"pricing_point": venue.pk, "confirm": "on"},
        ),
        *provider_requests(world),
        *bank_details_requests(world),
    ]


def bank_details_requests(world):
    """Informations bancaires: scoped through the structure, the account, the venue or the document."""
    offerer, venue, account, document = world["offerer"], world["venue"], world["account"], world["document"]

    def url(name, *args):
        return reverse(name, args=args)

    application = {
        "label": "Compte",
        "iban": "FR7630006000011234567890189",
        "bic": "BNPAFRPP",
        "identity": SimpleUploadedFile("kbis.pdf", PDF),
        "rib": SimpleUploadedFile("rib.pdf", PDF),
    }
    return [
        ("pro:bank-details", "get", url("pro:bank-details", offerer.pk), None),
        ("pro:bank-account-create", "post", url("pro:bank-account-create", offerer.pk), application),
        ("pro:bank-account-correct", "get", url("pro:bank-account-correct", account.pk), None),
        ("pro:bank-account-link", "get", url("pro:bank-account-link", account.pk), None),
        ("pro:bank-venue-unlink", "get", url("pro:bank-venue-unlink", venue.pk), None),
        ("pro:bank-document", "get", url("pro:bank-document", document.pk), None),
        ("pro:justificatif", "get", url("pro:justificatif", world["transfer"].pk), None),
    ]


def provider_requests(world):
    """« Synchroniser des offres »: scoped through the venue, its link to a provider, or a run of the link."""
    venue = world["venue"]
    link = VenueProvider.objects.create(
        venue=venue, provider=Provider.objects.get(code="titelive_stocks"), venue_id_at_provider=venue.siret
    )
    run = SyncRun.objects.create(provider=link.provider, venue_provider=link, venue=venue, status="SUCCESS")

    def url(name, *args):
        return reverse(name, args=args)

    return [
        ("pro:venue-sync", "get", url("pro:venue-sync", venue.pk), None),
        ("pro:venue-sync-parameters", "post", url("pro:venue-sync-parameters", link.pk), {"price": "5"}),
        ("pro:venue-sync-active", "post", url("pro:venue-sync-active", link.pk), {"active": "1"}),
        ("pro:venue-sync-now", "post", url("pro:venue-sync-now", link.pk), {}),
        ("pro:venue-sync-delete", "get", url("pro:venue-sync-delete", link.pk), None),
        ("pro:sync-run", "get", url("pro:sync-run", run.pk), None),
    ]


def offer_requests(world):
    """The offer pages: scoped through the offer, its stock, or the venue of the wizard's step 2."""
    offer, stock, venue = world["offer"], world["stock"], world["venue"]

    def url(name, *args):
        return reverse(name, args=args)

    return [
        ("pro:offers-bulk", "post", url("pro:offers-bulk"), {"offers": [offer.pk], "action": "deactivate"}),
        ("pro:offer-create-details", "get", url("pro:offer-create-details", venue.pk, "LIVRE_PAPIER"), None),
        ("pro:offer-detail", "get", url("pro:offer-detail", offer.pk), None),
        ("pro:offer-edit", "get", url("pro:offer-edit", offer.pk), None),
        ("pro:offer-stocks", "get", url("pro:offer-stocks", offer.pk), None),
        ("pro:stock-create", "post", url("pro:stock-create", offer.pk), {"price": "5", "quantity": "3"}),
        ("pro:stock-recurrence", "post", url("pro:stock-recurrence", offer.pk), {"recurrence-times": "20:00"}),
        ("pro:stock-edit", "get", url("pro:stock-edit", stock.pk), None),
        ("pro:stock-delete", "get", url("pro:stock-delete", stock.pk), None),
        ("pro:offer-summary", "get", url("pro:offer-summary", offer.pk), None),
        ("pro:offer-publish", "post", url("pro:offer-publish", offer.pk), {}),
        ("pro:offer-duplicate", "post", url("pro:offer-duplicate", offer.pk), {}),
    ]


def booking_requests(world):
    """Bookings, the desk, tickets and API keys: scoped through a booking, its countermark, its date, a key, or a
    venue named in the query string (a list page filtered on another structure's venue is a 404)."""
    venue, offerer = world["venue"], world["offerer"]
    concert = Offer.objects.create(venue=venue, subcategory_id="CONCERT", name="Concert", validation="APPROVED")
    starts = timezone.now() + datetime.timedelta(days=5)
    date = Stock.objects.create(
        offer=concert, price_cents=1000, quantity=10, booked_quantity=1, beginning_datetime=starts
    )
    booking = Booking.objects.create(
        user=UserFactory(),
        stock=date,
        offer=concert,
        token="AUTHZ2",
        unit_price_cents=1000,
        cancellation_limit_datetime=timezone.now() - datetime.timedelta(hours=1),
    )
    key = ApiKey.objects.create(offerer=offerer, prefix="a1b2c3d4e5f6", secret_hash="0" * 64, label="Billetterie")

    def url(name, *args):
        return reverse(name, args=args)

    token = {"token": booking.token.lower()}
    return [
        ("pro:bookings", "get", url("pro:bookings"), {"venue": venue.pk}),
        ("pro:bookings-export", "get", url("pro:bookings-export", "csv"), {"venue": venue.pk}),
        ("pro:booking-cancel", "get", url("pro:booking-cancel", booking.pk), None),
        ("pro:desk", "post", url("pro:desk"), token),
        ("pro:desk-validate", "post", url("pro:desk-validate"), token),
        ("pro:desk-invalidate", "post", url("pro:desk-invalidate"), token),
        ("pro:tickets", "get", url("pro:tickets"), {"venue": venue.pk}),
        ("pro:tickets-detail", "get", url("pro:tickets-detail", date.pk), None),
        ("pro:tickets-export", "get", url("pro:tickets-export", date.pk, "csv"), None),
        ("pro:apikeys", "get", url("pro:apikeys", offerer.pk), None),
        ("pro:apikey-create", "post", url("pro:apikey-create", offerer.pk), {"label": "Logiciel"}),
        ("pro:apikey-revoke", "get", url("pro:apikey-revoke", key.pk), None),
    ]


def backoffice_requests(world):
    offerer, pending = world["offerer"], world["pending"]
    member = world["users"]["member"]
    # Young people and bookings: a profile awaiting its identity check, and a booking.
    young = UserFactory()
    BeneficiaryProfile.objects.create(user=young, birth_date=datetime.date(2008, 1, 1), postal_code="75011")
    booking = Booking.objects.create(
        user=young,
        stock=world["stock"],
        offer=world["offer"],
        token="AUTHZ3",
        unit_price_cents=1000,
        cancellation_limit_datetime=timezone.now(),
    )
    Stock.objects.filter(pk=world["stock"].pk).update(booked_quantity=F("booked_quantity") + 1)  # its place
    run = SyncRun.objects.create(provider=Provider.objects.get(code="titelive"), status="SUCCESS")
    # A Démarches simplifiées dossier kept without a structure (its SIRET named none).
    dms_account = BankAccountFactory(from_dms=True, offerer=None, applicant_siret="31415926000012")
    gets = [
        ("backoffice:home", []),
        ("backoffice:sitemap", []),
        ("backoffice:offerer-queue", []),
        ("backoffice:offerer-detail", [offerer.pk]),
        ("backoffice:attachment-requests", []),
        ("backoffice:search", []),
        ("backoffice:user-detail", [member.pk]),
        ("backoffice:audit", []),
        ("backoffice:offer-queue", []),
        ("backoffice:offer-detail", [world["offer"].pk]),
        ("backoffice:offer-rules", []),
        ("backoffice:offer-rule-create", ["PRICE_ABOVE"]),
        ("backoffice:offer-rule-edit", [world["rule"].pk]),
        ("backoffice:parameters", []),
        ("backoffice:parameter-detail", ["offers.max_price_cents"]),
        ("backoffice:beneficiary-queue", []),
        ("backoffice:beneficiary-detail", [young.pk]),
        ("backoffice:booking-search", []),
        ("backoffice:booking-detail", [booking.pk]),
        ("backoffice:providers", []),
        ("backoffice:provider-links", []),
        ("backoffice:sync-runs", []),
        ("backoffice:sync-run", [run.pk]),
        ("backoffice:dms-dossiers", []),
        ("backoffice:bank-account-queue", []),
        ("backoffice:bank-account-detail", [world["account"].pk]),
        ("backoffice:bank-document", [world["document"].pk]),
        ("backoffice:payment-batches", []),
        ("backoffice:payment-batch-run", []),
        ("backoffice:payment-batch", [world["transfer"].batch_id]),
        ("backoffice:payment-batch-confirm", [world["transfer"].batch_id]),
        ("backoffice:payment-batch-sepa", [world["transfer"].batch_id]),
        ("backoffice:transfers", []),
        ("backoffice:pricing-rules", []),
        ("backoffice:pricing-rule-create", []),
    ]
    posts = [
        ("backoffice:offerer-validate", [offerer.pk], {}),
        ("backoffice:offerer-hold", [offerer.pk], {"comment": "Kbis illisible"}),
        ("backoffice:offerer-reject", [offerer.pk], {"comment": "Hors champ"}),
        ("backoffice:offerer-close", [offerer.pk], {"comment": "Cessation"}),
        ("backoffice:membership-validate", [pending.pk], {}),
        ("backoffice:membership-reject", [pending.pk], {}),
        ("backoffice:offer-approve", [world["offer"].pk], {}),
        ("backoffice:offer-reject", [world["offer"].pk], {"reject-reason": "Hors champ"}),
        ("backoffice:offer-rule-toggle", [world["rule"].pk], {"active": "0"}),
        ("backoffice:beneficiary-confirm", [young.pk], {}),
        ("backoffice:beneficiary-refuse", [young.pk], {"refuse-reason": "Pièce illisible"}),
        ("backoffice:beneficiary-grant", [young.pk], {}),
        ("backoffice:booking-cancel", [booking.pk], {"cancel-comment": "Fraude"}),
        ("backoffice:dms-sync", [], {}),
        ("backoffice:dms-dossier-refresh", [dms_account.pk], {}),
        ("backoffice:dms-account-attach", [dms_account.pk], {}),
        ("backoffice:bank-account-decide", [world["account"].pk, "refuser"], {"refuse-comment": "RIB illisible"}),
        ("backoffice:pricing-rule-end", [PricingRule.objects.earliest("id").pk], {"valid_until": "2030-01-01"}),
    ]
    return gets, posts


# The arguments of the public pages whose URL takes some (a link from a mail; an expired or unknown one here).
PUBLIC_ARGS = {
    "account:verify-email": ["lien-inconnu"],
    "account:password-reset-confirm": ["MA", "lien-inconnu"],
}


def young_requests(world) -> tuple[list, list]:
    """The young people's pages (GET, by role) and actions (POST), as (role, url name, url, data)."""
    offer, booking, stock = world["young_offer"], world["young_booking"], world["young_stock"]

    def url(name, *args):
        return reverse(name, args=args)

    gets = [
        ("anonymous", "beneficiary:signup", url("beneficiary:signup"), None),
        ("anonymous", "beneficiary:signup-done", url("beneficiary:signup-done"), None),
        ("anonymous", "beneficiary:resend-verification", url("beneficiary:resend-verification"), None),
        ("anonymous", "beneficiary:login", url("beneficiary:login"), None),
        ("anonymous", "beneficiary:accessibility", url("beneficiary:accessibility"), None),
        ("anonymous", "beneficiary:sitemap", url("beneficiary:sitemap"), None),
        ("young", "beneficiary:catalogue", url("beneficiary:catalogue"), None),
        ("young", "beneficiary:offer", url("beneficiary:offer", offer.pk), None),
        ("young", "beneficiary:credit", url("beneficiary:credit"), None),
        ("young", "beneficiary:bookings", url("beneficiary:bookings"), None),
        ("young", "beneficiary:booking-detail", url("beneficiary:booking-detail", booking.pk), None),
        ("young", "beneficiary:booking-cancel", url("beneficiary:booking-cancel", booking.pk), None),
    ]
    posts = [
        ("young", "beneficiary:book", url("beneficiary:book", offer.pk), {"stock": stock.pk, "quantity": 1}),
        ("young", "beneficiary:logout", url("beneficiary:logout"), {}),
    ]
    return gets, posts


def site_pages(world) -> tuple[list, list]:
    """Every page (GET) and action (POST) of the site as (role, url name, url, data), each with a role that may open
    it: ``anonymous``, ``member`` (of the world's structure), ``staff`` or ``young`` (see ``add_young_people``)."""
    gets = [("anonymous", name, reverse(name, args=PUBLIC_ARGS.get(name, [])), None) for name in sorted(PUBLIC)]
    gets += [("member", name, reverse(name), None) for name in sorted(OWN_ACCOUNT | OWN_SCOPE)]
    posts = []
    for name, method, url, data in pro_requests(world):
        (gets if method == "get" else posts).append(("member", name, url, data))
    bo_gets, bo_posts = backoffice_requests(world)
    gets += [("staff", name, reverse(name, args=args), None) for name, args in bo_gets]
    posts += [("staff", name, reverse(name, args=args), data) for name, args, data in bo_posts]
    young_gets, young_posts = young_requests(world)
    return gets + young_gets, posts + young_posts


def add_young_people(world: dict) -> dict:
    """The objects of the young people's pages: a bookable concert near Paris and a young person who booked it."""
    venue = VenueFactory(public_name="Le Petit Bain", in_paris=True)
    stock = EventStockFactory(offer__venue=venue, offer__name="Quartet de la Seine", in_ten_days=True)
    young = BeneficiaryFactory(email="lou@example.net")
    world["users"]["young"] = young
    world.update(young_offer=stock.offer, young_stock=stock, young_booking=booking_create(young, stock.pk))
    return world
