"""Badges in bulk: an event's attendee badges (all, or a selection) as A6 pages or A4 label sheets, rendered by a
job of core.jobs and downloadable for a day. May import core, events, ticketing and partners.

Modules: `layouts` (the sheets and their label positions), `selection` (which tickets, in which order),
`files` (where results live, expiry), `job` (the job handler), `forms`, `views`."""
