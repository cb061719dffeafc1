"""The cockpit's blueprints and job handlers, registered by the app factory (one line per capability)."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    blueprints = []
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_jobs() -> None:
    """Each capability with long work registers its job kinds here (`core.jobs.job_handler`)."""
