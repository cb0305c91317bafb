"""The Content-Security-Policy of every response (``settings.CONTENT_SECURITY_POLICY``).

Everything the pages load comes from the site itself: the DSFR, htmx, ``passculture/passculture.js`` and the
Swagger UI of ``/api/docs`` (served from django-ninja's static files) are static files. No inline script and no
``on*=`` attribute runs: pages declare behaviours with data attributes that ``passculture.js`` implements
(``tests/test_security.py`` looks for inline scripts in every template). No inline style either: no ``style=``
attribute nor ``<style>`` block in the pages (their rules are in static CSS files; htmx's indicator style is turned
off in ``base.html`` and written in ``passculture.css``); the DSFR's and Swagger UI's scripts set styles through the
CSSOM, which the policy allows. Mails keep their inline styles (mail clients need them; they are not pages). A view
that already set the header keeps its own.
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
