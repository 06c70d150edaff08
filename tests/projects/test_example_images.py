import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects.models import MAX_IMAGE_BYTES, PracticeExample, PracticeExampleImage, validate_image
from tests.admin_forms import admin_url, change_form_data


def picture(width=1600, height=900, image_format="JPEG", content_type="image/jpeg", name="foto.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def test_it_accepts_jpeg_png_and_webp():
    validate_image(picture())
    validate_image(picture(image_format="PNG", content_type="image/png", name="a.png"))
    validate_image(picture(image_format="WEBP", content_type="image/webp", name="a.webp"))


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("foto.jpg", b"<?php echo 'kein Bild'; ?>", content_type="image/jpeg"),
        picture(image_format="GIF", content_type="image/gif", name="a.gif"),
        picture(content_type="image/png"),
    ],
    ids=["not-an-image", "gif", "wrong-declared-type"],
)
def test_it_refuses_files_that_are_not_allowed_images(upload):
    with pytest.raises(ValidationError):
        validate_image(upload)


def test_it_refuses_images_over_the_size_limit():
    upload = picture()
    upload.size = MAX_IMAGE_BYTES + 1
    with pytest.raises(ValidationError, match="zu groß"):
        validate_image(upload)


def test_it_requires_alt_text(make_example):
    image = PracticeExampleImage(example=make_example(), image="x.jpg", credit="Foto: Test")
    with pytest.raises(ValidationError) as error:
        image.full_clean(exclude=["image"])
    assert "alt_text" in error.value.message_dict


def test_an_uploaded_image_gets_responsive_renditions(make_staff, client_for, make_example, client):
    reviewer = client_for(make_staff("freigabe", "Freigabe"))
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(reviewer.get(url))
    data.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-0-image": picture(),
            "images-0-alt_text": "Menschen sitzen an einem langen Tisch im Nachbarschaftscafé.",
            "images-0-credit": "Foto: Testträger",
            "images-0-position": "0",
        }
    )
    response = reviewer.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors

    image = example.images.get()
    with Image.open(image.rendition_small) as small, Image.open(image.rendition_large) as large:
        assert (small.format, small.width) == ("WEBP", 480)
        assert (large.format, large.width) == ("WEBP", 960)
    content = client.get(example.get_absolute_url()).content.decode()
    assert 'alt="Menschen sitzen an einem langen Tisch im Nachbarschaftscafé."' in content
    assert "480w" in content and "960w" in content


def test_an_image_without_alt_text_is_refused_in_the_admin(make_staff, client_for, make_example):
    editor = client_for(make_staff("redaktion", "Redaktion"))
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(editor.get(url))
    data.update({"images-TOTAL_FORMS": "1", "images-0-image": picture(), "images-0-credit": "Foto: X"})
    assert editor.post(url, data).status_code == 200
    assert not example.images.exists()


@pytest.mark.parametrize(("width", "height"), [(13000, 13000), (8000, 6000)], ids=["169-megapixels", "48-megapixels"])
def test_it_refuses_images_with_too_many_pixels_before_decoding_them(width, height):
    buffer = io.BytesIO()
    # One bit per pixel keeps the test's own memory small; the PNG of a plain area is a few kilobytes.
    Image.new("1", (width, height)).save(buffer, "PNG")
    upload = SimpleUploadedFile("riesig.png", buffer.getvalue(), content_type="image/png")
    assert upload.size < MAX_IMAGE_BYTES

    with pytest.raises(ValidationError) as refused:
        validate_image(upload)

    assert refused.value.code == "too_many_pixels"
    assert "höchstens 40 Megapixel" in refused.value.message


def test_it_accepts_a_photo_just_under_the_pixel_limit():
    validate_image(picture(width=7000, height=5700))


def test_the_change_form_shows_each_photo_small_with_its_alt_text(reviewer, make_example):
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(reviewer.get(url))
    data.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-0-image": picture(),
            "images-0-alt_text": "Zwei Frauen lachen auf einer Bank vor dem Dorfladen.",
            "images-0-credit": "Foto: Testträger",
            "images-0-position": "0",
        }
    )
    assert reviewer.post(url, data).status_code == 302
    image = example.images.get()

    content = reviewer.get(url).content.decode()

    assert (
        f'<img src="{image.rendition_small.url}" alt="Zwei Frauen lachen auf einer Bank vor dem Dorfladen." '
        'class="wk-image-preview">'
    ) in content
    assert ".wk-image-preview" in (settings.BASE_DIR / "static/css/admin.css").read_text()
