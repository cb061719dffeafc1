"""Label layouts: where each label sits on the sheet, what does not fit, and badges on real sheets read back with
poppler (text) and zxing-cpp (each QR code inside its own label)."""

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from cockpit.badges.layouts import A4_MM, LABEL_LAYOUTS, LayoutError, custom_layout, sheet_for
from tests.ticketing.booking.test_pdf import pdf_text, rasterize
from ticketing.booking.documents.pdf import A6_SHEET, TicketPrint, render_badges
from ticketing.models.booking import new_secret

DPI = 150


def badge(index: int) -> TicketPrint:
    return TicketPrint(
        secret=new_secret(),
        event_name="NØRD 2026",
        venue="Halle 400",
        address="Kaistraße 1",
        attendee_name=f"Person {index:02d} Weiß",
        organization="Stadtwerke Kiel AG",
        ticket_type="Beide Tage",
    )


def codes_with_centres(png: Path) -> list[tuple[str, float, float]]:
    """Each decoded QR code with its centre in mm from the page's top left."""
    with Image.open(png) as image:
        found = zxingcpp.read_barcodes(image)
    result = []
    for code in found:
        p = code.position
        xs, ys = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x], [
            p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y,
        ]  # fmt: skip
        result.append((code.text, sum(xs) / 4 / DPI * 25.4, sum(ys) / 4 / DPI * 25.4))
    return result


@pytest.mark.parametrize(
    ("name", "per_sheet", "first", "last"),
    [
        ("L4785", 10, (17.5, 23.5), (112.5, 223.5)),
        ("3422", 24, (0, 8.7), (140, 8.7 + 7 * 34.95)),
        ("L7165", 8, (4.65, 13.1), (4.65 + 101.6, 13.1 + 3 * 67.7)),
    ],
)
def test_label_positions_follow_the_makers_templates(name, per_sheet, first, last):
    layout = LABEL_LAYOUTS[name]
    positions = layout.positions()

    assert len(positions) == layout.per_sheet == per_sheet
    assert positions[0] == pytest.approx(first) and positions[-1] == pytest.approx(last)
    right, bottom = positions[-1][0] + layout.width, positions[-1][1] + layout.height
    assert right <= A4_MM[0] + 0.05 and bottom <= A4_MM[1] + 0.05
    assert positions[1][0] - positions[0][0] >= layout.width  # side by side, never overlapping
    layout.check()


def test_the_sheet_for_the_renderer_has_its_origin_at_the_lower_left():
    sheet = LABEL_LAYOUTS["L7165"].sheet()
    x, y, width, height = sheet.boxes[0]

    assert (x / 72 * 25.4, width / 72 * 25.4, height / 72 * 25.4) == pytest.approx((4.65, 99.1, 67.7))
    assert (y + height) / 72 * 25.4 == pytest.approx(297 - 13.1)


@pytest.mark.parametrize(
    ("measures", "code"),
    [
        ({"columns": 3, "rows": 8, "width": 80, "height": 35, "gap_x": 0, "gap_y": 0}, "off_sheet"),
        ({"columns": 2, "rows": 2, "width": 90, "height": 60, "gap_x": -5, "gap_y": 0}, "overlap"),
        ({"columns": 4, "rows": 10, "width": 48, "height": 25, "gap_x": 2, "gap_y": 2}, "too_small"),
        ({"columns": 2, "rows": 2, "width": 40, "height": 120, "gap_x": 5, "gap_y": 5}, "too_small"),
    ],
)
def test_a_custom_layout_that_does_not_fit_is_refused_with_its_reason(measures, code):
    with pytest.raises(LayoutError) as raised:
        custom_layout(**measures)

    assert raised.value.code == code


def test_a_custom_layout_is_centred_on_the_sheet():
    layout = custom_layout(columns=2, rows=5, width=90, height=50, gap_x=10, gap_y=2)

    assert (layout.left, layout.top) == pytest.approx((10, (297 - 258) / 2))
    assert sheet_for({"layout": "custom", "custom": {"columns": 2, "rows": 5, "width": 90, "height": 50,
                                                      "gap_x": 10, "gap_y": 2}}).boxes  # fmt: skip
    assert sheet_for({"layout": "A6"}) is A6_SHEET
    with pytest.raises(LayoutError):
        sheet_for({"layout": "L9999"})


@pytest.mark.parametrize("name", ["L4785", "3422", "L7165"])
def test_badges_on_a_label_sheet_decode_inside_their_own_label(name, tmp_path):
    layout = LABEL_LAYOUTS[name]
    badges = [badge(i) for i in range(layout.per_sheet + 2)]
    out = tmp_path / "badges.pdf"

    assert render_badges(iter(badges), str(out), layout.sheet()) == len(badges)

    pages = rasterize(out.read_bytes(), tmp_path)
    assert len(pages) == 2
    texts = pdf_text(out.read_bytes(), tmp_path)
    assert "Person 00 Weiß" in texts[0] and f"Person {layout.per_sheet:02d} Weiß" in texts[1]
    for page, first in zip(pages, (0, layout.per_sheet), strict=True):
        found = {text: (x, y) for text, x, y in codes_with_centres(page)}
        on_page = badges[first : first + layout.per_sheet]
        assert set(found) == {b.secret for b in on_page}
        for (left, top), printed in zip(layout.positions(), on_page, strict=False):
            x, y = found[printed.secret]
            assert left < x < left + layout.width and top < y < top + layout.height
