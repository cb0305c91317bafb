from django.urls import path

from passculture.backoffice.views import audit, dashboard, memberships, offerers, search

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
