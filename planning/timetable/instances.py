"""Seeded timetable problems generated around a planted timetable that keeps every hard rule, for tests and bench.

Rooms' blocks are filled with contributions of kinds that suit the room (the planted timetable), speakers are drawn
so that none is in two places at once and given windows around their planted talks, and attendees favour 2-25
contributions mostly from 1-3 tracks; an audience too big for its planted room loses the excess favourites, so
the planted timetable stays valid. The problem is returned as the exchange format's JSON object.
"""

from dataclasses import dataclass, field
from random import Random

from planning.timetable.checking import hhmm

# Mirrors events.program.models.ROOM_KINDS_FOR_FORMAT (planning may not import the app).
ROOM_KINDS_FOR_FORMAT = {
    "keynote": ["stage"],
    "talk": ["stage", "workshop", "exhibition"],
    "panel": ["stage", "lounge"],
    "workshop": ["workshop"],
    "deep_dive": ["workshop", "lounge"],
    "world_cafe": ["cafe", "lounge"],
}
# What fills a room of each kind in the planted timetable: (format, weight, durations).
FILLING = {
    "stage": [("talk", 3, (15, 30, 30, 45)), ("panel", 1, (60,))],
    "exhibition": [("talk", 1, (15, 30, 30, 30, 45))],
    "lounge": [("panel", 2, (60,)), ("deep_dive", 2, (60, 90)), ("world_cafe", 1, (60, 90))],
    "cafe": [("world_cafe", 1, (60, 90))],
    "workshop": [("workshop", 1, (90, 90, 120))],
}
# 09:00-10:30, coffee, 11:00-13:00, lunch, 14:00-15:30, coffee, 16:00-18:00, break, 18:30-19:30.
DAY_BLOCKS = ((540, 630), (660, 780), (840, 930), (960, 1080), (1110, 1170))
ROOM_PATTERN = ["stage", "exhibition", "workshop", "lounge", "exhibition", "cafe", "stage", "exhibition", "lounge"]


@dataclass(frozen=True)
class Size:
    contributions: int
    rooms: list[tuple[str, int]]  # (kind, capacity); kind "workshop" makes a workshop room
    days: int
    attendees: int
    tracks: int
    blocks: tuple[tuple[int, int], ...] = DAY_BLOCKS
    fill: float = 0.75  # share of a room-block the planted timetable fills, on average
    speaker_windows: float = 0.3  # share of speakers with availability windows


SIZES = {
    "s40": Size(
        40, [("stage", 400), ("exhibition", 200), ("exhibition", 120), ("lounge", 80), ("workshop", 30)], 1, 300, 4
    ),
    "s100": Size(
        100,
        [("stage", 600), ("exhibition", 250), ("exhibition", 150), ("lounge", 100), ("cafe", 60), ("workshop", 35)],
        2,
        1000,
        6,
    ),
    "s300": Size(
        300,
        [("stage", 800), ("stage", 400), ("stage", 250)]
        + [("exhibition", c) for c in (200, 180, 150, 120, 100)]
        + [("lounge", 120), ("lounge", 80), ("lounge", 60), ("cafe", 60)]
        + [("workshop", c) for c in (40, 30, 25)],
        2,
        2000,
        10,
    ),
}


def small_size(contributions: int, rooms: int, days: int, attendees: int, blocks=((540, 630), (660, 750))) -> Size:
    """A small instance's size for property tests: rooms taken from a fixed pattern of kinds."""
    kinds = [ROOM_PATTERN[i % len(ROOM_PATTERN)] for i in range(rooms)]
    return Size(contributions, [(k, 200 - 20 * i) for i, k in enumerate(kinds)], days, attendees, 3, tuple(blocks), 0.8)


@dataclass
class Instance:
    problem: dict
    planted: dict  # a valid timetable in the format's shape


@dataclass
class _Planted:
    id: str
    kind: str
    duration: int
    room: int
    day: int
    block: int
    start: int
    track: str | None = None
    speakers: list[str] = field(default_factory=list)


def generate(size: Size | str, seed: int, *, pin_keynotes: bool = True) -> Instance:
    """A problem of the given size around a planted timetable; the same size and seed give the same problem."""
    size = SIZES[size] if isinstance(size, str) else size
    rng = Random(seed)
    rooms = [
        {"id": f"r{i:02d}", "capacity": cap, "workshop_room": kind == "workshop", "kind": kind}
        for i, (kind, cap) in enumerate(size.rooms)
    ]
    days = [f"d{d + 1}" for d in range(size.days)]
    tracks = [f"t{t:02d}" for t in range(size.tracks)]
    planted = _plant(size, rooms, rng)
    for item in planted:
        if item.kind != "keynote":
            item.track = tracks[int(rng.random() ** 1.3 * len(tracks))]  # some tracks bigger than others
    speakers = _speakers(planted, rng)
    windows = _windows(size, planted, speakers, days, rng)
    popularity = {p.id: rng.lognormvariate(0, 0.7) * (6 if p.kind == "keynote" else 1) for p in planted}
    attendees = _attendees(size, planted, tracks, popularity, rng)
    contributions = [_contribution(p, rooms, rng) for p in planted]
    _fit_audiences(contributions, planted, rooms, attendees)
    assignments = {p.id: {"room": rooms[p.room]["id"], "day": days[p.day], "start": hhmm(p.start)} for p in planted}
    problem = {
        "name": f"generated {len(planted)} contributions, seed {seed}",
        "time_grid_minutes": 15,
        "days": [{"id": d, "blocks": [{"start": a, "end": b} for a, b in size.blocks]} for d in days],
        "rooms": rooms,
        "tracks": tracks,
        "contributions": contributions,
        "speakers": [{"id": s, **({"available": windows[s]} if s in windows else {})} for s in speakers],
        "attendees": attendees,
        "pinned": {p.id: assignments[p.id] for p in planted if pin_keynotes and p.kind == "keynote"},
        "weights": {"attendee_conflict": 1, "track_break": 20},
    }
    return Instance(problem, {"assignments": assignments})


def _plant(size: Size, rooms: list[dict], rng: Random) -> list[_Planted]:
    """Contributions placed into room-blocks in a random order, a keynote opening each day on the biggest stage."""
    stages = [i for i, r in enumerate(rooms) if r["kind"] == "stage"]
    main = max(stages, key=lambda i: rooms[i]["capacity"]) if stages else None
    room_blocks = [(r, d, b) for r in range(len(rooms)) for d in range(size.days) for b in range(len(size.blocks))]
    rng.shuffle(room_blocks)
    used = {rb: size.blocks[rb[2]][0] for rb in room_blocks}  # the next free minute of each room-block
    planted: list[_Planted] = []

    def add(kind: str, duration: int, rb: tuple[int, int, int]) -> None:
        planted.append(_Planted(f"c{len(planted):03d}", kind, duration, rb[0], rb[1], rb[2], used[rb]))
        used[rb] += -(-duration // 15) * 15

    if main is not None:
        for d in range(size.days):
            if len(planted) < size.contributions:
                add("keynote", 45, (main, d, 0))
    for target in (size.fill, 1.0):
        for rb in room_blocks:
            start, end = size.blocks[rb[2]]
            limit = start + (end - start) * min(1.0, target * rng.uniform(0.6, 1.4))
            misses = 0
            while len(planted) < size.contributions and misses < 4:
                kind, duration = _draw(rooms[rb[0]]["kind"], rng)
                if used[rb] + duration > (limit if target < 1 else end):
                    misses += 1
                else:
                    add(kind, duration, rb)
    if len(planted) < size.contributions:
        raise ValueError(f"{size.contributions} contributions do not fit these rooms and blocks")
    return planted


def _draw(room_kind: str, rng: Random) -> tuple[str, int]:
    choices = FILLING[room_kind]
    pick = rng.random() * sum(weight for _, weight, _ in choices)
    for kind, weight, durations in choices:
        pick -= weight
        if pick < 0:
            return kind, rng.choice(durations)
    return choices[-1][0], rng.choice(choices[-1][2])


def _speakers(planted: list[_Planted], rng: Random) -> list[str]:
    """Speaker ids per contribution (a panel has three), some speaking twice at times that do not overlap."""
    busy: dict[str, list[tuple[int, int, int]]] = {}
    for p in planted:
        interval = (p.day, p.start, p.start + p.duration)
        for _ in range(3 if p.kind == "panel" else 1):
            free = [s for s, own in busy.items() if s not in p.speakers and not any(_overlap(o, interval) for o in own)]
            if free and rng.random() < 0.2:
                speaker = rng.choice(sorted(free))
            else:
                speaker = f"s{len(busy):03d}"
                busy[speaker] = []
            busy[speaker].append(interval)
            p.speakers.append(speaker)
    return list(busy)


def _overlap(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def _windows(size: Size, planted: list[_Planted], speakers: list[str], days: list[str], rng: Random) -> dict:
    """For some speakers, one window per day they speak, a few blocks around their planted contributions."""
    own: dict[str, list[_Planted]] = {s: [] for s in speakers}
    for p in planted:
        for s in p.speakers:
            own[s].append(p)
    windows = {}
    last = len(size.blocks) - 1
    for s in speakers:
        if rng.random() >= size.speaker_windows:
            continue
        windows[s] = []
        for d in sorted({p.day for p in own[s]}):
            blocks = [p.block for p in own[s] if p.day == d]
            first, final = max(0, min(blocks) - rng.randint(0, 1)), min(last, max(blocks) + rng.randint(0, 1))
            windows[s].append({"day": days[d], "from": size.blocks[first][0], "to": size.blocks[final][1]})
    return windows


def _attendees(size: Size, planted: list[_Planted], tracks: list[str], popularity: dict, rng: Random) -> list[dict]:
    by_track = {t: [p.id for p in planted if p.track == t] for t in tracks}
    everything = [p.id for p in planted]
    attendees = []
    for a in range(size.attendees):
        count = min(len(everything), 2 + int(23 * rng.random() ** 1.6))
        own = [p for t in rng.sample(tracks, min(len(tracks), rng.randint(1, 3))) for p in by_track[t]]
        favourites: list[str] = []
        for _ in range(count * 4):
            if len(favourites) == count:
                break
            pool = own if own and rng.random() < 0.8 else everything
            pick = rng.choices(pool, weights=[popularity[c] for c in pool])[0]
            if pick not in favourites:
                favourites.append(pick)
        attendees.append({"id": f"a{a:04d}", "favourites": sorted(favourites)})
    return attendees


def _contribution(p: _Planted, rooms: list[dict], rng: Random) -> dict:
    data = {"id": p.id, "kind": p.kind, "duration": p.duration, "speakers": p.speakers}
    data["room_kinds"] = ROOM_KINDS_FOR_FORMAT[p.kind]
    if p.track:
        data["track"] = p.track
    if p.kind == "workshop":
        data["max_participants"] = rooms[p.room]["capacity"] - rng.randint(0, 10)
    if p.kind == "keynote":
        data["expected_audience"] = int(rooms[p.room]["capacity"] * 0.9)
    return data


def _fit_audiences(contributions: list[dict], planted: list[_Planted], rooms: list[dict], attendees: list) -> None:
    """Drop the favourites that would make an audience bigger than its planted room (the last attendees' first)."""
    for c, p in zip(contributions, planted, strict=True):
        if "expected_audience" in c or "max_participants" in c:
            continue
        fans = [a for a in attendees if c["id"] in a["favourites"]]
        for attendee in fans[rooms[p.room]["capacity"] :]:
            attendee["favourites"].remove(c["id"])
