from django.urls import path

from passculture.pro.views import (
    apikeys,
    bank_details,
    bookings,
    desk,
    offer_wizard,
    offerers,
    offers,
    providers,
    reimbursements,
    signup,
    site,
    stocks,
    venues,
)

app_name = "pro"

urlpatterns = [
    path("", offerers.home, name="home"),
    # Sign-up with the SIREN (docs/domain/offerers.md#sign-up); login, verification, passwords: the account pages
    path("inscription/", signup.signup, name="signup"),
    path("inscription/envoyee/", signup.signup_done, name="signup-done"),
    path("inscription/siren/", signup.siren_lookup, name="signup-siren-lookup"),
    path("cgu/", signup.terms, name="terms"),
    path("accessibilite/", site.accessibility, name="accessibility"),
    path("plan-du-site/", site.sitemap, name="sitemap"),
    # Structures (offerers) and their members
    path("structures/<int:pk>/", offerers.offerer_detail, name="offerer-detail"),
    path("structures/<int:pk>/inviter/", offerers.invite, name="offerer-invite"),
    path("rattachements/<int:pk>/<str:decision>/", offerers.decide_membership, name="membership-decide"),
    # Venues (lieux)
    path("structures/<int:offerer_pk>/lieux/nouveau/", venues.venue_create, name="venue-create"),
    path("lieux/<int:pk>/", venues.venue_detail, name="venue-detail"),
    path("lieux/<int:pk>/modifier/", venues.venue_edit, name="venue-edit"),
    path("lieux/<int:pk>/point-de-valorisation/", venues.venue_pricing_point, name="venue-pricing-point"),
    path("lieux/siret/", venues.siret_lookup, name="siret-lookup"),
]

# Catalogue imports: « Synchroniser des offres » on a venue (docs/domain/imports.md#pages)
urlpatterns += [
    path("lieux/<int:pk>/synchronisation/", providers.venue_sync, name="venue-sync"),
    path("synchronisations/liens/<int:pk>/parametres/", providers.link_parameters, name="venue-sync-parameters"),
    path("synchronisations/liens/<int:pk>/activation/", providers.link_active, name="venue-sync-active"),
    path("synchronisations/liens/<int:pk>/lancer/", providers.link_sync_now, name="venue-sync-now"),
    path("synchronisations/liens/<int:pk>/supprimer/", providers.link_delete, name="venue-sync-delete"),
    path("synchronisations/<int:pk>/", providers.run_detail, name="sync-run"),
]

# Offers: the list, the creation wizard, the offer page, dates and stocks (docs/domain/offers.md)
urlpatterns += [
    path("offres/", offers.offer_list, name="offers"),
    path("offres/activation/", offers.offers_bulk, name="offers-bulk"),
    path("offres/nouvelle/", offer_wizard.offer_create, name="offer-create"),
    path("offres/nouvelle/types/", offer_wizard.offer_type_fields, name="offer-type-fields"),
    path("offres/nouvelle/sous-types/", offer_wizard.offer_sub_types, name="offer-sub-types"),
    path("offres/nouvelle/produit/", offer_wizard.offer_product, name="offer-product"),
    path(
        "offres/nouvelle/<int:venue_pk>/<str:subcategory_id>/",
        offer_wizard.offer_create_details,
        name="offer-create-details",
    ),
    path("offres/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("offres/<int:pk>/modifier/", offer_wizard.offer_edit, name="offer-edit"),
    path("offres/<int:pk>/dupliquer/", offers.offer_duplicate, name="offer-duplicate"),
    path("offres/<int:pk>/stocks/", stocks.offer_stocks, name="offer-stocks"),
    path("offres/<int:pk>/stocks/ajouter/", stocks.stock_create, name="stock-create"),
    path("offres/<int:pk>/stocks/recurrence/", stocks.stock_recurrence, name="stock-recurrence"),
    path("offres/<int:pk>/recapitulatif/", offer_wizard.offer_summary, name="offer-summary"),
    path("offres/<int:pk>/publier/", offer_wizard.offer_publish, name="offer-publish"),
    path("stocks/<int:pk>/modifier/", stocks.stock_edit, name="stock-edit"),
    path("stocks/<int:pk>/supprimer/", stocks.stock_delete, name="stock-delete"),
]

# Bookings, desk, API keys: Suivi des réservations, its exports, the Guichet, tickets to issue (docs/domain/bookings.md)
urlpatterns += [
    path("reservations/", bookings.booking_list, name="bookings"),
    path("reservations/export/<str:fmt>/", bookings.booking_export, name="bookings-export"),
    path("reservations/<int:pk>/annuler/", bookings.booking_cancel, name="booking-cancel"),
    path("guichet/", desk.desk, name="desk"),
    path("guichet/valider/", desk.desk_validate, name="desk-validate"),
    path("guichet/invalider/", desk.desk_invalidate, name="desk-invalidate"),
    path("billets/", bookings.ticket_dates, name="tickets"),
    path("billets/<int:pk>/", bookings.ticket_list, name="tickets-detail"),
    path("billets/<int:pk>/export/<str:fmt>/", bookings.ticket_export, name="tickets-export"),
    path("structures/<int:offerer_pk>/cles-api/", apikeys.apikey_list, name="apikeys"),
    path("structures/<int:offerer_pk>/cles-api/nouvelle/", apikeys.apikey_create, name="apikey-create"),
    path("cles-api/<int:pk>/revoquer/", apikeys.apikey_revoke, name="apikey-revoke"),
]

# Bank details: Informations bancaires, the embedded application, links of venues (docs/domain/finance.md)
urlpatterns += [
    path("remboursements/", reimbursements.reimbursement_list, name="reimbursements"),
    path("remboursements/details.csv", reimbursements.reimbursement_details_csv, name="reimbursements-csv"),
    path("remboursements/justificatifs/<int:pk>/", reimbursements.justificatif_download, name="justificatif"),
    path("remboursements/informations-bancaires/", bank_details.bank_details_home, name="bank-details-home"),
    path("remboursements/informations-bancaires/<int:pk>/", bank_details.bank_details, name="bank-details"),
    path(
        "remboursements/informations-bancaires/<int:pk>/nouveau-compte/",
        bank_details.bank_account_create,
        name="bank-account-create",
    ),
    path("remboursements/comptes/<int:pk>/corriger/", bank_details.bank_account_correct, name="bank-account-correct"),
    path("remboursements/comptes/<int:pk>/lieux/", bank_details.bank_account_link, name="bank-account-link"),
    path("remboursements/lieux/<int:pk>/detacher/", bank_details.venue_unlink, name="bank-venue-unlink"),
    path("remboursements/documents/<int:pk>/", bank_details.document_download, name="bank-document"),
]
