"""The address of the person at the other end, behind the reverse proxy production runs behind."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's IP address, for throttling and the audit log.

    Without ``TRUSTED_PROXY_HEADER`` it is ``REMOTE_ADDR``. Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's
    own address (everyone would share one throttling bucket): set ``TRUSTED_PROXY_HEADER`` to the header the proxy
    appends the client address to (``X-Forwarded-For``). The right-most address is the one the trusted proxy added;
    the entries on its left come from the client and can be forged, so they are ignored.
    """
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        entries = [entry.strip() for entry in request.META.get(key, "").split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR")
