"""Partner pages for contributions: submit to the event's call while it is open, change them until the deadline,
see their state and the organizers' answer. Members of the organization only; anyone else gets 404."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from events.program.models import Contribution, Track
from events.program.services import program_choices
from partners.access import member_required
from partners.models import Organization
from partners.review.packages import call_of
from partners.rules import PartnerError, attach_error, message_for
from partners.submissions import services as submissions
from partners.work_forms import FORMAT_NAMES, SPEAKER_SLOTS, STATE_NAMES, SubmissionForm

bp = Blueprint("partner_submissions", __name__, url_prefix="/partner/organizations/<int:organization_id>/contributions")


@bp.get("")
@member_required()
def index(organization: Organization):
    call, now = call_of(organization.event), utcnow()
    refusal = None
    try:
        submissions.open_call(organization, now)
    except PartnerError as error:
        refusal = message_for(error.code)
    return render_template(
        "partners/submissions/index.html",
        organization=organization,
        event=organization.event,
        call=call,
        refusal=refusal,
        contributions=submissions.contributions_of(organization),
        editable=lambda c: organization.is_approved and submissions.editable(c, call, now),
        format_names=FORMAT_NAMES,
        state_names=STATE_NAMES,
    )


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:contribution_id>", methods=["GET", "POST"])
@member_required()
def edit(organization: Organization, contribution_id: int | None = None):
    existing = own_contribution(organization, contribution_id) if contribution_id else None
    call, now = call_of(organization.event), utcnow()
    form = submission_form(organization, existing, call)
    if form.validate_on_submit():
        try:
            saved = submissions.submit(
                organization, submission_from(form), contribution=existing, actor=current_user, now=now
            )
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_('Your contribution "%(title)s" is saved.', title=saved.title), "success")
            return redirect(url_for("partner_submissions.index", organization_id=organization.id))
    return render_template(
        "partners/submissions/submission.html",
        organization=organization,
        event=organization.event,
        form=form,
        contribution=existing,
        call=call,
        refusal=refusal_for(organization, existing, call, now),
        format_names=FORMAT_NAMES,
        state_names=STATE_NAMES,
    )


def own_contribution(organization: Organization, contribution_id: int) -> Contribution:
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or contribution.organization_id != organization.id:
        abort(404)
    return contribution


def submission_form(organization: Organization, existing: Contribution | None, call) -> SubmissionForm:
    data = None
    if existing is not None:
        speakers = sorted(existing.speakers, key=lambda s: s.id)
        data = {
            name: getattr(existing, name) for name in ("title", "abstract", "format", "duration_minutes", "language")
        }
        data["track_id"] = existing.track_id
        data["speakers"] = [{"name": s.name, "organization": s.organization, "email": s.email} for s in speakers]
    form = SubmissionForm(data=data)
    offered = call.formats if call is not None else []
    if existing is not None and existing.format not in offered:
        offered = [*offered, existing.format]
    form.format.choices = [SelectChoice(f, FORMAT_NAMES.get(f, f)) for f in offered]
    tracks: list[Track] = program_choices(organization.event)["tracks"]
    form.track_id.choices = [SelectChoice("", _("No particular topic"))] + [SelectChoice(t.id, t.name) for t in tracks]
    while len(form.speakers) < SPEAKER_SLOTS:
        form.speakers.append_entry()
    return form


def submission_from(form: SubmissionForm) -> submissions.Submission:
    return submissions.Submission(
        title=form.title.data,
        abstract=form.abstract.data or "",
        format=form.format.data,
        duration_minutes=form.duration_minutes.data,
        language=form.language.data,
        track_id=form.track_id.data,
        speakers=[
            submissions.SpeakerEntry(
                name=(entry.form.name.data or "").strip(),
                organization=(entry.form.organization.data or "").strip(),
                email=(entry.form.email.data or "").strip(),
            )
            for entry in form.speakers
        ],
    )


def refusal_for(organization: Organization, existing: Contribution | None, call, now) -> str | None:
    """Why the form cannot be saved now (shown instead of its button), or None."""
    if not organization.is_approved:
        return message_for("not_approved")
    if existing is None:
        try:
            submissions.open_call(organization, now)
        except PartnerError as error:
            return message_for(error.code)
    elif existing.state != "submitted":
        return message_for("already_reviewed")
    elif call is None or now >= call.deadline_at:
        return message_for("deadline_passed")
    return None
