from tests.browser.test_scanner import *  # noqa
from tests.browser.test_scanner import door, launch  # noqa


def test_shots(app, live_server, door, launch):
    erika = door["tickets"]["Erika Mustermann"]
    context = launch(erika["secret"])
    page = open_scanner(context, live_server, door)
    page.set_viewport_size({"width": 420, "height": 900})
    wait_until_offline_ready(page)
    page.screenshot(path="/tmp/shot-idle.png", full_page=True)
    page.locator("#camera-toggle").click()
    expect(answer(page, "ok")).to_contain_text("Erika", timeout=20000)
    page.screenshot(path="/tmp/shot-ok.png")
    expect(answer(page, "ok")).to_have_count(0)
    page.locator("#search").fill("stadtwerke")
    expect(page.locator("#search-results li")).to_have_count(2)
    page.screenshot(path="/tmp/shot-search.png", full_page=True)
    page.locator("#search-results li").first.get_by_role("button").click()
    expect(answer(page, "already")).to_have_count(1)
    page.screenshot(path="/tmp/shot-already.png")
    page.keyboard.press("Escape")
    context.set_offline(True)
    page.locator("#code").fill("XYZ")
    page.locator("#code").press("Enter")
    expect(answer(page, "unknown")).to_have_count(1)
    page.screenshot(path="/tmp/shot-unknown.png")
    page.keyboard.press("Escape")
    page.locator("#search").fill("stadt")
    expect(page.locator("#search-results li")).to_have_count(2)
    page.screenshot(path="/tmp/shot-offline.png", full_page=True)
