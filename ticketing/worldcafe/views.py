"""Organizer pages of the World Café (roles admin and program): set-up with tables, the planner with rules,
plan computing, moving people, publishing, locking held rounds, re-planning, export and import."""

import json
from collections.abc import Mapping
from functools import partial

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.db import utcnow
from core.extensions import db
from core.security.guards import roles_required
from events.forms import ConfirmForm
from events.manage import get_child, get_event
from events.messages import save_form
from events.program.models import Contribution
from events.services import local_to_utc, utc_to_local
from ticketing.booking.forms import STAKEHOLDER_LABELS
from ticketing.models import TicketType
from ticketing.worldcafe import jobs, setup
from ticketing.worldcafe.errors import WorldCafeError, message_for
from ticketing.worldcafe.forms import ConstraintForm, ImportForm, LockForm, MoveForm, SetupForm, TableForm
from ticketing.worldcafe.models import CafeTable, WorldCafe
from ticketing.worldcafe.plan import constraints, plans
from ticketing.worldcafe.plan.grid import group_mix, planner
from ticketing.worldcafe.plan.problem import cafe_problem

bp = Blueprint("worldcafe", __name__, url_prefix="/manage/events/<int:event_id>/worldcafe")
ROLES = ("admin", "program")


def load(event_id: int, cafe_id: int) -> WorldCafe:
    return get_child(WorldCafe, cafe_id, get_event(event_id))


def texts(code: str) -> str:
    return message_for(code)


def fail(error: WorldCafeError) -> None:
    db.session.rollback()
    flash(str(error), "error")


@bp.get("")
@roles_required(*ROLES)
def index(event_id):
    event = get_event(event_id)
    cafes = setup.world_cafe_contributions(event)
    return render_template("worldcafe/index.html", event=event, cafes=cafes, action_form=ConfirmForm())


@bp.post("/new/<int:contribution_id>")
@roles_required(*ROLES)
def create(event_id, contribution_id):
    contribution = get_child(Contribution, contribution_id, get_event(event_id))
    try:
        cafe = setup.create_cafe(contribution, actor=current_user)
    except WorldCafeError as error:
        fail(error)
        return redirect(url_for(".index", event_id=event_id))
    db.session.commit()
    return redirect(url_for(".setup_page", event_id=event_id, cafe_id=cafe.id))


@bp.route("/<int:cafe_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def setup_page(event_id, cafe_id):
    cafe = load(event_id, cafe_id)
    event = cafe.event
    data = {"choice_deadline": utc_to_local(cafe.choice_deadline, event.timezone)}
    form = SetupForm(obj=cafe, data=data if request.method == "GET" else None)
    form.ticket_type_ids.choices = [SelectChoice(t.id, t.name) for t in event_ticket_types(event)]
    if form.validate_on_submit():
        deadline = form.choice_deadline.data
        save = partial(
            setup.save_setup,
            cafe,
            rounds=form.rounds.data,
            round_minutes=form.round_minutes.data,
            pause_minutes=form.pause_minutes.data,
            choice_deadline=local_to_utc(deadline, event.timezone) if deadline else None,
            participation=form.participation.data,
            ticket_type_ids=form.ticket_type_ids.data or [],
            actor=current_user,
        )
        if saved := save_form(form, save, done=url_for(".setup_page", event_id=event_id, cafe_id=cafe_id), texts=texts):
            return saved
    table_form = TableForm(formdata=None)
    return render_template("worldcafe/setup.html", cafe=cafe, event=event, form=form, table_form=table_form,
                           action_form=ConfirmForm())  # fmt: skip


def event_ticket_types(event) -> list[TicketType]:
    return db.session.scalars(
        db.select(TicketType).where(TicketType.event_id == event.id).order_by(TicketType.id)
    ).all()


@bp.route("/<int:cafe_id>/tables/new", methods=["GET", "POST"])
@bp.route("/<int:cafe_id>/tables/<int:table_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def table(event_id, cafe_id, table_id=None):
    cafe = load(event_id, cafe_id)
    existing = table_of(cafe, table_id) if table_id else None
    form = TableForm(obj=existing)
    if form.validate_on_submit():
        save = partial(
            setup.save_table,
            cafe,
            title=form.title.data,
            topic_key=form.topic_key.data,
            seats=form.seats.data,
            description=form.description.data or "",
            host_name=form.host_name.data or "",
            notes=form.notes.data or "",
            table=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=url_for(".setup_page", event_id=event_id, cafe_id=cafe_id), texts=texts):
            return saved
    return render_template("worldcafe/form_page.html", form=form, cafe=cafe, event=cafe.event, title=_("Table"))


def table_of(cafe: WorldCafe, table_id: int) -> CafeTable:
    table = db.session.get(CafeTable, table_id)
    if table is None or table.cafe_id != cafe.id:
        abort(404)
    return table


@bp.post("/<int:cafe_id>/tables/<int:table_id>/delete")
@roles_required(*ROLES)
def delete_table(event_id, cafe_id, table_id):
    cafe = load(event_id, cafe_id)
    table = table_of(cafe, table_id)
    if ConfirmForm().validate_on_submit():
        try:
            setup.delete_table(table, actor=current_user)
        except WorldCafeError as error:
            fail(error)
        else:
            db.session.commit()
            flash(_("The table was removed."), "success")
    return redirect(url_for(".setup_page", event_id=event_id, cafe_id=cafe_id))


@bp.get("/<int:cafe_id>/planner")
@roles_required(*ROLES)
def planner_page(event_id, cafe_id):
    cafe = load(event_id, cafe_id)
    view = planner(cafe)
    return render_template(
        "worldcafe/planner.html",
        cafe=cafe,
        event=cafe.event,
        view=view,
        job=jobs.current_job(cafe),
        groups=STAKEHOLDER_LABELS,
        group_mix=group_mix,
        constraint_form=constraint_form(cafe, view),
        move_form=move_form(cafe, view),
        lock_form=LockForm(formdata=None, count=cafe.locked_rounds),
        import_form=ImportForm(formdata=None),
        action_form=ConfirmForm(),
    )


def constraint_form(cafe: WorldCafe, view, formdata=None) -> ConstraintForm:
    form = ConstraintForm(formdata=formdata)
    form.ticket_ids.choices = [SelectChoice(t.id, f"{t.attendee_name} ({t.organization or '–'})") for t in view.people]
    form.round.choices = [SelectChoice("", "–")] + [SelectChoice(r, str(r)) for r in range(1, cafe.rounds + 1)]
    form.table_id.choices = [SelectChoice("", "–")] + [SelectChoice(t.id, t.title) for t in cafe.tables]
    return form


def move_form(cafe: WorldCafe, view) -> MoveForm:
    form = MoveForm(formdata=None)
    people = sorted(view.names.items(), key=lambda item: item[1])
    form.ticket_id.choices = [SelectChoice(i, name) for i, name in people]
    form.table_id.choices = [SelectChoice(t.id, f"{n}. {t.title}") for n, t in enumerate(cafe.tables, start=1)]
    return form


def back_to_planner(event_id: int, cafe_id: int, anchor: str = ""):
    return redirect(url_for(".planner_page", event_id=event_id, cafe_id=cafe_id) + anchor)


@bp.post("/<int:cafe_id>/constraints")
@roles_required(*ROLES)
def add_constraint(event_id, cafe_id):
    cafe = load(event_id, cafe_id)
    form = ConstraintForm()
    if not form.validate_on_submit() or not isinstance(form.ticket_ids.data, list):
        flash(_("Please choose a rule and the people it is about."), "error")
        return back_to_planner(event_id, cafe_id, "#constraints")
    try:
        constraints.add_constraint(
            cafe,
            form.kind.data,
            form.ticket_ids.data,
            round_number=form.round.data,
            table_id=form.table_id.data,
            note=form.note.data or "",
            actor=current_user,
        )
    except WorldCafeError as error:
        fail(error)
    else:
        db.session.commit()
        flash(_("The rule was added."), "success")
    return back_to_planner(event_id, cafe_id, "#constraints")


@bp.post("/<int:cafe_id>/constraints/<int:constraint_id>/delete")
@roles_required(*ROLES)
def delete_constraint(event_id, cafe_id, constraint_id):
    cafe = load(event_id, cafe_id)
    constraint = constraints.constraint_of(cafe, constraint_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        constraints.remove_constraint(constraint, actor=current_user)
        db.session.commit()
        flash(_("The rule was removed."), "success")
    return back_to_planner(event_id, cafe_id, "#constraints")


@bp.post("/<int:cafe_id>/<any(solve, replan):mode>")
@roles_required(*ROLES)
def solve(event_id, cafe_id, mode):
    """ "Plan berechnen" (everyone registered) or the re-plan on the day (who checked in): a job for the worker."""
    cafe = load(event_id, cafe_id)
    return one_button(
        cafe,
        lambda: jobs.start_solve(cafe, from_checkins=mode == "replan", user=current_user, now=utcnow()),
        _("The plan is being computed. This page shows the progress."),
    )


def one_button(cafe: WorldCafe, action, done: str):
    """A confirmed one-button POST: run `action`, commit and say `done`, or show why not; back to the planner."""
    if ConfirmForm().validate_on_submit():
        try:
            action()
        except WorldCafeError as error:
            fail(error)
        else:
            db.session.commit()
            flash(done, "success")
    return back_to_planner(cafe.event_id, cafe.id, "#plan")


@bp.post("/<int:cafe_id>/move")
@roles_required(*ROLES)
def move(event_id, cafe_id):
    """Move one person in one round of the draft: a form (keyboard, no script) or JSON from the grid's drag and drop."""
    cafe = load(event_id, cafe_id)
    wants_json = request.is_json
    values = request.get_json(silent=True) if wants_json else request.form
    if not isinstance(values, Mapping):
        values = {}  # a JSON document that is not an object names no move
    try:
        numbers = [int(values.get(key)) for key in ("round", "ticket_id", "table_id")] if values else []
    except (TypeError, ValueError):
        numbers = []
    if len(numbers) != 3:
        error = WorldCafeError("ticket_unknown")
    else:
        try:
            assessment = plans.move_seat(cafe, *numbers, actor=current_user)
        except WorldCafeError as caught:
            error = caught
        else:
            db.session.commit()
            return moved(event_id, cafe_id, assessment, wants_json)
    db.session.rollback()
    if wants_json:
        return jsonify(error=error.code, message=str(error)), 400
    flash(str(error), "error")
    return back_to_planner(event_id, cafe_id, "#plan")


def moved(event_id, cafe_id, assessment, wants_json):
    if wants_json:
        html = render_template("worldcafe/_figures.html", assessment=assessment)
        return jsonify(figures=assessment.figures, violations=assessment.violations, html=html)
    flash(_("Moved."), "success")
    return back_to_planner(event_id, cafe_id, "#plan")


@bp.post("/<int:cafe_id>/publish")
@roles_required(*ROLES)
def publish(event_id, cafe_id):
    cafe = load(event_id, cafe_id)
    return one_button(
        cafe,
        lambda: plans.publish(cafe, now=utcnow(), actor=current_user),
        _("The plan is published; every participant gets their tables by email."),
    )


@bp.post("/<int:cafe_id>/lock")
@roles_required(*ROLES)
def lock(event_id, cafe_id):
    cafe = load(event_id, cafe_id)
    form = LockForm()
    if not form.validate_on_submit():
        flash(message_for("locked_out_of_range"), "error")
        return back_to_planner(event_id, cafe_id, "#day")
    try:
        plans.lock_rounds(cafe, form.count.data, actor=current_user)
    except WorldCafeError as error:
        fail(error)
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return back_to_planner(event_id, cafe_id, "#day")


@bp.get("/<int:cafe_id>/problem.json")
@roles_required(*ROLES)
def export_problem(event_id, cafe_id):
    cafe = load(event_id, cafe_id)
    body = json.dumps(cafe_problem(cafe), ensure_ascii=False, indent=1)
    disposition = f'attachment; filename="worldcafe-{cafe.id}-problem.json"'
    return body, 200, {"Content-Type": "application/json; charset=utf-8", "Content-Disposition": disposition}


@bp.post("/<int:cafe_id>/import")
@roles_required(*ROLES)
def import_plan(event_id, cafe_id):
    cafe = load(event_id, cafe_id)
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Please choose a file."), "error")
        return back_to_planner(event_id, cafe_id, "#files")
    try:
        data = read_json(form.file.data)
        plans.import_plan(cafe, data, actor=current_user)
    except WorldCafeError as error:
        fail(error)
    else:
        db.session.commit()
        flash(_("The plan was imported as the draft."), "success")
    return back_to_planner(event_id, cafe_id, "#files")


def read_json(upload) -> dict:
    """An uploaded JSON file as data. :raises WorldCafeError: when it is not JSON"""
    try:
        data = json.loads(upload.read(2 * 1024 * 1024).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise WorldCafeError("file_invalid") from None
    if not isinstance(data, dict):
        raise WorldCafeError("file_invalid")
    return data
