from django.urls import path

from passculture.backoffice.views import (
    audit,
    beneficiaries,
    bookings,
    dashboard,
    memberships,
    offerers,
    offers,
    parameters,
    search,
)

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
    path("offres/a-valider/", offers.offer_queue, name="offer-queue"),
    path("offres/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("offres/<int:pk>/valider/", offers.offer_approve, name="offer-approve"),
    path("offres/<int:pk>/refuser/", offers.offer_reject, name="offer-reject"),
    path("offres/regles/", offers.offer_rules, name="offer-rules"),
    path("offres/regles/nouvelle/<str:kind>/", offers.offer_rule_create, name="offer-rule-create"),
    path("offres/regles/<int:pk>/", offers.offer_rule_edit, name="offer-rule-edit"),
    path("offres/regles/<int:pk>/activation/", offers.offer_rule_toggle, name="offer-rule-toggle"),
    path("parametres/", parameters.parameters, name="parameters"),
    path("parametres/<str:key>/", parameters.parameter_detail, name="parameter-detail"),
    path("jeunes/a-verifier/", beneficiaries.beneficiary_queue, name="beneficiary-queue"),
    path("jeunes/<int:pk>/", beneficiaries.beneficiary_detail, name="beneficiary-detail"),
    path("jeunes/<int:pk>/confirmer/", beneficiaries.beneficiary_confirm, name="beneficiary-confirm"),
    path("jeunes/<int:pk>/refuser/", beneficiaries.beneficiary_refuse, name="beneficiary-refuse"),
    path("jeunes/<int:pk>/crediter/", beneficiaries.beneficiary_grant, name="beneficiary-grant"),
    path("reservations/", bookings.booking_search, name="booking-search"),
    path("reservations/<int:pk>/", bookings.booking_detail, name="booking-detail"),
    path("reservations/<int:pk>/annuler/", bookings.booking_cancel, name="booking-cancel"),
]
