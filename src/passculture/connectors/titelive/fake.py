"""The sample Titelive catalogue shipped with the project (``sample/Quotidien01.tit``), for the embedded default and
the demo: a directory source on the package's own sample directory, marked fake so that production refuses it.

The sample (ISO-8859-1, CRLF) holds realistic French books: eligible novels and a comic (the demo bookshop's
stock), a school textbook (school flag, CLIL 3000, rayon 2704), a para-school Bescherelle (CLIL 3013), an audio CD
(support CA: not a book), a paper press issue (support R, VAT 2.1 %), an "xxx"/"xxx" line not yet published, an
EAN with a wrong check digit and a line cut short.
"""

from pathlib import Path

from .source import DirectoryTiteliveSource

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
SAMPLE_FILE = SAMPLE_DIR / "Quotidien01.tit"

# EANs of the sample, by what the import should do with them.
ELIGIBLE_EANS = (
    "9782070612758",  # Le Petit Prince
    "9782070360024",  # L'Étranger
    "9782070368228",  # 1984
    "9782253004226",  # Germinal
    "9782253096603",  # Les Misérables (Tome 1)
    "9782012101401",  # Astérix le Gaulois (BD)
    "9782070413119",  # Le Grand Meaulnes (an update of a known record)
)
SCHOOL_BOOK_EAN = "9782091611099"  # Mathématiques 6e: school flag, CLIL 3000, rayon 2704
PARASCHOOL_BOOK_EAN = "9782218043451"  # Bescherelle: CLIL 3013 only
NOT_A_BOOK_EAN = "9782010000317"  # an audio CD (support CA)
PAPER_PRESS_EAN = "9770134594003"  # support R at 2.1 % VAT
NOT_YET_PUBLISHED_EAN = "9782013953207"  # "xxx" / "xxx"
INVALID_EAN_LINE = 13  # line number of the wrong check digit
SHORT_LINE = 14  # line number of the line cut short


class SampleTiteliveSource(DirectoryTiteliveSource):
    is_fake = True

    def __init__(self, directory: str | Path | None = None) -> None:
        super().__init__(directory if directory is not None else SAMPLE_DIR)
