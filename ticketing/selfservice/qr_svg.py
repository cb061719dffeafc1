"""The ticket's QR code as SVG for the ticket page: the same matrix as the PDF's (`ticketing.booking.documents.qr`).

A pure renderer: secret in, SVG text out. Sized by attributes and the caller's CSS class, never a `style` attribute
(the Content-Security-Policy allows no inline styles)."""

from html import escape

from ticketing.booking.documents.qr import qr_matrix


def qr_path(matrix: list[list[bool]]) -> str:
    """One path of unit squares, one subpath per horizontal run of dark modules (short, and no hairline seams)."""
    parts = []
    for y, row in enumerate(matrix):
        start = None
        for x, dark in enumerate([*row, False]):
            if dark and start is None:
                start = x
            elif not dark and start is not None:
                parts.append(f"M{start} {y}h{x - start}v1h{start - x}z")
                start = None
    return "".join(parts)


def qr_svg(secret: str, *, label: str, css_class: str = "ticket-qr") -> str:
    """An accessible SVG of the ticket's QR code (black on white, quiet zone included), labelled by `label`."""
    matrix = qr_matrix(secret)
    side = len(matrix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" viewBox="0 0 {side} {side}" '
        f'width="{side * 8}" height="{side * 8}" role="img" aria-label="{escape(label)}" '
        f'shape-rendering="crispEdges" data-qr-modules="{side}">'
        f"<title>{escape(label)}</title>"
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path d="{qr_path(matrix)}" fill="#000"/>'
        "</svg>"
    )
