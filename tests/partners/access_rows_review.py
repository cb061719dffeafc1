"""Rows of the access table (see access_matrix.py) for the organizer review, booth staff and contribution
submission routes: the review branch adds one row per route it builds, here, so the two lists never conflict."""

from tests.partners.access_matrix import Row  # noqa: F401 (for the rows to come)

ROWS: list = []
