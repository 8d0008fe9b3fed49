"""Benchmarks on scale data: `make bench` (SQLite) or DATABASE_URL=postgres://… make bench.

Builds a database of its own (a SQLite file in var/, or the given DATABASE_URL, which it
empties), fills it with generate_scale_data, and prints one line per measurement: what,
how many rows, seconds, rows per second and SQL queries. Numbers, not pass/fail: the
tests check behaviour and query bounds; this script measures speed on this machine.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SITE_URL", "http://testserver")  # links in what the pages render
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")


def measure(label, rows, function):
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        # Counted, not logged: Django's query log formats every parameter of every bulk
        # insert, which would cost more than some of the work measured.
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    rate = f"{rows / seconds:>10,.0f} rows/s" if rows else " " * 17
    print(f"{label:<48} {rows:>8,} rows {seconds:>8.2f} s {rate} {queries:>6} queries")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--partners", type=int, default=1800)
    parser.add_argument("--agreements", type=int, default=4000)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    options = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///") and not options.keep:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    if not options.keep:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        measure(
            "generate_scale_data",
            options.applications,
            lambda: call_command(
                "generate_scale_data",
                partners=options.partners,
                agreements=options.agreements,
                applications=options.applications,
                stdout=open(os.devnull, "w"),  # noqa: SIM115
            ),
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    setup_test_environment()

    from scripts.benchmarks import BENCHMARKS

    for benchmark in BENCHMARKS:
        benchmark(measure)


if __name__ == "__main__":
    main()
