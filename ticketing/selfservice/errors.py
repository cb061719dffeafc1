"""Self-service's domain error and its texts."""

from flask_babel import lazy_gettext as _l

from core.errors import DomainError

MESSAGES = {
    "checked_in": _l("This ticket has already been checked in; its name can no longer be changed."),
    "cancelled": _l("This ticket is cancelled; its name can no longer be changed."),
    "name_required": _l("Please enter a name."),
    "too_long": _l("Please use at most 200 characters."),
}


class SelfServiceError(DomainError):
    """A self-service request was refused; `code` names the rule."""


def message_for(error: SelfServiceError) -> str:
    return str(MESSAGES[error.code])
