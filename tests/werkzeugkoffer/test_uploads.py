import datetime
import re
from pathlib import Path
from unittest import mock

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image

from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data
from tests.projects.test_example_images import picture
from werkzeugkoffer import settings as production_settings
from werkzeugkoffer.backoffice import uploads

KEPT_NOTE = "Ausgewählte Datei: dorfladen.jpg (wird beim Speichern übernommen)"


def photo_form(upload=None, alt_text="Zwei Frauen lachen auf einer Bank vor dem Dorfladen."):
    data = {
        "images-TOTAL_FORMS": "1",
        "images-0-alt_text": alt_text,
        "images-0-credit": "Foto: Testträger",
        "images-0-position": "0",
    }
    if upload is not None:
        data["images-0-image"] = upload
    return data


def kept_token(response):
    return re.search(r'name="images-0-image-kept" value="([^"]+)"', response.content.decode()).group(1)


def test_a_photo_chosen_in_a_form_with_an_error_elsewhere_is_kept_for_the_next_submit(reviewer, make_example):
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(reviewer.get(url))
    upload = picture(name="dorfladen.jpg")

    refused = reviewer.post(url, data | photo_form(upload) | {"title": ""})

    assert refused.status_code == 200
    assert KEPT_NOTE in refused.content.decode()
    assert not example.images.exists()
    saved = reviewer.post(url, data | photo_form() | {"images-0-image-kept": kept_token(refused)})

    assert saved.status_code == 302, saved.context["inline_admin_formsets"][0].formset.errors
    image = example.images.get()
    assert image.image.name.startswith("praxisbeispiele/dorfladen")
    upload.seek(0)
    assert image.image.read() == upload.read()
    with Image.open(image.rendition_small) as small:
        assert small.width == 480


def test_a_photo_kept_after_an_error_in_its_own_form_survives_a_second_error(reviewer, make_example):
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(reviewer.get(url))

    first = reviewer.post(url, data | photo_form(picture(name="dorfladen.jpg"), alt_text=""))
    second = reviewer.post(url, data | photo_form(alt_text="") | {"images-0-image-kept": kept_token(first)})

    assert second.status_code == 200
    assert KEPT_NOTE in second.content.decode()
    assert kept_token(second) == kept_token(first)
    saved = reviewer.post(url, data | photo_form() | {"images-0-image-kept": kept_token(second)})
    assert saved.status_code == 302
    assert example.images.get().alt_text == "Zwei Frauen lachen auf einer Bank vor dem Dorfladen."


def test_a_newly_chosen_file_replaces_the_kept_one(reviewer, make_example):
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(reviewer.get(url))
    refused = reviewer.post(url, data | photo_form(picture(name="dorfladen.jpg"), alt_text=""))

    other = picture(width=800, height=600, name="markt.jpg")
    saved = reviewer.post(url, data | photo_form(other) | {"images-0-image-kept": kept_token(refused)})

    assert saved.status_code == 302
    assert example.images.get().image.name.startswith("praxisbeispiele/markt")


def test_a_token_the_portal_did_not_sign_names_no_file(editor, make_example):
    example = make_example()
    kept_storage = storages["kept_uploads"]
    stored = kept_storage.save("fremd.jpg", ContentFile(picture().read()))
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(editor.get(url))
    forged = [
        signing.dumps({"file": stored, "name": "fremd.jpg"}, salt="another purpose"),
        signing.dumps({"file": stored, "name": "fremd.jpg"}, salt=uploads.SALT)[:-2] + "xx",
        "../../werkzeugkoffer/settings.py",
    ]

    for token in forged:
        response = editor.post(url, data | photo_form() | {"images-0-image-kept": token})
        assert response.status_code == 200
        assert "Ausgewählte Datei" not in response.content.decode()
    assert not example.images.exists()


def test_kept_files_are_not_public_media_and_go_after_a_day(editor, make_example):
    example = make_example()
    url = admin_url(PracticeExample, "change", example.pk)
    refused = editor.post(
        url, change_form_data(editor.get(url)) | photo_form(picture(name="dorfladen.jpg"), alt_text="")
    )
    stored = signing.loads(kept_token(refused), salt=uploads.SALT)["file"]
    kept_storage = storages["kept_uploads"]
    assert kept_storage.exists(stored)
    assert not storages["default"].exists(stored)
    location = Path(production_settings.STORAGES["kept_uploads"]["OPTIONS"]["location"])
    assert not location.is_relative_to(production_settings.MEDIA_ROOT)

    a_day_later = kept_storage.get_modified_time(stored) + datetime.timedelta(days=1, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=a_day_later):
        uploads.delete_expired(kept_storage)

    assert not kept_storage.exists(stored)
