"""The partner portal: registering an organization with an account, confirming the address, resetting the
password, the dashboard, an organization's page with its members and invitations, and the public profile.

Links in emails open a page with one button; only the POST acts (mail gateways open links to scan them).
"""

from functools import wraps

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from core.db import utcnow
from core.extensions import db, limiter
from core.i18n import current_language
from core.security.guards import log_in
from events.forms import ConfirmForm
from events.services import published_event, upcoming_events
from partners.access import member_required
from partners.models import Invitation
from partners.portal import accounts, organizations, uploads
from partners.portal.errors import PortalError, attach_error, message_for
from partners.portal.forms import (
    EmailForm,
    InvitationForm,
    JoinWithAccountForm,
    LogoForm,
    NewPasswordForm,
    ProfileForm,
    RegistrationForm,
)
from partners.portal.organizations import Profile, Registration

bp = Blueprint("partners", __name__, url_prefix="/partner")


def _mail_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def partner_required(view):
    """Pages for partner accounts: anonymous users log in first; organizer accounts have no partner portal."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("core.login", next=request.full_path.rstrip("?")))
        if current_user.roles:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.get("")
@partner_required
def dashboard():
    memberships = organizations.memberships_of(current_user)
    return render_template("partners/portal/dashboard.html", memberships=memberships)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_mail_limit, methods=["POST"])
def register():
    if current_user.is_authenticated and current_user.roles:
        abort(403)
    event = published_event(request.args.get("event", ""))
    if event is None or not organizations.accepts_registrations(event, utcnow()):
        events = [e for e in upcoming_events(utcnow()) if organizations.accepts_registrations(e, utcnow())]
        return render_template("partners/portal/choose_event.html", events=events)
    form = RegistrationForm()
    form.set_packages(organizations.event_packages(event))
    form.set_topics(organizations.event_topics(event))
    if current_user.is_authenticated:
        form.without_account()
    if form.validate_on_submit():
        try:
            organization = _register(event, form)
        except PortalError as error:
            db.session.rollback()
            attach_error(form, error)
        except IntegrityError:
            # The same address sent twice at once (a double click): the unique email decided, the other one won.
            db.session.rollback()
            attach_error(form, PortalError("email_taken", "email"))
        else:
            db.session.commit()
            if current_user.is_authenticated:
                flash(_("Thank you! The organizers will review your registration."), "success")
                return redirect(url_for("partners.organization", organization_id=organization.id))
            flash(_("Thank you! Please confirm your email address with the link we have just sent you."), "success")
            return redirect(url_for("partners.resend_confirmation"))
    return render_template("partners/portal/register.html", form=form, event=event)


def _register(event, form: RegistrationForm):
    """The new account (unless logged in) and the organization, in one transaction."""
    user = current_user._get_current_object() if current_user.is_authenticated else None
    if user is None:
        user = accounts.create_partner_user(form.email.data, form.account_name.data, form.password.data)
    # A field left out of the request (not every client sends empty ones) is empty, not None.
    values = {name: getattr(form, name).data for name in REGISTRATION_FIELDS}
    details = Registration(
        **{name: "" if value is None and name in TEXT_FIELDS else value for name, value in values.items()}
    )
    details.topic_ids = form.topic_ids.data or []
    organization = organizations.register_organization(event, user, details, now=utcnow())
    if not current_user.is_authenticated:
        accounts.send_confirmation_mail(user, language=current_language())
    return organization


REGISTRATION_FIELDS = (
    "name", "kind", "address", "website", "description_de", "description_en", "contact_name", "contact_email",
    "contact_phone", "package_id", "booth_wishes", "needs_power", "needs_internet", "wants_corner",
)  # fmt: skip
TEXT_FIELDS = (
    "name", "address", "website", "description_de", "description_en", "contact_name", "contact_email",
    "contact_phone", "booth_wishes",
)  # fmt: skip
PROFILE_FIELDS = ("description_de", "description_en", "website", "contact_name", "contact_email", "contact_phone")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    try:
        user = accounts.user_to_confirm(token)
        if request.method == "POST":
            accounts.confirm_email(token, now=utcnow())
            db.session.commit()
            flash(_("Thank you! Your email address is confirmed. Please log in."), "success")
            return redirect(url_for("core.login", next=url_for("partners.dashboard")))
    except PortalError as error:
        return render_template("partners/portal/link_problem.html", message=message_for(error.code), code=error.code)
    return render_template("partners/portal/confirm.html", user=user, form=ConfirmForm())


@bp.route("/confirm", methods=["GET", "POST"])
@limiter.limit(_mail_limit, methods=["POST"])
def resend_confirmation():
    form = EmailForm()
    if form.validate_on_submit():
        accounts.request_confirmation_mail(form.email.data, language=current_language())
        db.session.commit()
        flash(_("If an unconfirmed account has this address, a new link is on its way."), "success")
        return redirect(url_for("partners.resend_confirmation"))
    return render_template("partners/portal/resend_confirmation.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_mail_limit, methods=["POST"])
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data, language=current_language())
        db.session.commit()
        flash(_("If a partner account has this address, a link to set a new password is on its way."), "success")
        return redirect(url_for("core.login"))
    return render_template("partners/portal/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        accounts.user_to_reset(token)
    except PortalError as error:
        return render_template("partners/portal/link_problem.html", message=message_for(error.code), code=error.code)
    form = NewPasswordForm()
    if form.validate_on_submit():
        accounts.reset_password(token, form.password.data, now=utcnow())
        db.session.commit()
        flash(_("Your new password is set. Please log in."), "success")
        return redirect(url_for("core.login"))
    return render_template("partners/portal/reset_password.html", form=form)


@bp.get("/organizations/<int:organization_id>")
@member_required()
def organization(organization):
    return render_template(
        "partners/portal/organization.html",
        organization=organization,
        membership=g.membership,
        invitations=organizations.open_invitations(organization, utcnow()),
        invitation_form=InvitationForm(),
        action_form=ConfirmForm(),
    )


@bp.route("/organizations/<int:organization_id>/profile", methods=["GET", "POST"])
@member_required()
def profile(organization):
    topics = organizations.event_topics(organization.event)
    form = ProfileForm(obj=organization)
    form.set_topics(topics)
    if organization.is_approved and form.validate_on_submit():
        details = Profile(**{name: getattr(form, name).data or "" for name in PROFILE_FIELDS})
        details.topic_ids = form.topic_ids.data or []
        try:
            organizations.update_profile(organization, details, actor=current_user)
        except PortalError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The profile is saved."), "success")
            return redirect(url_for("partners.profile", organization_id=organization.id))
    return render_template("partners/portal/profile.html", organization=organization, form=form, logo_form=LogoForm())


@bp.post("/organizations/<int:organization_id>/logo")
@member_required()
def upload_logo(organization):
    form = LogoForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.logo.errors)) or message_for("upload_not_image"), "error")
        return redirect(url_for("partners.profile", organization_id=organization.id))
    directory = uploads.upload_dir(current_app.instance_path)
    try:
        name = uploads.store_image(form.logo.data.read(uploads.MAX_UPLOAD_BYTES + 1), directory)
        old = organizations.set_logo(organization, name, actor=current_user)
    except PortalError as error:
        db.session.rollback()
        flash(message_for(error.code), "error")
    else:
        db.session.commit()
        uploads.remove_image(old, directory)
        flash(_("The logo is saved."), "success")
    return redirect(url_for("partners.profile", organization_id=organization.id))


@bp.errorhandler(413)
def too_large(error):
    """A file beyond MAX_CONTENT_LENGTH: the page it came from says so, instead of a bare error page."""
    organization_id = (request.view_args or {}).get("organization_id")
    if request.endpoint != "partners.upload_logo" or organization_id is None:
        message = _("What you sent is too large. Please send something smaller.")
        return render_template("errors/error.html", status=413, title=_("Too large"), message=message), 413
    flash(message_for("upload_too_large"), "error")
    return redirect(url_for("partners.profile", organization_id=organization_id), 303)


@bp.post("/organizations/<int:organization_id>/invitations")
@member_required(owner=True)
def invite(organization):
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            organizations.invite(
                organization, form.email.data, by=current_user, now=utcnow(), language=current_language()
            )
        except PortalError as error:
            db.session.rollback()
            flash(message_for(error.code), "error")
        else:
            db.session.commit()
            flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
    else:
        flash(" ".join(map(str, form.email.errors)), "error")
    return redirect(url_for("partners.organization", organization_id=organization.id))


@bp.post("/organizations/<int:organization_id>/invitations/<int:invitation_id>/revoke")
@member_required(owner=True)
def revoke_invitation(organization, invitation_id):
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organization_id != organization.id:
        abort(404)
    return _act(organization, lambda: organizations.revoke_invitation(invitation, now=utcnow()),
                _("The invitation is withdrawn."))  # fmt: skip


@bp.post("/organizations/<int:organization_id>/members/<int:user_id>/remove")
@member_required(owner=True)
def remove_member(organization, user_id):
    # An owner who leaves can no longer see the organization's page: back to the dashboard then.
    leaving = url_for("partners.dashboard") if user_id == current_user.id else None
    return _act(organization, lambda: organizations.remove_member(organization, user_id, actor=current_user),
                _("The member is removed."), then=leaving)  # fmt: skip


@bp.post("/organizations/<int:organization_id>/members/<int:user_id>/role/<any(owner, member):role>")
@member_required(owner=True)
def set_role(organization, user_id, role):
    return _act(organization, lambda: organizations.set_role(organization, user_id, role, actor=current_user),
                _("The role is changed."))  # fmt: skip


def _act(organization, action, done: str, *, then: str | None = None):
    """One-button actions on an organization's page: run, commit, say what happened, back to the page (or `then`
    when it worked)."""
    page = url_for("partners.organization", organization_id=organization.id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        action()
    except PortalError as error:
        db.session.rollback()
        flash(message_for(error.code), "error")
        return redirect(page)
    db.session.commit()
    flash(done, "success")
    return redirect(then or page)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token):
    try:
        found = organizations.invitation_by_token(token)
    except PortalError:
        abort(404)
    form = JoinWithAccountForm()
    try:
        organizations.check_invitation(found, utcnow())
        if request.method == "POST" and (current_user.is_authenticated or form.validate_on_submit()):
            return _join(found, form)
    except IntegrityError:  # an account for this address was made meanwhile (a double click)
        db.session.rollback()
        attach_error(form, PortalError("email_taken", "email"))
    except PortalError as error:
        db.session.rollback()
        if error.field is None:
            return render_template("partners/portal/invitation.html", invitation=found, problem=message_for(error.code))
        attach_error(form, error)
    has_account = accounts.user_by_email(found.email) is not None
    return render_template(
        "partners/portal/invitation.html",
        invitation=found,
        form=form,
        has_account=has_account,
        action_form=ConfirmForm(),
    )


def _join(invitation: Invitation, form: JoinWithAccountForm):
    """Join as the logged-in user, or with a new account whose address the invitation has just proven."""
    now = utcnow()
    if current_user.is_authenticated:
        if not ConfirmForm().validate_on_submit():
            abort(400)
        user = current_user._get_current_object()
    else:
        user = accounts.create_partner_user(invitation.email, form.name.data, form.password.data, confirmed_at=now)
    organizations.accept_invitation(invitation, user, now=now)
    db.session.commit()
    if not current_user.is_authenticated:
        log_in(user)
    flash(_("Welcome! You are now a member of %(name)s.", name=invitation.organization.name), "success")
    return redirect(url_for("partners.organization", organization_id=invitation.organization_id))
