import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")

from django.core.wsgi import get_wsgi_application

from passculture.core.checks import refuse_unsafe_production

refuse_unsafe_production()  # before Django starts: production never runs unsafe

application = get_wsgi_application()
