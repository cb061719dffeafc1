"""Admins manage organizer accounts; an invitee or a user with a reset link sets the password."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from cockpit.users import mails
from cockpit.users.forms import ActionForm, InviteForm, RolesForm, SetPasswordForm
from cockpit.users.messages import account_message
from core.db import utcnow
from core.extensions import db, limiter
from core.i18n import current_language
from core.security import accounts
from core.security.guards import roles_required
from core.services import AccountError

bp = Blueprint("cockpit_users", __name__)


@bp.get("/manage/users/")
@roles_required("admin")
def index():
    return render_template("cockpit/users/index.html", users=accounts.organizer_users(), is_invited=accounts.is_invited)


@bp.route("/manage/users/invite", methods=["GET", "POST"])
@roles_required("admin")
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = accounts.invite_user(form.email.data, form.name.data, form.roles.data, actor=current_user)
        except AccountError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            mails.send_invitation(user, inviter=current_user, language=current_language())
            db.session.commit()
            flash(_("The invitation to %(email)s is on its way.", email=user.email), "success")
            return redirect(url_for("cockpit_users.detail", user_id=user.id))
    return render_template("cockpit/users/invite.html", form=form)


@bp.route("/manage/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def detail(user_id):
    user = organizer_or_404(user_id)
    form = RolesForm(data={"roles": sorted(user.roles)})
    if form.validate_on_submit():
        try:
            accounts.set_roles(user, form.roles.data, actor=current_user)
        except AccountError as error:
            db.session.rollback()
            user = organizer_or_404(user_id)
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The roles of %(name)s are saved.", name=user.name), "success")
            return redirect(url_for("cockpit_users.detail", user_id=user.id))
    return render_template(
        "cockpit/users/detail.html",
        user=user,
        form=form,
        action_form=ActionForm(),
        invited=accounts.is_invited(user),
        is_invited=accounts.is_invited,
        is_self=user.id == current_user.id,
    )


@bp.post("/manage/users/<int:user_id>/deactivate")
@roles_required("admin")
def deactivate(user_id):
    return account_action(user_id, accounts.deactivate, _("%(name)s can no longer log in."))


@bp.post("/manage/users/<int:user_id>/reactivate")
@roles_required("admin")
def reactivate(user_id):
    return account_action(user_id, accounts.reactivate, _("%(name)s can log in again."))


@bp.post("/manage/users/<int:user_id>/reset")
@roles_required("admin")
def reset(user_id):
    def mail_link(user, *, actor):
        accounts.record_reset_link(user, actor=actor)
        if accounts.is_invited(user):
            mails.send_invitation(user, inviter=actor, language=current_language())
        else:
            mails.send_reset(user, language=current_language())

    return account_action(user_id, mail_link, _("A link to set the password was sent to %(name)s."))


def account_action(user_id: int, action, done: str):
    user = organizer_or_404(user_id)
    if ActionForm().validate_on_submit():
        try:
            action(user, actor=current_user)
        except AccountError as error:
            db.session.rollback()
            flash(account_message(error.code), "error")
        else:
            db.session.commit()
            flash(done % {"name": user.name}, "success")
    return redirect(url_for("cockpit_users.detail", user_id=user_id))


@bp.route("/account/<any(invitation, reset):purpose>/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def set_password(purpose, token):
    """GET shows the form and changes nothing; the POST sets the password, after which the link is spent."""
    try:
        user = accounts.user_for_link(purpose, token)
    except AccountError as error:
        return render_template("cockpit/users/link_problem.html", message=account_message(error.code)), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password_by_link(purpose, token, form.password.data, now=utcnow())
        db.session.commit()
        if current_user.is_authenticated and current_user.id != user.id:
            logout_user()  # someone else's session in this browser must not carry on as if it were theirs
        flash(_("Your password is set. Please log in."), "success")
        return redirect(url_for("core.login"))
    return render_template("cockpit/users/set_password.html", form=form, user=user, purpose=purpose)


def organizer_or_404(user_id: int):
    user = accounts.organizer(user_id)
    if user is None:
        abort(404)
    return user


def show_error(form, error: AccountError) -> None:
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = [*field.errors, account_message(error.code)]
    else:
        form.form_errors.append(account_message(error.code))
