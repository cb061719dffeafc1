"""Organizer pages for an event's partners (roles admin and program): organizations and their review, packages, the
call for contributions, the contributions organizations submitted, and exports."""

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core import spreadsheets as exports
from core.db import utcnow
from core.extensions import db
from core.security.guards import roles_required
from events.forms import ConfirmForm
from events.manage import get_child, get_event
from events.program.models import Contribution
from events.services import local_to_utc, utc_to_local
from partners.models import Organization, Package
from partners.review import decisions as review
from partners.review import exports as partner_exports
from partners.review import packages
from partners.review.forms import (
    AssignmentForm,
    CallForm,
    CommentForm,
    ContributionDecisionForm,
    ContributionFilterForm,
    DecisionForm,
    OrganizationFilterForm,
    PackageForm,
)
from partners.review.scoring.pages import review_context
from partners.rules import PartnerError, message_for, save_form
from partners.work_forms import FORMAT_NAMES, STATE_NAMES

bp = Blueprint("partners_manage", __name__, url_prefix="/manage/events/<int:event_id>/partners")
ROLES = ("admin", "program")


@bp.get("")
@roles_required(*ROLES)
def index(event_id):
    event = get_event(event_id)
    form, filters = organization_filter(event)
    return render_template(
        "partners/review/index.html",
        event=event,
        form=form,
        filter_args={k: v for k, v in request.args.items() if k in ("q", "state", "kind", "package") and v},
        organizations=review.organizations(event, filters),
        counts=review.state_counts(event),
        packages=packages.packages_of(event),
        used=packages.approved_counts(event),
        call=packages.call_of(event),
        labels=partner_exports,
        format_names=FORMAT_NAMES,
        state_names=STATE_NAMES,
    )


@bp.route("/packages/new", methods=["GET", "POST"])
@bp.route("/packages/<int:package_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def package(event_id, package_id=None):
    event = get_event(event_id)
    existing = get_child(Package, package_id, event) if package_id else None
    form = PackageForm(obj=existing)
    if form.validate_on_submit():
        save = partial(
            packages.save_package,
            event,
            name=form.name.data,
            booth_size=form.booth_size.data or "",
            staff_passes=form.staff_passes.data,
            includes=form.includes.data or "",
            quantity=form.quantity.data,
            package=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=index_url(event)):
            return saved
    return render_template(
        "partners/review/package.html", form=form, event=event, package=existing, action_form=ConfirmForm()
    )


@bp.post("/packages/<int:package_id>/delete")
@roles_required(*ROLES)
def delete_package(event_id, package_id):
    event = get_event(event_id)
    existing = get_child(Package, package_id, event)
    if ConfirmForm().validate_on_submit():
        try:
            packages.delete_package(existing, actor=current_user)
        except PartnerError as error:
            db.session.rollback()
            flash(message_for(error.code), "error")
            return redirect(url_for("partners_manage.package", event_id=event.id, package_id=existing.id))
        db.session.commit()
        flash(_("The package was deleted."), "success")
    return redirect(index_url(event))


@bp.route("/call", methods=["GET", "POST"])
@roles_required(*ROLES)
def call(event_id):
    event = get_event(event_id)
    existing = packages.call_of(event)
    form = CallForm(data=call_values(existing, event) if existing else None)
    if form.validate_on_submit():
        save = partial(
            packages.save_call,
            event,
            opens_at=local_to_utc(form.opens_at.data, event.timezone),
            deadline_at=local_to_utc(form.deadline_at.data, event.timezone),
            formats=form.formats.data,
            description=form.description.data or "",
            actor=current_user,
        )
        if saved := save_form(form, save, done=index_url(event)):
            return saved
    return render_template("partners/review/form_page.html", form=form, event=event, title=_("Call for contributions"))


@bp.get("/organizations/<int:organization_id>")
@roles_required(*ROLES)
def organization(event_id, organization_id):
    event = get_event(event_id)
    org = get_child(Organization, organization_id, event)
    return render_organization(event, org)


@bp.post("/organizations/<int:organization_id>/decide")
@roles_required(*ROLES)
def decide(event_id, organization_id):
    event = get_event(event_id)
    org = get_child(Organization, organization_id, event)
    form = DecisionForm()
    if form.validate_on_submit():
        act = partial(review.decide, org, form.state.data, form.message.data or "", actor=current_user, now=utcnow())
        done = _("The decision was saved and sent to the organization.")
        if saved := save_form(form, act, done=organization_url(org), message=done):
            return saved
    return render_organization(event, org, decision_form=form)


@bp.post("/organizations/<int:organization_id>/assign")
@roles_required(*ROLES)
def assign(event_id, organization_id):
    event = get_event(event_id)
    org = get_child(Organization, organization_id, event)
    form = assignment_form(event, org)
    if form.validate_on_submit():
        act = partial(
            review.assign,
            org,
            package_id=form.package_id.data,
            booth_number=form.booth_number.data or "",
            actor=current_user,
            now=utcnow(),
        )
        done = _("Package and booth were saved; the organization was told.")
        if saved := save_form(form, act, done=organization_url(org), message=done):
            return saved
    return render_organization(event, org, assignment_form=form)


@bp.post("/organizations/<int:organization_id>/comment")
@roles_required(*ROLES)
def comment(event_id, organization_id):
    event = get_event(event_id)
    org = get_child(Organization, organization_id, event)
    form = CommentForm()
    if form.validate_on_submit():
        act = partial(review.comment, org, form.comment.data, actor=current_user, now=utcnow())
        done = _("The comment was sent to the organization.")
        if saved := save_form(form, act, done=organization_url(org), message=done):
            return saved
    return render_organization(event, org, comment_form=form)


@bp.get("/export/<any(organizations, staff):table>.<any(csv, xlsx):fmt>")
@roles_required(*ROLES)
def export(event_id, table, fmt):
    event = get_event(event_id)
    if table == "organizations":
        _form, filters = organization_filter(event)
        headers, rows = partner_exports.organization_table(event, review.organizations(event, filters))
        title, name = _("Organizations"), "organisationen"
    else:
        headers, rows = partner_exports.staff_table(event, partner_exports.staff_of(event))
        title, name = _("Booth staff"), "standpersonal"
    filename = f"{event.slug}-{name}-{utcnow().astimezone(event.tz).date().isoformat()}"
    return exports.spreadsheet_download(fmt, headers, rows, title=title, filename=filename)


@bp.get("/contributions")
@roles_required(*ROLES)
def contributions(event_id):
    event = get_event(event_id)
    form = ContributionFilterForm(formdata=request.args)
    orgs = review.organizations(event, review.OrganizationFilter())
    form.organization.choices = [SelectChoice("", _("All")), *(SelectChoice(str(o.id), o.name) for o in orgs)]
    form.validate()
    valid = {name: ("" if field.errors else field.data or "") for name, field in form._fields.items()}
    rows = review.submitted_contributions(
        event,
        state=valid["state"],
        organization_id=int(valid["organization"]) if valid["organization"] else None,
        fmt=valid["format"],
        q=valid["q"],
    )
    return render_template(
        "partners/review/contributions.html",
        event=event,
        form=form,
        rows=rows,
        format_names=FORMAT_NAMES,
        state_names=STATE_NAMES,
    )


@bp.route("/contributions/<int:contribution_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def contribution(event_id, contribution_id):
    event = get_event(event_id)
    item = get_child(Contribution, contribution_id, event)
    org = db.session.get(Organization, item.organization_id) if item.organization_id else None
    if org is None:
        abort(404)  # the program's own contributions are reviewed on the program pages
    form = ContributionDecisionForm(data={"state": item.state if item.state != "submitted" else "accepted"})
    if form.validate_on_submit():
        decide_it = partial(
            review.decide_contribution, item, form.state.data, form.message.data or "", actor=current_user
        )
        done = url_for("partners_manage.contributions", event_id=event.id)
        if saved := save_form(
            form, decide_it, done=done, message=_("The decision was saved and sent to the organization.")
        ):
            return saved
    return render_contribution(event, item, org, form=form)


def render_contribution(event, item: Contribution, org: Organization, **forms):
    """The contribution page with its decision form and its reviews (partners.review.scoring)."""
    form = forms.pop("form", None) or ContributionDecisionForm(
        formdata=None, data={"state": item.state if item.state != "submitted" else "accepted"}
    )
    return render_template(
        "partners/review/contribution.html",
        event=event,
        contribution=item,
        organization=org,
        form=form,
        format_names=FORMAT_NAMES,
        state_names=STATE_NAMES,
        **review_context(item, current_user, **forms),
    )


def organization_filter(event) -> tuple[OrganizationFilterForm, review.OrganizationFilter]:
    """The filter form read from the query string; an invalid value is shown at its field and otherwise ignored."""
    form = OrganizationFilterForm(formdata=request.args)
    form.package.choices = [
        SelectChoice("", _("All")),
        *(SelectChoice(str(p.id), p.name) for p in packages.packages_of(event)),
    ]
    form.validate()

    def valid(field):
        return "" if field.errors else (field.data or "")

    package_id = valid(form.package)
    return form, review.OrganizationFilter(
        state=valid(form.state),
        kind=valid(form.kind),
        package_id=int(package_id) if package_id else None,
        q=valid(form.q),
    )


def assignment_form(event, org: Organization, **bound) -> AssignmentForm:
    """The package choices say how many of each approved organizations hold (the quantity is checked again)."""
    form = AssignmentForm(data={"package_id": org.package_id, "booth_number": org.booth_number}, **bound)
    used = packages.approved_counts(event)
    form.package_id.choices = [SelectChoice("", _("No package"))] + [
        SelectChoice(
            p.id,
            _("%(name)s (%(used)d of %(quantity)d taken)", name=p.name, used=used.get(p.id, 0), quantity=p.quantity),
        )
        for p in packages.packages_of(event)
    ]
    return form


def render_organization(event, org: Organization, **forms):
    forms.setdefault("decision_form", DecisionForm(formdata=None))
    forms.setdefault("assignment_form", assignment_form(event, org, formdata=None))
    forms.setdefault("comment_form", CommentForm(formdata=None))
    return render_template(
        "partners/review/organization.html",
        event=event,
        organization=org,
        labels=partner_exports,
        format_names=FORMAT_NAMES,
        state_names=STATE_NAMES,
        **forms,
    )


def call_values(call, event) -> dict:
    return {
        "opens_at": utc_to_local(call.opens_at, event.timezone),
        "deadline_at": utc_to_local(call.deadline_at, event.timezone),
        "formats": call.formats,
        "description": call.description,
    }


def index_url(event) -> str:
    return url_for("partners_manage.index", event_id=event.id)


def organization_url(org: Organization) -> str:
    return url_for("partners_manage.organization", event_id=org.event_id, organization_id=org.id)
