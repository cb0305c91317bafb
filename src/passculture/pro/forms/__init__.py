"""Forms of the pro portal, one module per area (``signup``, ``offerers``, ``venues``, ``bookings``, ``desk``,
``apikeys``, and the package ``offers`` for the offer wizard): input shape and French messages; the rules themselves
live in the services."""
