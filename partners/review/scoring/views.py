"""Organizer pages of the review by several reviewers (roles admin and program): the ranked overview with bulk
assignment and decisions, the reviewer's own queue, and the reviewers and scores of one contribution."""

from functools import partial

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.models import User
from core.security.guards import roles_required
from events.manage import get_child, get_event
from events.program.models import Contribution
from partners.models import Organization
from partners.review.scoring import bulk, pages, reviews
from partners.review.scoring import ranking as ranked
from partners.review.scoring.forms import BulkAssignForm, BulkDecisionForm, RankingFilterForm, ReviewersForm, ScoreForm
from partners.review.views import render_contribution
from partners.rules import PartnerError, attach_error, message_for, save_form
from partners.work_forms import FORMAT_NAMES, STATE_NAMES

bp = Blueprint("partners_scoring", __name__, url_prefix="/manage/events/<int:event_id>/partners")
ROLES = ("admin", "program")
FORM_NAMES = {"assign": "assign_form", "decide": "decision_form"}


@bp.get("/reviews")
@roles_required(*ROLES)
def ranking(event_id):
    return render_ranking(get_event(event_id))


@bp.post("/reviews/decide")
@roles_required(*ROLES)
def decide(event_id):
    event = get_event(event_id)
    form = BulkDecisionForm()
    if not form.validate_on_submit():
        return render_ranking(event, decision_form=form)
    act = partial(bulk.decide_many, event, form.selected.data, form.decision.data, form.message.data or "")
    return run_bulk(event, form, act, actor=current_user, kind="decide")


@bp.post("/reviews/assign")
@roles_required(*ROLES)
def assign(event_id):
    event = get_event(event_id)
    form = bulk_assign_form()
    if not form.validate_on_submit():
        return render_ranking(event, assign_form=form)
    chosen = users(form.reviewers.data)
    act = partial(bulk.assign_many, event, form.selected.data, chosen, now=utcnow())
    return run_bulk(event, form, act, actor=current_user, kind="assign")


@bp.get("/reviews/mine")
@roles_required(*ROLES)
def mine(event_id):
    event = get_event(event_id)
    items = reviews.queue(event, current_user)
    return render_template(
        "partners/review/my_reviews.html", event=event, items=items, format_names=FORMAT_NAMES, state_names=STATE_NAMES
    )


@bp.post("/contributions/<int:contribution_id>/reviewers")
@roles_required(*ROLES)
def reviewers(event_id, contribution_id):
    event, item, org = contribution_of(event_id, contribution_id)
    form = ReviewersForm()
    form.reviewers.choices = pages.reviewer_choices()
    if form.validate_on_submit():
        act = partial(reviews.set_reviewers, item, users(form.reviewers.data), actor=current_user, now=utcnow())
        done = url_for("partners_manage.contribution", event_id=event.id, contribution_id=item.id)
        if saved := save_form(form, act, done=done, message=_("The reviewers were saved.")):
            return saved
    return render_contribution(event, item, org, reviewers_form=form)


@bp.post("/contributions/<int:contribution_id>/score")
@roles_required(*ROLES)
def score(event_id, contribution_id):
    event, item, org = contribution_of(event_id, contribution_id)
    form = ScoreForm()
    if form.validate_on_submit():
        act = partial(reviews.score, item, current_user, form.score.data, form.comment.data or "", now=utcnow())
        done = url_for("partners_scoring.mine", event_id=event.id)
        if saved := save_form(form, act, done=done, message=_("Your review was saved.")):
            return saved
    return render_contribution(event, item, org, score_form=form)


def run_bulk(event, form, act, *, actor, kind: str):
    """Run a bulk action in one transaction and show what happened to each contribution."""
    try:
        outcomes = act(actor=actor)
    except PartnerError as error:
        db.session.rollback()
        attach_error(form, error)
        return render_ranking(event, **{FORM_NAMES[kind]: form})
    db.session.commit()
    return render_template(
        "partners/review/bulk_result.html",
        event=event,
        kind=kind,
        outcomes=outcomes,
        done=[o for o in outcomes if o.done],
        refused=[o for o in outcomes if not o.done],
        reason=message_for,
    )


def render_ranking(event, **forms):
    filters = RankingFilterForm(formdata=request.args)
    filters.validate()
    valid = {name: ("" if field.errors else field.data or "") for name, field in filters._fields.items()}
    decision_form = forms.get("decision_form") or BulkDecisionForm(formdata=None)
    assign_form = forms.get("assign_form") or bulk_assign_form(formdata=None)
    assign_form.reviewers.choices = pages.reviewer_choices()
    posted = forms.get("decision_form") or forms.get("assign_form")
    return render_template(
        "partners/review/ranking.html",
        event=event,
        filters=filters,
        filter_args={k: v for k, v in valid.items() if v},
        rows=ranked.ranking(event, state=valid["state"], fmt=valid["format"]),
        decision_form=decision_form,
        assign_form=assign_form,
        selected=set(posted.selected.data or []) if posted else set(),
        decimal=pages.decimal,
        format_names=FORMAT_NAMES,
        state_names=STATE_NAMES,
    )


def bulk_assign_form(**kwargs) -> BulkAssignForm:
    form = BulkAssignForm(**kwargs)
    form.reviewers.choices = pages.reviewer_choices()
    return form


def users(ids: list[int]) -> list[User]:
    """The users with these ids (unknown ids are left out: the form's choices already bound them)."""
    return list(db.session.scalars(select(User).where(User.id.in_(ids or [])).order_by(User.id)))


def contribution_of(event_id: int, contribution_id: int):
    event = get_event(event_id)
    item = get_child(Contribution, contribution_id, event)
    org = db.session.get(Organization, item.organization_id) if item.organization_id else None
    if org is None:
        abort(404)  # the program's own contributions are reviewed on the program pages
    return event, item, org
