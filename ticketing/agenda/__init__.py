"""A ticket holder's own program: the personal agenda with its secret feed, and workshop sign-up with its waiting list.
May import core, events and ticketing."""
