"""Login, logout, language switch and the legal pages linked from every page."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from core import services
from core.extensions import db, limiter
from core.forms import LegalPageForm, LoginForm
from core.i18n import LANGUAGES, current_language
from core.security.guards import log_in, roles_required, safe_next_url

bp = Blueprint("core", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: _login_limit(), methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and user.email_confirmed_at is None:
            # Partner accounts sign themselves up: the address must be theirs before they act for an organization.
            return render_template("core/login.html", form=form, unconfirmed=True)
        if user is not None:
            log_in(user)
            home = url_for("dashboard.index") if user.roles else url_for("partners.dashboard")
            if user.roles == {"checkin"}:
                home = url_for("checkin.index")  # the door staff's page: the lists and their scanners
            return redirect(safe_next_url(request.args.get("next"), home))
        form.password.errors.append(_("Email or password is wrong."))
    return render_template("core/login.html", form=form)


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("You are logged out."), "success")
    response = redirect(url_for("events.index"))
    # Wipes the scanner's offline copy of the attendee list (and its service worker) from this browser.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.get("/language/<lang>")
def set_language(lang):
    """A plain link, not a form: the language is a preference, not data, and public pages then need no session
    cookie (no CSRF token in the header), which keeps them cacheable and cheap."""
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next_url(request.args.get("next"), url_for("events.index")))


@bp.get("/<any(impressum, datenschutz):slug>")
def legal(slug):
    page = services.legal_page(slug)
    lang = current_language()
    days = current_app.config["RETENTION_DAYS"]
    body = services.legal_body(page, lang, retention_days=days, default=default_legal_text(slug, lang))
    return render_template("core/legal.html", page=page, blocks=services.legal_blocks(body), lang=lang)


def default_legal_text(slug: str, lang: str) -> str:
    """The privacy policy's default text (German or English) until an admin writes one; the Impressum has none."""
    if slug != "datenschutz":
        return ""
    return render_template(f"core/privacy_default.{'en' if lang == 'en' else 'de'}.txt")


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links; answer with the icon, cached for a week."""
    response = current_app.send_static_file("favicon.ico")
    response.cache_control.public, response.cache_control.max_age = True, 7 * 24 * 3600
    return response


@bp.route("/manage/pages/<slug>", methods=["GET", "POST"])
@roles_required("admin")
def edit_legal(slug):
    if slug not in services.LEGAL_PAGES:
        abort(404)
    page = services.legal_page(slug, create=True)
    form = LegalPageForm(obj=page)
    if not form.is_submitted():  # start from the default text, whose open parts the organizers complete
        form.body_de.data = page.body_de or default_legal_text(slug, "de")
        form.body_en.data = page.body_en or default_legal_text(slug, "en")
    if form.validate_on_submit():
        services.update_legal_page(page, body_de=form.body_de.data, body_en=form.body_en.data, actor=current_user)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("core.legal", slug=slug))
    placeholder = services.RETENTION_PLACEHOLDER
    return render_template("core/edit_legal.html", page=page, form=form, placeholder=placeholder)
