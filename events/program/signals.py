"""Signals for packages above events: ticketing listens, so events need not import it (modules depend downward)."""

from blinker import Namespace

_signals = Namespace()

# Sent (with the event as sender) after contributions were saved, with `speakers`: everyone whose standing may have
# changed (added to or taken off a contribution, or on one that was accepted or no longer is). Ticketing gives
# speakers of accepted contributions a speaker ticket and withdraws it when they have none left.
speakers_changed = _signals.signal("speakers-changed")
