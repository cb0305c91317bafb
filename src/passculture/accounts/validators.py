"""The pro password policy of the guide: 12 characters with digits, lower and upper case, special characters."""

import string

from django.core.exceptions import ValidationError

MIN_LENGTH = 12
POLICY_TEXT = [
    "12 caractères minimum",
    "au moins un chiffre",
    "au moins une lettre minuscule et une lettre majuscule",
    "au moins un caractère spécial (par exemple ! ? # @ - _ .)",
]


def password_policy_failures(password: str) -> list[str]:
    """The requirements ``password`` misses, in the order of :data:`POLICY_TEXT`."""
    password = password or ""
    checks = [
        len(password) >= MIN_LENGTH,
        any(c in string.digits for c in password),
        any(c in string.ascii_lowercase for c in password) and any(c in string.ascii_uppercase for c in password),
        any(c in string.punctuation for c in password),
    ]
    return [text for text, ok in zip(POLICY_TEXT, checks, strict=True) if not ok]


def password_policy_checklist(password: str | None) -> list[dict]:
    """The four requirements with whether ``password`` meets each (none is met before anything is typed)."""
    failures = set(password_policy_failures(password)) if password else set(POLICY_TEXT)
    return [{"text": text, "ok": bool(password) and text not in failures} for text in POLICY_TEXT]


class ProPasswordPolicyValidator:
    def validate(self, password, user=None):
        failures = password_policy_failures(password)
        if failures:
            raise ValidationError(
                "Votre mot de passe doit contenir : " + ", ".join(failures) + ".",
                code="password_policy",
            )

    def get_help_text(self):
        return "Votre mot de passe doit contenir : " + ", ".join(POLICY_TEXT) + "."


def normalize_phone(value: str) -> str:
    """French number (``0`` + 9 digits, spaces, dots or dashes allowed) or E.164 → stored compact form."""
    # "+33 (0)6 12 34 56 78": the trunk 0 in brackets is not dialled from abroad.
    compact = "".join(c for c in (value or "").replace("(0)", "") if c not in " .-()")
    if len(compact) == 10 and compact.startswith("0") and compact.isdigit():
        return compact
    if compact.startswith("+") and compact[1:].isdigit() and 8 <= len(compact) - 1 <= 15 and compact[1] != "0":
        return compact
    raise ValidationError(
        "Numéro de téléphone invalide : saisissez un numéro français (10 chiffres, ex. 06 12 34 56 78) "
        "ou international (ex. +33 6 12 34 56 78).",
        code="invalid_phone",
    )
