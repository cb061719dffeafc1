"""The audit log page: filters in the query string (a GET form: bookmarkable, nothing changes), keyset pages."""

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from cockpit.audit import queries
from core.forms import Fieldset
from core.security.guards import roles_required

bp = Blueprint("cockpit_audit", __name__)
MIN_DAY, MAX_DAY = "2000-01-01", "2999-12-31"


class AuditFilterForm(Fieldset):
    user = SelectField(_l("Person"), validators=[Optional()], validate_choice=True)
    action = SelectField(_l("Kind of action"), validators=[Optional()], validate_choice=True)
    object = StringField(
        _l("Object"), validators=[Optional(), Length(max=100)], description=_l('Words in it, or e.g. "ticket 17".')
    )
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])


@bp.get("/manage/audit/")
@roles_required("admin")
def index():
    form = AuditFilterForm(request.args)
    form.user.choices = [SelectChoice("", _l("Everyone")), SelectChoice(str(queries.SYSTEM), _l("System (no person)"))]
    form.user.choices += [SelectChoice(str(user_id), label) for user_id, label in queries.people()]
    form.action.choices = [SelectChoice("", _l("All actions"))]
    form.action.choices += [SelectChoice(action) for action in queries.action_kinds()]
    form.validate()
    for field in (form.since, form.until):
        if field.data and not MIN_DAY <= field.data.isoformat() <= MAX_DAY:
            field.errors = [*field.errors, _l("Please choose a date between 2000 and 2999.")]
    filters = queries.AuditFilter(
        user_id=int(form.user.data) if form.user.data and not form.user.errors else None,
        action=form.action.data if form.action.data and not form.action.errors else "",
        text=form.object.data.strip() if form.object.data and not form.object.errors else "",
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
    )
    before = request.args.get("before", type=int)
    before = before if before is not None and 0 < before < 2**31 else None  # an id the database can hold
    page = queries.audit_page(filters, before=before)
    return render_template(
        "cockpit/audit/index.html", form=form, page=page, filters=filters, paged=before is not None, tz=queries.LOCAL_TZ
    )
