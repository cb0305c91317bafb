"""An in-memory, deterministic geocoder for development, demos and tests (no I/O).

It knows the centre of every prefecture and of a few more cities (overseas and Corsica included, plus
Nouméa and Papeete, which the real Base Adresse Nationale does not cover). An address resolves through its
postal code (given, or found in the text) or, failing that, the last known city name in it:

- a known postal code → that municipality (Paris arrondissements have their own centre and INSEE code,
  Lyon and Marseille arrondissements their INSEE code);
- any other postal code of a real département → that département's prefecture; when a town name follows the
  postal code in the text, that town is placed near the prefecture, at an offset derived from the postal code
  (its INSEE code is then unknown: ``citycode`` is empty);
- a postal code of no département (``00000``, ``96xxx``…) → ``AddressNotFound``;
- then the street shifts the point by a small deterministic offset (< 1 km) so that two addresses of one town
  get different but nearby coordinates. An address that is only a city name gives the municipality's centre.

Reserved queries (see ``docs/connectors.md``): any query containing the word "introuvable" is not found
(``UNKNOWN_ADDRESS``), any query containing the word "indisponible" raises ``GeocodingUnavailable``
(``UNAVAILABLE_ADDRESS``).
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .base import clean_postal_code, clean_query
from .errors import AddressNotFound, GeocodingUnavailable
from .types import GeocodedAddress

UNKNOWN_ADDRESS = "1 Rue Introuvable"  # → AddressNotFound
UNAVAILABLE_ADDRESS = "1 Rue Indisponible"  # → GeocodingUnavailable
_NOT_FOUND_WORD = "introuvable"
_UNAVAILABLE_WORD = "indisponible"


@dataclass(frozen=True)
class Place:
    city: str
    postal_code: str
    citycode: str
    latitude: float
    longitude: float


# Prefecture of each département: (département, city, main postal code, INSEE code, latitude, longitude).
_PREFECTURES = (
    ("01", "Bourg-en-Bresse", "01000", "01053", 46.2052, 5.2255),
    ("02", "Laon", "02000", "02408", 49.5641, 3.6199),
    ("03", "Moulins", "03000", "03190", 46.5646, 3.3326),
    ("04", "Digne-les-Bains", "04000", "04070", 44.0925, 6.2356),
    ("05", "Gap", "05000", "05061", 44.5594, 6.0786),
    ("06", "Nice", "06000", "06088", 43.7031, 7.2661),
    ("07", "Privas", "07000", "07186", 44.7353, 4.5992),
    ("08", "Charleville-Mézières", "08000", "08105", 49.7620, 4.7263),
    ("09", "Foix", "09000", "09122", 42.9653, 1.6071),
    ("10", "Troyes", "10000", "10387", 48.2973, 4.0744),
    ("11", "Carcassonne", "11000", "11069", 43.2130, 2.3491),
    ("12", "Rodez", "12000", "12202", 44.3506, 2.5750),
    ("13", "Marseille", "13001", "13055", 43.2965, 5.3698),
    ("14", "Caen", "14000", "14118", 49.1829, -0.3707),
    ("15", "Aurillac", "15000", "15014", 44.9264, 2.4397),
    ("16", "Angoulême", "16000", "16015", 45.6484, 0.1562),
    ("17", "La Rochelle", "17000", "17300", 46.1603, -1.1511),
    ("18", "Bourges", "18000", "18033", 47.0810, 2.3988),
    ("19", "Tulle", "19000", "19272", 45.2671, 1.7715),
    ("2A", "Ajaccio", "20000", "2A004", 41.9192, 8.7386),
    ("2B", "Bastia", "20200", "2B033", 42.6973, 9.4509),
    ("21", "Dijon", "21000", "21231", 47.3220, 5.0415),
    ("22", "Saint-Brieuc", "22000", "22278", 48.5141, -2.7603),
    ("23", "Guéret", "23000", "23096", 46.1714, 1.8717),
    ("24", "Périgueux", "24000", "24322", 45.1846, 0.7214),
    ("25", "Besançon", "25000", "25056", 47.2378, 6.0241),
    ("26", "Valence", "26000", "26362", 44.9334, 4.8924),
    ("27", "Évreux", "27000", "27229", 49.0241, 1.1508),
    ("28", "Chartres", "28000", "28085", 48.4439, 1.4890),
    ("29", "Quimper", "29000", "29232", 47.9960, -4.1020),
    ("30", "Nîmes", "30000", "30189", 43.8367, 4.3601),
    ("31", "Toulouse", "31000", "31555", 43.6047, 1.4442),
    ("32", "Auch", "32000", "32013", 43.6465, 0.5855),
    ("33", "Bordeaux", "33000", "33063", 44.8378, -0.5792),
    ("34", "Montpellier", "34000", "34172", 43.6108, 3.8767),
    ("35", "Rennes", "35000", "35238", 48.1173, -1.6778),
    ("36", "Châteauroux", "36000", "36044", 46.8103, 1.6913),
    ("37", "Tours", "37000", "37261", 47.3941, 0.6848),
    ("38", "Grenoble", "38000", "38185", 45.1885, 5.7245),
    ("39", "Lons-le-Saunier", "39000", "39300", 46.6744, 5.5558),
    ("40", "Mont-de-Marsan", "40000", "40192", 43.8902, -0.4997),
    ("41", "Blois", "41000", "41018", 47.5861, 1.3359),
    ("42", "Saint-Étienne", "42000", "42218", 45.4397, 4.3872),
    ("43", "Le Puy-en-Velay", "43000", "43157", 45.0434, 3.8859),
    ("44", "Nantes", "44000", "44109", 47.2184, -1.5536),
    ("45", "Orléans", "45000", "45234", 47.9030, 1.9093),
    ("46", "Cahors", "46000", "46042", 44.4475, 1.4419),
    ("47", "Agen", "47000", "47001", 44.2033, 0.6163),
    ("48", "Mende", "48000", "48095", 44.5181, 3.5006),
    ("49", "Angers", "49000", "49007", 47.4784, -0.5632),
    ("50", "Saint-Lô", "50000", "50502", 49.1157, -1.0906),
    ("51", "Châlons-en-Champagne", "51000", "51108", 48.9566, 4.3631),
    ("52", "Chaumont", "52000", "52121", 48.1113, 5.1392),
    ("53", "Laval", "53000", "53130", 48.0707, -0.7734),
    ("54", "Nancy", "54000", "54395", 48.6921, 6.1844),
    ("55", "Bar-le-Duc", "55000", "55029", 48.7727, 5.1600),
    ("56", "Vannes", "56000", "56260", 47.6582, -2.7608),
    ("57", "Metz", "57000", "57463", 49.1193, 6.1757),
    ("58", "Nevers", "58000", "58194", 46.9908, 3.1590),
    ("59", "Lille", "59000", "59350", 50.6292, 3.0573),
    ("60", "Beauvais", "60000", "60057", 49.4295, 2.0807),
    ("61", "Alençon", "61000", "61001", 48.4329, 0.0913),
    ("62", "Arras", "62000", "62041", 50.2910, 2.7775),
    ("63", "Clermont-Ferrand", "63000", "63113", 45.7772, 3.0870),
    ("64", "Pau", "64000", "64445", 43.2951, -0.3708),
    ("65", "Tarbes", "65000", "65440", 43.2328, 0.0781),
    ("66", "Perpignan", "66000", "66136", 42.6887, 2.8948),
    ("67", "Strasbourg", "67000", "67482", 48.5734, 7.7521),
    ("68", "Colmar", "68000", "68066", 48.0794, 7.3585),
    ("69", "Lyon", "69001", "69123", 45.7640, 4.8357),
    ("70", "Vesoul", "70000", "70550", 47.6198, 6.1544),
    ("71", "Mâcon", "71000", "71270", 46.3069, 4.8287),
    ("72", "Le Mans", "72000", "72181", 48.0061, 0.1996),
    ("73", "Chambéry", "73000", "73065", 45.5646, 5.9178),
    ("74", "Annecy", "74000", "74010", 45.8992, 6.1294),
    ("75", "Paris", "75001", "75056", 48.8566, 2.3522),
    ("76", "Rouen", "76000", "76540", 49.4432, 1.0999),
    ("77", "Melun", "77000", "77288", 48.5421, 2.6554),
    ("78", "Versailles", "78000", "78646", 48.8049, 2.1204),
    ("79", "Niort", "79000", "79191", 46.3237, -0.4588),
    ("80", "Amiens", "80000", "80021", 49.8941, 2.2958),
    ("81", "Albi", "81000", "81004", 43.9289, 2.1464),
    ("82", "Montauban", "82000", "82121", 44.0176, 1.3550),
    ("83", "Toulon", "83000", "83137", 43.1242, 5.9280),
    ("84", "Avignon", "84000", "84007", 43.9493, 4.8055),
    ("85", "La Roche-sur-Yon", "85000", "85191", 46.6705, -1.4260),
    ("86", "Poitiers", "86000", "86194", 46.5802, 0.3404),
    ("87", "Limoges", "87000", "87085", 45.8336, 1.2611),
    ("88", "Épinal", "88000", "88160", 48.1724, 6.4496),
    ("89", "Auxerre", "89000", "89024", 47.7982, 3.5673),
    ("90", "Belfort", "90000", "90010", 47.6380, 6.8628),
    ("91", "Évry-Courcouronnes", "91000", "91228", 48.6238, 2.4296),
    ("92", "Nanterre", "92000", "92050", 48.8924, 2.2071),
    ("93", "Bobigny", "93000", "93008", 48.9077, 2.4397),
    ("94", "Créteil", "94000", "94028", 48.7904, 2.4556),
    ("95", "Cergy", "95000", "95127", 49.0364, 2.0761),
    ("971", "Basse-Terre", "97100", "97105", 15.9985, -61.7261),
    ("972", "Fort-de-France", "97200", "97209", 14.6161, -61.0588),
    ("973", "Cayenne", "97300", "97302", 4.9372, -52.3260),
    ("974", "Saint-Denis", "97400", "97411", -20.8821, 55.4507),
    ("975", "Saint-Pierre", "97500", "97502", 46.7811, -56.1764),
    ("976", "Mamoudzou", "97600", "97611", -12.7806, 45.2279),
    ("977", "Saint-Barthélemy", "97133", "97701", 17.8962, -62.8498),
    ("978", "Saint-Martin", "97150", "97801", 18.0676, -63.0826),
    ("986", "Mata-Utu", "98600", "98613", -13.2825, -176.1736),
    ("987", "Papeete", "98714", "98735", -17.5350, -149.5696),
    ("988", "Nouméa", "98800", "98818", -22.2758, 166.4580),
)

# Other cities worth knowing by name or postal code: (city, postal code, INSEE code, latitude, longitude).
_OTHER_CITIES = (
    ("Pointe-à-Pitre", "97110", "97120", 16.2411, -61.5331),
    ("Kourou", "97310", "97304", 5.1598, -52.6503),
    ("Saint-Paul", "97460", "97415", -21.0096, 55.2707),
    ("Le Havre", "76600", "76351", 49.4944, 0.1079),
    ("Reims", "51100", "51454", 49.2583, 4.0317),
    ("Brest", "29200", "29019", 48.3904, -4.4861),
    ("Aix-en-Provence", "13100", "13001", 43.5297, 5.4474),
    ("Arles", "13200", "13004", 43.6768, 4.6303),
    ("Villeurbanne", "69100", "69266", 45.7719, 4.8902),
    ("Montreuil", "93100", "93048", 48.8638, 2.4485),
    ("Cannes", "06400", "06029", 43.5528, 7.0174),
    ("Dunkerque", "59140", "59183", 51.0343, 2.3768),
    ("Roubaix", "59100", "59512", 50.6942, 3.1746),
    ("Saint-Malo", "35400", "35288", 48.6493, -2.0257),
    ("Bayonne", "64100", "64102", 43.4929, -1.4748),
    ("Biarritz", "64200", "64122", 43.4832, -1.5586),
    ("Calais", "62100", "62193", 50.9513, 1.8587),
    ("Boulogne-Billancourt", "92100", "92012", 48.8397, 2.2399),
    ("Argenteuil", "95100", "95018", 48.9472, 2.2467),
    ("Mulhouse", "68100", "68224", 47.7508, 7.3359),
    ("Saint-Nazaire", "44600", "44184", 47.2735, -2.2138),
    ("Lorient", "56100", "56121", 47.7483, -3.3700),
    ("Sète", "34200", "34301", 43.4028, 3.6928),
    ("Porto-Vecchio", "20137", "2A247", 41.5912, 9.2795),
    ("Corte", "20250", "2B096", 42.3063, 9.1497),
)

# Centres of the Paris arrondissements (1 to 20): latitude, longitude.
_PARIS_ARRONDISSEMENTS = (
    (48.8625, 2.3364), (48.8683, 2.3428), (48.8630, 2.3600), (48.8543, 2.3576), (48.8445, 2.3497),
    (48.8491, 2.3328), (48.8562, 2.3121), (48.8727, 2.3125), (48.8770, 2.3375), (48.8761, 2.3607),
    (48.8590, 2.3800), (48.8350, 2.4213), (48.8283, 2.3623), (48.8292, 2.3265), (48.8401, 2.2929),
    (48.8604, 2.2620), (48.8873, 2.3067), (48.8925, 2.3484), (48.8871, 2.3848), (48.8634, 2.4012),
)  # fmt: skip

_TOKEN = re.compile(r"[^\s'\u2019,;.\-]+")


def _tokens(text: str) -> list[tuple[str, int]]:
    """Words of ``text`` folded (lower case, no accents), with their start offset in ``text``."""
    tokens = []
    for match in _TOKEN.finditer(text):
        decomposed = unicodedata.normalize("NFKD", match.group(0))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        tokens.append((folded, match.start()))
    return tokens


def _fold(text: str) -> str:
    return " ".join(token for token, _ in _tokens(text))


_PREFECTURE_BY_DEPARTMENT = {row[0]: Place(*row[1:]) for row in _PREFECTURES}
_BY_POSTAL_CODE: dict[str, Place] = {}
_BY_NAME: dict[str, Place] = {}
for _place in [Place(*row[1:]) for row in _PREFECTURES] + [Place(*row) for row in _OTHER_CITIES]:
    _BY_POSTAL_CODE.setdefault(_place.postal_code, _place)
    _BY_NAME.setdefault(_fold(_place.city), _place)
# Longest names first: at the same position "saint denis" wins over a shorter name.
_KNOWN_NAMES = sorted((name.split() for name in _BY_NAME), key=len, reverse=True)

_POSTAL_CODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def _offset(seed: str, spread: float) -> tuple[float, float]:
    """A deterministic (latitude, longitude) shift within ±spread degrees."""
    digest = hashlib.sha256(seed.encode()).digest()
    return (
        (int.from_bytes(digest[:4], "big") / 0xFFFFFFFF * 2 - 1) * spread,
        (int.from_bytes(digest[4:8], "big") / 0xFFFFFFFF * 2 - 1) * spread,
    )


def department_of(postal_code: str) -> str | None:
    """The département of a postal code (2A/2B for Corsica, 3 digits overseas), or None if none exists."""
    if not re.fullmatch(r"\d{5}", postal_code):
        return None
    if postal_code.startswith(("97", "98")):
        department = postal_code[:3]
    elif postal_code.startswith("20"):
        department = "2A" if int(postal_code) < 20200 else "2B"
    else:
        department = postal_code[:2]
    return department if department in _PREFECTURE_BY_DEPARTMENT else None


def _place_for_postal_code(postal_code: str, town: str = "") -> tuple[Place, float]:
    """The place of a postal code and the confidence of that guess."""
    if postal_code in _BY_POSTAL_CODE:
        return _BY_POSTAL_CODE[postal_code], 1.0
    if re.fullmatch(r"750(0[1-9]|1\d|20)|75116", postal_code):
        number = 16 if postal_code == "75116" else int(postal_code[3:])
        latitude, longitude = _PARIS_ARRONDISSEMENTS[number - 1]
        return Place("Paris", postal_code, f"751{number:02d}", latitude, longitude), 1.0
    if re.fullmatch(r"6900[1-9]", postal_code):
        lyon = _BY_NAME["lyon"]
        return Place("Lyon", postal_code, f"6938{postal_code[-1]}", lyon.latitude, lyon.longitude), 1.0
    if re.fullmatch(r"130(0[1-9]|1[0-6])", postal_code):
        marseille = _BY_NAME["marseille"]
        code = f"132{postal_code[-2:]}"
        return Place("Marseille", postal_code, code, marseille.latitude, marseille.longitude), 1.0
    department = department_of(postal_code)
    if department is None:
        raise AddressNotFound(f"No place has the postal code {postal_code} (fake geocoder).")
    prefecture = _PREFECTURE_BY_DEPARTMENT[department]
    # Another town of the département: near its prefecture, at a spot derived from the postal code.
    d_lat, d_lon = _offset(postal_code, 0.12)
    if town and _fold(town) != _fold(prefecture.city):
        place = Place(town, postal_code, "", prefecture.latitude + d_lat, prefecture.longitude + d_lon)
    else:
        place = Place(prefecture.city, postal_code, prefecture.citycode, prefecture.latitude, prefecture.longitude)
    return place, 0.6


def _find_city_name(text: str) -> tuple[Place, int] | None:
    """The known city named last in ``text`` (city names end addresses), and where its name starts."""
    tokens = _tokens(text)
    words = [token for token, _ in tokens]
    for index in range(len(words) - 1, -1, -1):
        for name in _KNOWN_NAMES:
            if words[index : index + len(name)] == name:
                return _BY_NAME[" ".join(name)], tokens[index][1]
    return None


def _check_reserved(query: str) -> None:
    words = set(_fold(query).split())
    if _UNAVAILABLE_WORD in words:
        raise GeocodingUnavailable("The geocoder is unavailable (fake).")
    if _NOT_FOUND_WORD in words:
        raise AddressNotFound(f"No place matches {query!r} (fake geocoder).")


class FakeGeocodingClient:
    """Deterministic stand-in for ``HttpGeocodingClient``; same interface, same errors, no network."""

    is_fake = True

    def geocode(self, address: str, postal_code: str | None = None) -> GeocodedAddress:
        query = clean_query(address)
        _check_reserved(query)
        postal_code = clean_postal_code(postal_code)
        in_text = _POSTAL_CODE.search(query)
        if postal_code is None and in_text:
            postal_code = in_text.group(1)
        if postal_code is not None:
            street, town = query, ""
            if in_text:
                street, town = query[: in_text.start()], query[in_text.end() :]
            place, confidence = _place_for_postal_code(postal_code, town.strip(" ,;-"))
        else:
            found = _find_city_name(query)
            if found is None:
                raise AddressNotFound(f"No place matches {query!r} (fake geocoder).")
            place, start = found
            confidence = 1.0
            street = query[:start]
        street = self._strip_city(street.strip(" ,;-"), place.city)
        if not street:
            return self._municipality(place, confidence)
        d_lat, d_lon = _offset(_fold(street) + "|" + place.postal_code, 0.008)
        score = round((0.87 + _offset(street, 0.09)[0]) * confidence, 4)
        return GeocodedAddress(
            label=f"{street} {place.postal_code} {place.city}",
            street=street,
            postal_code=place.postal_code,
            city=place.city,
            citycode=place.citycode,
            latitude=round(place.latitude + d_lat, 6),
            longitude=round(place.longitude + d_lon, 6),
            score=score,
        )

    def search_municipality(self, query: str) -> GeocodedAddress:
        query = clean_query(query)
        _check_reserved(query)
        if re.fullmatch(r"\d{5}", query):
            place, confidence = _place_for_postal_code(query)
            return self._municipality(place, confidence)
        folded = _fold(query)
        place = _BY_NAME.get(folded)
        if place is None:
            found = _find_city_name(query)
            if found is None:
                raise AddressNotFound(f"No municipality matches {query!r} (fake geocoder).")
            place = found[0]
        return self._municipality(place, 1.0)

    @staticmethod
    def _strip_city(street: str, city: str) -> str:
        """Drop a trailing city name typed after the street ("12 rue X, Paris" → "12 rue X")."""
        tokens, city_words = _tokens(street), _fold(city).split()
        if city_words and len(tokens) > len(city_words):
            tail = tokens[-len(city_words) :]
            if [token for token, _ in tail] == city_words:
                street = street[: tail[0][1]]
        return " ".join(street.split()).strip(" ,;-")

    @staticmethod
    def _municipality(place: Place, confidence: float) -> GeocodedAddress:
        return GeocodedAddress(
            label=place.city,
            street="",
            postal_code=place.postal_code,
            city=place.city,
            citycode=place.citycode,
            latitude=place.latitude,
            longitude=place.longitude,
            score=round(0.95 * confidence, 4),
        )
