"""The ticketing package's domain error."""


class BookingError(Exception):
    """A booking rule was broken; `code` names it, `field` the form field, `ticket_type` the one concerned."""

    def __init__(self, code: str, field: str | None = None, ticket_type=None):
        super().__init__(code)
        self.code = code
        self.field = field
        self.ticket_type = ticket_type
