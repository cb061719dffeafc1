"""Tables as files for spreadsheets: rows in, bytes out (no database, no Flask), so they can be tested directly.

Both writers defuse formula injection: a name such as `=HYPERLINK(...)` typed into a booking form must stay text
when an organizer opens the export (OWASP "CSV injection").
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import chain, islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.styles import Font

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"
# Spreadsheets read a cell starting with one of these as a formula (tab and CR can hide one behind whitespace).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
# Control characters that are not allowed in XLSX XML; openpyxl refuses them, so they are dropped.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_SHEET_TITLE_ILLEGAL = re.compile(r"[\\/?*\[\]:]")
WIDTH_SAMPLE_ROWS = 200  # column widths are measured on the first rows; the rest stream through
MIN_WIDTH, MAX_WIDTH = 8, 50


def csv_cell(value) -> str:
    """One value as CSV text; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    """CSV as German Excel opens it by double-click: UTF-8 with BOM, ';' between cells, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(value) for value in headers])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence, rows: Iterable[Sequence], *, title: str = "Export") -> bytes:
    """An XLSX workbook with one sheet: bold, frozen header row, widths fitted to the content, rows streamed."""
    # Imported here: openpyxl (and the numpy it loads) would add some 20 MB to every server process otherwise.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
    # A write-only sheet takes widths and the frozen pane only before its first row.
    for index, width in enumerate(column_widths(headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, value, font=bold) for value in headers])
    for row in chain(sample, rows):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, font: "Font | None" = None):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=XLSX_ILLEGAL.sub("", value))
        # openpyxl turns "=..." into a formula and "#N/A" into an error; people's input is always text.
        cell.data_type = "s"
        cell.quotePrefix = cell.value.startswith(FORMULA_STARTS)
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
    if font is not None:
        cell.font = font
    return cell


def column_widths(headers: Sequence, rows: Sequence[Sequence]) -> list[float]:
    """A width per column, in characters: the longest of header and sample values, within sensible bounds."""
    widths = []
    for index, header in enumerate(headers):
        values = [header, *(row[index] for row in rows if index < len(row))]
        longest = max(_display_length(value) for value in values)
        widths.append(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))
    return widths


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len(DATETIME_FORMAT) + 2
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title: str) -> str:
    """A title Excel accepts: at most 31 characters, none of \\ / ? * [ ] :."""
    return XLSX_SHEET_TITLE_ILLEGAL.sub(" ", title).strip()[:31] or "Export"


def spreadsheet_download(fmt: str, headers: Sequence, rows: Iterable[Sequence], *, title: str, filename: str):
    """A view's answer: the table as `fmt` ("csv" or "xlsx") for download as `filename` plus the extension."""
    if fmt == "csv":
        body, mimetype = csv_bytes(headers, rows), CSV_MIMETYPE
    else:
        body, mimetype = xlsx_bytes(headers, rows, title=title), XLSX_MIMETYPE
    return body, 200, {"Content-Type": mimetype, "Content-Disposition": f'attachment; filename="{filename}.{fmt}"'}
