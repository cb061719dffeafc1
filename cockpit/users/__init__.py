"""Users and roles for admins: the organizer list, invitations, roles, deactivation and password resets (the rules
live in `core.security.accounts`, shared with `flask users`), and the page where an invitee or a user with a reset
link sets the password."""
