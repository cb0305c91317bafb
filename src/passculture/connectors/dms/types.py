"""What the rest of the application needs to know from Démarches simplifiées (DS): dossiers and their pages."""

import datetime
from dataclasses import dataclass
from enum import StrEnum


class DmsState(StrEnum):
    """The states of a DS dossier, as the API spells them (``Dossier.state``)."""

    EN_CONSTRUCTION = "en_construction"
    EN_INSTRUCTION = "en_instruction"
    ACCEPTE = "accepte"
    REFUSE = "refuse"
    SANS_SUITE = "sans_suite"


# The labels of the form fields ("champs") read from a bank details dossier. Matched case-, accent- and
# space-insensitively, a trailing colon ignored.
ACCOUNT_LABEL_FIELD = "Intitulé du compte bancaire"
IBAN_FIELD = "IBAN"
BIC_FIELD = "BIC"


@dataclass(frozen=True)
class Dossier:
    """A DS dossier (an application) of a bank details procedure.

    Text fields are stripped and empty when the dossier does not have them (a draft without BIC yet, a field
    renamed in the procedure); ``applicant_siret`` is empty when the applicant is a natural person. The IBAN and
    the BIC are returned as the applicant typed them: validating them is the caller's business. Dates are aware.
    """

    number: int
    procedure_number: int
    state: DmsState
    updated_at: datetime.datetime  # dateDerniereModification: orders the updates of a dossier
    applicant_siret: str = ""
    applicant_email: str = ""
    account_label: str = ""
    iban: str = ""
    bic: str = ""
    deposited_at: datetime.datetime | None = None  # dateDepot
    instruction_started_at: datetime.datetime | None = None  # datePassageEnInstruction
    processed_at: datetime.datetime | None = None  # dateTraitement (accepted, refused, closed)
    motivation: str = ""  # the instructor's reason of a decision
    # dateDerniereCorrectionEnAttente: set while a correction the instructor asked for waits for the applicant
    correction_requested_at: datetime.datetime | None = None

    @property
    def pending_correction(self) -> bool:
        return self.correction_requested_at is not None


@dataclass(frozen=True)
class DossierPage:
    """One page of the dossiers of a procedure; pass ``end_cursor`` as ``after`` to read the next one."""

    dossiers: tuple[Dossier, ...]
    has_next_page: bool
    end_cursor: str | None
