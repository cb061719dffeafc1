"""gunicorn settings of the tested production set-up (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py`.

tests/core/test_two_servers.py starts its two servers with this file (only the address and the worker count given on
the command line), so what is documented is what is tested.
"""

import os

wsgi_app = "app:create_app()"
# Behind the TLS proxy on the same machine; a second app machine binds its private address for the load balancer.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two to four per core; every worker holds its own database pool (SQLAlchemy: 5 + 10 overflow connections).
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Threads let a worker wait on the database for one request while serving another (the booking race tests use them).
worker_class = "gthread"
threads = 4
timeout = 60  # PDF exports of a large program take seconds; a worker stuck longer than this is restarted
graceful_timeout = 20  # a restart lets running requests finish
keepalive = 5  # the proxy keeps connections to us open between requests
max_requests = 2000  # restart a worker now and then, so memory a request left behind is given back
max_requests_jitter = 200  # ... but not all workers at the same moment
worker_tmp_dir = "/dev/shm"  # the workers' heartbeat files: memory, not a disk that may stall
control_socket_disable = True  # gunicorn 27's control socket is not used; several servers on a machine need none

# The app writes one line per request with its X-Request-ID (logger "treffpunkt.requests"); gunicorn's access log
# would repeat it without the id. Everything goes to stderr: journald keeps it.
accesslog = None
logconfig_dict = {
    "root": {"level": "WARNING", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "treffpunkt": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
    },
}
