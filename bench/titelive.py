"""Benchmark of the Titelive catalogue import: a daily file of N lines into the products.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres uv run python bench/titelive.py [--lines 1000000]

In its own database ``passculture_bench_titelive`` (dropped and recreated): migrations, then a ``Quotidien<DD>.tit``
file of ``--lines`` lines in Titelive's format (ISO-8859-1, ``~``-separated, 46 elements; one line in 20 a school
book, one in 50 not a book) written in a temporary directory (setup, not timed). Timed: ``passculture sync
--provider titelive`` as the scheduler runs it (``DirectoryTiteliveSource`` on that directory): lines/s, and the
ratio to a raw ``COPY`` of the same file's lines (the raw text of each field) into a bare table, in the same run.
Then, to split the import's time: its CPU time in this process (the rest is waiting for PostgreSQL), and two loops
over the same file: the per-line Python floor (read, decode and split each line, nothing else) and the connector's
parser alone.

Prints ONE JSON line.
"""

import argparse
import datetime
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

DATABASE = "passculture_bench_titelive"


def ean(number: int) -> str:
    body = f"978{number:09d}"
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(body))
    return body + str(-total % 10)


def log(*message) -> None:
    print(*message, file=sys.stderr, flush=True)


def configure_database() -> None:
    import psycopg

    url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgresql://… (the bench uses its own database on that server).")
    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{DATABASE}"))


def line(n: int) -> str:
    fields = [""] * 45
    fields[0], fields[1], fields[2], fields[3] = ean(n), "", f"Titre du livre {n}", f"Titre du livre {n}"
    fields[4] = "2701" if n % 20 == 0 else "1100"  # one in 20: a school book (rayon)
    fields[5], fields[6], fields[9] = "1", "Collection", f"{8 + n % 20},{n % 100:02d}"
    fields[10], fields[11], fields[12] = "ÉDITIONS DU BANC", "SODIS", "02/04/2007"
    fields[13] = "CA" if n % 50 == 0 else "P"  # one in 50: a calendar, not a book
    fields[21], fields[23], fields[25], fields[26] = "0", f"Auteur {n % 997}", "03/12/2026 22:41:07", "5,50"
    fields[27], fields[31], fields[39] = "Littérature", "Résumé", "0"
    return "~".join(fields) + "~\n"


def write_file(directory: Path, lines: int) -> Path:
    today = datetime.date.today()
    path = directory / f"Quotidien{today.day:02d}.tit"
    with path.open("w", encoding="iso-8859-1", newline="") as stream:
        for n in range(lines):
            stream.write(line(n))
    return path


def raw_copy(path: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE IF NOT EXISTS bench_raw_titelive (ean text, title text, csr text, price text, "
            "publisher text, support text, authors text, vat text)"
        )
        cursor.execute("TRUNCATE bench_raw_titelive")
        started = time.perf_counter()
        with (
            path.open(encoding="iso-8859-1") as stream,
            cursor.cursor.copy("COPY bench_raw_titelive FROM STDIN") as copy,
        ):
            for text in stream:
                f = text.split("~")
                copy.write_row((f[0], f[2], f[4], f[9], f[10], f[13], f[23], f[26]))
        return time.perf_counter() - started


def python_floors(path: Path) -> tuple[float, float]:
    """Seconds to read, decode and split every line (the floor of any per-line Python), then to parse the file."""
    from passculture.connectors.titelive.parsing import SEPARATOR, decoded_lines, parse_file

    started = time.perf_counter()
    with path.open("rb") as stream:
        for text in decoded_lines(stream):
            text.split(SEPARATOR)
    split_s = time.perf_counter() - started
    started = time.perf_counter()
    with path.open("rb") as stream:
        for _ in parse_file(stream):
            pass
    return split_s, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    configure_database()
    directory = Path(tempfile.mkdtemp(prefix="titelive-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")
    os.environ["TITELIVE_BACKEND"] = "passculture.connectors.titelive.source.DirectoryTiteliveSource"
    os.environ["TITELIVE_FILES_DIR"] = str(directory)
    import django

    django.setup()
    from django.core.management import call_command

    from passculture.offers.models import Product

    log("migrating…")
    call_command("migrate", verbosity=0)
    log(f"writing {args.lines} lines…")
    path = write_file(directory, args.lines)
    log("importing…")
    started, cpu_started = time.perf_counter(), time.process_time()
    call_command("sync", provider="titelive", verbosity=0)
    import_s, import_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    products = Product.objects.count()
    assert products == args.lines, products
    raw_s = raw_copy(path)
    split_s, parse_s = python_floors(path)
    print(
        json.dumps(
            {
                "bench": "titelive",
                "lines": args.lines,
                "import_s": round(import_s, 2),
                "lines_per_s": round(args.lines / import_s),
                "raw_copy_s": round(raw_s, 2),
                "import_vs_raw_copy": round(import_s / raw_s, 1),
                "import_cpu_s": round(import_cpu_s, 2),
                "split_only_s": round(split_s, 2),
                "parse_only_s": round(parse_s, 2),
                "ineligible": Product.objects.filter(is_eligible=False).count(),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "load_average": round(os.getloadavg()[0], 1),
            }
        )
    )
    path.unlink()
    directory.rmdir()


if __name__ == "__main__":
    main()
