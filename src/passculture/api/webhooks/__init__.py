"""Webhooks: outside systems telling us something changed (``/api/webhooks/…``)."""
