"""Uploaded files (core/uploads.py): the server names them, keeps only their pixels, and serves them as images."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from passculture.core.uploads import ImageRules, UploadPath, reencoded_image
from passculture.offers.models import Offer
from tests.html import unescaped as text
from tests.pro.helpers import details_data, details_url

SCRIPT = b"<script>alert(document.cookie)</script>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def polyglot_png(name="polyglot.html") -> SimpleUploadedFile:
    """A valid PNG whose text chunk holds a script: rendered as HTML, the script would run."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"<html><body>{SCRIPT.decode()}</body></html>")
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "navy").save(buffer, format="PNG", pnginfo=info)
    assert SCRIPT in buffer.getvalue()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="text/html")


def jpeg_with_exif() -> SimpleUploadedFile:
    image = Image.new("RGB", (800, 600), "orange")
    exif = image.getexif()
    exif[0x010E] = "Pris chez Camille, 12 rue de la Paix"  # ImageDescription
    exif[0x0112] = 1  # Orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=SCRIPT)
    return SimpleUploadedFile("photo.JPEG", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.django_db
def test_a_polyglot_png_named_html_is_stored_as_a_clean_png_and_served_as_an_image(pro_client, venue):
    data = details_data(image_credit="Photo : A. Martin")
    data["image"] = polyglot_png()
    response = pro_client.post(details_url(venue, "CONCERT"), data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.image.name.startswith("offers/") and offer.image.name.endswith(".png")
    assert "polyglot" not in offer.image.name and ".html" not in offer.image.name
    with offer.image.open("rb") as stored:
        content = stored.read()
    assert b"<script" not in content and b"Comment" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "PNG" and image.size == (800, 600)

    served = pro_client.get(offer.image.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == content


@pytest.mark.django_db
def test_a_jpeg_loses_its_metadata():
    cleaned = reencoded_image(jpeg_with_exif())
    content = cleaned.read()
    assert cleaned.name.endswith(".jpg") and len(cleaned.name) == len("0" * 32 + ".jpg")
    assert b"Camille" not in content and b"<script" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_decompression_bomb_is_refused_before_its_pixels_are_decoded():
    buffer = io.BytesIO()
    Image.new("1", (8_000, 6_000)).save(buffer, format="PNG")  # 48 million pixels in a few kilobytes
    bomb = SimpleUploadedFile("bombe.png", buffer.getvalue(), content_type="image/png")
    assert bomb.size < 100_000
    with pytest.raises(ValidationError) as refused:
        reencoded_image(bomb, ImageRules(max_pixels=40_000_000))
    assert refused.value.messages == [
        "L'image compte trop de pixels (8000 × 6000) : réduisez-la à 40 millions de pixels au plus."
    ]


@pytest.mark.django_db
def test_the_wizard_says_an_image_has_too_many_pixels(pro_client, venue):
    buffer = io.BytesIO()
    Image.new("1", (9_000, 9_000)).save(buffer, format="PNG")
    data = details_data(image_credit="Photo : A. Martin")
    data["image"] = SimpleUploadedFile("affiche.png", buffer.getvalue(), content_type="image/png")
    response = pro_client.post(details_url(venue, "CONCERT"), data)
    assert response.status_code == 200
    assert "L'image compte trop de pixels (9000 × 9000)" in text(response)
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("client_name", "extension"),
    [("affiche.png", ".png"), ("PHOTO.JPG", ".jpg"), ("polyglot.html", ".bin"), ("../../etc/passwd", ".bin")],
)
def test_the_server_chooses_the_stored_name(client_name, extension):
    stored = UploadPath("offers")(None, client_name)
    folder, year, month, name = stored.split("/")
    assert folder == "offers" and year.isdigit() and month.isdigit()
    assert name.endswith(extension) and len(name) == 32 + len(extension)


@pytest.mark.django_db
def test_a_stored_file_that_is_not_an_image_is_served_as_a_download(client, settings):
    # A file stored before uploads were re-encoded, under the name its sender chose.
    folder = settings.MEDIA_ROOT / "offers" / "2026" / "01"
    folder.mkdir(parents=True)
    (folder / "polyglot.html").write_bytes(b"<html>" + SCRIPT)
    response = client.get("/media/offers/2026/01/polyglot.html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_media_outside_the_media_folder_are_not_served(client, settings, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    for url in ["/media/../secret.txt", "/media/%2e%2e/secret.txt"]:
        response = client.get(url)
        assert response.status_code in {400, 404}, url
        assert b"secret" not in response.content
