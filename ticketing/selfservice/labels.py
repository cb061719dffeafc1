"""Labels of the stored values the data page shows (states, groups), registered for the `label` filter."""

from flask_babel import lazy_gettext as _l

from core.templating import register_labels
from ticketing.booking.forms import STAKEHOLDER_LABELS

register_labels(
    "self_booking_state",
    {
        "pending": _l("waiting for your confirmation"),
        "confirmed": _l("confirmed"),
        "cancelled": _l("cancelled"),
        "expired": _l("expired"),
    },
)
register_labels(
    "self_ticket_state", {"held": _l("held, not confirmed"), "valid": _l("valid"), "cancelled": _l("cancelled")}
)
register_labels("self_stakeholder_group", STAKEHOLDER_LABELS)
register_labels(
    "self_signup_state", {"signed_up": _l("signed up"), "waiting": _l("waiting"), "cancelled": _l("cancelled")}
)
register_labels(
    "self_waitlist_state",
    {
        "waiting": _l("waiting"),
        "offered": _l("seat on offer"),
        "claimed": _l("seat taken"),
        "lapsed": _l("offer lapsed"),
        "left": _l("left the waiting list"),
    },
)
register_labels(
    "self_mail_status", {"pending": _l("queued"), "sending": _l("queued"), "sent": _l("sent"), "failed": _l("failed")}
)
register_labels("self_language", {"de": "Deutsch", "en": "English"})
