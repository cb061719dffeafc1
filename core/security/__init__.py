"""Security helpers: password hashing, role checks, safe redirects, request guards, and the rate-limit storage.
May import core only."""
