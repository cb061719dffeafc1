"""Public pages rendered once per change instead of once per request: a content version in the database that every
write to shown content moves (`versions.py`), and a per-worker cache of rendered pages for anonymous visitors
(`pages.py`). May import core alone."""
