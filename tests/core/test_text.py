"""Case- and accent-insensitive search: the same fold in Python and in the database."""

import pytest
from django.db import connection

from passculture.accounts.models import User
from passculture.core.text import SQL_FUNCTION, fold
from passculture.offerers.selectors import search_users

ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ" + "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ".upper() + "œæŒÆ"


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Hélène", "helene"),
        ("LEFÈVRE", "lefevre"),
        ("Œdipe", "oedipe"),
        ("Lætitia", "laetitia"),
        ("Ça gère à Noël", "ca gere a noel"),
        ("São Tomé", "sao tome"),
        ("50 % de réduction_", "50 % de reduction_"),
    ],
)
def test_fold(typed, folded):
    assert fold(typed) == folded


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("collation", ["default", "C"])
def test_the_database_folds_exactly_as_python(collation):
    """On SQLite the function is ``fold`` itself; PostgreSQL has its own, which must agree whatever the collation
    (``lower()`` leaves É as it is under "C")."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {SQL_FUNCTION}(%s COLLATE "{collation}"), {SQL_FUNCTION}(NULL)', [ACCENTED + " Hélène ABC"]
        )
        folded, null = cursor.fetchone()
    assert folded == fold(ACCENTED + " Hélène ABC")
    assert null is None


@pytest.mark.django_db
def test_staff_find_people_as_they_type_their_names():
    helene = User.objects.create_user(email="h.lefevre@example.org", first_name="Hélène", last_name="Lefèvre")
    User.objects.create_user(email="hugo@example.org", first_name="Hugo", last_name="Leroy")
    assert list(search_users("helene")) == [helene]
    assert list(search_users("LEFEVRE")) == [helene]
    assert list(search_users("Lefèvre")) == [helene]
    assert list(search_users("_")) == []
