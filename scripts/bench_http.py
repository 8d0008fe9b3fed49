"""HTTP benchmark: the product's pages against a hello-world Django view, under gunicorn.

    python scripts/bench_http.py            (make bench runs it after scripts/bench.py)

For each of two sizes, the demo (load_demo) and the scale data (load_demo, then
generate_scale_data's 1,800 partners, 4,000 agreements and 100,000 applications), it
fills a PostgreSQL database of its own (BENCH_DATABASE_URL, emptied first), starts the
product under gunicorn (2 sync workers, DEBUG off, the cache in Redis when
BENCH_REDIS_URL answers) beside scripts/bench_hello.py under the same gunicorn, and
drives each page with wrk on loopback (1 thread, 4 connections, after a one-second
warm-up), or with a small Python load generator when wrk is not installed. Public pages
are measured with the page cache on and off (PAGE_CACHE), the staff pages with a staff
member's session.

It prints one table: requests a second, p50 and p99 latency, each figure's share of the
hello view's requests a second in the same run and of the same page at demo size; the
targets of issue 16 with "met" or "NOT met"; the web workers' resident memory after each
run; and the size of each page's HTML. Numbers, not pass/fail: nothing here is a test.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/twinning_bench_http"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
PRODUCT_PORT = 8701
HELLO_PORT = 8702
HOST = "127.0.0.1"

# (label, path or a key the database fills in, cached by the page cache, staff only)
PAGES = [
    ("home /en/", "/en/", True, False),
    ("partner directory", "/en/partners/", True, False),
    ("partner profile", "{partner}", True, False),
    ("agreements table", "/en/agreements/", True, False),
    ("agreement page", "{agreement}", True, False),
    ("visit rules", "/en/visits/rules/", True, False),
    ("open data JSON", "/open-data/relationships.json", False, False),
    ("visit form GET", "/en/visits/apply/", False, False),
    ("admin dashboard", "/admin/", False, True),
    ("admin applications list", "/admin/visits/visitapplication/", False, True),
    ("admin partners list", "/admin/cities/partner/", False, True),
    ("admin agreements list", "/admin/agreements/agreement/", False, True),
]
SIZES = ["demo", "scale"]
# The pages issue 16 sets targets for, with the cache on (target 1).
CACHED_TARGET_PAGES = {
    "home /en/",
    "partner directory",
    "partner profile",
    "agreements table",
    "agreement page",
    "visit rules",
    "open data JSON",
}


def product_environment(*, page_cache=True):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="benchmark-only-not-secret",
        SITE_URL=f"http://{HOST}",
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        DATABASE_URL=DATABASE_URL,
        CONN_MAX_AGE="60",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        MEDIA_ROOT=str(ROOT / "var" / "bench-media"),
        LOG_LEVEL="WARNING",
        PAGE_CACHE="1" if page_cache else "0",
    )
    if redis_answers():
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def redis_answers():
    match = re.match(r"redis://([^:/]+):(\d+)", REDIS_URL)
    if not match:
        return False
    try:
        with socket.create_connection((match[1], int(match[2])), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def manage(*args, env, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout


def empty_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


SETUP_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from agreements.models import Agreement
from cities.models import Partner
from office import pagecache
user, _ = get_user_model().objects.get_or_create(
    username="bench", defaults={"is_staff": True, "is_superuser": True}
)
client = Client()
client.force_login(user)
partner = Partner.objects.in_directory().order_by("pk").first()
agreement = Agreement.objects.published().order_by("pk").first()
pagecache.bump()
with translation.override("en"):
    print(json.dumps({
        "session": client.cookies["sessionid"].value,
        "partner": partner.get_absolute_url(),
        "agreement": agreement.get_absolute_url(),
    }))
"""


def fill(size, *, scale):
    env = product_environment()
    print(f"[{size}] filling {DATABASE_URL} ...", file=sys.stderr, flush=True)
    empty_database()
    manage("migrate", "--no-input", env=env)
    manage("load_demo", env=env)
    if size == "scale":
        manage(
            "generate_scale_data",
            f"--partners={scale[0]}",
            f"--agreements={scale[1]}",
            f"--applications={scale[2]}",
            env=env,
        )
    # Applications open, so the visit form is the form and not its "not open" page.
    manage(
        "shell",
        "-c",
        "from visits.models import VisitRules; r = VisitRules.current(); "
        "r.notification_email = r.notification_email or 'bench@city.example'; r.save()",
        env=env,
    )
    output = manage("shell", "-c", SETUP_SCRIPT, env=env, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def start(app, port, env):
    process = subprocess.Popen(
        [
            GUNICORN,
            "--workers=2",
            "--worker-class=sync",
            f"--bind={HOST}:{port}",
            "--timeout=120",
            "--log-level=warning",
            app,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        stop(process)
        raise SystemExit(f"gunicorn for {app} did not start on port {port}")
    return process


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def worker_rss(process):
    """Resident memory (MB) of each worker: the master's children."""
    sizes = []
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024)
    return sizes


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


# --- Load generators ---

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url, seconds, cookie):
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    subprocess.run(
        ["wrk", "-t1", "-c4", "-d1s", *headers, url], check=True, stdout=subprocess.DEVNULL
    )
    output = subprocess.run(
        ["wrk", "-t1", "-c4", f"-d{seconds}s", "--latency", *headers, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * WRK_UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(errors[1]) if errors else 0,
    }


def run_python(url, seconds, cookie):
    """Four keep-alive connections in threads, as wrk -c4 would hold."""
    path = url.split(f"{HOST}:", 1)[1].split("/", 1)[1]
    port = int(url.split(f"{HOST}:", 1)[1].split("/", 1)[0])
    headers = {"Cookie": cookie} if cookie else {}
    latencies, errors = [], [0]

    def client(until, record):
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        while time.monotonic() < until:
            started = time.perf_counter()
            connection.request("GET", "/" + path, headers=headers)
            response = connection.getresponse()
            response.read()
            if record:
                latencies.append((time.perf_counter() - started) * 1000)
                errors[0] += response.status >= 400
        connection.close()

    for record, duration in ((False, 1), (True, seconds)):
        until = time.monotonic() + duration
        threads = [threading.Thread(target=client, args=(until, record)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors[0],
    }


# --- The run ---


def measure_size(size, options, results, sizes, memory):
    urls = fill(size, scale=(options.partners, options.agreements, options.applications))
    cookie = f"sessionid={urls['session']}"
    load = run_wrk if shutil.which("wrk") and not options.python_load else run_python
    hello = start(
        "scripts.bench_hello:application",
        HELLO_PORT,
        {**os.environ, "DJANGO_SETTINGS_MODULE": "scripts.bench_hello"},
    )
    try:
        results[(size, "hello")] = load(f"http://{HOST}:{HELLO_PORT}/", options.seconds, None)
        for page_cache in (True, False):
            mode = "cache on" if page_cache else "cache off"
            print(f"[{size}] {mode} ...", file=sys.stderr, flush=True)
            product = start("config.wsgi", PRODUCT_PORT, product_environment(page_cache=page_cache))
            try:
                for label, path, _cached, staff in PAGES:
                    if page_cache and (staff or label == "visit form GET"):
                        continue  # never cached: measured once, with the cache off
                    url = f"http://{HOST}:{PRODUCT_PORT}{path.format(**urls)}"
                    status, body = fetch(url, cookie if staff else None)
                    assert status == 200, (url, status)
                    sizes[(size, label)] = len(body)
                    results[(size, mode, label)] = load(
                        url, options.seconds, cookie if staff else None
                    )
                memory[(size, mode)] = worker_rss(product)
            finally:
                stop(product)
        results[(size, "hello after")] = load(f"http://{HOST}:{HELLO_PORT}/", options.seconds, None)
    finally:
        stop(hello)


def share(value, of):
    return f"{value / of:6.1%}" if of else "   -  "


def report(results, sizes, memory):
    hello = {size: results[(size, "hello")]["rps"] for size in SIZES}
    hello_p99 = {size: results[(size, "hello")]["p99"] for size in SIZES}
    print()
    print("Requests/s, share of the hello view in the same run, p50/p99 in ms; scale/demo: the")
    print("same page's req/s at scale size over demo size.")
    print()
    header = f"{'page':<26}"
    for size in SIZES:
        header += f" | {size + ' req/s':>11} {'/hello':>6} {'p50':>6} {'p99':>7}"
    header += f" | {'scale/demo':>10}"
    for mode in ("hello", "cache on", "cache off"):
        print(f"--- {mode} ---")
        print(header)
        if mode == "hello":
            for key in ("hello", "hello after"):
                line = f"{key:<26}"
                for size in SIZES:
                    r = results[(size, key)]
                    line += f" | {r['rps']:>11,.0f} {share(r['rps'], hello[size])}"
                    line += f" {r['p50']:>6.1f} {r['p99']:>7.1f}"
                print(line)
            continue
        for label, _path, _cached, _staff in PAGES:
            if (SIZES[0], mode, label) not in results:
                continue
            line = f"{label:<26}"
            for size in SIZES:
                r = results[(size, mode, label)]
                mark = "!" if r["errors"] else " "
                line += f" | {r['rps']:>10,.1f}{mark} {share(r['rps'], hello[size])}"
                line += f" {r['p50']:>6.1f} {r['p99']:>7.1f}"
            demo, scale = (results[(size, mode, label)]["rps"] for size in SIZES)
            line += f" | {share(scale, demo):>10}"
            print(line)
    print()
    print("Targets (issue 16):")
    verdicts = []
    for label in sorted(CACHED_TARGET_PAGES):
        for size in SIZES:
            r = results[(size, "cache on", label)]
            ok = r["rps"] >= 0.45 * hello[size] and r["p99"] <= 3 * hello_p99[size]
            verdicts.append((f"1. cache on, {label}, {size}: >=45% of hello, p99 <=3x", ok))
    for label, _path, _cached, staff in PAGES:
        if not staff:
            demo, scale = (results[(size, "cache off", label)]["rps"] for size in SIZES)
            verdicts.append((f"2. cache off, {label}: scale >=50% of demo", scale >= 0.5 * demo))
    for size in SIZES:
        rps = results[(size, "cache off", "visit form GET")]["rps"]
        verdicts.append((f"2. visit form GET, {size}: >=10% of hello", rps >= 0.1 * hello[size]))
    for label, _path, _cached, staff in PAGES:
        if staff:
            demo, scale = (results[(size, "cache off", label)]["rps"] for size in SIZES)
            verdicts.append((f"3. {label}: scale >=70% of demo", scale >= 0.7 * demo))
    scale_directory = sizes[("scale", "partner directory")]
    verdicts.append(("4. directory HTML at scale < 300 kB", scale_directory < 300_000))
    for text, ok in verdicts:
        print(f"  {'met    ' if ok else 'NOT met'}  {text}")
    print()
    print("Web workers' resident memory after each run (MB):")
    for (size, mode), values in memory.items():
        print(f"  {size:<6} {mode:<10} " + ", ".join(f"{v:.0f}" for v in values))
    print()
    print(f"{'HTML size (bytes)':<26} | " + " | ".join(f"{size:>9}" for size in SIZES))
    for label, *_rest in PAGES:
        print(f"{label:<26} | " + " | ".join(f"{sizes[(size, label)]:>9,}" for size in SIZES))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="load per page (default 5)")
    parser.add_argument("--partners", type=int, default=1800)
    parser.add_argument("--agreements", type=int, default=4000)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--python-load", action="store_true", help="never use wrk")
    options = parser.parse_args()

    started = time.monotonic()
    manage("collectstatic", "--no-input", env=product_environment())
    results, sizes, memory = {}, {}, {}
    for size in SIZES:
        measure_size(size, options, results, sizes, memory)
    load = "wrk" if shutil.which("wrk") and not options.python_load else "Python load generator"
    cache = "Redis" if redis_answers() else "local memory"
    print(f"\nLoad: {load}, 1 thread, 4 connections, {options.seconds} s a page; cache: {cache}.")
    report(results, sizes, memory)
    print(f"\n{time.monotonic() - started:.0f} s in all")


if __name__ == "__main__":
    main()
