from django.urls import path

from passculture.backoffice.views import audit, dashboard, memberships, offerers, search
from passculture.backoffice.views import offers as offer_views
from passculture.backoffice.views import parameters as parameter_views

app_name = "backoffice"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("structures/a-valider/", offerers.offerer_queue, name="offerer-queue"),
    path("structures/<int:pk>/", offerers.offerer_detail, name="offerer-detail"),
    path("structures/<int:pk>/valider/", offerers.offerer_validate, name="offerer-validate"),
    path("structures/<int:pk>/mettre-en-attente/", offerers.offerer_hold, name="offerer-hold"),
    path("structures/<int:pk>/rejeter/", offerers.offerer_reject, name="offerer-reject"),
    path("structures/<int:pk>/fermer/", offerers.offerer_close, name="offerer-close"),
    path("rattachements/", memberships.attachment_requests, name="attachment-requests"),
    path("rattachements/<int:pk>/valider/", memberships.membership_validate, name="membership-validate"),
    path("rattachements/<int:pk>/refuser/", memberships.membership_reject, name="membership-reject"),
    path("recherche/", search.search, name="search"),
    path("utilisateurs/<int:pk>/", search.user_detail, name="user-detail"),
    path("journal/", audit.audit, name="audit"),
]

# --- Offer review, review rules and business parameters (issue 3) ---------------------------------------
urlpatterns += [
    path("offres/a-valider/", offer_views.offer_queue, name="offer-queue"),
    path("offres/<int:pk>/", offer_views.offer_detail, name="offer-detail"),
    path("offres/<int:pk>/valider/", offer_views.offer_approve, name="offer-approve"),
    path("offres/<int:pk>/refuser/", offer_views.offer_reject, name="offer-reject"),
    path("offres/regles/", offer_views.offer_rules, name="offer-rules"),
    path("offres/regles/nouvelle/<str:kind>/", offer_views.offer_rule_create, name="offer-rule-create"),
    path("offres/regles/<int:pk>/", offer_views.offer_rule_edit, name="offer-rule-edit"),
    path("offres/regles/<int:pk>/activation/", offer_views.offer_rule_toggle, name="offer-rule-toggle"),
    path("parametres/", parameter_views.parameters, name="parameters"),
    path("parametres/<str:key>/", parameter_views.parameter_detail, name="parameter-detail"),
]
# --- End of offer review ---------------------------------------------------------------------------------

# --- Young people and their credit, bookings (issue 4) -------------------------------------------------
from passculture.backoffice.views import beneficiaries as beneficiary_views  # noqa: E402
from passculture.backoffice.views import bookings as booking_views  # noqa: E402

urlpatterns += [
    path("jeunes/a-verifier/", beneficiary_views.beneficiary_queue, name="beneficiary-queue"),
    path("jeunes/<int:pk>/", beneficiary_views.beneficiary_detail, name="beneficiary-detail"),
    path("jeunes/<int:pk>/confirmer/", beneficiary_views.beneficiary_confirm, name="beneficiary-confirm"),
    path("jeunes/<int:pk>/refuser/", beneficiary_views.beneficiary_refuse, name="beneficiary-refuse"),
    path("jeunes/<int:pk>/crediter/", beneficiary_views.beneficiary_grant, name="beneficiary-grant"),
    path("reservations/", booking_views.booking_search, name="booking-search"),
    path("reservations/<int:pk>/", booking_views.booking_detail, name="booking-detail"),
    path("reservations/<int:pk>/annuler/", booking_views.booking_cancel, name="booking-cancel"),
]
# --- End of young people and bookings ------------------------------------------------------------------
