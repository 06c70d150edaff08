from django.core.files.storage import default_storage
from django.urls import reverse

from projects.models import PracticeExample
from tests.admin_forms import admin_url, change_form_data
from tests.projects.test_example_images import picture
from werkzeugkoffer.backoffice.history import describe_changes

CAFE = "Menschen sitzen an einem langen Tisch im Nachbarschaftscafé."
GARDEN = "Kinder und ältere Menschen gießen gemeinsam Tomaten im Hofgarten."


def latest_version(entry):
    return entry.history.order_by("-history_date", "-history_id").first()


def save(client, example, changes=None, new_images=()):
    """Save the example's change form as shown, with changes and new photos (lists of alt text and file)."""
    url = admin_url(PracticeExample, "change", example.pk)
    data = change_form_data(client.get(url))
    data.update(changes or {})
    shown = int(data["images-TOTAL_FORMS"])
    for index, (alt_text, upload) in enumerate(new_images, shown):
        data.update(
            {
                f"images-{index}-image": upload,
                f"images-{index}-alt_text": alt_text,
                f"images-{index}-credit": "Foto: Testträger",
                f"images-{index}-position": str(index),
            }
        )
    data["images-TOTAL_FORMS"] = str(shown + len(new_images))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    return latest_version(example)


def revert(client, example, version):
    url = reverse("admin:projects_practiceexample_simple_history", args=[example.pk, version.history_id])
    page = client.get(url)
    response = client.post(url, change_form_data(page))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return page.content.decode()


def test_a_version_records_the_photos_saved_with_it_in_the_same_save(reviewer, make_example):
    example = make_example()
    rows_before = example.history.count()

    version = save(
        reviewer, example, new_images=[(CAFE, picture(name="cafe.jpg")), (GARDEN, picture(name="garten.jpg"))]
    )

    assert example.history.count() == rows_before + 1
    first, second = example.images.all()
    assert [image["alt_text"] for image in version.images] == [CAFE, GARDEN]
    assert version.images[0] == {
        "id": first.pk,
        "position": 0,
        "image": first.image.name,
        "rendition_small": first.rendition_small.name,
        "rendition_large": first.rendition_large.name,
        "alt_text": CAFE,
        "caption": "",
        "credit": "Foto: Testträger",
    }
    assert version.images[1]["id"] == second.pk


def test_a_removed_photo_is_listed_and_reverting_brings_it_back_with_its_texts(reviewer, make_example):
    example = make_example()
    with_photos = save(reviewer, example, new_images=[(CAFE, picture(name="cafe.jpg")), (GARDEN, picture())])
    cafe = example.images.get(alt_text=CAFE)

    removed = save(reviewer, example, {"images-0-DELETE": "on"})

    assert [image.alt_text for image in example.images.all()] == [GARDEN]
    assert default_storage.exists(cafe.image.name), "the file of a removed photo stays for the history"
    assert ("Foto 1 entfernt", CAFE, "leer") in describe_changes(with_photos, removed)
    history = reviewer.get(admin_url(PracticeExample, "history", example.pk)).content.decode()
    assert f"<strong>Foto 1 entfernt:</strong> {CAFE} → leer</li>" in history

    page = revert(reviewer, example, with_photos)

    assert "erhält der Eintrag die Fotos dieser Fassung zurück" in page
    restored = example.images.get(alt_text=CAFE)
    assert (restored.pk, restored.image.name, restored.credit) == (cafe.pk, cafe.image.name, "Foto: Testträger")
    assert restored.rendition_small.name == cafe.rendition_small.name
    assert [image.alt_text for image in example.images.all()] == [CAFE, GARDEN]
    reverted = latest_version(example)
    assert reverted.history_user.username == "freigabe"
    assert reverted.version == removed.version + 1
    assert describe_changes(with_photos, reverted) == []
    assert ("Foto 1 hinzugefügt", "leer", CAFE) in describe_changes(removed, reverted)


def test_changed_texts_and_order_are_listed_in_german(reviewer, make_example):
    example = make_example()
    before = save(reviewer, example, new_images=[(CAFE, picture()), (GARDEN, picture())])

    after = save(
        reviewer,
        example,
        {
            "images-0-alt_text": "Das Nachbarschaftscafé am Markt.",
            "images-0-caption": "Jeden Mittwoch ab 15 Uhr",
            "images-0-position": "5",
        },
    )

    assert describe_changes(before, after) == [
        ("Alternativtext von Foto 2", CAFE, "Das Nachbarschaftscafé am Markt."),
        ("Bildunterschrift von Foto 2", "leer", "Jeden Mittwoch ab 15 Uhr"),
        (
            "Reihenfolge der Fotos",
            "Menschen sitzen an einem langen Tisch…; Kinder und ältere Menschen gießen gemeinsam…",
            "Kinder und ältere Menschen gießen gemeinsam…; Das Nachbarschaftscafé am Markt.",
        ),
    ]


def test_a_replaced_file_is_listed_and_reverting_restores_the_file_texts_and_order(reviewer, make_example):
    example = make_example()
    before = save(reviewer, example, new_images=[(CAFE, picture(name="cafe.jpg")), (GARDEN, picture())])
    cafe = example.images.get(alt_text=CAFE)

    changes = {"images-0-image": picture(name="cafe-neu.jpg"), "images-0-credit": "Foto: Stadt Mainz"}
    after = save(reviewer, example, changes | {"images-0-position": "3"})

    changes = describe_changes(before, after)
    old_file, new_file = (
        name.rsplit("/", 1)[1] for name in (cafe.image.name, example.images.get(pk=cafe.pk).image.name)
    )
    assert new_file.startswith("cafe-neu")
    assert ("Foto 2 ersetzt", old_file, new_file) in changes
    assert ("Bildnachweis von Foto 2", "Foto: Testträger", "Foto: Stadt Mainz") in changes
    assert changes[-1][0] == "Reihenfolge der Fotos"

    revert(reviewer, example, before)

    assert [image.alt_text for image in example.images.all()] == [CAFE, GARDEN]
    restored = example.images.get(alt_text=CAFE)
    assert (restored.image.name, restored.credit) == (cafe.image.name, "Foto: Testträger")
    assert (restored.rendition_small.name, restored.rendition_large.name) == (
        cafe.rendition_small.name,
        cafe.rendition_large.name,
    )
    assert describe_changes(before, latest_version(example)) == []


def test_reverting_to_a_version_without_photos_removes_the_later_ones_but_keeps_their_files(reviewer, make_example):
    example = make_example()
    without = save(reviewer, example)
    save(reviewer, example, new_images=[(CAFE, picture())])
    name = example.images.get().image.name

    page = revert(reviewer, example, without)

    assert "Diese Fassung hatte keine Fotos" in page
    assert not example.images.exists()
    assert latest_version(example).images == []
    assert default_storage.exists(name)


def test_a_photo_whose_file_is_gone_is_named_instead_of_restored(reviewer, make_example):
    example = make_example()
    with_photo = save(reviewer, example, new_images=[(CAFE, picture())])
    name = example.images.get().image.name
    save(reviewer, example, {"images-0-DELETE": "on"})
    default_storage.delete(name)

    url = reverse("admin:projects_practiceexample_simple_history", args=[example.pk, with_photo.history_id])
    response = reviewer.post(url, change_form_data(reviewer.get(url)), follow=True)

    assert (
        f"Diese Fotos ließen sich nicht wiederherstellen, weil ihre Datei fehlt: „{CAFE}“" in response.content.decode()
    )
    assert not example.images.exists()


def test_versions_saved_before_photos_were_recorded_say_so_and_leave_the_photos(reviewer, make_example):
    example = make_example()
    old = save(reviewer, example, {"title": "Alter Titel"})
    example.history.filter(pk=old.pk).update(images=None)
    old.refresh_from_db()
    newer = save(reviewer, example, {"title": "Neuer Titel"}, new_images=[(CAFE, picture())])

    # Not „Foto hinzugefügt“: the old version does not say which photos it had.
    assert describe_changes(old, newer) == [("Titel", "Alter Titel", "Neuer Titel")]
    page = revert(reviewer, example, old)

    assert "bevor Fotos mit aufgezeichnet wurden" in page
    example.refresh_from_db()
    assert example.title == "Alter Titel"
    assert [image.alt_text for image in example.images.all()] == [CAFE]
