"""The timetable solver and its conflict rules, on plain data (no Flask, no SQLAlchemy, nothing of the app)."""
