"""Partners and exhibitors: organizations with their members, packages and booths, staff passes, and the
contributions they submit to the event's call."""
