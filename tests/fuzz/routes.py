"""The fuzz targets, read from `app.url_map` at run time (routes added later are fuzzed too): every rule taking
POST, PUT, PATCH or DELETE, and every GET rule, with its path parts filled from the world. A rule with an
`<any(a, b)>` part gives one target per choice."""

import re
from dataclasses import dataclass
from itertools import product
from urllib.parse import quote

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
PART = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")
# `<token>` means a different private link under each prefix.
TOKENS = (
    ("/t/", "ticket_token"), ("/booking/", "booking_token"), ("/waitlist/", "waitlist_token"),
    ("/rotation/", "rotation_token"), ("/partner/confirm/", "confirm_token"),
    ("/partner/password/reset/", "reset_token"), ("/partner/invitations/", "invitation_token"),
)  # fmt: skip
# Integer parts whose name is not the world's key.
INT_KEYS = {
    ("/booking/", "ticket_id"): "booking_ticket", ("/workshops/", "contribution_id"): "workshop",
    ("", "list_id"): "list", ("", "cafe_id"): "cafe",
}  # fmt: skip
OTHER_PARTS = {"feed_token": "feed_token", "lang": "en", "name": "missing.png", "filename": "css/treffpunkt.css"}
UNKNOWN_INT = 1  # a part the world does not know yet (a route added after this test): fuzzed all the same


@dataclass(frozen=True)
class Target:
    rule: str
    endpoint: str
    method: str
    path: str


def path_value(rule: str, converter: str | None, name: str, world: dict) -> str:
    if converter == "int":
        for (fragment, part), key in INT_KEYS.items():
            if part == name and fragment in rule:
                return str(world[key])
        return str(world.get(name.removesuffix("_id"), UNKNOWN_INT))
    if name == "token":
        return next((world[key] for prefix, key in TOKENS if rule.startswith(prefix)), "no-such-token")
    if name == "slug":
        return world["legal_slug"] if rule.startswith("/manage/pages/") else world["event_slug"]
    value = OTHER_PARTS.get(name, world.get(name, "x"))
    return str(value)


def fill(rule: str, world: dict) -> list[str]:
    """The paths of a rule: one per combination of its `any()` choices."""
    parts = list(PART.finditer(rule))
    choices = []
    for part in parts:
        converter, arguments, name = part.groups()
        if converter == "any":
            choices.append([c.strip().strip("'\"") for c in arguments.split(",")])
        else:
            choices.append([quote(path_value(rule, converter, name, world), safe="/")])
    return [substituted(rule, combination) for combination in product(*choices)]


def substituted(rule: str, values: tuple[str, ...]) -> str:
    remaining = iter(values)
    return PART.sub(lambda _: next(remaining), rule)


def targets(app, world: dict) -> list[Target]:
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint == "static":
            continue
        methods = [m for m in (*STATE_CHANGING, "GET") if m in rule.methods]
        for method in methods:
            found += [Target(rule.rule, rule.endpoint, method, path) for path in fill(rule.rule, world)]
    return found
