"""QR codes for ticket secrets, drawn by reportlab as vector rectangles."""

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # light modules around the symbol, as the QR specification requires

QrMatrix = list[list[bool]]


def qr_matrix(secret: str, *, mask_pattern: int | None = None) -> QrMatrix:
    """Return the module matrix (True = dark) for a ticket secret, quiet zone included.

    With `mask_pattern=None` the library scores all eight masks, as the QR specification recommends; that is most of
    the time spent here (4.1 of 5 ms for a 27-character secret), so bulk jobs may pass a fixed mask (0-7).
    """
    # Invariant 2: the code carries the opaque secret and nothing else, so refuse anything that is not a plain token.
    if not secret or not secret.isascii() or not secret.isprintable() or " " in secret:
        raise ValueError("ticket secret must be non-empty printable ASCII without spaces")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, mask_pattern=mask_pattern)
    code.add_data(secret)
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
