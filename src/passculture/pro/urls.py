from django.urls import path

from passculture.pro.views import account, offerers, venues

app_name = "pro"

urlpatterns = [
    path("", offerers.home, name="home"),
    # Sign-up, verification, login (guide steps 1 to 3)
    path("inscription/", account.signup, name="signup"),
    path("inscription/envoyee/", account.signup_done, name="signup-done"),
    path("inscription/mot-de-passe/", account.password_policy, name="password-policy"),
    path("inscription/verification/<str:token>/", account.verify_email, name="verify-email"),
    path("inscription/renvoyer-le-lien/", account.resend_verification, name="resend-verification"),
    path("connexion/", account.login_view, name="login"),
    path("deconnexion/", account.logout_view, name="logout"),
    path("mot-de-passe-oublie/", account.password_reset, name="password-reset"),
    path("mot-de-passe-oublie/envoye/", account.password_reset_done, name="password-reset-done"),
    path("mot-de-passe/<uidb64>/<token>/", account.password_reset_confirm, name="password-reset-confirm"),
    path("mot-de-passe/modifie/", account.password_reset_complete, name="password-reset-complete"),
    path("profil/", account.profile, name="profile"),
    path("profil/mot-de-passe/", account.password_change, name="password-change"),
    path("cgu/", account.terms, name="terms"),
    # Structures (offerers) and their members
    path("structures/<int:pk>/", offerers.offerer_detail, name="offerer-detail"),
    path("structures/<int:pk>/inviter/", offerers.invite, name="offerer-invite"),
    path("rattachements/<int:pk>/<str:decision>/", offerers.decide_membership, name="membership-decide"),
    # Venues (lieux)
    path("structures/<int:offerer_pk>/lieux/nouveau/", venues.venue_create, name="venue-create"),
    path("lieux/<int:pk>/", venues.venue_detail, name="venue-detail"),
    path("lieux/<int:pk>/modifier/", venues.venue_edit, name="venue-edit"),
    path("lieux/siret/", venues.siret_lookup, name="siret-lookup"),
]
