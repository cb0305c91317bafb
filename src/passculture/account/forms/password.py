"""The password forms of the account pages (reset, new password, change), in the DSFR with French messages."""

from django.contrib.auth import forms as auth_forms

from passculture.web.forms import Form


class PasswordResetForm(Form, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(Form, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(Form, auth_forms.PasswordChangeForm):
    pass


def _french_auth_messages(form_class):
    form_class.error_messages = {
        **form_class.error_messages,
        "password_mismatch": "Les deux mots de passe ne sont pas identiques.",
    }
    if "password_incorrect" in form_class.error_messages:
        form_class.error_messages["password_incorrect"] = "Votre mot de passe actuel est incorrect."
    return form_class


_french_auth_messages(SetPasswordForm)
_french_auth_messages(PasswordChangeForm)
