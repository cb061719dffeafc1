"""The real forms of the app: fields read from the HTML of every page, keyed by the rule they post (or get) to."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import HTTPException

BINARY_SUFFIXES = (".pdf", ".ics", ".csv", ".xlsx", ".json", ".xml", ".js", ".png")


@dataclass
class FormFields:
    """A form's field names with the values the page offers (its defaults and choices)."""

    names: dict[str, set[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)

    def add(self, name: str, value: str | None) -> None:
        values = self.names.setdefault(name, set())
        if value is not None:
            values.add(value)

    def merge(self, other: "FormFields") -> None:
        for name, values in other.names.items():
            self.names.setdefault(name, set()).update(values)
        self.files |= other.files


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, str, FormFields]] = []  # (action, method, fields)
        self.current: FormFields | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = FormFields()
            self.forms.append((a.get("action") or "", (a.get("method") or "get").upper(), self.current))
            return
        target = self.current
        if a.get("form") is not None or target is None or not a.get("name"):
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                target.files.add(a["name"])
            target.add(a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag in ("button",) and a.get("value") is not None:
            target.add(a["name"], a["value"])
        elif tag == "select":
            self.select = a["name"]
            target.add(a["name"], None)
        elif tag == "textarea":
            self.textarea = a["name"]
            target.add(a["name"], None)
        elif tag == "option" and self.select:
            target.add(self.select, a.get("value"))

    def handle_data(self, data):
        if self.textarea and self.current is not None and data.strip():
            self.current.add(self.textarea, data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def rule_of(app, path: str, method: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        rule, _ = adapter.match(urlsplit(path).path, method=method, return_rule=True)
    except HTTPException:
        return None
    return rule.rule


def read_forms(app, page_path: str, html: str, found: dict[tuple[str, str], FormFields]) -> None:
    parser = FormParser()
    parser.feed(html)
    for action, method, fields in parser.forms:
        rule = rule_of(app, urljoin(page_path, action or page_path), method)
        if rule is not None:
            found.setdefault((rule, method), FormFields()).merge(fields)


def crawl(client, app, paths: list[str], found: dict[tuple[str, str], FormFields]) -> dict[str, str]:
    """Open every HTML page of `paths` and collect its forms; answer the pages that failed (the fuzz test reports
    them: a page that fails cannot show its form)."""
    failed = {}
    for path in paths:
        if path.endswith(BINARY_SUFFIXES):
            continue
        try:
            response = client.get(path)
        except Exception as error:  # noqa: BLE001 - any escaping exception is a finding, reported by the test
            failed[path] = f"{type(error).__name__}: {error}"
            continue
        if response.status_code == 200 and response.mimetype == "text/html":
            read_forms(app, path, response.text, found)
    return failed
