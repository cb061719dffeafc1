"""Running Treffpunkt in production: settings checked at start, the app behind a reverse proxy with request ids in
its logs, and a health endpoint for load balancers. May import core only."""
