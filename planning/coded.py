"""What both planners say about bad input and broken rules: a short machine `code` with `params` naming the cause,
and an English sentence from the planner's own table of templates (the app translates the codes)."""

from dataclasses import dataclass, field
from typing import ClassVar


def render(messages: dict[str, str], code: str, params: dict) -> str:
    """The English sentence for a code; a missing parameter shows as `?` rather than failing."""
    template = messages.get(code, code + " {params}")
    return template.format_map(_Lenient(params, params=params))


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "?"


class CodedError(ValueError):
    """Input a planner refuses; each planner subclasses it with its MESSAGES."""

    MESSAGES: ClassVar[dict[str, str]] = {}

    def __init__(self, code: str, **params):
        super().__init__(render(self.MESSAGES, code, params))
        self.code = code
        self.params = params


@dataclass(frozen=True)
class CodedViolation:
    """One broken hard rule, as a planner's `check` reports it; each planner subclasses it with its MESSAGES."""

    MESSAGES: ClassVar[dict[str, str]] = {}

    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.MESSAGES, self.code, self.params)

    def __str__(self) -> str:
        return self.message
