"""The cockpit's blueprints and job handlers, registered by the app factory (one line per capability)."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from cockpit.audit.views import bp as audit_bp
    from cockpit.badges.views import bp as badges_bp
    from cockpit.dashboard.views import bp as dashboard_bp
    from cockpit.messages.views import bp as messages_bp
    from cockpit.occupancy.views import bp as occupancy_bp
    from cockpit.series.views import bp as series_bp
    from cockpit.users.views import bp as users_bp

    blueprints = [users_bp, audit_bp, dashboard_bp, messages_bp, badges_bp, occupancy_bp]
    for blueprint in [*blueprints, series_bp]:
        app.register_blueprint(blueprint)


def register_jobs() -> None:
    """Each capability with long work registers its job kinds here (`core.jobs.job_handler`)."""
    from cockpit.badges import job as badges_job
    from cockpit.messages import jobs as messages_jobs

    messages_jobs.register()
    badges_job.register()
