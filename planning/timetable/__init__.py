"""The timetable on plain data (no Flask, no SQLAlchemy, nothing of the app): the conflict rules the app's checker uses
(`conflicts`), today's greedy scheduler (`solver`), and the planner that reads and writes the exchange format of
docs/formats/timetable.md (`planner`: parse, check, measure, solve; the search itself in `search/`)."""
