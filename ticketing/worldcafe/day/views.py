"""What the day of a World Café needs, from its published plan (roles admin and program): host sheets and rotation
cards as PDF, the plan as CSV and XLSX, and the facilitator's big screen with the round timer."""

from babel.dates import format_time
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core import spreadsheets
from core.extensions import db
from core.i18n import current_language, formatting_locale
from core.security.guards import roles_required
from events.manage import get_child, get_event
from ticketing.booking.forms import STAKEHOLDER_LABELS
from ticketing.models import Ticket
from ticketing.worldcafe.attendee.rotation import rotation_url
from ticketing.worldcafe.day.sheets import RoundSeating, TableRound, rotations, seating
from ticketing.worldcafe.models import WorldCafe
from ticketing.worldcafe.plan.problem import published_plan, table_label

bp = Blueprint("worldcafe_day", __name__, url_prefix="/manage/events/<int:event_id>/worldcafe/<int:cafe_id>")
ROLES = ("admin", "program")


def published_seating(event_id: int, cafe_id: int) -> tuple[WorldCafe, list[RoundSeating] | None]:
    cafe = get_child(WorldCafe, cafe_id, get_event(event_id))
    plan = published_plan(cafe)
    return cafe, seating(cafe, plan) if plan is not None else None


def not_published(cafe: WorldCafe):
    flash(_("Publish a plan first: the day's papers and screen show the published plan."), "error")
    return redirect(url_for("worldcafe.planner_page", event_id=cafe.event_id, cafe_id=cafe.id))


def clock(cafe: WorldCafe, seating_round: RoundSeating) -> str:
    """ "13:30–13:50", or "" while the café is not in the timetable."""
    if seating_round.starts_at is None:
        return ""
    tz, language = cafe.event.tz, current_language()
    start = format_time(seating_round.starts_at, "short", tzinfo=tz, locale=formatting_locale(language))
    return f"{start}–{format_time(seating_round.ends_at, 'short', tzinfo=tz, locale=formatting_locale(language))}"


def round_label(cafe: WorldCafe, seating_round: RoundSeating) -> str:
    label = _("Round %(number)s", number=seating_round.number)
    times = clock(cafe, seating_round)
    return f"{label} · {times}" if times else label


def group_label(group: str) -> str:
    return str(STAKEHOLDER_LABELS.get(group, group))


def print_labels(cafe: WorldCafe):
    from ticketing.worldcafe.day.cards_pdf import Labels

    return Labels(
        language=current_language(),
        event_name=cafe.event.name,
        cafe_title=cafe.title,
        host=_("Host"),
        nobody=_("Nobody at this table in this round."),
        scan=_("Your rotation online"),
        page=_("Page {page} of {pages}"),
    )


def pdf_response(body: bytes, name: str):
    return body, 200, {"Content-Type": "application/pdf", "Content-Disposition": f'inline; filename="{name}"'}


@bp.get("/host-sheets.pdf")
@roles_required(*ROLES)
def host_sheets(event_id, cafe_id):
    from ticketing.worldcafe.day.cards_pdf import HostSheet, RoundList, Seat, render_host_sheets

    cafe, rounds = published_seating(event_id, cafe_id)
    if rounds is None:
        return not_published(cafe)
    sheets = []
    for number, table in enumerate(cafe.tables, start=1):
        lists = [
            RoundList(round_label(cafe, r), [Seat(p.name, group_label(p.group), p.organization) for p in t.people])
            for r in rounds
            for t in r.tables
            if t.table.id == table.id
        ]
        sheets.append(HostSheet(str(table_label(number, table.title)), table.host_name, table.notes, lists))
    return pdf_response(render_host_sheets(sheets, print_labels(cafe)), f"{cafe.event.slug}-tische.pdf")


@bp.get("/rotation-cards.pdf")
@roles_required(*ROLES)
def rotation_cards(event_id, cafe_id):
    from ticketing.worldcafe.day.cards_pdf import RotationCard, render_rotation_cards

    cafe, rounds = published_seating(event_id, cafe_id)
    if rounds is None:
        return not_published(cafe)
    seats = rotations(rounds)
    tickets = db.session.scalars(select(Ticket).where(Ticket.id.in_(seats))).all() if seats else []
    cards = [
        RotationCard(ticket.attendee_name, [card_row(cafe, r, t) for r, t in seats[ticket.id]], rotation_url(ticket))
        for ticket in sorted(tickets, key=lambda t: (t.attendee_name or "").casefold())
    ]
    if not cards:
        flash(_("Nobody is seated in the published plan."), "error")
        return redirect(url_for("worldcafe.planner_page", event_id=event_id, cafe_id=cafe_id))
    return pdf_response(render_rotation_cards(cards, print_labels(cafe)), f"{cafe.event.slug}-laufkarten.pdf")


def card_row(cafe: WorldCafe, seating_round: RoundSeating, table_round: TableRound):
    from ticketing.worldcafe.day.cards_pdf import CardRow

    title = str(table_label(table_round.number, table_round.table.title))
    return CardRow(_("Round %(number)s", number=seating_round.number), clock(cafe, seating_round), title)


@bp.get("/plan.<any(csv, xlsx):fmt>")
@roles_required(*ROLES)
def export(event_id, cafe_id, fmt):
    cafe, rounds = published_seating(event_id, cafe_id)
    if rounds is None:
        return not_published(cafe)
    headers = [_("Round"), _("Time"), _("Table"), _("Topic"), _("Host"), _("Name"), _("Group"), _("Organization")]
    rows = [
        [r.number, clock(cafe, r), t.number, t.table.title, t.table.host_name, p.name, group_label(p.group),
         p.organization]
        for r in rounds
        for t in r.tables
        for p in t.people
    ]  # fmt: skip
    filename = f"{cafe.event.slug}-world-cafe"
    return spreadsheets.spreadsheet_download(fmt, headers, rows, title=_("World Café"), filename=filename)


@bp.get("/facilitator")
@roles_required(*ROLES)
def facilitator(event_id, cafe_id):
    cafe, rounds = published_seating(event_id, cafe_id)
    if rounds is None:
        return not_published(cafe)
    return render_template("worldcafe/facilitator.html", cafe=cafe, rounds=rounds, clock=clock)
