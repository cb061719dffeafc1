"""Hypothesis strategies for hostile input: form values, whole form bodies, query strings and JSON documents."""

from hypothesis import strategies as st

from tests.fuzz.forms import FormFields

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)  # surrogates cannot be encoded at all
WORDS = [
    "", " ", "a\x00b", "\x00", "line\r\nInjected: 1", "\r\n", "x" * 300, "ü" * 5000, "Ǆ🙂\u202e\ufeff",
    "<script>alert(1)</script>", "'; DROP TABLE event; --", "../../etc/passwd", "%00", "\\\\evil", "//evil.example",
    "javascript:alert(1)", "-1", "0", "1", "2", "2147483647", "2147483648", "-2147483649", "9" * 40, "1e309", "NaN",
    "inf", "-0", "1.5", "٣", "0x10", "true", "null", "[]", "{}", "on", "2026-13-45", "0001-01-01", "9999-12-31",
    "9999-12-31T23:59", "2026-02-30T25:61", "23:60", "00:00", "de", "en", "xx",
]  # fmt: skip
HOSTILE = st.one_of(st.sampled_from(WORDS), TEXT, st.integers().map(str), st.floats().map(str))
EXTRA_NAMES = st.sampled_from(["id", "event_id", "state", "role", "is_admin", "next", "csrf_token[]", "x", "\x00"])


def field_value(offered: set[str]):
    """A value for one field: one the page offers (so some requests pass), a hostile one, or several."""
    single = st.one_of(st.sampled_from(sorted(offered)), HOSTILE) if offered else HOSTILE
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


@st.composite
def form_body(draw, fields: FormFields | None, token: str):
    """A form as a browser could never send it: fields missing, values hostile, extra fields added."""
    known = dict(fields.names) if fields else {}
    known.pop("csrf_token", None)
    body = {}
    for name, offered in sorted(known.items()):
        if name in (fields.files if fields else ()) or draw(st.integers(0, 5)) == 0:
            continue  # a missing field
        body[name] = draw(field_value(offered))
    for _ in range(draw(st.integers(0, 2))):
        body.setdefault(draw(st.one_of(EXTRA_NAMES, TEXT.filter(bool))), draw(field_value(set())))
    body["csrf_token"] = token
    return body


@st.composite
def query(draw, names: dict[str, set[str]]):
    """A query string of the names a page reads, with the values it offers or hostile ones."""
    chosen = draw(st.lists(st.sampled_from(sorted(names)), max_size=4, unique=True)) if names else []
    return {name: draw(field_value(names[name])) for name in chosen}


JSON_KEYS = [
    "scans", "client_id", "code", "ticket_id", "scanned_at", "gate", "offline", "contribution_id", "room_id",
    "starts_at", "round", "table_id", "id", "day",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(2**63), 2**63), st.floats(), TEXT, HOSTILE,
    st.sampled_from(["2026-06-01T10:00:00+02:00", "2026-06-01T10:00", "12345678-client"]),
)  # fmt: skip


def json_document(world_values: list):
    """Random JSON: scalars, lists and objects, with keys the app's JSON endpoints read and values of the world."""
    leaves = st.one_of(SCALARS, st.sampled_from(world_values))
    keys = st.one_of(st.sampled_from(JSON_KEYS), TEXT)
    return st.recursive(
        leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6), max_leaves=12
    )
