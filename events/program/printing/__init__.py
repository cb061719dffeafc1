"""The printable program and door signs: layout primitives, the documents drawn with them, and the data that feeds
them. May import core and events."""
