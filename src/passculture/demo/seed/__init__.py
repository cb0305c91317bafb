"""The demo data set: accounts, structures and venues a newcomer can log in to (``passculture demo``).

Only outside production (the ``demo`` command and ``passculture serve`` refuse it there). Every function is
idempotent: an object found by its natural key (email, SIREN, SIRET) is left as it is, so ``seed_demo()`` run
twice creates nothing the second time; ``wipe_demo()`` then ``seed_demo()`` rebuilds it from scratch.

The numbers match the fake Sirene register (``passculture.connectors.sirene.fake``), so the pages that look
a structure up show the same data. Objects are written with the models rather than through the sign-up
services: those check numbers against the *configured* register and send mail, and demo data must not
depend on either. Later slices add their module beside the existing ones, their objects to
:func:`wipe_demo` and their public names below.

The young person's credit, the offers and the booking are different: they go through the domain services
(``deposit_grant``, ``offer_create`` / ``stock_create`` / ``offer_publish``, ``booking_create``), so the demo shows
exactly what the platform would have done, audit entries and mails (in the development mailbox) included.

One module per area: ``accounts``, ``structures`` (and their venues), ``offers`` (and products), ``beneficiaries``
(the young person's profile, credit and booking), ``load`` (load-test young people), ``dataset`` (seed, wipe).
Callers import from this package: ``from passculture.demo.seed import seed_demo``.
"""

from passculture.demo.seed.accounts import ACCOUNTS, ADMIN, BENEFICIARY, DEMO_EMAILS, DEMO_PASSWORD, PENDING_PRO, PRO
from passculture.demo.seed.beneficiaries import BENEFICIARY_ADDRESS, eligible_birth_date
from passculture.demo.seed.dataset import demo_data_present, seed_demo, wipe_demo
from passculture.demo.seed.load import MAX_LOAD_BENEFICIARIES, load_emails, seed_load_beneficiaries
from passculture.demo.seed.offers import BOOK, CONCERT, EBOOK, FILM, OFFERS, PRODUCTS
from passculture.demo.seed.structures import PENDING_STRUCTURE, STRUCTURES, VALIDATED_STRUCTURE

__all__ = [
    "ACCOUNTS",
    "ADMIN",
    "BENEFICIARY",
    "BENEFICIARY_ADDRESS",
    "BOOK",
    "CONCERT",
    "DEMO_EMAILS",
    "DEMO_PASSWORD",
    "EBOOK",
    "FILM",
    "MAX_LOAD_BENEFICIARIES",
    "OFFERS",
    "PENDING_PRO",
    "PENDING_STRUCTURE",
    "PRO",
    "PRODUCTS",
    "STRUCTURES",
    "VALIDATED_STRUCTURE",
    "demo_data_present",
    "eligible_birth_date",
    "load_emails",
    "seed_demo",
    "seed_load_beneficiaries",
    "wipe_demo",
]
