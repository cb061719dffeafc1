"""Who may act for an organization: its members (owners for some actions), and nobody else.

Every partner route loads its organization through `organization_for_member`, so a member of A asking for B's
objects gets the same 404 as for an organization that does not exist (no hint that it does).
"""

from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from core.extensions import db
from partners.models import Membership, Organization


def membership_of(user, organization_id: int) -> Membership | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.organization_id == organization_id)
    )


def organization_for_member(organization_id: int, *, owner: bool = False) -> Organization:
    """The organization if the current user is a member (an owner, when `owner`); 404 otherwise."""
    membership = membership_of(current_user, organization_id)
    if membership is None:
        abort(404)
    if owner and membership.role != "owner":
        abort(403)
    g.membership = membership
    return membership.organization


def member_required(*, owner: bool = False):
    """For routes with `<int:organization_id>`: log in first, then be a member; the view gets `organization`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, organization_id: int, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("core.login", next=request.full_path))
            return view(*args, organization=organization_for_member(organization_id, owner=owner), **kwargs)

        return wrapped

    return decorator
