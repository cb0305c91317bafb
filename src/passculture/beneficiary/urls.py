from django.urls import path

from passculture.beneficiary import account_views, booking_views, views

app_name = "beneficiary"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("offres/<int:offer_id>/", views.offer_detail, name="offer"),
]

# --- Young people's account and bookings (account_views.py, booking_views.py) ---------------------------------------
urlpatterns += [
    path("inscription/", account_views.signup, name="signup"),
    path("inscription/verifiez-votre-email/", account_views.signup_done, name="signup-done"),
    path("inscription/nouveau-lien/", account_views.resend_verification, name="resend-verification"),
    path("connexion/", account_views.login_view, name="login"),
    path("deconnexion/", account_views.logout_view, name="logout"),
    path("mon-credit/", account_views.credit, name="credit"),
    path("offres/<int:offer_id>/reserver/", booking_views.book, name="book"),
    path("reservations/", booking_views.bookings, name="bookings"),
    path("reservations/<int:booking_id>/", booking_views.booking_detail, name="booking-detail"),
    path("reservations/<int:booking_id>/annuler/", booking_views.booking_cancel, name="booking-cancel"),
]
# --- end of young people's account and bookings ---------------------------------------------------------------------
