from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.models import AuditLog
from events import services
from events.models import Event
from tests.factories import make_event


def details_of(event):
    return services.EventDetails(**{f: getattr(event, f) for f in services.EventDetails.__dataclass_fields__})


def test_create_event_starts_as_draft_and_is_audited(app_ctx):
    event = make_event(status="draft")

    assert event.status == "draft"
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.target == "noerd")) == "event.create"


def test_create_event_rejects_taken_slug(app_ctx):
    event = make_event("noerd")

    with pytest.raises(services.EventError) as error:
        services.create_event(replace(details_of(event), name="Andere"), actor=None)

    assert (error.value.code, error.value.field) == ("slug_taken", "slug")


def test_update_event_rejects_end_before_start_and_keeps_times(app_ctx):
    event = make_event()
    original_end = event.ends_at

    with pytest.raises(services.EventError) as error:
        services.update_event(
            event, replace(details_of(event), ends_at=event.starts_at - timedelta(hours=1)), actor=None
        )
    db.session.rollback()

    assert error.value.code == "ends_before_start"
    assert db.session.get(Event, event.id).ends_at == original_end


def test_registration_must_close_after_opening_and_before_the_end(app_ctx):
    event = make_event()
    details = details_of(event)

    with pytest.raises(services.EventError) as early:
        services.update_event(event, replace(details, registration_closes_at=details.registration_opens_at), actor=None)
    with pytest.raises(services.EventError) as late:
        services.update_event(
            event, replace(details, registration_closes_at=details.ends_at + timedelta(1)), actor=None
        )

    assert (early.value.code, late.value.code) == (
        "registration_closes_before_opening",
        "registration_closes_after_event",
    )


def test_changing_privacy_text_raises_its_version(app_ctx):
    event = make_event()

    services.update_event(event, replace(details_of(event), privacy_text="Neuer Text"), actor=None)
    services.update_event(event, replace(details_of(event), name="Gleicher Datenschutz"), actor=None)

    assert event.privacy_version == 2


def test_event_days_are_counted_in_its_timezone(app_ctx):
    event = make_event(days=2)

    assert len(event.days) == 2
    assert event.days[1] - event.days[0] == timedelta(days=1)


def test_upcoming_events_lists_published_future_events_soonest_first(app_ctx):
    later = make_event("later", starts_in_days=90)
    sooner = make_event("sooner", starts_in_days=30)
    make_event("draft", status="draft")
    make_event("archived", status="archived")
    make_event("over", starts_in_days=-10, registration_opens_at=utcnow() - timedelta(days=30),
               registration_closes_at=utcnow() - timedelta(days=12))  # fmt: skip

    assert [e.slug for e in services.upcoming_events(utcnow())] == [sooner.slug, later.slug]


def test_registration_state_follows_the_window(app_ctx):
    event = make_event()

    assert event.registration_state(event.registration_opens_at - timedelta(seconds=1)) == "not_yet"
    assert event.registration_state(event.registration_opens_at) == "open"
    assert event.registration_state(event.registration_closes_at) == "closed"


def test_save_question_requires_two_options_for_a_choice(app_ctx):
    event = make_event()

    with pytest.raises(services.EventError) as error:
        services.save_question(event, label="Wie?", kind="choice", choices_text="nur eine")

    assert error.value.code == "choice_needs_two_options"
    assert event.questions == []


def test_questions_keep_their_order_after_a_delete(app_ctx):
    event = make_event()
    first = services.save_question(event, label="Eins", kind="text")
    services.save_question(event, label="Zwei", kind="yesno", is_required=True)
    services.save_question(event, label="Drei", kind="choice", choices_text="a\n\n b \nc")
    db.session.commit()

    services.delete_question(first, actor=None)
    db.session.commit()

    assert [(q.label, q.position) for q in event.questions] == [("Zwei", 0), ("Drei", 1)]
    assert event.questions[1].choices == ["a", "b", "c"]
    assert (
        db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "question.delete")) == 1
    )
