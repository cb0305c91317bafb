import pytest
from django.test import RequestFactory

from passculture.web.redirects import is_safe_url, safe_next

rf = RequestFactory()


@pytest.mark.parametrize("target", ["/offres/", "/reservations/?page=2", "http://testserver/offres/"])
def test_safe_next_keeps_a_path_of_this_site(target):
    assert safe_next(rf.post("/", {"next": target}), "/default/") == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/offres/",
        "javascript:alert(1)",
        "ftp://testserver/",
        "\\\\evil.example",
    ],
)
def test_safe_next_refuses_other_hosts_and_schemes(target):
    assert safe_next(rf.post("/", {"next": target}), "/default/") == "/default/"
    assert safe_next(rf.get("/", {"next": target}), "/default/") == "/default/"


def test_safe_next_reads_the_form_field_then_the_query_string():
    assert safe_next(rf.post("/?next=/from-query/", {"next": "/from-form/"})) == "/from-form/"
    assert safe_next(rf.post("/?next=/from-query/")) == "/from-query/"
    assert safe_next(rf.get("/")) == ""


def test_https_page_refuses_a_plain_http_target():
    request = rf.get("/", secure=True)
    assert not is_safe_url(request, "http://testserver/offres/")
    assert is_safe_url(request, "https://testserver/offres/")
    assert not is_safe_url(request, "")
