import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")

from django.core.asgi import get_asgi_application

from passculture.core.checks import refuse_unsafe_production

refuse_unsafe_production()  # before Django starts: production never runs unsafe

application = get_asgi_application()
