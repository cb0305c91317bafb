"""Forms of the pro portal, one module per area (``signup``, ``offerers``, ``venues``, ``bookings``, ``desk``,
``apikeys``): input shape and French messages; the rules themselves live in the services. The offer forms are
``pro/offer_forms.py``."""
