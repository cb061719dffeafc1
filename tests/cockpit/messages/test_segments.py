"""Each segment's query on the database the suite runs on (SQLite, and PostgreSQL with DATABASE_URL): the count in
SQL equals the recipients listed, and both are the people the world says."""

import pytest

from cockpit.messages import segments
from cockpit.messages.segments import Segment, SegmentError
from tests.cockpit.messages.world import message_world


@pytest.fixture
def world(app_ctx):
    return message_world()


def names(world, segment: Segment) -> list[str]:
    people = segments.recipients(world["event"], segment)
    assert segments.count(world["event"], segment) == len(people)
    return sorted(person.name.split()[0] for person in people)


def test_every_valid_ticket_holder_with_an_address(world):
    assert names(world, Segment()) == ["Ada", "Bea", "Carl", "Dora", "Emil"]


def test_by_ticket_type(world):
    assert names(world, Segment(ticket_type_id=world["types"]["Beide Tage"].id)) == ["Dora", "Emil"]


def test_by_answer_to_a_booking_question(world):
    food = world["food"].id
    assert names(world, Segment(question_id=food, answer="vegan")) == ["Ada", "Bea", "Dora"]
    assert names(world, Segment(question_id=food, answer="Fleisch")) == ["Carl"]
    assert names(world, Segment(question_id=food)) == ["Ada", "Bea", "Carl", "Dora"]  # answered at all


def test_by_stakeholder_group(world):
    assert names(world, Segment(stakeholder_group="science")) == ["Ada", "Carl", "Emil"]


def test_by_check_in_state(world):
    assert names(world, Segment(checkin="came")) == ["Ada", "Emil"]
    assert names(world, Segment(checkin="absent")) == ["Bea", "Carl", "Dora"]


def test_by_workshop_seat(world):
    assert names(world, Segment(workshop_id=world["workshop"].id)) == ["Ada", "Carl"]


def test_waiting_list(world):
    assert names(world, Segment(audience="waitlist")) == ["Olaf", "Wera"]
    assert names(world, Segment(audience="waitlist", question_id=world["food"].id, answer="vegan")) == ["Olaf", "Wera"]
    assert names(world, Segment(audience="waitlist", ticket_type_id=world["types"]["Beide Tage"].id)) == []


def test_partners_by_state_and_package(world):
    assert names(world, Segment(audience="partners", partner_state="approved")) == ["Hanna", "Nils"]
    assert names(world, Segment(audience="partners", package_id=world["package"].id)) == ["Hanna"]
    assert names(world, Segment(audience="partners", partner_state="submitted")) == ["Ostsee"]


def test_criteria_combine_with_and(world):
    segment = Segment(
        ticket_type_id=world["types"]["Tag 1"].id,
        question_id=world["food"].id,
        answer="vegan",
        checkin="absent",
    )
    assert names(world, segment) == ["Bea"]


def test_optional_messages_reach_only_consenting_ticket_holders(world):
    assert names(world, Segment(consent_only=True)) == ["Ada", "Carl", "Emil"]
    assert names(world, Segment(audience="waitlist", consent_only=True)) == []
    assert names(world, Segment(audience="partners", consent_only=True)) == []


def test_recipients_resume_after_an_id_in_order(world):
    everyone = segments.recipients(world["event"], Segment())
    rest = segments.recipients(world["event"], Segment(), after_id=everyone[1].id, limit=2)
    assert rest == everyone[2:4]
    assert everyone[2].key == f"ticket:{everyone[2].id}" and everyone[2].access_token


def test_another_events_tickets_are_never_counted(world):
    other = message_world("anders")
    assert segments.count(world["event"], Segment()) == 5
    with pytest.raises(SegmentError) as refused:
        segments.check_segment(world["event"], Segment(ticket_type_id=other["types"]["Tag 1"].id))
    assert refused.value.field == "ticket_type_id"


@pytest.mark.parametrize(
    ("segment", "field"),
    [
        (Segment(audience="everyone"), "audience"),
        (Segment(audience="partners", checkin="came"), "checkin"),
        (Segment(audience="waitlist", workshop_id=1), "workshop_id"),
        (Segment(answer="vegan"), "answer"),
        (Segment(checkin="maybe"), "checkin"),
        (Segment(stakeholder_group="aliens"), "stakeholder_group"),
        (Segment(audience="partners", partner_state="happy"), "partner_state"),
    ],
)
def test_segments_that_cannot_be_asked_for_name_the_criterion(world, segment, field):
    with pytest.raises(SegmentError) as refused:
        segments.check_segment(world["event"], segment)
    assert refused.value.field == field
