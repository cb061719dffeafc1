"""Command-line commands of core: organizer accounts (`flask users`), the mail outbox (`flask mail`) and the worker
that runs jobs and sends mail (`flask worker`). May import core only."""
