"""The CSV and XLSX writers, read back by the csv module and openpyxl (no app, no database)."""

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from core.spreadsheets import column_widths, csv_bytes, csv_cell, sheet_title, xlsx_bytes

HEADERS = ["Name", "Organisation", "Buchung", "Gebucht am"]
ROWS = [
    ["Anna Müller", "Stadtwerke Stralsund", 7, datetime(2027, 1, 20, 9, 30)],
    ["Ben Öztürk", 'Verein "Nord; Süd"', 8, datetime(2027, 1, 21, 17, 5)],
]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_csv_opens_in_german_excel_utf8_with_bom_semicolons_and_crlf():
    data = csv_bytes(HEADERS, ROWS)

    assert data.startswith("\ufeffName;Organisation;Buchung;Gebucht am\r\n".encode())
    assert data.count(b"\r\n") == 3
    assert read_csv(data) == [
        HEADERS,
        ["Anna Müller", "Stadtwerke Stralsund", "7", "2027-01-20 09:30"],
        ["Ben Öztürk", 'Verein "Nord; Süd"', "8", "2027-01-21 17:05"],
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("https://evil.example","Klick")', '\'=HYPERLINK("https://evil.example","Klick")'),
        ("+49 381 123", "'+49 381 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Kein = am Anfang", "Kein = am Anfang"),
        ("", ""),
        (None, ""),
        (-3, "-3"),
    ],
)
def test_csv_cells_that_would_run_as_formulas_get_an_apostrophe(value, expected):
    assert csv_cell(value) == expected


def test_csv_escapes_formulas_in_headers_and_rows_and_reads_back_as_text():
    data = csv_bytes(["=Frage"], [['=HYPERLINK("x")'], ["Zeile 1\nZeile 2"]])

    assert read_csv(data) == [["'=Frage"], ['\'=HYPERLINK("x")'], ["Zeile 1\nZeile 2"]]


def test_xlsx_has_a_bold_frozen_header_row_and_typed_cells():
    sheet = read_xlsx(xlsx_bytes(HEADERS, ROWS, title="Teilnehmende"))

    assert sheet.title == "Teilnehmende"
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    assert [cell.value for cell in sheet[2]] == ["Anna Müller", "Stadtwerke Stralsund", 7, datetime(2027, 1, 20, 9, 30)]
    assert sheet.max_row == 3


def test_xlsx_keeps_formula_and_error_like_input_as_text():
    rows = [['=HYPERLINK("https://evil.example")', "#N/A", "-1", "a\x01b"]]

    sheet = read_xlsx(xlsx_bytes(["A", "B", "C", "D"], rows))

    cells = sheet[2]
    assert [cell.value for cell in cells] == ['=HYPERLINK("https://evil.example")', "#N/A", "-1", "ab"]
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "s"]
    assert cells[0].quotePrefix is True


def test_xlsx_column_widths_follow_the_content_within_bounds():
    sheet = read_xlsx(xlsx_bytes(["Name", "Notiz"], [["Al", "x" * 200]]))

    assert sheet.column_dimensions["A"].width == 8
    assert sheet.column_dimensions["B"].width == 50
    assert column_widths(["Organisation"], [["Stadtwerke Stralsund"]]) == [22]


def test_xlsx_streams_a_long_list():
    rows = ([f"Person {n}", f"person{n}@example.org", n] for n in range(5000))

    sheet = read_xlsx(xlsx_bytes(["Name", "E-Mail", "Nr."], rows))

    assert sheet.max_row == 5001
    assert [cell.value for cell in sheet[5001]] == ["Person 4999", "person4999@example.org", 4999]


def test_sheet_title_is_one_excel_accepts():
    assert sheet_title("Teilnehmende: Tag 1/2 [alle]") == "Teilnehmende  Tag 1 2  alle"
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("???") == "Export"
