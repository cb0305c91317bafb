"""Use cases that write: pro sign-up, structure activation, attachments, invitations, venues."""

import datetime
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from passculture.accounts import services as account_services
from passculture.accounts.models import User, UserManager
from passculture.connectors import sirene
from passculture.connectors.geocoding import get_geocoding_client
from passculture.connectors.geocoding.errors import GeocodingError
from passculture.core.audit import log_action
from passculture.core.dates import timezone_for_department
from passculture.core.identifiers import compact, department_from_postal_code, is_valid_siren, is_valid_siret
from passculture.core.mail import send_on_commit
from passculture.offerers import errors, rules
from passculture.offerers.models import (
    ApiKey,
    Invitation,
    Membership,
    MembershipStatus,
    Offerer,
    OffererStatus,
    OffererStatusChange,
    Venue,
    VenueType,
)

DIGITAL_VENUE_NAME = "Offre numérique"


# --- Sirene look-ups -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SirenCheck:
    """What the register said of a SIREN at sign-up; ``info`` is ``None`` when it could not be reached."""

    info: sirene.SirenInfo | None
    address: sirene.Address | None = None

    @property
    def unavailable(self) -> bool:
        return self.info is None


def check_siren(siren: str) -> SirenCheck:
    siren = compact(siren)
    if not is_valid_siren(siren):
        raise errors.InvalidSiren(field="siren")
    client = sirene.get_sirene_client()
    try:
        info = client.get_siren(siren)
    except sirene.SireneNotFound as exc:
        raise errors.UnknownSiren(field="siren") from exc
    except sirene.SireneInvalidIdentifier as exc:
        raise errors.InvalidSiren(field="siren") from exc
    except sirene.SireneNotDiffusible:
        # The structure exists but its data are private: staff read them on the register themselves.
        return SirenCheck(info=None)
    except (sirene.SireneUnavailable, sirene.SireneRateLimited):
        return SirenCheck(info=None)
    if not info.active:
        raise errors.ClosedSiren(field="siren")
    address = info.address
    if address is None and info.head_office_siret:
        try:
            address = client.get_siret(info.head_office_siret).address
        except sirene.SireneError:
            address = None
    return SirenCheck(info=info, address=address)


def check_siret(siret: str, offerer: Offerer) -> sirene.SiretInfo:
    siret = compact(siret)
    if not is_valid_siret(siret):
        raise errors.InvalidSiret(field="siret")
    if not siret.startswith(offerer.siren):
        raise errors.SiretNotOfSiren(field="siret", siren=offerer.siren)
    if Venue.objects.filter(siret=siret).exists():
        raise errors.SiretAlreadyUsed(field="siret")
    try:
        info = sirene.get_sirene_client().get_siret(siret)
    except sirene.SireneNotFound as exc:
        raise errors.UnknownSiret(field="siret") from exc
    except sirene.SireneInvalidIdentifier as exc:
        raise errors.InvalidSiret(field="siret") from exc
    except (sirene.SireneUnavailable, sirene.SireneRateLimited, sirene.SireneNotDiffusible) as exc:
        raise errors.SireneUnavailable(field="siret") from exc
    if not info.active:
        raise errors.ClosedSiret(field="siret")
    return info


# --- Sign-up ---------------------------------------------------------------------------------------------


def _record_status(offerer: Offerer, to_status: str, author: User | None, comment: str = "") -> None:
    OffererStatusChange.objects.create(
        offerer=offerer,
        from_status=offerer.status if offerer.pk else "",
        to_status=to_status,
        author=author,
        comment=comment,
    )


def _create_offerer(user: User, siren: str, declared_name: str, check: SirenCheck) -> Offerer:
    info, address = check.info, check.address
    offerer = Offerer.objects.create(
        siren=siren,
        name=declared_name[:140],  # the public name is the one the pro typed; the register's is in the audit
        declared_name=declared_name[:140],
        street=address.street if address else "",
        postal_code=address.postal_code if address else "",
        city=address.city if address else "",
        legal_category_code=info.legal_category_code if info else "",
        ape_code=info.ape_code if info else "",
        status=OffererStatus.NEW,
        sirene_check_pending=check.unavailable,
        status_changed_at=timezone.now(),
    )
    OffererStatusChange.objects.create(offerer=offerer, to_status=OffererStatus.NEW, author=user)
    Venue.objects.create(
        offerer=offerer,
        name=DIGITAL_VENUE_NAME,
        is_virtual=True,
        venue_type=VenueType.DIGITAL,
        booking_email=user.email,
    )
    Membership.objects.create(user=user, offerer=offerer, status=MembershipStatus.VALIDATED, decided_at=timezone.now())
    log_action(
        user,
        "offerer.created",
        offerer,
        {
            "declared_name": declared_name,
            "register_name": info.name if info else "",
            "sirene_unavailable": check.unavailable,
        },
    )
    return offerer


def pro_signup(
    *, email: str, password: str, first_name: str, last_name: str, phone: str, structure_name: str, siren: str
) -> Membership:
    """docs/domain/offerers.md#sign-up: the account, then the structure (first user) or an attachment request.

    The register is asked before the transaction opens: a slow register must not hold the database's writers."""
    siren = compact(siren)
    check = check_siren(siren)
    return _pro_signup(
        check, email=email, password=password, first_name=first_name, last_name=last_name, phone=phone,
        structure_name=structure_name, siren=siren,
    )  # fmt: skip


@transaction.atomic
def _pro_signup(
    check: SirenCheck,
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    phone: str,
    structure_name: str,
    siren: str,
) -> Membership:
    offerer = Offerer.objects.select_for_update().filter(siren=siren).first()
    if offerer is not None and offerer.status == OffererStatus.CLOSED:
        raise errors.OffererClosed(field="siren")
    user = account_services.user_create(
        email=email, password=password, first_name=first_name, last_name=last_name, phone=phone
    )
    if offerer is None:
        try:
            with transaction.atomic():
                offerer = _create_offerer(user, siren, structure_name.strip(), check)
        except IntegrityError:  # the same SIREN registered at the same instant: join it instead
            offerer = Offerer.objects.select_for_update().get(siren=siren)
        else:
            return offerer.memberships.get(user=user)
    return _request_attachment(user, offerer)


def _request_attachment(user: User, offerer: Offerer) -> Membership:
    invited = Invitation.objects.filter(offerer=offerer, email=user.email, accepted_at__isnull=True).first()
    if invited is not None:
        return _accept_invitation(user, invited)
    membership = Membership.objects.create(user=user, offerer=offerer, status=MembershipStatus.PENDING)
    log_action(user, "membership.requested", offerer, {"user": user.email})
    # The members are told once the requester has verified the email (pro_verify_email).
    return membership


@transaction.atomic
def pro_verify_email(token: str) -> User:
    """The link of the verification mail; then tell the pro what happens next (docs/domain/offerers.md)."""
    user = account_services.user_verify_email(token)
    accept_pending_invitations(user)
    for membership in user.memberships.select_related("offerer"):
        offerer = membership.offerer
        if membership.status == MembershipStatus.PENDING:
            template = "attachment_under_review"
            send_on_commit("attachment_requested", offerer_id=offerer.pk, requester_id=user.pk)
        elif offerer.awaiting_validation:
            template = "offerer_under_review"
        else:
            continue
        send_on_commit(template, user_id=user.pk, offerer_id=offerer.pk)
    return user


# --- Activation by staff (docs/domain/offerers.md#activation) --------------------------------------------


def _change_status(offerer_id: int, actor: User, transition: str, comment: str = "") -> Offerer:
    offerer = Offerer.objects.select_for_update().get(pk=offerer_id)
    to_status = rules.OFFERER_STATUS.move(transition, offerer.status, status=offerer.get_status_display())
    before = offerer.status
    _record_status(offerer, to_status, actor, comment)
    offerer.status = to_status
    offerer.status_changed_at = timezone.now()
    offerer.save(update_fields=["status", "status_changed_at"])
    log_action(
        actor,
        f"offerer.{to_status.lower()}",
        offerer,
        {"before": before, "after": to_status, "comment": comment},
    )
    return offerer


@transaction.atomic
def offerer_validate(offerer_id: int, actor: User, comment: str = "") -> Offerer:
    offerer = _change_status(offerer_id, actor, "validate", comment)
    offerer.sirene_check_pending = False
    offerer.save(update_fields=["sirene_check_pending"])
    send_on_commit("offerer_validated", offerer_id=offerer.pk)
    return offerer


@transaction.atomic
def offerer_put_on_hold(offerer_id: int, actor: User, comment: str) -> Offerer:
    if not comment.strip():
        raise errors.ReasonRequired(field="comment")
    offerer = _change_status(offerer_id, actor, "hold", comment)
    send_on_commit("offerer_on_hold", offerer_id=offerer.pk, comment=comment)
    return offerer


@transaction.atomic
def offerer_reject(offerer_id: int, actor: User, reason: str) -> Offerer:
    if not reason.strip():
        raise errors.ReasonRequired(field="comment")
    offerer = _change_status(offerer_id, actor, "reject", reason)
    send_on_commit("offerer_rejected", offerer_id=offerer.pk, reason=reason)
    return offerer


@transaction.atomic
def offerer_close(offerer_id: int, actor: User, reason: str) -> Offerer:
    if not reason.strip():
        raise errors.ReasonRequired(field="comment")
    return _change_status(offerer_id, actor, "close", reason)


def offerer_recheck_sirene(offerer: Offerer) -> bool:
    """Retry the register for a structure signed up while it was down; ``True`` once checked."""
    try:
        info = sirene.get_sirene_client().get_siren(offerer.siren)
    except (sirene.SireneUnavailable, sirene.SireneRateLimited):
        return False
    except sirene.SireneError as exc:
        with transaction.atomic():
            Offerer.objects.filter(pk=offerer.pk).update(sirene_check_pending=False)
            log_action("Vérification Sirene", "offerer.sirene_checked", offerer, {"result": exc.code})
        return True
    with transaction.atomic():
        updates = {
            "sirene_check_pending": False,
            "legal_category_code": info.legal_category_code,
            "ape_code": info.ape_code,
        }
        Offerer.objects.filter(pk=offerer.pk).update(**updates)
        log_action(
            "Vérification Sirene",
            "offerer.sirene_checked",
            offerer,
            {"active": info.active, "name": info.name},
        )
    return True


# --- Attachments and invitations -------------------------------------------------------------------------


def _can_decide(actor: User, offerer: Offerer) -> bool:
    return (
        actor.is_staff
        or Membership.objects.filter(user=actor, offerer=offerer, status=MembershipStatus.VALIDATED).exists()
    )


def _can_decide_membership(actor: User, offerer: Offerer) -> bool:
    """docs/domain/offerers.md#memberships: the staff, or a verified member of a validated structure."""
    if actor.is_staff:
        return True
    return offerer.is_validated and actor.is_email_verified and _can_decide(actor, offerer)


def _decide_membership(membership_id: int, actor: User, transition: str) -> Membership:
    membership = Membership.objects.select_for_update().select_related("user", "offerer").get(pk=membership_id)
    if not _can_decide_membership(actor, membership.offerer):
        raise errors.NotAllowed()
    status = rules.MEMBERSHIP_STATUS.move(transition, membership.status)
    if status == MembershipStatus.VALIDATED and not membership.user.is_email_verified:
        raise errors.RequesterNotVerified()
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    log_action(actor, f"membership.{status.lower()}", membership.offerer, {"user": membership.user.email})
    return membership


@transaction.atomic
def membership_validate(membership_id: int, actor: User) -> Membership:
    membership = _decide_membership(membership_id, actor, "validate")
    send_on_commit("attachment_validated", membership_id=membership.pk)
    return membership


@transaction.atomic
def membership_reject(membership_id: int, actor: User) -> Membership:
    membership = _decide_membership(membership_id, actor, "reject")
    send_on_commit("attachment_rejected", membership_id=membership.pk)
    return membership


@transaction.atomic
def invitation_create(offerer: Offerer, actor: User, email: str) -> Invitation:
    if not _can_decide(actor, offerer):
        raise errors.NotAllowed()
    email = UserManager.normalize_email_address(email)
    if Membership.objects.filter(offerer=offerer, user__email=email, status=MembershipStatus.VALIDATED).exists():
        raise errors.InvitationAlreadySent(field="email")
    invitation, created = Invitation.objects.get_or_create(offerer=offerer, email=email, defaults={"invited_by": actor})
    if not created and invitation.accepted_at is not None:
        raise errors.InvitationAlreadySent(field="email")
    log_action(actor, "invitation.sent", offerer, {"email": email})
    send_on_commit("invitation", offerer_id=offerer.pk, email=email, inviter_id=actor.pk)
    # Someone already asking to join is let in at once.
    # (An unverified requester is attached when the email is verified, by accept_pending_invitations.)
    pending = Membership.objects.filter(
        offerer=offerer, user__email=email, user__email_verified_at__isnull=False, status=MembershipStatus.PENDING
    ).first()
    if pending is not None and _can_decide_membership(actor, offerer):
        membership_validate(pending.pk, actor)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return invitation


def _accept_invitation(user: User, invitation: Invitation) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user,
        offerer=invitation.offerer,
        defaults={
            "status": MembershipStatus.VALIDATED,
            "decided_at": timezone.now(),
            "decided_by": invitation.invited_by,
        },
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    log_action(user, "invitation.accepted", invitation.offerer, {"email": user.email})
    return membership


@transaction.atomic
def accept_pending_invitations(user: User) -> list[Membership]:
    """Attach a verified user to every structure that invited their address."""
    if not user.is_email_verified:
        return []
    invitations = Invitation.objects.select_for_update().filter(email=user.email, accepted_at__isnull=True)
    return [_accept_invitation(user, invitation) for invitation in invitations.select_related("offerer")]


# --- Venues ----------------------------------------------------------------------------------------------

VENUE_FIELDS = [
    "name",
    "public_name",
    "venue_type",
    "street",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "booking_email",
    "audio_disability_compliant",
    "mental_disability_compliant",
    "motor_disability_compliant",
    "visual_disability_compliant",
    "no_siret_comment",
]


def _locate(venue: Venue, coordinates_given: bool) -> None:
    postal_code = compact(venue.postal_code)
    if len(postal_code) != 5 or not postal_code.isdigit():
        raise errors.InvalidPostalCode(field="postal_code")
    venue.postal_code = postal_code
    venue.department_code = department_from_postal_code(postal_code)
    venue.timezone = timezone_for_department(venue.department_code)
    if not coordinates_given:
        try:
            found = get_geocoding_client().geocode(f"{venue.street} {venue.postal_code} {venue.city}", postal_code)
        except GeocodingError:
            return  # coordinates stay empty; the pro can enter them
        venue.latitude, venue.longitude = round(found.latitude, 5), round(found.longitude, 5)


def _check_address(venue: Venue) -> None:
    if not (venue.street.strip() and venue.postal_code.strip() and venue.city.strip()):
        raise errors.AddressRequired(field="street")


def venue_create(offerer: Offerer, actor: User, *, siret: str | None, **data) -> Venue:
    """Check the SIRET on the register and locate the address first, then write (outside calls never run inside a
    transaction)."""
    venue = Venue(offerer=offerer, **{k: v for k, v in data.items() if k in VENUE_FIELDS})
    if siret:
        info = check_siret(siret, offerer)
        venue.siret = info.siret
        venue.no_siret_comment = ""
        if not venue.name:
            venue.name = info.name
        if not venue.street and info.address:
            venue.street, venue.postal_code, venue.city = (
                info.address.street,
                info.address.postal_code,
                info.address.city,
            )
    elif not venue.no_siret_comment.strip():
        raise errors.NoSiretCommentRequired(field="no_siret_comment")
    _check_address(venue)
    _locate(venue, coordinates_given=venue.latitude is not None and venue.longitude is not None)
    if not venue.booking_email:
        venue.booking_email = actor.email
    with transaction.atomic():
        try:
            with transaction.atomic():
                venue.save()
        except IntegrityError as exc:
            raise errors.SiretAlreadyUsed(field="siret") from exc
        log_action(actor, "venue.created", venue, {"siret": venue.siret, "offerer": offerer.siren})
    return venue


VENUE_UPDATE_ATTEMPTS = 3


def _row(venue: Venue) -> dict:
    return {field.attname: getattr(venue, field.attname) for field in Venue._meta.concrete_fields}


def venue_update(venue_id: int, actor: User, *, siret: str | None = None, **data) -> Venue:
    """The register (a new SIRET) and the geocoder (a new address) are asked before the transaction opens; the row
    is then locked and written only if nobody changed it meanwhile (else the edit is prepared again on it)."""
    for _attempt in range(VENUE_UPDATE_ATTEMPTS):
        read = Venue.objects.select_related("offerer").get(pk=venue_id)
        row = _row(read)
        venue, before = _prepare_venue_update(read, siret, data)
        with transaction.atomic():
            if _row(Venue.objects.select_for_update().get(pk=venue_id)) != row:
                continue
            after = {field: str(getattr(venue, field)) for field in [*VENUE_FIELDS, "siret"]}
            changes = {k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]}
            if changes:  # nothing changed: nothing written, nothing audited
                venue.save()
                log_action(actor, "venue.updated", venue, changes)
            return venue
    raise errors.VenueChangedMeanwhile()


def _prepare_venue_update(venue: Venue, siret: str | None, data: dict) -> tuple[Venue, dict]:
    """Apply the edit to ``venue`` (not saved) with its checks and outside calls; returns it and its state before."""
    if venue.is_virtual:
        raise errors.DigitalVenueNotEditable()
    before = {field: str(getattr(venue, field)) for field in [*VENUE_FIELDS, "siret"]}
    siret = compact(siret or "")
    if venue.siret and siret and siret != venue.siret:
        raise errors.SiretImmutable(field="siret")
    if not venue.siret and siret:
        venue.siret = check_siret(siret, venue.offerer).siret
        venue.no_siret_comment = ""
    for field, value in data.items():
        if field in VENUE_FIELDS:
            setattr(venue, field, value)
    if not venue.siret and not venue.no_siret_comment.strip():
        raise errors.NoSiretCommentRequired(field="no_siret_comment")
    _check_address(venue)
    address_changed = any(before[f] != str(getattr(venue, f)) for f in ("street", "postal_code", "city"))
    coordinates_changed = any(before[f] != str(getattr(venue, f)) for f in ("latitude", "longitude"))
    _locate(venue, coordinates_given=coordinates_changed or not address_changed)
    return venue, before


# --- API keys of structures (ticketing and bookstore software): create once, authenticate, revoke --------------


@transaction.atomic
def apikey_create(offerer: Offerer, actor, label: str = "") -> tuple[ApiKey, str]:
    """Returns the key and its clear value, which is never stored nor shown again."""
    Offerer.objects.select_for_update().get(pk=offerer.pk)  # serialise the count below
    if offerer.api_keys.filter(revoked_at__isnull=True).count() >= rules.MAX_ACTIVE_KEYS:
        raise errors.TooManyApiKeys(maximum=rules.MAX_ACTIVE_KEYS)
    prefix, secret = secrets.token_hex(6), secrets.token_hex(32)
    key = ApiKey.objects.create(
        offerer=offerer,
        prefix=prefix,
        secret_hash=rules.key_secret_hash(secret),
        label=label,
        created_by=actor if getattr(actor, "pk", None) else None,  # a user, or a label such as "CLI"
    )
    log_action(actor, "apikey.created", offerer, {"prefix": prefix, "label": label})
    return key, f"{rules.key_environment(settings.ENVIRONMENT)}_{prefix}_{secret}"


@transaction.atomic
def apikey_revoke(key_id: int, actor) -> ApiKey:
    key = ApiKey.objects.select_for_update().get(pk=key_id)
    if key.revoked_at is not None:
        raise errors.ApiKeyAlreadyRevoked()
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    log_action(actor, "apikey.revoked", key.offerer, {"prefix": key.prefix})
    return key


def apikey_authenticate(clear: str) -> ApiKey | None:
    """The active key matching ``clear`` (constant-time comparison), or ``None``."""
    match = rules.KEY_PATTERN.match((clear or "").strip())
    if not match:
        return None
    key = ApiKey.objects.select_related("offerer").filter(prefix=match["prefix"], revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.secret_hash, rules.key_secret_hash(match["secret"])):
        return None
    # At most one write a minute per key: every desk of a structure shares this row.
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - datetime.timedelta(minutes=1))
    ApiKey.objects.filter(stale, pk=key.pk).update(last_used_at=now)
    return key
