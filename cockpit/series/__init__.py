"""Editions of a series: copying an edition to a new first day with everything set up but no people (`copying`),
and the page that counts the series contacts an edition may invite (`views`; the invitation itself is a message to
the segment "contacts of this series" in cockpit/messages)."""
