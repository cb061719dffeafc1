"""What every PDF of the app shares: the fonts, text that fits its box, and QR codes drawn as vectors.

Import it lazily (inside the function that renders): reportlab costs a server process some 12 MB.
"""

import unicodedata
from functools import cache
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
MAX_CHARS = 300  # the longest title or name the app stores; the cap keeps fitting cheap
QUIET_ZONE = 4  # light modules around a QR symbol, as the QR specification requires

QrMatrix = list[list[bool]]


# Fonts ---------------------------------------------------------------------------------------------------------------


@cache
def embedded_font(bold: bool = False) -> str:
    """Register DejaVu Sans Condensed (German, Ø, Ł, Cyrillic, Greek …) once per process and return its name."""
    name, filename = (
        ("TreffpunktSans-Bold", "DejaVuSansCondensed-Bold.ttf")
        if bold
        else ("TreffpunktSans", "DejaVuSansCondensed.ttf")
    )
    pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    return name


def font_for(text: str, bold: bool, *, embedded: bool = False) -> str:
    """Helvetica when WinAnsi covers the text (fast, not embedded) unless `embedded`, else the embedded DejaVu."""
    if embedded:
        return embedded_font(bold)
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return embedded_font(bold)
    return "Helvetica-Bold" if bold else "Helvetica"


# Text that fits ------------------------------------------------------------------------------------------------------


def clean(text: str) -> str:
    """Normalize to NFC (so ü is one glyph), drop control characters, collapse spaces and drop empty lines.

    Unicode spaces become plain ones: Babel writes English times as "9:00 AM" with a narrow no-break space, which
    WinAnsi (Helvetica) lacks.
    """
    text = unicodedata.normalize("NFC", text[:MAX_CHARS])
    lines = ("".join(c for c in line if c.isprintable() or c.isspace()) for line in text.splitlines())
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def fit(text: str, font: str, size: float, min_size: float, width: float, max_lines: int) -> tuple[float, list[str]]:
    """Return (size, lines) for the largest size at which text fits, cutting it at min_size if needed."""
    while True:
        lines = simpleSplit(text, font, size, width)
        if len(lines) <= max_lines and all(pdfmetrics.stringWidth(line, font, size) <= width for line in lines):
            return size, lines
        if size <= min_size:
            return size, cut(lines, font, size, width, max_lines)
        size = max(min_size, size - 1)


def cut(lines: list[str], font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Keep max_lines lines; end every overlong line, and the last one if lines were dropped, with an ellipsis."""
    kept = lines[:max_lines]
    result = []
    for index, line in enumerate(kept):
        dropped = index == len(kept) - 1 and len(lines) > max_lines
        if dropped or pdfmetrics.stringWidth(line, font, size) > width:
            while line and pdfmetrics.stringWidth(line + "…", font, size) > width:
                line = line[:-1]
            line = line.rstrip() + "…"
        result.append(line)
    return result


class Column:
    """Draws text blocks top down inside a box and never below its bottom edge."""

    def __init__(
        self,
        canvas: Canvas,
        x: float,
        top: float,
        width: float,
        *,
        bottom: float,
        centered: bool = False,
        embedded: bool = False,
    ) -> None:
        self.canvas, self.x, self.y, self.width, self.bottom = canvas, x, top, width, bottom
        self.centered, self.embedded = centered, embedded

    def text(
        self,
        text: str,
        *,
        size: float,
        min_size: float | None = None,
        max_lines: int = 1,
        bold: bool = False,
        gap: float = 0.0,
        gray: float = 0.0,
    ) -> None:
        """Draw text shrunk down to min_size, then wrapped, then cut with an ellipsis, then move down."""
        text = clean(text)
        if not text:
            return
        font = font_for(text, bold, embedded=self.embedded)
        size, lines = fit(text, font, size, min_size or size, self.width, max_lines)
        leading = size * 1.2
        room = int((self.y - self.bottom) // leading)
        if room < len(lines):
            lines = cut(lines, font, size, self.width, max(room, 0))
        self.canvas.setFillGray(gray)
        self.canvas.setFont(font, size)
        for index, line in enumerate(lines):
            baseline = self.y - index * leading - size
            if self.centered:
                self.canvas.drawCentredString(self.x + self.width / 2, baseline, line)
            else:
                self.canvas.drawString(self.x, baseline, line)
        self.canvas.setFillGray(0)
        self.y -= len(lines) * leading + gap


# QR codes ------------------------------------------------------------------------------------------------------------


def qr_matrix(data: str, *, mask_pattern: int | None = None) -> QrMatrix:
    """Return the module matrix (True = dark) for `data`, quiet zone included.

    With `mask_pattern=None` the library scores all eight masks, as the QR specification recommends; that is most of
    the time spent here (4.1 of 5 ms for a 27-character text), so bulk jobs may pass a fixed mask (0-7).
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, mask_pattern=mask_pattern)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def symbol_modules(matrix: QrMatrix) -> int:
    """Return the side of the symbol in modules, without the quiet zone."""
    return len(matrix) - 2 * QUIET_ZONE


def draw_qr(canvas: Canvas, matrix: QrMatrix, x: float, y: float, size: float) -> None:
    """Draw the matrix as one filled path so that it, quiet zone included, fills the square at (x, y)."""
    runs = []
    # One rectangle per horizontal run of dark modules keeps the path short; a single fill avoids hairline seams.
    for row_index, row in enumerate(matrix):
        start = None
        for col_index, dark in enumerate(row + [False]):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                runs.append(f"{start} {row_index} {col_index - start} 1 re")
                start = None
    canvas.saveState()
    canvas.setFillGray(0)
    # In module units with y pointing down, every coordinate is a small integer: written as literal path operators,
    # which is about ten times faster than reportlab's float formatting per rectangle, and exact.
    module = size / len(matrix)
    canvas.transform(module, 0, 0, -module, x, y + size)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()
