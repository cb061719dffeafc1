"""The security headers of every response: a strict Content-Security-Policy (the page's one `<style>` element by its
nonce, see core.templating), no caching of anything personal, HSTS when the public address is https, and no
referrer, framing or sniffing."""

from flask import Flask, g, request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'{nonce}; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Pages and files with somebody's data: private ticket, booking, agenda and rotation links, the organizers' and
# partners' areas, the door. A shared computer's browser cache or a proxy must not keep them.
PERSONAL_PREFIXES = ("/t/", "/booking/", "/agenda/", "/rotation/", "/waitlist/", "/manage", "/partner", "/checkin")
HSTS = "max-age=31536000; includeSubDomains"


CSP_WITHOUT_NONCE = CSP.format(nonce="")
# Private links carry their key in the path, so no referrer leaves this site either.
FIXED_HEADERS = (("Referrer-Policy", "same-origin"), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"))


def content_security_policy(nonce: str | None) -> str:
    return CSP.format(nonce=f" 'nonce-{nonce}'") if nonce else CSP_WITHOUT_NONCE


def is_personal() -> bool:
    return request.path.startswith(PERSONAL_PREFIXES) or current_user.is_authenticated


def set_security_headers(response):
    """Each header unless the view set its own (a downloaded file's policy, say)."""
    headers = response.headers
    # One pass over the few headers there are: a lookup per header name (setdefault) raised and caught a KeyError
    # for each missing one, every request.
    present = {name.lower() for name, _value in headers.items()}
    if "content-security-policy" not in present:
        headers.add("Content-Security-Policy", content_security_policy(g.get("csp_nonce")))
    for name, value in FIXED_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    if is_personal():
        headers["Cache-Control"] = "no-store"
    return response


def register_security_headers(app: Flask) -> None:
    """Headers on every response; with an https BASE_URL also HSTS, and cookies only over https."""
    app.after_request(set_security_headers)
    if app.config["BASE_URL"].startswith("https://"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
        app.after_request(set_hsts)


def set_hsts(response):
    response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
