import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")

application = get_asgi_application()

from passculture.core.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
