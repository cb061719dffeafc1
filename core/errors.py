"""The base of every package's domain error: a short machine `code` and, where it belongs to one, the form `field`."""


class DomainError(Exception):
    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.field = field
