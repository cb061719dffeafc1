"""A video of a QR code for Chromium's fake camera (`--use-file-for-fake-video-capture=FILE`), which loops it.

YUV4MPEG2 ("y4m") is the uncompressed format Chromium reads: a text header, then per frame `FRAME\\n` and the Y, Cb
and Cr planes of 4:2:0 (chroma at half width and height). Pillow draws the frame and splits it into those planes.
"""

from pathlib import Path

import qrcode
from PIL import Image


def qr_frame(text: str, width: int, height: int) -> Image.Image:
    """The QR of `text` large and black on white, centred, as a camera would see a ticket held up close."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.make_image(fill_color="black", back_color="white").get_image().convert("L")
    scale = max(1, int(min(width, height) * 0.85) // matrix.width)
    matrix = matrix.resize((matrix.width * scale, matrix.height * scale), Image.Resampling.NEAREST)
    frame = Image.new("L", (width, height), 255)
    frame.paste(matrix, ((width - matrix.width) // 2, (height - matrix.height) // 2))
    return frame.convert("RGB")


def write_qr_video(path: Path, text: str, *, width: int = 640, height: int = 480, fps: int = 10, seconds: int = 2):
    """Write `seconds` of video showing the QR of `text` to `path` (a .y4m file) and return the path."""
    if width % 2 or height % 2:
        raise ValueError("4:2:0 needs an even width and height")
    luma, blue, red = qr_frame(text, width, height).convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = (
        luma.tobytes()
        + blue.resize(half, Image.Resampling.BOX).tobytes()
        + red.resize(half, Image.Resampling.BOX).tobytes()
    )
    with Path(path).open("wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(fps * seconds):
            video.write(b"FRAME\n" + planes)
    return Path(path)
