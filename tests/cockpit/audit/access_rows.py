"""Rows of the access table for the audit log: admins only."""

from tests.partners.access_matrix import organizer_row

ROWS = [organizer_row("/manage/audit/", ("admin",))]
