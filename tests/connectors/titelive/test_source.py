"""Titelive file sources: the daily files listed by date, read as a stream; the sample shipped for the demo."""

import datetime
import shutil

import pytest

from passculture.connectors import is_fake
from passculture.connectors.titelive import (
    CatalogueLine,
    LineProblem,
    TiteliveFile,
    TiteliveSource,
    TiteliveSourceUnavailable,
    get_titelive_source,
)
from passculture.connectors.titelive import fake as titelive_fake
from passculture.connectors.titelive.source import DirectoryTiteliveSource, resolve_file_date
from passculture.offers.eligibility import check_book

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture(params=["sample", "directory"])
def source(request, tmp_path):
    """The sample source and a directory source on a copy of it honour the same contract."""
    if request.param == "sample":
        return titelive_fake.SampleTiteliveSource()
    shutil.copy(titelive_fake.SAMPLE_FILE, tmp_path / "Quotidien01.tit")
    return DirectoryTiteliveSource(tmp_path)


class TestContract:
    def test_implements_the_interface(self, source):
        assert isinstance(source, TiteliveSource)

    def test_lists_the_sample_by_its_date(self, source):
        [file] = source.list_files(today=TODAY)

        assert (file.name, file.date) == ("Quotidien01.tit", datetime.date(2026, 12, 1))
        assert source.list_files(after=datetime.date(2026, 12, 1), today=TODAY) == []

    def test_reads_the_sample(self, source):
        [file] = source.list_files(today=TODAY)

        lines = list(source.read_lines(file))

        books = {line.ean: line for line in lines if isinstance(line, CatalogueLine)}
        problems = [line for line in lines if isinstance(line, LineProblem)]
        assert set(titelive_fake.ELIGIBLE_EANS) <= set(books)
        assert books["9782070360024"].title == "L'Étranger"  # accents decoded from ISO-8859-1
        assert books["9782070360024"].price_cents == 790
        assert [(p.line_number, p.code) for p in problems] == [
            (titelive_fake.INVALID_EAN_LINE, "invalid_ean"),
            (titelive_fake.SHORT_LINE, "field_count"),
        ]


@pytest.fixture(scope="module")
def books():
    source = titelive_fake.SampleTiteliveSource()
    [file] = source.list_files(today=TODAY)
    return {line.ean: line for line in source.read_lines(file) if isinstance(line, CatalogueLine)}


class TestTheSampleGivesEachCaseOfTheImport:
    """What the import will decide from the sample's lines, through the shared eligibility rules."""

    @staticmethod
    def reason(line):
        ineligibility = check_book(
            clil_codes=line.clil_codes,
            csr_code=line.csr_code,
            school_flag=line.is_school_book,
            support_code=line.support_code,
            vat_rate=line.vat_rate,
        )
        return ineligibility.code if ineligibility else None

    def test_eligible_books(self, books):
        assert {ean: self.reason(books[ean]) for ean in titelive_fake.ELIGIBLE_EANS} == dict.fromkeys(
            titelive_fake.ELIGIBLE_EANS
        )

    @pytest.mark.parametrize(
        ("ean", "code"),
        [
            (titelive_fake.SCHOOL_BOOK_EAN, "school_book"),
            (titelive_fake.PARASCHOOL_BOOK_EAN, "school_book"),
            (titelive_fake.NOT_A_BOOK_EAN, "not_a_book"),
            (titelive_fake.PAPER_PRESS_EAN, "paper_press"),
        ],
    )
    def test_ineligible_lines(self, books, ean, code):
        assert self.reason(books[ean]) == code

    def test_a_line_not_yet_published(self, books):
        assert books[titelive_fake.NOT_YET_PUBLISHED_EAN].not_yet_published is True
        assert not any(line.not_yet_published for ean, line in books.items() if ean in titelive_fake.ELIGIBLE_EANS)


class TestDirectory:
    @staticmethod
    def write(directory, *names):
        sample = titelive_fake.SAMPLE_FILE.read_bytes()
        for name in names:
            (directory / name).write_bytes(sample)

    def test_files_come_oldest_first_and_a_missing_day_does_not_stall_the_next(self, tmp_path):
        # The 2nd is missing; the 28th and 30th are last month's.
        self.write(
            tmp_path, "Quotidien03.tit", "Quotidien01.tit", "Quotidien30.tit", "Quotidien28.tit", "Quotidien04.tit"
        )

        files = DirectoryTiteliveSource(tmp_path).list_files(today=TODAY)

        assert [file.date.isoformat() for file in files] == [
            "2026-11-28",
            "2026-11-30",
            "2026-12-01",
            "2026-12-03",
            "2026-12-04",
        ]
        assert all(isinstance(file, TiteliveFile) and file.path.parent == tmp_path for file in files)

    def test_a_run_resumes_after_the_last_file_fully_processed(self, tmp_path):
        self.write(tmp_path, "Quotidien01.tit", "Quotidien03.tit", "Quotidien04.tit")

        files = DirectoryTiteliveSource(tmp_path).list_files(after=datetime.date(2026, 12, 1), today=TODAY)

        assert [file.name for file in files] == ["Quotidien03.tit", "Quotidien04.tit"]

    def test_other_files_are_ignored(self, tmp_path):
        self.write(tmp_path, "Quotidien04.tit", "Quotidien4.tit", "Quotidien04.tit.part", "Hebdo04.tit", "README")
        (tmp_path / "Quotidien05.tit").mkdir()

        assert [file.name for file in DirectoryTiteliveSource(tmp_path).list_files(today=TODAY)] == ["Quotidien04.tit"]

    def test_the_directory_comes_from_settings(self, settings, tmp_path):
        self.write(tmp_path, "Quotidien02.tit")
        settings.TITELIVE_BACKEND = "passculture.connectors.titelive.source.DirectoryTiteliveSource"
        settings.TITELIVE_FILES_DIR = str(tmp_path)

        source = get_titelive_source()

        assert not is_fake(source)
        assert [file.name for file in source.list_files(today=TODAY)] == ["Quotidien02.tit"]

    def test_no_directory_configured(self, settings):
        settings.TITELIVE_FILES_DIR = ""

        with pytest.raises(TiteliveSourceUnavailable) as excinfo:
            DirectoryTiteliveSource().list_files()

        assert excinfo.value.code == "source_unavailable"

    def test_a_directory_that_does_not_exist(self, tmp_path):
        with pytest.raises(TiteliveSourceUnavailable):
            DirectoryTiteliveSource(tmp_path / "absent").list_files()

    def test_a_file_gone_before_it_is_read(self, tmp_path):
        self.write(tmp_path, "Quotidien04.tit")
        [file] = DirectoryTiteliveSource(tmp_path).list_files(today=TODAY)
        file.path.unlink()

        with pytest.raises(TiteliveSourceUnavailable):
            list(DirectoryTiteliveSource(tmp_path).read_lines(file))


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (4, datetime.date(2026, 12, 4), datetime.date(2026, 12, 4)),
        (5, datetime.date(2026, 12, 4), datetime.date(2026, 11, 5)),
        (31, datetime.date(2026, 12, 4), datetime.date(2026, 10, 31)),  # November has no 31st
        (15, datetime.date(2026, 1, 10), datetime.date(2025, 12, 15)),
        (29, datetime.date(2026, 3, 1), datetime.date(2026, 1, 29)),  # February 2026 has no 29th
        (0, datetime.date(2026, 12, 4), None),
        (32, datetime.date(2026, 12, 4), None),
    ],
)
def test_file_dates(day, today, expected):
    assert resolve_file_date(day, today) == expected


def test_the_embedded_default_is_the_sample(settings):
    source = get_titelive_source()

    assert isinstance(source, titelive_fake.SampleTiteliveSource)
    assert is_fake(source)
