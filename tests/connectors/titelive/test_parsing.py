"""The Titelive daily-file parser: the documented layout, refusals with their code, odd optional fields, and
Hypothesis on any line."""

import datetime
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import ean as stdnum_ean

from passculture.connectors.titelive import (
    LINE_PROBLEM_MESSAGES,
    CatalogueLine,
    LineProblem,
    parse_line,
    parse_lines,
)
from passculture.connectors.titelive.parsing import COLUMNS, ELEMENT_COUNT, decoded_lines, parse_file


def line_text(**values: str) -> str:
    """A well-formed line (46 elements) with the named fields set, the others as Titelive leaves them."""
    elements = [""] * ELEMENT_COUNT
    defaults = {
        "ean": "9782070360024",
        "title": "L'Étranger",
        "authors": "Albert Camus",
        "price": "7,90",
        "publisher": "GALLIMARD",
        "publication_date": "07/01/1972",
        "support_code": "P",
        "vat_rate": "5,50",
        "school_flag": "0",
    }
    for name, value in {**defaults, **values}.items():
        elements[COLUMNS[name]] = value
    return "~".join(elements)


def test_a_complete_line():
    line = parse_line(
        line_text(
            isbn="2070360024",
            csr_code="1100",
            csr_label="Littérature française - romans",
            availability="1",
            collection="Folio",
            distributor="SODIS",
            record_status="1",
            updated_at="03/12/2026 22:41:07",
            clil="3435",
            comment="Édition de poche",
            dewey="843",
        ),
        line_number=12,
    )

    assert line == CatalogueLine(
        line_number=12,
        ean="9782070360024",
        title="L'Étranger",
        authors="Albert Camus",
        price_cents=790,
        isbn="2070360024",
        publisher="GALLIMARD",
        distributor="SODIS",
        collection="Folio",
        csr_code="1100",
        csr_label="Littérature française - romans",
        clil_codes=("3435",),
        availability_code=1,
        publication_date=datetime.date(1972, 1, 7),
        support_code="P",
        vat_rate=Decimal("5.50"),
        is_school_book=False,
        is_update=True,
        updated_at=datetime.datetime(2026, 12, 3, 22, 41, 7),
        summary="Édition de poche",
        dewey="843",
    )


def test_school_flag_clil_codes_and_press_fields():
    line = parse_line(line_text(school_flag="1", clil="3000;3013", support_code="r", vat_rate="2,1"), 1)

    assert line.is_school_book is True
    assert line.clil_codes == ("3000", "3013")
    assert (line.support_code, line.vat_rate) == ("R", Decimal("2.10"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/01/2070", None),  # Titelive's "unknown"
        ("31/02/2024", None),
        ("2024-02-01", None),
        ("", None),
        ("1/2/2024", datetime.date(2024, 2, 1)),
    ],
)
def test_publication_dates(value, expected):
    assert parse_line(line_text(publication_date=value), 1).publication_date == expected


def test_the_last_update_may_come_without_a_time():
    assert parse_line(line_text(updated_at="04/12/2026"), 1).updated_at == datetime.datetime(2026, 12, 4)


@pytest.mark.parametrize(
    ("field", "value", "attribute", "empty"),
    [
        ("vat_rate", "cinq", "vat_rate", None),
        ("vat_rate", "150", "vat_rate", None),
        ("availability", "disponible", "availability_code", None),
        ("updated_at", "hier", "updated_at", None),
        ("clil", "Scolaire", "clil_codes", ()),
        ("school_flag", "oui", "is_school_book", False),
    ],
)
def test_an_odd_optional_field_never_loses_the_line(field, value, attribute, empty):
    line = parse_line(line_text(**{field: value}), 1)

    assert isinstance(line, CatalogueLine)
    assert getattr(line, attribute) == empty


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"ean": "9782070360025"}, "invalid_ean"),
        ({"ean": "2070360024"}, "invalid_ean"),
        ({"ean": ""}, "invalid_ean"),
        ({"title": "  "}, "no_title"),
        ({"price": ""}, "invalid_price"),
        ({"price": "sept euros"}, "invalid_price"),
        ({"price": "-7,90"}, "invalid_price"),
    ],
)
def test_refusals_carry_their_code_line_number_and_french_message(values, code):
    problem = parse_line(line_text(**values), 42)

    assert isinstance(problem, LineProblem)
    assert (problem.code, problem.line_number) == (code, 42)
    assert problem.message.endswith("Ligne ignorée.")


@pytest.mark.parametrize("count", [1, 45, 47, 60])
def test_any_other_number_of_fields_is_reported(count):
    text = "~".join(["9782070360024", *["x"] * (count - 1)])

    problem = parse_line(text, 3)

    assert problem.code == "field_count"
    assert problem.message == f"Ligne mal formée : {count - 1} champs au lieu de 45. Ligne ignorée."
    assert problem.ean == "9782070360024"


@pytest.mark.parametrize(("title", "authors"), [("xxx", "xxx"), ("XXX", " xxx "), ("xxx", "XXX")])
def test_xxx_lines_are_flagged_not_yet_published(title, authors):
    line = parse_line(line_text(title=title, authors=authors, price=""), 1)

    assert isinstance(line, CatalogueLine)
    assert line.not_yet_published is True


def test_a_book_titled_xxx_by_a_real_author_is_published():
    assert parse_line(line_text(title="xxx", authors="Jean Dupont"), 1).not_yet_published is False


def test_lines_are_decoded_from_iso_8859_1_with_lf_or_crlf():
    first = line_text(title="Les Misérables").encode("iso-8859-1") + b"\r\n"
    second = line_text(ean="9782070612758", title="Le Petit Prince").encode("iso-8859-1") + b"\n"

    lines = list(parse_lines([first, b"\r\n", second]))

    assert [(line.line_number, line.title) for line in lines] == [(1, "Les Misérables"), (3, "Le Petit Prince")]


def test_parsing_is_lazy():
    def source():
        yield line_text().encode("iso-8859-1")
        raise AssertionError("the second line was read before it was needed")

    assert next(parse_lines(source())).ean == "9782070360024"


line_texts = st.lists(st.text(alphabet=st.characters(codec="latin-1"), max_size=12), min_size=1, max_size=50).map(
    "~".join
)
valid_eans = st.from_regex(r"[0-9]{12}", fullmatch=True).map(lambda p: p + stdnum_ean.calc_check_digit(p))
field_text = st.text(alphabet=st.characters(codec="latin-1", exclude_characters="~\r\n"), max_size=15)


@settings(max_examples=500, deadline=None)
@given(text=line_texts | st.text(alphabet=st.characters(codec="latin-1"), max_size=300))
def test_any_line_is_parsed_or_refused_with_a_known_code(text):
    result = parse_line(text, 1)

    if isinstance(result, LineProblem):
        assert result.code in LINE_PROBLEM_MESSAGES and result.message
    else:
        assert stdnum_ean.is_valid(result.ean) and len(result.ean) == 13
        assert result.price_cents >= 0
        assert result.not_yet_published or result.title


@settings(max_examples=300, deadline=None)
@given(
    ean=valid_eans,
    title=field_text.filter(lambda text: text.strip() and text.strip().lower() != "xxx"),
    euros=st.integers(0, 10_000),
    cents=st.integers(0, 99),
    others=st.dictionaries(
        st.sampled_from(["publication_date", "vat_rate", "availability", "updated_at", "clil", "dewey"]), field_text
    ),
)
def test_well_formed_lines_keep_their_ean_title_and_price(ean, title, euros, cents, others):
    line = parse_line(line_text(ean=ean, title=title, price=f"{euros},{cents:02d}", **others), 1)

    assert isinstance(line, CatalogueLine)
    assert (line.ean, line.title, line.price_cents) == (ean, title.strip(), euros * 100 + cents)


file_bytes = st.lists(
    st.sampled_from([b"\n", b"\r\n", b"\r", b"~", b" ", b"\xe9", b"\x85", b"\xa0", b"9782070360024", b"x"]), max_size=80
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(data=file_bytes, chunk_size=st.integers(1, 20))
def test_lines_decoded_by_chunks_are_the_lines_of_the_binary_file(data, chunk_size):
    """Split on LF only, whatever the chunk boundaries, as iterating the binary file line by line does."""
    expected = [raw.decode("iso-8859-1").removesuffix("\n") for raw in io.BytesIO(data)]

    assert list(decoded_lines(io.BytesIO(data), chunk_size)) == expected


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(line_texts | st.builds(line_text, title=field_text), max_size=6),
    ends=st.sampled_from(["\n", "\r\n"]),
)
def test_a_file_parses_as_its_lines_one_by_one(lines, ends):
    data = ends.join(lines).encode("iso-8859-1")

    assert list(parse_file(io.BytesIO(data))) == list(parse_lines(io.BytesIO(data)))


@settings(max_examples=500, deadline=None)
@given(digits=st.from_regex(r"[0-9]{13}", fullmatch=True))
def test_thirteen_digits_are_accepted_exactly_when_their_check_digit_is_right(digits):
    """The check digit computed inline for the usual form agrees with python-stdnum, the reference."""
    line = parse_line(line_text(ean=digits), 1)

    assert isinstance(line, CatalogueLine) == stdnum_ean.is_valid(digits)
