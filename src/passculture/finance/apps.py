from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "passculture.finance"
    label = "finance"
    verbose_name = "Coordonnées bancaires et remboursements"

    def ready(self):
        # Pricing: a used booking (and its undoing) makes a finance event (docs/domain/finance.md#finance-events).
        from passculture.bookings.services import register_usage_handler
        from passculture.finance.services.events import finance_event_on_booking_usage

        register_usage_handler(finance_event_on_booking_usage)
