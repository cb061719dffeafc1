"""The floor: a bare Flask app served like Treffpunkt (same gunicorn settings, same load client), so the hot paths'
server CPU per request can be read as a ratio to what Flask itself costs on this machine, in this run.

`/` answers a trivial page; `/row/<id>` reads one row by primary key through Flask-SQLAlchemy (the ORM session,
as Treffpunkt reads), from the database in BENCH_FLOOR_DATABASE.
"""

import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROWS = 1000


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class FloorItem(db.Model):
    __tablename__ = "bench_floor_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BENCH_FLOOR_DATABASE"]
    db.init_app(app)

    @app.get("/")
    def hello():
        return "Hallo"

    @app.get("/row/<int:item_id>")
    def row(item_id: int):
        item = db.session.get(FloorItem, item_id)
        return item.name if item else ("", 404)

    return app


def fill(database: str) -> None:
    """The table with ROWS rows (set-up, before the server starts)."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database
    db.init_app(app)
    with app.app_context():
        FloorItem.__table__.drop(db.engine, checkfirst=True)
        FloorItem.__table__.create(db.engine)
        db.session.execute(insert(FloorItem), [{"id": n, "name": f"Zeile {n}"} for n in range(1, ROWS + 1)])
        db.session.commit()
        assert db.session.scalar(select(FloorItem.name).where(FloorItem.id == 1)) == "Zeile 1"
        db.engine.dispose()
