"""The ticketing package's domain error."""

from core.errors import DomainError


class BookingError(DomainError):
    """A booking rule was broken; `code` names it, `field` the form field, `ticket_type` the one concerned."""

    def __init__(self, code: str, field: str | None = None, ticket_type=None):
        super().__init__(code, field)
        self.ticket_type = ticket_type
