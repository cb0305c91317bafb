import pytest
from django.test import RequestFactory

from passculture.web.client import client_ip

rf = RequestFactory()


def test_without_a_trusted_header_the_address_is_remote_addr(settings):
    settings.TRUSTED_PROXY_HEADER = ""
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "10.0.0.1"


@pytest.mark.parametrize(
    "forwarded",
    ["203.0.113.7", "1.2.3.4, 5.6.7.8 ,203.0.113.7"],
    ids=["one-entry", "spoofed-left-most-entries-ignored"],
)
def test_with_the_trusted_header_the_address_is_the_one_the_proxy_added(settings, forwarded):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == "203.0.113.7"


def test_header_missing_or_empty_falls_back_to_remote_addr(settings):
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=" , ")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.2")) == "198.51.100.2"
