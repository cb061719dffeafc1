"""The dashboard in Chromium: every chart is there, each chart's numbers equal its table's, and the page keeps the
strict Content-Security-Policy (charts styled by classes only)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_content_security_policy import COLLECT
from tests.cockpit.dashboard.world import dashboard_world
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

# Per chart: "series,row" → number, read from the drawn marks (checked against the axis scale) and from the table.
READ_CHARTS = """() => {
  const charts = {};
  for (const svg of document.querySelectorAll("svg.dash-chart")) {
    const kind = svg.classList.contains("dash-hbars") ? "width" : "height";
    const scale = Number(svg.dataset.scale), base = Number(svg.dataset.base);
    const numbers = {};
    for (const mark of svg.querySelectorAll("[data-value]")) {
      const value = Number(mark.dataset.value);
      const drawn = mark.tagName === "circle" ? base - Number(mark.getAttribute("cy")) : mark.getBBox()[kind];
      if (Math.abs(drawn - value * scale) > 0.05) throw new Error(`${svg.dataset.chart}: ${drawn} is not ${value}`);
      numbers[`${mark.dataset.series},${mark.dataset.index}`] = value;
    }
    charts[svg.dataset.chart] = numbers;
  }
  return charts;
}"""
READ_TABLES = """() => {
  const tables = {};
  for (const table of document.querySelectorAll("table[data-chart]")) {
    const numbers = {};
    table.querySelectorAll("tbody tr").forEach((tr, row) => {
      if (!tr.querySelector("th")) return;
      tr.querySelectorAll("td").forEach((td, column) => { numbers[`${column},${row}`] = Number(td.textContent); });
    });
    tables[table.dataset.chart] = numbers;
  }
  return tables;
}"""


def test_the_dashboards_charts_show_their_tables_numbers_under_the_policy(app, live_server, browser):
    with app.app_context():
        event_id = dashboard_world()["event"].id
        make_user("orga@example.org", roles=("admin",))
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})  # a phone
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-Mail").fill("orga@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()

    page.goto(f"{live_server}/manage/events/{event_id}/dashboard")
    page.wait_for_load_state("networkidle")

    charts = page.get_by_role("img")
    expect(charts.first).to_be_visible()
    expect(page.get_by_role("img", name="Gebuchte Tickets im Zeitverlauf")).to_be_visible()
    drawn, written = page.evaluate(READ_CHARTS), page.evaluate(READ_TABLES)
    assert charts.count() == len(drawn) >= 10
    assert drawn == {key: numbers for key, numbers in written.items() if key in drawn}
    assert sum(drawn["bookings"].values()) > 0 and drawn["seats"]["0,0"] == 5
    # A table opens from its summary, and its numbers are the chart's.
    page.locator("#figure-seats summary").click()
    expect(page.locator("table[data-chart=seats]")).to_be_visible()
    assert page.evaluate("window.__violations") == []
    widest = "Math.max(...[...document.querySelectorAll('svg.dash-chart')].map(s => s.getBoundingClientRect().right))"
    assert page.evaluate(widest) <= 390  # every chart fits the phone's width
    context.close()
