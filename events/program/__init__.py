"""The program: rooms' use, tracks, formats, contributions, speakers, placing them in the timetable, conflicts, the
public schedule and its exports, the program PDF and door signs. May import core, planning and events."""
