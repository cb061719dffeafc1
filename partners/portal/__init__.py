"""The partner portal: accounts, organizations with their members and invitations, logos, and the public directory.
May import core, events, ticketing and partners."""
