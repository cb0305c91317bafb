from django.conf import settings


def platform(request):
    return {
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "DEV_MAILBOX_ENABLED": settings.DEV_MAILBOX_ENABLED,
        "IS_PRODUCTION": settings.IS_PRODUCTION,
    }
