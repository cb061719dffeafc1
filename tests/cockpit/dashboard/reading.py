"""Reading a rendered dashboard back: each chart's numbers from its SVG marks (checked against their geometry) and
each table's numbers, so a test can say that what is drawn is what is written."""

import re

from lxml import etree
from lxml import html as lxml_html

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
NS = {"svg": "http://www.w3.org/2000/svg"}


def drawn_length(mark, kind: str, base: float) -> float:
    """The length a mark gives its number: a bar's height or width, a point's height above the zero line."""
    if mark.tag.endswith("circle"):
        return base - float(mark.get("cy"))
    return float(mark.get("width" if kind == "hbars" else "height"))


def chart_numbers(page: str) -> dict[str, dict[tuple[int, int], int]]:
    """Per chart: (series, row) → the number of each mark; fails when a mark's size does not match its number."""
    charts = {}
    for source in SVG.findall(page):
        svg = etree.fromstring(source)
        kind = svg.get("class").split("dash-")[-1]
        scale, base = float(svg.get("data-scale")), float(svg.get("data-base"))
        numbers = {}
        for mark in svg.iterfind(".//*[@data-value]"):
            value = int(mark.get("data-value"))
            assert abs(drawn_length(mark, kind, base) - value * scale) < 0.02, (svg.get("data-chart"), value)
            assert mark.find("svg:title", NS).text.endswith(f": {value}")
            numbers[(int(mark.get("data-series")), int(mark.get("data-index")))] = value
        charts[svg.get("data-chart")] = numbers
    return charts


def table_numbers(page: str) -> dict[str, dict[tuple[int, int], int]]:
    """Per table of a chart: (column, row) → the number in that cell (the first column names the row)."""
    tables = {}
    for table in lxml_html.fromstring(page).iterfind(".//table[@data-chart]"):
        rows = table.findall("./tbody/tr")
        tables[table.get("data-chart")] = {
            (column, row): int(cell.text_content())
            for row, tr in enumerate(rows)
            for column, cell in enumerate(tr.findall("td"))
            if len(tr.findall("th")) == 1
        }
    return tables
