from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("backoffice/", include("passculture.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("", include("passculture.pro.urls")),
]

if settings.DEV_MAILBOX_ENABLED:
    urlpatterns.insert(0, path("dev/mails/", include("passculture.core.urls")))
