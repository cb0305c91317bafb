"""Benchmark of the beneficiaries' catalogue search (and of the pro offers list).

Generates N offers (default 1,000,000) over 50,000 venues, with their stocks, in a dedicated database, then times
200 varied searches through ``passculture.offers.search.search_catalogue`` (text, place, category, sorts; warm
cache) next to a trivial primary-key query, and prints ONE JSON line of figures. ``--pro-list`` prints a second
line: the first page of the pro offers list for a structure holding 10,000 offers (server time, query count).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres uv run python bench/catalogue.py [--offers 100000]
    uv run python bench/catalogue.py --sqlite --offers 100000

The server of DATABASE_URL is used, never its database: the bench creates (and reuses) ``passculture_bench``.
SQLite is refused unless ``--sqlite`` (file ``var/bench/catalogue-<N>.sqlite3``). Data is generated once per size
and reused by the next runs (``--regenerate`` to start over). See bench/README.md.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "passculture_bench"
PRO_LIST_OFFERS = 10_000

# Where venues are: (city, latitude, longitude, weight ~ share of cultural venues), plus 15 % scattered.
CITIES = [
    ("Paris", 48.8566, 2.3522, 12), ("Lyon", 45.7640, 4.8357, 3), ("Marseille", 43.2965, 5.3698, 3),
    ("Toulouse", 43.6047, 1.4442, 2), ("Lille", 50.6292, 3.0573, 2), ("Bordeaux", 44.8378, -0.5792, 2),
    ("Nice", 43.7031, 7.2661, 1.5), ("Nantes", 47.2184, -1.5536, 1.5), ("Strasbourg", 48.5734, 7.7521, 1.3),
    ("Montpellier", 43.6108, 3.8767, 1.2), ("Rennes", 48.1173, -1.6778, 1.1), ("Grenoble", 45.1885, 5.7245, 1),
    ("Rouen", 49.4432, 1.0999, 0.9), ("Toulon", 43.1242, 5.9280, 0.9), ("Saint-Étienne", 45.4397, 4.3872, 0.7),
    ("Tours", 47.3941, 0.6848, 0.7), ("Clermont-Ferrand", 45.7772, 3.0870, 0.7), ("Dijon", 47.3220, 5.0415, 0.6),
    ("Angers", 47.4784, -0.5632, 0.6), ("Nancy", 48.6921, 6.1844, 0.6), ("Metz", 49.1193, 6.1757, 0.6),
    ("Orléans", 47.9030, 1.9093, 0.6), ("Reims", 49.2583, 4.0317, 0.5), ("Le Havre", 49.4944, 0.1079, 0.5),
    ("Brest", 48.3904, -4.4861, 0.5), ("Le Mans", 48.0061, 0.1996, 0.5), ("Caen", 49.1829, -0.3707, 0.5),
    ("Limoges", 45.8336, 1.2611, 0.5), ("Amiens", 49.8941, 2.2958, 0.5), ("Perpignan", 42.6887, 2.8948, 0.5),
    ("Avignon", 43.9493, 4.8055, 0.5), ("Besançon", 47.2378, 6.0241, 0.4), ("Pau", 43.2951, -0.3708, 0.4),
    ("Poitiers", 46.5802, 0.3404, 0.4), ("Nîmes", 43.8367, 4.3601, 0.4), ("Mulhouse", 47.7508, 7.3359, 0.4),
    ("Bayonne", 43.4929, -1.4748, 0.4), ("La Rochelle", 46.1603, -1.1511, 0.3), ("Annecy", 45.8992, 6.1294, 0.3),
    ("Ajaccio", 41.9192, 8.7386, 0.2), ("Saint-Denis", -20.8821, 55.4507, 0.5),
    ("Fort-de-France", 14.6161, -61.0588, 0.3), ("Pointe-à-Pitre", 16.2411, -61.5331, 0.3),
    ("Cayenne", 4.9372, -52.3260, 0.15),
]  # fmt: skip
OVERSEAS = {"Saint-Denis": ("974", "Indian/Reunion"), "Fort-de-France": ("972", "America/Martinique"),
            "Pointe-à-Pitre": ("971", "America/Guadeloupe"), "Cayenne": ("973", "America/Cayenne")}  # fmt: skip

# (subcategory, share of offers, is_event, digital & national)
SUBCATEGORIES = [
    ("LIVRE_PAPIER", 38, False, False), ("SUPPORT_PHYSIQUE_MUSIQUE_CD", 6, False, False),
    ("SEANCE_CINE", 12, True, False), ("CONCERT", 9, True, False), ("SPECTACLE_REPRESENTATION", 8, True, False),
    ("VISITE", 4, True, False), ("ATELIER_PRATIQUE_ART", 4, True, False), ("CONFERENCE", 3, True, False),
    ("FESTIVAL_MUSIQUE", 2, True, False), ("ACHAT_INSTRUMENT", 2, False, False),
    ("MATERIEL_ART_CREATIF", 2, False, False),
    ("JEU_SUPPORT_PHYSIQUE", 3, False, False), ("CARTE_CINE_MULTISEANCES", 1, False, False),
    ("LIVRE_NUMERIQUE", 3, False, True), ("ABO_PRESSE_EN_LIGNE", 1, False, True),
    ("ABO_PLATEFORME_MUSIQUE", 1, False, True), ("ABO_PLATEFORME_VIDEO", 1, False, True),
]  # fmt: skip


def _words(text: str) -> list[str]:
    return text.split()


COMMON_WORDS = _words(
    "amour nuit jour monde histoire secret vie temps ville mer maison coeur guerre enfant roi reine ombre lumière "
    "voyage rêve musique chant danse théâtre cinéma film livre roman poème conte légende mémoire silence feu terre "
    "ciel étoile soleil lune hiver été printemps automne jardin forêt montagne rivière île chemin route porte "
    "fenêtre miroir portrait peinture couleur noir blanc rouge bleu vert rose or argent fer pierre verre papier "
    "festival concert spectacle opéra ballet cirque jazz rock rap électro classique baroque symphonie orchestre "
    "quatuor trio piano violon guitare batterie voix chorale atelier initiation stage cours découverte visite "
    "exposition musée patrimoine château abbaye cathédrale archéologie science nature animaux dinosaures espace "
    "planètes robots manga bande dessinée fantastique policier aventure humour comédie drame tragédie jeunesse "
    "famille amis fête carnaval marionnettes magie illusion photographie sculpture architecture design mode "
    "cuisine voyageur retour départ dernier premier grand petit nouveau ancien jeune vieux libre sauvage "
    "perdu secret caché invisible éternel fragile immense"
)
DESCRIPTION_WORDS = _words(
    "un une des le la les du de pour avec dans sur entre vers après avant pendant depuis autour spectacle "
    "découvrez venez profitez rencontre soirée matinée séance durée places tarif accès public tout âge partir "
    "ans famille adolescents jeunes artistes auteur autrice compagnie troupe création inédite tournée première "
    "dernière reprise succès critique prix récompensé festival saison programme œuvre oeuvre récit intrigue "
    "personnages héros héroïne destin quête mystère enquête émotion rire larmes frissons poésie musique voix "
    "scène salle plein air jardin médiathèque librairie cinéma théâtre musée galerie atelier initiation "
    "pratique matériel fourni réservation conseillée accessible personnes mobilité réduite"
)
FIRST_NAMES = _words(
    "Camille Léa Manon Chloé Inès Jade Louise Alice Lina Emma Hugo Lucas Louis Gabriel Arthur Jules Adam Nathan "
    "Léo Raphaël Sacha Nora Yasmine Zoé Rose Anna Mila Paul Victor Malo Ethan Noah Amir Ibrahim Mamadou Fatou "
    "Aïcha Sofia Maëlle Elsa"
)
_CONSONANTS, _VOWELS = "bcdfglmnprstvz", "aeiouéy"


def _syllables(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(count))


def _vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    """Title words (common words first, then a long tail of invented ones) and family names."""
    rare = sorted({_syllables(rng, rng.randint(2, 4)) for _ in range(30_000)})
    rng.shuffle(rare)
    surnames = sorted({_syllables(rng, rng.randint(2, 3)).capitalize() for _ in range(8_000)})
    rng.shuffle(surnames)
    return COMMON_WORDS + rare, surnames


def _skewed(rng: random.Random, items: list, power: float = 2.0):
    """A Zipf-like pick: the first items are much more frequent than the last ones."""
    return items[int(len(items) * rng.random() ** power)]


def _ean(n: int) -> str:
    body = f"978{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=1_000_000)
    parser.add_argument("--venues", type=int, help="default: one venue for 20 offers (50,000 for 1,000,000)")
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--sqlite", action="store_true", help="allow SQLite (a file under var/bench/)")
    parser.add_argument("--regenerate", action="store_true", help="drop the generated data and start over")
    parser.add_argument("--pro-list", action="store_true", help="also time the pro offers list (second JSON line)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--verbose", action="store_true", help="progress and per-search timings on stderr")
    args = parser.parse_args()
    args.venues = args.venues or max(1, args.offers // 20)
    return args


def _configure_database(args: argparse.Namespace) -> str:
    """Point DATABASE_URL at the dedicated bench database (created on the server when missing)."""
    url = os.environ.get("DATABASE_URL", "")
    if args.sqlite:
        path = ROOT / "var" / "bench" / f"catalogue-{args.offers}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        return "sqlite"
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL=postgresql://… (the bench uses its own database on that server), or pass --sqlite.")
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    return "postgresql"


def _log(args, *message) -> None:
    if args.verbose:
        print(*message, file=sys.stderr, flush=True)


# --- Data --------------------------------------------------------------------------------------------------------


class Generator:
    """Rows of offerers, venues, offers and stocks, as tuples in the column order of ``columns``."""

    def __init__(self, args, now: datetime.datetime) -> None:
        self.rng = random.Random(args.seed)
        self.now = now
        self.n_offers, self.n_venues = args.offers, args.venues
        self.words, self.surnames = _vocabulary(self.rng)
        self.n_offerers = max(1, self.n_venues // 5)
        self.n_digital = max(1, self.n_offerers // 10)  # structures with a digital venue
        self.subcategories = [s[0] for s in SUBCATEGORIES]
        self.weights = [s[1] for s in SUBCATEGORIES]
        self.is_event = {s[0]: s[2] for s in SUBCATEGORIES}
        self.is_digital = {s[0]: s[3] for s in SUBCATEGORIES}
        self.city_weights = [c[3] for c in CITIES]

    def offerers(self):
        for i in range(1, self.n_offerers + 1):
            status = "VALIDATED" if i == 1 or self.rng.random() < 0.95 else "PENDING"
            yield {"id": i, "siren": f"{i:09d}", "name": f"Structure {i}", "status": status, "created_at": self.now}

    VENUE_KINDS = ["Librairie", "Cinéma", "Théâtre", "Salle", "Musée", "Médiathèque", "Le", "La", "Atelier", "Espace"]

    def venues(self):
        """Physical venues 1..n_venues (the first offerer's 5 hold the pro-list structure), then digital ones."""
        for i in range(1, self.n_venues + 1):
            offerer_id = (i - 1) // 5 + 1
            if self.rng.random() < 0.85:
                city, lat, lng, _ = self.rng.choices(CITIES, self.city_weights)[0]
                spread = 0.09 if city == "Paris" else 0.05
                lat, lng = self.rng.gauss(lat, spread), self.rng.gauss(lng, spread * 1.4)
            else:
                city, lat, lng = "Commune rurale", self.rng.uniform(43.0, 50.5), self.rng.uniform(-4.3, 7.5)
            department, tz = OVERSEAS.get(city, (f"{self.rng.randint(1, 95):02d}", "Europe/Paris"))
            public_name = f"{self.rng.choice(self.VENUE_KINDS)} {_skewed(self.rng, self.words, 1.5).capitalize()}"
            yield {
                "id": i, "offerer_id": offerer_id, "name": f"SARL {public_name}", "public_name": public_name,
                "siret": f"{i:014d}", "street": "1 rue Haute", "postal_code": f"{department[:2]}000", "city": city,
                "department_code": department, "timezone": tz, "latitude": round(lat, 5), "longitude": round(lng, 5),
                "created_at": self.now, "updated_at": self.now,
            }  # fmt: skip
        for j in range(self.n_digital):
            yield {
                "id": self.n_venues + 1 + j, "offerer_id": j * 10 + 1, "name": "Offre numérique", "is_virtual": True,
                "siret": None, "venue_type": "DIGITAL", "created_at": self.now, "updated_at": self.now,
            }  # fmt: skip

    def offers_and_stocks(self):
        """Yields ("offer", row) and ("stock", row). The first 10,000 offers belong to structure 1 (pro list)."""
        rng, words, now = self.rng, self.words, self.now
        stock_id = 0
        day = datetime.timedelta(days=1)
        for i in range(1, self.n_offers + 1):
            sub = rng.choices(self.subcategories, self.weights)[0]
            digital = self.is_digital[sub]
            if i <= min(PRO_LIST_OFFERS, self.n_offers // 10):
                venue_id = rng.randint(1, min(5, self.n_venues))
                sub, digital = ("LIVRE_PAPIER", False) if digital else (sub, digital)
            elif digital:
                venue_id = self.n_venues + 1 + rng.randrange(self.n_digital)
            else:
                venue_id = rng.randint(1, self.n_venues)
            event = self.is_event[sub]
            title = " ".join(_skewed(rng, words) for _ in range(rng.randint(2, 4)))
            name = title[0].upper() + title[1:]
            description = " ".join(
                _skewed(rng, DESCRIPTION_WORDS, 1.3) if rng.random() < 0.7 else _skewed(rng, words)
                for _ in range(rng.randint(8, 30))
            )
            person = f"{rng.choice(FIRST_NAMES)} {_skewed(rng, self.surnames, 1.5)}"
            if sub == "LIVRE_PAPIER":
                extra = {"ean": _ean(i), "author": person}
            elif sub in ("CONCERT", "FESTIVAL_MUSIQUE", "SUPPORT_PHYSIQUE_MUSIQUE_CD"):
                extra = {"performer": person, "music_type": "JAZZ"}
            elif sub == "SPECTACLE_REPRESENTATION":
                extra = {"stage_director": person, "show_type": "THEATRE"}
            else:
                extra = {}
            r = rng.random()
            validation = "APPROVED" if r < 0.92 else "PENDING" if r < 0.95 else "REJECTED" if r < 0.98 else "DRAFT"
            national = digital or (sub == "CARTE_CINE_MULTISEANCES" and rng.random() < 0.5)
            created = now - day * rng.uniform(0, 365)
            yield "offer", {
                "id": i, "venue_id": venue_id, "subcategory_id": sub, "name": name[:90], "description": description,
                "extra_data": extra, "url": f"https://example.net/o/{i}" if digital else "",
                "is_duo": event and rng.random() < 0.5, "is_national": national, "is_active": rng.random() < 0.95,
                "validation": validation, "created_at": created, "updated_at": created,
            }  # fmt: skip
            for _ in range(rng.choice([1, 1, 2, 3, 5]) if event else 1):
                stock_id += 1
                price = 0 if rng.random() < 0.12 else rng.choice([300, 500, 700, 990, 1200, 1500, 2000, 2500, 4000])
                quantity = None if rng.random() < 0.4 else rng.randint(1, 200)
                booked = 0 if quantity is None else (quantity if rng.random() < 0.08 else rng.randint(0, quantity))
                if event:
                    beginning = now + day * rng.uniform(-60, 120)  # a third already past
                    limit = beginning - datetime.timedelta(hours=rng.choice([0, 1, 24]))
                else:
                    beginning, limit = None, (now + day * rng.uniform(-30, 200) if rng.random() < 0.1 else None)
                deleted = rng.random() < 0.03
                yield "stock", {
                    "id": stock_id, "offer_id": i, "price_cents": price, "quantity": quantity,
                    "booked_quantity": booked, "beginning_datetime": beginning, "booking_limit_datetime": limit,
                    "is_soft_deleted": deleted, "created_at": now, "updated_at": now,
                }  # fmt: skip


class Table:
    """A model's table: its columns, and rows (dicts) completed with the model's defaults."""

    def __init__(self, model) -> None:
        self.name = model._meta.db_table
        self.fields = model._meta.concrete_fields
        self.columns = [field.column for field in self.fields]

    def row(self, values: dict) -> tuple:
        row = []
        for field in self.fields:
            value = values[field.attname] if field.attname in values else field.get_default()
            if field.get_internal_type() == "JSONField":
                value = json.dumps(value)
            row.append(value)
        return tuple(row)


def _tables():
    from passculture.offerers.models import Offerer, Venue
    from passculture.offers.models import Offer, Stock

    return Table(Offerer), Table(Venue), Table(Offer), Table(Stock)


def _existing_counts() -> tuple[int, int]:
    from passculture.offerers.models import Venue
    from passculture.offers.models import Offer

    return Offer.objects.count(), Venue.objects.filter(is_virtual=False).count()


def _load_postgresql(args, generator: Generator) -> None:
    from django.db import connection

    tables = ["offers_stock", "offers_offer", "offerers_venue", "offerers_offerer"]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        # Indexes are built once after the load (much faster than maintained row by row).
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET session_replication_role = replica")  # no FK triggers during COPY (bench database)
        raw = cursor.cursor
        offerers, venues, offers, stocks = _tables()

        def copy_rows(table: Table, rows) -> None:
            with raw.copy(f"COPY {table.name} ({', '.join(table.columns)}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(table.row(values))

        copy_rows(offerers, generator.offerers())
        copy_rows(venues, generator.venues())
        started = time.perf_counter()
        pending_stocks = []

        def offer_rows():
            for kind, values in generator.offers_and_stocks():
                if kind == "stock":
                    pending_stocks.append(values)
                    continue
                if values["id"] % 100_000 == 0:
                    _log(args, f"{values['id']} offers ({time.perf_counter() - started:.0f} s)")
                yield values

        copy_rows(offers, offer_rows())
        copy_rows(stocks, pending_stocks)
        _log(args, f"copied {len(pending_stocks)} stocks ({time.perf_counter() - started:.0f} s)")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, definition in indexes:
            cursor.execute(definition)
            _log(args, f"index {name} ({time.perf_counter() - started:.0f} s)")
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        cursor.execute("VACUUM ANALYZE")


def _load_sqlite(args, generator: Generator) -> None:
    from django.db import connection, transaction

    def insert(cursor, table: Table, rows) -> None:
        sql = f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({', '.join(['%s'] * len(table.columns))})"
        batch = []
        for values in rows:
            batch.append(table.row(values))
            if len(batch) == 10_000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)

    offerers, venues, offers, stocks = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in [stocks, offers, venues, offerers]:
            cursor.execute(f"DELETE FROM {table.name}")
        insert(cursor, offerers, generator.offerers())
        insert(cursor, venues, generator.venues())
        pending_stocks = []

        def offer_rows():
            for kind, values in generator.offers_and_stocks():
                if kind == "stock":
                    pending_stocks.append(values)
                else:
                    yield values

        insert(cursor, offers, offer_rows())
        insert(cursor, stocks, pending_stocks)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Measures ----------------------------------------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _searches(args, rng: random.Random) -> list[tuple[str, dict]]:
    """The varied workload: what people type (titles, authors, EANs, common words), where, and which filters."""
    from passculture.offers.models import Offer

    ids = [rng.randint(min(PRO_LIST_OFFERS, args.offers // 10) + 1, args.offers) for _ in range(2_000)]
    sample = list(Offer.objects.filter(pk__in=ids, validation="APPROVED").values_list("name", "extra_data"))
    titles = [name for name, _ in sample]
    people = [extra.get("author") or extra.get("performer") for _, extra in sample]
    people = [p for p in people if p]
    eans = [extra["ean"] for _, extra in sample if "ean" in extra]
    categories = ["LIVRE", "CINEMA", "MUSIQUE_LIVE", "SPECTACLE", "MUSEE", "PRATIQUE_ART", "MUSIQUE_ENREGISTREE"]
    weights = [c[3] for c in CITIES]

    def place(radius=None):
        _, lat, lng, _ = rng.choices(CITIES, weights)[0]
        spot = {"latitude": lat + rng.uniform(-0.03, 0.03), "longitude": lng + rng.uniform(-0.03, 0.03)}
        return {**spot, "radius_km": radius or rng.choice([5, 10, 20, 20, 20, 50])}

    def title_words(count):
        words = rng.choice(titles).split()
        start = rng.randrange(max(1, len(words) - count + 1))
        return " ".join(words[start : start + count])

    def common_word():
        return rng.choice(COMMON_WORDS[:120])

    shapes = [
        (30, "title word", lambda: {"text": title_words(1)}),
        (20, "title words", lambda: {"text": title_words(2)}),
        (15, "author or performer", lambda: {"text": rng.choice(people)}),
        (10, "ean", lambda: {"text": rng.choice(eans)}),
        (10, "common word", lambda: {"text": common_word()}),
        (30, "text + place", lambda: {"text": rng.choice([title_words(1), common_word()]), **place()}),
        (20, "text + category", lambda: {"text": common_word(), "category_id": rng.choice(categories)}),
        (
            15,
            "text + place + category",
            lambda: {"text": common_word(), "category_id": rng.choice(categories), **place()},
        ),
        (
            25,
            "place + category",
            lambda: {"category_id": rng.choice(categories), **place(), "sort": rng.choice(["relevance", "distance"])},
        ),
        (
            10,
            "place + category, by date or price",
            lambda: {"category_id": rng.choice(categories), **place(10), "sort": rng.choice(["date", "price"])},
        ),
        (10, "place only", lambda: {**place(), "sort": "distance"}),
        (5, "browse", lambda: {"sort": rng.choice(["relevance", "date"])}),
    ]
    total = sum(count for count, _, _ in shapes)
    workload = []
    for count, label, make in shapes:
        for _ in range(round(count * args.searches / total)):
            workload.append((label, make()))
    rng.shuffle(workload)
    return workload


def _time_searches(args, workload) -> tuple[list[float], dict[str, list[float]]]:
    from passculture.offers.search import search_catalogue

    for _, kwargs in workload[:30]:  # warm the caches and the connection
        search_catalogue(**kwargs)
    timings, by_shape = [], {}
    for label, kwargs in workload:
        started = time.perf_counter()
        page = search_catalogue(**kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        by_shape.setdefault(label, []).append(elapsed)
        _log(args, f"{elapsed:8.1f} ms  {page.total:>5}{'+' if page.total_is_capped else ' '} {label}: {kwargs}")
    return timings, by_shape


def _time_pk_query(rng: random.Random, n_offers: int) -> float:
    from passculture.offers.models import Offer

    timings = []
    for _ in range(230):
        pk = rng.randint(1, n_offers)
        started = time.perf_counter()
        Offer.objects.filter(pk=pk).values_list("id", "name").first()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings[30:])


def _pro_list(db: str) -> dict:
    """First page of the pro offers list of structure 1 (10,000 offers): selector and whole page."""
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from passculture.accounts.models import User
    from passculture.offerers.models import Membership, MembershipStatus, Offerer
    from passculture.offers.models import Offer
    from passculture.offers.selectors import pro_offer_list

    offerer = Offerer.objects.get(pk=1)
    user, _ = User.objects.get_or_create(
        email="bench-pro@example.net", defaults={"first_name": "Bench", "last_name": "Pro", "is_active": True}
    )
    if hasattr(user, "email_verified_at") and not user.email_verified_at:
        user.email_verified_at = datetime.datetime.now(datetime.UTC)
        user.save()
    Membership.objects.get_or_create(user=user, offerer=offerer, defaults={"status": MembershipStatus.VALIDATED})
    offers = Offer.objects.filter(venue__offerer=offerer).count()

    def first_page():
        page = Paginator(pro_offer_list(user), 20).get_page(1)
        return list(page.object_list)

    first_page()
    timings = []
    for _ in range(20):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            first_page()
            timings.append((time.perf_counter() - started) * 1000)
    result = {
        "pro_list_offers": offers,
        "selector_first_page_ms": round(statistics.median(timings), 1),
        "selector_queries": len(queries.captured_queries),
        "db": db,
    }
    try:
        url = reverse("pro:offers")
    except NoReverseMatch:
        return result
    client = Client()
    client.force_login(user)
    client.get(url)
    timings = []
    for _ in range(10):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    result.update(
        page_status=response.status_code,
        page_ms=round(statistics.median(timings), 1),
        page_queries=len(queries.captured_queries),
    )
    return result


def main() -> None:
    args = _parse_args()
    db = _configure_database(args)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    offers, venues = _existing_counts()
    if args.regenerate or (offers, venues) != (args.offers, args.venues):
        _log(args, f"generating {args.offers} offers over {args.venues} venues ({db})")
        started = time.perf_counter()
        generator = Generator(args, datetime.datetime.now(datetime.UTC))
        (_load_postgresql if db == "postgresql" else _load_sqlite)(args, generator)
        _log(args, f"generated in {time.perf_counter() - started:.0f} s")
    rng = random.Random(args.seed + 1)
    workload = _searches(args, rng)
    timings, by_shape = _time_searches(args, workload)
    pk_ms = _time_pk_query(rng, args.offers)
    from passculture.offers.models import Stock

    p95 = _percentile(timings, 0.95)
    figures = {
        "offers": args.offers,
        "venues": args.venues,
        "stocks": Stock.objects.count(),
        "searches": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(timings), 1),
        "pk_query_ms": round(pk_ms, 3),
        "ratio_p95_to_pk": round(p95 / pk_ms, 1),
        "db": db,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "by_shape_p50_p95_ms": {
            label: [round(statistics.median(values), 1), round(_percentile(values, 0.95), 1)]
            for label, values in sorted(by_shape.items())
        },
    }
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    if args.pro_list:
        print(json.dumps(_pro_list(db), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
