"""Partner pages for booth staff: register people within the package's passes (each gets an exhibitor ticket) and
take them off again. Members of the organization only; anyone else gets 404."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.db import utcnow
from core.extensions import db
from events.forms import ConfirmForm
from partners.access import member_required
from partners.models import BoothStaff, Organization
from partners.rules import PartnerError, attach_error, message_for
from partners.staff import passes as booth_staff
from partners.work_forms import StaffForm

bp = Blueprint("partner_staff", __name__, url_prefix="/partner/organizations/<int:organization_id>/staff")


@bp.route("", methods=["GET", "POST"])
@member_required()
def index(organization: Organization):
    form = StaffForm()
    if form.validate_on_submit():
        try:
            person = booth_staff.add_staff(
                organization, name=form.name.data, email=form.email.data, actor=current_user, now=utcnow()
            )
        except PartnerError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is registered; the ticket is on its way to %(email)s.",
                    name=person.name,
                    email=person.email,
                ),
                "success",
            )
            return redirect(staff_url(organization))
    return render_page(organization, form)


@bp.post("/<int:staff_id>/remove")
@member_required()
def remove(organization: Organization, staff_id: int):
    person = db.session.get(BoothStaff, staff_id)
    if person is None or person.organization_id != organization.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        name = person.name
        booth_staff.remove_staff(person, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("%(name)s was removed; the ticket is cancelled.", name=name), "success")
    return redirect(staff_url(organization))


def render_page(organization: Organization, form: StaffForm):
    refusal = None
    if not organization.is_approved:
        refusal = message_for("not_approved")
    elif booth_staff.passes_of(organization) == 0:
        refusal = message_for("no_staff_passes")
    return render_template(
        "partners/staff/index.html",
        organization=organization,
        event=organization.event,
        form=form,
        passes=booth_staff.passes_of(organization),
        refusal=refusal,
        action_form=ConfirmForm(),
    )


def staff_url(organization: Organization) -> str:
    return url_for("partner_staff.index", organization_id=organization.id)
