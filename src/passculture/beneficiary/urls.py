from django.urls import path

from passculture.beneficiary.views import account, bookings, catalogue, site

app_name = "beneficiary"

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("offres/<int:offer_id>/", catalogue.offer_detail, name="offer"),
    path("inscription/", account.signup, name="signup"),
    path("inscription/verifiez-votre-email/", account.signup_done, name="signup-done"),
    path("inscription/nouveau-lien/", account.resend_verification, name="resend-verification"),
    path("connexion/", account.login_view, name="login"),
    path("deconnexion/", account.logout_view, name="logout"),
    path("mon-credit/", account.credit, name="credit"),
    path("offres/<int:offer_id>/reserver/", bookings.book, name="book"),
    path("reservations/", bookings.bookings, name="bookings"),
    path("reservations/<int:booking_id>/", bookings.booking_detail, name="booking-detail"),
    path("reservations/<int:booking_id>/annuler/", bookings.booking_cancel, name="booking-cancel"),
    path("accessibilite/", site.accessibility, name="accessibility"),
    path("plan-du-site/", site.sitemap, name="sitemap"),
]
