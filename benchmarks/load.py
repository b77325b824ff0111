"""Load test: N signed-in users against the production server on loopback for T seconds.

    # `make force-city` builds a force-size demo city in its own database (divert_load) with the demo accounts, then:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/divert_load uv run python benchmarks/load.py --users 50 --seconds 60

The script starts `divert serve` (gunicorn, production settings, workers sized to the machine) on a free port of
127.0.0.1, signs in the users - CiCPO, MFH coordinator, analyst and provider manager demo accounts in turn - and
each user requests the pages their role uses, one after another with no pause: the daily list, a child's page
(children the user may see), the missing compliance list and the review queue. Prints requests, errors, and the
p50/p95/p99 latency per page, and the requests per second. `--url` targets a server already running instead.

The production settings stay as they are (secure cookies, HSTS, SSL redirect): the client says it came through a
TLS proxy (`X-Forwarded-Proto: https`, which the settings trust, as behind the proxy of docs/runbooks/deploy.md)
and keeps its cookies itself. Loopback only: the script refuses any other host. Prints figures, never personal
data.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ["cicpo", "mfh-coordinator", "analyst", "provider-manager"]
PAGES = {  # page -> path (the child page's pk is chosen per request)
    "daily list": "/incidents/daily/",
    "child page": "/registers/children/{pk}/",
    "compliance list": "/missing/compliance/",
    "review queue": "/matching/review/",
}
TIMEOUT = 30.0
# `divert demo accounts` (divert.ops.actions: DEMO_USERNAME_PREFIX, DEMO_PASSWORD); not imported, so that the
# client needs no Django settings.
DEMO_USERNAME_PREFIX = "demo-"
DEMO_PASSWORD = "divert-demo"


class Client:
    """One signed-in user: a keep-alive connection and its own cookies (secure cookies included, as a browser
    behind TLS would send them)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, dict]:
        origin = f"https://{self.host}:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Host": f"{self.host}:{self.port}", "Referer": origin + path,
                   "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                content = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
                if attempt == 2:
                    raise
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return resp.status, content, dict(resp.getheaders())

    def sign_in(self, username: str, password: str) -> None:
        status, page, _ = self.request("GET", "/sign-in/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise SystemExit(f"sign-in page: HTTP {status}")
        status, _, headers = self.request("POST", "/sign-in/", {
            "csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password})
        if status != 302:
            raise SystemExit(f"sign-in of {username}: HTTP {status} (run `divert demo accounts` on this database)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int | None) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "divert.settings.production",
           "DIVERT_SECRET_KEY": os.environ.get("DIVERT_SECRET_KEY", secrets.token_urlsafe(50)),
           "DIVERT_ALLOWED_HOSTS": "127.0.0.1", "DIVERT_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}"}
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://... (a database of your own with a demo city loaded)")
    subprocess.run([sys.executable, "-m", "divert.cli", "collectstatic", "--no-input", "-v0"], env=env, check=True,
                   cwd=ROOT)
    argv = [sys.executable, "-m", "divert.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        argv += ["--workers", str(workers)]
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start in 120 s")


def pages_for(client: Client) -> tuple[list[str], list[int]]:
    """The pages this user's role may open (HTTP 200), and children it may see (from the API, as a page would)."""
    allowed = [name for name, path in PAGES.items() if "{pk}" not in path and client.request("GET", path)[0] == 200]
    status, body, _ = client.request("GET", "/api/v1/children?limit=200")
    children = [int(pk) for pk in re.findall(rb'"id":\s*(\d+)', body)] if status == 200 else []
    if children:
        allowed.append("child page")
    return allowed, children


def server_cpu(proc: subprocess.Popen | None) -> float | None:
    """CPU seconds (user + system) used so far by the server this script started and its workers (None when
    --url points at a server of its own). Worker processes that have exited are counted by their parent."""
    if proc is None:
        return None
    import psutil

    try:
        root = psutil.Process(proc.pid)
        total = 0.0
        for p in [root, *root.children(recursive=True)]:
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        return total
    except psutil.Error:
        return None


def database_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL backends connected to this test's database (DATABASE_URL), on this
    machine (None if none can be read): the database shares the CPUs with the web server, so its share belongs in
    the cost of a request. Backends of other databases (other work on the machine) are not counted."""
    import psutil

    name = urllib.parse.urlparse(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    total, seen = 0.0, False
    for p in psutil.process_iter(["name", "cmdline"]):
        try:
            title = " ".join(p.info["cmdline"] or [])
            if name and title.startswith("postgres:") and f" {name} " in f"{title} ":
                t = p.cpu_times()
                total, seen = total + t.user + t.system, True
        except psutil.Error:
            continue
    return total if seen else None


def speed_probe() -> float:
    """Milliseconds of CPU a fixed piece of pure Python takes here and now. Virtual machines' CPUs change speed with
    their neighbours' work (on the 2-CPU machine of ADR 0055 the same loop took 265-436 ms within a minute), so the
    figures of a run are read beside the probe taken just before and after it: lower is faster."""
    t0, total = time.process_time(), 0
    for i in range(2_000_000):
        total += i * i
    return 1000 * (time.process_time() - t0)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: divert serve's)")
    parser.add_argument("--url", default=None, help="a running server on loopback (http://127.0.0.1:PORT)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--password", default=DEMO_PASSWORD, help="the demo accounts' password (divert.ops.actions)")
    args = parser.parse_args()

    proc = None
    if args.url:
        parsed = urllib.parse.urlparse(args.url)
        if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("loopback only: --url must be http://127.0.0.1:PORT")
        host, port = "127.0.0.1", parsed.port or 80
    else:
        host, port = "127.0.0.1", free_port()
        proc = start_server(port, args.workers)
    try:
        run(args, host, port, DEMO_USERNAME_PREFIX, args.password, proc)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)


def run(args, host: str, port: int, prefix: str, password: str, proc: subprocess.Popen | None = None) -> None:
    rng = random.Random(args.seed)
    users = []
    for n in range(args.users):
        client = Client(host, port)
        client.sign_in(f"{prefix}{ROLES[n % len(ROLES)]}", password)
        allowed, children = pages_for(client)
        users.append((client, allowed, children, random.Random(rng.random())))
    print(f"{args.users} users signed in ({', '.join(ROLES)} in turn); pages per role:")
    for n, role in enumerate(ROLES[:args.users]):
        print(f"  {role}: {', '.join(users[n][1]) or '(none)'} ({len(users[n][2])} children visible)")
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds
    start_gate = threading.Barrier(len(users) + 1)

    def work(client: Client, allowed: list[str], children: list[int], r: random.Random) -> None:
        start_gate.wait()
        while allowed and time.monotonic() < stop:
            page = r.choice(allowed)
            path = PAGES[page].format(pk=r.choice(children) if children else 0)
            t0 = time.perf_counter()
            try:
                status = client.request("GET", path)[0]
            except (OSError, http.client.HTTPException):
                status = 0
            elapsed = time.perf_counter() - t0
            with lock:
                times[page].append(elapsed)
                if status != 200:
                    errors[page] += 1

    threads = [threading.Thread(target=work, args=u, daemon=True) for u in users]
    for t in threads:
        t.start()
    probe_before = speed_probe()
    cpu_before, db_before, client_before = server_cpu(proc), database_cpu(), time.process_time()
    began = time.monotonic()
    start_gate.wait()
    for t in threads:
        t.join(args.seconds + TIMEOUT + 10)
    wall = time.monotonic() - began
    cpu_after, db_after, client_after = server_cpu(proc), database_cpu(), time.process_time()
    load = os.getloadavg()
    probe_after = speed_probe()
    total = sum(len(v) for v in times.values())
    print(f"\n{args.users} users, {args.seconds:.0f} s, {total} requests ({total / wall:.1f}/s), "
          f"{sum(errors.values())} errors; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"on {os.cpu_count()} CPUs")
    if cpu_before is not None and cpu_after is not None and total:
        print(f"server CPU {cpu_after - cpu_before:.1f} s in all, {1000 * (cpu_after - cpu_before) / total:.0f} ms "
              f"a request (all pages together; less sensitive to other work on the machine than latency)")
    print(f"CPU speed probe {probe_before:.0f} ms before, {probe_after:.0f} ms after (the same work; lower is faster)")
    if db_before is not None and db_after is not None and total:
        print(f"database CPU {db_after - db_before:.1f} s ({1000 * (db_after - db_before) / total:.0f} ms a request); "
              f"this load client {client_after - client_before:.1f} s "
              f"({1000 * (client_after - client_before) / total:.0f} ms a request)")
    print(f"{'page':<18}{'requests':>9}{'errors':>8}{'p50 s':>8}{'p95 s':>8}{'p99 s':>8}{'max s':>8}")
    for page in PAGES:
        v = times.get(page, [])
        if not v:
            continue
        print(f"{page:<18}{len(v):>9}{errors.get(page, 0):>8}{statistics.median(v):>8.3f}"
              f"{percentile(v, 95):>8.3f}{percentile(v, 99):>8.3f}{max(v):>8.3f}")


if __name__ == "__main__":
    main()
