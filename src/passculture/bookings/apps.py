from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "passculture.bookings"
    label = "bookings"
    verbose_name = "Réservations"

    def ready(self):
        from passculture.bookings import services
        from passculture.offers.services import register_date_change_handler, register_stock_cancellation_handler

        register_stock_cancellation_handler(services.bookings_cancel_for_stock)
        register_date_change_handler(services.bookings_reschedule_for_stock)
