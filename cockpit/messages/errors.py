"""The messages' domain error and its texts (in the reader's language)."""

from flask_babel import lazy_gettext as _l

from core.errors import DomainError

TEXTS = {
    "subject_empty": _l("Please write a subject."),
    "body_empty": _l("Please write the message."),
    "english_incomplete": _l("Write both an English subject and text, or neither (then everyone gets German)."),
    "segment_empty": _l("Nobody matches these recipients. Change the selection."),
    "audience_unknown": _l("Please choose who the message is for."),
    "criterion_not_for_audience": _l("This criterion does not apply to the chosen recipients."),
    "answer_without_question": _l("Choose the question this answer belongs to."),
    "value_unknown": _l("Please choose one of the offered values."),
    "not_a_draft": _l("This message has been sent already; it cannot be changed or sent again."),
    "no_test_address": _l("Your account has no address a test mail could go to."),
    "not_queued": _l("This message has not been sent yet."),
    "not_resumable": _l("This message is being queued or has been queued completely."),
    "series_not_published": _l(
        "Publish the event first: the contacts of the series can only be invited to a published edition."
    ),
    "unsubscribe_missing": _l(
        "Mails to the contacts of the series must contain the unsubscribe link: add {abmelde_link} (or "
        "{unsubscribe_link})."
    ),
}


class MessageError(DomainError):
    """A message that cannot be saved or sent as asked; `problems` lists (field, text) pairs for the form."""

    def __init__(self, code: str, field: str | None = None, problems: list[tuple[str | None, object]] | None = None):
        super().__init__(code, field)
        self.problems = problems or [(field, TEXTS[code])]  # lazy: read in the reader's language
