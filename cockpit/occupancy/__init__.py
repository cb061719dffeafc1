"""Room occupancy without identities: door counters per room (or zone, itself a `Room`) of an event. Stewards press
+ and − at the door; only the number of entries and exits per room and 15-minute slice is stored, never who came in
(`models`). `counts` holds the counting (race-safe increments, never below zero) and the figures read back (now,
and per slice over a day), `views` the steward page, the overview with its chart, table and CSV."""
