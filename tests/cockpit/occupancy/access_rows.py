"""Access rows of room occupancy: door staff and admins count, the program team may look."""

from tests.partners.access_matrix import organizer_row

VIEWERS = ("admin", "checkin", "program")
COUNTERS = ("admin", "checkin")
BASE = "/manage/events/<int:event_id>/occupancy"
ROOM = "/manage/events/{event}/occupancy/rooms/{room}"

ROWS = [
    organizer_row(f"{BASE}/", VIEWERS),
    organizer_row(f"{BASE}/slices.csv", VIEWERS),
    organizer_row(f"{BASE}/rooms/<int:room_id>", VIEWERS),
    organizer_row(f"{BASE}/rooms/<int:room_id>/entry", COUNTERS, 302, method="POST", path=f"{ROOM}/entry"),
    organizer_row(f"{BASE}/rooms/<int:room_id>/exit", COUNTERS, 302, method="POST", path=f"{ROOM}/exit"),
    # the scanner's room mode: JSON {code, direction}; a form post without them is a bad request
    organizer_row(f"{BASE}/rooms/<int:room_id>/scan", COUNTERS, 400, method="POST", path=f"{ROOM}/scan"),
]
