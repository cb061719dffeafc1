"""What the day of a café needs from its published plan: host sheets, rotation cards, CSV/XLSX, the facilitator's
screen."""
