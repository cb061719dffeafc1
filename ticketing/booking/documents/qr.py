"""QR codes for ticket secrets (drawn by core.pdf.draw_qr as vector rectangles)."""


def qr_matrix(secret: str, *, mask_pattern: int | None = None) -> list[list[bool]]:
    """Return the module matrix (True = dark) for a ticket secret, quiet zone included (see core.pdf.qr_matrix)."""
    # Invariant 2: the code carries the opaque secret and nothing else, so refuse anything that is not a plain token.
    if not secret or not secret.isascii() or not secret.isprintable() or " " in secret:
        raise ValueError("ticket secret must be non-empty printable ASCII without spaces")
    from core import pdf  # reportlab and qrcode on first use: the ticket page's SVG needs only the matrix

    return pdf.qr_matrix(secret, mask_pattern=mask_pattern)
