"""Where badges go on the paper: an A6 page each, or A4 label sheets (sizes in mm as the makers specify them,
checked against their templates: label size, top and left margin, pitch between labels' origins)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticketing.booking.documents.pdf import BadgeSheet

# The renderer (reportlab) is imported where a layout is checked or used: the forms and views that name the layouts
# load with every web worker, which should not carry reportlab's 12 MB for a page that may never print.

A4_MM = (210.0, 297.0)


class LayoutError(ValueError):
    """A label layout that does not fit the sheet or the badge; `code` names why (texts in cockpit.badges.forms)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, kw_only=True)
class LabelLayout:
    """A grid of labels on an A4 sheet; all lengths in mm, from the sheet's top left corner."""

    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    pitch_x: float  # from one label's left edge to the next one's
    pitch_y: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def positions(self) -> list[tuple[float, float]]:
        """Each label's top left corner in mm from the sheet's top left, row by row."""
        return [
            (self.left + column * self.pitch_x, self.top + row * self.pitch_y)
            for row in range(self.rows)
            for column in range(self.columns)
        ]

    def check(self) -> None:
        """:raises LayoutError: `overlap` (labels wider than their pitch), `off_sheet` (the grid leaves A4),
        `too_small` (no room for the name and a QR code that scans)."""
        from reportlab.lib.units import mm

        from ticketing.booking.documents.pdf import badge_fits

        if min(self.columns, self.rows) < 1 or min(self.width, self.height) <= 0:
            raise LayoutError("off_sheet")
        if (self.columns > 1 and self.pitch_x < self.width) or (self.rows > 1 and self.pitch_y < self.height):
            raise LayoutError("overlap")
        right = self.left + (self.columns - 1) * self.pitch_x + self.width
        bottom = self.top + (self.rows - 1) * self.pitch_y + self.height
        if self.left < 0 or self.top < 0 or right > A4_MM[0] + 0.05 or bottom > A4_MM[1] + 0.05:
            raise LayoutError("off_sheet")
        if not badge_fits(self.width * mm, self.height * mm):
            raise LayoutError("too_small")

    def sheet(self) -> BadgeSheet:
        """The sheet for the renderer: boxes in points with reportlab's origin at the lower left."""
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        from ticketing.booking.documents.pdf import BadgeSheet

        self.check()
        boxes = tuple(
            (x * mm, A4[1] - (y + self.height) * mm, self.width * mm, self.height * mm) for x, y in self.positions()
        )
        return BadgeSheet(A4, boxes)


# Avery Zweckform: L4785 name badge labels 80 x 50 mm, 10 a sheet; 3422 70 x 35 mm (exactly 34.95), 24 a sheet
# edge to edge; L7165 99.1 x 67.7 mm, 8 a sheet.
LABEL_LAYOUTS = {
    "L4785": LabelLayout(columns=2, rows=5, width=80, height=50, left=17.5, top=23.5, pitch_x=95, pitch_y=50),
    "3422": LabelLayout(columns=3, rows=8, width=70, height=34.95, left=0, top=8.7, pitch_x=70, pitch_y=34.95),
    "L7165": LabelLayout(columns=2, rows=4, width=99.1, height=67.7, left=4.65, top=13.1, pitch_x=101.6, pitch_y=67.7),
}
LAYOUT_NAMES = ("A6", *LABEL_LAYOUTS, "custom")


def custom_layout(columns: int, rows: int, width: float, height: float, gap_x: float, gap_y: float) -> LabelLayout:
    """A sheet measured by hand: the grid centred on A4 with the given gaps between labels.

    :raises LayoutError: see LabelLayout.check.
    """
    used_x, used_y = columns * width + (columns - 1) * gap_x, rows * height + (rows - 1) * gap_y
    layout = LabelLayout(
        columns=columns,
        rows=rows,
        width=width,
        height=height,
        left=round((A4_MM[0] - used_x) / 2, 3),
        top=round((A4_MM[1] - used_y) / 2, 3),
        pitch_x=width + gap_x,
        pitch_y=height + gap_y,
    )
    layout.check()
    return layout


def sheet_for(params: dict) -> BadgeSheet:
    """The sheet a job's params name: {"layout": "A6" | a label name | "custom", "custom": {...}}.

    :raises LayoutError: for an unknown name or a custom layout that does not fit.
    """
    from ticketing.booking.documents.pdf import A6_SHEET

    name = params.get("layout")
    if name == "A6":
        return A6_SHEET
    if name in LABEL_LAYOUTS:
        return LABEL_LAYOUTS[name].sheet()
    if name == "custom":
        custom = params.get("custom") or {}
        try:
            return custom_layout(**custom).sheet()
        except TypeError:
            raise LayoutError("off_sheet") from None
    raise LayoutError("unknown")
