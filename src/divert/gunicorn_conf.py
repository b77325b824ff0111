"""gunicorn settings for `divert serve` (and `gunicorn -c python:divert.gunicorn_conf divert.wsgi`).

Every value can be overridden from the environment: DIVERT_BIND, DIVERT_WORKERS, DIVERT_THREADS, DIVERT_TIMEOUT.
"""

import os


def cpu_count() -> int:
    """CPUs this process may run on (respects taskset/cgroup affinity, unlike os.cpu_count())."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def default_workers(cpus: int) -> int:
    """CPUs + 1 sync worker processes (ADR 0055). Divert's pages spend their time on the CPU, in Python and in the
    database, not waiting; more workers than CPUs only take turns, each slower. Measured with benchmarks/load.py
    (50 users, 2 CPUs, PostgreSQL on the same machine): 2 workers 79 requests/s, 3 workers 80, 4 workers 72 and
    gunicorn's starting point of (2 x CPUs) + 1 = 5 workers 53, at 18-19 ms of server CPU a request with 2-3
    workers against 29 ms with 5. Raise DIVERT_WORKERS when the database has a machine of its own."""
    return cpus + 1


bind = os.environ.get("DIVERT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DIVERT_WORKERS", default_workers(cpu_count())))
# Sync workers (one request at a time each) behind the buffering proxy, as gunicorn's documentation advises: a
# free worker takes the next connection, so requests spread evenly. Threaded workers keep a client's keep-alive
# connection on the worker that accepted it, and under load some users queue behind a busy worker (50 users: p95
# 11.3 s with 2 threads against 5.6 s sync, same throughput; ADR 0039). DIVERT_THREADS=2 or more selects gthread.
threads = int(os.environ.get("DIVERT_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Load Divert once in the master and fork warm workers (ADR 0055): the imports of every page cost about 3 CPU
# seconds a worker, paid again at each recycle (max_requests) without it. Nothing connects to the database while
# loading, so no connection is shared across the fork. DIVERT_PRELOAD=0 loads in each worker instead.
preload_app = os.environ.get("DIVERT_PRELOAD", "1") == "1"
timeout = int(os.environ.get("DIVERT_TIMEOUT", "120"))  # PDF exports and the missing pack take seconds
graceful_timeout = 30
max_requests = 2000  # recycle workers so a slow leak never grows without bound
max_requests_jitter = 200
accesslog = "-" if os.environ.get("DIVERT_ACCESS_LOG", "0") == "1" else None  # paths carry ids only
forwarded_allow_ips = os.environ.get("DIVERT_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "divert"


def post_worker_init(worker) -> None:
    """No server banner: gunicorn names itself in a Server header; send a neutral name instead."""
    import gunicorn.http.wsgi

    gunicorn.http.wsgi.SERVER = "Divert"
