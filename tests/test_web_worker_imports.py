"""The web worker's memory: what serving the site imports, in a fresh interpreter.

Each web worker imports ``passculture.wsgi`` and the URLconf after the fork; a library loaded there stays in every
worker's memory for its whole life. The heavy ones that only a few requests or commands use are imported where they
are used (the XLSX export, the SEPA file, an uploaded image, a justificatif's PDF): this keeps them out of the
start of a worker. Issue 10 §3: a worker under 150 MB during both exports.
"""

import json
import subprocess
import sys

# Loaded where they are used, never by serving a request that does not need them.
LAZY = ("xlsxwriter", "openpyxl", "lxml", "PIL", "weasyprint", "pydyf", "fontTools", "faker", "factory", "hypothesis")

PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")
from passculture.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns  # every view module
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_wsgi_application_and_its_views_import_no_heavy_library():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    loaded = set(json.loads(result.stdout.splitlines()[-1]))

    assert "passculture" in loaded and "django" in loaded  # the probe did import the site
    assert sorted(loaded & set(LAZY)) == []
