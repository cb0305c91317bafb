"""An in-memory, deterministic Démarches simplifiées for development, demos and tests (no I/O).

The fake starts from a fixed seed: one bank details procedure (``PROCEDURE_NUMBER``) holding one dossier per
situation (accepted, under review, draft without BIC, refused, closed without continuation, unknown SIRET, natural
person, corrections asked), the demo structure's among them. Reserved procedure and dossier numbers reproduce each
failure of the real API. Tests and the demo add their own dossiers with :meth:`FakeDmsClient.add_dossier` and go
back to the seed with :meth:`FakeDmsClient.reset` (see ``docs/connectors.md``).
"""

import base64
import datetime
import threading
from dataclasses import replace

from django.conf import settings

from .base import clamp_page_size
from .errors import DmsError, DmsNotFound, DmsRateLimited, DmsUnauthorized, DmsUnavailable
from .types import DmsState, Dossier, DossierPage

PARIS = datetime.timezone(datetime.timedelta(hours=1))


def _at(day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 1, day, hour, minute, tzinfo=PARIS)


# --- Reserved numbers ------------------------------------------------------------------------------------------

PROCEDURE_NUMBER = 54321  # the seeded bank details procedure
EMPTY_PROCEDURE = 54322  # a procedure without dossiers
UNKNOWN_PROCEDURE = 99999  # DmsNotFound
FORBIDDEN_PROCEDURE = 40300  # DmsUnauthorized: the token has no access to this procedure
RATE_LIMITED_PROCEDURE = 42900  # DmsRateLimited (HTTP 429)
UNAVAILABLE_PROCEDURE = 50300  # DmsUnavailable (HTTP 503)

ACCEPTED_DOSSIER = 2000001  # accepte: the demo structure's head office, "Cinéma Démo"
ON_GOING_DOSSIER = 2000002  # en_instruction: "Librairie Démo Lyon"
DRAFT_DOSSIER = 2000003  # en_construction, no BIC yet
REFUSED_DOSSIER = 2000004  # refuse, with the instructor's reason
WITHOUT_CONTINUATION_DOSSIER = 2000005  # sans_suite
UNKNOWN_SIRET_DOSSIER = 2000006  # en_instruction, a SIRET no structure of the demo has
NATURAL_PERSON_DOSSIER = 2000007  # en_construction by a natural person: no SIRET
CORRECTIONS_DOSSIER = 2000008  # en_construction, a correction asked by the instructor waits for the applicant

UNKNOWN_DOSSIER = 2999999  # DmsNotFound
FORBIDDEN_DOSSIER = 2403000  # DmsUnauthorized (a dossier of a procedure the token cannot read)
RATE_LIMITED_DOSSIER = 2429000  # DmsRateLimited
UNAVAILABLE_DOSSIER = 2503000  # DmsUnavailable

DEMO_HEAD_OFFICE_SIRET = "12345678200010"  # "Cinéma Démo" (the Sirene fake's demo head office)
DEMO_SECONDARY_SIRET = "12345678200028"  # "Librairie Démo Lyon"
DRAFT_SIRET = "51234567900017"
UNKNOWN_SIRET = "31415926000012"
THEATRE_SIRET = "80000000200017"  # the refused dossier and the one closed without continuation
CORRECTIONS_SIRET = "27182818800018"

_RAISING: dict[int, type[DmsError]] = {
    UNKNOWN_PROCEDURE: DmsNotFound,
    FORBIDDEN_PROCEDURE: DmsUnauthorized,
    RATE_LIMITED_PROCEDURE: DmsRateLimited,
    UNAVAILABLE_PROCEDURE: DmsUnavailable,
    UNKNOWN_DOSSIER: DmsNotFound,
    FORBIDDEN_DOSSIER: DmsUnauthorized,
    RATE_LIMITED_DOSSIER: DmsRateLimited,
    UNAVAILABLE_DOSSIER: DmsUnavailable,
}

SEED: tuple[Dossier, ...] = (
    Dossier(
        number=ACCEPTED_DOSSIER,
        procedure_number=PROCEDURE_NUMBER,
        state=DmsState.ACCEPTE,
        updated_at=_at(8, 16, 45),
        applicant_siret=DEMO_HEAD_OFFICE_SIRET,
        applicant_email="pro@example.org",
        account_label="Compte Cinéma Démo",
        iban="FR76 3000 4000 0100 0123 4567 830",
        bic="BNPAFRPP",
        deposited_at=_at(2, 9, 30),
        instruction_started_at=_at(5, 11),
        processed_at=_at(8, 16, 45),
    ),
    Dossier(
        number=ON_GOING_DOSSIER,
        procedure_number=PROCEDURE_NUMBER,
        state=DmsState.EN_INSTRUCTION,
        updated_at=_at(12, 14, 20),
        applicant_siret=DEMO_SECONDARY_SIRET,
        applicant_email="pro@example.org",
        account_label="Librairie Démo Lyon",
        iban="FR7610107001750002030405019",
        bic="BREDFRPP",
        deposited_at=_at(9, 18, 5),
        instruction_started_at=_at(12, 14, 20),
    ),
    Dossier(
        number=DRAFT_DOSSIER,
        procedure_number=PROCEDURE_NUMBER,
        state=DmsState.EN_CONSTRUCTION,
        updated_at=_at(3, 8, 15),
        applicant_siret=DRAFT_SIRET,
        applicant_email="tresorerie@librairie-quimper.example.org",
        account_label="Librairie de Quimper",
        iban="FR76 2004 1010 0505 0012 3456 769",
        deposited_at=_at(3, 8, 15),
    ),
    Dossier(
        number=REFUSED_DOSSIER,
        procedure_number=PROCEDURE_NUMBER,
        state=DmsState.REFUSE,
        updated_at=_at(14, 10, 0),
        applicant_siret=THEATRE_SIRET,
        applicant_email="contact@theatre.example.org",
        account_label="Théâtre",
        iban="FR7630002089150000012345654",
        bic="CRLYFRPP",
        deposited_at=_at(6, 12, 0),
        instruction_started_at=_at(7, 9, 0),
        processed_at=_at(14, 10, 0),
        motivation="Le RIB joint est illisible : merci de déposer un nouveau dossier.",
    ),
    Dossier(
        number=WITHOUT_CONTINUATION_DOSSIER,
        procedure_number=PROCEDURE_NUMBER,
        state=DmsState.SANS_SUITE,
        updated_at=_at(4, 17, 30),
        applicant_siret=THEATRE_SIRET,
        applicant_email="contact@theatre.example.org",
        account_label="Théâtre (doublon)",
        iban="FR7630002089150000012345654",
        bic="CRLYFRPP",
        deposited_at=_at(4, 9, 0),
        processed_at=_at(4, 17, 30),
        motivation="Dossier en double.",
    ),
    Dossier(
        number=UNKNOWN_SIRET_DOSSIER,
        procedure_number=PROCEDURE_NUMBER,
        state=DmsState.EN_INSTRUCTION,
        updated_at=_at(10, 9, 40),
        applicant_siret=UNKNOWN_SIRET,
        applicant_email="compta@inconnu.example.org",
        account_label="Compagnie inconnue",
        iban="FR7617515900000801234567849",
        bic="CEPAFRPP",
        deposited_at=_at(9, 9, 0),
        instruction_started_at=_at(10, 9, 40),
    ),
    Dossier(
        number=NATURAL_PERSON_DOSSIER,
        procedure_number=PROCEDURE_NUMBER,
        state=DmsState.EN_CONSTRUCTION,
        updated_at=_at(11, 19, 5),
        applicant_email="jeanne@example.org",
        deposited_at=_at(11, 19, 5),
    ),
    Dossier(
        number=CORRECTIONS_DOSSIER,
        procedure_number=PROCEDURE_NUMBER,
        state=DmsState.EN_CONSTRUCTION,
        updated_at=_at(13, 15, 10),
        applicant_siret=CORRECTIONS_SIRET,
        applicant_email="gestion@cinema-arles.example.org",
        account_label="Cinéma d'Arles",
        iban="FR7630004000010001234567830",
        bic="BNPAFRPP",
        deposited_at=_at(7, 10, 0),
        instruction_started_at=_at(9, 9, 0),
        correction_requested_at=_at(13, 15, 10),
    ),
)


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"fake:{index}".encode()).decode()


def _index(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("fake:"))
    except ValueError as exc:
        raise DmsUnavailable(f"Démarches simplifiées refused the query: invalid cursor {cursor!r}") from exc


def _raise_if_reserved(number: int) -> None:
    error = _RAISING.get(number)
    if error is not None:
        raise error(f"{error.default_message} ({number}, fake Démarches simplifiées)")


class FakeDmsClient:
    """Deterministic stand-in for ``HttpDmsClient``; same interface, same errors, no network."""

    is_fake = True

    def __init__(self, page_size: int | None = None) -> None:
        self.page_size = clamp_page_size(page_size or getattr(settings, "DMS_PAGE_SIZE", None))
        self._lock = threading.Lock()
        self._dossiers: dict[int, Dossier] = {}
        self.reset()

    # --- What tests and the demo use -----------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the seed: the dossiers added since are forgotten."""
        with self._lock:
            self._dossiers = {dossier.number: dossier for dossier in SEED}

    def add_dossier(self, dossier: Dossier) -> Dossier:
        """Add a dossier, or replace the one with the same number (a DS update)."""
        with self._lock:
            self._dossiers[dossier.number] = dossier
        return dossier

    def update_dossier(self, number: int, **changes) -> Dossier:
        """Change some fields of a stored dossier (``state=…``, ``updated_at=…``) and return it."""
        with self._lock:
            dossier = replace(self._dossiers[number], **changes)
            self._dossiers[number] = dossier
        return dossier

    # --- The interface -------------------------------------------------------------------------------------------

    def list_dossiers(
        self, procedure_number: int, updated_since: datetime.datetime | None = None, after: str | None = None
    ) -> DossierPage:
        procedure_number = int(procedure_number)
        _raise_if_reserved(procedure_number)
        with self._lock:
            dossiers = [d for d in self._dossiers.values() if d.procedure_number == procedure_number]
        if not dossiers and procedure_number not in (PROCEDURE_NUMBER, EMPTY_PROCEDURE):
            known = {d.procedure_number for d in self._dossiers.values()}
            if procedure_number not in known:
                raise DmsNotFound(f"Procedure {procedure_number} is unknown to the fake Démarches simplifiées.")
        if updated_since is not None:
            dossiers = [d for d in dossiers if d.updated_at >= updated_since]
        dossiers.sort(key=lambda d: (d.updated_at, d.number))
        start = _index(after) if after else 0
        page = dossiers[start : start + self.page_size]
        end = start + len(page)
        return DossierPage(
            dossiers=tuple(page),
            has_next_page=end < len(dossiers),
            end_cursor=_cursor(end) if page else (after or None),
        )

    def get_dossier(self, number: int) -> Dossier:
        number = int(number)
        _raise_if_reserved(number)
        with self._lock:
            dossier = self._dossiers.get(number)
        if dossier is None:
            raise DmsNotFound(f"Dossier {number} is unknown to the fake Démarches simplifiées.")
        return dossier
