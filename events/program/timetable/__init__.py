"""The organizer's timetable grid and the automatic scheduler applied to an event (the solver itself lives in
planning.timetable). May import core, planning and events."""
