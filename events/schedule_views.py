"""The public schedule: by day as a grid of rooms and as a list, with filters; a page per contribution and speaker."""

from flask import Blueprint

bp = Blueprint("schedule", __name__)
