"""The organizers' side of partners: packages, the call for contributions, the review of organizations and
submissions, and exports. May import core, events, ticketing and partners."""
