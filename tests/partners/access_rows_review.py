"""The expected answer of every organizer partner route and every partner route for booth staff and contributions,
per role: `EXPECTED` (checked by tests/partners/review/test_review.py) and the same as access-table rows, `ROWS` (for
tests/partners/test_access.py; a plain member of B may do what its owner may).

How a row is requested: GET when the route allows it, else a POST with a valid CSRF token and no other data.
Ids: "owner" asks for its own organization A's objects, "other_member" (owner of A) for organization B's, every
other role for A's. A POST answers 302 when the view acts or refuses with a flash and redirects, 200 when it shows
the form again with its errors. Converters `<any(...)>` are filled with their first choice.
"""

from tests.partners.access_matrix import LOGIN, Row

ORGANIZER = {"anonymous": 302, "other_member": 403, "owner": 403, "checkin": 403, "program": 200, "admin": 200}
ORGANIZER_REDIRECT = ORGANIZER | {"program": 302, "admin": 302}
PARTNER = {"anonymous": 302, "other_member": 404, "owner": 200, "checkin": 404, "program": 404, "admin": 404}
PARTNER_REDIRECT = PARTNER | {"owner": 302}
MANAGE = "/manage/events/<int:event_id>/partners"
PARTNER_ORG = "/partner/organizations/<int:organization_id>"

EXPECTED = {
    MANAGE: ORGANIZER,
    f"{MANAGE}/packages/new": ORGANIZER,
    f"{MANAGE}/packages/<int:package_id>": ORGANIZER,
    f"{MANAGE}/packages/<int:package_id>/delete": ORGANIZER_REDIRECT,  # refused: approved organizations hold it
    f"{MANAGE}/call": ORGANIZER,
    f"{MANAGE}/organizations/<int:organization_id>": ORGANIZER,
    f"{MANAGE}/organizations/<int:organization_id>/decide": ORGANIZER,  # no decision chosen: the form again
    f"{MANAGE}/organizations/<int:organization_id>/assign": ORGANIZER,  # no package chosen: the form again
    f"{MANAGE}/organizations/<int:organization_id>/comment": ORGANIZER,  # no comment written: the form again
    f"{MANAGE}/export/<any(organizations, staff):table>.<any(csv, xlsx):fmt>": ORGANIZER,
    f"{MANAGE}/contributions": ORGANIZER,
    f"{MANAGE}/contributions/<int:contribution_id>": ORGANIZER,
    # several reviewers per contribution (partners/review/scoring); a POST without data shows its form again
    f"{MANAGE}/reviews": ORGANIZER,
    f"{MANAGE}/reviews/mine": ORGANIZER,
    f"{MANAGE}/reviews/decide": ORGANIZER,
    f"{MANAGE}/reviews/assign": ORGANIZER,
    f"{MANAGE}/contributions/<int:contribution_id>/reviewers": ORGANIZER,
    f"{MANAGE}/contributions/<int:contribution_id>/score": ORGANIZER,
    f"{PARTNER_ORG}/staff": PARTNER,
    f"{PARTNER_ORG}/staff/<int:staff_id>/remove": PARTNER_REDIRECT,
    f"{PARTNER_ORG}/contributions": PARTNER,
    f"{PARTNER_ORG}/contributions/new": PARTNER,
    f"{PARTNER_ORG}/contributions/<int:contribution_id>": PARTNER,
}

POST_ONLY = {
    f"{MANAGE}/organizations/<int:organization_id>/decide",
    f"{MANAGE}/organizations/<int:organization_id>/assign",
    f"{MANAGE}/organizations/<int:organization_id>/comment",
    f"{MANAGE}/packages/<int:package_id>/delete",
    f"{PARTNER_ORG}/staff/<int:staff_id>/remove",
    f"{MANAGE}/reviews/decide",
    f"{MANAGE}/reviews/assign",
    f"{MANAGE}/contributions/<int:contribution_id>/reviewers",
    f"{MANAGE}/contributions/<int:contribution_id>/score",
}
PATHS = {
    f"{MANAGE}/export/<any(organizations, staff):table>.<any(csv, xlsx):fmt>": (
        "/manage/events/{event}/partners/export/organizations.csv"
    ),
}


def as_row(rule: str, expected: dict) -> Row:
    answer = {role: (LOGIN if code == 302 and role == "anonymous" else code) for role, code in expected.items()}
    return Row(
        rule,
        anonymous=answer["anonymous"],
        member_of_a=answer["other_member"],
        member=answer["owner"],
        owner=answer["owner"],
        checkin=answer["checkin"],
        program=answer["program"],
        admin=answer["admin"],
        path=PATHS.get(rule),
        method="POST" if rule in POST_ONLY else "GET",
    )


ROWS = [as_row(rule, expected) for rule, expected in EXPECTED.items()]
