"""The ``passculture`` console script.

``passculture serve`` runs the whole embedded platform, ``passculture demo --reset`` rebuilds the demo data
set; any other arguments go to Django's ``manage.py`` (``passculture migrate``, ``passculture shell``...).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "passculture"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
