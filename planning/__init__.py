"""Pure planners at the bottom of the house: the timetable solver and the World Café solver with their exchange formats.
Plain Python on plain data: it imports nothing of the app, no Flask and no SQLAlchemy, so it can be tested and
benchmarked alone."""
