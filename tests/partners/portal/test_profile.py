"""The public profile and logo over HTTP: members edit once approved; uploads are checked by content, re-encoded,
stored under random names and served as images; a member of one organization cannot see or change another's."""

import os
import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from core.extensions import db
from tests.factories import csrf_from, make_event, submit
from tests.partners.portal_helpers import add_member, login_in_english, make_organization, make_partner, make_track

PROFILE = {
    "description_de": "Glasfaser für das ganze Land.",
    "description_en": "Fibre for the whole state.",
    "website": "https://nordnetz.example/",
    "contact_name": "Kim Berg",
    "contact_email": "kim@nordnetz.example",
    "contact_phone": "0381 1",
}


def png(size=(400, 200), colour=(10, 80, 120)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def claimed_size(data: bytes, width: int, height: int) -> bytes:
    """A PNG whose header claims a huge picture (a decompression bomb, without building one here)."""
    header = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + header + struct.pack(">I", zlib.crc32(header)) + data[33:]


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (1600, 1200), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    exif[0x9286] = "GPS: 54.09 N, 12.14 E"  # a user comment that must not reach the public
    out = BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(client, organization, data: bytes, filename: str, *, follow_redirects=True):
    page = f"/partner/organizations/{organization.id}/profile"
    return submit(client, f"/partner/organizations/{organization.id}/logo",
                  {"logo": (BytesIO(data), filename)}, form_url=page, follow_redirects=follow_redirects)  # fmt: skip


@pytest.fixture
def approved(client, app_ctx):
    """Anna's approved organization, Anna logged in (in English)."""
    event = make_event()
    anna = make_partner()
    organization = make_organization(event, anna, state="approved")
    login_in_english(client, anna.email)
    return organization


def test_a_member_edits_the_public_profile(client, app_ctx, approved):
    track = make_track(approved.event)
    ben = make_partner("ben@firma.example", "Ben Krause")
    add_member(approved, ben)
    login_in_english(client, ben.email)
    url = f"/partner/organizations/{approved.id}/profile"

    response = submit(client, url, PROFILE | {"topic_ids": track.id})

    assert response.status_code == 302
    db.session.refresh(approved)
    assert (approved.description_de, approved.description_en, approved.website) == (
        "Glasfaser für das ganze Land.",
        "Fibre for the whole state.",
        "https://nordnetz.example/",
    )
    assert approved.topic_ids == [track.id] and approved.contact_phone == "0381 1"


def test_the_profile_refuses_script_links_and_foreign_topics(client, app_ctx, approved):
    other_event = make_event("andere")
    foreign_track = make_track(other_event, "Fremd")
    url = f"/partner/organizations/{approved.id}/profile"

    script = submit(client, url, PROFILE | {"website": "javascript:alert(document.cookie)"})
    foreign = submit(client, url, PROFILE | {"topic_ids": foreign_track.id})

    assert script.status_code == foreign.status_code == 200
    assert "starting with http:// or https://" in script.text
    assert "is not a valid choice" in foreign.text
    db.session.refresh(approved)
    assert approved.website == "" and approved.topic_ids == []


def test_the_profile_text_waits_for_approval_but_the_logo_may_come_with_the_registration(client, app_ctx):
    event = make_event()
    anna = make_partner()
    organization = make_organization(event, anna)
    login_in_english(client, anna.email)
    url = f"/partner/organizations/{organization.id}/profile"

    page = client.get(url)
    posted = client.post(url, data={"csrf_token": csrf_from(page.text), **PROFILE})
    logo = upload(client, organization, png(), "logo.png")

    assert "can be edited once the organization is approved" in page.text
    assert posted.status_code == 200 and "can be edited once the organization is approved" in posted.text
    assert "The logo is saved." in logo.text
    db.session.refresh(organization)
    assert organization.logo.endswith(".png") and organization.website == ""


def test_a_logo_is_reencoded_without_metadata_and_served_as_an_image(client, app_ctx, approved):
    response = upload(client, approved, jpeg_with_exif(), "foto.jpeg")

    db.session.refresh(approved)
    served = client.get(f"/uploads/{approved.logo}")
    image = Image.open(BytesIO(served.data))
    stored = os.listdir(os.path.join(client.application.instance_path, "uploads"))

    assert "The logo is saved." in response.text
    assert approved.logo.endswith(".jpg") and len(approved.logo) == 36 and "foto" not in approved.logo
    assert stored == [approved.logo]
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers.getlist("X-Content-Type-Options") == ["nosniff"]
    assert served.headers.getlist("Content-Security-Policy") == ["default-src 'none'"]  # its own, not the pages'
    assert image.format == "JPEG" and max(image.size) == 800
    assert dict(image.getexif()) == {} and b"GPS" not in served.data and b"Kamera" not in served.data


def test_a_new_logo_replaces_the_old_file(client, app_ctx, approved):
    upload(client, approved, png(), "eins.png")
    db.session.refresh(approved)
    first = approved.logo

    upload(client, approved, png(colour=(0, 0, 0)), "zwei.png")
    db.session.refresh(approved)

    assert approved.logo != first and approved.logo.endswith(".png")
    assert os.listdir(os.path.join(client.application.instance_path, "uploads")) == [approved.logo]
    assert client.get(f"/uploads/{first}").status_code == 404


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n", "logo.png", "PNG or JPEG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg", "PNG or JPEG"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "logo.png", "PNG or JPEG"),
        (png()[:60], "abgeschnitten.png", "PNG or JPEG"),
        (claimed_size(png(), 30000, 30000), "bombe.png", "too many pixels"),
    ],
    ids=["pdf-renamed-png", "svg", "gif", "truncated-png", "decompression-bomb"],
)
def test_bad_uploads_are_refused_with_a_clear_message(client, app_ctx, approved, data, filename, message):
    response = upload(client, approved, data, filename)

    assert response.status_code == 200 and message in response.text
    assert 'class="flash flash-error"' in response.text
    db.session.refresh(approved)
    assert approved.logo == ""
    assert not os.path.exists(os.path.join(client.application.instance_path, "uploads")) or not os.listdir(
        os.path.join(client.application.instance_path, "uploads")
    )


def noise_png(side: int) -> bytes:
    """A PNG that does not compress: random pixels, about 3 × side² bytes."""
    out = BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG", compress_level=0)
    return out.getvalue()


def test_a_20_mb_image_is_refused_on_the_profile_page_not_with_a_bare_error(client, app_ctx, approved):
    big = noise_png(2600)
    token = csrf_from(client.get(f"/partner/organizations/{approved.id}/profile").text)
    # Encoded in memory: the test client would spool a body this large to a temporary file it never closes.
    boundary, body = encode_multipart({"csrf_token": token, "logo": FileStorage(BytesIO(big), "riesig.png")})

    response = client.post(f"/partner/organizations/{approved.id}/logo", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip
    page = client.get(response.headers["Location"])

    assert len(big) > 20_000_000
    assert response.status_code == 303
    assert page.status_code == 200 and "The file is too large: at most 2 MB." in page.text
    db.session.refresh(approved)
    assert approved.logo == ""


def test_an_image_over_2_mb_is_refused(client, app_ctx, approved):
    response = upload(client, approved, noise_png(1000), "gross.png")

    assert "The file is too large: at most 2 MB." in response.text
    db.session.refresh(approved)
    assert approved.logo == ""


@pytest.mark.parametrize("name", ["../secret_key", "secret_key", "0" * 32 + ".svg", "A" * 32 + ".png", "x.png"])
def test_only_stored_names_are_served(client, app_ctx, name):
    assert client.get(f"/uploads/{name}").status_code == 404


def test_a_member_of_one_organization_cannot_see_or_change_another(app, client, app_ctx):
    event = make_event()
    anna, bea = make_partner(), make_partner("bea@andere.example", "Bea Lange")
    mine = make_organization(event, anna, "Nordnetz GmbH", state="approved")
    theirs = make_organization(event, bea, "Hafenwerk eG", state="approved")
    login_in_english(client, anna.email)
    token = client.get(f"/partner/organizations/{mine.id}").text

    pages = [client.get(f"/partner/organizations/{theirs.id}{suffix}").status_code for suffix in ("", "/profile")]
    posted = client.post(
        f"/partner/organizations/{theirs.id}/profile",
        data={"csrf_token": token.split('name="csrf_token" value="')[1].split('"')[0], **PROFILE},
    )
    dashboard = client.get("/partner")

    assert pages == [404, 404] and posted.status_code == 404
    assert "Nordnetz GmbH" in dashboard.text and "Hafenwerk eG" not in dashboard.text
    db.session.refresh(theirs)
    assert theirs.website == ""


def test_uploading_without_a_file_asks_for_one(client, app_ctx, approved):
    page = f"/partner/organizations/{approved.id}/profile"

    response = submit(client, f"/partner/organizations/{approved.id}/logo", {}, form_url=page, follow_redirects=True)

    assert "Please choose a file." in response.text


def test_an_approved_organization_page_leads_to_booth_staff_and_contributions(client, app_ctx, approved):
    page = client.get(f"/partner/organizations/{approved.id}").text

    for path in ("staff", "contributions"):
        target = f"/partner/organizations/{approved.id}/{path}"
        assert f'href="{target}"' in page
        assert client.get(target).status_code == 200


def test_before_approval_the_organization_page_offers_no_staff_or_contributions(client, app_ctx):
    event = make_event()
    anna = make_partner()
    organization = make_organization(event, anna)
    login_in_english(client, anna.email)

    page = client.get(f"/partner/organizations/{organization.id}").text

    assert "/staff" not in page and "/contributions" not in page


def jpeg_with_comment_and_profile() -> bytes:
    out = BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(
        out, "JPEG", comment=b"Aufgenommen bei Familie Kamera", icc_profile=SRGB_PROFILE
    )
    return out.getvalue()


def png_with_profile_and_text() -> bytes:
    info = PngInfo()
    info.add_text("Author", "Kamera Privat")
    info.add_itxt("Comment", "Adresse: Geheimweg 1")
    out = BytesIO()
    Image.new("RGBA", (300, 200), (0, 90, 40, 200)).save(out, "PNG", pnginfo=info, icc_profile=SRGB_PROFILE)
    return out.getvalue()


SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize(
    ("data", "filename"),
    [(jpeg_with_comment_and_profile(), "foto.jpg"), (png_with_profile_and_text(), "logo.png")],
    ids=["jpeg-comment-and-icc", "png-text-and-icc"],
)
def test_a_logo_keeps_no_comment_text_chunk_or_colour_profile(client, app_ctx, approved, data, filename):
    original = Image.open(BytesIO(data))
    assert original.info.get("icc_profile")  # the test image really carries the metadata

    upload(client, approved, data, filename)
    db.session.refresh(approved)
    served = client.get(f"/uploads/{approved.logo}").data
    image = Image.open(BytesIO(served))

    leftovers = {key for key in image.info if key not in ("dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density")}
    assert leftovers <= {"progressive", "progression"}, leftovers
    assert b"Kamera" not in served and b"Geheimweg" not in served and b"iCCP" not in served
