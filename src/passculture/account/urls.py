"""The account pages of the whole site. Their paths predate this app (people have bookmarked them): they stay."""

from django.urls import path

from passculture.account.views import password, profile, session, verification

app_name = "account"

urlpatterns = [
    path("connexion/", session.login_view, name="login"),
    path("deconnexion/", session.logout_view, name="logout"),
    path("inscription/verification/<str:token>/", verification.verify_email, name="verify-email"),
    path("inscription/renvoyer-le-lien/", verification.resend_verification, name="resend-verification"),
    path("inscription/mot-de-passe/", password.password_policy, name="password-policy"),
    path("mot-de-passe-oublie/", password.password_reset, name="password-reset"),
    path("mot-de-passe-oublie/envoye/", password.password_reset_done, name="password-reset-done"),
    path("mot-de-passe/<uidb64>/<token>/", password.password_reset_confirm, name="password-reset-confirm"),
    path("mot-de-passe/modifie/", password.password_reset_complete, name="password-reset-complete"),
    path("profil/", profile.profile, name="profile"),
    path("profil/mot-de-passe/", password.password_change, name="password-change"),
]
