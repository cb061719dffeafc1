"""The compose form: recipients (audience and criteria, all of which must hold), kind, texts in German and English."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from cockpit.messages.segments import CRITERIA, Segment
from cockpit.messages.services import Draft
from core.extensions import db
from core.forms import Form
from events.models import Event
from events.program.models import Contribution
from partners.models import ORGANIZATION_STATES, Package
from partners.review.exports import STATE_LABELS as ORGANIZATION_STATE_LABELS
from ticketing.booking.capacity import ticket_types_for
from ticketing.booking.forms import STAKEHOLDER_LABELS
from ticketing.models import STAKEHOLDER_GROUPS

AUDIENCE_LABELS = {
    "tickets": _l("Ticket holders"),
    "waitlist": _l("People on the waiting list"),
    "partners": _l("Partners and exhibitors (contact person)"),
    "series": _l("Contacts of this series (agreed to hear about the next edition)"),
}
CHECKIN_LABELS = {"came": _l("came (checked in)"), "absent": _l("did not come (not checked in)")}
KIND_LABELS = {
    "event": _l("About the event: everyone selected"),
    "optional": _l("Optional: only ticket holders who agreed to hear from us"),
}
PLACEHOLDER_HINT = _l(
    "Placeholders: {vorname}, {name}, {organisation}, {event}, {datum}, {ort}, {adresse}, {ticket_typ}, "
    "{ticket_link}, {programm_link} (English names work too: {first_name}, {date}, {venue}, …). "
    "Write {{ or }} for a brace."
)
SERIES_HINT = _l(
    "For contacts of the series: {veranstaltungs_link} (the event's page) and {abmelde_link} (unsubscribe; "
    "required in every mail to them)."
)


class ComposeForm(Form):
    audience = SelectField(
        _l("Recipients"), choices=[SelectChoice(k, v) for k, v in AUDIENCE_LABELS.items()], default="tickets"
    )
    ticket_type = SelectField(_l("Ticket type"), default="", validators=[Optional()])
    question = SelectField(
        _l("Booking question"),
        default="",
        validators=[Optional()],
        description=_l("Only those whose answer matches (ticket holders and waiting list)."),
    )
    answer = StringField(
        _l("Answer"),
        validators=[Optional(), Length(max=500)],
        description=_l("Exactly this answer; leave empty for anyone who answered the question."),
    )
    stakeholder_group = SelectField(_l("Stakeholder group"), default="", validators=[Optional()])
    checkin = SelectField(
        _l("Check-in"),
        choices=[SelectChoice("", _l("Any")), *(SelectChoice(k, v) for k, v in CHECKIN_LABELS.items())],
        default="",
        validators=[Optional()],
    )
    workshop = SelectField(_l("Seat in workshop"), default="", validators=[Optional()])
    partner_state = SelectField(_l("Partner state"), default="", validators=[Optional()])
    package = SelectField(_l("Partner package"), default="", validators=[Optional()])
    kind = RadioField(
        _l("Kind of message"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()], default="event"
    )
    subject_de = StringField(_l("Subject (German)"), validators=[Length(max=200)], description=PLACEHOLDER_HINT)
    body_de = TextAreaField(
        _l("Text (German)"), validators=[Length(max=10000)], render_kw={"rows": 10}, description=SERIES_HINT
    )
    subject_en = StringField(
        _l("Subject (English)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Optional: recipients who booked in English get this text."),
    )
    body_en = TextAreaField(_l("Text (English)"), validators=[Optional(), Length(max=10000)], render_kw={"rows": 10})
    template_name = StringField(
        _l("Save as template"),
        validators=[Optional(), Length(max=120)],
        description=_l("A name keeps these texts as a template of this event."),
    )

    def criteria_fields(self):
        return [self.ticket_type, self.question, self.answer, self.stakeholder_group, self.checkin, self.workshop]

    def partner_fields(self):
        return [self.partner_state, self.package]


def compose_form(event: Event, **data) -> ComposeForm:
    """The form with the event's ticket types, questions, workshops and packages to choose from."""
    form = ComposeForm(**data)
    anyone = SelectChoice("", _l("Any"))
    form.ticket_type.choices = [anyone, *(SelectChoice(str(t.id), t.name) for t in ticket_types_for(event))]
    form.question.choices = [
        SelectChoice("", _l("None")),
        *(SelectChoice(str(q.id), q.label) for q in event.questions),
    ]
    form.stakeholder_group.choices = [anyone, *(SelectChoice(g, STAKEHOLDER_LABELS[g]) for g in STAKEHOLDER_GROUPS)]
    workshops = db.session.scalars(
        select(Contribution)
        .where(Contribution.event_id == event.id, Contribution.seats.is_not(None), Contribution.seats > 0)
        .order_by(Contribution.starts_at, Contribution.title)
    )
    form.workshop.choices = [anyone, *(SelectChoice(str(c.id), c.title) for c in workshops)]
    form.partner_state.choices = [
        anyone,
        *(SelectChoice(s, ORGANIZATION_STATE_LABELS[s]) for s in ORGANIZATION_STATES),
    ]
    packages = db.session.scalars(select(Package).where(Package.event_id == event.id).order_by(Package.position))
    form.package.choices = [anyone, *(SelectChoice(str(p.id), p.name) for p in packages)]
    return form


def _id(value) -> int | None:
    return int(value) if value else None


def draft_from(form: ComposeForm) -> Draft:
    """The draft the form asks for; criteria of another audience are left out (the fields stay on the page)."""
    audience = form.audience.data
    values = {
        "ticket_type_id": _id(form.ticket_type.data),
        "question_id": _id(form.question.data),
        "answer": (form.answer.data or "").strip(),
        "stakeholder_group": form.stakeholder_group.data or "",
        "checkin": form.checkin.data or "",
        "workshop_id": _id(form.workshop.data),
        "partner_state": form.partner_state.data or "",
        "package_id": _id(form.package.data),
    }

    segment = Segment(audience=audience, **{k: v for k, v in values.items() if k in CRITERIA.get(audience, ())})
    return Draft(
        kind=form.kind.data,
        segment=segment,
        subject_de=form.subject_de.data or "",
        body_de=form.body_de.data or "",
        subject_en=form.subject_en.data or "",
        body_en=form.body_en.data or "",
    )


def form_data_of(draft: Draft) -> dict:
    """Field values that show a stored draft in the form."""
    segment = draft.segment

    def text(value):
        return "" if value is None else str(value)

    return {
        "audience": segment.audience,
        "ticket_type": text(segment.ticket_type_id),
        "question": text(segment.question_id),
        "answer": segment.answer,
        "stakeholder_group": segment.stakeholder_group,
        "checkin": segment.checkin,
        "workshop": text(segment.workshop_id),
        "partner_state": segment.partner_state,
        "package": text(segment.package_id),
        "kind": draft.kind,
        **draft.texts(),
    }
