"""load_connector / is_fake: settings choose connectors by dotted path."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from passculture.connectors import clear_connector_cache, is_fake, load_connector
from passculture.connectors.allocine import get_allocine_client
from passculture.connectors.geocoding import get_geocoding_client
from passculture.connectors.geocoding.fake import FakeGeocodingClient
from passculture.connectors.geocoding.http import HttpGeocodingClient
from passculture.connectors.sirene import get_sirene_client
from passculture.connectors.sirene.fake import FakeSireneClient
from passculture.connectors.sirene.http import HttpSireneClient
from passculture.connectors.stocks import PriceUnit, StockProviderConfig, get_stocks_client
from passculture.connectors.stocks.fake import FakeStocksClient
from passculture.connectors.stocks.http import HttpStocksClient
from passculture.connectors.titelive import get_titelive_source

FAKE_SIRENE = "passculture.connectors.sirene.fake.FakeSireneClient"
HTTP_SIRENE = "passculture.connectors.sirene.http.HttpSireneClient"


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_connector_cache()
    yield
    clear_connector_cache()


def test_loads_the_configured_class_once(settings):
    settings.SIRENE_BACKEND = FAKE_SIRENE

    first = load_connector("SIRENE_BACKEND")

    assert isinstance(first, FakeSireneClient)
    assert load_connector("SIRENE_BACKEND") is first
    assert get_sirene_client() is first


def test_override_settings_switches_the_class(settings):
    settings.SIRENE_BACKEND = FAKE_SIRENE
    assert isinstance(get_sirene_client(), FakeSireneClient)

    settings.SIRENE_BACKEND = HTTP_SIRENE
    settings.SIRENE_API_URL = "https://insee.example/api-sirene/3.11"
    client = get_sirene_client()

    assert isinstance(client, HttpSireneClient)
    assert client.base_url == "https://insee.example/api-sirene/3.11"


def test_setting_change_rebuilds_real_clients(settings):
    settings.SIRENE_BACKEND = HTTP_SIRENE
    settings.SIRENE_API_KEY = "one"
    assert get_sirene_client().api_key == "one"

    settings.SIRENE_API_KEY = "two"

    assert get_sirene_client().api_key == "two"


def test_geocoding_client(settings):
    settings.GEOCODING_BACKEND = "passculture.connectors.geocoding.fake.FakeGeocodingClient"
    assert isinstance(get_geocoding_client(), FakeGeocodingClient)

    settings.GEOCODING_BACKEND = "passculture.connectors.geocoding.http.HttpGeocodingClient"
    assert isinstance(get_geocoding_client(), HttpGeocodingClient)


@pytest.mark.parametrize("value", ["", None, "passculture.connectors.sirene.fake.NoSuchClass", "nodots"])
def test_bad_setting(settings, value):
    settings.SIRENE_BACKEND = value

    with pytest.raises(ImproperlyConfigured):
        load_connector("SIRENE_BACKEND")


def test_missing_setting(settings):
    with pytest.raises(ImproperlyConfigured):
        load_connector("NO_SUCH_BACKEND")


@pytest.mark.parametrize(
    ("setting", "fake_path", "real_path", "getter"),
    [
        (
            "ALLOCINE_BACKEND",
            "passculture.connectors.allocine.fake.FakeAllocineClient",
            "passculture.connectors.allocine.http.HttpAllocineClient",
            get_allocine_client,
        ),
        (
            "TITELIVE_BACKEND",
            "passculture.connectors.titelive.fake.SampleTiteliveSource",
            "passculture.connectors.titelive.source.DirectoryTiteliveSource",
            get_titelive_source,
        ),
    ],
)
def test_catalogue_connectors(settings, setting, fake_path, real_path, getter):
    setattr(settings, setting, fake_path)
    assert is_fake(getter())

    setattr(settings, setting, real_path)
    assert not is_fake(getter())


def test_the_stock_software_client_is_built_per_provider(settings):
    first = get_stocks_client(StockProviderConfig(base_url="https://one.example"))
    second = get_stocks_client(StockProviderConfig(base_url="https://two.example", price_unit=PriceUnit.CENTS))

    assert isinstance(first, FakeStocksClient) and is_fake(first)
    assert (first.config.base_url, second.config.price_unit) == ("https://one.example", PriceUnit.CENTS)

    settings.STOCKS_BACKEND = "passculture.connectors.stocks.http.HttpStocksClient"
    assert isinstance(get_stocks_client(first.config), HttpStocksClient)

    settings.STOCKS_BACKEND = "passculture.connectors.stocks.http.NoSuchClient"
    with pytest.raises(ImproperlyConfigured):
        get_stocks_client(first.config)


def test_is_fake():
    assert is_fake(FakeSireneClient) and is_fake(FakeSireneClient())
    assert is_fake(FakeGeocodingClient) and is_fake(FakeGeocodingClient())
    assert not is_fake(HttpSireneClient) and not is_fake(HttpSireneClient(api_key="k"))
    assert not is_fake(HttpGeocodingClient)
    assert not is_fake(object())
