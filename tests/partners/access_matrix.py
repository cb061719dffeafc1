"""The access table's vocabulary: the roles it checks and one row per route.

A row names a route by its rule as `app.url_map` spells it and gives the expected answer for every role. Roles:

- anonymous: not logged in;
- member_of_a: an owner of organization A acting on organization B's objects;
- member: a member (not owner) of B; owner: an owner of B;
- checkin, program, admin: organizer accounts with that one role.

The path is the rule with its `<int:NAME_id>` parts filled from the test's world (B's objects; see `PLACEHOLDERS`);
rules with other parts (`<token>`, `<any(...)>`, `<slug>`) give the path explicitly with `{placeholders}`.

Expected answers are status codes, or LOGIN for a redirect to the login page. GET rows are requested as GET; POST
rows (routes without GET) are posted with a valid CSRF token by every role the row refuses, and the database must
be unchanged afterwards. Routes with both methods are also posted by the roles they refuse.
"""

import re
from dataclasses import dataclass, field

ROLES = ("anonymous", "member_of_a", "member", "owner", "checkin", "program", "admin")
LOGIN = "login"
REFUSALS = (LOGIN, 400, 403, 404, 405)

# What the world of tests/partners/test_access.py offers: every object belongs to the event and, where it belongs to
# an organization, to B.
PLACEHOLDERS = (
    "event", "event_slug", "organization", "user", "invitation", "invitation_token", "confirm_token", "reset_token",
    "package", "staff", "message", "contribution", "room", "track", "speaker", "quota", "ticket_type", "question",
    "ticket", "workshop", "event_day",
)  # fmt: skip
INT_PART = re.compile(r"<int:(\w+)_id>")


@dataclass(frozen=True)
class Row:
    rule: str
    anonymous: int | str
    member_of_a: int | str
    member: int | str
    owner: int | str
    checkin: int | str
    program: int | str
    admin: int | str
    path: str | None = None
    method: str = "GET"
    expected: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "expected", {role: getattr(self, role) for role in ROLES})

    def url(self, world: dict) -> str:
        template = self.path or INT_PART.sub(lambda m: "{" + m.group(1) + "}", self.rule)
        if "<" in template:
            raise AssertionError(f"row {self.rule}: give the path explicitly")
        return template.format(**world)


def organizer_row(rule: str, allowed: tuple[str, ...], ok: int = 200, **kwargs) -> Row:
    """An organizer page: login for anonymous, 403 for partner users and other roles, `ok` for `allowed`."""
    answers = {role: (ok if role in allowed else 403) for role in ("checkin", "program", "admin")}
    return Row(rule, anonymous=LOGIN, member_of_a=403, member=403, owner=403, **answers, **kwargs)
