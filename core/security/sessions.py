"""Flask's signed-cookie session, with each cookie's signature checked once per worker.

A scanner at the door, an organizer or a partner sends the same cookie with every request until the session
changes. Checking its signature meant building the signing serializer and two HMACs, on every request. A cookie
this worker has verified is now remembered with its payload and signing time. Each request still gets its own
session decoded from that payload, and the age is checked as itsdangerous checks it, so an expired cookie is
refused just as before.
"""

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadData, BadSignature, TimestampSigner, URLSafeTimedSerializer

# Cookies remembered per worker (a few hundred bytes each); past this many the memory starts empty again.
REMEMBERED_COOKIES = 2048


class VerifiedCookieSessions(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie or not app.secret_key:
            return super().open_session(app, request)
        serializer, signer, verified = self._worker_state(app)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        known = verified.get(cookie)
        if known is None:
            known = _unsigned(serializer, cookie, max_age)
            if known is None:
                return self.session_class()
            if len(verified) >= REMEMBERED_COOKIES:
                verified.clear()
            verified[cookie] = known
        payload, signed_at = known
        if not 0 <= signer.get_timestamp() - signed_at <= max_age:  # as unsign: too old, or from the future
            return self.session_class()
        try:
            return self.session_class(serializer.load_payload(payload))
        except BadData:  # signed by us, yet not a payload we can read: start afresh rather than fail
            return self.session_class()

    def _worker_state(self, app: Flask) -> tuple[URLSafeTimedSerializer, TimestampSigner, dict]:
        """The serializer and signer for the app's current keys, and the cookies verified with them."""
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        state = app.extensions.get("treffpunkt.verified_sessions")
        if state is None or state[0] != keys:
            serializer = self.get_signing_serializer(app)
            state = (keys, serializer, serializer.make_signer(serializer.salt), {})
            app.extensions["treffpunkt.verified_sessions"] = state
        return state[1:]


def _unsigned(serializer: URLSafeTimedSerializer, cookie: str, max_age: int) -> tuple[bytes, int] | None:
    """The payload and signing time of a cookie signed with the current key or a fallback (as `loads` tries them),
    or None if none signed it or it expired."""
    for signer in serializer.iter_unsigners(serializer.salt):
        try:
            payload, signed_at = signer.unsign(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:  # also an expired one (SignatureExpired)
            continue
        return payload, int(signed_at.timestamp())
    return None
