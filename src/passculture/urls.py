from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path

from passculture.api.api import api, native_api, public_api
from passculture.core.views import serve_media

handler500 = "passculture.core.outage.server_error"  # the database does not answer: 503, never a bare 500


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the État design system's icon (its static URL is
    read at request time, once the production manifest of static files exists)."""
    return HttpResponsePermanentRedirect(static_url("dsfr/dist/favicon/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("backoffice/", include("passculture.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("catalogue/", include("passculture.beneficiary.urls")),
    path("api/", api.urls),
    path("native/v1/", native_api.urls),
    path("v2/", public_api.urls),
    path("", include("passculture.account.urls")),
    path("", include("passculture.pro.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded images, typed and with nosniff (core/uploads.py); in production the reverse proxy may serve them.
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media))

if settings.DEV_MAILBOX_ENABLED:
    urlpatterns.insert(0, path("dev/mails/", include("passculture.core.urls")))
