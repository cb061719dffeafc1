"""What a ticket becomes on paper and in a calendar: the pure renderers (`pdf`, `qr`) and `files`, which feeds them
from rows. Nothing is imported here, so a process that never draws a PDF never loads reportlab."""
