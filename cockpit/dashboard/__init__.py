"""The dashboard: every event's figures as charts with their tables and CSV (`figures.py` queries, `panels.py`
labels and roles, `charts.py` draws SVG), and the organizer's start page `/manage/` with the overview of events."""
