"""The timetable planner's app side: program settings (blocks between breaks, time grid, workshop rooms, weights),
expected audiences and pins, the problem built from the database (`problem`), the solve as a job, proposals with
their diff, applying them, and telling attendees about moves. The solver itself is `planning.timetable.planner`.
May import core, planning and events; ticketing joins in through `interest` (providers and a signal)."""
