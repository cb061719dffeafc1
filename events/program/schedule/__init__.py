"""The public schedule pages and the machine-readable program: c3voc/frab XML and JSON, iCal feeds, the JSON API.
May import core, planning and events."""
