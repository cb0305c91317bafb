"""Every text the JSON APIs read refuses control characters (core/inputs.py, docs/domain/README.md#text-inputs).

The test walks the OpenAPI document: each string of each operation (path, query, body) gets a NUL and the other
control characters; no answer is a 500 and nothing is written. The app API answers its 422; the ticketing API
answers a malformed countermark as an unknown one (404), as pass Culture's API does."""

import json
from urllib.parse import urlencode

import pytest

from passculture.api.api import api
from passculture.api.auth import ACCESS, REFRESH, issue_token
from passculture.bookings.models import Booking
from passculture.core.inputs import CONTROL_CHARACTERS_MESSAGE
from passculture.core.models import AuditLogEntry
from passculture.offerers.services import apikey_create
from tests.factories import BeneficiaryFactory, OffererFactory, StockFactory, VenueFactory

CONTROLS = ["\x00", "\x1b", "\x7f"]
SECURITY = {"AccessTokenAuth": ACCESS, "RefreshTokenAuth": REFRESH}


def _schema() -> dict:
    return api.get_openapi_schema()


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _is_string(schema: dict, node: dict) -> bool:
    node = _resolve(schema, node)
    options = node.get("anyOf", [node])
    return any(_resolve(schema, option).get("type") == "string" and "enum" not in option for option in options)


def _sample(schema: dict, node: dict):
    node = _resolve(schema, node)
    if "default" in node:
        return node["default"]
    node = next((o for o in node.get("anyOf", [node]) if o.get("type") != "null"), node)
    return {"integer": 1, "number": 1, "boolean": True, "string": "x"}.get(node.get("type"), "x")


def string_inputs() -> list[tuple[str, str, str, str]]:
    """(method, path, location, name) of every string an operation reads."""
    schema = _schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if _is_string(schema, parameter["schema"]):
                    found.append((method, path, parameter["in"], parameter["name"]))
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                for name, prop in _resolve(schema, content["schema"]).get("properties", {}).items():
                    if _is_string(schema, prop):
                        found.append((method, path, "body", name))
    return found


STRING_INPUTS = string_inputs()


def test_the_walk_finds_the_texts_of_both_apis():
    assert ("get", "/native/v1/offers/search", "query", "text") in STRING_INPUTS
    assert ("post", "/native/v1/signin", "body", "identifier") in STRING_INPUTS
    assert ("post", "/native/v1/signin", "body", "password") in STRING_INPUTS
    assert ("patch", "/v2/bookings/use/token/{token}", "path", "token") in STRING_INPUTS


@pytest.fixture
def credentials(db):
    young = BeneficiaryFactory(email="jeune@example.org")
    offerer = OffererFactory()
    StockFactory(offer__venue=VenueFactory(offerer=offerer))
    _, key = apikey_create(offerer, "tests", label="Billetterie")
    return {
        "AccessTokenAuth": issue_token(young, ACCESS),
        "RefreshTokenAuth": issue_token(young, REFRESH),
        "ApiKeyAuth": key,
    }


def request(client, credentials, method, path, location, name, value):
    schema = _schema()
    operation = schema["paths"][path][method]
    path_values, query = {}, {}
    for parameter in operation.get("parameters", []):
        if parameter.get("required") or parameter["name"] == name:
            target = path_values if parameter["in"] == "path" else query
            target[parameter["name"]] = _sample(schema, parameter["schema"])
    body = None
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content:
        body_schema = _resolve(schema, content["schema"])
        body = {key: _sample(schema, prop) for key, prop in body_schema.get("properties", {}).items()}
    {"path": path_values, "query": query, "body": body}[location][name] = value
    url = path
    for key, sample in path_values.items():
        url = url.replace(
            f"{{{key}}}", str(sample).replace("\x00", "%00").replace("\x1b", "%1B").replace("\x7f", "%7F")
        )
    headers = {}
    for requirement in operation.get("security", []):
        for scheme in requirement:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {credentials[scheme]}"
    call = getattr(client, method)
    if body is not None:
        return call(url, data=json.dumps(body), content_type="application/json", **headers)
    return call(url, query, **headers) if method == "get" else call(url + _query_string(query), **headers)


def _query_string(query: dict) -> str:
    return f"?{urlencode(query)}" if query else ""


@pytest.mark.django_db
@pytest.mark.parametrize("control", CONTROLS, ids=["NUL", "ESC", "DEL"])
@pytest.mark.parametrize(("method", "path", "location", "name"), STRING_INPUTS)
def test_a_control_character_in_any_text_is_refused_and_never_stored(
    client, credentials, control, method, path, location, name
):
    bookings = Booking.objects.count()
    last_entry = AuditLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = request(client, credentials, method, path, location, name, f"AB{control}CD")
    assert response.status_code != 500
    if path.startswith("/v2/"):
        assert response.status_code == 404
        assert response.json() == {"global": ["Cette contremarque n'a pas été trouvée."]}
    else:
        assert response.status_code == 422, response.content
        problems = response.json()["detail"]
        assert [problem["loc"][-1] for problem in problems] == [name]
        assert CONTROL_CHARACTERS_MESSAGE in problems[0]["msg"]
    assert Booking.objects.count() == bookings
    for entry in AuditLogEntry.objects.filter(pk__gt=last_entry):  # a refused countermark is audited, cleanly
        assert control not in json.dumps(entry.data, ensure_ascii=False) + entry.target_label
