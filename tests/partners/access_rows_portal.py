"""Rows of the access table (see access_matrix.py): the partner portal's routes and the organizer routes of
issues 3 to 6."""

from tests.partners.access_matrix import LOGIN, Row, organizer_row

ADMIN = ("admin",)
PROGRAM = ("admin", "program")
EVENTS = "/manage/events/<int:event_id>"


def open_page(rule: str, path: str | None = None) -> Row:
    """A page everybody may open (links from emails, sign-up): 200 for every role."""
    return Row(rule, 200, 200, 200, 200, 200, 200, 200, path=path)


def member_page(rule: str, *, member=200, method="GET", path=None) -> Row:
    """An organization's page: members of B (owners for some), 404 for everybody else (no hint that B exists)."""
    owner = 302 if method == "POST" else 200
    return Row(rule, LOGIN, 404, member, owner, 404, 404, 404, path=path, method=method)


ROWS = [
    # The partner portal
    Row("/partner", LOGIN, 200, 200, 200, 403, 403, 403),
    Row("/partner/register", 200, 200, 200, 200, 403, 403, 403, path="/partner/register?event={event_slug}"),
    open_page("/partner/confirm"),
    open_page("/partner/confirm/<token>", "/partner/confirm/{confirm_token}"),
    open_page("/partner/password/forgot"),
    open_page("/partner/password/reset/<token>", "/partner/password/reset/{reset_token}"),
    open_page("/partner/invitations/<token>", "/partner/invitations/{invitation_token}"),
    member_page("/partner/organizations/<int:organization_id>"),
    member_page("/partner/organizations/<int:organization_id>/profile"),
    member_page("/partner/organizations/<int:organization_id>/logo", member=302, method="POST"),
    member_page("/partner/organizations/<int:organization_id>/invitations", member=403, method="POST"),
    member_page(
        "/partner/organizations/<int:organization_id>/invitations/<int:invitation_id>/revoke", member=403, method="POST"
    ),
    member_page("/partner/organizations/<int:organization_id>/members/<int:user_id>/remove", member=403, method="POST"),
    member_page(
        "/partner/organizations/<int:organization_id>/members/<int:user_id>/role/<any(owner, member):role>",
        member=403,
        method="POST",
        path="/partner/organizations/{organization}/members/{user}/role/owner",
    ),
    # Organizer pages (issues 3 to 6)
    organizer_row("/manage/", ("admin", "program", "checkin")),
    organizer_row("/manage/events/new", ADMIN),
    organizer_row("/manage/pages/<slug>", ADMIN, path="/manage/pages/impressum"),
    organizer_row(EVENTS, ADMIN),
    organizer_row(f"{EVENTS}/edit", ADMIN),
    organizer_row(
        f"{EVENTS}/status/<any(published, draft, archived):status>",
        ADMIN,
        302,
        path="/manage/events/{event}/status/archived",
        method="POST",
    ),
    organizer_row(f"{EVENTS}/questions/new", ADMIN),
    organizer_row(f"{EVENTS}/questions/<int:question_id>", ADMIN),
    organizer_row(f"{EVENTS}/questions/<int:question_id>/delete", ADMIN, 302, method="POST"),
    organizer_row(f"{EVENTS}/quotas/new", ADMIN),
    organizer_row(f"{EVENTS}/quotas/<int:quota_id>", ADMIN),
    organizer_row(f"{EVENTS}/ticket-types/new", ADMIN),
    organizer_row(f"{EVENTS}/ticket-types/<int:ticket_type_id>", ADMIN),
    organizer_row(f"{EVENTS}/attendees", ADMIN),
    organizer_row(
        f"{EVENTS}/attendees/export.<any(csv, xlsx):fmt>", ADMIN, path="/manage/events/{event}/attendees/export.csv"
    ),
    organizer_row(f"{EVENTS}/attendees/<int:ticket_id>/cancel", ADMIN),  # GET: the confirmation page
    organizer_row(f"{EVENTS}/attendees/<int:ticket_id>/resend", ADMIN, 302, method="POST"),
    organizer_row(f"{EVENTS}/checkin", ("admin", "checkin")),
    organizer_row(f"{EVENTS}/checkin/lists", ADMIN, 302, method="POST"),
    organizer_row(f"{EVENTS}/program", PROGRAM),
    organizer_row(f"{EVENTS}/program/rooms/new", PROGRAM),
    organizer_row(f"{EVENTS}/program/rooms/<int:room_id>", PROGRAM),
    organizer_row(f"{EVENTS}/program/tracks/new", PROGRAM),
    organizer_row(f"{EVENTS}/program/tracks/<int:track_id>", PROGRAM),
    organizer_row(f"{EVENTS}/program/speakers/new", PROGRAM),
    organizer_row(f"{EVENTS}/program/speakers/<int:speaker_id>", PROGRAM),
    organizer_row(f"{EVENTS}/program/contributions/new", PROGRAM),
    organizer_row(f"{EVENTS}/program/contributions/<int:contribution_id>", PROGRAM),
    organizer_row(f"{EVENTS}/program/timetable", PROGRAM),
    organizer_row(f"{EVENTS}/program/timetable/moves", PROGRAM, 400, method="POST"),  # no move given: a clear 400
    organizer_row(f"{EVENTS}/program/auto-schedule", PROGRAM, 302, method="POST"),
    organizer_row(
        f"{EVENTS}/program/door-signs.pdf",
        PROGRAM,
        path="/manage/events/{event}/program/door-signs.pdf?day={event_day}",
    ),
    organizer_row(f"{EVENTS}/speaker-badges.pdf", PROGRAM),
    organizer_row(f"{EVENTS}/workshops", PROGRAM),
    organizer_row(
        f"{EVENTS}/workshops/<int:contribution_id>",
        PROGRAM,
        path="/manage/events/{event}/workshops/{workshop}",
    ),
    organizer_row(
        f"{EVENTS}/workshops/<int:contribution_id>/signups.csv",
        PROGRAM,
        path="/manage/events/{event}/workshops/{workshop}/signups.csv",
    ),
    organizer_row(f"{EVENTS}/program/contributions/<int:contribution_id>/schedule", PROGRAM, 302, method="POST"),
    organizer_row(f"{EVENTS}/program/contributions/<int:contribution_id>/unschedule", PROGRAM, 302, method="POST"),
    organizer_row(f"{EVENTS}/program/publish", PROGRAM, 302, method="POST"),
    organizer_row(f"{EVENTS}/program/withdraw", PROGRAM, 302, method="POST"),
    # A job's progress and cancel (core/jobs): any organizer role gets past the role check; the world has no job.
    organizer_row("/manage/jobs/<int:job_id>", ("admin", "program", "checkin"), 404, path="/manage/jobs/2147483647"),
    organizer_row(
        "/manage/jobs/<int:job_id>/cancel",
        ("admin", "program", "checkin"),
        404,
        method="POST",
        path="/manage/jobs/2147483647/cancel",
    ),
]
