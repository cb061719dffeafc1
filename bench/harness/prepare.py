"""`python -m bench.harness.prepare INSTANCE_DIR`: migrate the bench database and fill it with the demo.

bench.harness.server runs this in a subprocess with the server's environment, so it reaches the same database gunicorn
will. It calls the code behind `flask db upgrade` and `flask demo seed` rather than the commands themselves, because
`flask demo seed` writes the organizer password into the app's fixed instance folder (the developer's own
instance/), and a benchmark must not overwrite that; `seed_demo` takes the folder as an argument.
"""

import sys
from pathlib import Path

from flask_migrate import upgrade

from app import create_app
from core.db import utcnow
from core.extensions import db
from demo.events import seed_demo

LOGIN_FILE = "bench-login.txt"


def prepare(instance_dir: str) -> None:
    """Bring the schema to the newest migration and seed the demo; the organizer login lands in `instance_dir`."""
    app = create_app({"MIGRATIONS_ENABLED": True})
    with app.app_context():
        upgrade()
        admin, password, _created = seed_demo(utcnow(), instance_dir)
        email = admin.email  # read before the commit expires the object
        db.session.commit()
        db.engine.dispose()
    # Email and password together, so benchmarks that log in need not import the app to learn the email.
    (Path(instance_dir) / LOGIN_FILE).write_text(f"{email}\n{password}\n")


if __name__ == "__main__":
    prepare(sys.argv[1])
