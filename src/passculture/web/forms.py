"""Form pieces shared by the interface apps: the base form classes that apply the text input rules, the login forms
of every login page, the password policy widget."""

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from dsfr.forms import DsfrBaseForm

from passculture.core.inputs import (
    LINE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ControlCharactersValidator,
    without_control_characters,
)


class SearchTextField(forms.CharField):
    """A search text: its control characters are removed rather than refused (searching never fails)."""

    def to_python(self, value):
        value = super().to_python(value)
        return without_control_characters(value).strip() if value else value

    def bound_data(self, data, initial):
        """The search shown back in its input is the cleaned one."""
        data = super().bound_data(data, initial)
        return without_control_characters(data) if isinstance(data, str) else data


def apply_text_rules(field: forms.Field) -> None:
    """The text input rules of ``core/inputs.py`` on a form field: no control characters (tabs and line breaks
    allowed in a ``Textarea``, and in a password, which a person may have pasted with them before these rules), and
    a maximum length (a default one when the field has none). Idempotent; fields other than text are left alone."""
    if not isinstance(field, forms.CharField) or getattr(field, "text_rules_applied", False):
        return
    field.text_rules_applied = True  # type: ignore[attr-defined]
    multiline = isinstance(field.widget, forms.Textarea | forms.PasswordInput)
    validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
    field.validators = [ControlCharactersValidator(multiline=multiline), *validators]
    if field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH if isinstance(field.widget, forms.Textarea) else LINE_MAX_LENGTH
        field.validators.append(MaxLengthValidator(field.max_length))
        field.widget.attrs.setdefault("maxlength", str(field.max_length))


class TextInputRules:
    """A form mixin: every text field of the form follows :func:`apply_text_rules`, those declared on the class and
    those its ``__init__`` adds. Every form of the interface apps has it (through :class:`Form` or
    :class:`PlainForm`; ``tests/web/test_text_inputs.py`` walks them all)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_text_rules()

    def apply_text_rules(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            apply_text_rules(field)

    def full_clean(self) -> None:
        self.apply_text_rules()  # fields a subclass added after this mixin's __init__
        super().full_clean()  # type: ignore[misc]


class Form(TextInputRules, DsfrBaseForm):
    """The base of the forms of the pages drawn with the État design system."""


class PlainForm(TextInputRules, forms.Form):
    """The base of the forms whose templates draw each field themselves (the back office)."""


def required_error(label: str) -> dict:
    """A required field's ``error_messages``: ``required_error("votre nom")`` → "Veuillez renseigner votre nom."."""
    return {"required": f"Veuillez renseigner {label}."}


def phone_field(label: str = "Numéro de téléphone") -> forms.CharField:
    """A phone number as people type it (French or international); the account services check and store it."""
    return forms.CharField(
        label=label,
        help_text="Format : 06 12 34 56 78 ou +33 6 12 34 56 78",
        max_length=25,
        error_messages={
            **required_error("votre numéro de téléphone"),
            "max_length": "Numéro de téléphone trop long (25 caractères au plus).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


def password_policy_attrs(policy_url: str) -> dict:
    """htmx attributes of a password input: each change posts it to ``policy_url`` (``account:password-policy``),
    whose answer replaces the ``web/password_policy.html`` checklist."""
    if not policy_url:
        return {}
    return {
        "hx-post": policy_url,
        "hx-trigger": "input changed delay:250ms",
        "hx-target": "#password-policy",
        "hx-swap": "outerHTML",
        "aria-describedby": "password-policy",
    }


class PasswordPolicyWidget(forms.PasswordInput):
    """A new-password input that asks the server to check the policy as the person types (htmx)."""

    def __init__(self, policy_url: str = "", attrs=None):
        super().__init__(attrs={"autocomplete": "new-password", **(attrs or {}), **password_policy_attrs(policy_url)})


EMAIL_ERRORS = {"required": "Veuillez renseigner votre adresse email.", "invalid": "Adresse email invalide."}


class LoginForm(Form):
    email = forms.EmailField(
        label="Adresse email",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        max_length=128,
        error_messages={"required": "Veuillez renseigner votre mot de passe.", "max_length": "Mot de passe trop long."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmailForm(Form):
    email = forms.EmailField(
        label="Adresse email",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewPasswordMixin:
    """A sign-up form's ``password`` (checked against the password policy, with the live checklist at
    ``policy_url``) and ``password_confirmation`` (the same twice). Put it before the form class in the bases."""

    def __init__(self, *args, policy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs.update(password_policy_attrs(policy_url))

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password

    def clean(self):
        cleaned = super().clean()
        password, confirmation = cleaned.get("password"), cleaned.get("password_confirmation")
        if password and confirmation and password != confirmation:
            self.add_error("password_confirmation", "Les deux mots de passe ne sont pas identiques.")
        return cleaned
