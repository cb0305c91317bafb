"""Request ids and JSON log lines (core/logs.py; README: LOG_FORMAT)."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest

from passculture.core.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


@pytest.mark.django_db
def test_the_request_id_is_on_every_line_of_the_request_and_on_its_access_line(client, json_lines):
    response = client.get("/introuvable/", HTTP_X_REQUEST_ID="req-4f2a9c1e")
    assert response["X-Request-ID"] == "req-4f2a9c1e"
    lines = {line["logger"]: line for line in json_lines()}
    not_found, access = lines["django.request"], lines["passculture.access"]
    assert (not_found["level"], not_found["message"], not_found["request_id"]) == (
        "WARNING",
        "Not Found: /introuvable/",
        "req-4f2a9c1e",
    )
    assert access["request_id"] == "req-4f2a9c1e"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/introuvable/", 404)
    assert access["message"].startswith("GET /introuvable/ 404 ")
    assert access["time"].endswith("+00:00")


@pytest.mark.django_db
@pytest.mark.parametrize("sent", [None, "x", "a" * 65, "abc\ndef-ghi"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(client, json_lines, sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    first = client.get("/introuvable/", **headers)["X-Request-ID"]
    second = client.get("/introuvable/", **headers)["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert [line["request_id"] for line in json_lines() if line["logger"] == "passculture.access"] == [first, second]


def test_log_format_json_writes_one_json_object_per_line():
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "passculture.settings"}
    code = "import django, logging; django.setup(); logging.getLogger('passculture.test').warning('Bonjour « monde »')"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    [line] = [json.loads(line) for line in result.stderr.splitlines()]
    assert {key: line[key] for key in ("level", "logger", "message", "request_id")} == {
        "level": "WARNING",
        "logger": "passculture.test",
        "message": "Bonjour « monde »",
        "request_id": None,
    }
