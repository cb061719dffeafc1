"""One text per `AccountError` code the user pages can meet."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "email_invalid": _l("Please enter a valid email address."),
    "email_taken": _l("An account with this email address exists already."),
    "roles_required": _l("An organizer needs at least one role. To take every role away, deactivate the account."),
    "own_admin_role": _l("You cannot take away your own admin role; another admin can."),
    "last_admin": _l("This is the last active admin: make someone else an admin first."),
    "own_account": _l("You cannot deactivate your own account."),
    "inactive": _l("This account is deactivated: reactivate it first."),
    "password_too_short": _l("The password needs at least 10 characters."),
    "link_invalid": _l("This link is invalid or has expired. Please ask for a new one."),
    "link_used": _l("This link has been used already."),
}


def account_message(code: str) -> str:
    text = MESSAGES.get(code)
    return str(text) if text is not None else code
