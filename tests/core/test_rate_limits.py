"""The limits declared on the views bite, though the app skips Flask-Limiter's check before every request (it looks
only for default and application-wide limits, and Treffpunkt declares none)."""

from core.extensions import limiter
from tests.factories import csrf_from
from tests.ticketing.booking_helpers import event_on_sale


def test_the_booking_limit_refuses_the_third_post_in_a_minute_and_books_nothing_more(app, app_ctx, client):
    app.config["BOOKING_RATE_LIMIT"] = "2 per minute"
    event_on_sale()
    token = csrf_from(client.get("/e/noerd/book").text)

    statuses = [client.post("/e/noerd/book", data={"csrf_token": token}).status_code for _ in range(3)]
    page = client.get("/e/noerd/book")

    assert statuses == [200, 200, 429]  # an empty form is answered with its errors, until the limit
    assert page.status_code == 200  # looking at the form is never limited


def test_the_limits_are_checked_by_their_views_only(app):
    assert limiter.limit_manager.default_limits == [] and limiter.limit_manager.application_limits == []
    assert limiter._check_request_limit not in app.before_request_funcs[None]


def test_only_a_limited_view_answers_with_rate_limit_headers(app, app_ctx, client):
    event_on_sale()
    form = client.get("/e/noerd/book")
    posted = client.post("/e/noerd/book", data={"csrf_token": csrf_from(form.text)})
    again = client.post("/e/noerd/book", data={"csrf_token": csrf_from(form.text)})

    assert "X-RateLimit-Limit" not in form.headers and "X-RateLimit-Limit" not in client.get("/").headers
    assert posted.headers["X-RateLimit-Limit"] == "30"
    assert int(again.headers["X-RateLimit-Remaining"]) == int(posted.headers["X-RateLimit-Remaining"]) - 1
