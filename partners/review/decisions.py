"""The organizers' review: organizations (approve, reject, waitlist, assign package and booth, comment) and the
contributions they submitted (accept, reject). Every answer is stored and mailed to the organization.

Services never commit; the view commits once, so the mail in the outbox goes out only with the decision.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.mail.composing import MailError, render_mail
from core.mail.outbox import enqueue_mail
from core.models import User
from core.services import record_action
from core.urls import external_url
from events.models import Event
from events.program import placing as program
from events.program.models import Contribution
from partners.models import ORGANIZATION_KINDS, ORGANIZATION_STATES, Membership, Organization, OrganizationMessage
from partners.review.packages import approved_with, packages_of
from partners.rules import PartnerError
from partners.staff.passes import remove_staff

DECISIONS = ("approved", "rejected", "waitlisted")
CONTRIBUTION_DECISIONS = ("accepted", "rejected")
# Partner users have no language of their own yet: their mails are in the event's first language.
MAIL_LANGUAGE = "de"
SUBJECTS = {
    "approved": _l("%(event)s: your registration is approved"),
    "rejected": _l("%(event)s: your registration was not accepted"),
    "waitlisted": _l("%(event)s: your registration is on the waiting list"),
    "": _l("%(event)s: a message from the organizers"),
    "accepted": _l("%(event)s: your contribution is accepted"),
    "contribution_rejected": _l("%(event)s: your contribution was not accepted"),
}


@dataclass(frozen=True)
class OrganizationFilter:
    """The organizer list's filters; empty values mean "all"."""

    state: str = ""
    kind: str = ""
    package_id: int | None = None
    q: str = ""


def organizations(event: Event, filters: OrganizationFilter) -> list[Organization]:
    """The event's organizations that match, by name, with their package (one query each)."""
    query = select(Organization).where(Organization.event_id == event.id)
    if filters.state in ORGANIZATION_STATES:
        query = query.where(Organization.state == filters.state)
    if filters.kind in ORGANIZATION_KINDS:
        query = query.where(Organization.kind == filters.kind)
    if filters.package_id:
        query = query.where(
            or_(Organization.package_id == filters.package_id, Organization.requested_package_id == filters.package_id)
        )
    if text := filters.q.strip().lower():
        pattern = f"%{text}%"
        query = query.where(
            or_(
                func.lower(Organization.name).like(pattern),
                func.lower(Organization.contact_name).like(pattern),
                func.lower(Organization.contact_email).like(pattern),
                func.lower(Organization.booth_number).like(pattern),
            )
        )
    query = query.options(selectinload(Organization.package), selectinload(Organization.requested_package))
    return list(db.session.scalars(query.order_by(func.lower(Organization.name), Organization.id)))


def state_counts(event: Event) -> dict[str, int]:
    """How many organizations of `event` are in each state (every state listed, zero included)."""
    rows = db.session.execute(
        select(Organization.state, func.count(Organization.id))
        .where(Organization.event_id == event.id)
        .group_by(Organization.state)
    )
    return {state: 0 for state in ORGANIZATION_STATES} | dict(rows.all())


def decide(organization: Organization, state: str, body: str, *, actor: User | None, now: datetime) -> None:
    """Approve, reject or waitlist an organization with a message to it.

    Approving gives it the package it asked for when none is assigned yet, and checks that package is not used up.
    An organization that is no longer approved loses its booth staff (their tickets are cancelled).

    :raises PartnerError: state_unknown, package_used_up.
    """
    if state not in DECISIONS:
        raise PartnerError("state_unknown", "state")
    if state == "approved":
        package = organization.package or organization.requested_package
        if package is not None:
            _lock_event(organization.event)
            _check_package_left(organization, package)
        organization.package = package
    elif organization.is_approved:
        for person in list(organization.staff):
            remove_staff(person, actor=actor, now=now)
    organization.state, organization.reviewed_at = state, now
    _tell(organization, state, body, actor=actor, now=now)
    record_action(actor, f"organization.{state}", f"{organization.event.slug}/{organization.id}")


def assign(
    organization: Organization, *, package_id: int | None, booth_number: str, actor: User | None, now: datetime
) -> None:
    """Give an organization a package and a booth number (or take them away). The organization is told.

    :raises PartnerError: package_of_other_event, package_used_up, package_too_few_passes, booth_taken.
    """
    event = organization.event
    _lock_event(event)  # one assignment of the event at a time: the quantity and booth checks below stay true
    package = None
    if package_id is not None:
        package = next((p for p in packages_of(event) if p.id == package_id), None)
        if package is None:
            raise PartnerError("package_of_other_event", "package_id")
        if organization.is_approved and package.id != organization.package_id:
            _check_package_left(organization, package)
    if len(organization.staff) > (package.staff_passes if package is not None else 0):
        raise PartnerError("package_too_few_passes", "package_id")
    booth_number = booth_number.strip()
    if booth_number and _booth_holder(event, booth_number, besides=organization):
        raise PartnerError("booth_taken", "booth_number")
    organization.package, organization.booth_number = package, booth_number
    body = render_assignment(organization)
    _tell(organization, "", body, actor=actor, now=now)
    record_action(actor, "organization.assign", f"{event.slug}/{organization.id} {booth_number}")


def comment(organization: Organization, body: str, *, actor: User | None, now: datetime) -> None:
    """A message to the organization without a change of state.

    :raises PartnerError: message_required.
    """
    if not body.strip():
        raise PartnerError("message_required", "comment")
    _tell(organization, "", body, actor=actor, now=now)
    record_action(actor, "organization.comment", f"{organization.event.slug}/{organization.id}")


def submitted_contributions(
    event: Event, *, state: str = "", organization_id: int | None = None, fmt: str = "", q: str = ""
):
    """Contributions of `event` that organizations submitted, filtered, with their organization and speakers."""
    query = (
        select(Contribution, Organization)
        .join(Organization, Organization.id == Contribution.organization_id)
        .where(Contribution.event_id == event.id)
        .options(selectinload(Contribution.speakers), selectinload(Contribution.track))
    )
    if state:
        query = query.where(Contribution.state == state)
    if organization_id:
        query = query.where(Contribution.organization_id == organization_id)
    if fmt:
        query = query.where(Contribution.format == fmt)
    if text := q.strip().lower():
        query = query.where(func.lower(Contribution.title).like(f"%{text}%"))
    return db.session.execute(query.order_by(Contribution.created_at, Contribution.id)).all()


def decide_contribution(contribution: Contribution, state: str, body: str, *, actor: User | None) -> None:
    """Accept or reject a submitted contribution with a message to its organization. Accepted ones are in the
    program to be scheduled; a rejected one leaves the timetable.

    :raises PartnerError: not_submitted_by_organization, state_unknown.
    """
    organization = db.session.get(Organization, contribution.organization_id) if contribution.organization_id else None
    if organization is None:
        raise PartnerError("not_submitted_by_organization")
    if state not in CONTRIBUTION_DECISIONS:
        raise PartnerError("state_unknown", "state")
    if state != "accepted":
        program.unschedule(contribution, actor=actor)
    contribution.state, contribution.review_message = state, body.strip()
    subject = SUBJECTS["accepted" if state == "accepted" else "contribution_rejected"]
    contributions_url = external_url("partner_submissions.index", organization_id=organization.id)
    _mail(
        organization,
        subject,
        "partner_review_contribution",
        contribution=contribution,
        body=body.strip(),
        contributions_url=contributions_url,
    )
    record_action(actor, f"contribution.{state}", f"{organization.event.slug}/{contribution.id}")


def render_assignment(organization: Organization) -> str:
    """The message an assignment sends: the package and booth as they are now, in the organization's language."""
    with force_locale(MAIL_LANGUAGE):
        return render_template("mail/partner_review_assignment.txt", organization=organization).strip()


def recipients(organization: Organization) -> list[str]:
    """The members' addresses and the contact's, each once."""
    members = db.session.scalars(
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization.id)
    )
    seen: dict[str, str] = {}
    for address in [*members, organization.contact_email]:
        if address and address.strip().lower() not in seen:
            seen[address.strip().lower()] = address.strip()
    return list(seen.values())


def _tell(organization: Organization, state: str, body: str, *, actor: User | None, now: datetime) -> None:
    db.session.add(
        OrganizationMessage(organization=organization, author=actor, state=state, body=body.strip(), created_at=now)
    )
    staff_url = external_url("partner_staff.index", organization_id=organization.id)
    _mail(organization, SUBJECTS[state], "partner_review_decision", state=state, body=body.strip(), staff_url=staff_url)


def _mail(organization: Organization, subject, template: str, **context) -> None:
    event = organization.event
    subject_text, text = render_mail(
        MAIL_LANGUAGE, subject, template, {"event": event.name}, event=event, organization=organization, **context
    )
    for address in recipients(organization):
        try:
            enqueue_mail(to=address, subject=subject_text, body_text=text, reference=f"organization:{organization.id}")
        except MailError:  # an address the outbox refuses: the others are still told, and the message is stored
            continue


def _lock_event(event: Event) -> None:
    """Serialize the event's assignments: PostgreSQL locks the row; SQLite writers already queue (BEGIN IMMEDIATE)."""
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())


def _check_package_left(organization: Organization, package) -> None:
    if approved_with(package, besides=organization) >= package.quantity:
        raise PartnerError("package_used_up", "package_id")


def _booth_holder(event: Event, booth_number: str, *, besides: Organization) -> Organization | None:
    return db.session.scalar(
        select(Organization).where(
            Organization.event_id == event.id,
            func.lower(Organization.booth_number) == booth_number.lower(),
            Organization.id != besides.id,
        )
    )
