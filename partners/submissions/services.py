"""Contributions an approved organization submits to the event's call: while the call is open, changeable until
its deadline as long as the organizers have not answered. Speakers become the event's Speaker rows."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from core.models import User
from events.program import services as program_services
from events.program.models import Contribution, Speaker, contribution_speaker
from partners.models import ContributionCall, Organization
from partners.review.packages import call_of
from partners.rules import PartnerError


@dataclass(frozen=True)
class SpeakerEntry:
    name: str
    organization: str = ""
    email: str = ""


@dataclass(frozen=True)
class Submission:
    """What the partner's form gives: the contribution and its speakers."""

    title: str
    abstract: str
    format: str
    duration_minutes: int
    language: str
    track_id: int | None
    speakers: Sequence[SpeakerEntry]


def open_call(organization: Organization, now: datetime) -> ContributionCall:
    """The call this organization may submit to now. :raises PartnerError: not_approved, no_call, call_not_open."""
    if not organization.is_approved:
        raise PartnerError("not_approved")
    call = call_of(organization.event)
    if call is None:
        raise PartnerError("no_call")
    if not call.is_open(now):
        raise PartnerError("call_not_open")
    return call


def editable(contribution: Contribution, call: ContributionCall | None, now: datetime) -> bool:
    return contribution.state == "submitted" and call is not None and now < call.deadline_at


def submit(
    organization: Organization,
    submission: Submission,
    *,
    contribution: Contribution | None = None,
    actor: User | None,
    now: datetime,
) -> Contribution:
    """Submit a contribution (or change one not yet reviewed) before the deadline.

    :raises PartnerError: not_approved, no_call, call_not_open, deadline_passed, already_reviewed,
        format_not_in_call, speaker_required.
    :raises ProgramError: the program's own rules (title, duration, language, track of this event).
    """
    if contribution is None:
        call = open_call(organization, now)
    else:
        call = call_of(organization.event)
        if not organization.is_approved:
            raise PartnerError("not_approved")
        if contribution.state != "submitted":
            raise PartnerError("already_reviewed")
        if call is None or now >= call.deadline_at:
            raise PartnerError("deadline_passed")
    if submission.format not in call.formats:
        raise PartnerError("format_not_in_call", "format")
    entries = [entry for entry in submission.speakers if entry.name.strip()]
    if not entries:
        raise PartnerError("speaker_required", "speakers")
    event = organization.event
    # Before saving: the program's save sets the speakers it is given (none here), and these are reused below.
    previous = sorted(contribution.speakers, key=lambda s: s.id) if contribution is not None else []
    saved = program_services.save_contribution(
        event,
        title=submission.title,
        abstract=submission.abstract,
        format=submission.format,
        duration_minutes=submission.duration_minutes,
        language=submission.language,
        track_id=submission.track_id,
        state="submitted",
        contribution=contribution,
        actor=actor,
    )
    saved.organization_id = organization.id
    saved.speakers = _speakers_for(organization, saved, previous, entries, actor=actor)
    for left_over in previous:
        if not left_over.contributions:  # on no contribution any more: no row left behind
            db.session.delete(left_over)
    db.session.flush()
    return saved


def _speakers_for(
    organization: Organization,
    contribution: Contribution,
    previous: list[Speaker],
    entries: Sequence[SpeakerEntry],
    *,
    actor: User | None,
) -> list[Speaker]:
    """Speaker rows for the entries, reusing rows so a person is one speaker of the event (their availability, bio
    and ticket stay): first the organization's speaker with the same email, else the contribution's earlier speaker
    in that position if no other contribution has them; otherwise a new row. Speakers of other organizations or of
    the organizers are never reused, so a partner cannot change them."""
    by_email = {s.email.lower(): s for s in _speakers_of(organization) if s.email}
    speakers: list[Speaker] = []
    for index, entry in enumerate(entries):
        existing = by_email.get(entry.email.lower()) if entry.email else None
        if existing is None or existing in speakers:
            earlier = previous[index] if index < len(previous) else None
            only_here = earlier is not None and set(earlier.contributions) <= {contribution}
            existing = earlier if only_here and earlier not in speakers else None
        speakers.append(
            program_services.save_speaker(
                contribution.event,
                name=entry.name,
                organization=entry.organization,
                email=entry.email,
                availability=[(w.starts_at, w.ends_at) for w in existing.availability] if existing else (),
                bio=existing.bio if existing else "",
                speaker=existing,
                actor=actor,
            )
        )
    return speakers


def _speakers_of(organization: Organization) -> list[Speaker]:
    query = (
        select(Speaker)
        .join(contribution_speaker, contribution_speaker.c.speaker_id == Speaker.id)
        .join(Contribution, Contribution.id == contribution_speaker.c.contribution_id)
        .where(Contribution.organization_id == organization.id)
        .distinct()
    )
    return list(db.session.scalars(query))


def contributions_of(organization: Organization) -> list[Contribution]:
    query = (
        select(Contribution).where(Contribution.organization_id == organization.id).order_by(Contribution.created_at)
    )
    return list(db.session.scalars(query))
