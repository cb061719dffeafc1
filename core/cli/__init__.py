"""Command-line commands of core: organizer accounts (`flask users`) and the mail worker (`flask mail`).
May import core only."""
