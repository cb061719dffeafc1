"""Browsers ask for /favicon.ico on every site, whatever the page links."""

from io import BytesIO

from PIL import Image


def test_favicon_ico_is_an_icon_cached_for_a_week(client, app_ctx):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.cache_control.max_age == 7 * 24 * 3600 and response.cache_control.public
    icon = Image.open(BytesIO(response.data))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]


def test_pages_link_the_svg_icon_which_is_served(client, app_ctx):
    page = client.get("/impressum")

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.text
    assert client.get("/static/favicon.svg").mimetype == "image/svg+xml"
