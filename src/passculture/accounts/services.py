from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from passculture.accounts import notifications, throttling
from passculture.accounts.errors import (
    EmailAlreadyUsed,
    EmailAlreadyVerified,
    EmailNotVerified,
    InvalidVerificationLink,
    TooManyLoginAttempts,
    TooManyPasswordResets,
    WeakPassword,
)
from passculture.accounts.models import User, UserManager
from passculture.accounts.selectors import user_email_exists
from passculture.accounts.tokens import read_verification_token
from passculture.core.audit import log_action
from passculture.core.mail import send_on_commit


@transaction.atomic
def user_create(
    *, email: str, password: str, first_name: str, last_name: str, phone: str = "", young: bool = False
) -> User:
    """Create an unverified account and send the verification link (on commit): the pros' mail, or the young
    people's (``young``)."""
    email = UserManager.normalize_email_address(email)
    if user_email_exists(email):
        raise EmailAlreadyUsed(field="email")
    try:
        password_validation.validate_password(password)
    except ValidationError as exc:
        raise WeakPassword(" ".join(exc.messages), field="password") from exc
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                phone=phone,
            )
    except IntegrityError as exc:  # a concurrent sign-up with the same address
        raise EmailAlreadyUsed(field="email") from exc
    log_action(user, "user.signup", user)
    user_send_verification_email(user, young=young)
    return user


def user_send_verification_email(user: User, *, young: bool = False) -> None:
    if user.is_email_verified:
        raise EmailAlreadyVerified()
    send_on_commit(notifications.VERIFY_EMAIL, user_id=user.pk, young=young)


def user_resend_verification_email(email: str, *, young: bool = False) -> None:
    """Resend the link; silent for unknown or verified addresses (never reveal who has an account)."""
    user = User.objects.filter(email=UserManager.normalize_email_address(email), is_active=True).first()
    if user is not None and not user.is_email_verified:
        user_send_verification_email(user, young=young)


@transaction.atomic
def user_verify_email(token: str) -> User:
    payload = read_verification_token(token)
    user = User.objects.select_for_update().filter(pk=payload["uid"]).first()
    if user is None or user.email != payload["email"]:
        raise InvalidVerificationLink()
    if user.is_email_verified:
        raise EmailAlreadyVerified()
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    log_action(user, "user.email_verified", user)
    return user


def user_login(*, email: str, password: str, ip: str | None, request=None) -> User | None:
    """The user to log in, ``None`` for wrong credentials; raises when throttled or not yet verified."""
    wait = throttling.reserve_attempt(email, ip)  # before the password is checked: parallel requests count
    if wait:
        raise TooManyLoginAttempts(minutes=throttling.minutes_to_wait(wait))
    user = authenticate(request, username=email, password=password)
    if user is None:
        return None  # the reserved attempt is the failure
    if not user.is_email_verified:
        throttling.give_back(email, ip)
        raise EmailNotVerified()
    throttling.record_success(email, ip)
    return user


def password_reset_reserve(*, email: str, ip: str | None) -> None:
    """Count one password-reset request (whether an account has this email or not: the answer is the same);
    raises when the address or the client has asked too often (docs/domain/offerers.md#login)."""
    refused = throttling.reserve_password_reset(email, ip)
    if refused:
        which, wait = refused
        raise TooManyPasswordResets(
            field="email" if which == "email" else None, minutes=throttling.minutes_to_wait(wait)
        )


@transaction.atomic
def user_update_profile(user: User, *, first_name: str, last_name: str, phone: str, email: str) -> User:
    email = UserManager.normalize_email_address(email)
    before = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "email": user.email,
    }
    if email != user.email and user_email_exists(email):
        raise EmailAlreadyUsed(field="email")
    user.first_name, user.last_name, user.phone = first_name.strip(), last_name.strip(), phone
    email_changed = email != user.email
    user.email = email
    if email_changed:
        # A new address must be proven like the first one.
        user.email_verified_at = None
    user.save()
    after = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "email": user.email,
    }
    log_action(user, "user.profile_updated", user, {"before": before, "after": after})
    if email_changed:
        user_send_verification_email(user)
    return user
